// Package analyze turns incidents into the instants, metrics, root cause,
// resolution, scope and warnings of shared/design/METRICS.md, and
// aggregates them. It depends on the incident model only.
package analyze

import (
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/postmortem-dev/postmortem/parse/incident"
)

// SchemaVersion is the version of the JSON output (analyze -o json).
const SchemaVersion = 1

// Options control an analysis.
type Options struct {
	// Now stamps the report (generated_at); zero means time.Now().
	Now time.Time
	// Zone reads zone-less times in prose when the document names no zone
	// (the --tz flag); nil leaves such times unknown with a warning.
	Zone *time.Location
	// Filter selects the incidents of the report (see aggregate.go).
	Filter Filter
	// Uptime is the uptime accounting method; the zero value is the default.
	Uptime UptimeMethod
}

// Analysis is one incident with everything derived from it. The incident's
// own fields are embedded, so the JSON object carries both (METRICS.md §0).
type Analysis struct {
	incident.Incident
	Instants          incident.Instants  `json:"instants"`
	Metrics           Metrics            `json:"metrics"`
	RootCause         RootCause          `json:"root_cause"`
	Resolution        Resolution         `json:"resolution"`
	Scope             Scope              `json:"scope"`
	CorrectiveActions []string           `json:"corrective_actions"`
	Timeline          []TimelineEvent    `json:"timeline,omitempty"`
	Warnings          []incident.Warning `json:"warnings"`
}

// Report is the single input of every exporter.
type Report struct {
	SchemaVersion int        `json:"schema_version"`
	GeneratedAt   time.Time  `json:"generated_at"`
	Incidents     []Analysis `json:"incidents"`
	Summary       Summary    `json:"summary"`
}

// Analyze analyses every incident and builds the report, incidents sorted
// by impact start (unknown last), then vendor, title and source.
func Analyze(incs []incident.Incident, opt Options) Report {
	out := make([]Analysis, len(incs))
	analyzeAll(incs, out, opt)
	SortAnalyses(out)
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	if opt.Uptime.Class == nil {
		opt.Uptime = UptimeMethods[0]
	}
	kept, pool := opt.Filter.split(out)
	return Report{
		SchemaVersion: SchemaVersion,
		GeneratedAt:   now.UTC().Truncate(time.Second),
		Incidents:     kept,
		Summary:       Aggregate(kept, pool, opt.Filter, opt.Uptime, now),
	}
}

// analyzeAll fills out[i] = One(incs[i]) on all cores. One reads only its
// own incident, so the result does not depend on scheduling.
func analyzeAll(incs []incident.Incident, out []Analysis, opt Options) {
	workers := min(runtime.GOMAXPROCS(0), len(incs))
	if workers <= 1 {
		for i := range incs {
			out[i] = One(incs[i], opt)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(incs) {
					return
				}
				out[i] = One(incs[i], opt)
			}
		})
	}
	wg.Wait()
}

// One analyses a single incident.
func One(inc incident.Incident, opt Options) Analysis {
	a := Analysis{Incident: inc, CorrectiveActions: []string{}}
	if a.Components == nil {
		a.Components = []string{}
	}
	if a.Updates == nil {
		a.Updates = []incident.Update{}
	}
	facts := readProse(&a.Incident, opt)
	a.Instants = instants(&a.Incident, facts)
	a.Metrics = metrics(&a.Incident, a.Instants, facts)
	a.RootCause = facts.RootCause
	a.Resolution = facts.Resolution
	a.Scope = facts.Scope
	if facts.CorrectiveActions != nil {
		a.CorrectiveActions = facts.CorrectiveActions
	}
	a.Timeline = facts.Timeline
	a.Warnings = warnings(&a, facts)
	return a
}

// SortAnalyses orders analyses by impact start (unknown last), vendor,
// title and source path, so every output is deterministic.
func SortAnalyses(as []Analysis) {
	sort.SliceStable(as, func(i, j int) bool {
		a, b := as[i], as[j]
		ta, tb := a.Instants.ImpactStart.At, b.Instants.ImpactStart.At
		if (ta == nil) != (tb == nil) {
			return tb == nil
		}
		if ta != nil && !ta.Equal(*tb) {
			return ta.Before(*tb)
		}
		if a.Vendor != b.Vendor {
			return a.Vendor < b.Vendor
		}
		if a.Title != b.Title {
			return a.Title < b.Title
		}
		return a.Source.Path < b.Source.Path
	})
}
