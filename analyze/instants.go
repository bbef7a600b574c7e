package analyze

import (
	"fmt"
	"time"

	"github.com/postmortem-dev/postmortem/parse/incident"
)

// instants applies the priority rules of METRICS.md §1 to the status
// timeline, the page fields and the prose facts.
func instants(inc *incident.Incident, f Facts) incident.Instants {
	var in incident.Instants
	in.FirstUpdate = firstUpdate(inc)
	in.Identified = firstOf(f.Identified, statusInstant(inc, incident.StatusIdentified, false))
	in.Mitigated = earliest(statusInstant(inc, incident.StatusMonitoring, false), f.Mitigated)
	in.Resolved = firstOf(statusInstant(inc, incident.StatusResolved, true),
		stampInstant(inc.Page.Resolved, "page resolved field"))
	if in.Resolved.At == nil {
		in.Resolved = statusInstant(inc, incident.StatusCompleted, true)
	}
	if in.Resolved.At == nil && in.FirstUpdate.At == nil && f.ImpactEnd.At != nil {
		// a write-up with no status timeline: the end it states is when
		// the incident was over (README, "Where the contract is silent")
		in.Resolved = f.ImpactEnd
	}
	in.Postmortem = postmortemInstant(inc)
	in.ImpactStart = firstOf(f.ImpactStart, stampInstant(inc.Page.Started, "page start field"))
	if in.ImpactStart.At == nil && f.Detected.At != nil && (in.FirstUpdate.At == nil || f.Detected.At.Before(*in.FirstUpdate.At)) {
		// no start stated, but a detection is, before any post: the
		// impact had begun by then (README, "Where the contract is silent")
		in.ImpactStart = incident.Instant{At: f.Detected.At, Source: incident.SourceDerived,
			Evidence: "no stated start: the stated detection (" + f.Detected.Evidence + ")"}
	}
	if in.ImpactStart.At == nil && causedByChange(f) && (in.FirstUpdate.At == nil ||
		f.Change.At.Before(*in.FirstUpdate.At) && in.FirstUpdate.At.Sub(*f.Change.At) <= 48*time.Hour) {
		// no start stated, but the change that caused it is dated ("a
		// system release introduced a change that led to ..."): the
		// impact began with it (README, "Where the contract is silent")
		in.ImpactStart = incident.Instant{At: f.Change.At, Source: incident.SourceDerived,
			Evidence: "no stated start: the change that caused it (" + f.Change.Evidence + ")"}
	}
	if in.ImpactStart.At == nil && in.FirstUpdate.At != nil {
		in.ImpactStart = incident.Instant{At: in.FirstUpdate.At, Source: incident.SourceDerived,
			Evidence: "no stated start: first update (" + in.FirstUpdate.Evidence + ")"}
	}
	in.Change = f.Change
	in.Detected = f.Detected
	if in.Detected.At == nil && in.FirstUpdate.At != nil {
		in.Detected = incident.Instant{At: in.FirstUpdate.At, Source: incident.SourceDerived,
			Evidence: "no detection statement: first update (" + in.FirstUpdate.Evidence + ")"}
	}
	in.DetectedByAggregator = stampInstant(inc.Page.DetectedByAggregator, "aggregator detection field")
	in.ImpactEnd = f.ImpactEnd
	switch {
	case in.ImpactEnd.At != nil:
	case in.Mitigated.At != nil:
		in.ImpactEnd = derived(in.Mitigated, "no stated end: mitigated")
	case in.Resolved.At != nil:
		in.ImpactEnd = derived(in.Resolved, "no stated end: resolved")
	}
	return in
}

// causedByChange reports whether the facts date a change and name a
// change as the cause.
func causedByChange(f Facts) bool {
	if f.Change.At == nil {
		return false
	}
	switch f.RootCause.Category {
	case "code-change", "config-change", "maintenance":
		return true
	}
	return false
}

// updateEvidence quotes an update as evidence: its status, its time as
// written and the start of its body.
func updateEvidence(u incident.Update) string {
	stamp := u.Stamp
	if stamp == "" {
		stamp = u.At.UTC().Format("2006-01-02T15:04:05Z")
	}
	return fmt.Sprintf("%s update %s: %s", u.Status, stamp, clip(u.Body, 160))
}

func firstUpdate(inc *incident.Incident) incident.Instant {
	for _, u := range inc.Updates {
		if u.Status != incident.StatusPostmortem && !u.At.IsZero() {
			return incident.NewInstant(u.At, incident.SourceStatusUpdate, updateEvidence(u))
		}
	}
	return incident.Instant{}
}

// statusInstant is the first (or, with last, the last) update with status s.
func statusInstant(inc *incident.Incident, s incident.Status, last bool) incident.Instant {
	var found *incident.Update
	for i := range inc.Updates {
		u := &inc.Updates[i]
		if u.Status != s || u.At.IsZero() {
			continue
		}
		found = u
		if !last {
			break
		}
	}
	if found == nil {
		return incident.Instant{}
	}
	return incident.NewInstant(found.At, incident.SourceStatusUpdate, updateEvidence(*found))
}

func postmortemInstant(inc *incident.Incident) incident.Instant {
	if in := statusInstant(inc, incident.StatusPostmortem, false); in.At != nil {
		return in
	}
	if inc.Postmortem != nil && !inc.Postmortem.At.IsZero() {
		return incident.NewInstant(inc.Postmortem.At, incident.SourcePage, "postmortem published: "+clip(inc.Postmortem.Text, 120))
	}
	return incident.Instant{}
}

func stampInstant(s incident.Stamp, what string) incident.Instant {
	if s.IsZero() {
		return incident.Instant{}
	}
	ev := s.Evidence
	if ev == "" {
		ev = what
	}
	return incident.NewInstant(s.At, incident.SourcePage, ev)
}

func derived(from incident.Instant, why string) incident.Instant {
	return incident.Instant{At: from.At, Source: incident.SourceDerived, Evidence: why + " (" + from.Evidence + ")"}
}

// firstOf returns the first known instant.
func firstOf(ins ...incident.Instant) incident.Instant {
	for _, in := range ins {
		if in.At != nil {
			return in
		}
	}
	return incident.Instant{}
}

// earliest returns the earliest known instant; ties keep the first.
func earliest(ins ...incident.Instant) incident.Instant {
	var best incident.Instant
	for _, in := range ins {
		if in.At != nil && (best.At == nil || in.At.Before(*best.At)) {
			best = in
		}
	}
	return best
}

// clip shortens s to at most n runes on one line, marking the cut.
func clip(s string, n int) string {
	out := make([]rune, 0, n)
	space := false
	for _, r := range s {
		if r == '\n' || r == '\r' || r == '\t' || r == ' ' {
			if !space && len(out) > 0 {
				out = append(out, ' ')
			}
			space = true
			continue
		}
		space = false
		if len(out) >= n {
			return string(out) + "…"
		}
		out = append(out, r)
	}
	return string(out)
}
