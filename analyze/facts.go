package analyze

import (
	"time"

	"github.com/postmortem-dev/postmortem/parse/incident"
)

// RootCause is the category of METRICS.md §4 with the sentence that shows it.
type RootCause struct {
	// Category is one of the §4 categories; "undisclosed" when no
	// cause-bearing sentence was found; empty when the text was not read.
	Category string `json:"category"`
	// Trigger is what changed ("the 23.43 release"), kept apart from Category.
	Trigger    string  `json:"trigger,omitempty"`
	Evidence   string  `json:"evidence,omitempty"`
	Confidence float64 `json:"confidence"`
}

// Resolution is the action of METRICS.md §5 with its evidence.
type Resolution struct {
	Action   string `json:"action"`
	Evidence string `json:"evidence,omitempty"`
}

// Figure is a number stated in the text, with the text it came from.
type Figure struct {
	Value    float64 `json:"value"`
	Evidence string  `json:"evidence"`
}

// Scope is the impact scope of METRICS.md §6. Nil fields were not stated.
type Scope struct {
	Accounts           *Figure `json:"accounts"`
	Users              *Figure `json:"users"`
	FailedTransactions *Figure `json:"failed_transactions"`
	TrafficPercent     *Figure `json:"traffic_percent"`
	// DataLoss is true or false when the text says so ("No data corruption
	// was identified" is false); nil when it does not.
	DataLoss         *bool    `json:"data_loss"`
	DataLossEvidence string   `json:"data_loss_evidence,omitempty"`
	Regions          []string `json:"regions"`
	Components       []string `json:"components"`
}

// TimelineEvent is one dated line of a postmortem timeline
// ("July 1 2024 1:01PM - Initial application deployment").
type TimelineEvent struct {
	At   time.Time `json:"at"`
	Text string    `json:"text"`
	// Kind classifies the event when a rule recognised it: change,
	// impact_start, detected, identified, mitigated, resolved; else empty.
	Kind string `json:"kind,omitempty"`
}

// Facts is what reading the prose (update bodies and postmortem) yields.
// Instants here are candidates; instants() applies METRICS.md §1 priorities.
type Facts struct {
	ImpactStart incident.Instant
	ImpactEnd   incident.Instant
	Change      incident.Instant
	Detected    incident.Instant
	Identified  incident.Instant
	Mitigated   incident.Instant
	// StatedDuration is a duration the vendor states ("Approximately 1
	// hour"); 0 when none.
	StatedDuration         time.Duration
	StatedDurationEvidence string
	RootCause              RootCause
	Resolution             Resolution
	Scope                  Scope
	CorrectiveActions      []string
	Timeline               []TimelineEvent
	Warnings               []incident.Warning
}

// ProseReader reads the prose of an incident into Facts. The default reads
// nothing; the prose rules register themselves by setting it (see prose.go).
var proseReader func(inc *incident.Incident, opt Options) Facts

func readProse(inc *incident.Incident, opt Options) Facts {
	if proseReader == nil {
		return Facts{Scope: Scope{Regions: []string{}, Components: []string{}}}
	}
	return proseReader(inc, opt)
}
