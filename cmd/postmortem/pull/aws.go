package pull

import "encoding/json"

// The AWS Service Health Dashboard publishes /data.json: {"archive":
// [...], "current": [...]}, every event of the last year with its
// updates. Fixture: testdata/pull/aws.

type awsProvider struct{}

func (awsProvider) probe() string { return "data.json" }

func (awsProvider) recognise(body []byte) collector {
	var d struct {
		Archive *[]json.RawMessage `json:"archive"`
		Current *[]json.RawMessage `json:"current"`
	}
	if json.Unmarshal(body, &d) != nil || d.Archive == nil || d.Current == nil {
		return nil
	}
	return single{"AWS"}
}
