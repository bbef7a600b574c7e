package export

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/postmortem-dev/postmortem/analyze"
	"github.com/postmortem-dev/postmortem/parse/incident"
)

// DefaultDetails is how many incident sections the PDF and Markdown
// reports show unless Options.Details says otherwise.
const DefaultDetails = 25

// fewIncidents: a report with this many incidents or fewer details every
// incident, not only the major and critical ones.
const fewIncidents = 10

// ReportTable is a table of display strings.
type ReportTable struct {
	Header []string
	Rows   [][]string
	// Right marks the columns aligned right (numbers).
	Right []bool
}

// Headline is one of the headline figures of page 1.
type Headline struct {
	Label, Value, Note string
}

// ReportView is the reliability report as the PDF and Markdown exporters
// show it, computed once from the report so the two cannot drift apart.
type ReportView struct {
	Title     string
	Period    string // "2024Q3 (2024-07-01 to 2024-09-30, UTC)"
	Generated string
	Sources   string // documents, incidents, readers
	Filter    string // the vendor filter, if any
	Headline  []Headline
	// Scorecard has one row per vendor (most incidents first) and a last
	// "All vendors" row; Vendors are the row's vendor keys in that order.
	Scorecard  ReportTable
	Vendors    []string
	UptimeNote string
	Quarters   ReportTable
	// QuartersNote says which quarters the table leaves out.
	QuartersNote string
	// Details are the incidents that get a section, in report order.
	Details     []*analyze.Analysis
	DetailsNote string
	Definitions [][2]string
	// WarningCounts counts data-quality warnings by code; Warnings lists
	// them (at most maxWarnings, WarningsOmitted more).
	WarningCounts   ReportTable
	Warnings        ReportTable
	WarningsOmitted int
}

// maxWarnings caps the warnings listed in the appendix; the JSON output
// has all of them.
const maxWarnings = 200

// VendorName is how a vendor is displayed ("" has no name).
func VendorName(v string) string {
	if v == "" {
		return "(no vendor)"
	}
	return v
}

// BuildView computes the report view.
func BuildView(r *analyze.Report, opt Options) *ReportView {
	s := &r.Summary
	v := &ReportView{
		Title:     "Vendor reliability report",
		Period:    periodText(s.Period),
		Generated: r.GeneratedAt.UTC().Format("2006-01-02 15:04 UTC"),
		Sources:   sourcesText(r),
	}
	v.Vendors = vendorsByIncidents(s)
	v.Headline = headline(s)
	v.Scorecard = scorecard(s, v.Vendors)
	m, _ := analyze.LookupUptimeMethod(s.UptimeMethod)
	v.UptimeNote = fmt.Sprintf("Uptime by method %s: %s. Overall uptime counts vendor-hours.", m.Name, m.Doc)
	v.Quarters, v.QuartersNote = quarterTable(s)
	v.Details, v.DetailsNote = details(r, opt.Details)
	v.Definitions = definitions()
	v.WarningCounts, v.Warnings, v.WarningsOmitted = warningTables(r)
	return v
}

func periodText(p analyze.Period) string {
	last := p.End.Add(-time.Second)
	span := fmt.Sprintf("%s to %s, UTC", p.Start.Format("2006-01-02"), last.Format("2006-01-02"))
	q := strings.Join(p.Quarters, ", ")
	if len(p.Quarters) > 2 {
		q = p.Quarters[0] + " to " + p.Quarters[len(p.Quarters)-1]
	}
	return fmt.Sprintf("%s (%s)", q, span)
}

func sourcesText(r *analyze.Report) string {
	docs := map[string]bool{}
	readers := map[string]int{}
	for i := range r.Incidents {
		docs[r.Incidents[i].Source.Path] = true
		readers[r.Incidents[i].Source.Reader]++
	}
	names := make([]string, 0, len(readers))
	for n := range readers {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		if readers[names[i]] != readers[names[j]] {
			return readers[names[i]] > readers[names[j]]
		}
		return names[i] < names[j]
	})
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = fmt.Sprintf("%s (%d)", n, readers[n])
	}
	return fmt.Sprintf("%d incidents of %d vendors from %d documents; readers: %s",
		len(r.Incidents), len(r.Summary.ByVendor), len(docs), strings.Join(parts, ", "))
}

// vendorsByIncidents orders vendors by incident count, then name.
func vendorsByIncidents(s *analyze.Summary) []string {
	vs := make([]string, 0, len(s.ByVendor))
	for name := range s.ByVendor {
		vs = append(vs, name)
	}
	sort.Slice(vs, func(i, j int) bool {
		a, b := s.ByVendor[vs[i]].Incidents, s.ByVendor[vs[j]].Incidents
		if a != b {
			return a > b
		}
		return vs[i] < vs[j]
	})
	return vs
}

// lastDelta is the overall delta of a one-quarter report, else nil.
func lastDelta(s *analyze.Summary) *analyze.Delta {
	if len(s.Quarters) != 1 {
		return nil
	}
	return s.Quarters[0].Overall.Delta
}

func headline(s *analyze.Summary) []Headline {
	o := s.Overall
	d := lastDelta(s)
	ttr := o.Metrics["time_to_resolve_s"]
	h := []Headline{
		{"Incidents", strconv.Itoa(o.Incidents), fmt.Sprintf("%d maintenance", o.Maintenance)},
		{"Major or critical", strconv.Itoa(o.ByImpact["major"] + o.ByImpact["critical"]),
			fmt.Sprintf("%d minor, %d unrated", o.ByImpact["minor"], o.ByImpact["unknown"]+o.ByImpact["none"])},
		{"Impact hours", fmt.Sprintf("%.1f", o.ImpactHours), "summed, unmerged"},
		{"Median time to resolve (TTR)", seconds(ttr.Median, Human), "p90 " + orDash(seconds(ttr.P90, Human)) + fmt.Sprintf(", n=%d", ttr.N)},
		{"Uptime", uptimeText(o.Uptime), s.UptimeMethod},
		{"With postmortem", share(o.PostmortemShare), "cause disclosed: " + share(o.DisclosedShare)},
	}
	if d != nil {
		h[0].Note = fmt.Sprintf("%+d vs %s", d.Incidents, d.Against)
		h[2].Note = fmt.Sprintf("%+.1f vs %s", d.ImpactHours, d.Against)
		if d.MedianTimeToResolve != nil {
			h[3].Note = signedDuration(*d.MedianTimeToResolve) + " vs " + d.Against
		}
		if d.UptimePoints != nil {
			h[4].Note = fmt.Sprintf("%+.3f pt vs %s", *d.UptimePoints, d.Against)
		}
	}
	for i := range h {
		h[i].Value = orDash(h[i].Value)
	}
	return h
}

// ScorecardHeader are the scorecard columns.
var ScorecardHeader = []string{"Vendor", "Incidents", "Impact hours", "TTR median", "TTR p90",
	"Detection lag", "First update", "With postmortem", "Top cause", "Uptime"}

func scorecard(s *analyze.Summary, vendors []string) ReportTable {
	t := ReportTable{Header: ScorecardHeader,
		Right: []bool{false, true, true, true, true, true, true, true, false, true}}
	for _, name := range vendors {
		t.Rows = append(t.Rows, scoreRow(VendorName(name), s.ByVendor[name]))
	}
	t.Rows = append(t.Rows, scoreRow("All vendors", s.Overall))
	return t
}

func scoreRow(name string, g analyze.Group) []string {
	med := func(field string) string { return orDash(seconds(g.Metrics[field].Median, Human)) }
	return []string{name, strconv.Itoa(g.Incidents), fmt.Sprintf("%.1f", g.ImpactHours),
		med("time_to_resolve_s"), orDash(seconds(g.Metrics["time_to_resolve_s"].P90, Human)),
		med("detection_lag_s"), med("time_to_first_update_s"), share(g.PostmortemShare),
		orDash(g.TopCause), uptimeText(g.Uptime)}
}

// manyQuarters: a table over more quarters than this leaves out the
// quarters without incidents.
const manyQuarters = 12

func quarterTable(s *analyze.Summary) (ReportTable, string) {
	t := ReportTable{Header: []string{"Quarter", "Incidents", "Δ", "Major+", "Impact h", "Δ h", "TTR median", "Δ TTR", "Uptime", "Δ pt"},
		Right: []bool{false, true, true, true, true, true, true, true, true, true}}
	skipped := 0
	for _, q := range s.Quarters {
		g := q.Overall
		if len(s.Quarters) > manyQuarters && g.Incidents == 0 {
			skipped++
			continue
		}
		row := []string{q.Quarter, strconv.Itoa(g.Incidents), "", strconv.Itoa(g.ByImpact["major"] + g.ByImpact["critical"]),
			fmt.Sprintf("%.1f", g.ImpactHours), "", orDash(seconds(g.Metrics["time_to_resolve_s"].Median, Human)), "", uptimeText(g.Uptime), ""}
		if d := g.Delta; d != nil {
			row[2], row[5] = fmt.Sprintf("%+d", d.Incidents), fmt.Sprintf("%+.1f", d.ImpactHours)
			if d.MedianTimeToResolve != nil {
				row[7] = signedDuration(*d.MedianTimeToResolve)
			}
			if d.UptimePoints != nil {
				row[9] = fmt.Sprintf("%+.3f", *d.UptimePoints)
			}
		}
		t.Rows = append(t.Rows, row)
	}
	note := ""
	if skipped > 0 {
		note = fmt.Sprintf("%d quarters without incidents are not listed; Δ always compares with the calendar quarter before.", skipped)
	}
	return t, note
}

// details picks the incidents that get a section: every incident when
// there are few, else the major and critical ones, the most severe and
// longest first, capped; then puts them back in report order.
func details(r *analyze.Report, max int) ([]*analyze.Analysis, string) {
	if max == 0 {
		max = DefaultDetails
	}
	if max < 0 {
		max = 0
	}
	var pick []int
	for i := range r.Incidents {
		a := &r.Incidents[i]
		if len(r.Incidents) <= fewIncidents || a.Impact == incident.ImpactMajor || a.Impact == incident.ImpactCritical {
			pick = append(pick, i)
		}
	}
	total := len(pick)
	sort.SliceStable(pick, func(i, j int) bool {
		a, b := &r.Incidents[pick[i]], &r.Incidents[pick[j]]
		if a.Impact.Rank() != b.Impact.Rank() {
			return a.Impact.Rank() > b.Impact.Rank()
		}
		return impactSeconds(a) > impactSeconds(b)
	})
	if len(pick) > max {
		pick = pick[:max]
	}
	sort.Ints(pick)
	out := make([]*analyze.Analysis, len(pick))
	for i, k := range pick {
		out[i] = &r.Incidents[k]
	}
	kind := "major or critical incidents"
	if len(r.Incidents) <= fewIncidents {
		kind = "incidents"
	}
	note := fmt.Sprintf("All %d %s.", total, kind)
	if len(out) < total {
		note = fmt.Sprintf("%d of %d %s, the most severe and longest first picked (--details N shows more).", len(out), total, kind)
	}
	return out, note
}

func impactSeconds(a *analyze.Analysis) int64 {
	if s, e, ok := analyze.ImpactInterval(a); ok {
		return int64(e.Sub(s).Seconds())
	}
	return -1
}

// metricDefinitions are the definitions of METRICS.md §2 for the appendix.
var metricDefinitions = map[string]string{
	"detection_lag_s":         "detected − impact start (detected falls back to the first update)",
	"time_to_first_update_s":  "first public status update − impact start",
	"time_to_identify_s":      "cause identified − impact start",
	"time_to_mitigate_s":      "impact stopped or fix in place − impact start",
	"time_to_resolve_s":       "last resolved update − impact start (TTR)",
	"impact_duration_s":       "impact end − impact start",
	"communicated_duration_s": "resolved − first update (the duration a status page shows)",
	"monitoring_s":            "resolved − mitigated",
	"time_to_postmortem_s":    "postmortem published − resolved",
	"stated_duration_s":       "a duration the vendor's own postmortem states",
	"median_update_gap_s":     "median gap between consecutive status updates while open",
	"max_update_gap_s":        "longest gap between consecutive status updates while open",
}

func definitions() [][2]string {
	var d [][2]string
	for _, m := range analyze.MetricDefs {
		d = append(d, [2]string{m.Label, metricDefinitions[m.Field]})
	}
	d = append(d,
		[2]string{"aggregates", "n incidents with a value, median and p90 (linear interpolation between closest ranks) and max; never a mean"},
		[2]string{"impact hours", "sum of impact windows (impact start to impact end, else resolved) of incidents that are not maintenance; overlaps not merged"},
		[2]string{"postmortem share", "incidents with a published postmortem ÷ incidents"},
		[2]string{"cause disclosed", "incidents whose root cause is a category other than undisclosed ÷ incidents"},
		[2]string{"quarter", "calendar quarter of the impact start in UTC; Δ compares with the previous quarter when the data reaches back into it"},
	)
	for _, m := range analyze.UptimeMethods {
		d = append(d, [2]string{"uptime: " + m.Name, m.Doc})
	}
	d = append(d, [2]string{"uptime", "100 × (1 − down hours ÷ period hours); down windows of one vendor are merged before summing and clipped to the period"})
	return d
}

func warningTables(r *analyze.Report) (counts, list ReportTable, omitted int) {
	by := map[string]int{}
	list = ReportTable{Header: []string{"Vendor", "Incident", "Code", "Message"}}
	for i := range r.Incidents {
		a := &r.Incidents[i]
		for _, w := range a.Warnings {
			by[w.Code]++
			if len(list.Rows) < maxWarnings {
				list.Rows = append(list.Rows, []string{VendorName(a.Vendor), a.Title, w.Code, w.Message})
			} else {
				omitted++
			}
		}
	}
	codes := make([]string, 0, len(by))
	for c := range by {
		codes = append(codes, c)
	}
	sort.Slice(codes, func(i, j int) bool {
		if by[codes[i]] != by[codes[j]] {
			return by[codes[i]] > by[codes[j]]
		}
		return codes[i] < codes[j]
	})
	counts = ReportTable{Header: []string{"Warning", "Incidents"}, Right: []bool{false, true}}
	for _, c := range codes {
		counts.Rows = append(counts.Rows, []string{c, strconv.Itoa(by[c])})
	}
	return counts, list, omitted
}

func share(f *float64) string {
	if f == nil {
		return "—"
	}
	return fmt.Sprintf("%.0f%%", *f*100)
}

func uptimeText(u *analyze.Uptime) string {
	if u == nil || u.Percent == nil {
		return "—"
	}
	return fmt.Sprintf("%.3f%%", *u.Percent)
}

func signedDuration(s int64) string {
	if s >= 0 {
		return "+" + analyze.Human(s)
	}
	return analyze.Human(s)
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// Step is one known instant of an incident's waterfall.
type Step struct {
	Label    string
	At       time.Time
	Offset   string // since impact start: "+1h02m", "-2h"
	Seconds  int64  // the same in seconds
	Source   string
	Evidence string
}

// Waterfall lists the known instants of a, oldest first, with their
// offset from impact start.
func Waterfall(a *analyze.Analysis) []Step {
	var steps []Step
	start := a.Instants.ImpactStart.At
	for _, c := range instantCols {
		in := c.get(&a.Instants)
		if in.At == nil {
			continue
		}
		s := Step{Label: strings.ReplaceAll(c.name, "_", " "), At: in.At.UTC(), Source: in.Source, Evidence: in.Evidence}
		if start != nil {
			s.Seconds = int64(in.At.Sub(*start).Seconds())
			s.Offset = signedDuration(s.Seconds)
			if s.Seconds == 0 {
				s.Offset = "0"
			}
		}
		steps = append(steps, s)
	}
	sort.SliceStable(steps, func(i, j int) bool { return steps[i].At.Before(steps[j].At) })
	return steps
}

// IncidentMetrics are the known duration metrics of a: label and value.
func IncidentMetrics(a *analyze.Analysis) [][2]string {
	var out [][2]string
	for _, d := range analyze.MetricDefs {
		if v := d.Get(&a.Metrics); v != nil {
			out = append(out, [2]string{d.Label, analyze.Human(*v)})
		}
	}
	return out
}

// Fact is one read fact of an incident with its evidence.
type Fact struct {
	Label, Value, Evidence string
}

// IncidentFacts are root cause, resolution, scope and corrective actions.
func IncidentFacts(a *analyze.Analysis) []Fact {
	rc := orDash(a.RootCause.Category)
	if a.RootCause.Trigger != "" {
		rc += " (trigger: " + a.RootCause.Trigger + ")"
	}
	facts := []Fact{{"Root cause", rc, a.RootCause.Evidence},
		{"Resolution", orDash(a.Resolution.Action), a.Resolution.Evidence}}
	if sc := ScopeSummary(a.Scope); sc != "" || len(a.Scope.Regions) > 0 {
		if len(a.Scope.Regions) > 0 {
			sc = strings.TrimPrefix(sc+"; regions: "+strings.Join(a.Scope.Regions, ", "), "; ")
		}
		facts = append(facts, Fact{"Scope", sc, scopeEvidence(a.Scope)})
	}
	if a.Scope.DataLoss != nil {
		facts = append(facts, Fact{"Data loss", strconv.FormatBool(*a.Scope.DataLoss), a.Scope.DataLossEvidence})
	}
	if len(a.CorrectiveActions) > 0 {
		facts = append(facts, Fact{"Corrective actions", strings.Join(a.CorrectiveActions, "; "), ""})
	}
	return facts
}

func scopeEvidence(sc analyze.Scope) string {
	var ev []string
	for _, f := range []*analyze.Figure{sc.Accounts, sc.Users, sc.FailedTransactions, sc.TrafficPercent} {
		if f != nil && f.Evidence != "" && !containsString(ev, f.Evidence) {
			ev = append(ev, f.Evidence)
		}
	}
	return strings.Join(ev, " … ")
}

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
