package parse

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	nethtml "golang.org/x/net/html"

	"github.com/postmortem-dev/postmortem/parse/incident"
	"github.com/postmortem-dev/postmortem/parse/incident/when"
)

// awsJSON reads the (legacy) AWS Service Health Dashboard data.json
// (FORMATS.md §8): {"archive":[…],"current":[…]}, one event per service
// and region, each with an HTML description holding one timestamped update
// per <div>, oldest first, whose times have no date.
type awsJSON struct{}

func init() { Register(awsJSON{}) }

var _ Reader = awsJSON{}

func (awsJSON) Name() string { return "aws-json" }
func (awsJSON) Kind() Kind   { return KindJSON }

func (awsJSON) Markers() string {
	return `top-level "archive" and "current" arrays whose events have "service_name" and "summary"`
}

func (awsJSON) Description() string {
	return "AWS Service Health Dashboard data.json (https://status.aws.amazon.com/data.json)"
}

// Detect scans the top-level keys and the keys of the first event only.
func (awsJSON) Detect(in *Input) Confidence {
	var archive, current, event, other bool
	jsonKeys(in.Data, func(key string, val []byte) bool {
		if key != "archive" && key != "current" {
			return false
		}
		if val[0] != '[' {
			return true // not an AWS event list
		}
		archive, current = archive || key == "archive", current || key == "current"
		first := jsonFirst(val)
		if first == nil {
			return false // an empty list: look at the other one
		}
		var name, summary bool
		jsonKeys(first, func(k string, _ []byte) bool {
			name, summary = name || k == "service_name", summary || k == "summary"
			return name && summary
		})
		event, other = name && summary, !(name && summary)
		return true
	})
	if event || archive && current && !other {
		return Strong
	}
	return No
}

// flexString decodes a JSON string as its value and any other JSON value
// as written: AWS writes "status" as "1" or 1, and "date" as a string of
// epoch seconds.
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*f = flexString(s)
		return nil
	}
	*f = flexString(b) // a number, or anything else as written
	return nil
}

type awsDoc struct {
	Archive []awsEvent `json:"archive"`
	Current []awsEvent `json:"current"`
}

type awsEvent struct {
	ServiceName string     `json:"service_name"`
	Service     string     `json:"service"`
	Summary     string     `json:"summary"`
	Date        flexString `json:"date"`
	Status      flexString `json:"status"`
	Description string     `json:"description"`
}

// Parse reads every event of "archive", then of "current".
func (awsJSON) Parse(in *Input) ([]incident.Incident, error) {
	var doc awsDoc
	errs, err := decodeJSON(in, &doc)
	if err != nil {
		return nil, err
	}
	var incs []incident.Incident
	for _, list := range []struct {
		name   string
		events []awsEvent
	}{{"archive", doc.Archive}, {"current", doc.Current}} {
		for i := range list.events {
			inc, err := awsBuild(in, fmt.Sprintf("%s[%d]", list.name, i), &list.events[i])
			incs = append(incs, inc)
			errs = append(errs, err)
		}
	}
	if len(incs) == 0 {
		return nil, errors.Join(append(errs, fmt.Errorf("%w: archive and current are empty", ErrNoIncidents))...)
	}
	return incs, errors.Join(errs...)
}

// awsImpact maps the event status, the dashboard's state of the service
// when the file was written: 3 (service disruption) → major, 2
// (performance issues) → minor. 0 (operating normally: set on many resolved
// events) and 1 (informational: also on the 2020-11-25 us-east-1 Kinesis
// outage) say nothing of the impact, which stays unknown.
func awsImpact(status string) incident.Impact {
	switch strings.TrimSpace(status) {
	case "3":
		return incident.ImpactMajor
	case "2":
		return incident.ImpactMinor
	}
	return incident.ImpactUnknown
}

// awsBuild maps one event. The title is the summary without its bracketed
// state prefix ("[RESOLVED] …"; bilingual summaries "[解決済み]… | [RESOLVED] …"
// have one per language). An update linking to a Post-Event Summary is a
// postmortem (and inc.Postmortem); RESOLVED makes the last other update the
// resolve post; every other update is an update. The event date is when the
// event was first posted, the same instant as the first update (to the
// second rather than the minute); it is no stated start, so it becomes
// Page.Started only when no update could be placed in time.
func awsBuild(in *Input, field string, ev *awsEvent) (incident.Incident, error) {
	title, resolved := awsSummary(ev.Summary)
	inc := incident.Incident{
		Vendor: "Amazon Web Services",
		Title:  title,
		Impact: awsImpact(string(ev.Status)),
	}
	if s := strings.TrimSpace(ev.ServiceName); s != "" {
		inc.Components = []string{s}
	}
	var errs []error
	var date time.Time
	if secs, err := strconv.ParseInt(strings.TrimSpace(string(ev.Date)), 10, 64); err != nil {
		errs = append(errs, fieldErr(in, 0, field+".date", fmt.Errorf("epoch seconds %q: %w", ev.Date, strconv.ErrSyntax)))
	} else {
		date = when.UnixSeconds(secs)
	}
	inc.ID = strings.TrimSpace(ev.Service)
	if ev.Date != "" {
		inc.ID += "-" + strings.TrimSpace(string(ev.Date))
	}
	entries := awsEntries(ev.Description)
	stamps := make([]string, len(entries))
	for j, e := range entries {
		stamps[j] = e.stamp
	}
	times, perr := awsPlace(stamps, date)
	last := -1 // the resolve post: the last update that is not a postmortem notice
	for j, e := range entries {
		if perr[j] != nil {
			errs = append(errs, fieldErr(in, 0, fmt.Sprintf("%s.description[%d]", field, j), perr[j]))
		}
		st := incident.StatusUpdate
		switch notice, only := awsPESNotice(e.body); {
		case only:
			st = incident.StatusPostmortem
			inc.Postmortem = &incident.Postmortem{At: times[j], Text: notice}
		case notice != "":
			// The link was appended to the resolve post by a later edit:
			// when the summary was published is unknown.
			inc.Postmortem = &incident.Postmortem{Text: notice}
			last = j
		default:
			last = j
		}
		inc.Updates = append(inc.Updates, incident.Update{Status: st, At: times[j], Body: e.body, Stamp: e.stamp})
		if tok := awsZoneToken(e.stamp); inc.Zone == "" && !times[j].IsZero() {
			inc.Zone = tok // the zone the placed stamps are written in
		}
	}
	if resolved && last >= 0 {
		inc.Updates[last].Status = incident.StatusResolved
	}
	if !date.IsZero() && !slices.ContainsFunc(inc.Updates, func(u incident.Update) bool { return !u.At.IsZero() }) {
		inc.Page.Started = incident.Stamp{At: date, Evidence: "date: " + string(ev.Date) + " (first posted; no update has a time)"}
	}
	return inc, errors.Join(errs...)
}

// awsPES matches a link to an AWS Post-Event Summary, the postmortem AWS
// announces in a last update ("We'd like to share more information about
// the service event … https://aws.amazon.com/message/12721/").
var awsPES = regexp.MustCompile(`https?://aws\.amazon\.com/message/[0-9A-Za-z]+`)

// awsPESNotice returns the paragraphs of body that link to a Post-Event
// Summary, and whether that is all the body says (an update of its own,
// rather than a link appended to the resolve post).
func awsPESNotice(body string) (notice string, only bool) {
	var with []string
	only = true
	for _, p := range strings.Split(body, "\n\n") {
		switch p = strings.TrimSpace(p); {
		case p == "":
		case awsPES.MatchString(p):
			with = append(with, p)
		default:
			only = false
		}
	}
	return strings.Join(with, "\n\n"), only && len(with) > 0
}

// awsPrefix matches a leading bracketed state ("[RESOLVED]").
var awsPrefix = regexp.MustCompile(`^\[([^\]]*)\]\s*`)

// awsSummary splits a summary into its title and whether it is resolved.
func awsSummary(s string) (title string, resolved bool) {
	parts := strings.Split(html.UnescapeString(s), " | ")
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if m := awsPrefix.FindStringSubmatch(p); m != nil {
			resolved = resolved || strings.EqualFold(strings.TrimSpace(m[1]), "resolved")
			p = strings.TrimSpace(p[len(m[0]):])
		}
		parts[i] = p
	}
	return strings.Join(parts, " | "), resolved
}

// awsEntry is one update of a description: the time as written and the
// text.
type awsEntry struct{ stamp, body string }

// awsEntries splits a description into its updates: each top-level <div>
// is one, its <span class="yellowfg"> the time, the rest the text (<br>
// becomes a line break, other tags are dropped). Text outside any <div>
// belongs to the entry before it (or a first entry without a time).
func awsEntries(desc string) []awsEntry {
	var out []awsEntry
	var body, stamp strings.Builder
	depth, inStamp := 0, 0
	flush := func() {
		b := strings.TrimSpace(strings.Trim(strings.TrimSpace(body.String()), "\u00a0"))
		s := strings.TrimSpace(strings.ReplaceAll(stamp.String(), "\u00a0", " "))
		if b != "" || s != "" {
			out = append(out, awsEntry{stamp: s, body: b})
		}
		body.Reset()
		stamp.Reset()
	}
	z := nethtml.NewTokenizer(strings.NewReader(desc))
	for {
		tt := z.Next()
		if tt == nethtml.ErrorToken {
			break
		}
		tok := z.Token()
		switch {
		case tt == nethtml.StartTagToken && tok.Data == "div":
			if depth == 0 {
				flush()
			}
			depth++
		case tt == nethtml.EndTagToken && tok.Data == "div":
			depth = max(depth-1, 0)
		case tt == nethtml.StartTagToken && tok.Data == "span" && (inStamp > 0 || awsIsStamp(tok)):
			inStamp++
		case tt == nethtml.EndTagToken && tok.Data == "span" && inStamp > 0:
			inStamp--
		case tok.Data == "br" && (tt == nethtml.StartTagToken || tt == nethtml.SelfClosingTagToken):
			body.WriteByte('\n')
		case tt == nethtml.TextToken && inStamp > 0:
			stamp.WriteString(tok.Data)
		case tt == nethtml.TextToken:
			body.WriteString(tok.Data)
		}
	}
	flush()
	return out
}

// awsIsStamp reports whether a <span> is the update time.
func awsIsStamp(tok nethtml.Token) bool {
	for _, a := range tok.Attr {
		if a.Key == "class" && strings.Contains(a.Val, "yellowfg") {
			return true
		}
	}
	return false
}

// awsDated matches a stamp that carries its own month and day ("Dec 22,
// 3:00 AM PST").
var awsDated = regexp.MustCompile(`^[A-Za-z]{3,9}\.? +\d{1,2}\b`)

// awsPlace dates the update times of one event, oldest first. A stamp
// without a date ("6:36 AM PST") takes its day from context, in its own
// zone: the first from the event date (the day that puts it nearest to the
// date, which is normally the first post itself and sometimes a start set a
// few hours earlier or later), each next one from the update before it,
// rolling over to the next day when it would be earlier than that update
// ("11:45 PM PDT" then "12:30 AM PDT"). A stamp with a month and day takes
// the year that places it at most ~10 months after the update before it.
// Times that cannot be placed stay zero, with an error each.
func awsPlace(stamps []string, date time.Time) ([]time.Time, []error) {
	times := make([]time.Time, len(stamps))
	errs := make([]error, len(stamps))
	prev := date
	first := true
	for j, s := range stamps {
		if s == "" {
			errs[j] = errors.New("update has no time")
			continue
		}
		if prev.IsZero() {
			errs[j] = fmt.Errorf("%q: no event date to place a time without a date", s)
			continue
		}
		t, err := awsPlaceOne(s, prev, first)
		if err != nil {
			errs[j] = fmt.Errorf("%q: %w", s, err)
			continue
		}
		times[j], prev, first = t, t, false
	}
	return times, errs
}

// awsPlaceOne places one stamp after prev (the event date when first).
func awsPlaceOne(s string, prev time.Time, first bool) (time.Time, error) {
	loc, _, err := when.LookupZone(awsZoneToken(s))
	if err != nil {
		return time.Time{}, err
	}
	if awsDated.MatchString(s) {
		r, err := when.Parse(s, when.Context{Ref: prev.AddDate(0, 10, 0)})
		return r.Time, err
	}
	parseOn := func(day time.Time) (time.Time, error) {
		r, err := when.Parse(s, when.Context{Date: day})
		return r.Time, err
	}
	day := prev.In(loc)
	t, err := parseOn(day)
	if err != nil {
		return t, err
	}
	switch {
	case first && t.Sub(prev) > 12*time.Hour:
		return parseOn(day.AddDate(0, 0, -1))
	case first && prev.Sub(t) > 12*time.Hour, !first && t.Before(prev):
		return parseOn(day.AddDate(0, 0, 1))
	}
	return t, nil
}

// awsZoneToken is the zone abbreviation that ends a stamp ("PST").
func awsZoneToken(stamp string) string {
	f := strings.Fields(stamp)
	if len(f) == 0 {
		return ""
	}
	return f[len(f)-1]
}
