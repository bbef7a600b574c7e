package analyze

import (
	"cmp"
	"fmt"
	"hash/fnv"
	"math"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/postmortem-dev/postmortem/parse/incident"
)

// Warning codes set by the Merger.
const (
	// WarnSnapshotsDisagree: two documents showing one incident give
	// different values for a field (title, impact, an update's time, ...).
	WarnSnapshotsDisagree = "snapshots_disagree"
	// WarnIDReused: another incident has the same id or URL but a clearly
	// different title and time, so the two were kept apart.
	WarnIDReused = "id_reused"
)

const (
	// mergeSlack is how far apart two time spans may be and still touch.
	mergeSlack = time.Hour
	// samePrecision: one update seen at times closer than this is the same
	// instant written with different precision (a feed drops the seconds).
	samePrecision = time.Minute
	// similarTitle is the token Jaccard similarity from which two titles
	// name the same incident (for incidents with neither id nor URL in common).
	similarTitle = 0.8
	// differentTitle is the similarity under which two titles are clearly
	// different (an id reused for another incident).
	differentTitle = 0.5
	// maxDays caps the days one incident registers in the fuzzy index.
	maxDays = 62
	// maxValues caps the distinct values kept per field for warnings.
	maxValues = 8
	// maxBucket caps the candidates read from one fuzzy index bucket (the
	// latest), bounding the work on pages with many look-alike incidents.
	maxBucket = 64
	mergeDay  = 24 * time.Hour
)

// Merger merges incidents seen in several documents (daily snapshots, a
// page and its feed) into one.
//
// Two incidents are the same when they have the same vendor (compared
// case-insensitively) and the same incident id, or the same URL (scheme,
// host case, query, fragment and trailing slash ignored); failing those,
// the same vendor, similar titles (token Jaccard ≥ 0.8) and time spans
// (first to last update or page time) that overlap or come within an hour,
// with no conflicting id or URL. Different vendors never merge. An id or
// URL shared by incidents with clearly different titles and disjoint times
// does not merge them: both get an id_reused warning. An incident with no
// id or URL that cannot be matched on title and time (no vendor or no
// time) merges only with an identical one (the same document read twice).
//
// A merged incident has the union of the updates (an update seen in several
// documents once; the same update at different times is kept at the
// earliest with a snapshots_disagree warning), the scalar fields of the
// document with the most updates (then the latest update, then the greater
// path), the highest known impact, the union of components, the longest
// postmortem, the earliest page start and latest page resolve, and every
// source in Sources. The result does not depend on the order of Add calls,
// except in chains of fuzzy matches.
//
// Memory is proportional to the distinct incidents and their updates.
type Merger struct {
	groups []*mgroup        // nil once merged into another
	parent []int            // union-find over groups
	byKey  map[string][]int // by vendor+id, vendor+URL and content print
	byDay  map[dayKey][]int // by vendor, title prefix token and day
}

// dayKey is a fuzzy index bucket. Every group is in the buckets with
// anyID set; groups without an id also in those without, the only ones an
// incident with an id needs (a group with another id conflicts, one with
// the same id was found by key).
type dayKey struct {
	vendor, token string
	day           int64
	anyID         bool
}

// NewMerger returns an empty Merger.
func NewMerger() *Merger {
	return &Merger{byKey: map[string][]int{}, byDay: map[dayKey][]int{}}
}

// Add takes one incident (from any document, any order).
func (m *Merger) Add(inc incident.Incident) {
	g := newGroup(&inc)
	target, apart := m.strongMatch(g)
	if target == nil && len(apart) == 0 {
		target = m.fuzzyMatch(g)
	}
	if target != nil {
		target.merge(g)
		g = target
	} else {
		g.id = len(m.groups)
		m.groups = append(m.groups, g)
		m.parent = append(m.parent, g.id)
	}
	for _, h := range apart {
		g.apart = appendUnique(g.apart, h.id)
		h.apart = appendUnique(h.apart, g.id)
	}
	m.register(g)
}

// find returns the live group that group id was merged into.
func (m *Merger) find(id int) *mgroup {
	for m.parent[id] != id {
		m.parent[id] = m.parent[m.parent[id]]
		id = m.parent[id]
	}
	return m.groups[id]
}

// strongMatch returns the group sharing g's id or URL (merging any others
// that share it too), and the groups sharing it that must stay apart.
func (m *Merger) strongMatch(g *mgroup) (*mgroup, []*mgroup) {
	var cands []*mgroup
	for _, k := range g.keys() {
		cands = m.collect(cands, m.byKey[k])
	}
	var ok, apart []*mgroup
	for _, h := range cands {
		if farApart(g, h) {
			apart = append(apart, h)
		} else {
			ok = append(ok, h)
		}
	}
	if len(ok) == 0 {
		return nil, apart
	}
	best := ok[0]
	for _, h := range ok[1:] {
		if titleSim(g, h) > titleSim(g, best) {
			best = h
		}
	}
	for _, h := range ok {
		if h != best && !farApart(best, h) {
			m.absorb(best, h)
		}
	}
	return best, apart
}

// collect appends the live groups of ids not yet in cands, in id order.
func (m *Merger) collect(cands []*mgroup, ids []int) []*mgroup {
next:
	for _, id := range ids {
		h := m.find(id)
		for _, c := range cands {
			if c == h {
				continue next
			}
		}
		cands = append(cands, h)
	}
	sort.Slice(cands, func(i, j int) bool { return cands[i].id < cands[j].id })
	return cands
}

// fuzzyMatch returns the group of the same vendor with the most similar
// title whose time span touches g's, or nil. Candidates come from the
// buckets of g's title prefix tokens on the days g covers.
func (m *Merger) fuzzyMatch(g *mgroup) *mgroup {
	if g.vendor == "" || g.lo.IsZero() {
		return nil
	}
	var best *mgroup
	bestSim := 0.0
	lo, hi := dayRange(g.lo, g.hi)
	for _, t := range g.titleList() {
		for _, tok := range prefixTokens(t.v) {
			for d := lo; d <= hi; d++ {
				ids := m.byDay[dayKey{g.vendor, tok, d, len(g.ids) == 0}]
				for _, id := range ids[max(0, len(ids)-maxBucket):] {
					h := m.find(id)
					if idsConflict(g.ids, h.ids) || idsConflict(g.urls, h.urls) || !spansTouch(g, h) {
						continue
					}
					s := titleSim(g, h)
					if s >= similarTitle && (best == nil || s > bestSim || s == bestSim && h.id < best.id) {
						best, bestSim = h, s
					}
				}
			}
		}
	}
	return best
}

// prefixTokens are the tokens of a title that any title with a Jaccard
// similarity ≥ similarTitle shares at least one of (prefix filtering):
// the first n − ⌈0.8·n⌉ + 1 distinct tokens in a fixed (hash) order.
func prefixTokens(title string) []string {
	toks := mergeTokens(title)
	if len(toks) == 0 {
		return []string{""} // title-less incidents share one bucket
	}
	slices.Sort(toks)
	toks = slices.Compact(toks)
	sort.Slice(toks, func(i, j int) bool { return tokenHash(toks[i]) < tokenHash(toks[j]) })
	n := len(toks)
	return toks[:n-int(math.Ceil(similarTitle*float64(n)-1e-9))+min(n, 1)]
}

func tokenHash(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// absorb merges group h into g.
func (m *Merger) absorb(g, h *mgroup) {
	g.merge(h)
	m.parent[h.id] = g.id
	m.groups[h.id] = nil
}

// register indexes g by its keys, and by its title prefix tokens on the
// days it covers (only what is not indexed yet; entries of groups merged
// into g resolve to g, so a bucket may list g twice).
func (m *Merger) register(g *mgroup) {
	for _, k := range g.keys() {
		m.byKey[k] = m.index(m.byKey[k], g)
	}
	if g.vendor == "" || g.lo.IsZero() {
		return
	}
	lo, hi := dayRange(g.lo, g.hi)
	for i, t := range g.titleList() {
		if i < g.regTitles && lo >= g.regLo && hi <= g.regHi {
			continue
		}
		for _, tok := range prefixTokens(t.v) {
			for d := lo; d <= hi; d++ {
				if i < g.regTitles && d >= g.regLo && d <= g.regHi {
					continue
				}
				k := dayKey{g.vendor, tok, d, true}
				m.byDay[k] = append(m.byDay[k], g.id)
				if len(g.ids) == 0 {
					k.anyID = false
					m.byDay[k] = append(m.byDay[k], g.id)
				}
			}
		}
	}
	g.regLo, g.regHi, g.regTitles = lo, hi, len(g.titles)
}

// index adds g to an index list unless it is already there.
func (m *Merger) index(ids []int, g *mgroup) []int {
	for _, id := range ids {
		if m.find(id) == g {
			return ids
		}
	}
	return append(ids, g.id)
}

// dayRange returns the days a span (widened by the slack) covers, capped.
func dayRange(lo, hi time.Time) (int64, int64) {
	a := lo.Add(-mergeSlack).Unix() / int64(mergeDay/time.Second)
	b := hi.Add(mergeSlack).Unix() / int64(mergeDay/time.Second)
	if b-a > maxDays {
		b = a + maxDays
	}
	return a, b
}

// Incidents returns the merged incidents in a deterministic order (vendor,
// first update, title, id).
func (m *Merger) Incidents() []incident.Incident {
	var out []incident.Incident
	for _, g := range m.groups {
		if g != nil {
			out = append(out, m.incident(g))
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return mergedLess(&out[i], &out[j]) })
	return out
}

func mergedLess(a, b *incident.Incident) bool {
	if va, vb := vendorKey(a.Vendor), vendorKey(b.Vendor); va != vb {
		return va < vb
	}
	fa, fb := earliestUpdate(a), earliestUpdate(b)
	if fa.IsZero() != fb.IsZero() {
		return fb.IsZero()
	}
	if !fa.Equal(fb) {
		return fa.Before(fb)
	}
	if a.Title != b.Title {
		return a.Title < b.Title
	}
	if a.ID != b.ID {
		return a.ID < b.ID
	}
	return a.Source.Path < b.Source.Path
}

func earliestUpdate(inc *incident.Incident) time.Time {
	for _, u := range inc.Updates {
		if !u.At.IsZero() {
			return u.At
		}
	}
	return time.Time{}
}

// incident builds the merged incident of a group.
func (m *Merger) incident(g *mgroup) incident.Incident {
	inc := incident.Incident{
		ID: g.idv.v, Vendor: g.vendorName.v, Title: g.title.v, URL: g.url.v,
		Impact: g.impact, Status: incident.Status(g.status.v), Zone: g.zone.v,
		Components: g.components(), Updates: g.finalUpdates(),
		Postmortem: g.post, Page: g.page, Unplaced: g.unplaced,
	}
	if n := len(inc.Updates); inc.Status == "" && n > 0 {
		inc.Status = inc.Updates[n-1].Status
	}
	srcs := append([]incident.Source(nil), g.sources...)
	sort.Slice(srcs, func(i, j int) bool {
		if srcs[i].Path != srcs[j].Path {
			return srcs[i].Path < srcs[j].Path
		}
		return srcs[i].Reader < srcs[j].Reader
	})
	if len(srcs) > 0 {
		inc.Source = srcs[0]
	}
	if len(srcs) > 1 {
		inc.Sources = srcs
	}
	inc.Notes = append([]incident.Warning(nil), g.notes...)
	if g.members > 1 {
		sort.SliceStable(inc.Notes, func(i, j int) bool {
			a, b := inc.Notes[i], inc.Notes[j]
			return a.Code < b.Code || a.Code == b.Code && a.Message < b.Message
		})
	}
	g.disagreements(&inc)
	m.apartWarnings(g, &inc)
	return inc
}

// apartWarnings warns about incidents kept apart despite a shared id or URL.
func (m *Merger) apartWarnings(g *mgroup, inc *incident.Incident) {
	var done []*mgroup
	for _, id := range g.apart {
		h := m.find(id)
		if h == g || containsGroup(done, h) {
			continue
		}
		done = append(done, h)
		inc.Warn(WarnIDReused, fmt.Sprintf("%q (%s) has the same id or URL but a different title and time; not merged",
			h.title.v, h.lo.Format("2006-01-02")))
	}
}

func containsGroup(gs []*mgroup, g *mgroup) bool {
	for _, h := range gs {
		if h == g {
			return true
		}
	}
	return false
}

// vendorKey normalises a vendor name for comparison.
func vendorKey(v string) string {
	return strings.ToLower(strings.Join(strings.Fields(v), " "))
}

// normURL normalises an incident URL: lower-case host, no scheme (http and
// https are the same page), port 80/443, query, fragment or trailing
// slash. Unparseable URLs are kept trimmed.
func normURL(s string) string {
	s = strings.TrimSpace(s)
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return strings.TrimRight(s, "/")
	}
	host := strings.ToLower(u.Host)
	if strings.EqualFold(u.Scheme, "http") {
		host = strings.TrimSuffix(host, ":80")
	}
	host = strings.TrimSuffix(host, ":443")
	return host + strings.TrimRight(u.EscapedPath(), "/")
}

// tokens splits a text into lower-case letter/digit words.
func mergeTokens(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// jaccard is the Jaccard similarity of two token lists' sets.
func mergeJaccard(a, b []string) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	set := make(map[string]int8, len(a))
	for _, t := range a {
		set[t] = 1
	}
	inter, union := 0, len(set)
	for _, t := range b {
		switch set[t] {
		case 1:
			inter++
			set[t] = 2
		case 0:
			union++
			set[t] = 3
		}
	}
	return float64(inter) / float64(union)
}

// titleSim is the best similarity between the two groups' titles; -1 when
// either has none.
// titleList is the group's titles, or one empty title when no member
// gave one, so that title-less incidents still meet by vendor and time.
func (g *mgroup) titleList() mseen {
	if len(g.titles) == 0 {
		return mseen{{}}
	}
	return g.titles
}

func titleSim(g, h *mgroup) float64 {
	best := -1.0
	for _, a := range g.titleList() {
		for _, b := range h.titleList() {
			ta, tb := mergeTokens(a.v), mergeTokens(b.v)
			if len(ta) == 0 && len(tb) == 0 {
				return 1 // neither page gives a title: vendor and time decide
			}
			if s := mergeJaccard(ta, tb); s > best {
				best = s
			}
		}
	}
	return best
}

// touch reports whether two known time spans overlap or come within the slack.
func spansTouch(g, h *mgroup) bool {
	if g.lo.IsZero() || h.lo.IsZero() {
		return false
	}
	return !g.lo.After(h.hi.Add(mergeSlack)) && !h.lo.After(g.hi.Add(mergeSlack))
}

// farApart reports whether two groups sharing an id or URL are still
// different incidents: clearly different titles and disjoint times.
func farApart(g, h *mgroup) bool {
	if g.lo.IsZero() || h.lo.IsZero() || spansTouch(g, h) {
		return false
	}
	s := titleSim(g, h)
	return s >= 0 && s < differentTitle
}

// conflict reports whether both lists are non-empty and share nothing.
func idsConflict(a, b []string) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return false
			}
		}
	}
	return true
}

func appendUnique[T comparable](s []T, v T) []T {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

// mrank orders the documents an incident was seen in: the one with more
// updates, then a later last update, then the greater path gives the fields.
type mrank struct {
	n    int
	last time.Time
	path string
}

func (a mrank) cmp(b mrank) int {
	if a.n != b.n {
		return cmp.Compare(a.n, b.n)
	}
	if c := a.last.Compare(b.last); c != 0 {
		return c
	}
	return strings.Compare(a.path, b.path)
}

// mpick is a field value with the rank of the document it came from.
type mpick struct {
	v string
	r mrank
}

// offer keeps q when it is non-empty and from a better-ranked document.
func (p *mpick) offer(q mpick) {
	if q.v == "" {
		return
	}
	if c := q.r.cmp(p.r); p.v == "" || c > 0 || c == 0 && q.v < p.v {
		*p = q
	}
}

// mvalue is one value of a field with a document that shows it.
type mvalue struct{ v, src string }

// mseen is the distinct values of a field, for disagreement warnings.
type mseen []mvalue

func (s mseen) add(v, src string) mseen {
	if v == "" {
		return s
	}
	for i := range s {
		if s[i].v == v {
			s[i].src = min(s[i].src, src)
			return s
		}
	}
	if len(s) >= maxValues {
		return s
	}
	return append(s, mvalue{v, src})
}

func (s mseen) addAll(t mseen) mseen {
	for _, x := range t {
		s = s.add(x.v, x.src)
	}
	return s
}

// quote lists the values in order, each with its document.
func (s mseen) quote() string {
	vs := append(mseen(nil), s...)
	sort.Slice(vs, func(i, j int) bool { return vs[i].v < vs[j].v })
	parts := make([]string, len(vs))
	for i, x := range vs {
		parts[i] = fmt.Sprintf("%q (%s)", x.v, x.src)
	}
	return strings.Join(parts, " vs ")
}

// mkey identifies an update's content: its status and normalised body.
type mkey struct {
	status incident.Status
	body   uint64
}

// updateKey hashes the body's lower-case words (as mergeTokens splits them)
// rune by rune with FNV-1a, without allocating.
func updateKey(u incident.Update) mkey {
	const offset, prime = 14695981039346656037, 1099511628211
	h, sep := uint64(offset), false
	for _, r := range u.Body {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
		case r >= 'A' && r <= 'Z':
			r += 'a' - 'A'
		case r < 0x80 || !unicode.IsLetter(r) && !unicode.IsDigit(r):
			sep = true
			continue
		default:
			r = unicode.ToLower(r)
		}
		if sep && h != offset {
			h = (h ^ ' ') * prime
		}
		sep = false
		h = (h ^ uint64(r)) * prime
	}
	return mkey{u.Status, h}
}

// mupdate is an update of a merged incident.
type mupdate struct {
	incident.Update
	key mkey
	src string // a document showing it at this time
	// alts are the minutes different documents give it (unix minute →
	// document) when they disagree; nil when they agree.
	alts map[int64]string
}

// absorb merges another reading of the same update (same content, the
// same instant up to precision): the more precise time, the longer body.
func (a *mupdate) absorb(b *mupdate) {
	if preciser(b, a) {
		a.At, a.Stamp, a.src = b.At, b.Stamp, b.src
	}
	if len(b.Body) > len(a.Body) || len(b.Body) == len(a.Body) && b.Body < a.Body {
		a.Body = b.Body
	}
	if len(b.alts) > 0 {
		a.addAlt(a.At, a.src)
		for k, s := range b.alts {
			a.addAlt(time.Unix(k*60, 0), s)
		}
	}
}

// disagree merges a reading of the same update at another time: the
// earliest time is kept and every time is remembered for the warning.
func (a *mupdate) disagree(b *mupdate) {
	a.addAlt(a.At, a.src)
	a.addAlt(b.At, b.src)
	for k, s := range b.alts {
		a.addAlt(time.Unix(k*60, 0), s)
	}
	if b.At.Before(a.At) {
		a.At, a.Stamp, a.src = b.At, b.Stamp, b.src
	}
}

func (a *mupdate) addAlt(t time.Time, src string) {
	if a.alts == nil {
		a.alts = map[int64]string{}
	}
	k := t.Truncate(time.Minute).Unix() / 60
	if s, ok := a.alts[k]; ok {
		a.alts[k] = min(s, src)
	} else if len(a.alts) < maxValues {
		a.alts[k] = src
	}
}

// preciser reports whether b's time is a better reading of one instant
// than a's: known, with seconds, earlier, with a stamp.
func preciser(b, a *mupdate) bool {
	switch {
	case b.At.IsZero():
		return false
	case a.At.IsZero():
		return true
	}
	pb, pa := b.At.Truncate(time.Minute) != b.At, a.At.Truncate(time.Minute) != a.At
	switch {
	case pb != pa:
		return pb
	case !b.At.Equal(a.At):
		return b.At.Before(a.At)
	case b.Stamp != a.Stamp:
		return b.Stamp != "" && (a.Stamp == "" || b.Stamp < a.Stamp)
	}
	return b.src < a.src
}

// similarBody reports whether two update bodies are the same text up to
// markup, spacing or truncation.
func similarBody(a, b string) bool {
	ta, tb := mergeTokens(a), mergeTokens(b)
	if len(ta) == 0 || len(tb) == 0 {
		return len(ta) == len(tb)
	}
	na, nb := strings.Join(ta, " "), strings.Join(tb, " ")
	if len(na) >= 20 && len(nb) >= 20 && (strings.HasPrefix(na, nb) || strings.HasPrefix(nb, na)) {
		return true
	}
	return mergeJaccard(ta, tb) >= similarTitle
}

// mgroup is one merged incident being built.
type mgroup struct {
	id           int
	vendor       string // vendorKey
	ids, urls    []string
	prints       []string  // content prints of members with no id, URL or time
	lo, hi       time.Time // span of update and page times; zero when none
	regLo, regHi int64     // days registered in the fuzzy index
	regTitles    int       // titles registered in the fuzzy index
	members      int
	apart        []int // groups sharing an id or URL kept apart

	idv, vendorName, title, url, zone, status mpick
	titles, impacts, started, resolved        mseen

	impact    incident.Impact
	comps     []string // the components of the best document, in its order
	compsRank mrank
	compSet   []string // every component, sorted

	updates []mupdate
	byKey   map[mkey][]int // update indices by content, built on the first merge

	post     *incident.Postmortem
	unplaced string // the longest unplaced text of the members
	page     incident.PageFields
	sources  []incident.Source
	srcSet   map[incident.Source]bool // built once sources grow long
	notes    []incident.Warning
}

// newGroup makes a one-incident group.
func newGroup(inc *incident.Incident) *mgroup {
	src := inc.Source.Path
	g := &mgroup{vendor: vendorKey(inc.Vendor), members: 1, impact: inc.Impact,
		page: inc.Page, notes: inc.Notes, comps: inc.Components, unplaced: inc.Unplaced}
	if id := strings.TrimSpace(inc.ID); id != "" {
		g.ids = []string{id}
	}
	if u := normURL(inc.URL); u != "" {
		g.urls = []string{u}
	}
	r := mrank{n: len(inc.Updates), path: src}
	if inc.Updates != nil {
		g.updates = make([]mupdate, len(inc.Updates))
	}
	for i, u := range inc.Updates {
		k := updateKey(u)
		g.updates[i] = mupdate{Update: u, key: k, src: src}
		if u.At.After(r.last) {
			r.last = u.At
		}
		g.extend(u.At)
	}
	g.extend(inc.Page.Started.At)
	g.extend(inc.Page.Resolved.At)
	if g.ids == nil && g.urls == nil && (g.vendor == "" || g.lo.IsZero()) {
		g.prints = []string{contentPrint(inc)}
	}
	g.idv, g.vendorName = mpick{strings.TrimSpace(inc.ID), r}, mpick{strings.TrimSpace(inc.Vendor), r}
	g.title, g.url = mpick{inc.Title, r}, mpick{strings.TrimSpace(inc.URL), r}
	g.zone, g.status = mpick{inc.Zone, r}, mpick{string(inc.Status), r}
	g.compsRank = r
	g.titles = g.titles.add(strings.Join(strings.Fields(inc.Title), " "), src)
	if inc.Impact.Rank() > 0 {
		g.impacts = g.impacts.add(string(inc.Impact), src)
	}
	g.compSet = mergeUnion(nil, inc.Components)
	g.started = g.started.add(stampValue(inc.Page.Started), src)
	g.resolved = g.resolved.add(stampValue(inc.Page.Resolved), src)
	if inc.Postmortem != nil {
		p := *inc.Postmortem
		g.post = &p
	}
	g.sources = []incident.Source{inc.Source}
	for _, s := range inc.Sources {
		g.addSource(s)
	}
	return g
}

func stampValue(s incident.Stamp) string {
	if s.IsZero() {
		return ""
	}
	return s.At.UTC().Format(time.RFC3339)
}

// extend widens the group's time span to t.
func (g *mgroup) extend(t time.Time) {
	if t.IsZero() {
		return
	}
	if g.lo.IsZero() || t.Before(g.lo) {
		g.lo = t
	}
	if g.hi.IsZero() || t.After(g.hi) {
		g.hi = t
	}
}

// keys are the strong identity keys of a group: vendor and id, vendor and
// URL, and the content prints.
func (g *mgroup) keys() []string {
	keys := make([]string, 0, len(g.ids)+len(g.urls)+len(g.prints))
	for _, id := range g.ids {
		keys = append(keys, "id\x00"+g.vendor+"\x00"+id)
	}
	for _, u := range g.urls {
		keys = append(keys, "url\x00"+g.vendor+"\x00"+u)
	}
	for _, p := range g.prints {
		keys = append(keys, p)
	}
	return keys
}

// contentPrint identifies an incident that has no id or URL and cannot be
// matched on title and time (no vendor or no time) by its whole content,
// so the same document read twice still merges.
func contentPrint(inc *incident.Incident) string {
	h := fnv.New64a()
	for _, s := range []string{inc.Vendor, inc.Title, string(inc.Impact), strings.Join(inc.Components, "\x00")} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	for _, u := range inc.Updates {
		fmt.Fprintf(h, "%s\x00%s\x00", u.Status, u.Body)
	}
	if inc.Postmortem != nil {
		h.Write([]byte(inc.Postmortem.Text))
	}
	return fmt.Sprintf("content\x00%x", h.Sum64())
}

func (g *mgroup) addSource(s incident.Source) {
	if g.srcSet == nil && len(g.sources) > 16 {
		g.srcSet = make(map[incident.Source]bool, 2*len(g.sources))
		for _, x := range g.sources {
			g.srcSet[x] = true
		}
	}
	if g.srcSet != nil {
		if !g.srcSet[s] {
			g.srcSet[s] = true
			g.sources = append(g.sources, s)
		}
		return
	}
	g.sources = appendUnique(g.sources, s)
}

// merge merges group h into g.
func (g *mgroup) merge(h *mgroup) {
	g.members += h.members
	for _, id := range h.ids {
		g.ids = appendUnique(g.ids, id)
	}
	for _, u := range h.urls {
		g.urls = appendUnique(g.urls, u)
	}
	for _, p := range h.prints {
		g.prints = appendUnique(g.prints, p)
	}
	g.extend(h.lo)
	g.extend(h.hi)
	g.idv.offer(h.idv)
	g.vendorName.offer(h.vendorName)
	g.title.offer(h.title)
	g.url.offer(h.url)
	g.zone.offer(h.zone)
	g.status.offer(h.status)
	g.titles = g.titles.addAll(h.titles)
	g.impacts = g.impacts.addAll(h.impacts)
	g.started = g.started.addAll(h.started)
	g.resolved = g.resolved.addAll(h.resolved)
	if h.impact.Rank() > g.impact.Rank() || g.impact == "" {
		g.impact = h.impact
	}
	if c := h.compsRank.cmp(g.compsRank); len(h.comps) > 0 && (len(g.comps) == 0 || c > 0) {
		g.comps, g.compsRank = h.comps, h.compsRank
	}
	g.compSet = mergeUnion(g.compSet, h.compSet)
	g.mergeUpdates(h)
	g.mergePost(h.post)
	if len(h.unplaced) > len(g.unplaced) {
		g.unplaced = h.unplaced
	}
	g.mergePage(&h.page)
	for _, s := range h.sources {
		g.addSource(s)
	}
	for _, w := range h.notes {
		g.notes = appendUnique(g.notes, w)
	}
	for _, id := range h.apart {
		g.apart = appendUnique(g.apart, id)
	}
}

// mergeUpdates adds h's updates to g's: an update g already has (same
// content, same instant up to precision) once; one g has at another time
// (h has it no more often than g) as a disagreement; others as new.
func (g *mgroup) mergeUpdates(h *mgroup) {
	if g.byKey == nil {
		g.byKey = make(map[mkey][]int, len(g.updates))
		for i := range g.updates {
			g.byKey[g.updates[i].key] = append(g.byKey[g.updates[i].key], i)
		}
	}
	used := make([]bool, len(g.updates))
	var rest []int
	for i := range h.updates {
		u := &h.updates[i]
		if j := g.sameUpdate(u, used); j >= 0 {
			used[j] = true
			g.updates[j].absorb(u)
			continue
		}
		rest = append(rest, i)
	}
	for _, i := range rest {
		u := &h.updates[i]
		if j := g.movedUpdate(u, used, h.count(u.key)); j >= 0 {
			used[j] = true
			g.updates[j].disagree(u)
			continue
		}
		g.byKey[u.key] = append(g.byKey[u.key], len(g.updates))
		g.updates = append(g.updates, *u)
	}
}

// sameUpdate returns the unused update of g (among the first len(used))
// that is u read again, or -1.
func (g *mgroup) sameUpdate(u *mupdate, used []bool) int {
	best, bestD := -1, samePrecision
	for _, j := range g.byKey[u.key] {
		if j >= len(used) || used[j] {
			continue
		}
		d := samePrecision - 1
		if a := g.updates[j].At; !a.IsZero() && !u.At.IsZero() {
			d = a.Sub(u.At).Abs()
		}
		if d < bestD {
			best, bestD = j, d
		}
	}
	if best >= 0 || u.At.IsZero() {
		return best
	}
	for j := range used {
		v := &g.updates[j]
		if used[j] || v.Status != u.Status || v.At.IsZero() || v.At.Sub(u.At).Abs() >= samePrecision {
			continue
		}
		if similarBody(v.Body, u.Body) {
			g.byKey[u.key] = append(g.byKey[u.key], j)
			return j
		}
	}
	return -1
}

// count is how many of g's updates have content k.
func (g *mgroup) count(k mkey) int {
	n := 0
	for i := range g.updates {
		if g.updates[i].key == k {
			n++
		}
	}
	return n
}

// movedUpdate returns the unused update of g with u's content at another
// time when u's document has that content no more often than g (so it is
// the same update, not a repeat), or -1.
func (g *mgroup) movedUpdate(u *mupdate, used []bool, n int) int {
	js := g.byKey[u.key]
	if u.At.IsZero() || n > len(js) {
		return -1
	}
	best := -1
	for _, j := range js {
		if j >= len(used) || used[j] || g.updates[j].At.IsZero() {
			continue
		}
		if best < 0 || g.updates[j].At.Sub(u.At).Abs() < g.updates[best].At.Sub(u.At).Abs() {
			best = j
		}
	}
	return best
}

// mergePost keeps the longest postmortem (then one with a time, the earliest).
func (g *mgroup) mergePost(p *incident.Postmortem) {
	if p == nil {
		return
	}
	q := g.post
	if q == nil || len(p.Text) > len(q.Text) || len(p.Text) == len(q.Text) && postBefore(p, q) {
		c := *p
		g.post = &c
	}
}

func postBefore(p, q *incident.Postmortem) bool {
	if p.At.IsZero() != q.At.IsZero() {
		return q.At.IsZero()
	}
	if !p.At.Equal(q.At) {
		return p.At.Before(q.At)
	}
	return p.Text < q.Text
}

// mergePage keeps the earliest start and aggregator detection, and the
// latest resolve with the duration shown next to it.
func (g *mgroup) mergePage(p *incident.PageFields) {
	earlier := func(a, b incident.Stamp) bool {
		return !a.IsZero() && (b.IsZero() || a.At.Before(b.At) || a.At.Equal(b.At) && a.Evidence < b.Evidence)
	}
	if earlier(p.Started, g.page.Started) {
		g.page.Started = p.Started
	}
	if earlier(p.DetectedByAggregator, g.page.DetectedByAggregator) {
		g.page.DetectedByAggregator = p.DetectedByAggregator
	}
	r, q := p.Resolved, g.page.Resolved
	later := !r.IsZero() && (q.IsZero() || r.At.After(q.At) || r.At.Equal(q.At) && r.Evidence < q.Evidence)
	longer := r.IsZero() && q.IsZero() && (p.Duration > g.page.Duration ||
		p.Duration == g.page.Duration && p.DurationEvidence < g.page.DurationEvidence)
	if later {
		g.page.Resolved = r
	}
	if later || longer {
		g.page.Duration, g.page.DurationEvidence = p.Duration, p.DurationEvidence
	}
}

// unionSorted returns the sorted union of a (sorted) and b.
func mergeUnion(a, b []string) []string {
	for _, s := range b {
		i := sort.SearchStrings(a, s)
		if i < len(a) && a[i] == s {
			continue
		}
		a = append(a, "")
		copy(a[i+1:], a[i:])
		a[i] = s
	}
	return a
}

// components lists the best document's components, then the others sorted.
func (g *mgroup) components() []string {
	if len(g.compSet) == len(g.comps) {
		return g.comps
	}
	out := append([]string(nil), g.comps...)
	for _, c := range g.compSet {
		if !mergeContains(g.comps, c) {
			out = append(out, c)
		}
	}
	return out
}

func mergeContains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// sortedUpdates orders the updates oldest first (undated last); merged
// incidents break ties by status and body so the order is deterministic.
func (g *mgroup) sortedUpdates() []*mupdate {
	us := make([]*mupdate, len(g.updates))
	for i := range g.updates {
		us[i] = &g.updates[i]
	}
	sort.SliceStable(us, func(i, j int) bool {
		a, b := us[i], us[j]
		if a.At.IsZero() != b.At.IsZero() {
			return b.At.IsZero()
		}
		if !a.At.Equal(b.At) || g.members == 1 {
			return a.At.Before(b.At)
		}
		if a.Status != b.Status {
			return a.Status < b.Status
		}
		return a.Body < b.Body
	})
	return us
}

func (g *mgroup) finalUpdates() []incident.Update {
	if g.updates == nil {
		return nil
	}
	us := g.sortedUpdates()
	out := make([]incident.Update, len(us))
	for i, u := range us {
		out[i] = u.Update
	}
	return out
}

// disagreements warns about every field the documents disagree on.
func (g *mgroup) disagreements(inc *incident.Incident) {
	for _, f := range []struct {
		name string
		s    mseen
	}{{"title", g.titles}, {"impact", g.impacts}, {"page start", g.started}, {"page resolve", g.resolved}} {
		if len(f.s) > 1 {
			inc.Warn(WarnSnapshotsDisagree, "snapshots disagree on the "+f.name+": "+f.s.quote())
		}
	}
	for _, u := range g.sortedUpdates() {
		if len(u.alts) < 2 {
			continue
		}
		keys := make([]int64, 0, len(u.alts))
		for k := range u.alts {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = time.Unix(k*60, 0).UTC().Format("2006-01-02 15:04") + " (" + u.alts[k] + ")"
		}
		inc.Warn(WarnSnapshotsDisagree, fmt.Sprintf("snapshots disagree on the time of the %s update %q: %s; kept the earliest",
			u.Status, mergeExcerpt(u.Body, 60), strings.Join(parts, " vs ")))
	}
}

// excerpt shortens a text to n runes.
func mergeExcerpt(s string, n int) string {
	r := []rune(strings.Join(strings.Fields(s), " "))
	if len(r) <= n {
		return string(r)
	}
	return string(r[:n-1]) + "…"
}
