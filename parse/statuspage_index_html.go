package parse

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/postmortem-dev/postmortem/parse/incident"
	"github.com/postmortem-dev/postmortem/parse/incident/when"
)

// statuspageIndexHTML reads an Atlassian Statuspage home page (/), as
// served or saved (shared/corpus/FORMATS.md §2). It is a separate reader
// from statuspage-html (one incident page) because the markup differs: a
// home page lists many incidents, each as a title plus <div class="update">
// rows whose times have NO YEAR.
//
// It reads three parts, each newest first:
//   - .unresolved-incident banners at the top (impact-<x> on the banner);
//   - .scheduled-maintenance blocks (impact maintenance; the window from
//     data-unix-time and the text is kept as a note, not as page fields,
//     since it is a plan, not an observed start/end);
//   - the 15 .status-day blocks of past incidents: a day header with the
//     year, then .incident-container elements (impact-<x> on .incident-title).
//
// Years: every update's year is placed by the timestamp engine with an
// anchor (Ref), walking each incident's updates newest first, each result
// anchoring the next. The first anchor is the day header for a past
// incident (its newest update other than the postmortem is on that day:
// an incident is listed under the day of its last update, but a postmortem
// row may come days later, Balena and Box) and <meta name="issued"> (render
// time) for banners and maintenances; a postmortem row is anchored at the
// render time (else at the first matching date after the day header:
// anchor header + 362 days, as the engine picks the latest instant not
// after its anchor + 48h). So Dec→Jan runs
// (PyPI) and a previous-year leftover ("Mar 16" on a January page, Fastly)
// land in the right year. Without any anchor (no header, no issued, no
// Input.Now) a year-less time is left empty with a warning.
//
// The status of an update is its <strong> label; the class slug
// ("update font-regular in progress", two classes) is the fallback. A
// Postmortem row only links to the incident page: it becomes an update and
// inc.Postmortem with its time and an empty text. A page with none of the
// three parts (all operational, 15 days of "No incidents reported") is
// ErrNoIncidents.
type statuspageIndexHTML struct{}

func init() { Register(statuspageIndexHTML{}) }

var _ Reader = statuspageIndexHTML{}

func (statuspageIndexHTML) Name() string { return "statuspage-index-html" }
func (statuspageIndexHTML) Kind() Kind   { return KindHTML }
func (statuspageIndexHTML) Markers() string {
	return `an element with class "incidents-list", "status-day", "unresolved-incidents" or "scheduled-maintenances-container" (Statuspage home page)`
}

func (statuspageIndexHTML) Description() string {
	return "Atlassian Statuspage home page HTML: open incidents, maintenances, 15-day history (testdata/parse/statuspage-index-html/pypi-index-unresolved-incident-cross-year-2021-01.html)"
}

// spindexClass matches the home-page containers in class attributes (the
// inlined CSS of every Statuspage page names them too).

func (statuspageIndexHTML) Detect(in *Input) Confidence {
	for _, class := range []string{"incidents-list", "status-day", "unresolved-incidents", "scheduled-maintenances-container"} {
		if in.HasClass(class) {
			return Strong
		}
	}
	return No
}

// spindexPage is what the page says about all its incidents.
type spindexPage struct {
	vendor string
	base   *url.URL
	issued time.Time // render time; zero when the page has none
}

func (statuspageIndexHTML) Parse(in *Input) ([]incident.Incident, error) {
	doc, err := in.goqueryDoc()
	if err != nil {
		return nil, fieldErr(in, 0, "", err)
	}
	p := spindexReadPage(in, doc)
	var incs []incident.Incident
	var errs []error
	add := func(inc incident.Incident, err []error) {
		incs, errs = append(incs, inc), append(errs, err...)
	}
	now := p.issued
	if now.IsZero() {
		now = in.Now
	}
	top := spindexAnchors{first: now, postmortem: now}
	doc.FindMatcher(byClass("unresolved-incident")).Each(func(i int, s *goquery.Selection) {
		add(spindexIncident(in, p, s, fmt.Sprintf(".unresolved-incident[%d]", i), impactClass(s), top))
	})
	doc.FindMatcher(byClass("scheduled-maintenance")).Each(func(i int, s *goquery.Selection) {
		inc, e := spindexIncident(in, p, s, fmt.Sprintf(".scheduled-maintenance[%d]", i), incident.ImpactMaintenance, top)
		spindexWindow(&inc, findFirst(s, byAttr("data-unix-time")))
		add(inc, e)
	})
	doc.FindMatcher(byClass("status-day")).Each(func(i int, day *goquery.Selection) {
		a := spindexAnchors{first: spindexDay(findFirst(day, byClass("date")), now), postmortem: now}
		if a.postmortem.IsZero() && !a.first.IsZero() {
			a.postmortem = a.first.AddDate(0, 0, 362)
		}
		day.FindMatcher(byClass("incident-container")).Each(func(j int, s *goquery.Selection) {
			field := fmt.Sprintf(".status-day[%d] .incident-container[%d]", i, j)
			add(spindexIncident(in, p, s, field, impactClass(findFirst(s, byClass("incident-title"))), a))
		})
	})
	if len(incs) == 0 {
		return nil, fieldErr(in, 0, "", fmt.Errorf("%s page lists no open incident, maintenance or past incident: %w", p.vendor, ErrNoIncidents))
	}
	return incs, errors.Join(errs...)
}

// spindexReadPage reads the vendor (the <title> "<Vendor> Status"), the
// base URL for incident links and the render time.
func spindexReadPage(in *Input, doc *goquery.Document) spindexPage {
	var p spindexPage
	title := foldSpace(findFirst(doc.Selection, byTag(atom.Title)).Text())
	p.vendor, _, _ = strings.Cut(title, " - ")
	p.vendor = strings.TrimSuffix(p.vendor, " Status")
	if s, ok := findFirst(doc.Selection, byTagAttr(atom.Meta, "name", "issued")).Attr("content"); ok {
		if n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64); err == nil && plausibleTime(when.UnixSeconds(n)) {
			p.issued = when.UnixSeconds(n).UTC()
		}
	}
	canon, _ := findFirst(doc.Selection, byTagAttr(atom.Link, "rel", "canonical")).Attr("href")
	feed, _ := findFirst(doc.Selection, byTagAttr(atom.Link, "type", "application/atom+xml")).Attr("href")
	for _, u := range []string{canon, strings.TrimSuffix(feed, "history.atom"), in.ContentLocation} {
		if b, err := url.Parse(strings.TrimSpace(u)); err == nil && b.IsAbs() && b.Host != "" {
			p.base = b
			break
		}
	}
	return p
}

// spindexDay returns the year anchor of a status-day block: the end of the
// day its header names ("Jan 22, 2021"), else the page anchor.
func spindexDay(date *goquery.Selection, anchor time.Time) time.Time {
	h := foldSpace(date.Text())
	if h == "" {
		return anchor
	}
	r, err := when.Parse(h+", 23:59 UTC", when.Context{})
	if err != nil {
		return anchor
	}
	return r.Time.UTC()
}

// spindexAnchors are the year anchors of one incident's newest update and
// of its postmortem row.
type spindexAnchors struct{ first, postmortem time.Time }

// spindexIncident reads one incident block: its title link and its
// .update rows, newest first, the first anchored at a.first and each
// next one at the previous; the postmortem row at a.postmortem.
func spindexIncident(in *Input, p spindexPage, s *goquery.Selection, field string, impact incident.Impact, a spindexAnchors) (incident.Incident, []error) {
	inc := incident.Incident{Vendor: p.vendor, Impact: impact}
	link := findFirst(s, byTagInClass("incident-title", atom.A))
	inc.Title = foldSpace(link.Text())
	if href, ok := link.Attr("href"); ok {
		inc.URL, inc.ID = spindexLink(p.base, href)
	}
	var errs []error
	if inc.Title == "" {
		errs = append(errs, fieldErr(in, 0, field+" .incident-title", errors.New("no incident title")))
	}
	ref := a.first
	s.FindMatcher(byClass("update")).Each(func(i int, row *goquery.Selection) {
		u, err := spindexUpdate(in, &inc, row, impact, ref, a.postmortem)
		if err != nil {
			errs = append(errs, fieldErr(in, 0, fmt.Sprintf("%s .update[%d]", field, i), err))
		}
		if !u.At.IsZero() && u.Status != incident.StatusPostmortem {
			ref = u.At
		}
		if u.Status == incident.StatusPostmortem && inc.Postmortem == nil {
			inc.Postmortem = &incident.Postmortem{At: u.At}
			inc.Warn("postmortem_elsewhere", fmt.Sprintf("the page only links the postmortem (%q); its text is on the incident page %s", u.Body, inc.URL))
		}
		inc.Updates = append(inc.Updates, u)
	})
	return inc, errs
}

// spindexLink resolves an incident link and returns it with the code.
func spindexLink(base *url.URL, href string) (string, string) {
	u, err := url.Parse(strings.TrimSpace(href))
	if err != nil {
		return "", ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	id := ""
	if m := sphtmlIncidentCode.FindStringSubmatch(u.Path); m != nil {
		id = m[1]
	}
	return u.String(), id
}

// spindexUpdate reads one <div class="update">: "<strong>Label</strong> -
// body<br><small>Jan 12, 16:04 UTC</small>" (maintenance: no label,
// "Posted on Jan 16, 16:19 UTC"). A postmortem row's year is placed with
// pmRef, any other row's with ref.
func spindexUpdate(in *Input, inc *incident.Incident, row *goquery.Selection, impact incident.Impact, ref, pmRef time.Time) (incident.Update, error) {
	strong := findFirst(row, byTag(atom.Strong))
	label := foldSpace(strong.Text())
	u := incident.Update{Status: incident.ParseStatus(label)}
	if u.Status == incident.StatusUnknown {
		u.Status = spindexClassStatus(row, impact)
	}
	// The body is the row without its label and its time.
	smalls := row.FindMatcher(byTag(atom.Small))
	u.Body = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(nodeTextExcept(row.Nodes[0], func(n *html.Node) bool {
		return (strong.Length() > 0 && n == strong.Nodes[0]) || (n.Type == html.ElementNode && n.DataAtom == atom.Small)
	})), "-"))
	u.Stamp = foldSpace(smalls.Last().Text())
	u.Stamp = strings.TrimSpace(strings.TrimPrefix(u.Stamp, "Posted on"))
	if u.Stamp == "" {
		return u, fmt.Errorf("%s update has no time", u.Status)
	}
	if u.Status == incident.StatusPostmortem {
		ref = pmRef
	}
	r, err := readWhen(in, inc, u.Stamp, when.Context{Ref: ref})
	if err != nil {
		return u, err
	}
	u.At = r.Time
	if inc.Zone == "" {
		inc.Zone = r.Zone
	}
	return u, nil
}

// spindexClassStatus reads the status slug from the classes after
// "update" ("update font-regular in progress" is "in progress"); an
// unlabelled maintenance update is "scheduled".
func spindexClassStatus(row *goquery.Selection, impact incident.Impact) incident.Status {
	class, _ := row.Attr("class")
	var words []string
	for _, c := range strings.Fields(class) {
		if c != "update" && !strings.HasPrefix(c, "font-") {
			words = append(words, c)
		}
	}
	if st := incident.ParseStatus(strings.Join(words, " ")); st != incident.StatusUnknown {
		return st
	}
	if impact == incident.ImpactMaintenance {
		return incident.StatusScheduled
	}
	return incident.StatusUnknown
}

// spindexWindow notes a maintenance window: start from data-unix-time
// (epoch seconds), text as written ("Feb 1, 00:00-01:00 UTC").
func spindexWindow(inc *incident.Incident, s *goquery.Selection) {
	v, ok := s.Attr("data-unix-time")
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if !ok || err != nil || !plausibleTime(when.UnixSeconds(n)) {
		return
	}
	start := when.UnixSeconds(n).UTC().Format(time.RFC3339)
	inc.Warn("maintenance_window", fmt.Sprintf("scheduled window %q, starting %s (data-unix-time %s)", foldSpace(s.Text()), start, v))
}
