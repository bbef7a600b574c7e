// Package when parses the timestamps vendors write on status pages and in
// postmortems into UTC instants, with real time-zone rules.
//
// time.Parse gives an unknown abbreviation ("MDT" on a UTC host) a zero offset;
// this package never does. Abbreviations are read as the fixed offset they name
// (MDT is UTC-6, CET is UTC+1), generic names (MT, Pacific Time) and IANA names
// through the tz database so DST follows the date, and anything unknown in a
// zone position is an error.
package when // import "github.com/postmortem-dev/postmortem/parse/incident/when"

import (
	"errors"
	"fmt"
	"time"
	_ "time/tzdata" // embed the tz database
)

// Context supplies what a timestamp string may leave out.
type Context struct {
	// Zone is a zone named elsewhere in the document ("MT", "UTC", "PST", "America/Denver"),
	// used when the string itself has no zone. Empty: none known.
	Zone string
	// Default is the zone for strings with no zone and no Context.Zone (the CLI's --tz).
	// nil: such strings fail with ErrNoZone.
	Default *time.Location
	// Date supplies the calendar date for time-only strings ("6:47 AM MT", "10:16 UTC"):
	// its Year(), Month(), Day() fields are used as the LOCAL date in the string's zone.
	// Zero: time-only strings fail with ErrNoDate.
	// When Ref is zero, Date also anchors year-less dates ("July 2nd").
	Date time.Time
	// Ref anchors year-less dates ("Mar 13, 10:16 MDT", "Dec 21, 12:31 UTC"): the year is
	// chosen (from Ref's year -1, 0, +1) so the result is the latest instant not after
	// Ref + 48h. Readers walk newest-first updates and pass the previous result as Ref,
	// which handles incidents crossing New Year. Zero: year-less strings fail with ErrNoYear.
	Ref time.Time
}

// Result is a parsed timestamp.
type Result struct {
	Time     time.Time // always UTC
	Offset   int       // seconds east of UTC of the zone the time was read in, at Time
	Zone     string    // the zone token as written or taken from context ("MDT", "MT", "UTC", "+02:00", "America/Denver")
	ZoneFrom string    // "explicit" (in the string), "context" (Context.Zone), "default" (Context.Default)
	Inferred []string  // what came from context: "date", "year", "zone"
	Warnings []string  // human messages
}

// ZoneFrom values.
const (
	FromExplicit = "explicit"
	FromContext  = "context"
	FromDefault  = "default"
)

// Errors. Check with errors.Is.
var (
	ErrUnknownZone = errors.New("unknown time zone")
	ErrNoZone      = errors.New("time has no zone")
	ErrNoDate      = errors.New("time has no date")
	ErrNoYear      = errors.New("date has no year")
	ErrNoTime      = errors.New("not a timestamp")
)

// UnixMillis converts a data-datetime-unix style epoch value in milliseconds to UTC.
func UnixMillis(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

// UnixSeconds converts an epoch value in seconds (Statuspage "issued" meta, AWS "date") to UTC.
func UnixSeconds(s int64) time.Time { return time.Unix(s, 0).UTC() }

// raw is one recognised expression, before context is applied.
type raw struct {
	start, end int // token indices
	d          dateRaw
	t          timeRaw
	z          zoneRaw
	hasDate    bool
	hasTime    bool
	zoneShared bool // zone taken from the other end of a range
	dateShared bool // date taken from the other end of a range
	prevDay    bool // ... and moved back a day because the range crosses midnight
}

// skipDT skips the words between a date and its time ("Jul 02, 2024 - 13:48",
// "February 15, 2024 at approximately 11:30", "2024-07-02T14:00").
func (p *parser) skipDT(j int) int {
	for n := 0; n < 3; n++ {
		switch p.kind(j) {
		case tPunct:
			switch int(p.t[j].val) {
			case ',', '-', '@', '|', '~', ':':
				j++
				continue
			}
		case tWord:
			w := p.text(j)
			if (w == "T" || w == "t") && p.glued(j) && p.glued(j+1) {
				return j + 1
			}
			switch len(w) {
			case 2, 3, 4, 5, 6, 7, 8, 13:
				if connDT[string(lowerKey(make([]byte, 0, 16), w))] {
					j++
					continue
				}
			}
		}
		break
	}
	return j
}

var connDT = map[string]bool{
	"at": true, "around": true, "about": true, "approximately": true, "approx": true, "ca": true,
	"from": true, "between": true, "by": true, "since": true, "until": true, "starting": true,
}

// skipTD skips the words between a time (and zone) and a following date ("11:30 AM CET on February 15").
func (p *parser) skipTD(j int) int {
	for n := 0; n < 2; n++ {
		if p.isP(j, ',') || p.isP(j, '-') || p.wordIs(j, "on") {
			j++
			continue
		}
		break
	}
	return j
}

// skipGloss skips a parenthesised time with its zone right after a time
// ("(22:14 UTC)") and returns the token after it only when a date follows;
// else it returns j.
func (p *parser) skipGloss(j int) int {
	if !p.isP(j, '(') {
		return j
	}
	t, k, ok := p.clock(j + 1)
	if !ok {
		return j
	}
	z, k2 := p.zone(k, t.hasSec, false)
	if !z.present || !p.isP(k2, ')') {
		return j
	}
	if _, _, ok := p.date(p.skipTD(k2 + 1)); !ok {
		return j
	}
	return k2 + 1
}

// expr recognises a date, a time, or both, with an optional zone, at token i.
func (p *parser) expr(i int) (raw, bool) {
	r := raw{start: i}
	if d, j, ok := p.date(i); ok {
		r.d, r.hasDate, r.end = d, true, j
		k := p.skipDT(j)
		iso := d.iso && k == j+1 && p.glued(k)
		if p.newlines(k) > 1 { // not across a blank line
			return r, true
		}
		if t, k2, ok := p.clock(k); ok {
			r.t, r.hasTime, r.end = t, true, k2
			if z, k3 := p.zone(k2, iso || t.hasSec, iso); z.present {
				r.z, r.end = z, k3
			}
		}
		return r, true
	}
	t, j, ok := p.clock(i)
	if !ok {
		return r, false
	}
	r.t, r.hasTime, r.end = t, true, j
	if z, k := p.zone(j, t.hasSec, false); z.present {
		r.z, r.end = z, k
	}
	k := p.skipTD(r.end)
	if g := p.skipGloss(k); g > k && r.z.present {
		// "15:14 PDT (22:14 UTC) on 2020-09-11": the same time in a
		// second zone, then the date both share
		k = p.skipTD(g)
	}
	if p.newlines(k) > 0 { // a date after the time must be on its line
		return r, true
	}
	if d, k2, ok := p.date(k); ok {
		r.d, r.hasDate, r.end = d, true, k2
		if !r.z.present {
			if z, k3 := p.zone(k2, false, false); z.present {
				r.z, r.end = z, k3
			}
		}
	}
	return r, true
}

// shareRange gives a zone-less time the zone of the other end of a range:
// "19:52-20:35 UTC", "between 09:50 and 10:40 UTC".
func (p *parser) shareRange(r *raw) {
	if !r.hasTime || (r.z.present && r.hasDate) {
		return
	}
	j := r.end
	if !(p.isP(j, '-') || p.wordIs(j, "to") || p.wordIs(j, "and") || p.wordIs(j, "until") ||
		p.wordIs(j, "till") || p.wordIs(j, "through") || p.wordIs(j, "thru")) {
		return
	}
	r2, ok := p.expr(j + 1)
	if !ok || !r2.hasTime {
		return
	}
	if !r2.z.present {
		if !r.z.present {
			shareMeridiem(r, &r2) // "2:07 - 3 PM": the zone comes from context
		}
		return
	}
	sameZone := !r.z.present || p.span(r.z.tEnd-1, r.z.tEnd) == p.span(r2.z.tEnd-1, r2.z.tEnd)
	if !r.z.present {
		r.z, r.zoneShared = r2.z, true
	}
	// "between 17:40 and 20:20 UTC on 05 Mar 2018", and "Between 13:48 UTC and
	// 15:20 UTC on 27 July 2021" (the start has its own zone, the same as the end's)
	if !r.hasDate && r2.hasDate && !r2.d.bad && sameZone {
		r.d, r.hasDate, r.dateShared = r2.d, true, true
		if r.t.h*60+r.t.m > r2.t.h*60+r2.t.m && r.d.hasYear { // "between 23:55 and 01:15 UTC on 22 Dec"
			y, m, d := time.Date(r.d.y, time.Month(r.d.m), r.d.d-1, 0, 0, 0, 0, time.UTC).Date()
			r.d.y, r.d.m, r.d.d, r.d.wd, r.prevDay = y, int(m), d, -1, true
		}
	}
	if r.zoneShared {
		shareMeridiem(r, &r2)
	}
}

// shareMeridiem: in "1:50 and 2:40 PM" the meridiem carries when it keeps
// the range in order.
func shareMeridiem(r, r2 *raw) {
	if r.t.ampm == 0 && r2.t.ampm == 'p' && r.t.hRaw >= 1 && r.t.hRaw < 12 && r.t.hRaw+12 <= r2.t.h {
		r.t.h = r.t.hRaw + 12
	}
}

// state is what carries from one match to the next in a text.
type state struct {
	src     string // the text being read
	c       Context
	zone    zref
	hasZone bool
	date    dateRaw
	hasDate bool
	// last is the previous match; dateFromTime: st.date came from it (not from a bare date).
	last         time.Time
	dateFromTime bool
	// defs are abbreviations the text defined with a gloss ("CST (UTC+8)"):
	// later uses of the same abbreviation in the text take its offset.
	defs map[string]zref
}

const (
	kOK = iota
	kGap
	kFold
)

func offAt(loc *time.Location, u int64) int64 {
	_, o := time.Unix(u, 0).In(loc).Zone()
	return int64(o)
}

// wallToUTC converts a local wall time in zone z to UTC. In a DST gap it takes the
// post-transition reading (02:30 -> 03:30 daylight); in a fold, the first occurrence.
func wallToUTC(y, mo, d, h, mi, s, ns int, z *zref) (time.Time, int) {
	w := time.Date(y, time.Month(mo), d, h, mi, s, ns, time.UTC)
	if z.fixed || z.loc == nil {
		return w.Add(-time.Duration(z.off) * time.Second), kOK
	}
	ws := w.Unix()
	oa, ob := offAt(z.loc, ws-86400), offAt(z.loc, ws+86400)
	ua, ub := ws-oa, ws-ob
	u, kind := ua, kOK
	if oa != ob {
		va, vb := offAt(z.loc, ua) == oa, offAt(z.loc, ub) == ob
		switch {
		case va && vb:
			kind = kFold
			if ub < ua {
				u = ub
			}
		case vb:
			u = ub
		case !va:
			kind = kGap // u = ws - oa: the pre-transition offset moves the clock forward
		}
	}
	return time.Unix(u, int64(ns)).UTC(), kind
}

// resolve applies the context to r.
func (st *state) resolve(r *raw) (Result, error) {
	var res Result
	z, infZone, err := st.zoneOf(r, &res)
	if err != nil {
		return res, err
	}
	d, infDate, err := st.dateOf(r)
	if err != nil {
		return res, err
	}
	t := &r.t
	var kind int
	infYear := !d.hasYear
	if d.hasYear {
		if !validDate(d.y, d.m, d.d) {
			return res, fmt.Errorf("%w: no such date %04d-%02d-%02d", ErrNoTime, d.y, d.m, d.d)
		}
		res.Time, kind = wallToUTC(d.y, d.m, d.d, t.h, t.m, t.s, t.ns, &z)
	} else if res.Time, kind, err = placeYear(&d, t, &z, st.c); err != nil {
		return res, err
	}
	rolled := false
	if infDate && st.dateFromTime && res.Time.Before(st.last.Add(-12*time.Hour)) {
		// Prose runs forward: "at 11:49 PM PDT ... By 4:10 AM PDT" is the next morning.
		y, m, dd := time.Date(d.y, time.Month(d.m), d.d+1, 0, 0, 0, 0, time.UTC).Date()
		d.y, d.m, d.d, rolled = y, int(m), dd, true
		res.Time, kind = wallToUTC(d.y, d.m, d.d, t.h, t.m, t.s, t.ns, &z)
	}
	for _, inf := range []struct {
		on   bool
		what string
	}{{infDate, "date"}, {infYear, "year"}, {infZone, "zone"}} {
		if inf.on {
			res.Inferred = append(res.Inferred, inf.what)
		}
	}
	res.Warnings = append(res.Warnings, zoneWarnings(res.Time, &z, d, t, kind)...)
	res.Warnings = append(res.Warnings, shapeWarnings(r, d, t, &z, rolled)...)
	_, res.Offset = res.Time.In(z.location()).Zone()

	// What carries to later matches.
	if res.ZoneFrom == FromExplicit {
		st.zone, st.hasZone = z, true
	}
	st.date, st.hasDate = dateRaw{y: d.y, m: d.m, d: d.d, wd: -1, hasYear: true}, true
	st.last, st.dateFromTime = res.Time, true
	return res, nil
}

// zoneOf picks the zone of a match: its own, else one named earlier in the
// text, else Context.Zone, else Context.Default; it sets res.Zone and
// res.ZoneFrom and reports whether the zone was inferred.
func (st *state) zoneOf(r *raw, res *Result) (zref, bool, error) {
	c := st.c
	var z zref
	inferred := true
	switch {
	case r.z.present:
		if r.z.bad {
			return z, false, unknownZone(r.z.text(st.src))
		}
		z, res.ZoneFrom, inferred = r.z.ref, FromExplicit, false
		z.text = r.z.text(st.src)
		z = st.define(z, r.z.glossed)
	case st.hasZone:
		z, res.ZoneFrom = st.zone, FromContext
	case c.Zone != "":
		zr, err := lookupRef(c.Zone)
		if err != nil {
			return z, false, err
		}
		zr.text = c.Zone
		z, res.ZoneFrom = st.define(zr, false), FromContext
	case c.Default != nil:
		z = zref{text: c.Default.String(), loc: c.Default}
		res.ZoneFrom = FromDefault
	default:
		return z, false, ErrNoZone
	}
	res.Zone = z.text
	return z, inferred, nil
}

// dateOf picks the date of a match: its own, else one written earlier in
// the text, else Context.Date; it reports whether the date was inferred.
func (st *state) dateOf(r *raw) (dateRaw, bool, error) {
	var d dateRaw
	inferred := true
	switch {
	case r.hasDate:
		d, inferred = r.d, false
	case st.hasDate:
		d = st.date
	case !st.c.Date.IsZero():
		y, m, dd := st.c.Date.Date()
		d = dateRaw{y: y, m: int(m), d: dd, wd: -1, hasYear: true}
	default:
		return d, false, ErrNoDate
	}
	if d.bad {
		return d, false, fmt.Errorf("%w: no such date (month %d, day %d)", ErrNoTime, d.m, d.d)
	}
	return d, inferred, nil
}

// placeYear gives a year-less date the year (anchor's −1, 0 or +1) that
// makes it the latest instant not after the anchor + 48 h; the anchor is
// Context.Ref, else the end of Context.Date. It sets d.y and d.hasYear.
func placeYear(d *dateRaw, t *timeRaw, z *zref, c Context) (time.Time, int, error) {
	anchor := c.Ref
	if anchor.IsZero() && !c.Date.IsZero() {
		y, m, dd := c.Date.Date()
		anchor = time.Date(y, m, dd, 23, 59, 59, 0, time.UTC)
	}
	if anchor.IsZero() {
		return time.Time{}, 0, ErrNoYear
	}
	limit := anchor.Add(48 * time.Hour)
	var best, first time.Time
	var bestKind, firstKind, bestY, firstY int
	for y := anchor.Year() - 1; y <= anchor.Year()+1; y++ {
		if !validDate(y, d.m, d.d) {
			continue
		}
		tt, k := wallToUTC(y, d.m, d.d, t.h, t.m, t.s, t.ns, z)
		if first.IsZero() {
			first, firstKind, firstY = tt, k, y
		}
		if !tt.After(limit) && (best.IsZero() || tt.After(best)) {
			best, bestKind, bestY = tt, k, y
		}
	}
	if best.IsZero() {
		if first.IsZero() {
			return time.Time{}, 0, fmt.Errorf("%w: no such date --%02d-%02d near %d", ErrNoTime, d.m, d.d, anchor.Year())
		}
		best, bestKind, bestY = first, firstKind, firstY
	}
	d.y, d.hasYear = bestY, true
	return best, bestKind, nil
}

// zoneWarnings explains how the zone was read at t: a generic name by
// date, an ambiguous abbreviation by rule, a fixed abbreviation that
// contradicts its date, and wall times in a DST gap or fold.
func zoneWarnings(at time.Time, z *zref, d dateRaw, t *timeRaw, kind int) []string {
	var ws []string
	if e := z.e; e != nil {
		if e.generic() {
			name, off := at.In(e.loc).Zone()
			ws = append(ws, fmt.Sprintf("%q read as %s: %s (%s) on %04d-%02d-%02d",
				z.text, e.iana, name, fmtOff(off), d.y, d.m, d.d))
		} else {
			if e.warn != "" {
				ws = append(ws, e.warn)
			}
			if e.rloc != nil && e.dst >= 0 {
				inDST := at.In(e.rloc).IsDST()
				if (e.dst == 1 && !inDST) || (e.dst == 0 && e.stdCheck && inDST) {
					name, off := at.In(e.rloc).Zone()
					ws = append(ws, fmt.Sprintf(
						"%q (%s) written for %04d-%02d-%02d, when %s is on %s (%s); read as written",
						z.text, fmtOff(e.off), d.y, d.m, d.d, e.region, name, fmtOff(off)))
				}
			}
		}
	}
	switch kind {
	case kGap:
		name, off := at.In(z.loc).Zone()
		lt := at.In(z.loc)
		ws = append(ws, fmt.Sprintf(
			"%04d-%02d-%02d %02d:%02d does not exist in %s (clocks spring forward); read as %02d:%02d %s (%s)",
			d.y, d.m, d.d, t.h, t.m, z.loc, lt.Hour(), lt.Minute(), name, fmtOff(off)))
	case kFold:
		name, off := at.In(z.loc).Zone()
		ws = append(ws, fmt.Sprintf(
			"%04d-%02d-%02d %02d:%02d occurs twice in %s (clocks fall back); read as the first, %s (%s)",
			d.y, d.m, d.d, t.h, t.m, z.loc, name, fmtOff(off)))
	}
	return ws
}

// shapeWarnings explains readings of the written shape: a wrong weekday,
// "13:00 PM", a date moved to the next day, US month/day order, and a date
// or zone shared with the other end of a range.
func shapeWarnings(r *raw, d dateRaw, t *timeRaw, z *zref, rolled bool) []string {
	var ws []string
	if d.wd >= 0 {
		if wd := time.Date(d.y, time.Month(d.m), d.d, 12, 0, 0, 0, time.UTC).Weekday(); int(wd) != d.wd {
			ws = append(ws, fmt.Sprintf("weekday %s written for %04d-%02d-%02d, a %s",
				time.Weekday(d.wd), d.y, d.m, d.d, wd))
		}
	}
	if t.pmWarn {
		ws = append(ws, fmt.Sprintf("%d PM read as %02d:%02d (24-hour clock with PM)", t.hRaw, t.h, t.m))
	}
	if rolled {
		ws = append(ws, fmt.Sprintf(
			"no date written; read as %04d-%02d-%02d, the day after the previous time, which was over 12 hours later on the same day",
			d.y, d.m, d.d))
	}
	if d.mdy {
		ws = append(ws, fmt.Sprintf("%d/%d/%d read as month/day/year (US order)", d.m, d.d, d.y))
	}
	if r.dateShared {
		if r.prevDay {
			ws = append(ws, "date taken from the end of the range, the day before (range crosses midnight)")
		} else {
			ws = append(ws, "date taken from the end of the range")
		}
	}
	if r.zoneShared {
		ws = append(ws, fmt.Sprintf("zone %q taken from the end of the range", z.text))
	}
	return ws
}

// define records an abbreviation defined by a gloss, or gives an
// abbreviation the meaning the text defined for it earlier.
func (st *state) define(z zref, glossed bool) zref {
	if glossed {
		if st.defs == nil {
			st.defs = map[string]zref{}
		}
		st.defs[z.text] = z
		return z
	}
	if d, ok := st.defs[z.text]; ok {
		return d
	}
	return z
}

// carryDate remembers a date written without a time for later time-only matches.
func (st *state) carryDate(d dateRaw) {
	d.wd = -1
	st.date, st.hasDate, st.dateFromTime = d, true, false
}

// Parse reads one timestamp string (surrounding noise like "Posted", "Posted 11 months ago.",
// trailing periods, "on", "at", " - ", commas, repeated spaces and non-breaking spaces tolerated).
// The first date/time expression in s is used; a date written before it without a time
// supplies its date, as in Scan.
func Parse(s string, c Context) (Result, error) {
	var buf [40]token
	p := parser{s: s, t: tokenize(s, buf[:0])}
	st := state{src: s, c: c}
	dateOnly := false
	for i := 0; i < len(p.t); {
		r, ok := p.expr(i)
		if !ok {
			i++
			continue
		}
		if !r.hasTime {
			dateOnly = true
			if !r.d.bad {
				st.carryDate(r.d)
			}
			i = r.end
			continue
		}
		p.shareRange(&r)
		res, err := st.resolve(&r)
		if err != nil {
			return Result{}, err
		}
		return res, nil
	}
	if dateOnly {
		return Result{}, fmt.Errorf("%w: date without a time in %q", ErrNoTime, s)
	}
	return Result{}, fmt.Errorf("%w: %q", ErrNoTime, s)
}

// Match is one timestamp found in running text.
type Match struct {
	Start, End int    // byte offsets in the text
	Text       string // text[Start:End]
	Result     Result
	Err        error // non-nil when the span looks like a timestamp but could not be resolved (e.g. ErrNoYear)
}

// Scan finds every date/time expression in prose ("At approximately 11:30 AM CET on February 15, 2024",
// "between 09:50 and 10:40 UTC" (two matches), "from 19:52-20:35 UTC" (two matches sharing the zone),
// "July 1 2024 3:00PM - First error", "restored by 8:00 AM MT", "On July 2nd at 6:47 AM MT",
// "2024-07-02T14:00:00Z", "Friday, 2022-07-01 12:23 US/Pacific", "on 15 January 2024 at 14:05 UTC").
// A date without a time is not a match by itself, but it carries its date to later time-only
// matches in the same text, and a zone named in a match carries to later zone-less times
// (ZoneFrom "context"). Ranges "HH:MM-HH:MM ZONE" and "between HH:MM and HH:MM ZONE" give both
// ends the zone. Month names must be capitalised in prose.
func Scan(text string, c Context) []Match {
	p := parser{s: text, scan: true}
	p.t = tokenize(text, make([]token, 0, len(text)/5+4))
	st := state{src: text, c: c}
	var out []Match
	for i := 0; i < len(p.t); {
		if tk := &p.t[i]; tk.kind == tPunct || tk.kind == tWord && !isUpper(text[tk.start]) {
			i++ // an expression starts with a number, a weekday or a month (capitalised in prose)
			continue
		}
		if tk := &p.t[i]; tk.kind == tPunct || tk.kind == tWord && !isUpper(text[tk.start]) {
			i++ // an expression starts with a number, a weekday or a month (capitalised in prose)
			continue
		}
		r, ok := p.expr(i)
		if !ok {
			i++
			continue
		}
		i = r.end
		if !r.hasTime {
			if !r.d.bad {
				st.carryDate(r.d)
			}
			continue
		}
		p.shareRange(&r)
		m := Match{Start: int(p.t[r.start].start), End: int(p.t[r.end-1].end)}
		m.Text = text[m.Start:m.End]
		m.Result, m.Err = st.resolve(&r)
		if m.Err != nil && r.hasDate {
			st.hasDate = false // an unresolved date must not leak an older one
			if r.d.hasYear && !r.d.bad {
				st.carryDate(r.d)
			}
		}
		out = append(out, m)
	}
	return out
}
