package when

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Tokens. The grammar works on a flat token list so that Parse and Scan share
// one recogniser and nothing is compiled or allocated per call beyond the list.

type tkind uint8

const (
	tNum tkind = iota + 1
	tWord
	tPunct
)

type token struct {
	start, end int32 // byte offsets (a document is at most 64 MiB)
	val        int32 // tNum: value (-1 when more than 9 digits); tPunct: the character
	kind       tkind
	sp         bool // preceded by white space or start of text
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// capsGlued is the length of a leading run of two or more capitals that a
// capitalised word was glued to when a page lost its layout ("PDTInvestigating"
// is "PDT" then "Investigating"), or 0.
func capsGlued(w string) int {
	n := 0
	for n < len(w) && isUpper(w[n]) {
		n++
	}
	if n < 3 || n == len(w) || w[n] < 'a' || w[n] > 'z' {
		return 0
	}
	return n - 1
}

func isSpaceRune(r rune) bool {
	switch r {
	case 0xA0, 0x202F, 0x2009, 0x2007, 0xFEFF, 0x200B:
		return true
	}
	return unicode.IsSpace(r)
}

func isDashRune(r rune) bool {
	return (r >= 0x2010 && r <= 0x2015) || r == 0x2212
}

// tokenize appends the tokens of s to toks.
func tokenize(s string, toks []token) []token {
	sp := true
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			sp = true
			i++
			continue
		case c >= '0' && c <= '9':
			j, v := i, 0
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				if j-i < 9 {
					v = v*10 + int(s[j]-'0')
				}
				j++
			}
			if j-i > 9 {
				v = -1
			}
			toks = append(toks, token{int32(i), int32(j), int32(v), tNum, sp})
			i = j
		case isLetter(c):
			j := i + 1
			for j < len(s) && (isLetter(s[j]) || s[j] == '_') {
				j++
			}
			if k := capsGlued(s[i:j]); k > 0 {
				j = i + k // "PDTInvestigating", "PMResolved": the zone or meridiem, then the word
			}
			toks = append(toks, token{int32(i), int32(j), 0, tWord, sp})
			i = j
		case c < utf8.RuneSelf:
			toks = append(toks, token{int32(i), int32(i + 1), int32(c), tPunct, sp})
			i++
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if isSpaceRune(r) {
				sp = true
				i += size
				continue
			}
			v := int('?')
			if isDashRune(r) {
				v = '-'
			}
			toks = append(toks, token{int32(i), int32(i + size), int32(v), tPunct, sp})
			i += size
		}
		sp = false
	}
	return toks
}

type parser struct {
	s    string
	t    []token
	scan bool // running prose: stricter about capitalisation
}

func (p *parser) kind(i int) tkind {
	if i < 0 || i >= len(p.t) {
		return 0
	}
	return p.t[i].kind
}

func (p *parser) text(i int) string {
	if i < 0 || i >= len(p.t) {
		return ""
	}
	return p.s[int(p.t[i].start):int(p.t[i].end)]
}

// span returns the text of tokens [i, j).
func (p *parser) span(i, j int) string { return p.s[int(p.t[i].start):int(p.t[j-1].end)] }

func (p *parser) isP(i int, c int) bool { return p.kind(i) == tPunct && int(p.t[i].val) == c }

// glued reports whether token i exists and directly follows token i-1.
func (p *parser) glued(i int) bool { return i > 0 && i < len(p.t) && !p.t[i].sp }

// newlines counts the line breaks between token i-1 and token i.
func (p *parser) newlines(i int) int {
	if i <= 0 || i >= len(p.t) || !p.t[i].sp {
		return 0
	}
	n := 0
	for _, c := range []byte(p.s[int(p.t[i-1].end):int(p.t[i].start)]) {
		if c == '\n' {
			n++
		}
	}
	return n
}

func (p *parser) isNum(i, minD, maxD int) bool {
	if p.kind(i) != tNum {
		return false
	}
	n := int(p.t[i].end) - int(p.t[i].start)
	return n >= minD && n <= maxD
}

func (p *parser) isWord(i int) bool { return p.kind(i) == tWord }

func (p *parser) wordIs(i int, w string) bool {
	return p.kind(i) == tWord && strings.EqualFold(p.text(i), w)
}

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }

func allUpper(w string) bool {
	for i := 0; i < len(w); i++ {
		if !isUpper(w[i]) {
			return false
		}
	}
	return true
}

// lowerKey lowercases w into buf (for allocation-free map look-ups).
func lowerKey(buf []byte, w string) []byte {
	if len(w) > cap(buf) {
		return nil
	}
	buf = buf[:len(w)]
	for i := 0; i < len(w); i++ {
		buf[i] = w[i] | 0x20
	}
	return buf
}

var months = map[string]int{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
	"apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
	"aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10,
	"nov": 11, "november": 11, "dec": 12, "december": 12,
}

var weekdays = map[string]int{
	"sun": 0, "sunday": 0, "mon": 1, "monday": 1, "tue": 2, "tues": 2, "tuesday": 2,
	"wed": 3, "wednesday": 3, "thu": 4, "thur": 4, "thurs": 4, "thursday": 4,
	"fri": 5, "friday": 5, "sat": 6, "saturday": 6,
}

func (p *parser) lookupWord(i int, m map[string]int) int {
	if p.kind(i) != tWord {
		return -1
	}
	w := p.text(i)
	if p.scan && !isUpper(w[0]) {
		return -1
	}
	var buf [12]byte
	k := lowerKey(buf[:0], w)
	if k == nil {
		return -1
	}
	if v, ok := m[string(k)]; ok {
		return v
	}
	return -1
}

func (p *parser) month(i int) int   { return p.lookupWord(i, months) }
func (p *parser) weekday(i int) int { return p.lookupWord(i, weekdays) }

// ---- dates ----

type dateRaw struct {
	y, m, d int
	wd      int // written weekday, -1 if none
	hasYear bool
	iso     bool
	mdy     bool // a/b/yyyy with both a, b <= 12, read as month/day
	bad     bool // shaped like a date but no such day ("Feb 30, 2024")
}

var maxDay = [13]int{0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

func leap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func validDate(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 || d > maxDay[m] {
		return false
	}
	return m != 2 || d < 29 || leap(y)
}

func okYear(v int) bool { return v >= 1900 && v <= 2999 }

// ordinal skips an ordinal suffix ("2nd") glued to the number before i.
func (p *parser) ordinal(i int) int {
	if p.isWord(i) && p.glued(i) {
		switch strings.ToLower(p.text(i)) {
		case "st", "nd", "rd", "th":
			return i + 1
		}
	}
	return i
}

// year reads an optional ", 2024" at i.
func (p *parser) year(i int, d *dateRaw) int {
	j := i
	if p.isP(j, ',') {
		j++
	}
	if p.isNum(j, 4, 4) && okYear(int(p.t[j].val)) && !(p.isP(j+1, ':') && p.glued(j+1) && p.glued(j+2)) {
		d.y, d.hasYear = int(p.t[j].val), true
		return j + 1
	}
	return i
}

// date recognises a calendar date at token i.
func (p *parser) date(i int) (dateRaw, int, bool) {
	d := dateRaw{wd: -1}
	j := i
	if w := p.weekday(j); w >= 0 {
		d.wd = w
		j++
		if p.isP(j, ',') || (p.isP(j, '.') && p.glued(j)) {
			j++
		}
	}
	// 2024-07-02, 2024/07/02
	if p.isNum(j, 4, 4) && (p.isP(j+1, '-') || p.isP(j+1, '/')) && p.glued(j+1) &&
		p.isNum(j+2, 1, 2) && p.glued(j+2) && p.isP(j+3, int(p.t[j+1].val)) && p.glued(j+3) &&
		p.isNum(j+4, 1, 2) && p.glued(j+4) {
		d.y, d.m, d.d, d.hasYear, d.iso = int(p.t[j].val), int(p.t[j+2].val), int(p.t[j+4].val), true, true
		if !okYear(d.y) || (p.glued(j+5) && p.kind(j+5) == tNum) {
			return d, i, false
		}
		d.bad = !validDate(d.y, d.m, d.d)
		return d, j + 5, true
	}
	// 20240719T22:00:00 (ISO basic, only with the T)
	if p.isNum(j, 8, 8) && (p.wordIs(j+1, "T")) && p.glued(j+1) && p.kind(j+2) == tNum && p.glued(j+2) {
		v := int(p.t[j].val)
		d.y, d.m, d.d, d.hasYear, d.iso = v/10000, v/100%100, v%100, true, true
		if !okYear(d.y) {
			return d, i, false
		}
		d.bad = !validDate(d.y, d.m, d.d)
		return d, j + 1, true
	}
	// 3/18/2021 (US order unless the first number cannot be a month)
	if p.isNum(j, 1, 2) && p.isP(j+1, '/') && p.glued(j+1) && p.isNum(j+2, 1, 2) && p.glued(j+2) &&
		p.isP(j+3, '/') && p.glued(j+3) && p.isNum(j+4, 4, 4) && p.glued(j+4) &&
		!(p.glued(j) && (p.kind(j-1) == tNum || p.isP(j-1, '/'))) && !(p.glued(j+5) && (p.kind(j+5) == tNum || p.isP(j+5, '/'))) {
		a, b := int(p.t[j].val), int(p.t[j+2].val)
		d.y, d.m, d.d, d.hasYear = int(p.t[j+4].val), a, b, true
		switch {
		case a > 12:
			d.m, d.d = b, a
		case b <= 12 && a != b:
			d.mdy = true
		}
		if !okYear(d.y) {
			return d, i, false
		}
		d.bad = !validDate(d.y, d.m, d.d)
		return d, j + 5, true
	}
	// Jul 02[, 2024]
	if m := p.month(j); m > 0 {
		k := j + 1
		if p.isP(k, '.') && p.glued(k) {
			k++
		}
		if p.isNum(k, 1, 2) && !(p.isP(k+1, ':') && p.glued(k+1)) {
			d.m, d.d = m, int(p.t[k].val)
			k = p.year(p.ordinal(k+1), &d)
			d.bad = d.d < 1 || d.d > maxDay[m] || (d.hasYear && !validDate(d.y, d.m, d.d))
			return d, k, true
		}
		return d, i, false
	}
	// 15[th][ of] February[ 2024]
	if p.isNum(j, 1, 2) && !(p.isP(j+1, ':') && p.glued(j+1)) {
		k := p.ordinal(j + 1)
		if p.wordIs(k, "of") {
			k++
		}
		if m := p.month(k); m > 0 {
			d.m, d.d = m, int(p.t[j].val)
			k++
			if p.isP(k, '.') && p.glued(k) {
				k++
			}
			k = p.year(k, &d)
			if !d.hasYear && p.isNum(k, 2, 2) && !p.isP(k+1, ':') && p.isNum(k+1, 1, 2) && p.isP(k+2, ':') {
				// RFC 822 "31 Dec 99 11:59": two-digit year, only when a time follows
				d.y, d.hasYear = 1900+int(p.t[k].val), true
				if d.y < 1969 {
					d.y += 100
				}
				k++
			}
			d.bad = d.d < 1 || d.d > maxDay[m] || (d.hasYear && !validDate(d.y, d.m, d.d))
			return d, k, true
		}
	}
	return d, i, false
}

// ---- clock times ----

type timeRaw struct {
	h, m, s, ns int // h is 24-hour
	hRaw        int // hour as written
	ampm        byte
	hasSec      bool
	pmWarn      bool // "13:00 PM"
}

// ampm recognises "AM", "pm", "a.m.", "P.M" at i; returns tokens used.
func (p *parser) ampm(i int) (byte, int) {
	if !p.isWord(i) {
		return 0, 0
	}
	w := p.text(i)
	switch len(w) {
	case 2:
		if w[1]|0x20 == 'm' {
			switch w[0] | 0x20 {
			case 'a':
				return 'a', 1
			case 'p':
				return 'p', 1
			}
		}
	case 1:
		c := w[0] | 0x20
		if (c == 'a' || c == 'p') && p.isP(i+1, '.') && p.glued(i+1) && p.wordIs(i+2, "m") && p.glued(i+2) {
			n := 3
			if p.isP(i+3, '.') && p.glued(i+3) {
				n = 4
			}
			return c, n
		}
	}
	return 0, 0
}

// clock recognises a time of day at token i.
func (p *parser) clock(i int) (timeRaw, int, bool) {
	var t timeRaw
	if !p.isNum(i, 1, 2) {
		return t, i, false
	}
	if p.wordIs(i-1, "days") || p.wordIs(i-1, "day") {
		return t, i, false // pandas durations: "0 days 01:17:00"
	}
	if p.glued(i) {
		switch pt := p.t[i-1]; {
		case pt.kind == tNum, pt.kind == tPunct && (int(pt.val) == ':' || int(pt.val) == '.' || int(pt.val) == '/'):
			return t, i, false
		}
	}
	t.hRaw = int(p.t[i].val)
	k := i + 1
	if p.isP(k, ':') && p.glued(k) && p.isNum(k+1, 2, 2) && p.glued(k+1) {
		t.m = int(p.t[k+1].val)
		k += 2
		if p.isP(k, ':') && p.glued(k) && p.isNum(k+1, 2, 2) && p.glued(k+1) {
			t.s, t.hasSec = int(p.t[k+1].val), true
			k += 2
			if p.isP(k, '.') && p.glued(k) && p.isNum(k+1, 1, 9) && p.glued(k+1) {
				f := p.text(k + 1)
				ns := int(p.t[k+1].val)
				for n := len(f); n < 9; n++ {
					ns *= 10
				}
				t.ns = ns
				k += 2
			}
		}
		if (p.isP(k, ':') || p.isP(k, '.')) && p.glued(k) && p.kind(k+1) == tNum && p.glued(k+1) {
			return t, i, false // "10:00:1", "1:10.5" ...
		}
		if a, n := p.ampm(k); n > 0 {
			t.ampm = a
			k += n
		}
	} else if a, n := p.ampm(k); n > 0 {
		t.ampm = a
		k += n
	} else {
		return t, i, false
	}
	if p.kind(k) == tNum && p.glued(k) {
		return t, i, false
	}
	if t.m > 59 || t.s > 59 {
		return t, i, false
	}
	h := t.hRaw
	switch t.ampm {
	case 0:
		if h > 23 {
			return t, i, false
		}
	case 'a':
		if h > 12 {
			return t, i, false
		}
		if h == 12 {
			h = 0
		}
	case 'p':
		switch {
		case h == 0 || h > 23:
			return t, i, false
		case h < 12:
			h += 12
		case h > 12:
			t.pmWarn = true
		}
	}
	t.h = h
	return t, k, true
}
