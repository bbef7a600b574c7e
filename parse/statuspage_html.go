package parse

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/postmortem-dev/postmortem/parse/incident"
	"github.com/postmortem-dev/postmortem/parse/incident/when"
)

// statuspageHTML reads the HTML of one Atlassian Statuspage INCIDENT page
// (/incidents/<code>), also when saved by a browser as MHTML (unwrap takes
// the HTML part). Home/index pages and /history pages are other readers
// (statuspage-index-html, statuspage-history-html); this one claims only
// pages whose markup has the incident timeline container.
//
// Structure (shared/corpus/FORMATS.md §1): .incident-name with an
// impact-<x> class, "Incident Report for <a>Vendor</a>" in .subheader,
// .components-affected, then .update-row elements newest first, each with
// .update-title (the status label), .update-body and .update-timestamp.
// The timestamp's .ago span carries data-datetime-unix (epoch
// milliseconds), which is authoritative; the text after removing that span
// ("Dec 21, 2019 - 12:31 UTC") is kept as evidence and gives the page zone.
// A Postmortem row is both inc.Postmortem and an update.
type statuspageHTML struct{}

func init() { Register(statuspageHTML{}) }

var _ Reader = statuspageHTML{}

func (statuspageHTML) Name() string { return "statuspage-html" }
func (statuspageHTML) Kind() Kind   { return KindHTML }
func (statuspageHTML) Markers() string {
	return `an element with class "incident-updates-container", or "update-row" elements with an "incident-name" (Statuspage incident page)`
}

func (statuspageHTML) Description() string {
	return "Atlassian Statuspage incident page HTML or MHTML (testdata/parse/statuspage-html/digitalocean-incident-spaces-sgp1-saved-by-chrome.mhtml)"
}

// Detect looks for class attributes, not for the words: the CSS every
// Statuspage page inlines names all these classes too.
func (statuspageHTML) Detect(in *Input) Confidence {
	if in.HasClass("incident-updates-container") {
		return Strong
	}
	if in.HasClass("update-row") && in.HasClass("incident-name") {
		return Strong
	}
	return No
}

func (statuspageHTML) Parse(in *Input) ([]incident.Incident, error) {
	doc, err := in.goqueryDoc()
	if err != nil {
		return nil, fieldErr(in, 0, "", err)
	}
	rows := doc.FindMatcher(byClass("update-row"))
	name := findFirst(doc.Selection, byClass("incident-name"))
	if rows.Length() == 0 && name.Length() == 0 {
		return nil, fieldErr(in, 0, "", fmt.Errorf("no .incident-name and no .update-row: %w", ErrNoIncidents))
	}
	inc := incident.Incident{
		Title:  foldSpace(name.Text()),
		Impact: impactClass(name),
		Vendor: sphtmlVendor(doc),
	}
	inc.URL, inc.ID = sphtmlURL(in, doc)
	if comps, ok := affectedComponents(foldSpace(findFirst(doc.Selection, byClass("components-affected")).Text())); ok {
		inc.Components = comps
	}
	var errs []error
	rows.Each(func(i int, row *goquery.Selection) {
		u, ok, err := sphtmlUpdate(in, &inc, i, row)
		if err != nil {
			errs = append(errs, err)
		}
		if !ok {
			return
		}
		if u.Status == incident.StatusPostmortem && inc.Postmortem == nil {
			inc.Postmortem = &incident.Postmortem{At: u.At, Text: u.Body}
		}
		inc.Updates = append(inc.Updates, u)
	})
	if inc.Title == "" {
		errs = append(errs, fieldErr(in, 0, ".incident-name", errors.New("no incident title")))
	}
	return []incident.Incident{inc}, errors.Join(errs...)
}

// sphtmlUpdate reads one .update-row. A row without a timestamp (a page
// cut short) is dropped with an error.
func sphtmlUpdate(in *Input, inc *incident.Incident, i int, row *goquery.Selection) (incident.Update, bool, error) {
	field := fmt.Sprintf(".update-row[%d]", i)
	label := foldSpace(findFirst(row, byClass("update-title")).Text())
	u := incident.Update{Status: incident.ParseStatus(label), Body: blockText(findFirst(row, byClass("update-body")))}
	ts := findFirst(row, byClass("update-timestamp"))
	if ts.Length() == 0 {
		return u, false, fieldErr(in, 0, field+" .update-timestamp", fmt.Errorf("%q update has no timestamp (page cut short?); dropped", label))
	}
	ago := findFirst(ts, byAttr("data-datetime-unix"))
	unix, hasUnix := ago.Attr("data-datetime-unix")
	u.Stamp = strings.TrimPrefix(foldSpace(rawText(ts.Nodes[0], func(n *html.Node) bool { return hasClassToken(n, "ago") })), "Posted ")
	var errs []error
	if u.Status == incident.StatusUnknown {
		errs = append(errs, fieldErr(in, 0, field+" .update-title", fmt.Errorf("unknown status label %q", label)))
	}
	if ms, perr := strconv.ParseInt(strings.TrimSpace(unix), 10, 64); hasUnix && perr == nil && plausibleTime(when.UnixMillis(ms)) {
		u.At = when.UnixMillis(ms).UTC()
		// The epoch is authoritative; the text is evidence and names the page zone.
		if r, err := when.Parse(u.Stamp, when.Context{Default: in.Zone}); err == nil {
			if inc.Zone == "" {
				inc.Zone = r.Zone
			}
			if d := u.At.Sub(r.Time); d <= -time.Minute || d >= time.Minute {
				inc.Warn("stamp_mismatch", fmt.Sprintf("%s: data-datetime-unix %s is %s, the text says %q", field, unix, u.At.Format("2006-01-02 15:04 UTC"), u.Stamp))
			}
		}
		return u, true, errors.Join(errs...)
	}
	r, err := readWhen(in, inc, u.Stamp, when.Context{})
	if err != nil {
		errs = append(errs, fieldErr(in, 0, field+" .update-timestamp", err))
	}
	if inc.Zone == "" {
		inc.Zone = r.Zone
	}
	u.At = r.Time
	return u, true, errors.Join(errs...)
}

// sphtmlVendor returns the company name: the link in "Incident Report for
// <a>Vendor</a>", else the text after "Report for", else the <title>
// prefix before " Status - ".
func sphtmlVendor(doc *goquery.Document) string {
	sub := findFirst(doc.Selection, byClass("subheader"))
	if v := foldSpace(findFirst(sub, byTag(atom.A)).Text()); v != "" {
		return v
	}
	if _, v, ok := strings.Cut(foldSpace(sub.Text()), "Report for "); ok && v != "" {
		return v
	}
	if v, _, ok := strings.Cut(foldSpace(findFirst(doc.Selection, byTag(atom.Title)).Text()), " Status - "); ok {
		return v
	}
	return ""
}

// sphtmlIncidentCode finds the incident code in an incident page URL.
var sphtmlIncidentCode = regexp.MustCompile(`/incidents/([A-Za-z0-9]+)`)

// sphtmlURL returns the incident page URL and code: from the URL the page
// was saved from (MHTML), else the canonical link, else og:url.
func sphtmlURL(in *Input, doc *goquery.Document) (url, id string) {
	canon, _ := findFirst(doc.Selection, byTagAttr(atom.Link, "rel", "canonical")).Attr("href")
	og, _ := findFirst(doc.Selection, byTagAttr(atom.Meta, "property", "og:url")).Attr("content")
	for _, u := range []string{in.ContentLocation, canon, og} {
		u = strings.TrimSuffix(strings.TrimSpace(u), "#")
		if m := sphtmlIncidentCode.FindStringSubmatch(u); m != nil {
			return u, m[1]
		}
	}
	return "", ""
}

// impactClass reads the impact-<x> class of s.
func impactClass(s *goquery.Selection) incident.Impact {
	class, _ := s.Attr("class")
	for _, c := range strings.Fields(class) {
		if strings.HasPrefix(c, "impact-") {
			return incident.ParseImpact(c)
		}
	}
	return incident.ImpactUnknown
}

// blockText returns the visible text of s with one line per block element
// or <br>, white space folded within lines.
func blockText(s *goquery.Selection) string {
	if s.Length() == 0 {
		return ""
	}
	return strings.TrimSpace(nodeText(s.Nodes[0]))
}

// sanitizeUTF8 returns data with invalid UTF-8 replaced by U+FFFD, so
// that no text a reader copies out of a document is invalid.
func sanitizeUTF8(data []byte) []byte {
	if utf8.Valid(data) {
		return data
	}
	return bytes.ToValidUTF8(data, []byte("\uFFFD"))
}

// foldSpace trims s and folds every run of white space to one space.
func foldSpace(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\u00a0", " ")), " ")
}

// affectedComponents reads Statuspage's "This incident affected: ..."
// sentence into component names. The sentence lists components joined
// with ", " and a final " and " (or ", and "); a component GROUP is shown
// with its affected children in parentheses: "Regions (SGP1) and Services
// (Spaces)". Groups are expanded to their children ("SGP1", "Spaces"),
// the names the Statuspage API lists for the incident. Known limit: a
// component whose own name contains parentheses, ", " or " and " is read
// as a group or split.
func affectedComponents(s string) ([]string, bool) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(s), "This incident affected:")
	if !ok {
		return nil, false
	}
	rest = strings.TrimSuffix(strings.TrimSpace(rest), ".")
	var out []string
	for _, item := range splitNameList(rest) {
		open := strings.IndexByte(item, '(')
		if open > 0 && strings.HasSuffix(item, ")") {
			out = append(out, splitNameList(item[open+1:len(item)-1])...)
			continue
		}
		out = append(out, item)
	}
	return out, len(out) > 0
}

// splitNameList splits "A, B (x, y), and C" at ", " and " and " outside
// parentheses.
func splitNameList(s string) []string {
	var out []string
	depth, start := 0, 0
	add := func(end int) {
		if t := strings.TrimSpace(s[start:end]); t != "" {
			out = append(out, t)
		}
	}
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '(':
			depth++
		case s[i] == ')' && depth > 0:
			depth--
		case depth == 0 && strings.HasPrefix(s[i:], ", and "):
			add(i)
			i += len(", and ") - 1
			start = i + 1
		case depth == 0 && strings.HasPrefix(s[i:], ", "):
			add(i)
			i++
			start = i + 1
		case depth == 0 && strings.HasPrefix(s[i:], " and "):
			add(i)
			i += len(" and ") - 1
			start = i + 1
		}
	}
	add(len(s))
	return out
}
