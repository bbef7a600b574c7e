package pull

import (
	"context"
	"encoding/json"
)

// Google Cloud's status page publishes /incidents.json: a JSON array of
// every incident with its updates (external_desc, begin, updates...).
// The one document holds everything. Fixture: testdata/pull/gcp.

type gcpProvider struct{}

func (gcpProvider) probe() string { return "incidents.json" }

func (gcpProvider) recognise(body []byte) collector {
	var list []map[string]json.RawMessage
	if json.Unmarshal(body, &list) != nil || len(list) == 0 {
		return nil
	}
	_, desc := list[0]["external_desc"]
	_, begin := list[0]["begin"]
	if !desc && !begin {
		return nil
	}
	return single{"Google Cloud"}
}

// single is a page whose probe document is all it publishes.
type single struct{ label string }

func (s single) name() string { return s.label }

func (single) collect(context.Context, *job, *doc) {}
