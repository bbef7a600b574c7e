package analyze

import (
	"sort"
	"time"

	"github.com/postmortem-dev/postmortem/parse/incident"
)

// Metrics are the durations of METRICS.md §2 in whole seconds; nil when an
// end is unknown.
type Metrics struct {
	DetectionLag         *int64 `json:"detection_lag_s"`
	TimeToFirstUpdate    *int64 `json:"time_to_first_update_s"`
	TimeToIdentify       *int64 `json:"time_to_identify_s"`
	TimeToMitigate       *int64 `json:"time_to_mitigate_s"`
	TimeToResolve        *int64 `json:"time_to_resolve_s"`
	ImpactDuration       *int64 `json:"impact_duration_s"`
	CommunicatedDuration *int64 `json:"communicated_duration_s"`
	Monitoring           *int64 `json:"monitoring_s"`
	TimeToPostmortem     *int64 `json:"time_to_postmortem_s"`
	StatedDuration       *int64 `json:"stated_duration_s"`
	StatedDurationSource string `json:"stated_duration_evidence,omitempty"`
	Updates              int    `json:"updates"`
	MedianUpdateGap      *int64 `json:"median_update_gap_s"`
	MaxUpdateGap         *int64 `json:"max_update_gap_s"`
}

// MetricDef names one duration metric: its JSON field and how to read it.
type MetricDef struct {
	Field string // JSON field, e.g. "time_to_resolve_s"
	Label string // short human label, e.g. "time to resolve"
	Get   func(*Metrics) *int64
}

// MetricDefs lists the duration metrics in METRICS.md §2 order. Exporters
// and aggregates iterate it, so a metric is defined once.
var MetricDefs = []MetricDef{
	{"detection_lag_s", "detection lag", func(m *Metrics) *int64 { return m.DetectionLag }},
	{"time_to_first_update_s", "time to first update", func(m *Metrics) *int64 { return m.TimeToFirstUpdate }},
	{"time_to_identify_s", "time to identify", func(m *Metrics) *int64 { return m.TimeToIdentify }},
	{"time_to_mitigate_s", "time to mitigate", func(m *Metrics) *int64 { return m.TimeToMitigate }},
	{"time_to_resolve_s", "time to resolve", func(m *Metrics) *int64 { return m.TimeToResolve }},
	{"impact_duration_s", "impact duration", func(m *Metrics) *int64 { return m.ImpactDuration }},
	{"communicated_duration_s", "communicated duration", func(m *Metrics) *int64 { return m.CommunicatedDuration }},
	{"monitoring_s", "monitoring", func(m *Metrics) *int64 { return m.Monitoring }},
	{"time_to_postmortem_s", "time to postmortem", func(m *Metrics) *int64 { return m.TimeToPostmortem }},
	{"stated_duration_s", "stated duration", func(m *Metrics) *int64 { return m.StatedDuration }},
	{"median_update_gap_s", "median update gap", func(m *Metrics) *int64 { return m.MedianUpdateGap }},
	{"max_update_gap_s", "max update gap", func(m *Metrics) *int64 { return m.MaxUpdateGap }},
}

// between returns end − start in seconds, or nil when either is unknown.
func between(start, end incident.Instant) *int64 {
	if start.At == nil || end.At == nil {
		return nil
	}
	s := int64(end.At.Sub(*start.At) / time.Second)
	return &s
}

func metrics(inc *incident.Incident, in incident.Instants, f Facts) Metrics {
	m := Metrics{
		DetectionLag:         between(in.ImpactStart, in.Detected),
		TimeToFirstUpdate:    between(in.ImpactStart, in.FirstUpdate),
		TimeToIdentify:       between(in.ImpactStart, in.Identified),
		TimeToMitigate:       between(in.ImpactStart, in.Mitigated),
		TimeToResolve:        between(in.ImpactStart, in.Resolved),
		ImpactDuration:       between(in.ImpactStart, in.ImpactEnd),
		CommunicatedDuration: between(in.FirstUpdate, in.Resolved),
		Monitoring:           between(in.Mitigated, in.Resolved),
		TimeToPostmortem:     between(in.Resolved, in.Postmortem),
	}
	if f.StatedDuration > 0 {
		s := int64(f.StatedDuration / time.Second)
		m.StatedDuration, m.StatedDurationSource = &s, f.StatedDurationEvidence
	}
	m.Updates, m.MedianUpdateGap, m.MaxUpdateGap = cadence(inc, in.Resolved)
	return m
}

// cadence counts the status updates (postmortems excluded) and the gaps
// between consecutive ones while the incident was open, up to the last
// resolved update.
func cadence(inc *incident.Incident, resolved incident.Instant) (int, *int64, *int64) {
	var times []time.Time
	for _, u := range inc.Updates {
		if u.Status == incident.StatusPostmortem || u.At.IsZero() {
			continue
		}
		if resolved.At != nil && u.At.After(*resolved.At) {
			continue
		}
		times = append(times, u.At)
	}
	n := 0
	for _, u := range inc.Updates {
		if u.Status != incident.StatusPostmortem {
			n++
		}
	}
	if len(times) < 2 {
		return n, nil, nil
	}
	gaps := make([]int64, 0, len(times)-1)
	for i := 1; i < len(times); i++ {
		gaps = append(gaps, int64(times[i].Sub(times[i-1])/time.Second))
	}
	sort.Slice(gaps, func(i, j int) bool { return gaps[i] < gaps[j] })
	med, max := Percentile(gaps, 50), gaps[len(gaps)-1]
	return n, &med, &max
}

// Percentile returns the p-th percentile (0..100) of sorted values,
// interpolated linearly between the closest ranks (numpy's default and
// spreadsheets' PERCENTILE.INC) and rounded to whole seconds.
func Percentile(values []int64, p float64) int64 {
	if len(values) == 0 {
		return 0
	}
	if len(values) == 1 {
		return values[0]
	}
	rank := p / 100 * float64(len(values)-1)
	lo := int(rank)
	if lo >= len(values)-1 {
		return values[len(values)-1]
	}
	frac := rank - float64(lo)
	v := float64(values[lo]) + frac*float64(values[lo+1]-values[lo])
	return int64(v + 0.5)
}
