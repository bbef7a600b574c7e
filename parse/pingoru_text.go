package parse

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/postmortem-dev/postmortem/parse/incident"
	"github.com/postmortem-dev/postmortem/parse/incident/when"
)

// pingoruText reads a Pingoru aggregator incident page copied as text (or
// the visible text of the page saved as HTML, which detect.go falls back
// to). The page reads, one item per line (blank lines ignored):
//
//	TrekkSoft incident                         <- "<Vendor> incident"
//	Global issues in several ...               <- title
//	Major Resolved View vendor source →        <- impact and status words
//	TrekkSoft experienced a major incident ... affecting A and B and 1 more component, lasting 3h 16m. ...
//	Started / <time> / Resolved / <time> / Duration / 3h 16m / Detected by Pingoru / <time>
//	Affected components / <names, run together in one line or one per line>
//	Update timeline
//	1. investigating Feb 15, 2024, 11:00 AM UTC   <- the "1." is absent in HTML text;
//	<body>                                           status and time may be on two lines
//
// The postmortem entry is both inc.Postmortem and an update.
type pingoruText struct{}

func init() { Register(pingoruText{}) }

var _ Reader = pingoruText{}

func (pingoruText) Name() string { return "pingoru-text" }
func (pingoruText) Kind() Kind   { return KindText }
func (pingoruText) Markers() string {
	return `a line "Detected by Pingoru" (Pingoru aggregator incident page as text)`
}

func (pingoruText) Description() string {
	return "Pingoru aggregator incident page as text or HTML (testdata/parse/pingoru-text/trekksoft-2024-02-15-pingoru.txt)"
}

const pingoruMarker = "Detected by Pingoru"

func (pingoruText) Detect(in *Input) Confidence {
	for _, l := range Lines(in.Data[:min(len(in.Data), 8192)]) {
		if strings.TrimSpace(l) == pingoruMarker {
			return Strong
		}
	}
	return No
}

// pingoruLine is a non-empty trimmed line, its 1-based number and its
// indentation as written.
type pingoruLine struct {
	text   string
	n      int
	indent int
}

func (pingoruText) Parse(in *Input) ([]incident.Incident, error) {
	var lines []pingoruLine
	for i, l := range Lines(sanitizeUTF8(in.Data)) {
		if t := strings.TrimSpace(l); t != "" {
			lines = append(lines, pingoruLine{t, i + 1, len(l) - len(strings.TrimLeft(l, " \t"))})
		}
	}
	top := pingoruTop(lines)
	if top < 0 {
		return nil, fieldErr(in, 0, "", fmt.Errorf(`no "<Vendor> incident" line followed by a title: %w`, ErrNoIncidents))
	}
	inc := incident.Incident{Impact: incident.ImpactUnknown, Title: lines[top+1].text}
	inc.Vendor, _ = strings.CutSuffix(lines[top].text, " incident")
	sections := pingoruSections(lines[top+2:])
	if head := sections[""]; len(head) > 0 {
		pingoruBadges(&inc, head[0].text)
	}
	var errs []error
	errs = append(errs, pingoruFacts(in, &inc, sections)...)
	inc.Components = pingoruComponents(lines, sections)
	errs = append(errs, pingoruTimeline(in, &inc, sections["Update timeline"])...)
	if len(inc.Updates) == 0 {
		inc.Warn("no_updates", `no "Update timeline" entry found ("1. investigating Feb 15, 2024, 11:00 AM UTC" and its body)`)
	}
	return []incident.Incident{inc}, errors.Join(errs...)
}

// pingoruTop returns the index of the "<Vendor> incident" line: the first
// such line before the first section label that has a line after it. Page
// navigation may come before it in the text of a saved page.
func pingoruTop(lines []pingoruLine) int {
	for i, l := range lines {
		if slices.Contains(pingoruLabels, l.text) {
			break
		}
		if v, ok := strings.CutSuffix(l.text, " incident"); ok && v != "" && i+1 < len(lines) {
			return i
		}
	}
	return -1
}

// pingoruLabels are the lines that start a section; the section's lines
// are those up to the next label.
var pingoruLabels = []string{"Started", "Resolved", "Duration", pingoruMarker, "Affected components", "Update timeline"}

// pingoruSections groups lines under the label line before them; lines
// before the first label are under "". Inside "Update timeline" (the last
// section) labels are body text.
func pingoruSections(lines []pingoruLine) map[string][]pingoruLine {
	out := map[string][]pingoruLine{}
	cur := ""
	for _, l := range lines {
		if cur != "Update timeline" && slices.Contains(pingoruLabels, l.text) {
			cur = l.text
			if _, ok := out[cur]; !ok {
				out[cur] = nil
			}
			continue
		}
		out[cur] = append(out[cur], l)
	}
	return out
}

// pingoruBadges reads the impact and status words of the line under the
// title ("Major Resolved View vendor source →").
func pingoruBadges(inc *incident.Incident, line string) {
	for _, w := range strings.Fields(line) {
		if im := incident.ParseImpact(w); im != incident.ImpactUnknown && inc.Impact == incident.ImpactUnknown {
			inc.Impact = im
		} else if st := incident.ParseStatus(w); st != incident.StatusUnknown && inc.Status == "" {
			inc.Status = st
		}
	}
}

// pingoruFacts reads the Started / Resolved / Detected by Pingoru times
// and the Duration into inc.Page.
func pingoruFacts(in *Input, inc *incident.Incident, sections map[string][]pingoruLine) []error {
	var errs []error
	for _, f := range []struct {
		label string
		dst   *incident.Stamp
	}{{"Started", &inc.Page.Started}, {"Resolved", &inc.Page.Resolved}, {pingoruMarker, &inc.Page.DetectedByAggregator}} {
		v := sections[f.label]
		if len(v) == 0 {
			continue
		}
		r, err := readWhen(in, inc, v[0].text, when.Context{})
		if err != nil {
			errs = append(errs, fieldErr(in, v[0].n, f.label, err))
			continue
		}
		*f.dst = incident.Stamp{At: r.Time, Evidence: f.label + " " + v[0].text}
		if inc.Zone == "" {
			inc.Zone = r.Zone
		}
	}
	if v := sections["Duration"]; len(v) > 0 {
		d, err := pingoruDuration(v[0].text)
		if err != nil {
			errs = append(errs, fieldErr(in, v[0].n, "Duration", err))
		} else {
			inc.Page.Duration, inc.Page.DurationEvidence = d, v[0].text
		}
	}
	return errs
}

// pingoruDurationPart is one "<n><unit>" of a duration like "1d 3h 16m".
var pingoruDurationPart = regexp.MustCompile(`^(\d+)\s*([dhms])\s*`)

// pingoruDuration reads a duration as Pingoru shows it: "3h 16m", "45m",
// "2d 1h".
func pingoruDuration(s string) (time.Duration, error) {
	units := map[string]time.Duration{"d": 24 * time.Hour, "h": time.Hour, "m": time.Minute, "s": time.Second}
	rest, total := strings.TrimSpace(s), time.Duration(0)
	for rest != "" {
		m := pingoruDurationPart.FindStringSubmatch(rest)
		if m == nil {
			return 0, fmt.Errorf("duration %q not understood", s)
		}
		n, err := strconv.Atoi(m[1])
		if err != nil || n > 1e6 {
			return 0, fmt.Errorf("duration %q out of range", s)
		}
		total += time.Duration(n) * units[m[2]]
		rest = rest[len(m[0]):]
	}
	if total == 0 {
		return 0, fmt.Errorf("duration %q not understood", s)
	}
	return total, nil
}

// pingoruEntry matches a timeline entry head: an optional list number, a
// status word or two, and the rest (the time, or nothing when the time is
// on the next line).
var pingoruEntry = regexp.MustCompile(`^(?:\d+\.\s*)?([A-Za-z]+(?:[ _][a-z]+)?)(?:\s+(.*))?$`)

// pingoruHead reports whether lines[i] (maybe with lines[i+1]) is an entry
// head "investigating Feb 15, 2024, 11:00 AM UTC" and returns its status,
// stamp, and how many lines it spans.
func pingoruHead(lines []pingoruLine, i int) (incident.Status, string, int) {
	m := pingoruEntry.FindStringSubmatch(lines[i].text)
	if m == nil {
		return "", "", 0
	}
	cands := [][2]string{{m[1], m[2]}}
	if w, second, ok := strings.Cut(m[1], " "); ok { // "resolved after ..." is "resolved" + rest
		cands = append(cands, [2]string{w, strings.TrimSpace(second + " " + m[2])})
	}
	for _, c := range cands {
		st := incident.ParseStatus(c[0])
		if st == incident.StatusUnknown {
			continue
		}
		if c[1] == "" && i+1 < len(lines) && pingoruIsStamp(lines[i+1].text) {
			return st, lines[i+1].text, 2
		}
		if c[1] != "" && pingoruIsStamp(c[1]) {
			return st, c[1], 1
		}
	}
	return "", "", 0
}

// pingoruIsStamp reports whether s is one whole timestamp and nothing else
// (zone-less counts: that is reported when the entry is read), so that a
// body line like "resolved the issue at 10:00 UTC" is not an entry head.
func pingoruIsStamp(s string) bool {
	m := when.Scan(s, when.Context{Default: time.UTC})
	return len(m) == 1 && m[0].Start == 0 && m[0].End == len(s)
}

// pingoruTimeline reads the "Update timeline" entries. When the text keeps
// the list's indentation (a copy from the browser), a line indented less
// than the entry's body ends the timeline: it is page text after the list.
func pingoruTimeline(in *Input, inc *incident.Incident, lines []pingoruLine) []error {
	var errs []error
	var cur *incident.Update
	var body []string
	bodyIndent := 0
	flush := func() {
		if cur == nil {
			return
		}
		cur.Body = strings.Join(body, "\n")
		if cur.Status == incident.StatusPostmortem && inc.Postmortem == nil {
			inc.Postmortem = &incident.Postmortem{At: cur.At, Text: cur.Body}
		}
		inc.Updates = append(inc.Updates, *cur)
		cur, body = nil, nil
	}
	for i := 0; i < len(lines); i++ {
		st, stamp, n := pingoruHead(lines, i)
		if n == 0 {
			if cur != nil && len(body) > 0 && lines[i].indent < bodyIndent {
				break
			}
			if cur != nil {
				body = append(body, lines[i].text)
				bodyIndent = min(bodyIndent, lines[i].indent)
			}
			continue
		}
		flush()
		cur, bodyIndent = &incident.Update{Status: st, Stamp: stamp}, 1<<30
		r, err := readWhen(in, inc, stamp, when.Context{})
		if err != nil {
			errs = append(errs, fieldErr(in, lines[i].n, fmt.Sprintf("updates[%d].at", len(inc.Updates)), err))
		}
		cur.At = r.Time
		if inc.Zone == "" {
			inc.Zone = r.Zone
		}
		i += n - 1
	}
	flush()
	return errs
}

// pingoruComponents returns the "Affected components" section: one name
// per line, or, when the page text ran them together in one line, that
// line split by splitRunTogether.
func pingoruComponents(all []pingoruLine, sections map[string][]pingoruLine) []string {
	sec := sections["Affected components"]
	switch len(sec) {
	case 0:
		return nil
	case 1:
	default:
		out := make([]string, len(sec))
		for i, l := range sec {
			out[i] = l.text
		}
		return out
	}
	var other []string
	var anchors []string
	for _, l := range all {
		if l.n == sec[0].n {
			continue
		}
		other = append(other, l.text)
		anchors = append(anchors, pingoruSummaryNames(l.text)...)
	}
	return splitRunTogether(sec[0].text, strings.Join(other, "\n"), anchors)
}

// pingoruSummary captures the components the summary sentence names:
// "... affecting TrekkSoft Backoffice and TrekkSoft API and 1 more component, lasting 3h 16m."
var pingoruSummary = regexp.MustCompile(`\baffecting (.+?)(?: and \d+ more components?)?(?:, lasting\b|\.(?:\s|$))`)

// pingoruSummaryNames returns the component names of a summary sentence.
func pingoruSummaryNames(s string) []string {
	m := pingoruSummary.FindStringSubmatch(s)
	if m == nil {
		return nil
	}
	return splitNameList(m[1])
}

// splitRunTogether splits a line of names that lost their separators when
// the page was copied as text ("TrekkSoft BackofficeTrekkSoft APIPOS Desk").
//
// Rule: a name boundary is a lower→Upper step ("eT" in "BackofficeTrekkSoft"),
// a ")"→letter step ("(mPOS)POS"), or an UPPER→Upper-lower step ("APITr" →
// "API|Tr"); never inside parentheses, never leaving a piece shorter than
// two letters, and never inside a word with such a step that the document
// (context: all its other text) uses on its own ("TrekkSoft", "GitHub",
// "iOS"), nor inside a name listed in anchors (names the page states
// elsewhere, e.g. in its summary sentence). Then a piece that is one
// Capitalised word the document never uses on its own ("Experience") is
// taken to be the first half of a camel-case word and joined to the next
// piece ("ExperienceBank - Channel Manager").
//
// Known limits: a one-word component the document mentions nowhere else is
// joined to the next one ("Dashboard"+"API Gateway"); a camel-case name
// whose second half has a space or a following piece starting with a
// capital acronym may still be cut; names that end and start with lower
// case ("api" + "webhooks") cannot be separated.
func splitRunTogether(s, context string, anchors []string) []string {
	r := []rune(s)
	at := make([]int, len(s)+1) // rune index of each byte offset
	for i, n := 0, 0; i < len(s); n++ {
		_, size := utf8.DecodeRuneInString(s[i:])
		for k := range size {
			at[i+k] = n
		}
		i += size
	}
	at[len(s)] = len(r)
	keep := make([]bool, len(r)+1) // keep[i]: no boundary before r[i]
	for _, w := range append(camelWords(context), anchors...) {
		protect(s, at, keep, w)
	}
	known := map[string]bool{}
	for _, w := range strings.FieldsFunc(context, func(c rune) bool { return !unicode.IsLetter(c) && !unicode.IsDigit(c) }) {
		known[strings.ToLower(w)] = true
	}
	var pieces []string
	var hump []bool // hump[i]: pieces[i] ended at a lower→Upper step
	start, depth := 0, 0
	for i := 1; i < len(r); i++ {
		switch r[i-1] {
		case '(':
			depth++
		case ')':
			depth = max(depth-1, 0)
		}
		b, isHump := boundaryAt(r, i)
		if !b || keep[i] || depth > 0 || letters(r[start:i]) < 2 || letters(r[i:]) < 2 {
			continue
		}
		pieces, hump = append(pieces, strings.TrimSpace(string(r[start:i]))), append(hump, isHump)
		start = i
	}
	pieces = append(pieces, strings.TrimSpace(string(r[start:])))
	return joinHalves(pieces, hump, known)
}

// boundaryAt reports whether a name may start at r[i], and whether the
// step is a lower→Upper hump.
func boundaryAt(r []rune, i int) (ok, hump bool) {
	prev, cur := r[i-1], r[i]
	switch {
	case unicode.IsLower(prev) && unicode.IsUpper(cur):
		return true, true
	case prev == ')' && (unicode.IsLetter(cur) || unicode.IsDigit(cur)):
		return true, false
	case unicode.IsUpper(prev) && unicode.IsUpper(cur) && i+1 < len(r) && unicode.IsLower(r[i+1]):
		return true, false
	}
	return false, false
}

// joinHalves joins a piece that is one Capitalised word unknown to the
// document to the piece after it, when they were cut at a hump.
func joinHalves(pieces []string, hump []bool, known map[string]bool) []string {
	var out []string
	for i := 0; i < len(pieces); i++ {
		p := pieces[i]
		for i < len(hump) && hump[i] && isCapitalisedWord(p) && !known[strings.ToLower(p)] {
			i++
			p += pieces[i]
		}
		out = append(out, p)
	}
	return out
}

// isCapitalisedWord reports whether s is one word: a capital and then
// lower-case letters ("Experience").
func isCapitalisedWord(s string) bool {
	first, size := utf8.DecodeRuneInString(s)
	if !unicode.IsUpper(first) || len(s) == size {
		return false
	}
	for _, c := range s[size:] {
		if !unicode.IsLower(c) {
			return false
		}
	}
	return true
}

// camelWords returns the words of s that contain a case step
// ("TrekkSoft", "iOS"), i.e. the words a boundary could wrongly cut.
func camelWords(s string) []string {
	var out []string
	seen := map[string]bool{}
	for _, w := range strings.FieldsFunc(s, func(c rune) bool { return !unicode.IsLetter(c) && !unicode.IsDigit(c) }) {
		if seen[w] {
			continue
		}
		seen[w] = true
		r := []rune(w)
		for i := 1; i < len(r); i++ {
			if b, _ := boundaryAt(r, i); b {
				out = append(out, w)
				break
			}
		}
	}
	return out
}

// protect marks every position strictly inside an occurrence of w in s
// as not a boundary; keep is indexed by rune, at[i] is the rune index of
// byte i.
func protect(s string, at []int, keep []bool, w string) {
	if utf8.RuneCountInString(w) < 2 {
		return
	}
	for from := 0; ; {
		i := strings.Index(s[from:], w)
		if i < 0 {
			return
		}
		i += from
		for j := at[i] + 1; j < at[i+len(w)]; j++ {
			keep[j] = true
		}
		from = i + 1
	}
}

// letters counts the letters and digits in r.
func letters(r []rune) int {
	n := 0
	for _, c := range r {
		if unicode.IsLetter(c) || unicode.IsDigit(c) {
			n++
		}
	}
	return n
}
