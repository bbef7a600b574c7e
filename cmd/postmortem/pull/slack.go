package pull

import "encoding/json"

// Slack's status page publishes /api/v2.0.0/current: {"status",
// "active_incidents": [...]} with each incident's notes. Fixture:
// testdata/pull/slack.

type slackProvider struct{}

func (slackProvider) probe() string { return "api/v2.0.0/current" }

func (slackProvider) recognise(body []byte) collector {
	var d struct {
		Status *string            `json:"status"`
		Active *[]json.RawMessage `json:"active_incidents"`
	}
	if json.Unmarshal(body, &d) != nil || d.Status == nil || d.Active == nil {
		return nil
	}
	return single{"Slack"}
}
