package parse

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/postmortem-dev/postmortem/parse/incident"
	"github.com/postmortem-dev/postmortem/parse/incident/when"
)

// timelineText is the layout-agnostic reader for incident text that no
// specific reader claims (and for the visible text of HTML pages no HTML
// reader claims). It finds entries, not layouts:
//
//   - a status word in any of its real forms ("Resolved", "resolved",
//     "Resolved -", "[Resolved]", "- resolved", "ResolvedResolved",
//     "Status: Resolved", or none at all);
//   - a stamp before or after its body, on its own line or inline
//     ("15:22 UTC: text", "[2025-03-31 15:09 UTC]: text", "Posted 2 days
//     ago. Mar 13, 10:16 MDT", a bare epoch second);
//   - dates from day headings, years and zones from elsewhere in the same
//     document, through the timestamp engine: never a guessed year, never a
//     silent UTC.
//
// Whether stamps open or close their entries is decided per document: the
// reading that leaves fewer body lines outside any entry wins. A history
// view (day headings, several incidents) is split into its incidents at
// each title line that follows a closed entry and precedes a status word.
// Text it cannot place (a summary above the timeline, a footer, a cut-off
// tail) goes to Incident.Unplaced, and a text with no entry at all is the
// incident's postmortem, so the prose analysis always reads every word.
type timelineText struct{}

func init() { Register(timelineText{}) }

var _ Reader = timelineText{}

func (timelineText) Name() string { return "timeline-text" }
func (timelineText) Kind() Kind   { return KindText }
func (timelineText) Markers() string {
	return "fallback: any text no other reader claims (status words, stamps before or after bodies, day headings)"
}
func (timelineText) Description() string {
	return "any incident text: status pages and history views as text, aggregator mirrors, help-center notices, timelines, write-ups"
}

// WeakOnly and FallbackOnly: asked only when no other reader claims the text.
func (timelineText) WeakOnly() bool     { return true }
func (timelineText) FallbackOnly() bool { return true }

// Detect claims a text that has a timestamp or incident vocabulary; a
// text with neither ("Dear diary") is no incident document.
func (timelineText) Detect(in *Input) Confidence {
	head := string(in.Data[:min(len(in.Data), 16384)])
	if strings.TrimSpace(head) == "" {
		return No
	}
	if pmStrongWords.MatchString(head) || pmWeakWords.MatchString(head) || len(when.Scan(head, when.Context{})) > 0 {
		return Weak
	}
	return No
}

// tlKind classifies one line.
type tlKind int

const (
	tlBlank   tlKind = iota
	tlBody           // running text
	tlStatus         // a status word alone ("Resolved", "[Resolved]")
	tlStatusB        // a status word with body text ("Resolved - We fixed it")
	tlStamp          // a stamp alone, possibly with "Posted", "ago", a status word
	tlStampB         // a stamp opening a line of text ("15:22 UTC: text")
	tlDay            // a date without a time (a day heading)
)

type tlLine struct {
	kind   tlKind
	text   string // trimmed
	status incident.Status
	stamp  string // the stamp as written
	rest   string // body text on the same line
	epoch  time.Time
	date   time.Time // tlDay: the day (UTC midnight of the local date); zero year when none
	hasY   bool
}

var (
	tlStatusWords = `investigating|identified|monitoring|update|updated|resolved|postmortem|post-mortem|scheduled|in progress|verifying|completed|acknowledged|fixed|closed`
	// status word at the start of a line, possibly bracketed, doubled, after
	// a bullet or "Status:"; group 1 the word, group 2 what follows
	tlStatusRe  = regexp.MustCompile(`(?i)^(?:(?:[-*•·]|\d{1,2}[.)])\s*)?(?:status\s*:\s*)?\[?\(?(` + tlStatusWords + `)\)?\]?(?:` + tlStatusWords + `)?(.*)$`)
	tlAgo       = regexp.MustCompile(`(?i)\b(?:about |over |almost )?(?:an?|\d+)\s+(?:second|minute|hour|day|week|month|year)s?\s+ago\b\.?`)
	tlNoise     = regexp.MustCompile(`(?i)\b(?:posted|updated|published|on|at|ago|last|from|to|and|utc|gmt|z)\b|[^\p{L}]`)
	tlBracketed = regexp.MustCompile(`(?i)^(?:[-*•·]\s*)?[\[(](?:` + tlStatusWords + `)[\])]`)
	tlEpoch     = regexp.MustCompile(`^\s*(1[0-9]{9})(?:\.\d+)?\s*$`)
)

// tlClassify reads one line.
// tlOpening is the first 200 bytes of s, cut after a space (whole words,
// whole runes); all of s when it is shorter.
func tlOpening(s string) string {
	if len(s) <= 200 {
		return s
	}
	if k := strings.LastIndexByte(s[:200], ' '); k > 0 {
		return s[:k]
	}
	return s
}

func tlClassify(raw string) tlLine {
	t := strings.TrimSpace(strings.Trim(raw, "\u00a0\ufeff"))
	l := tlLine{text: t}
	if t == "" {
		return l
	}
	if m := tlEpoch.FindStringSubmatch(t); m != nil {
		if v, err := strconv.ParseInt(m[1], 10, 64); err == nil {
			l.kind, l.stamp, l.epoch = tlStamp, t, time.Unix(v, 0).UTC()
			return l
		}
	}
	rest := t
	if m := tlStatusRe.FindStringSubmatch(t); m != nil {
		after := m[2]
		trimmed := strings.TrimLeft(after, " \t-–—:|")
		switch {
		case strings.TrimSpace(after) == "":
			l.status, rest = incident.ParseStatus(m[1]), ""
		case len(trimmed) < len(after) && (strings.ContainsAny(after[:len(after)-len(trimmed)], "-–—:|") || tlStartsWithStamp(trimmed)):
			l.status, rest = incident.ParseStatus(m[1]), trimmed
		case tlBracketed.MatchString(t):
			l.status, rest = incident.ParseStatus(m[1]), trimmed
		case after != "" && !isLetterStart(after) && tlStartsWithStamp(strings.TrimSpace(after)):
			l.status, rest = incident.ParseStatus(m[1]), strings.TrimSpace(after)
		}
		if l.status == incident.StatusUnknown {
			l.status = tlStatusAlias(m[1])
		}
	}
	if l.status != "" && rest == "" {
		l.kind = tlStatus
		return l
	}
	// a line's stamp opens it (at most two words before it), so the
	// scan reads only the line's opening; offsets stay valid in rest
	ms := when.Scan(tlOpening(rest), when.Context{})
	if len(ms) > 0 {
		m := ms[0]
		before := strings.TrimSpace(rest[:m.Start])
		after := rest[m.End:]
		for _, n := range ms[1:] { // dual stamps: "01:28 AM UTC | 06:28 PM PT"
			if strings.TrimSpace(tlNoise.ReplaceAllString(rest[m.End:n.Start], "")) == "" {
				after = rest[n.End:]
			}
		}
		if tlResidue(before) <= 2 {
			residue := tlResidue(tlAgo.ReplaceAllString(after, ""))
			if residue <= 2 {
				l.kind, l.stamp = tlStamp, m.Text
				return l
			}
			// a stamp opens a line of text only at its very start and
			// followed by a separator ("15:22 UTC: text", "[...]: text",
			// "10:00 - text"); "On April 29th, 2025, between ..." is prose
			lead := strings.TrimSpace(after)
			sep := lead != "" && strings.ContainsRune("]):-–—|", []rune(lead)[0])
			body := strings.TrimSpace(strings.TrimLeft(lead, "]):-–—|,."))
			if tlResidue(before) == 0 && sep && (l.status == "" || body != "") {
				l.kind, l.stamp, l.rest = tlStampB, m.Text, body
				return l
			}
		}
		if l.status != "" {
			// "Resolved - body ... Mar 13, 10:16 MDT" on one line
			if tlResidue(tlAgo.ReplaceAllString(after, "")) <= 2 && m.Start > 0 {
				l.kind, l.stamp, l.rest = tlStampB, m.Text, strings.TrimSpace(strings.TrimRight(strings.TrimSpace(rest[:m.Start]), "-–—|,(["))
				return l
			}
		}
	}
	if l.status != "" {
		l.kind, l.rest = tlStatusB, rest
		return l
	}
	if d, hasY, ok := tlDayHeading(t); ok {
		l.kind, l.date, l.hasY = tlDay, d, hasY
		return l
	}
	l.kind = tlBody
	return l
}

func isLetterStart(s string) bool {
	return s != "" && (s[0]|0x20 >= 'a' && s[0]|0x20 <= 'z')
}

func tlStartsWithStamp(s string) bool {
	ms := when.Scan(s, when.Context{})
	return len(ms) > 0 && tlResidue(s[:ms[0].Start]) <= 2
}

// tlStatusAlias maps the status words ParseStatus does not know.
func tlStatusAlias(w string) incident.Status {
	switch strings.ToLower(w) {
	case "acknowledged":
		return incident.StatusIdentified
	case "post-mortem":
		return incident.StatusPostmortem
	}
	return incident.StatusUpdate
}

// tlResidue counts the letters of s that are not stamp noise.
func tlResidue(s string) int {
	return len(tlNoise.ReplaceAllString(s, ""))
}

var tlMonths = map[string]time.Month{}

func init() {
	for m := time.January; m <= time.December; m++ {
		tlMonths[strings.ToLower(m.String())] = m
		tlMonths[strings.ToLower(m.String()[:3])] = m
	}
	tlMonths["sept"] = time.September
}

var tlDayRe = regexp.MustCompile(`(?i)^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?(?:([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?|(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3,9}))(?:,?\s+(\d{4}))?$|^(\d{4})-(\d{2})-(\d{2})$`)

// tlDayHeading reads a line that is a date and nothing else.
func tlDayHeading(t string) (time.Time, bool, bool) {
	m := tlDayRe.FindStringSubmatch(strings.TrimSpace(t))
	if m == nil {
		return time.Time{}, false, false
	}
	if m[6] != "" {
		y, _ := strconv.Atoi(m[6])
		mo, _ := strconv.Atoi(m[7])
		d, _ := strconv.Atoi(m[8])
		if mo < 1 || mo > 12 || d < 1 || d > 31 {
			return time.Time{}, false, false
		}
		return time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC), true, true
	}
	mon, day := m[1], m[2]
	if mon == "" {
		mon, day = m[4], m[3]
	}
	mo, ok := tlMonths[strings.ToLower(mon)]
	if !ok {
		return time.Time{}, false, false
	}
	d, _ := strconv.Atoi(day)
	if d < 1 || d > 31 {
		return time.Time{}, false, false
	}
	y, hasY := 0, m[5] != ""
	if hasY {
		y, _ = strconv.Atoi(m[5])
	}
	return time.Date(y, mo, d, 0, 0, 0, 0, time.UTC), hasY, true
}

// tlEntry is one timeline entry while it is assembled.
type tlEntry struct {
	status    incident.Status
	stamp     string
	epoch     time.Time
	stampLine int
	line      int
	body      []string
	day       time.Time // the day heading in force
	dayHasY   bool
}

// tlIncident is one incident's lines while a document is split.
type tlIncident struct {
	title   string
	entries []tlEntry
	loose   []string // lines in no entry
}

// tlAssemble groups classified lines into incidents and entries; open says
// whether a stamp opens its entry (else it closes it). orphans counts the
// body lines left outside every entry.
func tlAssemble(ls []tlLine, open bool) (incs []tlIncident, orphans int) {
	cur := &tlIncident{}
	var e *tlEntry
	var day time.Time
	dayHasY := false
	closedAny := false // an entry was closed by its stamp (close mode)
	trailing, looseAtLastClose := 0, 0
	flush := func() {
		if e != nil {
			cur.entries = append(cur.entries, *e)
			e = nil
		}
	}
	newEntry := func(i int) *tlEntry {
		return &tlEntry{line: i + 1, day: day, dayHasY: dayHasY}
	}
	for i, l := range ls {
		switch l.kind {
		case tlBlank:
			if e != nil && len(e.body) > 0 {
				e.body = append(e.body, "")
			}
		case tlDay:
			if !open {
				flush()
			}
			day, dayHasY = l.date, l.hasY
		case tlStatus, tlStatusB:
			if l.kind == tlStatusB && e != nil && e.status != "" && len(tlTrim(e.body)) == 0 && (open || e.stamp == "") {
				// "Resolved -" then "Update: Normal operations restored.":
				// a status-led line right after an entry's header is its body
				e.body = append(e.body, l.text)
				continue
			}
			if !open && e == nil && closedAny && len(cur.loose) > looseAtLastClose && titleCandidate(cur.loose[len(cur.loose)-1]) {
				// a title line between a closed entry and a status word: a new incident
				last := cur.loose[len(cur.loose)-1]
				cur.loose = cur.loose[:len(cur.loose)-1]
				incs = append(incs, *cur)
				cur = &tlIncident{title: last}
			} else if !open && e == nil && !closedAny && len(incs) == 0 && cur.title == "" && len(cur.entries) == 0 && len(cur.loose) > 0 {
				cur.title = tlPickTitle(cur.loose)
				cur.loose = tlDropTitle(cur.loose, cur.title)
				looseAtLastClose = len(cur.loose)
			}
			if open && e != nil && e.status == "" && len(tlTrim(e.body)) == 0 {
				e.status = l.status
			} else {
				flush()
				e = newEntry(i)
				e.status = l.status
			}
			if l.kind == tlStatusB {
				e.body = append(e.body, l.rest)
			}
		case tlStamp, tlStampB:
			if open {
				flush()
				e = newEntry(i)
				e.status, e.stamp, e.epoch, e.stampLine = l.status, l.stamp, l.epoch, i+1
				if l.rest != "" {
					e.body = append(e.body, l.rest)
				}
				continue
			}
			if e == nil {
				e = newEntry(i)
				switch {
				case len(cur.loose) > 0 && closedAny:
					// body lines since the last stamp belong to this entry
					e.body = append(e.body, cur.loose[looseAtLastClose:]...)
					cur.loose = cur.loose[:looseAtLastClose]
				case len(cur.loose) > 0 && len(incs) == 0:
					// the first entry of a layout whose stamps follow their
					// text (Slack's status site): its text is what follows
					// the heading
					k := 0
					if cur.title == "" {
						for j, t := range cur.loose {
							if titleCandidate(t) {
								cur.title, k = t, j+1
								break
							}
						}
					}
					if k < len(cur.loose) {
						e.body = append(e.body, cur.loose[k:]...)
						cur.loose = cur.loose[:max(k-1, 0)]
					}
				}
			}
			if e.status == "" {
				e.status = l.status
			}
			if l.rest != "" {
				e.body = append(e.body, l.rest)
			}
			e.stamp, e.epoch, e.stampLine = l.stamp, l.epoch, i+1
			flush()
			closedAny = true
			looseAtLastClose = len(cur.loose)
		case tlBody:
			if e != nil {
				e.body = append(e.body, l.text)
				continue
			}
			cur.loose = append(cur.loose, l.text)
		}
	}
	if e != nil {
		if !open && e.stamp == "" && len(e.body) > 0 && e.status == "" {
			cur.loose = append(cur.loose, tlTrim(e.body)...)
			e = nil
		}
		flush()
	}
	if !open && e == nil && closedAny {
		trailing = len(cur.loose) - looseAtLastClose
	}
	incs = append(incs, *cur)
	for _, in := range incs {
		for _, s := range in.loose {
			if s != "" {
				orphans++
			}
		}
	}
	// body text after the last stamp in close mode means the stamps were
	// read the wrong way round: it weighs more than a heading above them
	return incs, orphans + 2*max(trailing, 0)
}

func tlTrim(lines []string) []string {
	for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

func (timelineText) Parse(in *Input) ([]incident.Incident, error) {
	valid := string(sanitizeUTF8(in.Data))
	if strings.TrimSpace(valid) == "" {
		return nil, fmt.Errorf("%w: empty text", ErrNoIncidents)
	}
	raw := Lines([]byte(valid))
	ls := make([]tlLine, len(raw))
	for i, r := range raw {
		ls[i] = tlClassify(r)
	}
	stamped, headed := 0, 0 // stamp lines, and those that also carry a status word
	for _, l := range ls {
		if l.kind == tlStamp || l.kind == tlStampB {
			stamped++
			if l.status != "" {
				headed++
			}
		}
	}
	var groups []tlIncident
	if stamped > 0 {
		closeG, closeO := tlAssemble(ls, false)
		openG, openO := tlAssemble(ls, true)
		groups = closeG
		// a status word on the stamp's own line makes the line an entry's
		// header ("- investigating May 11, 2021, 02:35 AM UTC"); else the
		// reading that leaves fewer lines outside any entry wins
		if tlHeadedTimeline(ls) {
			// "Timeline" (or "Updates") right above the first stamp: the
			// stamps open the entries below it
			closeO += 2
		}
		if 2*headed > stamped || openO < closeO {
			groups = openG
		}
	}
	vendor := textVendor(raw)
	firstEntry := len(ls)
	for i, l := range ls {
		if l.kind != tlBody && l.kind != tlBlank && l.kind != tlDay {
			firstEntry = i
			break
		}
	}
	zone := pmZone(valid, in)
	ctx := when.Context{Zone: zone, Default: in.Zone, Ref: tlRef(valid, zone, in)}
	docDate := tlDocDate(valid, zone, in)
	var out []incident.Incident
	var errs []error
	for gi, g := range groups {
		if len(g.entries) == 0 {
			continue
		}
		inc := incident.Incident{Vendor: vendor, Impact: incident.ImpactUnknown, Zone: zone, Components: []string{}}
		inc.Title = tcTidy(g.title)
		if inc.Title == "" {
			inc.Title = textTitle(raw, vendor, firstEntry)
		}
		if inc.Title == "" {
			inc.Title = tlBodyHeading(g.entries[0].body)
		}
		if gi == 0 && len(groups) == 1 {
			inc.Unplaced = strings.Join(tlDropTitle(g.loose, inc.Title), "\n")
		} else {
			inc.Unplaced = strings.Join(g.loose, "\n")
		}
		for _, e := range g.entries {
			u := incident.Update{Status: e.status, Body: strings.Join(tlTrim(e.body), "\n"), Stamp: e.stamp}
			if u.Status == "" {
				u.Status = tlBodyStatus(u.Body)
			}
			switch {
			case !e.epoch.IsZero():
				u.At = e.epoch
			case e.stamp != "":
				c := ctx
				if e.day.IsZero() && !docDate.IsZero() {
					// a time alone ("18:07 UTC | 10:07 PT") under no day
					// heading: the date the document states
					c.Date = docDate
				}
				if !e.day.IsZero() {
					if e.dayHasY {
						c.Date, c.Ref = e.day, e.day.Add(48*time.Hour)
					} else if !ctx.Ref.IsZero() {
						d := time.Date(ctx.Ref.Year(), e.day.Month(), e.day.Day(), 0, 0, 0, 0, time.UTC)
						if d.After(ctx.Ref.Add(48 * time.Hour)) {
							d = d.AddDate(-1, 0, 0)
						}
						c.Date = d
					}
				}
				r, err := readWhen(in, &inc, e.stamp, c)
				if err != nil {
					errs = append(errs, fieldErr(in, e.stampLine, "updates.at", err))
				}
				u.At = r.Time
			default:
				inc.Warn("undated_update", fmt.Sprintf("%s entry at line %d has no time; kept without one", u.Status, e.line))
			}
			if u.Status == incident.StatusPostmortem {
				if inc.Postmortem == nil {
					inc.Postmortem = &incident.Postmortem{At: u.At, Text: u.Body}
				}
				if u.At.IsZero() {
					continue
				}
			}
			inc.Updates = append(inc.Updates, u)
		}
		out = append(out, inc)
	}
	if len(out) == 0 {
		// a write-up: the whole text is the postmortem the prose pass reads
		inc := incident.Incident{Vendor: vendor, Impact: incident.ImpactUnknown, Zone: zone, Components: []string{}, Updates: []incident.Update{}}
		inc.Title = textTitle(raw, vendor, 60)
		inc.Postmortem = &incident.Postmortem{Text: strings.TrimSpace(valid)}
		if at, err := pmPosted(in, raw, when.Context{Zone: zone, Default: in.Zone}); err == nil {
			inc.Postmortem.At = at
		}
		out = append(out, inc)
	}
	if len(out) == 1 {
		tlPageFields(in, &out[0], raw, ctx)
	}
	// errors are positioned warnings: the incidents stand
	for i := range out {
		for _, e := range errs {
			out[i].Warn("timestamp", e.Error())
		}
	}
	return out, nil
}

// Status statements in an entry without a status word ("18:07 UTC" then
// "We are investigating reports of slowness"), strongest first: what the
// post says is the state it reports.
var (
	tlSaysResolved   = regexp.MustCompile(`(?i)\b(?:has|have) (?:now )?been (?:fully )?(?:resolved|fixed)\b|\b(?:is|are) (?:now )?(?:fully )?(?:resolved|fixed)\b|\bwe(?: have|'ve) resolved\b|\bincident is (?:now )?(?:closed|over)\b`)
	tlSaysMonitoring = regexp.MustCompile(`(?i)\bwe(?: are|'re| will be| will continue to| continue to)? monitor(?:ing)?\b|\bmonitoring (?:the|for|closely)\b`)
	tlSaysIdentified = regexp.MustCompile(`(?i)\b(?:we(?: have|'ve)|has been|have been) identified\b|\b(?:cause|issue|problem) (?:has been|was) (?:identified|found)\b`)
	tlSaysInvestig   = regexp.MustCompile(`(?i)\bwe(?: are|'re) (?:currently |actively )?(?:investigating|looking into|aware of)\b`)
	tlSaysNot        = regexp.MustCompile(`(?i)\b(?:not|until|once|when|if|before|after)\b[^.]{0,30}$`)
)

// tlBodyStatus is the status an entry without a status word states in its
// body, or "update" when it states none. A statement under a negation or a
// condition ("until it is resolved", "has not been resolved") does not
// count.
func tlBodyStatus(body string) incident.Status {
	says := func(re *regexp.Regexp) bool {
		for _, m := range re.FindAllStringIndex(body, 4) {
			if !tlSaysNot.MatchString(body[max(0, m[0]-40):m[0]]) {
				return true
			}
		}
		return false
	}
	switch {
	case says(tlSaysResolved):
		return incident.StatusResolved
	case says(tlSaysMonitoring):
		return incident.StatusMonitoring
	case says(tlSaysIdentified):
		return incident.StatusIdentified
	case says(tlSaysInvestig):
		return incident.StatusInvestigating
	}
	return incident.StatusUpdate
}

// tlTimelineHeading is a heading that opens a list of stamped entries.
var tlTimelineHeading = regexp.MustCompile(`(?i)^[#*\s]*(?:incident |event |status )?(?:timeline|updates|update history|chronology)(?:\s*\(.*\))?\s*:?[*\s]*$`)

// tlHeadedTimeline reports whether the last non-blank line before the
// first stamp is a timeline heading.
func tlHeadedTimeline(ls []tlLine) bool {
	prev := ""
	for _, l := range ls {
		switch l.kind {
		case tlStamp, tlStampB:
			return tlTimelineHeading.MatchString(prev)
		case tlBlank:
		default:
			prev = strings.TrimSpace(l.text)
		}
	}
	return false
}

// tlDocDate is the calendar day a document's dated times share ("On
// January 8, 2024 from 17:38 to 17:56 UTC"), for stamps that give a time
// alone. Zero when it states none, or dates more than a day apart (a
// history of several days needs its day headings).
func tlDocDate(text, zone string, in *Input) time.Time {
	var first, lo, hi time.Time
	for _, m := range when.Scan(text[:min(len(text), 65536)], when.Context{Zone: zone, Default: in.Zone}) {
		if m.Err != nil || !plausibleTime(m.Result.Time) || slices.Contains(m.Result.Inferred, "date") || slices.Contains(m.Result.Inferred, "year") {
			continue
		}
		local := m.Result.Time.Add(time.Duration(m.Result.Offset) * time.Second)
		day := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, time.UTC)
		if first.IsZero() {
			first, lo, hi = day, day, day
		}
		lo, hi = minTime(lo, day), maxTime(hi, day)
	}
	if first.IsZero() || hi.Sub(lo) > 24*time.Hour {
		return time.Time{}
	}
	return first
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// tlRef anchors year-less stamps: the latest dated time the document
// states (plus two days), else the document's Now. Zero: none.
func tlRef(text, zone string, in *Input) time.Time {
	var ref time.Time
	for _, m := range when.Scan(text, when.Context{Zone: zone, Default: in.Zone}) {
		if m.Err == nil && plausibleTime(m.Result.Time) && m.Result.Time.After(ref) {
			ref = m.Result.Time
		}
	}
	if ref.IsZero() {
		for _, l := range Lines([]byte(text)) {
			if d, hasY, ok := tlDayHeading(l); ok && hasY && d.After(ref) {
				ref = d.Add(24 * time.Hour)
			}
		}
	}
	if ref.IsZero() {
		return in.Now
	}
	return ref
}

// tlDropTitle removes the title line from the loose lines (it is the title).
func tlDropTitle(loose []string, title string) []string {
	for i, l := range loose {
		if l == title {
			return append(append([]string{}, loose[:i]...), loose[i+1:]...)
		}
	}
	return loose
}

// tlPickTitle is the last line of ls that can be a title.
func tlPickTitle(ls []string) string {
	for i := len(ls) - 1; i >= 0; i-- {
		if titleCandidate(ls[i]) {
			return ls[i]
		}
	}
	return ""
}

// hasStatusTimeline reports whether a text carries a status-page timeline:
// two or more entries that open with a status word. A write-up that only
// tells its story in prose has none; the timeline reader reads such text.
func hasStatusTimeline(head string) bool {
	n, stamps := 0, 0
	for _, l := range Lines([]byte(head)) {
		// a stamp alone on its line, the entry under it ("6:20 PM EST",
		// "June 27, 2025 10:52 PM UTC | June 27, 2025 03:52 PM PT"): two
		// of them make a timeline of posts, not a write-up
		if t := strings.TrimSpace(l); len(t) >= 4 && len(t) <= 90 && t[0] < 0x80 && !isLetterStart(t) || len(t) <= 90 && tlMonthStart(t) {
			if tlClassify(l).kind == tlStamp {
				if stamps++; stamps >= 2 {
					return true
				}
				continue
			}
		}
		if !tlStatusRe.MatchString(strings.TrimSpace(l)) {
			continue
		}
		if c := tlClassify(l); c.status != "" && c.kind != tlBody {
			if n++; n >= 2 {
				return true
			}
		}
	}
	return false
}

// Structural reports whether a text line is layout rather than a sentence:
// a status word alone, a stamp alone (with "Posted", "ago", a status word)
// or a day heading. Readers keep what such lines say as statuses and
// times, not as text.
func Structural(line string) bool {
	// a stamp, an epoch and a day heading all hold a digit: a line
	// without one is layout only as a status word (or blank), so most
	// body lines skip the classifier
	if t := strings.TrimSpace(strings.Trim(line, "\u00a0\ufeff")); t != "" && !strings.ContainsAny(t, "0123456789") && !tlStatusRe.MatchString(t) {
		return false
	}
	switch tlClassify(line).kind {
	case tlStatus, tlStamp, tlDay, tlBlank:
		return true
	}
	return false
}

// keepUnplaced is the no-word-lost safety net of Read for text documents:
// every line that is not layout (Structural) and that no field of the
// incidents holds is appended to the first incident's Unplaced text, where
// the prose analysis reads it.
func keepUnplaced(data []byte, incs []incident.Incident) {
	if len(incs) == 0 {
		return
	}
	whole := bytes.TrimSpace(data)
	for i := range incs {
		if pm := incs[i].Postmortem; pm != nil && len(pm.Text) == len(whole) && pm.Text == string(whole) {
			return // the postmortem is the whole text (a write-up)
		}
	}
	var b strings.Builder
	for i := range incs {
		inc := &incs[i]
		for _, s := range []string{inc.Vendor, inc.Title, inc.Unplaced, inc.Page.Started.Evidence, inc.Page.Resolved.Evidence,
			inc.Page.DetectedByAggregator.Evidence, inc.Page.DurationEvidence} {
			b.WriteString(s)
			b.WriteByte('\n')
		}
		for _, c := range inc.Components {
			b.WriteString(c)
			b.WriteByte('\n')
		}
		for _, u := range inc.Updates {
			b.WriteString(u.Body)
			b.WriteByte('\n')
			b.WriteString(u.Stamp)
			b.WriteByte('\n')
		}
		if inc.Postmortem != nil {
			b.WriteString(inc.Postmortem.Text)
		}
	}
	all := b.String()
	lines := map[string]bool{} // the kept text's own lines, trimmed: most document lines are one
	for _, l := range strings.Split(all, "\n") {
		lines[strings.TrimSpace(l)] = true
	}
	kept := ""
	var lost []string
	for _, l := range Lines(data) {
		t := strings.TrimSpace(l)
		if len(t) < 3 || lines[t] {
			continue
		}
		if kept == "" {
			kept = strings.Join(strings.Fields(all), " ")
		}
		n := strings.Join(strings.Fields(l), " ")
		if strings.Contains(kept, n) || Structural(l) {
			continue
		}
		lost = append(lost, strings.TrimSpace(l))
	}
	if len(lost) == 0 {
		return
	}
	inc := &incs[0]
	if inc.Unplaced != "" {
		inc.Unplaced += "\n"
	}
	inc.Unplaced += strings.Join(lost, "\n")
}

var tlFieldRe = regexp.MustCompile(`(?i)^\W*((?:incident |impact |outage )?(?:start(?:ed|ing)?|began|begin)(?:[ _-]?(?:at|time|date|date ?time))?|(?:incident |impact |outage )?(?:resolved|end(?:ed)?|closed|resolution)(?:[ _-]?(?:at|time|date|date ?time))?)\s*[:=]\s*(\S.*)$`)

// tlPageFields reads labelled start and end fields ("Started: ...",
// "resolvedAt: 2026-05-08T17:44:24+00:00", "End time: ...") into the
// incident's page fields, the first of each.
func tlPageFields(in *Input, inc *incident.Incident, lines []string, ctx when.Context) {
	for _, l := range lines {
		m := tlFieldRe.FindStringSubmatch(strings.TrimSpace(l))
		if m == nil {
			continue
		}
		r, err := when.Parse(m[2], ctx)
		if err != nil || !plausibleTime(r.Time) {
			continue
		}
		label := strings.ToLower(m[1])
		f := &inc.Page.Resolved
		if strings.Contains(label, "start") || strings.Contains(label, "began") || strings.Contains(label, "begin") {
			f = &inc.Page.Started
		}
		if f.IsZero() {
			*f = incident.Stamp{At: r.Time.UTC(), Evidence: strings.TrimSpace(l)}
		}
	}
}

// tlBodyHeading is the heading an entry's body opens with when the page
// puts the incident's title under its first stamp ("13th September 2018
// 06:10:00 PM" / "Increased latency and error rates ..." / text): a short
// line that can be a title, no sentence, followed by more text. "" else.
func tlBodyHeading(body []string) string {
	var first string
	rest := 0
	for _, l := range body {
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		if first == "" {
			first = t
			continue
		}
		rest++
	}
	if first == "" || rest == 0 || strings.HasSuffix(first, ".") || len(first) > 120 || !titleCandidate(first) {
		return ""
	}
	return tcClean(first)
}

// tlMonthStart reports whether s opens with a month name ("June 27, 2025
// 10:52 PM UTC", "Apr 15, 08:34 PDT").
func tlMonthStart(s string) bool {
	if len(s) < 3 {
		return false
	}
	switch strings.ToLower(s[:3]) {
	case "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec":
		return true
	}
	return false
}
