package analyze

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// sentence is a span of a document's text: a sentence, a list item or a
// table/timeline line, with the section it sits in.
type sentence struct {
	text       string  // trimmed, Markdown emphasis removed
	start, end int     // byte offsets of the span in the document text
	sec        secKind // section from the nearest heading above
	heading    string  // that heading as written ("Incident Duration")
	item       bool    // a list item (bullet or number)
	lineStart  bool    // the span starts a line (timeline and table lines)
	lineEnd    bool    // the span ends a line
}

// span is a byte range [a, b) of a text.
type span struct{ a, b int }

// boldLabel is a Markdown bold label that starts a section inside one long
// line, as in the TrekkSoft postmortem: "**Incident Duration**: ...",
// "**Preventive Measures and Recommendations:** 1. ...".
var boldLabel = regexp.MustCompile(`\*\*([^*\n]{2,80}?)(?::\*\*|\*\*\s*:)`)

// listNumber is a numbered item marker inside a line: "1. ", "2) ".
var listNumber = regexp.MustCompile(`(?:^|\s)(\d{1,2}[.)])[ \t]+(?:\*\*|[A-Z])`)

// listNumberEnd reports whether s ends with a list number ("1. ", "2)")
// that starts s or follows white space: the number of a bold label. It is
// `(?:^|\s)\d{1,2}[.)]\s*$` by hand, reading only the end of s.
func listNumberEnd(s string) bool {
	s = strings.TrimRight(s, " \t\n\f\r")
	if s == "" || (s[len(s)-1] != '.' && s[len(s)-1] != ')') {
		return false
	}
	i := len(s) - 1
	for i > 0 && s[i-1] >= '0' && s[i-1] <= '9' {
		i--
	}
	n := len(s) - 1 - i
	return n >= 1 && n <= 2 && (i == 0 || strings.IndexByte(" \t\n\f\r", s[i-1]) >= 0)
}

// mayListNumber is a quick test for listNumber: one or two digits at the
// start of text or after white space, then "." or ")", white space, and
// "**" or a capital letter, somewhere in text.
func mayListNumber(text string) bool {
	for i := 1; i+1 < len(text); i++ {
		if (text[i] != '.' && text[i] != ')') || !isDigit(text[i-1]) || !isSpace(text[i+1]) {
			continue
		}
		d := i - 1 // the first digit
		if d > 0 && isDigit(text[d-1]) {
			d--
		}
		if d > 0 && !isSpace(text[d-1]) {
			continue
		}
		k := i + 1
		for k < len(text) && isSpace(text[k]) {
			k++
		}
		if k < len(text) && (text[k] >= 'A' && text[k] <= 'Z' || strings.HasPrefix(text[k:], "**")) {
			return true
		}
	}
	return false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isSpace is \s of regexp: space, \t, \n, \f, \r.
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }

// mayBullet is a quick test for bulletPrefix: the first byte of a marker
// (a digit, "(", "-", "*", or the lead byte of "·" and of the other
// UTF-8 bullets and the en dash).
func mayBullet(seg string) bool {
	if seg == "" {
		return false
	}
	c := seg[0]
	return isDigit(c) || c == '(' || c == '-' || c == '*' || c == 0xC2 || c == 0xE2
}

// mayInlineLabel is a quick test for inlineLabel: a line that starts with
// "#", "*" or an ASCII letter, whose first byte out of the label's bytes
// (letters, " /&'-", the bytes of "’", "#", "*" and white space) is the
// ":" or "?" that ends the label.
func mayInlineLabel(seg string) bool {
	if seg == "" || !isLetter(seg[0]) && seg[0] != '#' && seg[0] != '*' {
		return false
	}
	for i := 0; i < len(seg); i++ {
		switch c := seg[i]; {
		case c == ':' || c == '?':
			return true
		case isLetter(c) || isSpace(c) || strings.IndexByte(" /&'-#*\xe2\x80\x99", c) >= 0:
		default:
			return false
		}
	}
	return false
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// bulletPrefix is a list marker at the start of a line.
var bulletPrefix = regexp.MustCompile(`^(?:[•·◦▪‣●○■\-*–]|\d{1,2}[.)]|\([a-z0-9]\))\s+`)

// inlineLabel is "Heading: text" at the start of a line, e.g. "Root Cause:
// ...", "Summary of Impact: Between 09:24 and 11:15 UTC ...".
var inlineLabel = regexp.MustCompile(`^(?:#+\s*)?\**([A-Za-z][A-Za-z /&'’-]{1,60}?\??)\**\s*[:?]\**\s+\S`)

func matchInlineLabel(seg string) []int {
	if !mayInlineLabel(seg) {
		return nil
	}
	return inlineLabel.FindStringSubmatchIndex(seg)
}

func matchBullet(seg string) []int {
	if !mayBullet(seg) {
		return nil
	}
	return bulletPrefix.FindStringIndex(seg)
}

// leadingBoldLabel is the first bold label of a line that starts with
// "**" (nil otherwise: a label elsewhere does not start it).
func leadingBoldLabel(seg string) []int {
	if !strings.HasPrefix(seg, "**") {
		return nil
	}
	return boldLabel.FindStringSubmatchIndex(seg)
}

// boldLabels finds the bold labels of text (none without "**").
func boldLabels(text string) [][]int {
	if !strings.Contains(text, "**") {
		return nil
	}
	return boldLabel.FindAllStringIndex(text, -1)
}

// hashHeadWord is a Markdown heading word at the start of a line that goes
// on with a capitalised sentence: "# Cause A specific user action ...".
var hashHeadWord = regexp.MustCompile(`^#{1,4} ([A-Z][a-z]+) [A-Z]`)

// splitDoc cuts text into sentences with their sections.
func splitDoc(text string) []sentence {
	var out []sentence
	sec, head := secNone, ""
	spans := lines(text)
	if hardWrapped(text, spans) {
		spans = unwrapLines(text, spans)
	}
	for _, ln := range spans {
		seg := strings.TrimSpace(text[ln.a:ln.b])
		if seg == "" {
			continue
		}
		a := ln.a + strings.Index(text[ln.a:ln.b], seg)
		if k, ok := headingLine(seg); ok {
			sec, head = k, strings.Trim(seg, "#*_: \t")
			continue
		}
		if m := matchInlineLabel(seg); m != nil {
			if k, ok := headingKind(seg[m[2]:m[3]]); ok {
				sec, head = k, seg[m[2]:m[3]]
				cut := m[1] - 1
				seg, a = seg[cut:], a+cut
			}
		} else if m := hashHeadWord.FindStringSubmatchIndex(seg); m != nil {
			// "# Cause A specific user action ...": a one-word Markdown
			// heading that lost its line break before the text it heads
			if k, ok := headingKind(seg[m[2]:m[3]]); ok && k != secOther {
				sec, head = k, seg[m[2]:m[3]]
				seg, a = seg[m[3]+1:], a+m[3]+1
			}
		}
		item := false
		if m := matchBullet(seg); m != nil {
			item = true
			seg, a = seg[m[1]:], a+m[1]
		}
		for _, st := range sentences(text, a, a+len(seg), sec, item) {
			st.heading = head
			out = append(out, st)
		}
	}
	return out
}

// afterMonth reports whether s ends with a month name and a space: the
// number after it is a day.
func afterMonth(s string) bool {
	s = strings.TrimRight(s, " \t")
	k := strings.LastIndexAny(s, " \t\n(") + 1
	w := strings.ToLower(strings.TrimSuffix(s[k:], "."))
	if len(w) < 3 {
		return false
	}
	m, ok := monthNum[w[:3]]
	return ok && strings.HasPrefix(strings.ToLower(m.String()), w) // "aug", "august", "sept"
}

// lines splits text at line breaks, at bold section labels and at list
// numbers inside long lines, returning spans of the original text.
var inlineHeading = regexp.MustCompile(`[^\n#] #{2,4} [A-Z]|[.!?)] # [A-Z]`)

func lines(text string) []span {
	var cuts []int
	for _, m := range boldLabels(text) {
		if !listNumberEnd(text[:m[0]]) { // "1. **Testing:** ..." stays one item
			cuts = append(cuts, m[0])
		}
	}
	if mayListNumber(text) {
		for _, m := range listNumber.FindAllStringSubmatchIndex(text, -1) {
			if afterMonth(text[:m[2]]) {
				continue // "resolved at 5:20 AM UTC on August 31. To prevent ...": a date, not item 31
			}
			cuts = append(cuts, m[2])
		}
	}
	if strings.Contains(text, " #") {
		// a Markdown heading inside a line, where a page's text lost its
		// line breaks: "Duration: 2 hours ## Root Cause: A system ..."
		for _, m := range inlineHeading.FindAllStringIndex(text, -1) {
			cuts = append(cuts, m[0]+1)
		}
	}
	var out []span
	start := 0
	flush := func(end int) {
		if end > start {
			out = append(out, span{start, end})
		}
		start = end
	}
	ci := 0
	sortInts(cuts)
	for i := 0; i < len(text); i++ {
		for ci < len(cuts) && cuts[ci] <= i {
			if cuts[ci] == i {
				flush(i)
			}
			ci++
		}
		if text[i] == '\n' {
			flush(i)
			start = i + 1
		}
	}
	flush(len(text))
	return out
}

// wrapMin is the shortest line taken as cut by a wrap column (e-mail and
// plain-text postmortems wrap at 72-80 columns).
const wrapMin = 55

// hardWrapped reports whether text is hard-wrapped prose: at least three
// lines, and a quarter of its lines, run to a wrap column (55-80 bytes) and
// stop mid-sentence, and almost none run past it.
func hardWrapped(text string, spans []span) bool {
	wrapped, long, n := 0, 0, 0
	for _, ln := range spans {
		seg := strings.TrimSpace(text[ln.a:ln.b])
		if seg == "" {
			continue
		}
		n++
		switch {
		case len(seg) > 100 && !strings.Contains(seg, "://"):
			long++
		case len(seg) >= wrapMin && len(seg) <= 80 && midSentence(seg) && !markupLine(seg):
			wrapped++
		}
	}
	return wrapped >= 3 && wrapped*4 >= n && long*10 <= n
}

// midSentence reports whether a line stops where a sentence cannot end.
func midSentence(seg string) bool {
	switch seg[len(seg)-1] {
	case '.', '!', '?', ':', '"', ')', ']', '|':
		return false
	}
	return true
}

// unwrapLines joins each line that a wrap column cut mid-sentence to the
// next one, unless that one opens a list item or a heading.
func unwrapLines(text string, spans []span) []span {
	out := make([]span, 0, len(spans))
	for _, ln := range spans {
		seg := strings.TrimSpace(text[ln.a:ln.b])
		if k := len(out) - 1; k >= 0 && seg != "" && !markupLine(seg) && matchBullet(seg) == nil && !listNumberStart(seg) {
			prev := strings.TrimSpace(text[out[k].a:out[k].b])
			if last := prev[strings.LastIndexByte(prev, '\n')+1:]; len(last) >= wrapMin-10 && midSentence(last) &&
				out[k].b+1 == ln.a {
				out[k].b = ln.b
				continue
			}
		}
		out = append(out, ln)
	}
	return out
}

// markupLine reports whether a line opens with Markdown or table markup
// ("**Impact Start:**", "# Summary", "| a | b |", "> quote"): a line of its
// own, never prose cut by a wrap column.
func markupLine(seg string) bool {
	switch seg[0] {
	case '*', '#', '|', '>', '[', '-', '=', '_':
		return true
	}
	return false
}

// listNumberStart reports whether seg opens with a list number ("1. ").
func listNumberStart(seg string) bool {
	i := 0
	for i < len(seg) && i < 3 && isDigit(seg[i]) {
		i++
	}
	return i > 0 && i < len(seg) && (seg[i] == '.' || seg[i] == ')')
}

func sortInts(a []int) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

// headingLine reports whether a whole line is a heading and its kind: a
// short line without a final period that names a known section, or that
// ends with a colon ("Scope:"), or a Markdown heading or bold label.
func headingLine(seg string) (secKind, bool) {
	h := strings.TrimSpace(strings.Trim(seg, "#*_ \t"))
	label := false
	if m := leadingBoldLabel(seg); m != nil && m[0] == 0 {
		if strings.TrimSpace(seg[m[1]:]) != "" {
			return 0, false // "**Impact**: text" is an inline label
		}
		h, label = seg[m[2]:m[3]], true
	}
	colon := strings.HasSuffix(h, ":")
	h = strings.TrimSpace(strings.TrimRight(h, ":?"))
	if h == "" || len(h) > 90 || strings.HasSuffix(h, ".") || strings.Count(h, " ") > 11 {
		return 0, false
	}
	if matchBullet(seg) != nil || strings.ContainsAny(h, "0123456789") {
		return 0, false // list items and table rows ("Count of Accounts Impacted 84")
	}
	k, known := headingKind(h)
	switch {
	case known && (strings.Count(h, " ") <= 6 || strings.HasSuffix(seg, "?")):
		return k, true
	case colon || label || strings.HasPrefix(seg, "#"):
		return k, true
	}
	return 0, false
}

// headingKind looks a heading up in headingKinds.
func headingKind(h string) (secKind, bool) {
	for _, hk := range headingKinds {
		if hk.re.MatchString(h) {
			return hk.kind, true
		}
	}
	return secOther, false
}

// sentences splits text[a:b] (one line or one item) into sentences at
// ". ", "! " and "? " followed by a capital, a digit or a quote, except
// after the abbreviations of rules.go.
func sentences(text string, a, b int, sec secKind, item bool) []sentence {
	var out []sentence
	start := a
	emit := func(end int) {
		s := strings.TrimSpace(text[start:end])
		if s != "" {
			off := start + strings.Index(text[start:end], s)
			out = append(out, sentence{text: cleanMarkup(s), start: off, end: off + len(s), sec: sec,
				item: item, lineStart: off == a, lineEnd: off+len(s) == b})
		}
		start = end
	}
	for i := a; i < b; i++ {
		c := text[i]
		if c != '.' && c != '!' && c != '?' {
			continue
		}
		j := i + 1
		for j < b && (text[j] == '"' || text[j] == ')' || text[j] == '*') {
			j++
		}
		if j < b && c == '.' && j == i+1 && gluedSentence(text, a, i, b) {
			emit(j) // "deliveries.We mitigated": HTML text lost the space
			continue
		}
		if j >= b || (text[j] != ' ' && text[j] != '\t' && text[j] != '\n') {
			continue
		}
		k := j
		for k < b && (text[k] == ' ' || text[k] == '\t' || text[k] == '\n') {
			k++
		}
		if k >= b || !sentenceStart(text[k:b]) || (c == '.' && abbreviation(text[a:i+1])) {
			continue
		}
		emit(j)
	}
	emit(b)
	return out
}

// gluedSentence reports whether the period at i ends a sentence that a
// text extraction glued to the next one ("deliveries.We mitigated"): two
// lower-case letters before it, a capital and a lower-case letter after.
// Domain names and versions have no capital after the dot; "e.g.We" has
// one letter before it.
func gluedSentence(text string, a, i, b int) bool {
	return i-2 >= a && i+2 < b && isLower(text[i-1]) && isLower(text[i-2]) &&
		text[i+1] >= 'A' && text[i+1] <= 'Z' && isLower(text[i+2])
}

func isLower(c byte) bool { return c >= 'a' && c <= 'z' }

// sentenceStart reports whether s can begin a sentence.
func sentenceStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) || unicode.IsDigit(r) || r == '"' || r == '*' || r == '(' || r == '“'
}

// abbreviation reports whether s ends with an abbreviation or an initial.
func abbreviation(s string) bool {
	k := strings.LastIndexAny(s, " \t(")
	w := strings.ToLower(s[k+1:])
	if abbreviations[w] {
		return true
	}
	// single capital initial ("J. Smith") or a version/number ("v2.")
	return len(w) == 2 && unicode.IsLetter(rune(w[0]))
}

// cleanMarkup drops Markdown emphasis markers and collapses white space.
func cleanMarkup(s string) string {
	if strings.Contains(s, "**") {
		s = strings.ReplaceAll(s, "**", "")
	}
	if plainSpaced(s) {
		return s // strings.Fields and Join would give s back
	}
	return strings.Join(strings.Fields(s), " ")
}

// plainSpaced reports whether s is printable ASCII with single spaces between its
// words and none at its ends: white space collapsed already.
func plainSpaced(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 || c < ' ' || c == ' ' && s[i+1] == ' ' {
			return false
		}
	}
	return true
}
