package analyze

import (
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/postmortem-dev/postmortem/parse/incident"
	"github.com/postmortem-dev/postmortem/parse/incident/when"
)

// candidate is a time the prose states for one instant kind.
type candidate struct {
	at     time.Time
	rank   int // lower is better: where and how it was stated
	source string
	q      quote // the sentence, quoted as evidence if it is picked
}

// Candidate ranks: a postmortem beats an update body; within one, a
// timeline line beats a stated window, which beats a lone time.
const (
	rankField    = -1 // a labelled field: "Incident End: 12 November 2021 02:14"
	rankTimeline = 0
	rankWindow   = 2
	rankSingle   = 4
	rankAside    = 1  // added outside the summary and impact sections
	rankUpdate   = 10 // added for update bodies
)

// sectionRank keeps a postmortem's summary and impact statement ahead of a
// time stated under Root Cause or Resolution ("triggered by a utility
// power sag at 08:41 UTC" is the cause, not the impact start).
func sectionRank(s sentence) int {
	switch s.sec {
	case secNone, secSummary, secImpact, secTimeline, secOther:
		return 0
	}
	return rankAside
}

// timelineSep is what follows the time on a timeline line: "July 1 2024
// 1:01PM - Initial application deployment", "14:05 UTC: alerts fired".
var timelineSep = regexp.MustCompile(`^\s*(?:[-–—:|]|\)|\])\s*`)

// instants reads the timeline lines and the dated sentences of every
// document into Facts candidates and Facts.Timeline.
func (p *prose) instants(f *Facts) {
	cands := map[string][]candidate{}
	add := func(kind string, c candidate) { cands[kind] = append(cands[kind], c) }
	for _, d := range p.docs {
		extra := 0
		if !d.post {
			extra = rankUpdate
		}
		detectedAt := time.Time{}
		for _, s := range d.sents {
			ms := usable(d.timesIn(s))
			if ev, ok := timelineEvent(d, s, ms); ok {
				if ev.Kind == kindDetected && detectedAt.IsZero() {
					detectedAt = ev.At
				}
				if ev.Kind == kindChange && !detectedAt.IsZero() && ev.At.After(detectedAt) {
					ev.Kind = "" // a change after detection is the remedy, not the trigger
				}
				f.Timeline = append(f.Timeline, ev)
				if ev.Kind != "" {
					add(ev.Kind, candidate{ev.At, rankTimeline + extra, d.source(), quote{d, s.text}})
				}
				continue
			}
			p.datedSentence(d, s, ms, extra, add)
		}
	}
	p.unplaced()
	f.ImpactStart = pick(cands[kindStart], kindStart, false)
	f.ImpactEnd = pick(cands["impact_end"], "impact_end", true)
	f.Change = pick(cands[kindChange], kindChange, false)
	f.Detected = pick(cands[kindDetected], kindDetected, false)
	f.Identified = pick(cands[kindIdent], kindIdent, false)
	f.Mitigated = pick(cands[kindMitig], kindMitig, false)
	for _, later := range []incident.Instant{f.ImpactStart, f.Mitigated} {
		if f.Change.At != nil && later.At != nil && f.Change.At.After(*later.At) {
			f.Change = incident.Instant{} // a "change" after the impact began, or after mitigation, did not trigger it
		}
	}
}

// usable drops the times that could not be resolved.
func usable(ms []when.Match) []when.Match {
	out := ms[:0:0]
	for _, m := range ms {
		if m.Err == nil {
			out = append(out, m)
		}
	}
	return out
}

// timelineEvent reads a line that starts with a time and goes on after a
// separator: a postmortem timeline entry.
func timelineEvent(d *doc, s sentence, ms []when.Match) (TimelineEvent, bool) {
	if len(ms) == 0 || !s.lineStart || (s.sec != secTimeline && !s.item) {
		return TimelineEvent{}, false
	}
	m := ms[0]
	if strings.TrimSpace(strings.Trim(d.text[s.start:m.Start], "*_•-–[( \t")) != "" {
		return TimelineEvent{}, false
	}
	rest := d.text[m.End:s.end]
	sep := timelineSep.FindStringIndex(rest)
	if sep == nil && s.sec != secTimeline {
		return TimelineEvent{}, false
	}
	if sep != nil {
		rest = rest[sep[1]:]
	}
	// a line may run on into the next sentences of the same line
	text := cleanMarkup(rest)
	return TimelineEvent{At: m.Result.Time, Text: text, Kind: classify(text)}, true
}

// classify returns the event kind of a text by the first matching cue.
func classify(text string) string {
	for _, ec := range eventCues {
		if ec.re.MatchString(text) {
			return ec.kind
		}
	}
	return ""
}

// impactCue marks a sentence about impact or its cause; with a time and no
// other cue it states when the impact began ("At approximately 11:30 AM
// CET on February 15, 2024, a bug fix caused an unexpected slowdown").
var impactCue = cue(`impact|experienc|errors?\b|unavailab|outage|degrad|slow|fail|disrupt|caused|issues?\b|latenc|delay|unable|could not|interrupt|timeouts?|elevated|increased|intermittent|problems?\b|affected|expired`)

// datedSentence reads a sentence with times: a window ("between 09:50
// and 10:40 UTC") gives a start and an end; a lone time takes the kind of
// the sentence's cues.
func (p *prose) datedSentence(d *doc, s sentence, ms []when.Match, extra int, add func(string, candidate)) {
	if len(ms) == 0 || (futureTense.MatchString(s.text) && !(pastEvent.MatchString(s.text) && !expectation.MatchString(s.text))) {
		return
	}
	extra += sectionRank(s)
	ev := quote{d, s.text}
	if f := fieldLabel(d, s); f != "" {
		kind := kindStart
		if strings.EqualFold(f, "end") {
			kind = "impact_end"
		}
		// the vendor's own record of the window, in whatever text it
		// appears: it outranks prose windows
		add(kind, candidate{ms[0].Result.Time, rankField, d.source(), ev})
		return
	}
	if a, b, ok := window(d, s, ms); ok {
		// the first window a postmortem states is its headline, the
		// summary of impact ("Between 11:45 and 13:58 UTC ..., a subset of
		// customers experienced ..."); a later one is a part or a tail
		// ("From 13:58 to 19:43 UTC, a smaller set of customers continued
		// ...", azure-r7) and ranks after it. A status post's windows are
		// the parts of the event, all at one rank.
		r := rankWindow + extra
		switch {
		case !impactCue.MatchString(s.text) && !windowCue.MatchString(s.text):
			// a bare stamp range, a page's header ("May 15, 2018, 2:07 -
			// 3 PM Resolved after an hour"): the page's window, which the
			// vendor's own sentences outrank (METRICS.md §1)
			r = rankSingle + 1 + extra
		case d.post:
			r += min(d.windows, 1)
			d.windows++
		}
		add(kindStart, candidate{a.Result.Time, r, d.source(), ev})
		if !b.Result.Time.Before(a.Result.Time) {
			add("impact_end", candidate{b.Result.Time, r, d.source(), ev})
		}
		return
	}
	if len(ms) > 2 {
		return // a list of times: leave it to the timeline rules
	}
	// the clause before the first time names the event when the time
	// comes late ("full functionality was restored by 8:00 AM MT")
	kind := classify(s.text)
	if kind == "" {
		kind = classify(lineLabel(d, s)) // "Incident reported: 4:45AM EST": the label was taken off as a heading
	}
	if kind == "" && impactCue.MatchString(s.text) && s.sec != secResolution && s.sec != secActions {
		kind = kindStart
		if untilTime.MatchString(d.text[max(s.start, ms[0].Start-12):ms[0].Start]) {
			kind = kindResolved // "caused a complete outage until 6:20AM ET": its end
		}
	}
	switch kind {
	case "":
		return
	case kindResolved:
		kind = "impact_end"
	}
	r := rankSingle + extra
	if kind == kindStart && d.post && d.windows == 0 && (s.sec == secNone || s.sec == secSummary || s.sec == secImpact) {
		// a postmortem that opens with a start and no window ("Starting at
		// approximately 10:30 UTC on 30 August 2023, customers may have
		// experienced issues", azure-r17) states its headline there: it
		// ranks as a window, and later windows are parts
		r = rankWindow + extra
		d.windows++
	}
	add(kind, candidate{ms[0].Result.Time, r, d.source(), ev})
	if kind == kindStart && weNoticed.MatchString(s.text) {
		add(kindDetected, candidate{ms[0].Result.Time, rankSingle + extra, d.source(), ev})
	}
	if kind == kindMitig { // "Recovery began at 7:31 PM, and by 9:28 PM the backlog was delivered"
		add("impact_end", candidate{ms[len(ms)-1].Result.Time, rankSingle + extra, d.source(), ev})
	}
}

// lineLabel is the start of the line before the sentence when it is a
// short label ending in ":" that the sentence splitter took off as a
// heading, else "".
func lineLabel(d *doc, s sentence) string {
	ls := strings.LastIndexByte(d.text[:s.start], '\n') + 1
	lead := strings.TrimSpace(d.text[ls:s.start])
	if lead == "" || len(lead) > 60 || !strings.HasSuffix(strings.TrimRight(lead, "*_ "), ":") {
		return ""
	}
	return cleanMarkup(lead)
}

// fieldLabel reads a labelled window field ("Incident End: ...") and
// returns "start" or "end", else "". The label may have been taken off the
// sentence as its heading ("**Google Cloud Platform Impact End:** 14
// November 2022 11:38"), so the line is read from its start.
func fieldLabel(d *doc, s sentence) string {
	ls := strings.LastIndexByte(d.text[:s.start], '\n') + 1
	if s.start-ls > 80 || !(containsFold(d.text[ls:s.end], "start") || containsFold(d.text[ls:s.end], "end")) {
		return ""
	}
	lead := s.text
	if ls < s.start {
		lead = cleanMarkup(d.text[ls:s.start]) + " " + s.text
	}
	if f := windowField.FindStringSubmatch(lead); f != nil {
		return f[1]
	}
	return ""
}

// window finds two times joined as a range, the first preceded by
// "between", "from" or "starting" within a few words.
func window(d *doc, s sentence, ms []when.Match) (when.Match, when.Match, bool) {
	for i := 0; i+1 < len(ms); i++ {
		a, b := ms[i], ms[i+1]
		if !windowJoin.MatchString(d.text[a.End:b.Start]) {
			continue
		}
		// the cue may sit inside the first match: "On December 3, 2023
		// from 09:31 until 10:46 UTC"
		lead := d.text[max(s.start, a.Start-40):a.End]
		join := d.text[a.End:b.Start]
		if !windowCue.MatchString(lead) && !strings.ContainsAny(join, "-–") && !bareRange(d, s, a, b) {
			continue
		}
		// "between 02:20 UTC to 03:30 UTC and 04:07 UTC to 04:52 UTC": the
		// last window of a chain ends it
		for j := i + 2; j+1 < len(ms) && windowChain.MatchString(d.text[b.End:ms[j].Start]) &&
			windowJoin.MatchString(d.text[ms[j].End:ms[j+1].Start]); j += 2 {
			b = ms[j+1]
		}
		return dateFromEnd(a, b), b, true
	}
	return when.Match{}, when.Match{}, false
}

// expectation is the future proper ("we expect", "will be"); pastEvent
// a sentence that tells what happened. A sentence about planned work that
// tells what happened in it ("Beginning on Jan 8th at 1:25AM ET we lost
// connectivity ... during a scheduled maintenance window") is read.
var (
	expectation = regexp.MustCompile(`(?i)\b(?:we expect|expected to|will be|estimated)\b`)
	pastEvent   = regexp.MustCompile(`(?i)\b(?:we lost|lost (?:connectivity|power|access)|experienced|occurred|caused|failed|went down|was (?:down|unavailable|unreachable))\b`)
)

// untilTime stands right before a time that ends what the sentence tells.
var untilTime = regexp.MustCompile(`(?i)\b(?:until|till|through)\s+(?:approximately\s+|about\s+|around\s+)?$`)

// bareRange reports a sentence that is only a range of two times: "25th
// August 2015 - 12:00am UTC to 3:00am UTC." (a write-up's window line).
func bareRange(d *doc, s sentence, a, b when.Match) bool {
	out := d.text[s.start:a.Start] + " " + d.text[a.End:b.Start] + " " + d.text[b.End:s.end]
	for _, w := range strings.FieldsFunc(out, func(r rune) bool { return !unicode.IsLetter(r) }) {
		switch strings.ToLower(w) {
		case "to", "until", "till", "through", "and":
		default:
			return false
		}
	}
	return true
}

// dateFromEnd gives a window's start the date written at its end when the
// start took its date from context: "Between 13:48 UTC and 15:20 UTC on 27
// July 2021" starts on 27 July, "between 23:00 and 01:10 UTC on 5 March"
// the evening before.
func dateFromEnd(a, b when.Match) when.Match {
	if !inferred(a.Result, "date") || inferred(b.Result, "date") {
		return a
	}
	t, end := a.Result.Time, b.Result.Time
	for t.After(end) {
		t = t.Add(-24 * time.Hour)
	}
	for end.Sub(t) >= 24*time.Hour {
		t = t.Add(24 * time.Hour)
	}
	a.Result.Time = t
	return a
}

// pick chooses among the candidates of one kind: the best rank, then the
// earliest time (the latest for an end).
func pick(cs []candidate, kind string, latest bool) incident.Instant {
	var best *candidate
	for i := range cs {
		c := &cs[i]
		switch {
		case best == nil, c.rank < best.rank:
			best = c
		case c.rank == best.rank && latest && c.at.After(best.at):
			best = c
		case c.rank == best.rank && !latest && c.at.Before(best.at):
			best = c
		}
	}
	if best == nil {
		return incident.Instant{}
	}
	return incident.NewInstant(best.at, best.source, best.q.d.evidence(best.q.text))
}

// unplaced warns about times in the prose that could not be placed (no
// year, no zone) and about zone abbreviations read by rule ("MT", "CST").
func (p *prose) unplaced() {
	for _, d := range p.docs {
		for _, m := range d.times {
			if m.Err != nil {
				p.warn(WarnTimeUnplaced, "time \""+m.Text+"\" could not be placed: "+m.Err.Error())
				continue
			}
			z := strings.ToUpper(m.Result.Zone)
			if !ambiguousZones[z] || p.seen["zone:"+z] {
				continue
			}
			for _, w := range m.Result.Warnings {
				if strings.Contains(w, "read as") {
					p.seen["zone:"+z] = true
					p.warn(WarnZoneByRule, "ambiguous zone \""+m.Result.Zone+"\" resolved by rule: "+w+" (\""+m.Text+"\")")
					break
				}
			}
		}
	}
}
