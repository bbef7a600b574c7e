package analyze

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/postmortem-dev/postmortem/parse/incident"
	"github.com/postmortem-dev/postmortem/parse/incident/when"
)

// The prose reader: it reads the postmortem and the update bodies of an
// incident into Facts with explainable rules (the cue tables of rules.go).
func init() { proseReader = readFacts }

// doc is one text the prose reader reads: the postmortem or an update body.
type doc struct {
	text  string
	post  bool             // the postmortem (else an update body)
	upd   *incident.Update // the update, nil for the postmortem
	sents []sentence
	times []when.Match // every time found, offsets into text
	// windows counts the impact windows read so far: the first one a
	// text states is its headline (the summary), later ones are subsets
	windows int
}

// prose holds the documents of one incident while they are read.
type prose struct {
	inc   *incident.Incident
	opt   Options
	docs  []*doc // the postmortem first, then update bodies oldest first
	warns []incident.Warning
	seen  map[string]bool // warning messages already given
	// stated is statedRef's answer, once asked
	stated    time.Time
	statedSet bool
}

// readFacts is the prose reader set in init.
func readFacts(inc *incident.Incident, opt Options) Facts {
	p := newProse(inc, opt)
	f := Facts{Scope: Scope{Regions: []string{}, Components: []string{}}}
	if len(p.docs) == 0 {
		f.Scope = p.scope()
		f.RootCause = RootCause{Category: "undisclosed", Confidence: undisclosedConfidence(0)}
		f.Resolution = Resolution{Action: "unknown"}
		return f
	}
	p.instants(&f)
	f.StatedDuration, f.StatedDurationEvidence = p.statedDuration()
	f.RootCause = p.rootCause()
	f.Resolution = p.resolution()
	if f.Resolution.Action == "unknown" && f.RootCause.Category == "dependency" {
		f.Resolution = p.upstreamRecovery()
	}
	f.Scope = p.scope()
	f.CorrectiveActions = p.correctiveActions()
	f.Warnings = p.warns
	return f
}

// newProse collects the texts to read and finds their sentences and times.
func newProse(inc *incident.Incident, opt Options) *prose {
	p := &prose{inc: inc, opt: opt, seen: map[string]bool{}}
	pm := ""
	if inc.Postmortem != nil && strings.TrimSpace(inc.Postmortem.Text) != "" {
		pm = inc.Postmortem.Text
		p.docs = append(p.docs, &doc{text: unescapeMarkdown(pm), post: true})
	}
	if strings.TrimSpace(inc.Unplaced) != "" {
		p.docs = append(p.docs, &doc{text: unescapeMarkdown(inc.Unplaced), post: true})
	}
	for i := range inc.Updates {
		u := &inc.Updates[i]
		if strings.TrimSpace(u.Body) == "" || (u.Status == incident.StatusPostmortem && u.Body == pm) {
			continue
		}
		p.docs = append(p.docs, &doc{text: unescapeMarkdown(u.Body), post: u.Status == incident.StatusPostmortem, upd: u})
	}
	zone := p.documentZone()
	china := -1 // unknown until a CST time is read
	for _, d := range p.docs {
		d.sents = splitDoc(d.text)
		c := p.context(d, zone)
		if c.Ref.IsZero() {
			c.Date, c.Ref = dateline(d.text)
		}
		d.times = when.Scan(d.text, c)
		if hasCST(d.times) {
			if china < 0 {
				china = 0
				if chinaCST(p.docs) {
					china = 1
				}
			}
			if china == 1 {
				p.chinaTimes(d)
			}
		}
		repairRanges(d, c)
		p.placeDays(d)
	}
	p.summerLabels()
	for _, d := range p.docs {
		afternoon(d)
	}
	return p
}

// bareClock is a clock time written without a leading zero ("5:40").
var bareClock = regexp.MustCompile(`(?:^|[^\d:])([1-9]):[0-5]\d`)

// meridiem is an AM/PM marker, however written.
var meridiem = regexp.MustCompile(`(?i)\d\s*[ap]\.?m\b`)

// afternoon reads a 12-hour clock time written without AM or PM in an
// update ("At approximately 5:40 EST, we experienced a temporary utility
// interruption", posted at 6:20 PM EST) and taking its date from the post
// as the afternoon when the morning
// reading lies more than 12 hours before the post and the afternoon one
// not after it: an update tells what happened in the hours before it.
func afternoon(d *doc) {
	if d.upd == nil || d.upd.At.IsZero() {
		return
	}
	post := d.upd.At
	for i := range d.times {
		m := &d.times[i]
		if m.Err != nil || !slices.Contains(m.Result.Inferred, "date") || meridiem.MatchString(m.Text) || !bareClock.MatchString(m.Text) {
			continue
		}
		pm := m.Result.Time.Add(12 * time.Hour)
		if post.Sub(m.Result.Time) > 12*time.Hour && !pm.After(post) {
			m.Result.Time = pm
		}
	}
}

// stdZones maps a standard-time abbreviation to its daylight-time one and
// the region that observes both.
var stdZones = map[string]struct{ dst, region string }{
	"PST": {"PDT", "America/Los_Angeles"}, "MST": {"MDT", "America/Denver"},
	"CST": {"CDT", "America/Chicago"}, "EST": {"EDT", "America/New_York"},
	"AKST": {"AKDT", "America/Anchorage"}, "GMT": {"BST", "Europe/London"},
	"CET": {"CEST", "Europe/Paris"}, "EET": {"EEST", "Europe/Athens"},
	"WET": {"WEST", "Europe/Lisbon"}, "AEST": {"AEDT", "Australia/Sydney"},
	"NZST": {"NZDT", "Pacific/Auckland"},
}

var (
	stdRegionsOnce sync.Once
	stdRegions     map[string]*time.Location
)

// stdRegion is the location of a region of stdZones (nil if unknown).
func stdRegion(name string) *time.Location {
	stdRegionsOnce.Do(func() {
		stdRegions = map[string]*time.Location{}
		for _, sz := range stdZones {
			if loc, err := time.LoadLocation(sz.region); err == nil {
				stdRegions[sz.region] = loc
			}
		}
	})
	return stdRegions[name]
}

// summerLabels re-reads a standard-time label written on a date when its
// region is on daylight time ("08:46 AM PST" on May 10) as daylight time,
// when the same incident's own stamps use the daylight label ("08:46 PDT"):
// the writer's habit, not a zone of its own. Without such a stamp the label
// is read as written (when warns about it). A zone_label warning quotes it.
func (p *prose) summerLabels() {
	var dst map[string]bool
	for _, d := range p.docs {
		for i := range d.times {
			m := &d.times[i]
			if m.Err != nil || m.Result.ZoneFrom != when.FromExplicit {
				continue
			}
			sz, ok := stdZones[strings.ToUpper(m.Result.Zone)]
			if !ok {
				continue
			}
			loc := stdRegion(sz.region)
			if loc == nil || !m.Result.Time.In(loc).IsDST() {
				continue
			}
			if dst == nil {
				dst = p.daylightLabels()
			}
			if !dst[sz.dst] {
				continue
			}
			m.Result.Time = m.Result.Time.Add(-time.Hour)
			if !p.seen["summer:"+m.Result.Zone] {
				p.seen["summer:"+m.Result.Zone] = true
				p.warn(WarnZoneLabel, fmt.Sprintf("%q is written on a date when %s is on %s, and the incident's own stamps say %s: read as %s", m.Text, sz.region, sz.dst, sz.dst, sz.dst))
			}
			m.Result.Zone = sz.dst
		}
	}
}

// daylightLabels lists the daylight-time abbreviations the incident's
// stamps and texts use explicitly.
func (p *prose) daylightLabels() map[string]bool {
	out := map[string]bool{}
	note := func(z string) {
		for _, sz := range stdZones {
			if strings.EqualFold(z, sz.dst) {
				out[sz.dst] = true
			}
		}
	}
	for _, u := range p.inc.Updates {
		for _, f := range strings.FieldsFunc(u.Stamp, func(r rune) bool { return !unicode.IsLetter(r) }) {
			note(f)
		}
	}
	for _, d := range p.docs {
		for _, m := range d.times {
			if m.Err == nil && m.Result.ZoneFrom == when.FromExplicit {
				note(m.Result.Zone)
			}
		}
	}
	return out
}

// unescapeMarkdown drops the backslash of Markdown's escaped punctuation
// ("1:06 pm \\(CDT\\)" in a write-up exported as Markdown), so that the
// zone, the list and the sentence read as written.
func unescapeMarkdown(s string) string {
	if strings.IndexByte(s, '\\') < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && strings.IndexByte(mdPunct, s[i+1]) >= 0 {
			i++ // the escaped character, kept as it is
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// mdPunct is the ASCII punctuation CommonMark lets a backslash escape.
const mdPunct = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"

// ChinaStandardTime is CST read as China Standard Time (UTC+8).
var ChinaStandardTime = time.FixedZone("CST", 8*3600)

// CSTIsChina reports whether the texts of one report make a bare "CST"
// China Standard Time (UTC+8) rather than US Central: they name China
// (China, Chinese, Beijing, Shanghai: "customers in the Azure China
// regions", azure-r5) and no US place. A rule about the text only.
func CSTIsChina(texts ...string) bool {
	cn := false
	for _, t := range texts {
		if usPlace.MatchString(t) {
			return false
		}
		cn = cn || chinaPlace.MatchString(t)
	}
	return cn
}

func chinaCST(docs []*doc) bool {
	texts := make([]string, len(docs))
	for i, d := range docs {
		texts[i] = d.text
	}
	return CSTIsChina(texts...)
}

func hasCST(ms []when.Match) bool {
	for _, m := range ms {
		if m.Err == nil && strings.EqualFold(m.Result.Zone, "CST") {
			return true
		}
	}
	return false
}

// chinaTimes re-reads the times of d written (or placed) in CST as China
// Standard Time, with a warning that says why.
func (p *prose) chinaTimes(d *doc) {
	for i := range d.times {
		r := &d.times[i].Result
		if d.times[i].Err != nil || !strings.EqualFold(r.Zone, "CST") || r.Offset == 8*3600 {
			continue
		}
		r.Time = r.Time.Add(time.Duration(r.Offset-8*3600) * time.Second)
		r.Offset = 8 * 3600
		r.Warnings = nil
		p.warn(WarnZoneByRule, `ambiguous zone "CST" read as China Standard Time (UTC+8): the report names China and no US place`)
	}
}

// documentZone is the zone for times that name none: the incident's own
// zone (the page's time zone or the abbreviation its stamps use), else the
// first zone named in its texts. Empty: opt.Zone (--tz) applies, else such
// times stay unknown with a warning.
func (p *prose) documentZone() string {
	// a note on the zone of the document's times ("times are in
	// Coordinated Universal Time (UTC)") is the document's own word on
	// its unzoned times, above the zone its other stamps use
	for _, d := range p.docs {
		if z := when.ZoneNote(d.text); z != "" {
			return z
		}
	}
	if p.inc.Zone != "" {
		return p.inc.Zone
	}
	for _, d := range p.docs {
		for _, m := range when.Scan(d.text, when.Context{}) {
			if m.Err == nil && m.Result.ZoneFrom == when.FromExplicit {
				return m.Result.Zone
			}
		}
	}
	return ""
}

// context gives a text its dates: an update body its own date, a
// postmortem the first update's date (the incident's day; it is often
// published days later) with its own publication time anchoring years.
func (p *prose) context(d *doc, zone string) when.Context {
	c := when.Context{Zone: zone, Default: p.opt.Zone}
	var date, ref time.Time
	if d.upd != nil {
		date, ref = d.upd.At, d.upd.At
	} else {
		if fu := firstUpdate(p.inc); fu.At != nil {
			date = *fu.At
		}
		if p.inc.Postmortem != nil {
			ref = p.inc.Postmortem.At
		}
		if date.IsZero() {
			date = ref
		}
		if ref.IsZero() {
			ref = lastUpdateTime(p.inc)
		}
		if ref.IsZero() {
			// a write-up with no dated post: the dates it states itself
			// ("Service outages, 9-14 July 2016") give its year
			ref = p.statedRef()
		}
	}
	if !date.IsZero() {
		c.Date = localDate(date, zone, p.opt.Zone)
	}
	if !ref.IsZero() {
		c.Ref = ref
	}
	return c
}

// statedDate is a calendar date with its year as prose writes it: "May
// 15, 2018", "9-14 July 2016", "July 2016", "2018-05-15".
var statedDate = regexp.MustCompile(`(?i)\b(?:(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? (?:(\d{1,2})(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{1,2})?,? )?((?:19|20)\d\d)|(\d{1,2})(?:\s*[-–]\s*\d{1,2})? (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*,? ((?:19|20)\d\d)|((?:19|20)\d\d)-(\d\d)-(\d\d))\b`)

// statedDayRange is the end of a range of days in a stated date ("9-14 July").
var statedDayRange = regexp.MustCompile(`\d\s*[-–]\s*(\d{1,2})\b`)

var monthNum = map[string]time.Month{"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12}

// statedRef anchors the year-less dates of a text that has no dated post:
// two days after the latest date with a year its documents state (a month
// alone counts as its last day). Zero when they state none: a year is
// never guessed.
func (p *prose) statedRef() time.Time {
	if p.statedSet {
		return p.stated
	}
	p.stated, p.statedSet = p.readStatedRef(), true
	return p.stated
}

func (p *prose) readStatedRef() time.Time {
	var ref time.Time
	for _, d := range p.docs {
		t := d.text[:min(len(d.text), 65536)]
		for _, m := range statedDates(t) {
			var y, day int
			var mon time.Month
			switch {
			case m[3] != "":
				y, mon = atoi(m[3]), monthNum[strings.ToLower(m[1])]
				day = atoi(m[2])
				if day == 0 {
					day = time.Date(y, mon+1, 0, 0, 0, 0, 0, time.UTC).Day()
				}
			case m[6] != "":
				y, mon, day = atoi(m[6]), monthNum[strings.ToLower(m[5])], atoi(m[4])
			default:
				y, mon, day = atoi(m[7]), time.Month(atoi(m[8])), atoi(m[9])
			}
			if r := statedDayRange.FindStringSubmatch(m[0]); r != nil && m[7] == "" {
				day = atoi(r[1]) // "9-14 July 2016" runs to the 14th
			}
			if mon < 1 || mon > 12 || day < 1 || day > 31 {
				continue
			}
			if at := time.Date(y, mon, day, 0, 0, 0, 0, time.UTC).Add(72 * time.Hour); at.After(ref) {
				ref = at
			}
		}
	}
	return ref
}

// statedDates runs statedDate only around the four-digit years of t (a
// date without a year is no anchor), at most 64 of them.
func statedDates(t string) [][]string {
	var out [][]string
	last := -1 // end of the last window read
	for i := 0; i+4 <= len(t) && len(out) < 64; i++ {
		if !(t[i] == '1' && t[i+1] == '9' || t[i] == '2' && t[i+1] == '0') || !isDigit(t[i+2]) || !isDigit(t[i+3]) ||
			i > 0 && isDigit(t[i-1]) || i+4 < len(t) && isDigit(t[i+4]) {
			continue
		}
		a, b := max(i-28, last, 0), min(i+10, len(t))
		if a >= b {
			continue
		}
		out = append(out, statedDate.FindAllStringSubmatch(t[a:b], 4)...)
		last, i = b, b-1
	}
	return out
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// localDate is t seen in the document's zone, so a time-only "11:55 PM
// PST" in an update posted at 07:58Z takes the local (previous) day.
func localDate(t time.Time, zone string, def *time.Location) time.Time {
	if zone != "" {
		if loc, _, err := when.LookupZone(zone); err == nil && loc != nil {
			return t.In(loc)
		}
	}
	if def != nil {
		return t.In(def)
	}
	return t
}

func lastUpdateTime(inc *incident.Incident) time.Time {
	var t time.Time
	for _, u := range inc.Updates {
		if u.At.After(t) {
			t = u.At
		}
	}
	return t
}

// dateline dates a document that has no other date: a short line near
// its top that is only a date ("02/12/2021" over an RCA) anchors its
// year-less dates and its time-only strings.
func dateline(text string) (time.Time, time.Time) {
	for i, ln := range strings.SplitN(text, "\n", 16) {
		ln = strings.TrimSpace(ln)
		if i == 15 || len(ln) < 6 || len(ln) > 30 || !hasYear(ln) {
			continue
		}
		if r, err := when.Parse(ln+" 12:00 UTC", when.Context{}); err == nil {
			return r.Time, r.Time.Add(36 * time.Hour)
		}
	}
	return time.Time{}, time.Time{}
}

func hasYear(s string) bool {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			n++
			if n == 4 && (i+1 == len(s) || s[i+1] < '0' || s[i+1] > '9') {
				return s[i-3] == '1' || s[i-3] == '2'
			}
			continue
		}
		n = 0
	}
	return false
}

// repairRanges places the start of a range that could not be placed alone
// with the date, year and zone of its end: "Between 01:13 UTC and 13:25 UTC
// on 13 November 2024", "Between February 11, 23:23 UTC and February 12,
// 04:30 UTC" (years from the end's context).
func repairRanges(d *doc, c when.Context) {
	for i := 0; i+1 < len(d.times); i++ {
		a, b := &d.times[i], d.times[i+1]
		if a.Err == nil || b.Err != nil || !windowJoin.MatchString(d.text[a.End:b.Start]) {
			continue
		}
		rc := when.Context{Zone: b.Result.Zone, Default: c.Default, Date: localDate(b.Result.Time, b.Result.Zone, c.Default), Ref: b.Result.Time}
		if r, err := when.Parse(a.Text, rc); err == nil {
			if !r.Time.After(b.Result.Time) || r.Time.Sub(b.Result.Time) < 0 {
				a.Result, a.Err = r, nil
			}
		}
	}
}

// placeDays moves a time that took its date from an update's own date but
// lands more than an hour after the update was posted to the day before:
// "beginning at 11:45 PM" in a post made at 12:30 AM is last night.
func (p *prose) placeDays(d *doc) {
	if d.upd == nil || d.upd.At.IsZero() {
		return
	}
	for i := range d.times {
		m := &d.times[i]
		if m.Err != nil || !inferred(m.Result, "date") {
			continue
		}
		if m.Result.Time.Sub(d.upd.At) > time.Hour {
			m.Result.Time = m.Result.Time.Add(-24 * time.Hour)
		}
	}
}

func inferred(r when.Result, what string) bool {
	for _, s := range r.Inferred {
		if s == what {
			return true
		}
	}
	return false
}

// timesIn returns the times whose span lies inside the sentence.
func (d *doc) timesIn(s sentence) []when.Match {
	var out []when.Match
	for _, m := range d.times {
		if m.Start >= s.start && m.End <= s.end {
			out = append(out, m)
		}
	}
	return out
}

// warn records a prose warning once.
func (p *prose) warn(code, msg string) {
	if p.seen[code+msg] {
		return
	}
	p.seen[code+msg] = true
	p.warns = append(p.warns, incident.Warning{Code: code, Message: msg})
}

// evidence quotes a sentence as evidence, with where it was found.
func (d *doc) evidence(s string) string {
	where := "postmortem"
	if d.upd != nil {
		where = string(d.upd.Status) + " update"
		if d.upd.Stamp != "" {
			where += " " + d.upd.Stamp
		}
	}
	return where + ": " + clip(s, 240)
}

// quote is a sentence of a document, quoted as evidence (d.evidence) only
// when it wins: most candidates and votes lose.
type quote struct {
	d    *doc
	text string
}

// source is the instant source of what this text states.
func (d *doc) source() string {
	if d.post {
		return incident.SourcePostmortem
	}
	return incident.SourceStatusUpdate
}

// allSentences calls fn for every sentence of every document in reading
// order (the postmortem first).
func (p *prose) allSentences(fn func(d *doc, s sentence)) {
	for _, d := range p.docs {
		for _, s := range d.sents {
			fn(d, s)
		}
	}
}
