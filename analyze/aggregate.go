package analyze

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/postmortem-dev/postmortem/parse/incident"
)

// This file holds the report-level aggregates of issue 5: filters, the
// report period, quarters, quarter-over-quarter deltas and uptime.

// Filter selects the incidents of a report. Times are compared with the
// incident's impact start; an incident without one is dropped as soon as a
// time bound is set.
type Filter struct {
	// Since and Until bound impact start to [Since, Until); zero is open.
	Since, Until time.Time
	// Quarter ("2024Q3") bounds impact start to that quarter as well.
	Quarter string
	// Vendors keeps only these vendors (compared case-insensitively).
	Vendors []string
}

// ParseFilter builds a Filter from the command-line values: since and
// until are dates (2024-07-01; until includes that whole day) or RFC3339
// instants, quarter is like 2024Q3.
func ParseFilter(since, until, quarter string, vendors []string) (Filter, error) {
	f := Filter{Vendors: vendors}
	var err error
	if f.Since, err = parseBound(since, false); err != nil {
		return f, fmt.Errorf("--since: %w", err)
	}
	if f.Until, err = parseBound(until, true); err != nil {
		return f, fmt.Errorf("--until: %w", err)
	}
	if quarter != "" {
		if _, _, err := ParseQuarter(quarter); err != nil {
			return f, fmt.Errorf("--quarter: %w", err)
		}
		f.Quarter = strings.ToUpper(quarter)
	}
	if from, to := f.Bounds(); !from.IsZero() && !to.IsZero() && !from.Before(to) {
		return f, fmt.Errorf("the period is empty: %s is not before %s", fmtTime(from), fmtTime(to))
	}
	return f, nil
}

// parseBound reads a date or an RFC3339 instant; a date used as an upper
// bound means the end of that day.
func parseBound(s string, upper bool) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is neither a date (2024-07-01) nor RFC3339 (2024-07-01T00:00:00Z)", s)
	}
	if upper {
		t = t.AddDate(0, 0, 1)
	}
	return t, nil
}

// Bounds returns the time window of the filter, [from, to); a zero end is
// open.
func (f Filter) Bounds() (from, to time.Time) {
	from, to = f.Since, f.Until
	if f.Quarter != "" {
		qs, qe, _ := ParseQuarter(f.Quarter)
		if from.IsZero() || qs.After(from) {
			from = qs
		}
		if to.IsZero() || qe.Before(to) {
			to = qe
		}
	}
	return from, to
}

// MatchVendor reports whether the vendor filter keeps a.
func (f Filter) MatchVendor(a *Analysis) bool {
	if len(f.Vendors) == 0 {
		return true
	}
	for _, v := range f.Vendors {
		if strings.EqualFold(strings.TrimSpace(v), a.Vendor) {
			return true
		}
	}
	return false
}

// Match reports whether the filter keeps a.
func (f Filter) Match(a *Analysis) bool {
	if !f.MatchVendor(a) {
		return false
	}
	from, to := f.Bounds()
	if from.IsZero() && to.IsZero() {
		return true
	}
	t := a.Instants.ImpactStart.At
	if t == nil {
		return false
	}
	return (from.IsZero() || !t.Before(from)) && (to.IsZero() || t.Before(to))
}

// split returns the analyses the filter keeps, and those its vendor
// filter alone keeps (the pool that previous-quarter deltas look back into).
func (f Filter) split(as []Analysis) (kept, pool []Analysis) {
	kept, pool = make([]Analysis, 0, len(as)), make([]Analysis, 0, len(as))
	for i := range as {
		if f.MatchVendor(&as[i]) {
			pool = append(pool, as[i])
			if f.Match(&as[i]) {
				kept = append(kept, as[i])
			}
		}
	}
	return kept, pool
}

// QuarterOf names the UTC calendar quarter of t: "2024Q3".
func QuarterOf(t time.Time) string {
	t = t.UTC()
	return fmt.Sprintf("%dQ%d", t.Year(), (int(t.Month())-1)/3+1)
}

// quarterStart is the first instant of t's quarter.
func quarterStart(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), time.Month((int(t.Month())-1)/3*3+1), 1, 0, 0, 0, 0, time.UTC)
}

// ParseQuarter reads "2024Q3" (or "2024-Q3") into its bounds [start, end).
func ParseQuarter(s string) (start, end time.Time, err error) {
	u := strings.ReplaceAll(strings.ToUpper(strings.TrimSpace(s)), "-", "")
	y, q, ok := strings.Cut(u, "Q")
	year, err1 := strconv.Atoi(y)
	n, err2 := strconv.Atoi(q)
	if !ok || err1 != nil || err2 != nil || n < 1 || n > 4 || year < 1970 || year > 9999 {
		return start, end, fmt.Errorf("%q is not a quarter like 2024Q3", s)
	}
	start = time.Date(year, time.Month(3*n-2), 1, 0, 0, 0, 0, time.UTC)
	return start, start.AddDate(0, 3, 0), nil
}

// Period is the time span a report covers.
type Period struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"` // exclusive
	// From says where the bounds came from: "filter" (--since, --until,
	// --quarter) or "data" (the quarters the incidents span).
	From     string   `json:"from"`
	Quarters []string `json:"quarters"`
}

// Hours is the length of the period in hours.
func (p Period) Hours() float64 { return p.End.Sub(p.Start).Hours() }

// reportPeriod takes the filter's bounds; an open end is closed by the
// quarters the data spans.
func reportPeriod(as []Analysis, f Filter, now time.Time) Period {
	from, to := f.Bounds()
	p := Period{Start: from, End: to, From: "filter"}
	if from.IsZero() && to.IsZero() {
		p.From = "data"
	}
	var lo, hi time.Time
	for i := range as {
		if t := as[i].Instants.ImpactStart.At; t != nil {
			if lo.IsZero() || t.Before(lo) {
				lo = *t
			}
			if t.After(hi) {
				hi = *t
			}
		}
	}
	if p.Start.IsZero() {
		p.Start = quarterStart(lo)
		if lo.IsZero() {
			p.Start = quarterStart(now)
		}
	}
	if p.End.IsZero() {
		p.End = quarterStart(hi).AddDate(0, 3, 0)
		if hi.IsZero() || !p.End.After(p.Start) {
			p.End = quarterStart(p.Start).AddDate(0, 3, 0)
		}
	}
	for q := quarterStart(p.Start); q.Before(p.End); q = q.AddDate(0, 3, 0) {
		p.Quarters = append(p.Quarters, QuarterOf(q))
	}
	return p
}

// Quarter is the aggregate of one calendar quarter of the period.
type Quarter struct {
	Quarter string    `json:"quarter"`
	Start   time.Time `json:"start"`
	End     time.Time `json:"end"`
	Overall Group     `json:"overall"`
	// ByVendor has the vendors with an incident in this quarter.
	ByVendor map[string]Group `json:"by_vendor"`
}

// Delta compares a group with the same group one quarter earlier
// (this − previous).
type Delta struct {
	Against     string  `json:"against"`
	Incidents   int     `json:"incidents"`
	ImpactHours float64 `json:"impact_hours"`
	// MedianTimeToResolve is the change of the median time to resolve;
	// nil when either quarter has none.
	MedianTimeToResolve *int64 `json:"median_time_to_resolve_s"`
	// UptimePoints is the change of uptime in percentage points.
	UptimePoints *float64 `json:"uptime_points"`
}

func delta(cur, prev Group, against string) *Delta {
	d := &Delta{Against: against, Incidents: cur.Incidents - prev.Incidents,
		ImpactHours: round2(cur.ImpactHours - prev.ImpactHours)}
	c, p := cur.Metrics["time_to_resolve_s"].Median, prev.Metrics["time_to_resolve_s"].Median
	if c != nil && p != nil {
		v := *c - *p
		d.MedianTimeToResolve = &v
	}
	if cur.Uptime != nil && prev.Uptime != nil && cur.Uptime.Percent != nil && prev.Uptime.Percent != nil {
		v := round4(*cur.Uptime.Percent - *prev.Uptime.Percent)
		d.UptimePoints = &v
	}
	return d
}

// aggregator builds groups with one uptime method over one vendor set.
type aggregator struct {
	method  UptimeMethod
	vendors []string // every vendor of the report, sorted
}

// groupFor aggregates as over [from, to): the uptime counts every vendor of
// the report, or only the group's vendor when vendor is set.
func (ag aggregator) groupFor(as []*Analysis, from, to time.Time, vendor *string) Group {
	g := group(as)
	n := len(ag.vendors)
	if vendor != nil {
		n = 1
	}
	g.Uptime = uptimeOf(as, from, to, ag.method, n)
	return g
}

// Aggregate builds the summary of the kept analyses: overall, per vendor
// and per quarter of the period, with deltas against the previous quarter
// when the data reaches back into it (pool is every analysis of the
// report's vendors, before the time filter).
func Aggregate(kept, pool []Analysis, f Filter, method UptimeMethod, now time.Time) Summary {
	p := reportPeriod(kept, f, now)
	byVendor := map[string][]*Analysis{}
	all := make([]*Analysis, len(kept))
	for i := range kept {
		all[i] = &kept[i]
		byVendor[kept[i].Vendor] = append(byVendor[kept[i].Vendor], &kept[i])
	}
	ag := aggregator{method: method}
	for v := range byVendor {
		ag.vendors = append(ag.vendors, v)
	}
	sort.Strings(ag.vendors)
	s := Summary{Overall: ag.groupFor(all, p.Start, p.End, nil), ByVendor: map[string]Group{},
		Period: p, UptimeMethod: method.Name}
	for v, g := range byVendor {
		s.ByVendor[v] = ag.groupFor(g, p.Start, p.End, &v)
	}
	s.Quarters = ag.quarters(kept, pool, p)
	return s
}

// quarters aggregates each quarter of the period, and sets deltas.
func (ag aggregator) quarters(kept, pool []Analysis, p Period) []Quarter {
	earliest := time.Time{}
	for i := range pool {
		if t := pool[i].Instants.ImpactStart.At; t != nil && (earliest.IsZero() || t.Before(earliest)) {
			earliest = *t
		}
	}
	var out []Quarter
	var prev *Quarter
	for _, name := range p.Quarters {
		qs, qe, _ := ParseQuarter(name)
		if prev == nil && !earliest.IsZero() && earliest.Before(qs) {
			pq := ag.quarter(pool, qs.AddDate(0, -3, 0), qs)
			prev = &pq
		}
		q := ag.quarter(kept, maxTime(qs, p.Start), minTime(qe, p.End))
		q.Quarter, q.Start, q.End = name, qs, qe
		if prev != nil {
			pname := QuarterOf(prev.Start)
			q.Overall.Delta = delta(q.Overall, prev.Overall, pname)
			for v, g := range q.ByVendor {
				pg, ok := prev.ByVendor[v]
				if !ok {
					pg = ag.groupFor(nil, prev.Start, prev.End, &v)
				}
				g.Delta = delta(g, pg, pname)
				q.ByVendor[v] = g
			}
		}
		out = append(out, q)
		prev = &out[len(out)-1]
	}
	return out
}

// quarter aggregates the analyses starting in [from, to).
func (ag aggregator) quarter(as []Analysis, from, to time.Time) Quarter {
	q := Quarter{Start: from, End: to, ByVendor: map[string]Group{}}
	var all []*Analysis
	byVendor := map[string][]*Analysis{}
	for i := range as {
		t := as[i].Instants.ImpactStart.At
		if t == nil || t.Before(from) || !t.Before(to) {
			continue
		}
		all = append(all, &as[i])
		byVendor[as[i].Vendor] = append(byVendor[as[i].Vendor], &as[i])
	}
	q.Overall = ag.groupFor(all, from, to, nil)
	for v, g := range byVendor {
		q.ByVendor[v] = ag.groupFor(g, from, to, &v)
	}
	return q
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func round2(v float64) float64 { return float64(int64(v*100+sign(v)*0.5)) / 100 }
func round4(v float64) float64 { return float64(int64(v*10000+sign(v)*0.5)) / 10000 }

func sign(v float64) float64 {
	if v < 0 {
		return -1
	}
	return 1
}

// ImpactInterval is the incident's impact window: impact_start to
// impact_end, else to resolved; ok is false when either end is unknown or
// the end is before the start.
func ImpactInterval(a *Analysis) (start, end time.Time, ok bool) {
	in := a.Instants
	if in.ImpactStart.At == nil {
		return start, end, false
	}
	e := in.ImpactEnd.At
	if e == nil {
		e = in.Resolved.At
	}
	if e == nil || e.Before(*in.ImpactStart.At) {
		return start, end, false
	}
	return *in.ImpactStart.At, *e, true
}

// disclosed reports whether a root-cause category names a cause.
func disclosed(category string) bool {
	return category != "" && category != "undisclosed"
}

// topCause is the most frequent disclosed category (ties: alphabetical),
// else "undisclosed" when some were undisclosed, else "".
func topCause(by map[string]int) string {
	best, n := "", 0
	for c, k := range by {
		if disclosed(c) && (k > n || k == n && c < best) {
			best, n = c, k
		}
	}
	if best == "" && by["undisclosed"] > 0 {
		return "undisclosed"
	}
	return best
}

// isMaintenance reports whether an analysis is planned maintenance, which
// impact hours and uptime keep apart.
func isMaintenance(a *Analysis) bool { return a.Impact == incident.ImpactMaintenance }
