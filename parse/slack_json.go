package parse

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/postmortem-dev/postmortem/parse/incident"
)

// slackJSON reads Slack's status API v2.0.0 /api/v2.0.0/current (FORMATS.md
// §9): {"status","date_created","date_updated","active_incidents":[…]},
// each item with notes newest first and no per-note status.
type slackJSON struct{}

func init() { Register(slackJSON{}) }

var _ Reader = slackJSON{}

func (slackJSON) Name() string { return "slack-json" }
func (slackJSON) Kind() Kind   { return KindJSON }

func (slackJSON) Markers() string {
	return `top-level object with "active_incidents" and "date_created"`
}

func (slackJSON) Description() string {
	return "Slack status API v2.0.0 (https://status.slack.com/api/v2.0.0/current); \"ok\" means no incident"
}

// Detect scans the top-level keys.
func (slackJSON) Detect(in *Input) Confidence {
	var active, created bool
	jsonKeys(in.Data, func(key string, _ []byte) bool {
		active = active || key == "active_incidents"
		created = created || key == "date_created"
		return active && created
	})
	if active && created {
		return Strong
	}
	return No
}

type slackDoc struct {
	Status    string          `json:"status"`
	Incidents []slackIncident `json:"active_incidents"`
}

type slackIncident struct {
	ID       json.Number `json:"id"`
	Created  string      `json:"date_created"`
	Title    string      `json:"title"`
	Type     string      `json:"type"`
	Status   string      `json:"status"`
	URL      string      `json:"url"`
	Services []string    `json:"services"`
	Notes    []struct {
		Created string `json:"date_created"`
		Body    string `json:"body"`
	} `json:"notes"`
}

// slackImpact maps the item type, Slack's only severity signal: an outage
// is major, an incident minor, a notice none (not observed; Slack documents
// it for announcements).
func slackImpact(typ string) incident.Impact {
	switch strings.ToLower(strings.TrimSpace(typ)) {
	case "outage":
		return incident.ImpactMajor
	case "incident":
		return incident.ImpactMinor
	case "notice":
		return incident.ImpactNone
	}
	return incident.ImpactUnknown
}

// Parse reads every active incident. Notes carry no status: each is an
// update, except that the newest note of an item whose status is resolved
// (or completed) is the resolve post. Zone stays empty: every time carries
// its (Pacific) offset.
func (slackJSON) Parse(in *Input) ([]incident.Incident, error) {
	var doc slackDoc
	errs, err := decodeJSON(in, &doc)
	if err != nil {
		return nil, err
	}
	var incs []incident.Incident
	for i, si := range doc.Incidents {
		field := fmt.Sprintf("active_incidents[%d]", i)
		inc := incident.Incident{
			ID:         si.ID.String(),
			Vendor:     "Slack",
			Title:      strings.TrimSpace(si.Title),
			URL:        si.URL,
			Impact:     slackImpact(si.Type),
			Components: si.Services,
		}
		if t, err := rfc3339(si.Created); err != nil {
			errs = append(errs, fieldErr(in, 0, field+".date_created", err))
		} else if !t.IsZero() {
			inc.Page.Started = incident.Stamp{At: t, Evidence: "date_created: " + si.Created}
		}
		done := incident.ParseStatus(si.Status) == incident.StatusResolved || incident.ParseStatus(si.Status) == incident.StatusCompleted
		for j, n := range si.Notes {
			t, err := rfc3339(n.Created)
			if err != nil {
				errs = append(errs, fieldErr(in, 0, field+".notes["+strconv.Itoa(j)+"].date_created", err))
			}
			st := incident.StatusUpdate
			if done && j == 0 { // notes are newest first
				st = incident.StatusResolved
			}
			inc.Updates = append(inc.Updates, incident.Update{Status: st, At: t, Body: htmlBody(n.Body)})
		}
		incs = append(incs, inc)
	}
	if len(incs) == 0 {
		return nil, errors.Join(append(errs, fmt.Errorf("%w: status %q with no active incident", ErrNoIncidents, doc.Status))...)
	}
	return incs, errors.Join(errs...)
}
