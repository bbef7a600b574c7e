package when

import (
	"fmt"
	"strings"
	"sync"
	"time"
)

// zone is one entry of the abbreviation table.
type zone struct {
	abbr     string
	off      int  // seconds east of UTC (fixed entries)
	dst      int8 // 1: daylight name, 0: standard name, -1: no check
	stdCheck bool // warn when a standard name is written while the region is on daylight time
	region   string
	iana     string // generic names: the IANA zone that decides the offset
	warn     string // set when resolved by rule (ambiguous)

	loc  *time.Location // fixed zone or IANA zone
	rloc *time.Location // region, for the contradiction check
}

func (z *zone) generic() bool { return z.iana != "" }

const hour = 3600

// zoneTable lists the abbreviations read as fixed offsets and the generic US
// names read through an IANA zone. Order does not matter.
var zoneTable = []zone{
	{abbr: "UTC", dst: -1},
	{abbr: "GMT", dst: -1},
	{abbr: "UT", dst: -1},
	{abbr: "Z", dst: -1},
	{abbr: "EST", off: -5 * hour, dst: 0, stdCheck: true, region: "America/New_York"},
	{abbr: "EDT", off: -4 * hour, dst: 1, region: "America/New_York"},
	{abbr: "CST", off: -6 * hour, dst: 0, stdCheck: true, region: "America/Chicago",
		warn: `ambiguous zone "CST" read as US Central (UTC-6); China (UTC+8) and Cuba (UTC-5) also write CST`},
	{abbr: "CDT", off: -5 * hour, dst: 1, region: "America/Chicago"},
	{abbr: "MST", off: -7 * hour, dst: 0, region: "America/Denver"}, // Arizona: MST all year
	{abbr: "MDT", off: -6 * hour, dst: 1, region: "America/Denver"},
	{abbr: "PST", off: -8 * hour, dst: 0, stdCheck: true, region: "America/Los_Angeles"},
	{abbr: "PDT", off: -7 * hour, dst: 1, region: "America/Los_Angeles"},
	{abbr: "AKST", off: -9 * hour, dst: 0, stdCheck: true, region: "America/Anchorage"},
	{abbr: "AKDT", off: -8 * hour, dst: 1, region: "America/Anchorage"},
	{abbr: "HST", off: -10 * hour, dst: -1}, // Honolulu: no DST
	{abbr: "HDT", off: -9 * hour, dst: 1, region: "America/Adak"},
	{abbr: "AST", off: -4 * hour, dst: 0, region: "America/Halifax", // Puerto Rico: AST all year
		warn: `ambiguous zone "AST" read as Atlantic (UTC-4); Arabia Standard Time is UTC+3`},
	{abbr: "ADT", off: -3 * hour, dst: 1, region: "America/Halifax"},
	{abbr: "NST", off: -(3*hour + 1800), dst: 0, stdCheck: true, region: "America/St_Johns"},
	{abbr: "NDT", off: -(2*hour + 1800), dst: 1, region: "America/St_Johns"},
	{abbr: "WET", off: 0, dst: 0, stdCheck: true, region: "Europe/Lisbon"},
	{abbr: "WEST", off: 1 * hour, dst: 1, region: "Europe/Lisbon"},
	{abbr: "CET", off: 1 * hour, dst: 0, stdCheck: true, region: "Europe/Berlin"},
	{abbr: "CEST", off: 2 * hour, dst: 1, region: "Europe/Berlin"},
	{abbr: "MET", off: 1 * hour, dst: 0, stdCheck: true, region: "Europe/Berlin"},
	{abbr: "MEST", off: 2 * hour, dst: 1, region: "Europe/Berlin"},
	{abbr: "EET", off: 2 * hour, dst: 0, stdCheck: true, region: "Europe/Athens"},
	{abbr: "EEST", off: 3 * hour, dst: 1, region: "Europe/Athens"},
	{abbr: "BST", off: 1 * hour, dst: 1, region: "Europe/London",
		warn: `ambiguous zone "BST" read as British Summer Time (UTC+1); Bangladesh Standard Time is UTC+6`},
	{abbr: "IST", off: 5*hour + 1800, dst: -1,
		warn: `ambiguous zone "IST" read as India (UTC+5:30); Irish (UTC+1) and Israel (UTC+2) Standard Time differ`},
	{abbr: "IDT", off: 3 * hour, dst: 1, region: "Asia/Jerusalem"},
	{abbr: "JST", off: 9 * hour, dst: -1},
	{abbr: "KST", off: 9 * hour, dst: -1},
	{abbr: "SGT", off: 8 * hour, dst: -1},
	{abbr: "HKT", off: 8 * hour, dst: -1},
	{abbr: "China Standard Time", off: 8 * hour, dst: -1},
	{abbr: "MYT", off: 8 * hour, dst: -1},
	{abbr: "PHT", off: 8 * hour, dst: -1},
	{abbr: "PHST", off: 8 * hour, dst: -1},
	{abbr: "WIB", off: 7 * hour, dst: -1},
	{abbr: "WITA", off: 8 * hour, dst: -1},
	{abbr: "WIT", off: 9 * hour, dst: -1},
	{abbr: "ICT", off: 7 * hour, dst: -1},
	{abbr: "PKT", off: 5 * hour, dst: -1},
	{abbr: "NPT", off: 5*hour + 2700, dst: -1},
	{abbr: "AWST", off: 8 * hour, dst: -1},
	{abbr: "ACST", off: 9*hour + 1800, dst: 0, region: "Australia/Adelaide"}, // Darwin: ACST all year
	{abbr: "ACDT", off: 10*hour + 1800, dst: 1, region: "Australia/Adelaide"},
	{abbr: "AEST", off: 10 * hour, dst: 0, region: "Australia/Sydney"}, // Brisbane: AEST all year
	{abbr: "AEDT", off: 11 * hour, dst: 1, region: "Australia/Sydney"},
	{abbr: "NZST", off: 12 * hour, dst: 0, stdCheck: true, region: "Pacific/Auckland"},
	{abbr: "NZDT", off: 13 * hour, dst: 1, region: "Pacific/Auckland"},
	{abbr: "MSK", off: 3 * hour, dst: -1},
	{abbr: "TRT", off: 3 * hour, dst: -1},
	{abbr: "SAST", off: 2 * hour, dst: -1},
	{abbr: "WAT", off: 1 * hour, dst: -1},
	{abbr: "CAT", off: 2 * hour, dst: -1},
	{abbr: "EAT", off: 3 * hour, dst: -1},
	{abbr: "GST", off: 4 * hour, dst: -1,
		warn: `ambiguous zone "GST" read as Gulf Standard Time (UTC+4); South Georgia Time is UTC-2`},
	{abbr: "BRT", off: -3 * hour, dst: -1},
	{abbr: "ART", off: -3 * hour, dst: -1},
	{abbr: "CLT", off: -4 * hour, dst: 0, stdCheck: true, region: "America/Santiago"},
	{abbr: "CLST", off: -3 * hour, dst: 1, region: "America/Santiago"},
	{abbr: "COT", off: -5 * hour, dst: -1},
	{abbr: "PET", off: -5 * hour, dst: -1},

	{abbr: "ET", iana: "America/New_York"},
	{abbr: "CT", iana: "America/Chicago"},
	{abbr: "MT", iana: "America/Denver"},
	{abbr: "PT", iana: "America/Los_Angeles"},
	{abbr: "AKT", iana: "America/Anchorage"},
	{abbr: "Central European Time", iana: "Europe/Berlin"},
	{abbr: "Eastern European Time", iana: "Europe/Athens"},
	{abbr: "Western European Time", iana: "Europe/Lisbon"},
	{abbr: "UK time", iana: "Europe/London"},
}

// phrases are written-out names, matched case-insensitively. The value is the
// table abbreviation; a leading '!' drops the ambiguity warning (the long name
// is not ambiguous).
var phraseList = [][2]string{
	{"utc", "UTC"}, {"gmt", "GMT"},
	{"coordinated universal time", "UTC"}, {"universal time", "UTC"}, {"greenwich mean time", "GMT"},
	{"eastern", "ET"}, {"central", "CT"}, {"mountain", "MT"}, {"pacific", "PT"},
	{"eastern time", "ET"}, {"central time", "CT"}, {"mountain time", "MT"}, {"pacific time", "PT"},
	{"us eastern", "ET"}, {"us central", "CT"}, {"us mountain", "MT"}, {"us pacific", "PT"},
	{"alaska time", "AKT"},
	{"eastern standard time", "EST"}, {"eastern daylight time", "EDT"},
	{"central standard time", "!CST"}, {"central daylight time", "CDT"},
	{"mountain standard time", "MST"}, {"mountain daylight time", "MDT"},
	{"pacific standard time", "PST"}, {"pacific daylight time", "PDT"},
	{"alaska standard time", "AKST"}, {"alaska daylight time", "AKDT"},
	{"hawaii standard time", "HST"}, {"hawaii time", "HST"},
	{"atlantic standard time", "!AST"}, {"atlantic daylight time", "ADT"},
	{"western european time", "Western European Time"}, {"western european standard time", "WET"},
	{"western european summer time", "WEST"},
	{"central european time", "Central European Time"}, {"central european standard time", "CET"},
	{"central european summer time", "CEST"},
	{"eastern european time", "Eastern European Time"}, {"eastern european standard time", "EET"},
	{"eastern european summer time", "EEST"}, {"uk time", "UK time"}, {"london time", "UK time"},
	{"british summer time", "!BST"}, {"india standard time", "!IST"},
	{"japan standard time", "JST"}, {"korea standard time", "KST"}, {"singapore time", "SGT"},
	{"singapore standard time", "SGT"}, {"hong kong time", "HKT"}, {"china standard time", "China Standard Time"}, {"moscow time", "MSK"},
	{"moscow standard time", "MSK"},
	{"australian eastern standard time", "AEST"}, {"australian eastern daylight time", "AEDT"},
	{"new zealand standard time", "NZST"}, {"new zealand daylight time", "NZDT"},
}

var (
	abbrs   = map[string]*zone{}
	phrases = map[string]*zone{}
)

func init() {
	for i := range zoneTable {
		z := &zoneTable[i]
		switch {
		case z.generic():
			z.loc = mustLoad(z.iana)
			z.warn = fmt.Sprintf("%q read as %s (DST follows the date)", z.abbr, z.iana)
		case z.off == 0 && z.abbr != "GMT":
			z.loc = time.UTC
		default:
			z.loc = time.FixedZone(z.abbr, z.off)
		}
		if z.region != "" {
			z.rloc = mustLoad(z.region)
		}
		abbrs[z.abbr] = z
	}
	for _, ph := range phraseList {
		name, drop := ph[1], false
		if name[0] == '!' {
			name, drop = name[1:], true
		}
		z := abbrs[name]
		if z == nil {
			panic("when: phrase for unknown abbreviation " + name)
		}
		if drop {
			c := *z
			c.warn = ""
			z = &c
		}
		phrases[ph[0]] = z
	}
}

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(strings.Clone(name))
	if err != nil {
		panic("when: " + err.Error())
	}
	return loc
}

// IANA locations, loaded on first use.
var (
	locMu   sync.RWMutex
	locHit  = map[string]*time.Location{}
	locMiss = map[string]bool{}
)

func loadLoc(name string) (*time.Location, bool) {
	if name == "" || name == "Local" || len(name) > 64 || strings.Contains(name, "..") {
		return nil, false
	}
	locMu.RLock()
	loc, ok := locHit[name]
	miss := locMiss[name]
	locMu.RUnlock()
	if ok {
		return loc, true
	}
	if miss {
		return nil, false
	}
	loc, err := time.LoadLocation(strings.Clone(name))
	locMu.Lock()
	if err == nil {
		locHit[strings.Clone(name)] = loc
	} else if len(locMiss) < 4096 {
		locMiss[strings.Clone(name)] = true
	}
	locMu.Unlock()
	return loc, err == nil
}

// zref is a resolved zone.
type zref struct {
	text  string // as written
	loc   *time.Location
	off   int // fixed offset in seconds
	fixed bool
	e     *zone // table entry, nil for offsets and IANA names
}

func (z *zref) location() *time.Location {
	switch {
	case z.loc != nil:
		return z.loc
	case z.off == 0:
		return time.UTC
	}
	return time.FixedZone(z.text, z.off)
}

// zoneRaw is a zone found in the text. Its text is kept as byte offsets (ts, te)
// so that no substring of the input flows out of the parser: that keeps the
// token buffer on the stack.
type zoneRaw struct {
	present bool
	glossed bool // an abbreviation defined by a gloss: "CST (UTC+8)", "CST (China Standard Time)"
	bad     bool // looks like a zone but is not one we know: ErrUnknownZone
	ref     zref // without text
	tEnd    int  // token index where the zone text ends
	ts, te  int  // byte offsets of the zone text
}

func (z *zoneRaw) text(src string) string { return src[z.ts:z.te] }

func unknownZone(tok string) error { return fmt.Errorf("%w %q", ErrUnknownZone, tok) }

// zone recognises a zone at token i. loose accepts a short or colon offset glued
// to a time ("10:00:00-07:00"); iso accepts a lower-case "z".
func (p *parser) zone(i int, loose, iso bool) (zoneRaw, int) {
	if p.newlines(i) > 0 {
		return zoneRaw{}, i // a zone belongs to its line
	}
	start, paren := i, false
	if p.isP(i, '(') {
		start, paren = i+1, true
	}
	z, j := p.zone1(start, loose, iso)
	if !z.present {
		return zoneRaw{}, i
	}
	if paren {
		if !p.isP(j, ')') {
			return zoneRaw{}, i
		}
		j++
	}
	if z.tEnd == 0 {
		z.tEnd = j
		if paren {
			z.tEnd = j - 1
		}
	}
	z.ts, z.te = int(p.t[start].start), int(p.t[z.tEnd-1].end)
	return z, j
}

func (p *parser) zone1(i int, loose, iso bool) (zoneRaw, int) {
	var zr zoneRaw
	switch p.kind(i) {
	case tPunct:
		if off, j, ok := p.offset(i, loose); ok {
			zr.present, zr.tEnd = true, j
			zr.ref = zref{off: off, fixed: true}
			return zr, p.offsetComment(j)
		}
	case tWord:
		return p.zoneWord(i, iso)
	}
	return zr, i
}

// offset reads "+0100", "-07:00", "+02" at i (sign glued to the digits).
func (p *parser) offset(i int, loose bool) (int, int, bool) {
	if !(p.isP(i, '+') || p.isP(i, '-')) || !p.isNum(i+1, 1, 4) || !p.glued(i+1) {
		return 0, i, false
	}
	sign := int(p.t[i].val)
	n := int(p.t[i+1].end) - int(p.t[i+1].start)
	v := int(p.t[i+1].val)
	var h, m, j int
	switch {
	case n == 4:
		h, m, j = v/100, v%100, i+2
	case n == 3:
		return 0, i, false
	case p.isP(i+2, ':') && p.glued(i+2) && p.isNum(i+3, 2, 2) && p.glued(i+3):
		if !loose && sign != '+' {
			return 0, i, false
		}
		h, m, j = v, int(p.t[i+3].val), i+4
	default:
		if !loose && sign != '+' {
			return 0, i, false
		}
		h, j = v, i+2
	}
	if h > 14 || m > 59 || (p.glued(j) && (p.kind(j) == tNum || p.isP(j, ':') || p.isP(j, '.'))) {
		return 0, i, false
	}
	off := h*hour + m*60
	if sign == '-' {
		off = -off
	}
	return off, j, true
}

// offsetComment skips a zone name that follows a numeric offset ("+0000 UTC", "-0800 (PST)").
func (p *parser) offsetComment(j int) int {
	k, paren := j, false
	if p.isP(k, '(') {
		k, paren = k+1, true
	}
	if p.isWord(k) && abbrs[p.text(k)] != nil {
		k++
		if !paren {
			return k
		}
		if p.isP(k, ')') {
			return k + 1
		}
	}
	return j
}

func (p *parser) zoneWord(i int, iso bool) (zoneRaw, int) {
	var zr zoneRaw
	w := p.text(i)
	// IANA names: America/New_York, US/Pacific, America/Port-au-Prince, Etc/GMT+5
	if isUpper(w[0]) && p.isP(i+1, '/') && p.glued(i+1) && p.isWord(i+2) && p.glued(i+2) {
		j := i + 3
		for {
			if (p.isP(j, '/') || p.isP(j, '-')) && p.glued(j) && p.isWord(j+1) && p.glued(j+1) {
				j += 2
				continue
			}
			if w == "Etc" && (p.isP(j, '+') || p.isP(j, '-')) && p.glued(j) && p.isNum(j+1, 1, 2) && p.glued(j+1) {
				j += 2
			}
			break
		}
		name := p.span(i, j)
		zr.present = true
		if loc, ok := loadLoc(name); ok {
			zr.ref = zref{loc: loc}
		} else if z := abbrs[name[len(w)+1:]]; w == "US" && z != nil && j == i+3 {
			// "US/PDT" (seen in Google postmortems) is not an IANA name; read the abbreviation.
			zr.ref = zref{e: z, loc: z.loc, off: z.off, fixed: !z.generic()}
		} else {
			zr.bad = true
		}
		return zr, j
	}
	// UTC+2, GMT-05:00, UTC+05:30
	if (strings.EqualFold(w, "UTC") || strings.EqualFold(w, "GMT") || w == "UT") && p.glued(i+1) {
		if off, j, ok := p.offset(i+1, true); ok {
			zr.present = true
			zr.ref = zref{off: off, fixed: true}
			return zr, j
		}
	}
	// written-out names, longest first
	var buf [48]byte
	key := buf[:0]
	var ends [4]int
	n := 0
	for k := i; n < 4 && p.isWord(k) && (k == i || p.t[k].sp); k++ {
		if n > 0 {
			key = append(key, ' ')
		}
		t := p.text(k)
		if len(key)+len(t) > cap(buf) {
			break
		}
		for x := 0; x < len(t); x++ {
			key = append(key, t[x]|0x20)
		}
		ends[n] = len(key)
		n++
	}
	for m := n; m >= 2; m-- {
		if z := phrases[string(key[:ends[m-1]])]; z != nil {
			zr.present = true
			zr.ref = zref{e: z, loc: z.loc, off: z.off, fixed: !z.generic()}
			return zr, i + m
		}
	}
	if z := abbrs[w]; z != nil || (iso && w == "z") {
		if z == nil {
			z = abbrs["Z"]
		}
		zr.present = true
		zr.ref = zref{e: z, loc: z.loc, off: z.off, fixed: !z.generic()}
		if g, j, ok := p.gloss(i + 1); ok {
			zr.ref, zr.glossed, zr.tEnd = g, true, i+1
			return zr, j
		}
		return zr, i + 1
	}
	if n >= 1 {
		if z := phrases[string(key[:ends[0]])]; z != nil {
			zr.present = true
			if z.generic() && p.isWord(i+1) && p.t[i+1].sp && isUpper(p.text(i + 1)[0]) {
				// "Central European", "Pacific Islands": not the US zone
				zr.bad = true
				return zr, i + 2
			}
			zr.ref = zref{e: z, loc: z.loc, off: z.off, fixed: !z.generic()}
			return zr, i + 1
		}
	}
	// An unknown all-capitals word where a zone goes is an unknown zone, never UTC.
	if len(w) >= 2 && len(w) <= 5 && allUpper(w) && p.month(i) < 0 && p.weekday(i) < 0 {
		if loc, ok := loadLoc(w); ok { // NZ, PRC, ROK ...
			zr.present = true
			zr.ref = zref{loc: loc}
			return zr, i + 1
		}
		if !p.scan || w[len(w)-1] == 'T' {
			zr.present, zr.bad = true, true
			return zr, i + 1
		}
	}
	return zr, i
}

// gloss reads a parenthesised zone that defines the abbreviation before
// it: "CST (UTC+8)", "CST (China Standard Time)", "IST (+05:30)". The
// gloss wins over the table's reading of the abbreviation.
func (p *parser) gloss(i int) (zref, int, bool) {
	if !p.isP(i, '(') {
		return zref{}, i, false
	}
	z, j := p.zone1(i+1, true, false)
	if !z.present || z.bad || z.glossed || !p.isP(j, ')') {
		return zref{}, i, false
	}
	ref := z.ref
	if ref.e != nil && ref.e.warn != "" { // an ambiguous gloss defines nothing
		return zref{}, i, false
	}
	ref.e = nil
	return ref, j + 1, true
}

// lookupRef resolves a stand-alone zone string.
func lookupRef(tok string) (zref, error) {
	s := strings.TrimSpace(tok)
	var buf [16]token
	p := parser{s: s, t: tokenize(s, buf[:0])}
	if len(p.t) > 0 {
		z, j := p.zone(0, true, true)
		if z.present && !z.bad && j == len(p.t) {
			z.ref.text = z.text(s)
			return z.ref, nil
		}
	}
	if strings.IndexFunc(s, func(r rune) bool { return r <= ' ' }) < 0 {
		if loc, ok := loadLoc(s); ok {
			return zref{text: s, loc: loc}, nil
		}
	}
	return zref{}, unknownZone(tok)
}

// LookupZone resolves a zone token (abbreviation, generic US name, IANA name, "UTC+2",
// "GMT-05:00", "+0100"). Abbreviations give fixed-offset locations; generic names
// ("MT", "Pacific Time") give the IANA zone, so DST follows the date. warning is
// non-empty when the token was resolved by rule (CST, IST, BST, MT/ET/CT/PT ...).
func LookupZone(tok string) (loc *time.Location, warning string, err error) {
	z, err := lookupRef(tok)
	if err != nil {
		return nil, "", err
	}
	if z.e != nil {
		warning = z.e.warn
	}
	return z.location(), warning, nil
}

// fmtOff formats an offset as "UTC-6", "UTC+5:30".
func fmtOff(off int) string {
	sign := '+'
	if off < 0 {
		sign, off = '-', -off
	}
	if m := off % hour / 60; m != 0 {
		return fmt.Sprintf("UTC%c%d:%02d", sign, off/hour, m)
	}
	return fmt.Sprintf("UTC%c%d", sign, off/hour)
}
