package analyze

import (
	"regexp"
	"strings"
)

// resolution classifies how the incident was fixed (METRICS.md §5).
// Sentences under a Resolution heading weigh 3, sentences that say how it
// was resolved ("resolved by", "Reverting the application change
// corrected the issue") 2, any other sentence 1; text under the
// corrective-actions and root-cause headings is about prevention or the
// cause and does not count ("Speed up our roll-back process").
func (p *prose) resolution() Resolution {
	r, inCause := p.resolutionPass(false)
	if r.Action != "unknown" || !inCause {
		return r
	}
	// nothing outside the Root Cause sections tells the fix; a cause
	// section often tells the recovery too ("Zoom Engineers had to
	// manually failback to the original region"), read only then
	r, _ = p.resolutionPass(true)
	return r
}

// resolutionPass scores the sentences; withCause also reads those under
// a Root Cause heading. inCause reports that such a sentence has a cue.
func (p *prose) resolutionPass(withCause bool) (res Resolution, inCause bool) {
	score := map[string]float64{}
	best := map[string]float64{}
	ev := map[string]quote{}
	p.allSentences(func(d *doc, s sentence) {
		w := 1.0
		if !resolutionAny.MatchString(s.text) {
			return // no resolution cue at all
		}
		if isQuestion(s.text) {
			return // "Was this incident resolved by a rollback?"
		}
		labelled := fixLabel.MatchString(s.text)
		if !labelled && (s.sec == secActions && !doneAction.MatchString(s.text) || (s.sec == secCause && !withCause)) {
			inCause = inCause || s.sec == secCause
			return
		}
		future := futureTense.MatchString(s.text)
		failed := actionFailed.MatchString(s.text)
		hedged := actionHedge.MatchString(s.text)
		cause, causeEnd := p.causeAt(s) // cues inside a stated cause tell the cause
		switch {
		case actionOutlived.MatchString(s.text):
			return
		case s.sec == secResolution || labelled:
			w = 3
		case resolutionSentence.MatchString(s.text):
			w = 2
		}
		first, firstAt := "", len(s.text)+1 // the action the sentence names first
		for _, c := range resolutionCues {
			loc := c.re.FindStringIndex(s.text)
			if loc == nil || (c.category == "restart" && notAnAction.MatchString(s.text)) {
				continue
			}
			if negatedAt(s.text, loc[0]) {
				continue // "processed as expected without increasing resources"
			}
			if future && futureTense.MatchString(clauseAround(s.text, loc[0])) {
				continue // "server will be rebooted"; but "Hardware has been changed, server will be rebooted" was done
			}
			if failed && actionFailed.MatchString(clauseAround(s.text, loc[0])) {
				continue // "reverting this query did not fix the issue, we ... implemented a fix": the fix counts
			}
			if hedged && actionHedge.MatchString(clauseAround(s.text, loc[0])) {
				continue // "the thanos-frontend may have crashed and been restarted"
			}
			if lead := s.text[max(0, loc[0]-80):loc[0]]; strings.HasSuffix(lead, "to ") && actionIntent.MatchString(lead) {
				continue // "working with our infrastructure provider to reboot"
			}
			if cause >= 0 && loc[0] >= cause && loc[0] < causeEnd {
				continue // "slow recovery due to ... underlying rate limits": the cause, not the fix
			}
			if loc[0] < firstAt {
				first, firstAt = c.category, loc[0]
			}
			v := w * float64(c.weight)
			score[c.category] += v
			if v > best[c.category] {
				best[c.category], ev[c.category] = v, quote{d, s.text}
			}
		}
		if first != "" {
			// "We disabled the IP range of the rogue clients and restarted
			// the app servers": of two actions, the first is the fix, the
			// second its follow-through
			score[first] += 0.5 * w
		}
	})
	act := ""
	for _, c := range resolutionCues {
		if score[c.category] > 0 && (act == "" || score[c.category] > score[act]) {
			act = c.category
		}
	}
	if act == "" {
		return Resolution{Action: "unknown"}, inCause
	}
	return Resolution{Action: act, Evidence: ev[act].d.evidence(ev[act].text)}, inCause
}

// doneAction is an action told as done, which a list of next steps or
// corrective actions may hold among its plans: "the job scheduling
// application has already been patched".
var doneAction = cue(`(?:has|have|had) already\b|already (?:been )?(?:deployed|patched|fixed|rolled|applied|released|implemented|reverted|restarted|replaced)\b|(?:has|have) (?:now )?been (?:deployed|patched|fixed|rolled (?:back|out)|applied|released|reverted|replaced)\b|(?:completed|done)\)?\s*$`)

// causeAt is the span of the cause a sentence states after its marker
// ("caused by", "due to", "related to a"), from the marker to the end of
// its clause, or -1, -1: a resolution cue inside it names the cause, not
// the fix ("took longer due to ... underlying rate limits"); one after it
// is an action ("linked to a recent deployment and we immediately rolled
// back those changes"). A sentence that first tells the recovery
// ("Service was restored due to the failover") keeps its cues.
func (p *prose) causeAt(s sentence) (int, int) {
	if s.sec == secResolution || !causeMarkerAny.MatchString(s.text) {
		return -1, -1
	}
	m := causeAfter.FindStringIndex(s.text)
	if m == nil {
		return -1, -1
	}
	lead := s.text[:m[0]]
	if r := recoveredCue.FindString(lead); r != "" && !strings.EqualFold(r, "recovery") { // "Recovery ... took longer due to" tells no recovery
		return -1, -1
	}
	if resolutionSentence.MatchString(lead) || resolutionAny.MatchString(lead) {
		return -1, -1
	}
	end := len(s.text)
	rest := s.text[m[1]:]
	for _, e := range causeStops {
		for off := 0; off < len(rest); {
			k := strings.Index(rest[off:], e)
			if k < 0 {
				break
			}
			k += off
			if consequence.MatchString(rest[k:]) {
				off = k + len(e) // ", which have caused some nodes to reboot": still the cause's story
				continue
			}
			if m[1]+k < end {
				end = m[1] + k
			}
			break
		}
	}
	return m[0], end
}

// consequence opens a clause that tells what the cause led to.
var consequence = regexp.MustCompile(`^(?:,|;)? ?(?:which|that)? ?(?:has |have |had )?(?:caused|causing|triggered|triggering|led to|leading to|resulted in|resulting in)\b`)

// causeStops end a stated cause where the sentence goes on with what was
// done: "due to the routing instability and needed to be failed over".
var causeStops = []string{", ", "; ", " so that ", ", so ", " and we ", " and needed ", " and had ", " and was ", " and were ", " and then ", " and is ", " and has ", " and have ", " and so "}

// upstreamRecovery is the resolution of an incident whose cause was a
// dependency and whose text names no action of the vendor's own: the
// upstream's recovery fixed it, shown by the first sentence that says
// service recovered ("Our Render databases recover. Incident resolved.").
// With no such sentence it stays unknown.
func (p *prose) upstreamRecovery() Resolution {
	var ev *quote
	p.allSentences(func(d *doc, s sentence) {
		if ev == nil && s.sec != secActions && !futureTense.MatchString(s.text) && recoveredCue.MatchString(s.text) {
			ev = &quote{d, s.text}
		}
	})
	if ev == nil {
		return Resolution{Action: "unknown"}
	}
	return Resolution{Action: "upstream-fixed", Evidence: ev.d.evidence(ev.text)}
}

// clauseAround is the clause of s that holds byte i: the text between the
// commas or semicolons around it.
func clauseAround(s string, i int) string {
	a := strings.LastIndexAny(s[:i], ",;") + 1
	b := strings.IndexAny(s[i:], ",;")
	if b < 0 {
		return s[a:]
	}
	return s[a : i+b]
}

// negatedAt reports an action cue at byte i that the words before it deny:
// "without increasing resources", "did not need to restart".
func negatedAt(s string, i int) bool {
	lead := strings.ToLower(s[max(0, i-20):i])
	for _, n := range []string{"without ", "no need to ", "not need to ", "never ", "not "} {
		if strings.HasSuffix(lead, n) {
			return true
		}
	}
	return false
}
