package analyze

import (
	"sort"
	"time"
)

// Stat summarises one metric over a set of incidents: how many had a value,
// and the median, p90 and max of those values (never a bare mean).
type Stat struct {
	N      int    `json:"n"`
	Median *int64 `json:"median_s"`
	P90    *int64 `json:"p90_s"`
	Max    *int64 `json:"max_s"`
}

// Group is the summary of a set of incidents (all, or one vendor's).
type Group struct {
	Incidents      int             `json:"incidents"`
	ByImpact       map[string]int  `json:"by_impact"`
	ByRootCause    map[string]int  `json:"by_root_cause"`
	WithPostmortem int             `json:"with_postmortem"`
	Metrics        map[string]Stat `json:"metrics"`
	// WithDisclosedCause counts root causes other than "" and "undisclosed".
	WithDisclosedCause int `json:"with_disclosed_cause"`
	// PostmortemShare and DisclosedShare are fractions 0..1 of Incidents;
	// nil when there are none.
	PostmortemShare *float64 `json:"postmortem_share"`
	DisclosedShare  *float64 `json:"disclosed_cause_share"`
	// TopCause is the most frequent disclosed cause, else "undisclosed"
	// when every read cause was undisclosed, else "".
	TopCause string `json:"top_cause"`
	// ImpactHours sums the impact windows (impact_start to impact_end, else
	// resolved) of the incidents that are not maintenance, unmerged.
	ImpactHours float64 `json:"impact_hours"`
	// Maintenance counts planned maintenance, kept apart from impact hours
	// and uptime; MaintenanceHours sums their windows.
	Maintenance      int     `json:"maintenance"`
	MaintenanceHours float64 `json:"maintenance_hours"`
	// Uptime is the availability over the group's period (see UptimeMethod).
	Uptime *Uptime `json:"uptime,omitempty"`
	// Delta compares a quarter's group with the previous quarter.
	Delta *Delta `json:"delta,omitempty"`
}

// Summary is the aggregate section of a report.
type Summary struct {
	Overall  Group            `json:"overall"`
	ByVendor map[string]Group `json:"by_vendor"`
	// Period is the span the report covers; Quarters its calendar quarters.
	Period       Period    `json:"period"`
	UptimeMethod string    `json:"uptime_method"`
	Quarters     []Quarter `json:"quarters"`
}

// Summarize aggregates analyses overall, per vendor and per quarter of the
// quarters they span, with the default uptime method.
func Summarize(as []Analysis) Summary {
	return Aggregate(as, as, Filter{}, UptimeMethods[0], time.Now())
}

func group(as []*Analysis) Group {
	g := Group{Incidents: len(as), ByImpact: map[string]int{}, ByRootCause: map[string]int{}, Metrics: map[string]Stat{}}
	for _, a := range as {
		g.ByImpact[string(a.Impact)]++
		if a.RootCause.Category != "" {
			g.ByRootCause[a.RootCause.Category]++
		}
		if a.Instants.Postmortem.At != nil || a.Postmortem != nil {
			g.WithPostmortem++
		}
		if disclosed(a.RootCause.Category) {
			g.WithDisclosedCause++
		}
		if s, e, ok := ImpactInterval(a); ok && isMaintenance(a) {
			g.Maintenance++
			g.MaintenanceHours += e.Sub(s).Hours()
		} else if ok {
			g.ImpactHours += e.Sub(s).Hours()
		} else if isMaintenance(a) {
			g.Maintenance++
		}
	}
	g.ImpactHours, g.MaintenanceHours = round2(g.ImpactHours), round2(g.MaintenanceHours)
	g.TopCause = topCause(g.ByRootCause)
	if len(as) > 0 {
		pm, dc := float64(g.WithPostmortem)/float64(len(as)), float64(g.WithDisclosedCause)/float64(len(as))
		g.PostmortemShare, g.DisclosedShare = &pm, &dc
	}
	for _, d := range MetricDefs {
		var vals []int64
		for _, a := range as {
			if v := d.Get(&a.Metrics); v != nil {
				vals = append(vals, *v)
			}
		}
		g.Metrics[d.Field] = StatOf(vals)
	}
	return g
}

// StatOf summarises values (in any order).
func StatOf(vals []int64) Stat {
	st := Stat{N: len(vals)}
	if len(vals) == 0 {
		return st
	}
	v := append([]int64(nil), vals...)
	sort.Slice(v, func(i, j int) bool { return v[i] < v[j] })
	med, p90, mx := Percentile(v, 50), Percentile(v, 90), v[len(v)-1]
	st.Median, st.P90, st.Max = &med, &p90, &mx
	return st
}
