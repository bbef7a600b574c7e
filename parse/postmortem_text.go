package parse

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/postmortem-dev/postmortem/parse/incident"
	"github.com/postmortem-dev/postmortem/parse/incident/when"
)

// postmortemText reads a plain postmortem in text or Markdown (a blog post,
// a wiki page, a pasted Root Cause Analysis) as one incident whose
// postmortem is the whole text. The prose itself is analysed later, by
// package analyze; this reader only finds the title, the vendor where the
// text names it, the publication time, the zone and any status-update log.
type postmortemText struct{}

func init() { Register(postmortemText{}) }

var _ Reader = postmortemText{}

func (postmortemText) Name() string { return "postmortem-text" }
func (postmortemText) Kind() Kind   { return KindText }

func (postmortemText) Markers() string {
	return "weak only: postmortem words (Postmortem, Incident Report, Root Cause, RCA, outage, or two of " +
		"Impact/Timeline/Resolution/Mitigation/incident) together with at least one date or time"
}

func (postmortemText) Description() string {
	return "plain postmortem text or Markdown (blog post, wiki page, pasted RCA)"
}

var (
	pmStrongWords = regexp.MustCompile(`(?i)\b(post-?\s?mortem|incident report|root cause|RCA|incident summary|outage|service disruption|post incident review)\b`)
	pmWeakWords   = regexp.MustCompile(`(?i)\b(impact|timeline|resolution|resolved|mitigation|incident|detected|restored)\b`)
)

// Detect is Weak at most, so that the specific text readers win: it needs
// postmortem vocabulary and a date or time in the first 16 KB.
// WeakOnly says Detect never returns more than Weak.
func (postmortemText) WeakOnly() bool { return true }

func (postmortemText) Detect(in *Input) Confidence {
	head := string(in.Data[:min(len(in.Data), 16384)])
	if !pmStrongWords.MatchString(head) && pmWeakDistinct(head) < 2 {
		return No
	}
	matches := when.Scan(head, when.Context{Default: in.Zone})
	if len(matches) == 0 || spansManyMonths(matches) || hasStatusTimeline(head) {
		return No
	}
	return Weak
}

// pmWeakDistinct counts the distinct weak words of head, up to 2: the
// search stops at the second.
func pmWeakDistinct(head string) int {
	first, n := "", 0
	for off := 0; off < len(head) && n < 2; {
		loc := pmWeakWords.FindStringIndex(head[off:])
		if loc == nil {
			break
		}
		w := strings.ToLower(head[off+loc[0] : off+loc[1]])
		switch {
		case n == 0:
			first, n = w, 1
		case w != first:
			n = 2
		}
		off += loc[1]
	}
	return n
}

// spansManyMonths reports whether the dated times of a text fall in four
// or more calendar months. A write-up of one incident dates its events
// within days and its publication within weeks; a text whose dates spread
// over many months is a changelog, a catalogue or documentation, not one
// incident's postmortem.
func spansManyMonths(ms []when.Match) bool {
	months := map[[2]int]bool{}
	for _, m := range ms {
		if m.Err == nil && !m.Result.Time.IsZero() {
			t := m.Result.Time
			months[[2]int{t.Year(), int(t.Month())}] = true
		}
	}
	return len(months) >= 4
}

// Parse builds the one incident of the text.
func (postmortemText) Parse(in *Input) ([]incident.Incident, error) {
	valid := strings.ToValidUTF8(string(in.Data), "\uFFFD")
	text := strings.TrimSpace(valid)
	if text == "" {
		return nil, fmt.Errorf("%w: empty text", ErrNoIncidents)
	}
	lines := Lines([]byte(valid)) // untrimmed, so that error lines match the input
	inc := incident.Incident{Impact: incident.ImpactUnknown, Components: []string{}, Updates: []incident.Update{}}
	inc.Title = pmTitle(lines)
	if !titleCandidate(inc.Title) {
		inc.Title = textTitle(lines, "", 60)
	}
	inc.Vendor = pmVendor(lines)
	if inc.Vendor == "" {
		inc.Vendor = textVendor(lines)
	}
	inc.ID = pmField(lines, pmIDField)
	inc.Zone = pmZone(text, in)
	ctx := when.Context{Zone: inc.Zone, Default: in.Zone}
	tlPageFields(in, &inc, lines[:min(len(lines), 80)], ctx) // "StartTime: ...", "Resolved at: ..." fields
	updates, pm, errs := pmUpdateLog(in, lines, ctx)
	inc.Updates = append(inc.Updates, updates...)
	inc.Postmortem = &incident.Postmortem{At: pm, Text: text}
	if len(updates) == 0 {
		inc.Status = incident.StatusUnknown
	}
	if pm.IsZero() && len(updates) == 0 {
		if at, err := pmPosted(in, lines, ctx); err != nil {
			errs = append(errs, err)
		} else {
			inc.Postmortem.At = at
		}
	}
	return []incident.Incident{inc}, errors.Join(errs...)
}

var (
	pmHeading     = regexp.MustCompile(`^#{1,6}\s+(.*?)\s*#*$`)
	pmTitlePrefix = regexp.MustCompile(`(?i)^(post-?\s?mortem|incident report|incident postmortem|root cause analysis|RCA|post incident review( \(PIR\))?)\s*(:|-|–|—)\s*`)
)

// pmTitle is the first line when it is a heading or short, else the first
// level-one Markdown heading; a "Postmortem:"-style prefix is dropped when
// something follows it.
func pmTitle(lines []string) string {
	var title string
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		if m := pmHeading.FindStringSubmatch(l); m != nil {
			title = m[1]
		} else if len(l) <= 120 && !strings.HasSuffix(l, ".") {
			title = l
		}
		break
	}
	if title == "" {
		for _, l := range lines {
			if strings.HasPrefix(l, "# ") {
				title = strings.TrimSpace(l[2:])
				break
			}
		}
	}
	title = strings.TrimSpace(strings.Trim(title, "*_"))
	if rest := pmTitlePrefix.ReplaceAllString(title, ""); strings.TrimSpace(rest) != "" {
		title = rest
	}
	if title != "" && !titleCandidate(title) {
		return "" // chrome or a section heading: textTitle looks further
	}
	return tcClean(title)
}

var (
	pmReportFor   = regexp.MustCompile(`^Incident Report for (\S.{0,60})$`)
	pmVendorField = regexp.MustCompile(`(?i)^\**(company|vendor|provider|organi[sz]ation)\**\s*:\s*\**\s*(\S.{0,60}?)\**$`)
	pmIDField     = regexp.MustCompile(`(?i)^\**(tracking id|incident id|incident number)\**\s*:?\s*\**\s*([A-Z0-9][A-Z0-9-]{2,30})\**$`)
	pmStatusLine  = regexp.MustCompile(`^([A-Z][\w.&]*(?: [A-Z][\w.&]*){0,3}) Status$`)
	pmAtWe        = regexp.MustCompile(`\b[Aa]t ([A-Z][\w.&]*(?: [A-Z][\w.&]*){0,2}),? we\b`)
)

// pmNotVendor are capitalised words that begin "At X, we" and "X Status"
// phrases without being a company.
var pmNotVendor = map[string]bool{
	"First": true, "Approximately": true, "That": true, "This": true, "The": true, "Present": true,
	"Once": true, "Around": true, "Least": true, "Current": true, "Incident": true, "System": true,
	"Service": true, "Overall": true, "Page": true, "Final": true, "Resolution": true, "Last": true,
}

// pmVendor returns the company the text names in a conventional place:
// "Incident Report for X", a Company:/Vendor: field, an "X Status" line
// near the top or "At X, we". Empty when none is there.
func pmVendor(lines []string) string {
	if v := pmField(lines, pmReportFor); v != "" {
		return v
	}
	if v := pmField(lines, pmVendorField); v != "" {
		return v
	}
	for _, l := range lines[:min(len(lines), 5)] {
		if m := pmStatusLine.FindStringSubmatch(strings.TrimSpace(l)); m != nil && !pmNotVendor[strings.Fields(m[1])[0]] {
			return m[1]
		}
	}
	for _, l := range lines {
		if m := pmAtWe.FindStringSubmatch(l); m != nil && !pmNotVendor[strings.Fields(m[1])[0]] {
			return m[1]
		}
	}
	return ""
}

// pmField returns the last submatch of the first line re matches.
func pmField(lines []string, re *regexp.Regexp) string {
	for _, l := range lines {
		if m := re.FindStringSubmatch(strings.TrimSpace(l)); m != nil {
			return strings.TrimSpace(m[len(m)-1])
		}
	}
	return ""
}

// pmZone is the zone the text's times name most often; ties go to the
// zone named first; without any, the zone a note on its times declares.
func pmZone(text string, in *Input) string {
	count := map[string]int{}
	var order []string
	for _, m := range when.Scan(text, when.Context{Default: in.Zone}) {
		z := m.Result.Zone
		if z == "" || m.Result.ZoneFrom != when.FromExplicit {
			continue
		}
		if count[z] == 0 {
			order = append(order, z)
		}
		count[z]++
	}
	sort.SliceStable(order, func(i, j int) bool { return count[order[i]] > count[order[j]] })
	if len(order) == 0 {
		// no stamp names a zone: a note does ("Timeline (UTC)", "All
		// times are US/Pacific")
		return when.ZoneNote(text)
	}
	return order[0]
}

var pmPostedLine = regexp.MustCompile(`(?i)^(?:(?:posted|published)(?: on| at)?:?|date:)\s*(\S.*)$`)

// pmPosted reads the first "Posted …", "Published …" or "Date: …" line
// whose time parses; the first failure is reported when none does.
func pmPosted(in *Input, lines []string, ctx when.Context) (time.Time, error) {
	var first error
	for i, l := range lines {
		m := pmPostedLine.FindStringSubmatch(strings.Trim(strings.TrimSpace(l), "*_"))
		if m == nil {
			continue
		}
		stamp := strings.Trim(m[1], "*_ ")
		r, err := when.Parse(stamp, ctx)
		if err == nil {
			return r.Time, nil
		}
		if first == nil {
			first = fieldErr(in, i+1, "postmortem.at", fmt.Errorf("%q: %w", stamp, err))
		}
	}
	return time.Time{}, first
}

var (
	pmLogStatus = regexp.MustCompile(`^(Investigating|Identified|Monitoring|Update|Resolved|Postmortem|Scheduled|In progress|Verifying|Completed)(?:\s+-\s+(.*))?$`)
	pmLogPosted = regexp.MustCompile(`(?:^|\s)Posted:?\s+(\S.*)$`)
)

// pmBlock is one entry of a status-update log while it is being read.
type pmBlock struct {
	status incident.Status
	body   []string
}

// pmUpdateLog reads a Statuspage-style update log: a status label line
// ("Resolved", or "Resolved - text"), body lines, and a "Posted <time>"
// line ending the entry. It returns the updates only when the log has an
// entry other than a postmortem, and the time of the postmortem entry.
func pmUpdateLog(in *Input, lines []string, ctx when.Context) ([]incident.Update, time.Time, []error) {
	var ups []incident.Update
	var errs []error
	var pm time.Time
	var cur *pmBlock
	other := false
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if m := pmLogStatus.FindStringSubmatch(t); m != nil {
			cur = &pmBlock{status: incident.ParseStatus(m[1])}
			if m[2] != "" {
				t = m[2]
			} else {
				continue
			}
		}
		if cur == nil {
			continue
		}
		m := pmLogPosted.FindStringSubmatchIndex(t)
		if m == nil {
			cur.body = append(cur.body, t)
			continue
		}
		cur.body = append(cur.body, strings.TrimSpace(t[:m[0]]))
		stamp := t[m[2]:m[3]]
		u := incident.Update{Status: cur.status, Stamp: stamp, Body: strings.TrimSpace(strings.Join(cur.body, "\n"))}
		r, err := pmParseStamp(stamp, ctx)
		if err != nil {
			errs = append(errs, fieldErr(in, i+1, "updates.at", fmt.Errorf("%q: %w", stamp, err)))
		} else {
			u.At, ctx.Ref = r, r
		}
		if u.Status == incident.StatusPostmortem && pm.IsZero() {
			pm = u.At
		} else if u.Status != incident.StatusPostmortem {
			other = true
		}
		ups = append(ups, u)
		cur = nil
	}
	if !other {
		return nil, time.Time{}, nil
	}
	return ups, pm, errs
}

// pmParseStamp reads a "Posted" stamp; when the whole text fails it tries
// the part after a leading relative phrase ("3 days ago. Aug 28, 2024 - 13:36 PDT").
func pmParseStamp(stamp string, ctx when.Context) (time.Time, error) {
	r, err := when.Parse(stamp, ctx)
	if err == nil {
		return r.Time, nil
	}
	if k := strings.LastIndex(stamp, ". "); k >= 0 {
		if r2, err2 := when.Parse(stamp[k+2:], ctx); err2 == nil {
			return r2.Time, nil
		}
	}
	return time.Time{}, err
}
