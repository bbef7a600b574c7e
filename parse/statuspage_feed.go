package parse

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"

	"github.com/postmortem-dev/postmortem/parse/incident"
	"github.com/postmortem-dev/postmortem/parse/incident/when"
)

// statuspageFeed reads Statuspage history.atom and history.rss feeds
// (FORMATS.md §4): one entry per incident, its updates in escaped HTML.
type statuspageFeed struct{}

func init() { Register(statuspageFeed{}) }

var _ Reader = statuspageFeed{}

func (statuspageFeed) Name() string { return "statuspage-feed" }
func (statuspageFeed) Kind() Kind   { return KindXML }

func (statuspageFeed) Markers() string {
	return "Atom <id>tag:<host>,2005:/history</id>, a feed <title> ending in \"Incident History\", " +
		"or items with /incidents/ links whose HTML content has <small> dates and <strong> statuses"
}

func (statuspageFeed) Description() string {
	return "Statuspage history.atom / history.rss (e.g. https://www.githubstatus.com/history.atom)"
}

var feedHistoryTitle = regexp.MustCompile(`<title>[^<]*Incident History\s*</title>`)

// Detect looks at the first 8 KB for the history feed id or title, or for
// incident links next to Statuspage's escaped update markup.
func (statuspageFeed) Detect(in *Input) Confidence {
	head := in.Data[:min(len(in.Data), 8192)]
	switch {
	case bytes.Contains(head, []byte(",2005:/history</id>")), feedHistoryTitle.Match(head):
		return Strong
	case bytes.Contains(head, []byte("/incidents/")) &&
		(bytes.Contains(head, []byte("&lt;small&gt;")) || bytes.Contains(head, []byte("<small>"))) &&
		(bytes.Contains(head, []byte("&lt;strong&gt;")) || bytes.Contains(head, []byte("<strong>"))):
		return Strong
	}
	return No
}

// Parse reads every entry or item as one incident.
func (statuspageFeed) Parse(in *Input) ([]incident.Incident, error) {
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(in.Data))
	if err != nil {
		return nil, fieldErr(in, 0, "feed", err)
	}
	vendor := feedVendor(feed.Title)
	feedRef := latestTime(feed.UpdatedParsed, feed.PublishedParsed)
	var incs []incident.Incident
	var errs []error
	for i, it := range feed.Items {
		if it == nil {
			continue
		}
		inc, ierrs := feedIncident(in, i, it, feedRef)
		inc.Vendor = vendor
		incs = append(incs, inc)
		errs = append(errs, ierrs...)
	}
	if len(incs) == 0 {
		return nil, errors.Join(append([]error{fmt.Errorf("%w: feed %q has no entries", ErrNoIncidents, feed.Title)}, errs...)...)
	}
	return incs, errors.Join(errs...)
}

// feedVendor turns "GitHub Status - Incident History" into "GitHub".
func feedVendor(title string) string {
	t := strings.TrimSpace(title)
	t = strings.TrimSpace(strings.TrimSuffix(t, "Incident History"))
	t = strings.TrimSpace(strings.TrimSuffix(t, "-"))
	return strings.TrimSpace(strings.TrimSuffix(t, " Status"))
}

// latestTime returns the later of the given times, zero when none is set.
func latestTime(ts ...*time.Time) time.Time {
	var out time.Time
	for _, t := range ts {
		if t != nil && t.After(out) {
			out = *t
		}
	}
	return out
}

// feedIncident builds the incident of one entry. Updates are read newest
// first: the entry's own date anchors the year of the newest, and each
// older one is anchored on the update after it.
func feedIncident(in *Input, i int, it *gofeed.Item, feedRef time.Time) (incident.Incident, []error) {
	inc := incident.Incident{Title: strings.TrimSpace(it.Title), Impact: incident.ImpactUnknown, Components: []string{}}
	inc.URL = strings.TrimSpace(it.Link)
	if !strings.Contains(inc.URL, "/incidents/") && strings.Contains(it.GUID, "/incidents/") {
		inc.URL = strings.TrimSpace(it.GUID)
	}
	inc.ID = incidentCode(inc.URL)
	content := it.Content
	if strings.TrimSpace(content) == "" {
		content = it.Description
	}
	ref := latestTime(it.PublishedParsed, it.UpdatedParsed)
	if ref.IsZero() {
		ref = feedRef
	}
	var errs []error
	for j, p := range feedParagraphs(content) {
		u := incident.Update{Status: incident.ParseStatus(p.label), Body: p.body, Stamp: p.stamp}
		res, err := when.Parse(p.stamp, when.Context{Default: in.Zone, Ref: ref})
		if err != nil {
			errs = append(errs, fieldErr(in, 0, fmt.Sprintf("items[%d].updates[%d].at", i, j), fmt.Errorf("%q: %w", p.stamp, err)))
		} else {
			u.At, ref = res.Time, res.Time
			if inc.Zone == "" {
				inc.Zone = res.Zone
			}
			for _, w := range res.Warnings {
				inc.Warn("time", fmt.Sprintf("%q: %s", p.stamp, w))
			}
		}
		if u.Status == incident.StatusUnknown {
			inc.Warn("status", fmt.Sprintf("unknown status label %q", p.label))
		}
		if j == 0 {
			inc.Status = u.Status
		}
		if u.Status == incident.StatusPostmortem && inc.Postmortem == nil {
			inc.Postmortem = &incident.Postmortem{At: u.At, Text: u.Body}
		}
		if isMaintenanceStatus(u.Status) {
			inc.Impact = incident.ImpactMaintenance
		}
		inc.Updates = append(inc.Updates, u)
	}
	if len(inc.Updates) == 0 {
		inc.Warn("no_updates", "the entry's content has no <small> date + <strong> status paragraph")
		return inc, errs
	}
	checkPublished(in, &inc, it)
	// Oldest first, so that updates stamped the same minute keep the
	// order the page gives them when the pipeline sorts by time.
	slices.Reverse(inc.Updates)
	return inc, errs
}

// dstBlind maps a fixed US abbreviation to the generic zone whose daylight
// rule a page that prints one label all year means.
var dstBlind = map[string]string{"PST": "PT", "PDT": "PT", "MST": "MT", "MDT": "MT", "CST": "CT", "CDT": "CT", "EST": "ET", "EDT": "ET"}

// checkPublished handles an entry whose newest update reads exactly one
// hour away from its machine <published>/<pubDate>: the page's zone label
// then ignores daylight saving (Parse 2013: "Oct 28, 14:48 PST" with a
// pubDate of "Mon, 28 Oct 2013 14:48:00 -0700"). When reading the label as
// the generic zone (PST as PT, so PDT in summer) matches the machine date,
// every update of the entry is re-read that way; otherwise the times stay
// as written. Either way a zone_label warning quotes both stamps.
// updates are newest first.
func checkPublished(in *Input, inc *incident.Incident, it *gofeed.Item) {
	newest := inc.Updates[0]
	if it.PublishedParsed == nil || newest.At.IsZero() {
		return
	}
	pub := it.PublishedParsed.UTC().Truncate(time.Minute)
	d := newest.At.Sub(pub).Abs()
	if d < 59*time.Minute || d > 61*time.Minute {
		return
	}
	generic, reread := "", false
	if tok := trailingZone(newest.Stamp); dstBlind[tok] != "" {
		generic = dstBlind[tok]
		if res, err := when.Parse(withZone(newest.Stamp, tok, generic), when.Context{Ref: pub.Add(time.Hour)}); err == nil && res.Time.Equal(pub) {
			reread = rereadZone(in, inc, tok, generic, pub)
		}
	}
	how := "times kept as written"
	if reread {
		how = fmt.Sprintf("all updates re-read as %s, which matches the entry date", generic)
	}
	inc.Warn("zone_label", fmt.Sprintf("newest update %q reads as %s but the entry is dated %q: the zone label ignores daylight saving; %s",
		newest.Stamp, newest.At.Format(time.RFC3339), it.Published, how))
}

// rereadZone re-reads every update stamp (newest first) with zone tok
// replaced by generic; it changes nothing unless all of them parse.
func rereadZone(in *Input, inc *incident.Incident, tok, generic string, ref time.Time) bool {
	times := make([]time.Time, len(inc.Updates))
	ref = ref.Add(time.Hour)
	for i, u := range inc.Updates {
		res, err := when.Parse(withZone(u.Stamp, tok, generic), when.Context{Default: in.Zone, Ref: ref})
		if err != nil {
			return false
		}
		times[i], ref = res.Time, res.Time
	}
	for i := range inc.Updates {
		inc.Updates[i].At = times[i]
	}
	if inc.Postmortem != nil {
		for _, u := range inc.Updates {
			if u.Status == incident.StatusPostmortem {
				inc.Postmortem.At = u.At
				break
			}
		}
	}
	inc.Zone = generic
	return true
}

// trailingZone returns the last word of a stamp ("Jan  1, 09:09 PST" → "PST").
func trailingZone(stamp string) string {
	f := strings.Fields(stamp)
	if len(f) == 0 {
		return ""
	}
	return f[len(f)-1]
}

// withZone replaces the trailing zone word of stamp.
func withZone(stamp, tok, generic string) string {
	return strings.TrimSuffix(strings.TrimSpace(stamp), tok) + generic
}

// incidentCode returns the code after /incidents/ in a Statuspage URL.
func incidentCode(u string) string {
	_, code, ok := strings.Cut(u, "/incidents/")
	if !ok {
		return ""
	}
	code, _, _ = strings.Cut(code, "?")
	code, _, _ = strings.Cut(code, "#")
	return strings.Trim(code, "/ ")
}

func isMaintenanceStatus(s incident.Status) bool {
	switch s {
	case incident.StatusScheduled, incident.StatusInProgress, incident.StatusVerifying, incident.StatusCompleted:
		return true
	}
	return false
}

// feedParagraph is one update as published: its date text, status label
// and body.
type feedParagraph struct{ stamp, label, body string }

// feedState is where feedParagraphs is inside one update.
type feedState int

const (
	feedOutside     feedState = iota // before the first update
	feedInSmall                      // reading the date
	feedAwaitStatus                  // after the date, before the status label
	feedInStatus                     // reading the status label
	feedInBody                       // reading the body
)

// feedParagraphs splits the content of an entry into its updates, newest
// first, as they appear. An update starts at a <small> that opens a <p>;
// the first <strong> after it is the status, everything up to the next
// update is the body (<br> as a newline). It tokenizes rather than builds a
// tree so that bodies with <li> or nested blocks stay whole.
func feedParagraphs(content string) []feedParagraph {
	z := html.NewTokenizer(strings.NewReader(content))
	var out []feedParagraph
	var cur feedParagraph
	var buf strings.Builder
	state, afterP := feedOutside, false
	finish := func() {
		if state != feedOutside {
			cur.body = cleanBody(buf.String())
			out = append(out, cur)
		}
		cur, state = feedParagraph{}, feedOutside
		buf.Reset()
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			finish()
			return out
		case html.TextToken:
			text := string(z.Text())
			if strings.TrimSpace(text) == "" && (afterP || state == feedAwaitStatus) {
				continue
			}
			afterP = false
			if state == feedAwaitStatus {
				state = feedInBody
			}
			if state != feedOutside {
				writeFolded(&buf, text)
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, _ := z.TagName()
			tag := string(name)
			if tt != html.EndTagToken && tag == "small" && (afterP || state == feedOutside) {
				finish()
				state = feedInSmall
			}
			state = feedTag(&cur, &buf, state, tag, tt == html.EndTagToken)
			afterP = tt == html.StartTagToken && tag == "p"
		}
	}
}

// feedTag applies one tag to the update being read and returns the new state.
func feedTag(cur *feedParagraph, buf *strings.Builder, state feedState, tag string, end bool) feedState {
	switch {
	case state == feedInSmall && tag == "small" && end:
		cur.stamp = strings.TrimSpace(buf.String())
		buf.Reset()
		return feedAwaitStatus
	case state == feedAwaitStatus && tag == "strong" && !end:
		return feedInStatus
	case state == feedAwaitStatus && tag != "br":
		return feedInBody
	case state == feedInStatus && tag == "strong" && end:
		cur.label = strings.TrimSpace(buf.String())
		buf.Reset()
		return feedInBody
	case state == feedInBody && !end && (tag == "br" || tag == "p" || tag == "li" || tag == "div"):
		buf.WriteByte('\n')
	}
	return state
}

// cleanBody trims every line, drops the " - " that follows the status
// label and keeps at most one blank line in a row.
func cleanBody(s string) string {
	lines := strings.Split(s, "\n")
	var out []string
	blank := 0
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			blank++
			if blank > 1 || len(out) == 0 {
				continue
			}
		} else {
			blank = 0
		}
		out = append(out, l)
	}
	body := strings.TrimSpace(strings.Join(out, "\n"))
	body = strings.TrimPrefix(body, "-")
	return strings.TrimSpace(body)
}
