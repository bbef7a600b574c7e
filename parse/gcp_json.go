package parse

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/postmortem-dev/postmortem/parse/incident"
)

// gcpJSON reads Google Cloud's status incidents.json (FORMATS.md §7): a
// top-level array of incidents, newest first, in two schemas. The current
// one has per-update statuses (SERVICE_INFORMATION, SERVICE_DISRUPTION,
// SERVICE_OUTAGE, AVAILABLE) and status_impact; the old one (2020) has
// "most-recent-update", an integer number and no update status.
type gcpJSON struct{}

func init() { Register(gcpJSON{}) }

var _ Reader = gcpJSON{}

func (gcpJSON) Name() string { return "gcp-json" }
func (gcpJSON) Kind() Kind   { return KindJSON }

func (gcpJSON) Markers() string {
	return `top-level array whose first object has "external_desc" and "begin"`
}

func (gcpJSON) Description() string {
	return "Google Cloud status incidents.json (https://status.cloud.google.com/incidents.json), current and 2020 schemas"
}

// Detect reads the keys of the first array element only.
func (gcpJSON) Detect(in *Input) Confidence {
	var desc, begin bool
	jsonKeys(jsonFirst(in.Data), func(key string, _ []byte) bool {
		desc = desc || key == "external_desc"
		begin = begin || key == "begin"
		return desc && begin
	})
	if desc && begin {
		return Strong
	}
	return No
}

type gcpIncident struct {
	ID       string      `json:"id"`
	Number   flexString  `json:"number"` // a string of digits, an integer in the old schema
	Begin    string      `json:"begin"`
	End      string      `json:"end"`
	Desc     string      `json:"external_desc"`
	Updates  []gcpUpdate `json:"updates"`
	Impact   string      `json:"status_impact"`
	Severity string      `json:"severity"`
	Service  string      `json:"service_name"`
	Products []struct {
		Title string `json:"title"`
	} `json:"affected_products"`
	URI string `json:"uri"`
}

type gcpUpdate struct {
	Created string `json:"created"`
	When    string `json:"when"`
	Text    string `json:"text"`
	Status  string `json:"status"`
}

// gcpImpact maps GCP's three levels onto Statuspage's scale, from
// status_impact or, in the old schema that lacks it, from severity (the two
// always agree in the current schema: high = SERVICE_OUTAGE, medium =
// SERVICE_DISRUPTION, low = SERVICE_INFORMATION):
//
//	SERVICE_OUTAGE      / high   → major
//	SERVICE_DISRUPTION  / medium → minor
//	SERVICE_INFORMATION / low    → none
//
// critical is never used: GCP has no level above "outage", which it sets for
// single-product regional outages as well as wide ones.
func gcpImpact(statusImpact, severity string) incident.Impact {
	level := strings.ToUpper(statusImpact)
	if level == "" {
		level = map[string]string{"high": "SERVICE_OUTAGE", "medium": "SERVICE_DISRUPTION", "low": "SERVICE_INFORMATION"}[strings.ToLower(severity)]
	}
	switch level {
	case "SERVICE_OUTAGE":
		return incident.ImpactMajor
	case "SERVICE_DISRUPTION":
		return incident.ImpactMinor
	case "SERVICE_INFORMATION":
		return incident.ImpactNone
	}
	return incident.ImpactUnknown
}

// Parse reads every incident of the array.
func (gcpJSON) Parse(in *Input) ([]incident.Incident, error) {
	var list []gcpIncident
	errs, err := decodeJSON(in, &list)
	if err != nil {
		return nil, err
	}
	var incs []incident.Incident
	for i := range list {
		inc, err := gcpBuild(in, fmt.Sprintf("[%d]", i), &list[i])
		incs = append(incs, inc)
		errs = append(errs, err)
	}
	if len(incs) == 0 {
		return nil, errors.Join(append(errs, fmt.Errorf("%w: the incident array is empty", ErrNoIncidents))...)
	}
	return incs, errors.Join(errs...)
}

// gcpBuild maps one incident; field is its JSON path for error messages.
// Zone stays empty: every JSON time carries an offset, and the update texts
// name their own zone ("US/Pacific") for the prose reader.
func gcpBuild(in *Input, field string, g *gcpIncident) (incident.Incident, error) {
	var errs []error
	at := func(name, raw string) time.Time {
		t, err := rfc3339(raw)
		if err != nil {
			errs = append(errs, fieldErr(in, 0, field+"."+name, err))
		}
		return t
	}
	inc := incident.Incident{
		ID:     g.ID,
		Vendor: "Google Cloud",
		Title:  strings.TrimSpace(g.Desc),
		Impact: gcpImpact(g.Impact, g.Severity),
	}
	if inc.ID == "" {
		inc.ID = string(g.Number)
	}
	if g.URI != "" {
		inc.URL = "https://status.cloud.google.com/" + strings.TrimLeft(g.URI, "/")
	}
	for _, p := range g.Products {
		if t := strings.TrimSpace(p.Title); t != "" {
			inc.Components = append(inc.Components, t)
		}
	}
	if len(inc.Components) == 0 && strings.TrimSpace(g.Service) != "" {
		inc.Components = []string{strings.TrimSpace(g.Service)}
	}
	if g.Begin != "" {
		inc.Page.Started = incident.Stamp{At: at("begin", g.Begin), Evidence: "begin: " + g.Begin}
	}
	if g.End != "" {
		inc.Page.Resolved = incident.Stamp{At: at("end", g.End), Evidence: "end: " + g.End}
		inc.Status = incident.StatusResolved
	}
	ups := make([]gcpTimed, len(g.Updates))
	for j, u := range g.Updates {
		name, raw := fmt.Sprintf("updates[%d].when", j), u.When
		if raw == "" {
			name, raw = fmt.Sprintf("updates[%d].created", j), u.Created
		}
		body := strings.TrimSpace(strings.ReplaceAll(u.Text, "\r\n", "\n"))
		ups[j] = gcpTimed{incident.Update{At: at(name, raw), Body: body}, strings.ToUpper(u.Status)}
	}
	sort.SliceStable(ups, func(a, b int) bool { return ups[a].At.Before(ups[b].At) })
	gcpStatuses(&inc, ups, inc.Page.Resolved.At)
	return inc, errors.Join(errs...)
}

// gcpTimed is an update with GCP's own status label.
type gcpTimed struct {
	incident.Update
	raw string
}

// gcpStatuses sets the updates of inc from ups (oldest first), choosing
// their statuses; GCP statuses describe the service, not the investigation:
//   - an incident report ("# Incident Report", "Mini Incident Report",
//     "ISSUE SUMMARY", or any Markdown heading posted after the end) is a
//     postmortem; the newest one becomes inc.Postmortem;
//   - current schema: AVAILABLE is resolved when it follows a non-AVAILABLE
//     update (or comes first), and a later AVAILABLE follow-up is an update,
//     so the resolve time is not moved to a note posted days later; every
//     other status is an update;
//   - old schema (no statuses): the newest non-report update of an incident
//     with an end is resolved, the others are updates.
func gcpStatuses(inc *incident.Incident, ups []gcpTimed, end time.Time) {
	prev, last, labelled := "", -1, false
	for _, u := range ups {
		labelled = labelled || u.raw != ""
		switch {
		case gcpIsReport(u.Body, u.At, end):
			u.Status = incident.StatusPostmortem
			inc.Postmortem = &incident.Postmortem{At: u.At, Text: u.Body}
		case u.raw == "AVAILABLE" && prev != "AVAILABLE":
			u.Status = incident.StatusResolved
		default:
			u.Status = incident.StatusUpdate
			last = len(inc.Updates)
		}
		prev = u.raw
		inc.Updates = append(inc.Updates, u.Update)
	}
	if last >= 0 && !end.IsZero() && !labelled {
		inc.Updates[last].Status = incident.StatusResolved
	}
}

// gcpReport matches the first line of an incident report once Markdown
// marks and backslash escapes are removed.
var gcpReport = regexp.MustCompile(`(?i)^((mini|preliminary|updated|full) )?incident[- ]report\b|^issue summary\b`)

// gcpIsReport reports whether an update body is an incident report: its
// first line names one, or it opens with a Markdown heading and was posted
// after the incident's end.
func gcpIsReport(body string, at, end time.Time) bool {
	first, _, _ := strings.Cut(body, "\n")
	first = strings.TrimSpace(first)
	norm := strings.TrimSpace(strings.TrimLeft(first, "#*\\ "))
	if gcpReport.MatchString(norm) {
		return true
	}
	return strings.HasPrefix(first, "#") && !end.IsZero() && at.After(end)
}
