package incident

import "time"

// Instant sources (METRICS.md §1).
const (
	SourceStatusUpdate = "status_update" // a timeline entry
	SourcePostmortem   = "postmortem"    // prose or a postmortem timeline
	SourcePage         = "page"          // a structured page field
	SourceDerived      = "derived"       // fallback from another instant
)

// Instant is one point of an incident's life with the evidence for it.
// At is nil when the instant is unknown.
type Instant struct {
	At       *time.Time `json:"at"`
	Source   string     `json:"source,omitempty"`
	Evidence string     `json:"evidence,omitempty"`
}

// Known reports whether the instant has a time.
func (i Instant) Known() bool { return i.At != nil }

// NewInstant returns an instant at t (converted to UTC); a zero t gives an
// unknown instant.
func NewInstant(t time.Time, source, evidence string) Instant {
	if t.IsZero() {
		return Instant{}
	}
	u := t.UTC()
	return Instant{At: &u, Source: source, Evidence: evidence}
}

// Instants are the named instants of METRICS.md §1.
type Instants struct {
	ImpactStart          Instant `json:"impact_start"`
	Change               Instant `json:"change"`
	Detected             Instant `json:"detected"`
	DetectedByAggregator Instant `json:"detected_by_aggregator"`
	FirstUpdate          Instant `json:"first_update"`
	Identified           Instant `json:"identified"`
	Mitigated            Instant `json:"mitigated"`
	Resolved             Instant `json:"resolved"`
	ImpactEnd            Instant `json:"impact_end"`
	Postmortem           Instant `json:"postmortem"`
}
