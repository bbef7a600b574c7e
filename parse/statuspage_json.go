package parse

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"regexp"
	"strings"
	"time"

	"github.com/postmortem-dev/postmortem/parse/incident"
)

// statuspageJSON reads the Atlassian Statuspage public API v2 (FORMATS.md
// §5): incidents.json, summary.json, scheduled-maintenances.json,
// status.json, incidents/<id>.json and a bare incident object. It also reads
// incident.io's Statuspage-compatible summary (§6): that document has the
// same shape with fewer keys (no time_zone, started_at, resolved_at,
// shortlink or components), so it is detected and read by the same code and
// the missing keys simply stay empty.
type statuspageJSON struct{}

func init() { Register(statuspageJSON{}) }

var _ Reader = statuspageJSON{}

func (statuspageJSON) Name() string { return "statuspage-json" }
func (statuspageJSON) Kind() Kind   { return KindJSON }

func (statuspageJSON) Markers() string {
	return `top-level "page" object with a "name" beside "incidents", "incident", "scheduled_maintenances", "status" or "components"; or a bare incident object with "incident_updates"`
}

func (statuspageJSON) Description() string {
	return "Statuspage API v2 JSON (/api/v2/incidents.json, summary.json, incidents/<id>.json) and incident.io's Statuspage-compatible summary"
}

// spSiblings are the top-level keys that go with "page" in API v2 documents.
var spSiblings = map[string]bool{"incidents": true, "incident": true, "scheduled_maintenances": true, "status": true, "components": true}

// Detect scans the top-level keys, stopping as soon as it has decided.
func (statuspageJSON) Detect(in *Input) Confidence {
	var page, sibling, updates, id, name bool
	jsonKeys(in.Data, func(key string, val []byte) bool {
		switch {
		case key == "page":
			page = jsonKeys(val, func(k string, _ []byte) bool { return k == "name" })
		case spSiblings[key]:
			sibling = true
		case key == "incident_updates":
			updates = true
		case key == "id":
			id = true
		case key == "name":
			name = true
		}
		return page && sibling
	})
	if page && sibling || updates && id && name {
		return Strong
	}
	return No
}

// spPage is the "page" object.
type spPage struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	URL      string `json:"url"`
	TimeZone string `json:"time_zone"`
}

// spIncident is an incident or a scheduled maintenance.
type spIncident struct {
	ID                    string     `json:"id"`
	Name                  string     `json:"name"`
	Status                string     `json:"status"`
	Impact                string     `json:"impact"`
	CreatedAt             string     `json:"created_at"`
	StartedAt             string     `json:"started_at"`
	ResolvedAt            string     `json:"resolved_at"`
	ScheduledFor          string     `json:"scheduled_for"`
	Shortlink             string     `json:"shortlink"`
	Updates               []spUpdate `json:"incident_updates"`
	Components            []spName   `json:"components"`
	PostmortemBody        string     `json:"postmortem_body"`
	PostmortemPublishedAt string     `json:"postmortem_published_at"`
}

type spUpdate struct {
	Status     string   `json:"status"`
	Body       string   `json:"body"`
	CreatedAt  string   `json:"created_at"`
	DisplayAt  string   `json:"display_at"`
	Components []spName `json:"affected_components"`
}

type spName struct {
	Name string `json:"name"`
}

// spDoc is the union of every API v2 document shape.
type spDoc struct {
	Page         *spPage      `json:"page"`
	Incidents    []spIncident `json:"incidents"`
	Incident     *spIncident  `json:"incident"`
	Maintenances []spIncident `json:"scheduled_maintenances"`
	// Updates is set when the document is a bare incident object.
	Updates json.RawMessage `json:"incident_updates"`
}

// Parse reads every incident and scheduled maintenance of the document. The
// page's status.indicator is derived from component states, not from any
// incident, and is ignored.
func (statuspageJSON) Parse(in *Input) ([]incident.Incident, error) {
	var doc spDoc
	errs, err := decodeJSON(in, &doc)
	if err != nil {
		return nil, err
	}
	var bare *spIncident
	if doc.Page == nil && doc.Updates != nil {
		bare = &spIncident{}
		if err := json.Unmarshal(in.Data, bare); err != nil {
			errs = append(errs, jsonErr(in, err))
		}
	}
	type item struct {
		field string
		inc   *spIncident
		maint bool
	}
	var items []item
	for i := range doc.Incidents {
		items = append(items, item{fmt.Sprintf("incidents[%d]", i), &doc.Incidents[i], false})
	}
	for i := range doc.Maintenances {
		items = append(items, item{fmt.Sprintf("scheduled_maintenances[%d]", i), &doc.Maintenances[i], true})
	}
	if doc.Incident != nil {
		items = append(items, item{"incident", doc.Incident, false})
	}
	if bare != nil {
		items = append(items, item{"", bare, false})
	}
	page := spPage{}
	if doc.Page != nil {
		page = *doc.Page
	}
	var incs []incident.Incident
	for _, it := range items {
		inc, err := spBuild(in, page, it.field, it.inc, it.maint)
		incs = append(incs, inc)
		errs = append(errs, err)
	}
	if len(incs) == 0 {
		return nil, errors.Join(append(errs, fmt.Errorf("%w: page %q: the document lists no incident or scheduled maintenance", ErrNoIncidents, page.Name))...)
	}
	return incs, errors.Join(errs...)
}

// spBuild maps one incident (or maintenance, when maint) of page. field is
// its JSON path for error messages ("" for a bare incident).
func spBuild(in *Input, page spPage, field string, si *spIncident, maint bool) (incident.Incident, error) {
	var errs []error
	at := func(name, raw string) time.Time {
		t, err := rfc3339(raw)
		if err != nil {
			errs = append(errs, fieldErr(in, 0, joinField(field, name), err))
		}
		return t
	}
	inc := incident.Incident{
		ID:     si.ID,
		Vendor: strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(page.Name), " Status")),
		Title:  strings.TrimSpace(si.Name),
		URL:    spURL(page, si),
		Impact: incident.ParseImpact(si.Impact),
		Zone:   page.TimeZone,
	}
	if maint {
		inc.Impact = incident.ImpactMaintenance
	}
	if st := incident.ParseStatus(si.Status); st != incident.StatusUnknown {
		inc.Status = st
	}
	for j, u := range si.Updates {
		name, raw := fmt.Sprintf("incident_updates[%d].display_at", j), u.DisplayAt
		if raw == "" {
			name, raw = fmt.Sprintf("incident_updates[%d].created_at", j), u.CreatedAt
		}
		inc.Updates = append(inc.Updates, incident.Update{
			Status: incident.ParseStatus(u.Status),
			At:     at(name, raw),
			Body:   htmlBody(u.Body),
		})
	}
	repeatedAsUpdate(inc.Updates)
	inc.Components = spComponents(si)
	spPageFields(&inc, si, maint, at)
	if strings.TrimSpace(si.PostmortemBody) != "" {
		inc.Postmortem = &incident.Postmortem{Text: htmlBody(si.PostmortemBody), At: at("postmortem_published_at", si.PostmortemPublishedAt)}
	}
	return inc, errors.Join(errs...)
}

// repeatedAsUpdate relabels, as the status page and its feeds show them,
// API updates that only repeat the status already in force: the API gives
// each update the incident's status at the time ("investigating" again),
// the page labels such a post "Update". updates are newest first, as the
// API lists them; a status change keeps its label.
func repeatedAsUpdate(updates []incident.Update) {
	var inForce incident.Status
	for i := len(updates) - 1; i >= 0; i-- {
		st := updates[i].Status
		if st == inForce && st != incident.StatusUnknown {
			updates[i].Status = incident.StatusUpdate
		}
		inForce = st
	}
}

// spPageFields sets Page.Started and Page.Resolved. The start is started_at,
// except:
//   - when started_at is later than created_at (a retroactive incident posted
//     after the fact: created_at, resolved_at and the update's display_at are
//     the backdated time, started_at is the posting time), the start is
//     created_at, the earlier time the page itself displays, and a
//     "started_after_created" warning keeps both values visible. Taking
//     started_at would put the start after the resolve; the real impact
//     window, when stated, is in the body prose, which outranks any page
//     field for impact_start (METRICS.md §1);
//   - without started_at (incident.io) the start is created_at;
//   - a maintenance starts at scheduled_for once it is under way (its
//     started_at is only when it was announced), and has no start while
//     still "scheduled".
func spPageFields(inc *incident.Incident, si *spIncident, maint bool, at func(name, raw string) time.Time) {
	stamp := func(name, raw string) incident.Stamp {
		if raw == "" {
			return incident.Stamp{}
		}
		return incident.Stamp{At: at(name, raw), Evidence: name + ": " + raw}
	}
	inc.Page.Resolved = stamp("resolved_at", si.ResolvedAt)
	created := stamp("created_at", si.CreatedAt)
	started := stamp("started_at", si.StartedAt)
	switch {
	case maint && si.ScheduledFor != "":
		if inc.Status != incident.StatusScheduled {
			inc.Page.Started = stamp("scheduled_for", si.ScheduledFor)
		}
	case started.IsZero():
		inc.Page.Started = created
	case !created.IsZero() && started.At.After(created.At):
		inc.Page.Started = created
		inc.Warn("started_after_created", fmt.Sprintf("started_at %s is later than created_at %s (incident posted retroactively); the page start is created_at", si.StartedAt, si.CreatedAt))
	default:
		inc.Page.Started = started
	}
}

// spURL is the incident's page URL: <page url>/incidents/<id>, the address
// the shortlink redirects to, else the shortlink (a bare incident has no
// page).
func spURL(page spPage, si *spIncident) string {
	if page.URL != "" && si.ID != "" {
		return strings.TrimRight(page.URL, "/") + "/incidents/" + si.ID
	}
	return si.Shortlink
}

// spComponents lists components[].name, or when the incident lists none,
// the affected_components of its updates, oldest update first.
func spComponents(si *spIncident) []string {
	var out []string
	seen := map[string]bool{}
	add := func(cs []spName) {
		for _, c := range cs {
			if n := strings.TrimSpace(c.Name); n != "" && !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	add(si.Components)
	if len(out) == 0 {
		for j := len(si.Updates) - 1; j >= 0; j-- { // updates are newest first
			add(si.Updates[j].Components)
		}
	}
	return out
}

// htmlTag matches the HTML tags seen in update bodies; Markdown autolinks
// ("<https://…>") and comparisons ("< 1%") do not match.
var htmlTag = regexp.MustCompile(`(?i)<(/?)(br|p|div|ul|ol|li|h[1-6]|strong|b|em|i|u|a|span|code|pre|blockquote|table|tr|td|th|thead|tbody|hr|img|small|sup|sub)\b[^<>]*>`)

// blankLines matches runs of blank lines.
var blankLines = regexp.MustCompile(`\n[ \t]*(\n[ \t]*)+\n`)

// htmlBody turns an update body into plain text: CRLF becomes LF, <br />
// and block tags become line breaks, other tags are dropped and entities
// decoded. A body without HTML tags (plain text, Markdown) is kept as is.
func htmlBody(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	if !htmlTag.MatchString(s) {
		return strings.TrimSpace(s)
	}
	s = htmlTag.ReplaceAllStringFunc(s, func(tag string) string {
		m := htmlTag.FindStringSubmatch(tag)
		switch name := strings.ToLower(m[2]); name {
		case "br", "p", "div", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "table", "tr", "hr":
			return "\n"
		}
		return ""
	})
	s = html.UnescapeString(s)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t\u00a0")
	}
	s = blankLines.ReplaceAllString(strings.Join(lines, "\n"), "\n\n")
	return strings.TrimSpace(s)
}

// rfc3339 parses an API timestamp; it must carry its offset. An empty or
// null value is the zero time without error.
func rfc3339(raw string) (time.Time, error) {
	if raw == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, raw)
	if err != nil {
		return time.Time{}, fmt.Errorf("timestamp %q is not RFC 3339 with an offset", raw)
	}
	return t.UTC(), nil
}

// joinField appends a JSON path element to a field path.
func joinField(field, name string) string {
	if field == "" {
		return name
	}
	return field + "." + name
}

// jsonKeys calls fn with each key of the JSON object at the start of data
// (after white space) and the raw bytes of its value, until fn returns true;
// it reports whether fn did. It only balances brackets and quotes (keys are
// compared as written, escapes and all), which makes it fast enough for
// detection on large documents: fn can stop at the first keys it needs.
func jsonKeys(data []byte, fn func(key string, val []byte) bool) bool {
	i := jsonSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return false
	}
	for i++; ; i++ {
		i = jsonSpace(data, i)
		n := jsonSkip(data[i:])
		if n < 2 || data[i] != '"' {
			return false
		}
		key := string(data[i+1 : i+n-1])
		i = jsonSpace(data, i+n)
		if i >= len(data) || data[i] != ':' {
			return false
		}
		i = jsonSpace(data, i+1)
		v := jsonSkip(data[i:])
		if v <= 0 {
			return false
		}
		if fn(key, data[i:i+v]) {
			return true
		}
		i = jsonSpace(data, i+v)
		if i >= len(data) || data[i] != ',' {
			return false
		}
	}
}

// jsonFirst returns the raw bytes of the first element of the JSON array at
// the start of data, or nil.
func jsonFirst(data []byte) []byte {
	i := jsonSpace(data, 0)
	if i >= len(data) || data[i] != '[' {
		return nil
	}
	i = jsonSpace(data, i+1)
	if n := jsonSkip(data[i:]); n > 0 {
		return data[i : i+n]
	}
	return nil
}

// jsonSkip returns the length of the JSON value that starts at data[0], or
// -1 when it is cut short or does not start a value.
func jsonSkip(data []byte) int {
	if len(data) == 0 {
		return -1
	}
	switch data[0] {
	case '"':
		for i := 1; i < len(data); i++ {
			switch data[i] {
			case '\\':
				i++
			case '"':
				return i + 1
			}
		}
		return -1
	case '{', '[':
	case ',', ':', '}', ']':
		return -1
	default: // number, true, false, null
		n := 0
		for n < len(data) && !strings.ContainsRune(",:]} \t\r\n", rune(data[n])) {
			n++
		}
		return n
	}
	depth := 0
	for i := 0; i < len(data); i++ {
		switch data[i] {
		case '"':
			n := jsonSkip(data[i:])
			if n < 0 {
				return -1
			}
			i += n - 1
		case '{', '[':
			depth++
		case '}', ']':
			if depth--; depth == 0 {
				return i + 1
			}
		}
	}
	return -1
}

// jsonSpace returns the index of the first non-space byte of data at or
// after i.
func jsonSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n') {
		i++
	}
	return i
}

// decodeJSON unmarshals the document into v. A syntax error is fatal; a
// value of the wrong type in one field is a per-field error, returned in
// errs, and the rest of the document is still read.
func decodeJSON(in *Input, v any) (errs []error, err error) {
	if err := json.Unmarshal(in.Data, v); err != nil {
		if !isTypeErr(err) {
			return nil, jsonErr(in, err)
		}
		return []error{jsonErr(in, err)}, nil
	}
	return nil, nil
}

func isTypeErr(err error) bool {
	var te *json.UnmarshalTypeError
	return errors.As(err, &te)
}

// jsonErr positions a decoding error: the line of the offending byte and,
// for a type mismatch, the JSON field.
func jsonErr(in *Input, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fieldErr(in, lineAt(in.Data, se.Offset), "", err)
	case errors.As(err, &te):
		return fieldErr(in, lineAt(in.Data, te.Offset), te.Field, fmt.Errorf("JSON %s where %s was expected", te.Value, te.Type))
	}
	return fieldErr(in, 0, "", err)
}

// lineAt is the 1-based line of byte offset off in data.
func lineAt(data []byte, off int64) int {
	off = min(max(off, 0), int64(len(data)))
	return bytes.Count(data[:off], []byte("\n")) + 1
}
