package analyze

import (
	"bytes"
	"regexp"
	"regexp/syntax"
	"strings"
	"sync/atomic"
)

// This file holds every cue the prose reader uses, in one place, so the
// rules can be read, argued about and tested together. Each table says what
// it recognises and why; the code that applies them lives in sentences.go,
// timeline.go, rootcause.go, resolution.go, scope.go and durations.go.
//
// Cues are case-insensitive regular expressions anchored at a word start
// (\b is added by cue()). Quoted examples come from the seeds
// (shared/seeds), the corpus and the CC0 cloud-incident-extraction set.

// cue compiles a case-insensitive pattern that must start at a word.
func cue(pattern string) *matcher {
	for i := 0; i < len(pattern); i++ {
		if c := pattern[i]; c >= 'A' && c <= 'Z' && (i == 0 || pattern[i-1] != '\\') {
			// the fast path matches the branches against the lower-cased
			// text: a capital in a pattern would never match there
			panic("cue pattern must be lower case: " + pattern[max(0, i-20):min(len(pattern), i+20)])
		}
	}
	m := &matcher{re: regexp.MustCompile(`(?i)\b(?:` + pattern + `)`)}
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		panic(err)
	}
	subs := []*syntax.Regexp{re}
	if re.Op == syntax.OpAlternate {
		subs = re.Sub
	}
	for _, sub := range subs {
		b := branch{re: regexp.MustCompile(sub.String())}
		for _, set := range requiredAll(sub) {
			var lits []literal
			for _, lit := range set {
				lits = append(lits, newLiteral(lit))
			}
			b.need = append(b.need, lits)
		}
		if ps, ok := prefixes(sub); ok {
			for _, p := range ps {
				b.keys = append(b.keys, trigram(p))
			}
			b.anchored(sub, ps)
		}
		m.branches = append(m.branches, b)
	}
	return m
}

// matcher is a cue compiled twice: as one case-insensitive regular
// expression (the rule as written, used for texts the fast path cannot
// read exactly), and as its top-level alternatives, each a case-sensitive
// expression run on the ASCII-lower-cased text. The first three bytes of
// every word of the text go into a small bit set; a branch none of whose
// possible first three bytes ("rol", "rev" for "roll(?:ed|ing)?[- ]?back|
// revert") begin a word there is not run at all, and one that begins
// with a literal lets the regexp package jump straight to it. The word
// start is checked by hand. A branch must also hold its required
// literals (a standard prefilter: "we expect" needs "we expect", the
// "unavailable ... for 47 minutes" rule needs a verb and "for "). Both paths give the same matches (a test runs
// both over the benchmark texts); the fast one only saves time.
type matcher struct {
	re       *regexp.Regexp
	branches []branch
}

type branch struct {
	re   *regexp.Regexp
	keys []uint16    // trigram keys its matches can begin with; nil: no gate
	need [][]literal // every set must have one of its literals in the text
	// at is the branch anchored at the start of the text, set when every
	// match begins with a word byte and the branch asserts nothing about
	// the text's start: it is then tried only at the word starts of the
	// text whose first three bytes are in keyset, in order.
	at     *regexp.Regexp
	keyset starts
}

// anchored sets at and keyset for a branch whose matches all begin with
// one of the three-byte prefixes ps. At a word start that begins with a
// word byte the byte before is not a word byte, as at the start of a
// text, so the anchored expression matches there exactly when the
// branch's leftmost match starts there.
func (b *branch) anchored(sub *syntax.Regexp, ps []string) {
	for _, p := range ps {
		if !isWordByte(p[0]) {
			return
		}
	}
	if assertsStart(sub) {
		return
	}
	b.at = regexp.MustCompile(`^(?:` + sub.String() + `)`)
	for _, k := range b.keys {
		b.keyset[k>>6] |= 1 << (k & 63)
	}
}

// assertsStart reports whether re holds ^ or \A (or a multi-line ^).
func assertsStart(re *syntax.Regexp) bool {
	if re.Op == syntax.OpBeginLine || re.Op == syntax.OpBeginText {
		return true
	}
	for _, sub := range re.Sub {
		if assertsStart(sub) {
			return true
		}
	}
	return false
}

// literal is a required literal with the keys of its three-byte windows
// in the grams set of prepared.
type literal struct {
	b    []byte
	keys []uint16
}

func newLiteral(s string) literal {
	l := literal{b: []byte(s)}
	for i := 0; i+3 <= len(s); i++ {
		l.keys = append(l.keys, gramOf(s[i], s[i+1], s[i+2]))
	}
	return l
}

// in reports whether the literal occurs in low[from:]; the grams set of
// the whole text rules most absent literals out without a search.
func (l *literal) in(t *prepared, from int) bool {
	for _, k := range l.keys {
		if t.grams[k>>6]&(1<<(k&63)) == 0 {
			return false
		}
	}
	return bytes.Contains(t.low[from:], l.b)
}

// may reports whether the branch can match the lower-cased text from
// byte `from` on.
func (b *branch) may(t *prepared, from int) bool {
	if !t.set.may(b.keys) {
		return false
	}
	for _, lits := range b.need {
		found := false
		for i := range lits {
			if lits[i].in(t, from) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// find returns the leftmost match of m in s at or after byte `from`, as
// the case-insensitive expression would: the earliest word-start where a
// branch matches, the first such branch on a tie.
func (m *matcher) find(s string, from int, any bool) []int {
	t := prepare(s)
	low := t.low
	if t.wide && (strings.Contains(s, "\u212a") || strings.Contains(s, "\u017f")) {
		if loc := m.re.FindStringIndex(s[from:]); loc != nil {
			return []int{loc[0] + from, loc[1] + from}
		}
		return nil
	}
	var best []int
	for i := range m.branches {
		b := &m.branches[i]
		if !b.may(t, from) {
			continue
		}
		if b.at != nil {
			if any {
				if b.matchAt(t, from) {
					return matched // MatchString wants a yes, not where
				}
				continue
			}
			if loc := b.atMarks(t, from, best); loc != nil {
				best = loc
			}
		} else {
			best = b.scan(low, from, best)
		}
		if any && best != nil {
			break
		}
	}
	return best
}

// atMarks tries the anchored branch at the word starts of t at or after
// `from` (and before best) whose first three bytes it can begin with.
func (b *branch) atMarks(t *prepared, from int, best []int) []int {
	low := t.low
	for _, p32 := range t.marks {
		p := int(p32)
		if p < from {
			continue
		}
		if best != nil && p >= best[0] {
			break
		}
		k := trigramOf(low[p], low[p+1], low[p+2])
		if b.keyset[k>>6]&(1<<(k&63)) == 0 {
			continue
		}
		if loc := b.at.FindIndex(low[p:]); loc != nil {
			return []int{p, p + loc[1]}
		}
	}
	return nil
}

// matched is find's answer to MatchString: some match, no offsets.
var matched = []int{0, 0}

// matchAt reports whether the anchored branch matches at a word start of
// t at or after `from` whose first three bytes it can begin with,
// without building the match's offsets.
func (b *branch) matchAt(t *prepared, from int) bool {
	low := t.low
	for _, p32 := range t.marks {
		p := int(p32)
		if p < from {
			continue
		}
		k := trigramOf(low[p], low[p+1], low[p+2])
		if b.keyset[k>>6]&(1<<(k&63)) != 0 && b.at.Match(low[p:]) {
			return true
		}
	}
	return false
}

// scan finds the leftmost match of the branch at a word start at or after
// `from` and before best; best when there is none.
func (b *branch) scan(low []byte, from int, best []int) []int {
	for q := from; q <= len(low) && (best == nil || q < best[0]); {
		loc := b.re.FindIndex(low[q:])
		if loc == nil || (best != nil && q+loc[0] >= best[0]) {
			break
		}
		if a := q + loc[0]; wordStart(low, a) {
			return []int{a, q + loc[1]}
		}
		q += loc[0] + 1
	}
	return best
}

// wordStart is \b at byte i of s (ASCII word characters, as in regexp).
func wordStart(s []byte, i int) bool {
	before := i > 0 && isWordByte(s[i-1])
	after := i < len(s) && isWordByte(s[i])
	return before != after
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// starts is a 1024-bit set of the (hashed) first three bytes of the
// words of a lower-cased text: a Bloom filter of its word starts.
type starts [16]uint64

// trigram hashes the first three bytes of s into 0..1023.
func trigram(s string) uint16 { return trigramOf(s[0], s[1], s[2]) }

func trigramOf(a, b, c byte) uint16 {
	return uint16((uint(a)*961 + uint(b)*31 + uint(c)) & 1023)
}

// prepared is a text read for the cues: lower-cased (ASCII letters only,
// so byte offsets are kept), its word starts, and whether it has a
// non-ASCII byte.
type prepared struct {
	s     string
	low   []byte
	set   starts
	grams grams   // every three-byte window of low
	marks []int32 // the word starts (and ends) followed by three bytes
	wide  bool
}

// grams is a 2048-bit set of the (hashed) three-byte windows of a
// lower-cased text: a Bloom filter of its substrings of three bytes.
type grams [32]uint64

func gramOf(a, b, c byte) uint16 {
	return uint16((uint32(a)<<16 | uint32(b)<<8 | uint32(c)) * 2654435761 >> 21)
}

// prepCache keeps the last texts prepared, by length and two of their
// bytes: the rules try many cues on one sentence in a row, and each rule
// family reads every sentence of an incident again. Entries are
// immutable, so the cache is safe for concurrent use (a miss only costs a
// new preparation).
var prepCache [1024]atomic.Pointer[prepared]

// prepare lower-cases s and records its word starts, or returns the
// cached preparation of the same text.
func prepare(s string) *prepared {
	h := len(s) * 31
	if s != "" {
		h += int(s[0])*7 + int(s[len(s)/2])
	}
	slot := &prepCache[h&(len(prepCache)-1)]
	if t := slot.Load(); t != nil && t.s == s {
		return t
	}
	// one pass: lower-case, the word-boundary marks and the rolling
	// three-byte window of the grams set; the word starts' set after it
	n := len(s)
	t := &prepared{s: s, low: make([]byte, n), marks: make([]int32, 0, n/3+1)}
	low := t.low
	var acc, prev byte
	var g uint32
	for i := 0; i < n; i++ {
		c := lowerTab[s[i]]
		acc |= c
		low[i] = c
		g = g<<8 | uint32(c)
		if i >= 2 {
			k := (g & 0xFFFFFF) * 2654435761 >> 21
			t.grams[k>>6] |= 1 << (k & 63)
		}
		if w := wordTab[c]; w != prev {
			if i+3 <= n {
				t.marks = append(t.marks, int32(i))
			}
			prev = w
		}
	}
	for _, p := range t.marks {
		k := trigramOf(low[p], low[p+1], low[p+2])
		t.set[k>>6] |= 1 << (k & 63)
	}
	t.wide = acc >= 0x80
	slot.Store(t)
	return t
}

// lowerTab lower-cases ASCII letters; wordTab is 1 for word bytes.
var lowerTab, wordTab = func() (l, w [256]byte) {
	for i := range l {
		c := byte(i)
		l[i] = lowerByte(c)
		if isWordByte(c) {
			w[i] = 1
		}
	}
	return l, w
}()

func lowerByte(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// may reports whether a branch with these keys can match (nil: no gate).
func (set *starts) may(keys []uint16) bool {
	if keys == nil {
		return true
	}
	for _, k := range keys {
		if set[k>>6]&(1<<(k&63)) != 0 {
			return true
		}
	}
	return false
}

// prefixes lists every string of three bytes a match of re can begin
// with; ok is false when they cannot be listed (a class, a repeat, a
// match shorter than three bytes, or too many).
func prefixes(re *syntax.Regexp) ([]string, bool) {
	out, ok := heads(re, []string{""})
	if !ok {
		return nil, false
	}
	for _, p := range out {
		if len(p) < 3 {
			return nil, false
		}
	}
	return out, true
}

// heads extends each partial prefix (shorter than 3 bytes) by what re can
// match next; prefixes of 3 bytes are kept as they are.
func heads(re *syntax.Regexp, in []string) ([]string, bool) {
	var out []string
	open := false
	for _, p := range in {
		if len(p) >= 3 {
			out = append(out, p)
		} else {
			open = true
		}
	}
	if !open {
		return out, true
	}
	var partial []string
	for _, p := range in {
		if len(p) < 3 {
			partial = append(partial, p)
		}
	}
	var next []string
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			return nil, false
		}
		for _, p := range partial {
			next = append(next, clip3(p+string(re.Rune)))
		}
	case syntax.OpEmptyMatch, syntax.OpWordBoundary:
		next = partial
	case syntax.OpCharClass:
		n := 0
		for i := 0; i+1 < len(re.Rune); i += 2 {
			n += int(re.Rune[i+1]-re.Rune[i]) + 1
		}
		if n > 12 {
			return nil, false
		}
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				for _, p := range partial {
					next = append(next, clip3(p+string(r)))
				}
			}
		}
	case syntax.OpCapture:
		return heads(re.Sub[0], in)
	case syntax.OpConcat:
		cur := partial
		for _, sub := range re.Sub {
			var ok bool
			if cur, ok = heads(sub, cur); !ok {
				return nil, false
			}
		}
		next = cur
	case syntax.OpAlternate, syntax.OpQuest:
		if re.Op == syntax.OpQuest {
			next = append(next, partial...)
		}
		for _, sub := range re.Sub {
			got, ok := heads(sub, partial)
			if !ok {
				return nil, false
			}
			next = append(next, got...)
		}
	default:
		return nil, false
	}
	if len(out)+len(next) > 64 {
		return nil, false
	}
	return append(out, next...), true
}

// requiredAll lists the literal sets a match of r must hold one of each:
// one per part of a sequence that has such a set.
func requiredAll(r *syntax.Regexp) [][]string {
	for r.Op == syntax.OpCapture {
		r = r.Sub[0]
	}
	if r.Op != syntax.OpConcat {
		if req := required(r); req != nil {
			return [][]string{req}
		}
		return nil
	}
	var out [][]string
	for _, sub := range r.Sub {
		if req := required(sub); req != nil {
			out = append(out, req)
		}
	}
	return out
}

// required returns lower-case literals of which at least one must appear
// in any text the expression matches, or nil when no such set of literals
// of 3+ bytes exists.
func required(r *syntax.Regexp) []string {
	switch r.Op {
	case syntax.OpLiteral:
		if lit := strings.ToLower(string(r.Rune)); len(lit) >= 3 {
			return []string{lit}
		}
	case syntax.OpCapture, syntax.OpPlus:
		return required(r.Sub[0])
	case syntax.OpAlternate:
		var out []string
		for _, sub := range r.Sub {
			req := required(sub)
			if req == nil {
				return nil
			}
			out = append(out, req...)
		}
		return out
	case syntax.OpConcat:
		var best []string
		for _, sub := range r.Sub {
			if req := required(sub); req != nil && (best == nil || shortest(req) > shortest(best)) {
				best = req
			}
		}
		return best
	}
	return nil
}

func shortest(lits []string) int {
	n := 1 << 30
	for _, l := range lits {
		n = min(n, len(l))
	}
	return n
}

func clip3(s string) string {
	if len(s) > 3 {
		return s[:3]
	}
	return s
}

// containsFold reports whether s contains the lower-case ASCII-or-UTF-8
// literal lit, ignoring ASCII case, without allocating.
func containsFold(s, lit string) bool {
	c0 := lit[0]
	u0 := c0
	if c0 >= 'a' && c0 <= 'z' {
		u0 = c0 - 'a' + 'A'
	}
	for i := 0; i+len(lit) <= len(s); i++ {
		if s[i] != c0 && s[i] != u0 {
			continue
		}
		j := 1
		for ; j < len(lit); j++ {
			c := s[i+j]
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != lit[j] {
				break
			}
		}
		if j == len(lit) {
			return true
		}
	}
	return false
}

// MatchString reports whether the cue matches s.
func (m *matcher) MatchString(s string) bool { return m.find(s, 0, true) != nil }

// anyCue is the union of matchers, a prefilter for a loop that tries each
// of them: one pass over a text's word starts instead of one per cue.
func anyCue(ms ...*matcher) *matcher {
	u := &matcher{}
	var res []string
	for _, m := range ms {
		u.branches = append(u.branches, m.branches...)
		res = append(res, "(?:"+m.re.String()+")")
	}
	u.re = regexp.MustCompile(strings.Join(res, "|"))
	return u
}

// cueMatchers lists the matchers of cues.
func cueMatchers(cs []causeCue) []*matcher {
	out := make([]*matcher, len(cs))
	for i, c := range cs {
		out[i] = c.re
	}
	return out
}

// resolutionAny and causeMarkerAny prefilter the resolution and root-cause
// passes: a sentence none of whose cues match is skipped whole.
var (
	resolutionAny  = anyCue(cueMatchers(resolutionCues)...)
	causeMarkerAny = anyCue(culpritCue, causeAfter, causeBefore, failedPart)
	causeCueAny    = anyCue(cueMatchers(causeCues)...)
)

// FindStringIndex is the leftmost match, as regexp's.
func (m *matcher) FindStringIndex(s string) []int { return m.find(s, 0, false) }

// FindString is the text of the leftmost match.
func (m *matcher) FindString(s string) string {
	if loc := m.find(s, 0, false); loc != nil {
		return s[loc[0]:loc[1]]
	}
	return ""
}

// FindAllStringIndex lists the successive non-overlapping matches (n < 0: all).
func (m *matcher) FindAllStringIndex(s string, n int) [][]int {
	var out [][]int
	for from := 0; from <= len(s) && (n < 0 || len(out) < n); {
		loc := m.find(s, from, false)
		if loc == nil {
			break
		}
		out = append(out, loc)
		from = max(loc[1], loc[0]+1)
	}
	return out
}

// Section kinds, found from headings ("Root Cause", "Resolution and
// Recovery", "**Impact**:", "Incident Timeline").
type secKind uint8

const (
	secNone       secKind = iota // text before any heading
	secSummary                   // Summary, Incident Description, What happened
	secCause                     // Root Cause, What went wrong and why
	secResolution                // Resolution and Recovery, Mitigation, How did we respond
	secActions                   // Corrective and preventative measures, Next steps
	secTimeline                  // Incident Timeline
	secImpact                    // Impact, Scope, Summary of Impact
	secDuration                  // Incident Duration
	secDetection                 // Detection
	secOther                     // a heading we do not interpret ("Affected Services")
)

// headingKinds maps heading text to a section kind; the first match wins,
// so the more specific phrases come first ("Summary of Impact" is impact,
// "How are we making incidents ... less impactful" is actions).
var headingKinds = []struct {
	re   *matcher
	kind secKind
}{
	{cue(`how can customers|customer guidance|provide feedback|stay informed`), secOther},
	{cue(`root cause|cause|what went wrong|contributing factors?|why did (?:this|it) happen|trigger`), secCause},
	{cue(`timeline|chronology|sequence of events`), secTimeline},
	{cue(`corrective|prevent|next steps|action items?|follow[- ]?ups?|lessons|how are we making|what (?:we are|are we) doing|improvements|repair items`), secActions},
	{cue(`resolution|recovery|mitigation|how did we respond|remediation|workaround`), secResolution},
	{cue(`impact|scope|affected customers|customers affected`), secImpact},
	{cue(`duration`), secDuration},
	{cue(`detection|how (?:was it|did we) detect`), secDetection},
	{cue(`summary|description|overview|what happened|background|details|incident report`), secSummary},
}

// abbreviations that end with a period inside a sentence; the splitter
// does not break after them ("a.o. Backoffice", "incl. smoke tests").
var abbreviations = map[string]bool{
	"a.o.": true, "e.g.": true, "i.e.": true, "etc.": true, "incl.": true, "approx.": true,
	"vs.": true, "no.": true, "inc.": true, "ltd.": true, "corp.": true, "co.": true, "u.s.": true,
	"u.k.": true, "mr.": true, "ms.": true, "dr.": true, "st.": true, "jan.": true, "feb.": true,
	"mar.": true, "apr.": true, "jun.": true, "jul.": true, "aug.": true, "sep.": true, "sept.": true,
	"oct.": true, "nov.": true, "dec.": true, "est.": true, "min.": true, "hrs.": true, "ca.": true,
}

// --- Root cause (METRICS.md §4) ---------------------------------------------

// causeAfter marks a cause that FOLLOWS the marker: "was caused by X",
// "due to X", "attributed the issue to X", "the root cause was X".
// Longer phrases come first so "caused by" is not read as "caused".
var causeAfter = cue(`introduced (?:in|by|with|as part of|during)|induced by|during (?:periods of )?(?:excessive|heavy|high|peak|unusual|unexpected|elevated) (?:\w+ )?(?:bursts?|spikes?|surges?|volumes?|load|traffic|demand)|(?:root|underlying|primary|main|probable) cause\s*:|(?:identified|determined|found|discovered) to be|(?:the )?cause to be|culprit (?:was|is)|linked to|tied to|(?:was|were) caused (?:when|as|after)|(?:occurred|happened|started|began) (?:during|after|while)|caused by|due to|triggered by|as a result of|result of|because(?: of)?|attributed (?:\w+ ){0,4}to|root cause (?:was|is|(?:of|for|behind) (?:this|the) (?:\w+ ){1,2}(?:was|is))|root cause (?:is |was |has been )?(?:identified|found|determined)(?: as)?:|(?:likely |probable |underlying )?cause of (?:this|the) (?:\w+ ){1,2}(?:was|is)|stemm(?:ed|ing) from|originated (?:from|in)|traced (?:back )?to|resulted from|owing to|brought on by|related to a|the cause (?:was|is)|compounded by`)

// causeBefore marks a cause that PRECEDES the marker: "a bug fix caused an
// unexpected slowdown", "X triggered Y", "X resulted in Y", "X led to Y".
var causeBefore = cue(`caused|causing|which lead to|triggered|resulted in|resulting in|led to|leading to|introduced|created|exposed|prevented|preventing|blocked|broke|contribut(?:ed|ing) to|terminated|took down|brought down|knocked out|shut (?:off|down) (?:access|the|our|all)|disrupted|interrupted|overwhelmed|saturated`)

// culpritCue ends a sentence that names its cause first: "An issue with
// SIP over TLS was discovered to be the culprit".
var culpritCue = cue(`(?:was|were|is|has been) (?:\w+ )?(?:identified|determined|found|discovered|confirmed)? ?(?:to be |as )?the (?:culprit|root cause|cause)\b`)

// failedPart is a statement that a part failed, a cause stated without a
// connective: "the second of its redundant power supplies had failed",
// "our primary RPN link went down", "the primary database crashed".
var failedPart = cue(`(?:third[- ]party|upstream|external) (?:[\w-]+ ){0,6}?(?:provider|vendor|supplier|carrier|service|partner)s? (?:[\w-]+ ){0,6}?(?:was|were|had been) (?:having|experiencing|suffering(?: from)?) (?:an? )?(?:[\w-]+ )?(?:incident|outage|issues?|problems?|disruption|degradation)|(?:this|the|a|an) (?:[\w-]+ ){0,2}?(?:bug|regression|defect|misconfiguration|configuration error|human error|mistake) (?:happened|occurred|appeared|surfaced|manifested|struck|hit|affected|was (?:triggered|introduced|hit|found))|expired (?:ssl/tls |ssl |tls |https )?certificate|certificates? (?:had |has )?expired|(?:experienced|suffered|had) (?:a |an )?(?:\w+ )?(?:hardware|power|disk|network|database|storage) (?:failure|outage|fault)|a power (?:failure|outage|loss)\b|(?:power suppl(?:y|ies)|\bups\b|generator|router|switch(?:es)?|disks?|drives?|servers?|hosts?|hypervisors?|database|cluster|nodes?|link|circuit|fib(?:er|re)|cable|transformer|load balancers?|firewall|storage|provider|carrier|dns) (?:\w+ )?(?:had |has |have )?(?:failed|died|crashed|went down|malfunctioned|(?:was|were) (?:cut|severed|damaged))`)

// anaphora opens a cause clause that points back at something already
// said: "This configuration issue prevented calls to various APIs"
// (azure-r58) names the effect of the sentence before ("a recent update
// ... created a configuration issue"), a later link of the chain rather
// than a new cause, so the clause counts at background weight.
// A demonstrative before a noun with content of its own ("This sudden
// surge in web traffic triggered ...") opens a cause, not a back-reference.
var anaphora = regexp.MustCompile(`(?i)^\W*(?:this|these|those|such)\s+(?:[\w-]+\s+){0,2}?(?:issues?|problems?|incidents?|events?|outages?|situations?|behaviou?rs?|conditions?|errors?|failures?|changes?|updates?|actions?|states?|faults?|disruptions?|degradations?|versions?|releases?|deployments?|builds?|configurations?|settings?|commands?|operations?|process(?:es)?|work|maintenance|activit(?:y|ies)|steps?|procedures?)\b`)

// remediation marks text about fixing or preventing, where a cue names
// the remedy, not the cause: "to prevent", "we will", "rolling back".
// Sentences under Resolution or Actions headings are remediation too.
var remediation = cue(`to prevent|prevent (?:this|similar|recurrence|a recurrence)|we will|we are (?:working|taking|implementing|adding|improving|reviewing)|going forward|in the future|next steps|to mitigate|mitigated by|resolved by|was resolved|has been resolved|fixed by|rolled back|rolling back|reverted|reverting|restor|to ensure|will be|are being|have been (?:added|implemented|deployed)|remediat|corrective|preventive|preventative|we recommend|our recommendations?|recommendations? (?:for|to|are|include)`)

// undisclosedCause is a cause statement that discloses nothing: "The
// ultimate root cause is still under investigation", "root cause unknown".
var undisclosedCause = cue(`root cause (?:is|remains) (?:still )?(?:under investigation|unknown|being investigated|not (?:yet )?(?:known|determined))|(?:investigat(?:e|es|ing|ion into)|determin(?:e|es|ing)|understand(?:ing)?) (?:the )?(?:root )?cause|preliminary|we are (?:still )?investigating|find(?:ing)? the root cause|once (?:the )?root cause|root cause analysis|post[- ]?incident review|will provide`)

// causeCue is one cue of a root-cause category. Weight 3 is a phrase that
// names the cause outright ("configuration change", "code defect"),
// 2 a specific word ("misconfigured", "lightning"), 1 a generic one that
// only tips a tie ("network", "database").
type causeCue struct {
	category string
	weight   int
	re       *matcher
}

// causeCues: the §4 vocabulary. Order breaks exact ties (earlier wins).
var causeCues = []causeCue{
	{"code-change", 3, cue(`code (?:change|defect|regression|bug|error|issue|modification|deployment|update)|(?:incorrectly|improperly|wrongly) (?:handled|processed|parsed|validated|computed|calculated)|(?:recently|newly) (?:introduced|deployed|released|shipped) (?:\w+ )?(?:change|code|feature|logic|version)|software (?:bug|defect|regression|update|release|change|issue|error)|bug ?fix|regression|latent (?:bug|defect|issue)|(?:new|recent|latest|faulty|bad) (?:release|version|build|deployment|update|rollout)|\d+(?:\.\d+)+ release|release \d`)},
	{"code-change", 2, cue(`bugs?\b|defects?\b|release\b|deploy(?:ed|ment|ments)?\b|rolled out|roll-?out|(?:service|os|platform|feature|security) update|update (?:was|that was) (?:deployed|rolled|applied)|race condition|null[- ]reference|memory leak|(?:backend|application|api|server|client|system|software|code|platform) (?:update|change)s?\b|regular expression|regex|logic (?:error|bug|flaw)|(?:faulty|bad|broken|buggy|inefficient) (?:code|logic|query|queries)|(?:was|were) (?:updated|upgraded) incorrectly|updated incorrectly|code\b`)},
	{"code-change", 1, cue(`crash|version|feature|patch|(?:a|the|recent) change to`)},
	{"config-change", 3, cue(`config(?:uration)? (?:change|error|issue|push|update|mistake|problem|setting)|misconfigur|incorrect(?:ly)? config|(?:bad|faulty|erroneous|incorrect|invalid) (?:config|setting|parameter|rule|value)|routing (?:change|configuration)|(?:waf|firewall|routing|security|filter(?:ing)?|dns) rules?\b|(?:new|newly deployed|single) rule\b`)},
	{"config-change", 2, cue(`config(?:uration|ured)?\b|settings?\b|parameters?\b|feature flag|certificate configuration`)},
	{"maintenance", 3, cue(`maintenance|planned (?:work|activity|operation|(?:\w+ )?(?:update|upgrade))|migration|migrat(?:e|ed|ing) (?:a |the |our )?(?:[\w']+ )?(?:services?|data|databases?|customers?|accounts?)|decommission`)},
	{"maintenance", 2, cue(`upgrade`)},
	{"capacity", 3, cue(`overload|excess (?:load|traffic|requests)|load (?:\w+ ){0,5}?(?:suddenly |sharply |significantly )?(?:increased|spiked|surged)|insufficient capacity|capacity (?:constraint|issue|limit|shortage|exhaust)|(?:surge|spike|increase|burst|flood) (?:in|of) (?:[\w-]+ ){0,2}?(?:traffic|load|requests|demand|volume|usage|cache misses|connections|queries|calls|messages|jobs)|(?:high|heavy|increased|unexpected|unusual|excessive|anomalous|elevated) (?:volume|load|traffic|demand|request|cpu|memory|resource|number of requests)|exhaust|saturat|queue limit|resource (?:consumption|utilization|exhaustion|limit)|cpu (?:usage|utili[sz]ation|consumption|spike)|out[- ]of[- ]memory|oom[- ]?kill|throttl|quota|exceeded (?:\w+ )?(?:operational )?thresholds?|feedback loop|retry storm|(?:specific|unusual|unexpected|particular|anomalous) (?:network )?traffic pattern|noisy[- ]neighbou?r|(?:resource|lock|cpu|memory|disk) contention|(?:cpu|memory|resource) (?:pressure|starvation)|compute resources|ran out of|(?:reached|hit|exceeded) (?:its |the |their |a |our )?(?:\w+ )?(?:limit|capacity|maximum)|too many (?:connections|requests|concurrent)|connection (?:pool )?(?:limit|exhaust)|high (?:cpu|memory|load|volume|traffic)|(?:high|heavy|excessive|exceedingly high|elevated|increased|unusually high) (?:utili[sz]ation|usage)|run out of|out of (?:disk )?space|bursts? of (?:traffic|requests|load)|higher[- ]than[- ](?:normal|usual|expected)|spike in (?:\w+ )?(?:data|traffic|load|requests|usage)|limit (?:that )?(?:was|were|had been) (?:reached|hit|exceeded)|large (?:number|volume|amount) of (?:requests|traffic|connections|queries|calls)`)},
	{"capacity", 1, cue(`capacity|load\b|traffic\b|scal(?:e|ing)\b|congest`)},
	{"network", 2, cue(`network|dns|cdn|\bsip\b|voip|\btls\b|load balanc|router|routing|bgp|packet|connectivity|switch(?:es)?\b|line card|firewall|peering|latency|name resolution|fiber|fibre`)},
	{"dependency", 3, cue(`third[- ]party|upstream (?:provider|service|vendor|dependency)|external (?:provider|vendor|service|dependency)|(?:service|cloud|hosting|internet|telecom|network|dns|cdn) provider|\bisp\b|telecom|(?:our|their|a|an|the) (?:\w+ )?partner(?:'s)?\b|(?:third[- ]party|upstream|carrier|network|cloud|technology|service|hosting|integration) partners?|carrier|(?:our|their) (?:\w+ )?(?:supplier|vendor|provider)\b|(?:an?|the) (?:upstream |external |third-party |outside )?(?:hosting |cloud |payment |email |e-?mail |sms |telephony |voice |data ?cent(?:er|re) |colocation |dns |cdn |software |hardware |infrastructure |connectivity |transit )(?:supplier|vendor|provider)\b|(?:an?|the) (?:supplier|vendor)\b|(?:outage|failure|incident|issue|problem|disruption|degradation)s? (?:at|of|with|from|in) (?:an? |our |the )?(?:upstream|external|third)`)},
	{"dependency", 1, cue(`provider|vendor|dependen`)},
	{"hardware", 3, cue(`fib(?:er|re)[- ]?(?:optic )?(?:cuts?|path (?:failure|incident)|damage|break)|switch fabric|fabric modules?|line cards?|transceivers?|\bsfps?\b|optics? (?:failure|fault|module)|cable cut|hardware|power (?:outage|failure|event|loss|oscillation|issue|disruption)|loss of power|utility power|\bups\b|generator|electrical|cooling|thermal|(?:disk|server|host|device|drive|memory|line card) (?:failure|fault)|voltage|rectifier|substation|utility (?:interruption|outage|failure|disruption|feed)|power suppl(?:y|ies)|\bpsu\b|transformer`)},
	{"hardware", 1, cue(`power\b|datacenter|data center|facility|physical`)},
	{"data-storage", 3, cue(`replication (?:lag|delay|failure|error|issue)|(?:database|db|storage) (?:failure|outage|corruption|failover|lock|deadlock)|data corruption|corrupted (?:data|database|index)`)},
	{"data-storage", 2, cue(`database|storage|corrupt|schema\b|replication|data ?store|partition|cosmos ?db|sql\b|redis|mysql|postgres|index|disk`)},
	{"auth", 2, cue(`authenticat|login|sign[- ]in|identity|credential|sso\b|oauth|permission|access control|authori[sz]ation`)},
	{"time-expiry", 3, cue(`expir|leap second|daylight saving|\bdst\b|clock (?:skew|drift)|time ?zone`)},
	{"security", 3, cue(`attack|ddos|malicious|breach|exploit|intrusion|vulnerabilit|phishing`)},
	{"human-error", 3, cue(`human error|operator error|(?:an? )?errors? in (?:our )?(?:records|record-keeping|documentation|paperwork|(?:\w+ )?(?:and \w+ )?(?:processes|procedures))|engineer (?:accidentally|mistakenly|inadvertently)|accidental(?:ly)? (?:being |been |was |were )?(?:deleted|removed|ran|run|executed|dropped|disabled|shut down|turned off|unplugged|overwritten|overwrote)|(?:deleted|removed|dropped|disabled|unplugged) (?:\w+ ){0,3}?(?:accidentally|by mistake|in error|inadvertently)|rm -rf|manual (?:error|mistake)|procedural error|typo|mistaken(?:ly)?|inadvertent(?:ly)? (?:ran|executed|deleted|removed)|incorrect (?:command|action)|unqualified change`)},
	{"automation", 3, cue(`(?:upgrade|deploy(?:ment)?|update|patch(?:ing)?|maintenance|provisioning|scaling|cleanup|remediation|release) automation`)},
	{"automation", 2, cue(`automat(?:ion|ed) (?:process|system|workflow|tool|job|script|maintenance|operation)|automation|tooling|script\b`)},
	{"natural-disaster", 3, cue(`storm|lightning|earthquake|flood|hurricane|severe weather|weather|wildfire|heat ?wave|tornado|typhoon`)},
}

// providerNames are widely used providers of infrastructure or a platform
// a service runs on. In a cause clause of another vendor's incident ("an
// issue caused by a degraded performance of Microsoft Exchange Online
// Protection") it is a dependency; in the provider's own incident it is
// not (rootCause compares it with the incident's vendor).
const providerNames = `(?:Microsoft|Azure|Office 365|Microsoft 365|Exchange Online|Amazon|AWS|Google(?: Cloud)?|GCP|Cloudflare|Akamai|Fastly|Twilio|SendGrid|Stripe|GitHub|GitLab|Heroku|DigitalOcean|OVH(?:cloud)?|Hetzner|Linode|Render|Vercel|Netlify|Okta|Auth0|Salesforce|Atlassian|PagerDuty|Mailgun|Postmark|Zendesk|Slack|OpenAI|Apple|Meta|Facebook|Oracle|IBM Cloud|Alibaba Cloud|Equinix|Level ?3|Lumen|Verizon|Comcast|AT&T|Zayo|Cogent|Telia|Vodafone|Shopify|PayPal|Adyen|Plaid|MongoDB Atlas|Snowflake|Datadog|Segment|Firebase|Supabase|Fly\.io)`

// providerOutage is a provider named as the one that failed: "a degraded
// performance of Microsoft Exchange Online Protection", "an outage at
// AWS", "Cloudflare experienced an outage". A provider named as a place
// ("a change to backend role instances leveraged by Azure Resource
// Manager") is not.
var providerOutage = regexp.MustCompile(`(?:outage|failure|incident|issue|problem|disruption|degrad\w*|performance|unavailability|errors?|downtime)s? (?:\w+ ){0,3}(?:of|at|in|with|from|on|affecting) (?:\w+ ){0,2}?(` + providerNames + `)\b|\b(` + providerNames + `)(?:'s)? (?:\w+ ){0,3}?(?:outage|failure|incident|issue|problem|disruption|degradation|went down|(?:was|were|is|are) (?:down|unavailable|degraded|offline)|experienced|had an|suffered)`)

// triggerCue captures what changed, kept apart from the category (the
// determiner and "new", "recent", "latest" before it are added by
// trigger, so that each branch begins with a literal the fast path can
// gate on):
// "the 23.43 release", "a bug fix", "a configuration change".
var triggerCue = cue(`v?\d+(?:\.\d+)+ (?:release|version|update)|release \S+|version \d\S*|bug fix|(?:code|configuration|config|software|network) (?:change|deployment|update|push)|(?:code|software) (?:release|regression|defect)|deployment|maintenance (?:activity|operation|event)|(?:os|security|service|software) update`)

// --- Resolution (METRICS.md §5) ---------------------------------------------

// resolutionCues, strongest first; each match adds its weight.
var resolutionCues = []causeCue{
	{"rollback", 3, cue(`roll(?:ed|ing)?[- ]?back|revert(?:ed|ing)?|fall(?:ing)?[- ]?back to|previous (?:version|build|configuration)|last known good|legacy (?:handling|logic|version|code|behaviou?r)`)},
	{"failover", 3, cue(`fail(?:ed|ing)?[- ]?over|fail(?:ed|ing)?[- ]?back|promot(?:ed|ing) (?:the |a )?(?:\w+ )?replicas?|(?:migrat|switch)(?:ed|ing) (?:over )?to (?:the |a |our )?(?:\w+'s )?(?:secondary|backup|standby)|(?:mov|migrat|switch|transferr?)(?:ed|ing)? (?:the |our )?(?:\w+ ){0,2}?to (?:the |a |our )?(?:\w+'s )?(?:secondary|backup|standby|redundant|alternate|dr) |(?:shift|redirect|re-?rout|drain|divert|mov)(?:ed|ing)? (?:the )?(?:traffic|workloads?|requests|load)|traffic (?:was |has been )?(?:shifted|redirected|rerouted|drained|moved)|rerouted|isolat(?:ed|ing) (?:the )?(?:affected|faulty|unhealthy)|removed (?:the )?(?:affected|faulty|unhealthy) \w+ from`)},
	{"restart", 3, cue(`restart(?:ed|ing)?|reboot(?:ed|ing)?|recycl(?:ed|ing)|bounc(?:ed|ing) (?:the )?\w+|power[- ]cycl`)},
	{"scale-up", 3, cue(`scal(?:ed|ing) (?:up|out)|allocat(?:ed|ing|e) (?:more|additional) (?:\w+ )?(?:resources|capacity|servers|nodes|instances|workers)|increas(?:ed|ing|e) (?:the )?(?:size|number) of (?:our |the )?(?:\w+ ){0,2}(?:farm|fleet|cluster|pool|instances|servers|nodes|workers|replicas)|scaling (?:adjustment|change|operation|action)|add(?:ed|ing)? (?:more |additional )?(?:capacity|resources|instances|servers|nodes)|additional capacity|increas(?:ed|ing) (?:the )?(?:capacity|limits?|resources|quota)`)},
	{"throttle", 3, cue(`throttl(?:ed|ing)|(?:disabl|block)(?:ed|ing) (?:the )?ip (?:ranges?|address(?:es)?)|(?:traffic|requests|customers?|accounts?|tenants?) (?:had been|has been|was|were|have been) isolated|isolat(?:ed|ing) (?:the )?(?:problematic|offending|abusive|malicious|rogue|noisy) |(?:a |the )?(?:temporary )?block (?:has been|was|is) (?:put )?in place|disabl(?:ed|ing) (?:all )?(?:\w+ )?(?:apis|api calls|requests|jobs|writes)|cancel+(?:ed|ing) (?:a number of )?(?:running )?(?:\w+ )?jobs|paus(?:ed|ing) (?:\w+ )?(?:jobs|processing|queues|ingestion)|rate[- ]limit|block(?:ed|ing) (?:the )?(?:malicious |offending )?(?:traffic|requests)|shed(?:ding)? load`)},
	{"hardware-repair", 3, cue(`hardware (?:has been|was|is being|had been) (?:changed|replaced|swapped)|(?:replaced|swapped|changed) (?:the )?(?:\w+ )?hardware|replac(?:ed|ing) (?:the )?(?:faulty|failed|defective|hardware|device|component|router|disk|line card|power)|repair(?:ed|ing)?|restor(?:ed|ing) (?:the )?power`)},
	{"data-restore", 3, cue(`restor(?:ed|ing) (?:the )?(?:data|database|from (?:a )?backup)|(?:return|restor)(?:ed|ing) the (?:\w+ )?database to|restore path|from (?:a )?backup|re-?sync(?:ed|hroni[sz]ed)`)},
	{"upstream-fixed", 3, cue(`(?:utility |grid |mains |main )?power (?:was |has been |had been |is |got )?(?:fully )?restored|(?:utility|grid|mains) power (?:\w+ )?(?:returned|came back)|(?:provider|vendor|upstream|third[- ]party|partner|carrier|supplier|isp)\S* (?:\w+ ){0,3}?(?:resolved|fixed|mitigated|restored|repaired|applied a fix|deployed a fix)|wait(?:ed|ing)? for (?:the )?(?:power|utility|provider|carrier|isp|upstream)\w* (?:\w+ ){0,3}?(?:to be )?(?:restored|fixed|repaired)|` + strings.ToLower(providerNames) + ` (?:\w+ ){0,3}?(?:applied|deployed|released|had to apply) (?:a |the )?(?:\w+ )?fix`)},
	{"config-fix", 2, cue(`config(?:uration)? (?:change|update|fix|correction)|(?:updated|corrected|changed|adjusted|modified|fixed) (?:the )?(?:\w+ )?(?:config(?:uration)?|permissions?|settings?|rules?|records?|parameters?|thresholds?)|(?:added|applied|changed) (?:the )?config|corrected (?:the )?setting`)},
	{"fix-forward", 2, cue(`patched\b|(?:bug|defect) (?:\w+ ){0,2}(?:was|has been|have been|is now|has since been) (?:\w+ )?(?:fixed|patched)|(?:deployed|applied|implemented|rolled out|released|pushed|shipped) (?:a |the )?(?:\w+ ){0,2}?(?:fix|hotfix|patch|code change|backend changes|changes to the code)|patch (?:is|was) (?:in (?:the )?process of )?rolling out|(?:built|developed|wrote|created) (?:a |the )?(?:\w+ ){0,3}?(?:fix|patch|handling)|(?:handling|fix|patch) (?:\w+ ){0,5}?was built|corrected the (?:issue|bug|code|problem) that caused|hotfix|(?:fix|patch) (?:was|has been) (?:deployed|applied|implemented|rolled out)|fix(?:es)? (?:is|are) (?:now )?(?:deployed|in place)`)},
	{"self-recovered", 2, cue(`recovered (?:on its own|automatically|without)|without (?:any )?(?:additional|further|manual) (?:remediations?|intervention|action)|subsided|resolved itself|recovered by itself|self-resolv|self[- ]heal|automatically recovered|auto-?recover|without (?:any )?(?:manual )?intervention`)},
}

// notAnAction is a restart or reboot that was the event, not the fix:
// "disrupted after an unintended restart of all customer workloads", "we
// restarted the regular flow of emails".
var notAnAction = cue(`(?:unintended|unexpected|accidental|unplanned|spontaneous|automatic|inadvertent) (?:\w+ )?(?:restart|reboot)|restart(?:ed|ing)? the (?:regular |normal )?(?:flow|sending|delivery|processing) of`)

// fixLabel is a labelled line that tells the fix, in whatever section it
// stands: "Fix: Fiber was repaired and services restored.", "Fix Action: ...".
var fixLabel = regexp.MustCompile(`(?i)^\W*(?:fix(?: action)?|resolution|remediation|mitigation|workaround)\s*:`)

// recoveredCue says service came back, by whatever means.
var recoveredCue = cue(`recover(?:ed|s|y)?\b|restored|resolved|back (?:up|online|to normal)|returned to (?:normal|service)|operational again|fully operational`)

// actionFailed is an action that did not fix it, read in the action's own
// clause: "The rollback procedure failed, so engineers intervened", "we
// were unable to fail over", "When reverting this query did not fix the
// issue, we ... implemented a successful fix" (the fix still counts),
// "rolling back recent changes had no isolated effect".
var actionFailed = cue(`(?:roll-?back|roll(?:ed|ing) back|revert|restart|fail-?over|fix|patch|reboot)\w* (?:\w+ ){0,3}?(?:failed|was unsuccessful|did not (?:work|help|fix|resolve|solve|change)|didn't (?:work|help|fix|resolve|solve|change)|had no (?:\w+ )?effect|made no difference)|(?:failed|unable|could not|couldn't|did not manage) to (?:roll|revert|restart|fail|reboot)`)

// actionOutlived is a sentence whose action the trouble outlived: "we
// restarted the servers, but errors continued".
var actionOutlived = cue(`, but (?:[\w,]+ ){0,8}?(?:continued|still|persisted|remained|kept)\b`)

// actionIntent stands right before an action that was meant, not done:
// "working with our infrastructure provider to reboot", "attempting to
// fail over", "we need to restart".
var actionIntent = regexp.MustCompile(`(?i)\b(?:working|trying|attempting|preparing|planning|plan|needs?|going|intend(?:s|ed|ing)?|hope|hoping|want|decided whether)\b[^,.;:]{0,60}? to $`)

// actionHedge marks a clause that guesses ("the frontend may have crashed
// and been restarted"): what it names is not a reported action.
var actionHedge = cue(`may have|might have|possibly|presumably|we suspect`)

// questionLead opens a sentence that asks, a template's prompt: "Was
// this incident triggered by a change (deployment of code ...". A
// question states no cause and no fix.
var questionLead = regexp.MustCompile(`(?i)^\W*(?:was|were|is|are|did|does|do|has|have|had|could|can|will|would|should)\s+(?:this|these|the|it|there|any|we|you|they|a|an)\b`)

// isQuestion reports whether a sentence asks: it ends with "?" (before
// closing quotes, brackets, "!" or ".": "Why was this outage SO LONG?!"),
// or opens with an auxiliary verb and its subject.
func isQuestion(t string) bool {
	return strings.HasSuffix(strings.TrimRight(t, " \t\n\"')”!."), "?") || questionLead.MatchString(t)
}

// resolutionSentence marks a sentence that says how it was fixed outside a
// Resolution section: "resolved by", "mitigated the issue by", "we rolled back".
var resolutionSentence = cue(`resolved by|mitigated by|fixed by|(?:mitigat|resolv|fix|correct|address)\w* (?:the|this) (?:issue|incident|problem|impact) by|by (?:rolling|reverting|restarting|failing|redirecting|shifting|scaling|applying|deploying)|(?:we|engineers|team|operations) (?:\w+ )?(?:rolled back|reverted|restarted|failed over|redirected|rerouted|scaled|applied|deployed a fix|replaced)|revert\w* the|roll(?:ed|ing) back|corrected the issue|restor(?:ed|ing) (?:full )?(?:service|functionality)`)

// --- Instants in prose (METRICS.md §1) --------------------------------------

// Event kinds, as in TimelineEvent.Kind.
const (
	kindChange   = "change"
	kindStart    = "impact_start"
	kindDetected = "detected"
	kindIdent    = "identified"
	kindMitig    = "mitigated"
	kindResolved = "resolved"
)

// weNoticed is the vendor's own noticing in a sentence that states the
// start: "Starting at 12:20 pm UTC on June 2, 2025, we noticed an increase
// in errors" is both the start and the detection.
var weNoticed = cue(`(?:we|our (?:team|engineers|monitoring|systems|alerts?)) (?:first )?(?:noticed|observed|spotted|detected|were alerted|were notified|were paged|became aware)`)

// eventCues classify a dated line or a sentence with a time. They are
// tried in this order and the first that matches wins, so "First error
// reported to SEIM" is an impact start before "reported" could make it a
// detection, and "functionality restored" is mitigation before anything.
var eventCues = []struct {
	kind string
	re   *matcher
}{
	{kindMitig, cue(`restored|recovered|full recovery|working again|(?:was|were|has been|had been) (?:\w+ )?solved|(?:issues?|problems?|outages?|errors?|failures?) (?:was |were |has been |have been |is |are )?(?:now )?(?:fixed|solved|corrected)\b|recovery (?:was|is) complete|mitigat(?:ed|ion (?:was|is) (?:complete|in place))|(?:back|returned|reverted) to normal|resum(?:ed|ing) normal|operating normally|(?:fix|rollback|roll-back|revert|failover) (?:was |has been )?(?:completed|applied|deployed|in place)|impact (?:ended|stopped)|no longer (?:seeing|experiencing)|recovering|(?:operating|progressing|functioning|working|running|performing|processing) (?:as )?normal(?:ly)?|normal levels|(?:processed|cleared|drained) the backlog|backlog (?:was|had been|has been) (?:\w+ )?(?:processed|cleared|delivered|drained)|recovery (?:began|started)|(?:was|were|been) successfully (?:delivered|processed|completed)`)},
	{kindResolved, cue(`resolved|fully recovered|closed|all clear`)},
	// "began receiving reports of VPN failures" is a detection, before "began" can make it a start
	{kindDetected, cue(`(?:began|begun|started|start) (?:receiving|getting|to receive|to get|fielding|taking) (?:\w+ )?(?:reports|calls|alerts|tickets|complaints|pages|notifications)`)},
	{kindStart, cue(`first (?:errors?|failures?|impact|occurrences?|customer reports?|signs?)|started (?:returning|failing|serving|showing|throwing|rejecting|dropping|timing out)|(?:impact|errors?|issues?|outage|degradation|disruption|incident|problems?|failures?|latency|delays?) (?:began|begun|started|start|commenced)|began|beginning (?:at|on|around|approximately)|starting (?:at|on|around|approximately|from)|start(?:ed)? (?:at|on|around)|(?:since|from) approximately|impact start`)},
	{kindDetected, cue(`support (?:team )?(?:reported|escalated|received|noticed|raised)|declar(?:es|ed|ing) (?:an |the )?incident|(?:monitors?|monitoring|alerts?|alarms?)(?: \w+){0,3} (?:detect|detects|fire|fires)\b|(?:team|engineers?|we) (?:begins?|began|starts?|started) (?:investigating|to investigate)|incident (?:was )?reported\b|first notification|received (?:a call|calls|a page|a ticket)|escalat(?:ed|ion)|customers? (?:reported|began reporting|started reporting)|reports? (?:from|by) customers|(?:we|engineers|team|operations|on-?call)(?: \w+)? (?:were|was|got) (?:alerted|paged|notified)|alert(?:s|ed)? (?:fired|triggered|were raised)|(?:monitoring|alerting|automated|telemetry|alarms?|monitors?|systems?)(?: \w+)? (?:detected|alerted|identified|indicated|flagged|showed|triggered)|detected|became aware|received (?:reports|alerts|an alert)|were alerted|paged|(?:we|our (?:team|engineers|monitoring|systems)) (?:first )?(?:noticed|observed|spotted)`)},
	{kindIdent, cue(`identified|root cause (?:was )?(?:found|determined|confirmed)|determined (?:that|the)|found the cause|diagnos|isolated the|pinpointed`)},
	{kindChange, cue(`(?:backend|code|software|system|infrastructure|platform|configuration|config|network|database|schema|firmware|os|security|kernel|service) (?:update|upgrade|change)s? (?:\w+ ){0,4}?(?:triggered|caused|introduced|led to|resulted in)|deploy(?:ed|ment|ing)?|release[ds]?\b|roll(?:ed)?[- ]?out|(?:config|configuration) change|change (?:was|were) (?:made|applied|pushed|deployed)|migration (?:began|started)|upgrade (?:began|started)|maintenance (?:began|started)|push(?:ed)? to production`)},
}

// windowCue marks an impact window around two times: "between 09:50 and
// 10:40 UTC", "from 19:52-20:35 UTC", "from 10:26 AM to 02:40 PM PST".
var windowCue = cue(`between|from|starting|began|begun|started|beginning|commenced`)

// windowField is a labelled end of the impact window, a field of a
// templated report: "**Incident Start:** 12 November 2021 00:30",
// "**Incident End:** 12 November 2021 02:14" (cloud-incident-extraction
// gcp-r1501), also per product: "Google Cloud Platform Impact End:
// 14 November 2022 11:38" (gcp-r1370). Group 1 is "start" or "end".
var windowField = regexp.MustCompile(`(?i)^(?:[\w/&-]+ ){0,4}(?:incident|impact|outage|issue|disruption) (start|end)(?:ed)?(?: time| date)?\s*[:\-–]`)

// windowJoin is what may stand between the two ends of a window
// ("Between 08:00 UTC and until 13:20 UTC", azure-r37).
var windowJoin = regexp.MustCompile(`(?i)^[\s,]*(?:and(?: until| till| up to)?|to|until|till|through|thru|-|–|—|(?:and|,) (?:was |it |impact |the incident )?(?:ended|ending|ends|resolved|recovered|lasted until|finished|concluded)(?: at| on| by| around| approximately)*)[\s,]*(?:approximately |about |around |on )?$`)

// windowChain joins two windows of one sentence: "between 19:30 and 22:10
// UTC on 16 Nov 2021 and between 23:00 UTC ... and 02:50 UTC on 17 Nov".
var windowChain = regexp.MustCompile(`(?i)^[^.;:]{0,40}?\b(?:and|,)\s*(?:again\s+)?(?:between|from)?\s*(?:approximately\s+)?$`)

// futureTense marks an expectation or planned work, whose times are not
// instants of the incident: "we expect", "estimated", "scheduled maintenance".
var futureTense = cue(`we expect|expected to|will be|will (?:allow|help|ensure|prevent|enable|make|reduce|improve)|if this (?:issue )?(?:occurs|happens|recurs) again|estimated|scheduled (?:maintenance|downtime|work)|maintenance window|planned maintenance`)

// --- Stated durations -------------------------------------------------------

// durationLabel is a labelled duration field: "Incident Duration:
// Approximately 1 hour", "Duration: 47 minutes".
var durationLabel = cue(`(?:incident |outage |total |impact )?duration\s*[:\-–]`)

// durationVerb is a duration the text states for the impact: "lasted for
// around one hour", "lasting 3h 16m", "for a period of 47 minutes".
var durationVerb = cue(`last(?:ed|ing|s)|persist(?:ed|ing)|for a (?:total|period) of|(?:outage|disruption|impact|incident|degradation) of|duration of`)

// durationFor is "for 47 minutes" after an impact verb in the same sentence.
var durationFor = cue(`(?:unavailable|down|degraded|impacted|affected|disrupted|experienced \w+(?: \w+)?|errors?|outage|failing|offline)\b[^.;]{0,60}?\bfor (?:approximately |about |around |roughly |nearly |almost |over |just over |under )?`)

// durationNot marks a duration that is not the incident's: "over the
// next 1 hour", "every 5 minutes", "in the last 24 hours", "TTL".
var durationNot = cue(`next|every|within|in the (?:last|past)|ttl|timeout|retention|interval|ago|expect|estimated|window|up to|per\b`)

// --- Scope (METRICS.md §6) --------------------------------------------------

// scopeNouns classify a number stated next to them. The number must be
// beside the noun: "Count of Accounts Impacted 84", "84 accounts",
// "0.04% of traffic", "% Total Traffic Impacted 0.04%".
var scopeNouns = []struct {
	field string
	re    *matcher
}{
	{"traffic_percent", cue(`traffic|requests|calls|transactions|api calls|queries|jobs|builds|messages|emails|verbs|invocations|operations|deliveries|sessions|workloads|network`)},
	{"failed_transactions", cue(`(?:failed |failing |errored )?(?:transactions|requests|api calls|calls|queries|operations|jobs|messages)`)},
	{"accounts", cue(`accounts|customers|tenants|organi[sz]ations|subscriptions|workspaces|merchants|companies|clients|sites|projects`)},
	{"users", cue(`users|end[- ]users|people|members|visitors`)},
}

// scopeImpact marks a scope line or sentence as about impact ("Impacted",
// "affected", "failed"), so "we serve 10,000 customers" is not scope.
var scopeImpact = cue(`impact|affect|fail|error|experienc|unable|could not|encounter|lost|dropped|timed? ?out|disrupt|scope`)

// dataLossCue and noDataLoss: "No data corruption was identified" is
// data_loss false; "some data was lost" is true; "to prevent data loss"
// is remediation and says nothing.
var (
	dataLossCue = cue(`data (?:loss|was lost|were lost|corruption|was corrupted|integrity)|lost (?:\w+ )?data|loss of (?:\w+ )?data|corrupted (?:\w+ )?data|data (?:has been|had been) (?:lost|corrupted)`)
	noDataLoss  = cue(`no (?:\w+ )?data (?:loss|was lost|corruption)|no loss of data|no (?:\w+ )?data (?:\w+ )?(?:was|were) (?:lost|corrupted)|without (?:any )?data (?:loss|corruption)|not (?:\w+ )?(?:lost|corrupted)|did not (?:result in|lose|cause) (?:any )?(?:\w+ )?data|not (?:aware of|seen|observed|identified) any (?:\w+ )?data|data (?:was|were|remained) (?:not|never) (?:lost|corrupted|affected|impacted|at risk)|there (?:was|is) no (?:\w+ )?data|data (?:is|was|remained) (?:safe|intact|unaffected)`)
)

// regionCue finds cloud region codes and "in the X region" phrases.
var regionCue = regexp.MustCompile(`\b(?:(?:us|eu|ap|sa|ca|me|af|il|mx|cn|us-gov)-(?:east|west|central|north|south|northeast|southeast|northwest|southwest)-\d)\b|\b(?:in|within) the ([A-Z][A-Za-z.]*(?: [A-Z0-9][A-Za-z0-9.]*){0,3}) [Rr]egions?\b`)

// chinaPlace and usPlace decide a bare "CST" (CSTIsChina): China Standard
// Time when the report names China and no US place, else US Central.
var (
	chinaPlace = cue(`china|chinese|beijing|shanghai`)
	usPlace    = regexp.MustCompile(`\b(?:US|U\.S\.|USA|United States|Americas?|Texas|Chicago|Iowa|Mexico|Canada)\b`)
)

// ambiguousZones are abbreviations that name more than one zone or a
// generic zone whose offset depends on the date (METRICS.md §3): reading
// them is a rule, so the reader says so in a warning.
var ambiguousZones = map[string]bool{
	"MT": true, "CT": true, "ET": true, "PT": true, "CST": true, "IST": true,
	"BST": true, "AST": true, "GST": true, "ECT": true, "SST": true,
}
