package analyze

import (
	"math"
	"regexp"
	"strings"
)

// Sentence weights for the root cause: a sentence under a Root Cause
// heading states the cause outright; a cause marker in a postmortem
// ("caused by", "due to") is strong; in an update body a little less.
//
// headBonus is added to the category of the head of the cause chain (the
// first strong cue under a Root Cause heading, headCause): one strong cue
// more, so the trigger beats the effects told after it unless they
// clearly outvote it.
const (
	headBonus          = 3.0
	weightCauseSection = 2.0
	weightPostmortem   = 1.5
	weightUpdate       = 1.0
	weightBackground   = 0.5 // a sentence under Root Cause without a cause marker
)

// during starts a circumstance inside a cause clause: in "a spike in
// traffic during scheduled hardware maintenance" the spike is the cause.
var during = cue(`during|while|amid`)

// circumstance moves a trailing "during ..." phrase of the clause to rest.
// One that opens the clause ("Root cause: During a scheduled update to
// apply patches, which was expected to proceed without downtime, an
// unfortunate misconfiguration occurred") runs to the comma after which the
// cause is told, past commas that open a relative clause.
func circumstance(clause, rest string) (string, string) {
	lead := len(clause) - len(strings.TrimLeft(clause, " \t\"'(*"))
	m := during.FindStringIndex(clause)
	if m != nil && m[0] == lead {
		for off := m[1]; ; {
			k := strings.Index(clause[off:], ", ")
			if k < 0 {
				return clause, rest // no comma: all of it is read
			}
			k += off
			next := strings.ToLower(clause[k+2:])
			if strings.TrimSpace(next) == "" {
				return clause, rest // the comma ends the clause: all of it is read
			}
			if !relativeOpener(next) {
				return clause[k+2:], rest + " " + clause[:k]
			}
			off = k + 2
		}
	}
	if m != nil && m[0] > lead {
		return clause[:m[0]], rest + " " + clause[m[0]:]
	}
	return clause, rest
}

// relativeOpener reports whether s opens a relative or coordinated clause
// that goes on with what came before its comma.
func relativeOpener(s string) bool {
	for _, w := range []string{"which ", "that ", "who ", "where ", "when ", "and ", "or ", "but ", "so ", "as "} {
		if strings.HasPrefix(s, w) {
			return true
		}
	}
	return false
}

// causeVote is the evidence collected for one category.
type causeVote struct {
	score    float64
	best     float64 // the largest single-sentence contribution
	from     *doc    // the document of the best sentence
	sentence string  // the best sentence, quoted as evidence at the end
	section  bool    // some evidence sits under a Root Cause heading
	strong   bool    // a specific cue (weight 2+) named it in some sentence
	kind     bool    // a cue of 3 or more named it in a sentence that states the incident's cause: for a component category, a kind of cause ("The issue was caused by replication lag"), not only the part
}

// componentCategories say WHERE it broke (the network, a database, the
// identity service) rather than what kind of cause it was. Reports name
// the broken component in many sentences, so these categories pile up
// votes ("a misconfiguration in a deployment ... of a single partition of
// Cosmos DB" is a configuration cause in a database). They win only when
// no cause-type category (a change, a deploy, load, maintenance, a
// provider, hardware ...) is named by a specific cue.
var componentCategories = map[string]bool{"network": true, "data-storage": true, "auth": true}

// rootCause classifies the cause (METRICS.md §4). Only cause-bearing
// sentences count: those under a Root Cause heading, and elsewhere those
// with a cause marker, where only the clause holding the cause is read
// ("a bug fix" in "a bug fix caused an unexpected slowdown of our
// database"). Remediation text, timelines and non-answers ("the root
// cause is still under investigation") never count. No cause-bearing
// sentence: "undisclosed".
func (p *prose) rootCause() RootCause {
	votes, head, bearing := p.causeVotes(false)
	if len(votes) == 0 {
		// Nothing outside the timeline names a cause: a timeline entry
		// may ("16:44 The root cause is identified: ... which saturated
		// the caching proxy layer"; a numbered "Incident Timeline" of
		// causes). Timelines are read only then: elsewhere they tell
		// effects and actions more than causes.
		var tb int
		votes, head, tb = p.causeVotes(true)
		bearing += tb
	}
	if len(votes) == 0 {
		return RootCause{Category: "undisclosed", Confidence: undisclosedConfidence(bearing)}
	}
	typed := false // some cause-type category has a specific cue
	for cc, v := range votes {
		typed = typed || (v.strong && !componentCategories[cc])
	}
	cat, total := "", 0.0
	for _, cc := range categoryOrder() {
		v := votes[cc]
		if v == nil {
			continue
		}
		total += v.score
		if typed && componentCategories[cc] && !v.kind {
			continue
		}
		if cat == "" || v.score > votes[cat].score {
			cat = cc
		}
	}
	if h := votes[head]; h != nil && h.score+headBonus >= votes[cat].score {
		cat = head // the head of the chain wins unless clearly outvoted
	}
	v := votes[cat]
	conf := 0.4 + 0.4*v.score/total
	if v.section {
		conf += 0.15
	}
	return RootCause{Category: cat, Trigger: trigger(v.sentence), Evidence: v.from.evidence(v.sentence),
		Confidence: math.Round(math.Min(conf, 0.95)*100) / 100}
}

// causeVotes collects the votes of the cause-bearing sentences (those of
// timeline sections only, when timeline is set), the category of the head
// of the chain under a Root Cause heading, and how many sentences bore a
// cause.
func (p *prose) causeVotes(timeline bool) (votes map[string]*causeVote, head string, bearing int) {
	votes = map[string]*causeVote{}
	var listFrom *doc // a cause clause ended with ':': its list items are the cause
	listW := 0.0
	each := func(fn func(d *doc, i int, s sentence)) {
		for _, d := range p.docs {
			for i, s := range d.sents {
				fn(d, i, s)
			}
		}
	}
	each(func(d *doc, i int, s sentence) {
		if timeline != (s.sec == secTimeline) {
			return
		}
		if timeline {
			if !timelineCauseMay(s.text) {
				return // cheap: most timeline lines tell actions
			}
			s.sec = secNone // read like any other sentence
		}
		clause, rest, w, level, ok := causeClause(d, s)
		if ok && pronounAgent.MatchString(clause) {
			// "This caused a log-off for all users": the cause is the
			// sentence before ("We experienced an unforeseen maximum limit
			// that was reached."), past any "As a result ..." link.
			if a := antecedent(d, i); a != "" {
				clause, s.text, w = a, a, w/2 // read second-hand: half weight
			}
		}
		switch {
		case listFrom == d && s.item && !ok:
			clause, rest, w, ok = s.text, "", listW, true
		case !s.item:
			listFrom = nil
		}
		if !ok {
			return
		}
		if strings.HasSuffix(strings.TrimSpace(clause), ":") && !s.item {
			listFrom, listW = d, w
		}
		bearing++
		clause, rest = maskName(clause, p.inc.Vendor), maskName(rest, p.inc.Vendor)
		if head == "" && s.sec == secCause {
			head = headCause(clause)
		}
		cues := scoreCues(clause, rest)
		if len(cues) > 1 {
			// "a software bug that surfaced when it was triggered by a
			// customer configuration change": of the kinds a clause names,
			// the first is its cause, the rest how it came about
			if hc := headCause(clause); hc != "" {
				cues[hc] += 0.5
			}
		}
		if len(cues) == 0 && s.sec != secCause {
			// "a brief database failure due to a cleanup process that
			// didn't complete": the clause names no category, the part
			// that failed does.
			if m := failedPart.FindStringIndex(s.text); m != nil {
				cues = scoreCues(s.text[m[0]:m[1]], "")
			}
		}
		if mentionsProvider(clause, p.inc.Vendor) {
			if m := providerOutage.FindStringSubmatch(clause); m != nil && !sameVendor(m[1]+m[2], p.inc.Vendor) {
				cues["dependency"] += 3
			}
		}
		for cat, v := range cues {
			strong := v >= 2
			v *= w
			cv := votes[cat]
			if cv == nil {
				cv = &causeVote{}
				votes[cat] = cv
			}
			cv.score += v
			cv.section = cv.section || s.sec == secCause
			cv.strong = cv.strong || strong
			cv.kind = cv.kind || v/w >= 3 && level
			if v > cv.best {
				cv.best, cv.from, cv.sentence = v, d, s.text
			}
		}
	})
	return votes, head, bearing
}

// timelineCauseMay is a cheap test that a timeline line may state a
// cause: it names a cause, a culprit, a failure or a result.
func timelineCauseMay(t string) bool {
	for _, w := range []string{"cause", "due to", "culprit", "fail", "because", "result", "led to", "triggered"} {
		if containsFold(t, w) {
			return true
		}
	}
	return false
}

// pronounAgent is a cause clause that only points back: "This caused",
// "The changes triggered", "Which resulted in".
var pronounAgent = regexp.MustCompile(`(?i)^\W*(?:this|that|it|these|those|which|the changes?|this (?:change|issue|problem|error|failure|event)|these (?:changes|issues|errors))\W*$`)

// consequenceLink starts a sentence that tells an effect of the one
// before: "As a result the application could no longer validate ...".
var consequenceLink = regexp.MustCompile(`(?i)^\W*(?:as a (?:result|consequence)\b|consequently\b|therefore\b|because of this\b|due to this\b|this (?:caused|resulted|led|meant)\b)`)

// antecedent is the sentence a pointing-back cause clause of sentence i
// refers to: the one before it in the same section, skipping at most two
// that only tell consequences. "" when there is none, or when that
// sentence has a cause marker of its own (it has voted already).
func antecedent(d *doc, i int) string {
	sec := d.sents[i].sec
	for j, hops := i-1, 0; j >= 0 && hops < 3; j, hops = j-1, hops+1 {
		t := d.sents[j]
		if t.sec != sec || remediation.MatchString(t.text) {
			return ""
		}
		if !consequenceLink.MatchString(t.text) {
			if causeMarkerAny.MatchString(t.text) {
				return "" // it bears a cause of its own and has voted with it
			}
			return t.text
		}
	}
	return ""
}

// sameVendor reports whether a provider named in a cause clause is the
// incident's own vendor ("GitHub" in a GitHub incident, "Azure" in a
// "Microsoft Azure" one): one holds the other, ignoring case.
func sameVendor(name, vendor string) bool {
	n, v := strings.ToLower(name), strings.ToLower(vendor)
	return v != "" && (strings.Contains(v, n) || strings.Contains(n, v))
}

// headCause is the category of the leftmost strong cue (weight 3) of a
// cause-type category in a clause under a Root Cause heading: the event
// at the head of a cause chain. Root Cause sections tell the chain in
// order ("a significant fiber-cut occurred ... they resulted in 9 links
// between data centres receiving an unequal share of traffic, becoming
// congested", azure-r93), so later effects, however often named, do not
// override the trigger. "" when the clause has no such cue.
func headCause(clause string) string {
	cat, at := "", len(clause)+1
	for _, c := range causeCues {
		if c.weight < 3 || componentCategories[c.category] {
			continue
		}
		if m := c.re.FindStringIndex(clause); m != nil && m[0] < at {
			cat, at = c.category, m[0]
		}
	}
	return cat
}

// undisclosedConfidence: sure when nothing was said about a cause; less
// when cause sentences were there but no cue named a category.
func undisclosedConfidence(bearing int) float64 {
	if bearing == 0 {
		return 0.8
	}
	return 0.5
}

// categoryOrder lists the categories in causeCues order (the tie-break).
func categoryOrder() []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range causeCues {
		if !seen[c.category] {
			seen[c.category] = true
			out = append(out, c.category)
		}
	}
	return out
}

// causeClause returns the part of a sentence that holds a cause, the rest
// of the sentence (read at half weight under a Root Cause heading), and
// the sentence weight, and whether the sentence states the incident's own
// or root cause (level); ok is false for a sentence that bears no cause.
func causeClause(d *doc, s sentence) (clause, rest string, w float64, level, ok bool) {
	switch s.sec {
	case secResolution, secActions, secTimeline, secDuration:
		return "", "", 0, false, false
	}
	t := s.text
	if s.sec != secCause && !causeMarkerAny.MatchString(t) {
		return "", "", 0, false, false // no cause marker: only a Root Cause section's background bears
	}
	if isQuestion(t) {
		return "", "", 0, false, false
	}
	if undisclosedCause.MatchString(t) {
		return "", "", 0, false, false
	}
	w = weightUpdate
	if d.post {
		w = weightPostmortem
	}
	if ultimately.MatchString(t) {
		w *= 1.5 // "created as a result of new activation work and ultimately caused by an error in our records"
	}
	if level = incidentCaused.MatchString(t) || rootCauseNamed.MatchString(t); level {
		w *= 1.5 // "The outage was caused when ...": the incident's own cause, over causes of its parts
	}
	if m := culpritCue.FindStringIndex(t); m != nil && m[0] > 0 {
		clause, rest = t[:m[0]], t[m[1]:]
	} else if m := causeAfter.FindStringIndex(t); m != nil {
		if slowRecovery(t[:m[0]]) {
			// "saw much longer recovery times due to system-level
			// throttling", "This issue was not investigated due to its
			// short nature": why the recovery or the response went as it
			// did, not why the incident happened
			return "", "", 0, false, false
		}
		clause, rest = t[m[1]:], t[:m[0]]
		if k := clauseEndAt(clause, false); k > 0 {
			clause = clause[:k] // the cause ends where consequences begin
		}
	} else if ms := causeBefore.FindAllStringIndex(t, 3); ms != nil {
		// the agent is the clause before the verb; when it names no kind
		// of cause, a later verb's may ("A recently introduced change in
		// the queuing logic caused ...": not "A recently")
		clause, rest = agentBefore(t, ms[0])
		if m := symptomAgent.FindStringSubmatch(clause); m != nil && !causeKindWord.MatchString(m[1]) {
			// "Google Cloud Platform experienced networking unavailability
			// in zone europe-west2-a, resulting in ...": the agent is the
			// symptom, the incident itself
			return "", "", 0, false, false
		}
		if len(ms) > 1 && !causeCueAny.MatchString(clause) {
			for _, m := range ms[1:] {
				if c, r := agentBefore(t, m); causeCueAny.MatchString(c) {
					clause, rest = c, r
					break
				}
			}
		}
	}
	if s.sec != secCause {
		// the marker's clause names no kind of cause, or tells the
		// remedy ("... remediating before it created an issue"): the
		// failed part, if the sentence tells one, names the category
		// ("This bug happened on Friday morning twice")
		if m := failedPart.FindStringIndex(t); m != nil && (clause == "" || !causeCueAny.MatchString(clause) || remediation.MatchString(clause)) {
			clause, rest = t[m[0]:m[1]], ""
		}
	}
	clause, rest = circumstance(clause, rest)
	if s.sec == secCause {
		if clause == "" { // background under the heading: it may name the cause, weakly
			if remediation.MatchString(t) {
				return "", "", 0, false, false
			}
			return t, "", weightBackground, level, true
		}
		if anaphora.MatchString(clause) {
			return clause, rest, weightBackground, level, true
		}
		return clause, rest, weightCauseSection, level, true
	}
	if clause == "" || remediation.MatchString(clause) {
		return "", "", 0, false, false
	}
	return clause, "", w, level, true
}

// incidentCaused opens a sentence that states the cause of the incident
// itself: "The outage was caused when we ran a script", "Last night's
// outage was due to an IP failure", "This incident was triggered by".
var incidentCaused = regexp.MustCompile(`(?i)^\W*(?:the|this|today's|yesterday's|last night's|last week's|our|the recent)\s+(?:[\w-]+\s+){0,2}?(?:outage|incident|issue|disruption|problem|downtime|degradation|interruption|event|failure)s?\s+(?:was|were|is|has been|had been)\s+(?:\w+\s+)?(?:caused|due|triggered|the result|a result|attributed|traced|rooted)\b`)

// The words of slowRecovery.
var (
	slowRecoveryWhat = cue(`recover(?:y|ies|ing)|restor(?:ation|ing)|resolution|mitigation|investigation|communication`)
	slowRecoveryHow  = cue(`longer|slow(?:er|ly)?\b|delayed|took\b`)
	slowRecoveryTold = cue(`(?:longer|slow(?:er)?|delayed) (?:recovery|restoration|resolution|mitigation|response)\b|was (?:not|never) (?:investigated|communicated|reported)\b`)
)

// slowRecovery reports whether the effect part of a cause sentence tells
// how the recovery or the response went rather than the incident: one of
// its words, then within 90 bytes (no sentence
// break) "longer", "slow", "delayed" or "took".
func slowRecovery(s string) bool {
	if slowRecoveryTold.MatchString(s) {
		return true
	}
	m := slowRecoveryWhat.FindStringIndex(s)
	if m == nil {
		return false
	}
	w := s[m[1]:min(len(s), m[1]+90)]
	if k := strings.IndexAny(w, ".;"); k >= 0 {
		w = w[:k]
	}
	return slowRecoveryHow.MatchString(w)
}

// rootCauseNamed is a sentence that names its cause the root cause:
// "Root cause: During a scheduled update ..., a misconfiguration
// occurred", "The root cause was a faulty switch".
var rootCauseNamed = cue(`(?:root|underlying|primary|main) cause(?:\s*:|\s+(?:of (?:this|the) (?:\w+ ){0,2})?(?:was|is|has been (?:identified|determined) as))`)

// ultimately marks the deepest cause of a chain.
var ultimately = cue(`ultimately (?:(?:was |were )?(?:caused by|due to|triggered by|traced (?:back )?to|rooted in|stemm(?:ed|ing) from|the result of|a result of|because)|(?:was |were )?(?:an? )?(?:\w+ )?(?:error|mistake|failure|bug) (?:in|of))|(?:ultimate (?:root )?|underlying )cause\b`)

// symptomAgent is an agent clause that tells what was experienced, the
// incident's symptom: group 1 is what stands before the symptom word.
var symptomAgent = regexp.MustCompile(`(?i)\b(?:experienced|saw|observed|encountered|was experiencing|were experiencing)\s+((?:an?\s+|some\s+)?(?:[\w-]+\s+){0,2}?)(?:unavailability|errors?|elevated error rates?|latency|degradation|outages?|disruptions?|issues?|problems?|slowness|timeouts?|downtime|delays?)\b`)

// causeKindWord names a kind of cause that an outage word may follow: "a
// power outage" is a cause, "networking unavailability" a symptom.
var causeKindWord = regexp.MustCompile(`(?i)\b(?:power|electrical|utility|hardware|fib(?:er|re)|disk|storage|certificate|dns|provider|vendor|upstream|third[- ]party)\b`)

// agentBefore splits t at the cause verb m: the agent, the last clause
// before the verb, and what follows it.
func agentBefore(t string, m []int) (agent, rest string) {
	agent, rest = t[:m[0]], t[m[1]:]
	if k := clauseEndAt(agent, true); k >= 0 && k < len(agent) {
		agent = agent[k:]
	}
	return agent, rest
}

// scoreCues scores each category by its cues in the clause (full weight)
// and the rest (half weight); each cue row counts once per sentence.
func scoreCues(clause, rest string) map[string]float64 {
	out := map[string]float64{}
	for _, c := range causeCues {
		if c.weight == 1 && out[c.category] > 0 {
			continue // a generic word ("provider") adds nothing to a specific cue of its category ("email service provider")
		}
		switch {
		case c.re.MatchString(clause):
			out[c.category] += float64(c.weight)
		case rest != "" && c.re.MatchString(rest):
			out[c.category] += float64(c.weight) / 2
		}
	}
	return out
}

// maskName blanks the whole-word occurrences of the incident's own
// vendor in s: a name is no cue ("Weather Watch East Preston experienced
// an outage" tells no weather, "Network Solutions" no network fault).
// Offsets are kept.
func maskName(s, name string) string {
	lname := asciiLower(name)
	if len(name) < 3 || s == "" || !containsFold(s, lname) {
		return s
	}
	b := []byte(s)
	low := asciiLower(s) // byte for byte, so offsets hold
	for off := 0; ; {
		k := strings.Index(low[off:], lname)
		if k < 0 {
			break
		}
		k += off
		end := k + len(lname)
		if (k == 0 || !isWordByte(low[k-1])) && (end == len(low) || !isWordByte(low[end])) {
			for i := k; i < end; i++ {
				b[i] = ' '
			}
		}
		off = end
	}
	return string(b)
}

// asciiLower lower-cases the ASCII letters of s only.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		b[i] = lowerTab[c]
	}
	return string(b)
}

// trigger is what changed, as written in the evidence: "the 23.43 release".
func trigger(s string) string {
	m := triggerCue.FindStringIndex(s)
	if m == nil {
		return ""
	}
	a := m[0]
	for _, words := range [][]string{{"new ", "recent ", "latest "}, {"the ", "a ", "an ", "our "}} {
		for _, w := range words {
			if a >= len(w) && strings.EqualFold(s[a-len(w):a], w) && (a == len(w) || !isWordByte(s[a-len(w)-1])) {
				a -= len(w)
				break
			}
		}
	}
	return strings.TrimSpace(s[a:m[1]])
}

// providerFirst holds the first word of every name in providerNames, so
// that a clause that names no provider skips the providerOutage pattern.
var providerFirst = func() map[string]bool {
	m := map[string]bool{}
	inner := strings.TrimSuffix(strings.TrimPrefix(providerNames, "(?:"), ")")
	for _, alt := range strings.Split(inner, "|") {
		w := alt
		if k := strings.IndexAny(w, " (\\?"); k >= 0 {
			w = w[:k]
		}
		m[w] = true
	}
	return m
}()

// mentionsProvider reports whether a word of s opens the name of a
// provider other than vendor (the incident's own).
func mentionsProvider(s, vendor string) bool {
	for _, w := range strings.Fields(s) {
		w = strings.TrimRight(strings.TrimLeft(w, "(\"'“"), ".,;:)'\"”")
		w = strings.TrimSuffix(w, "'s")
		if k := strings.IndexByte(w, '.'); k > 0 {
			w = w[:k] // "Fly.io"
		}
		if w != "" && w[0] >= 'A' && w[0] <= 'Z' && providerFirst[w] && !sameVendor(w, vendor) {
			return true
		}
	}
	return false
}

// clauseEnds end a cause clause where the sentence turns to consequences
// or plans: "routine maintenance on those systems, so it is unlikely to
// recur, and we will be replacing".
var clauseEnds = []string{", so ", "; ", ", then ", ", and we ", " and we ", ", which means ", " so that ",
	", which triggered ", ", which caused ", ", which led to ", ", which resulted in ", ", leading to ", ", resulting in ", ", causing "}

// clauseEndAt is the start of the first clause end in s, or with last the
// end of the last one; -1 when s has none.
func clauseEndAt(s string, last bool) int {
	best := -1
	for _, e := range clauseEnds {
		if last {
			if k := strings.LastIndex(s, e); k >= 0 && k+len(e) > best {
				best = k + len(e)
			}
		} else if k := strings.Index(s, e); k >= 0 && (best < 0 || k < best) {
			best = k
		}
	}
	return best
}
