// Package incident defines the vendor-neutral incident model that every
// reader in package parse produces and that analyze and export consume.
//
// It imports the standard library only. All times are UTC; a zero time.Time
// means the source did not say. JSON field names follow
// shared/design/METRICS.md §0, the contract for every output.
package incident

import (
	"sort"
	"strings"
	"time"
)

// Impact is the vendor's own impact level for an incident.
type Impact string

// Impact levels. Unknown means the source carries no impact (feeds, prose).
const (
	ImpactNone        Impact = "none"
	ImpactMinor       Impact = "minor"
	ImpactMajor       Impact = "major"
	ImpactCritical    Impact = "critical"
	ImpactMaintenance Impact = "maintenance"
	ImpactUnknown     Impact = "unknown"
)

// ParseImpact maps a vendor's label ("Major", "impact-major", "critical")
// to an Impact; anything it does not know is ImpactUnknown.
func ParseImpact(s string) Impact {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimPrefix(s, "impact-")
	switch Impact(s) {
	case ImpactNone, ImpactMinor, ImpactMajor, ImpactCritical, ImpactMaintenance:
		return Impact(s)
	}
	return ImpactUnknown
}

// Rank orders impacts by severity: unknown < none < maintenance < minor < major < critical.
func (i Impact) Rank() int {
	switch i {
	case ImpactNone:
		return 1
	case ImpactMaintenance:
		return 2
	case ImpactMinor:
		return 3
	case ImpactMajor:
		return 4
	case ImpactCritical:
		return 5
	}
	return 0
}

// Status is the lower-case status of an update or an incident.
type Status string

// Statuses seen on status pages (METRICS.md §0).
const (
	StatusInvestigating Status = "investigating"
	StatusIdentified    Status = "identified"
	StatusMonitoring    Status = "monitoring"
	StatusUpdate        Status = "update"
	StatusResolved      Status = "resolved"
	StatusPostmortem    Status = "postmortem"
	StatusScheduled     Status = "scheduled"
	StatusInProgress    Status = "in_progress"
	StatusVerifying     Status = "verifying"
	StatusCompleted     Status = "completed"
	StatusUnknown       Status = "unknown"
)

// ParseStatus maps a status label as written ("Investigating", "In progress",
// "in_progress", "AVAILABLE") to a Status; unknown labels give StatusUnknown.
func ParseStatus(s string) Status {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.NewReplacer(" ", "_", "-", "_").Replace(s)
	switch Status(s) {
	case StatusInvestigating, StatusIdentified, StatusMonitoring, StatusUpdate,
		StatusResolved, StatusPostmortem, StatusScheduled, StatusInProgress,
		StatusVerifying, StatusCompleted:
		return Status(s)
	case "updated", "updates":
		return StatusUpdate
	case "post_mortem", "postmortems":
		return StatusPostmortem
	case "available", "closed", "fixed":
		return StatusResolved
	}
	return StatusUnknown
}

// Incident is one outage (or maintenance) as reported by one document.
type Incident struct {
	// ID is the vendor's incident id or code; empty when the document has none.
	ID string `json:"id"`
	// Vendor is the company whose service failed ("TrackVia"), not the page host.
	Vendor string `json:"vendor"`
	// Title is the incident's name as published.
	Title string `json:"title"`
	// URL links to the incident on the vendor's page; empty when unknown.
	URL string `json:"url"`
	// Impact is the vendor's impact level; ImpactUnknown when not published.
	Impact Impact `json:"impact"`
	// Status is the incident's current status (that of its latest update).
	Status Status `json:"status"`
	// Components lists the affected components as named by the vendor.
	Components []string `json:"components"`
	// Updates are the status updates, oldest first.
	Updates []Update `json:"updates"`
	// Postmortem is the published postmortem; nil when there is none.
	Postmortem *Postmortem `json:"postmortem"`
	// Unplaced is document text the reader could not place in an update or
	// the postmortem (a block before the first entry, text after the last
	// one, a cut-off tail). It is never dropped: the prose analysis reads it
	// like a postmortem. Empty when everything was placed.
	Unplaced string `json:"unplaced_text,omitempty"`
	// Page holds structured time fields the page itself states (start,
	// resolve, aggregator detection), each with its evidence; zero when absent.
	Page PageFields `json:"page_fields"`
	// Zone is the document's time zone as a name or abbreviation ("MT",
	// "America/Denver", "UTC"), used to read times in prose that give none.
	// Empty when the document shows no zone.
	Zone string `json:"zone,omitempty"`
	// Source says where the incident was read from.
	Source Source `json:"source"`
	// Sources lists every document the incident was read from when several
	// were merged into it (analyze.Merger), Source being the first; nil when
	// one document gave it.
	Sources []Source `json:"sources,omitempty"`
	// Notes are reader-level data-quality warnings (a zone resolved by rule,
	// a year that could not be placed, ...).
	Notes []Warning `json:"parse_warnings,omitempty"`
}

// Update is one entry of the status timeline.
type Update struct {
	Status Status    `json:"status"`
	At     time.Time `json:"at"`
	Body   string    `json:"body"`
	// Stamp is the timestamp as written in the source ("Jul 02, 2024 - 08:00 MDT"),
	// kept as evidence; empty when the time came from a machine field.
	Stamp string `json:"stamp,omitempty"`
}

// Postmortem is a published postmortem.
type Postmortem struct {
	// At is when it was published; zero when unknown.
	At   time.Time `json:"at"`
	Text string    `json:"text"`
}

// Stamp is a time the page states in a structured field, with its evidence.
type Stamp struct {
	At       time.Time `json:"at"`
	Evidence string    `json:"evidence"`
}

// IsZero reports whether the page did not give this field.
func (s Stamp) IsZero() bool { return s.At.IsZero() }

// PageFields are times stated by structured page fields rather than updates.
type PageFields struct {
	Started              Stamp `json:"started"`
	Resolved             Stamp `json:"resolved"`
	DetectedByAggregator Stamp `json:"detected_by_aggregator"`
	// Duration is a duration the page itself shows ("3h 16m"); 0 when absent.
	Duration         time.Duration `json:"-"`
	DurationEvidence string        `json:"duration_evidence,omitempty"`
}

// Source says which document and reader produced an incident.
type Source struct {
	// Path is the file name (or "-" for stdin; "archive.zip!member" for archives).
	Path string `json:"path"`
	// Reader is the name of the reader that parsed it (see `postmortem formats`).
	Reader string `json:"reader"`
}

// Warning is a data-quality flag with a short stable code and a message
// that quotes its evidence.
type Warning struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// SortUpdates orders updates oldest first; updates with equal times keep
// their order. Updates without a time go last.
func (inc *Incident) SortUpdates() {
	sort.SliceStable(inc.Updates, func(i, j int) bool {
		a, b := inc.Updates[i].At, inc.Updates[j].At
		if a.IsZero() != b.IsZero() {
			return b.IsZero()
		}
		return a.Before(b)
	})
}

// Warn appends a reader-level warning.
func (inc *Incident) Warn(code, message string) {
	inc.Notes = append(inc.Notes, Warning{Code: code, Message: message})
}
