package analyze

import (
	"fmt"
	"time"

	"github.com/postmortem-dev/postmortem/parse/incident"
)

// Warning codes (METRICS.md §3). Codes are stable; messages quote evidence.
const (
	WarnResolvedBeforeStart = "resolved_before_start"
	WarnUpdatesOutOfOrder   = "status_out_of_order"
	WarnZeroLength          = "zero_length"
	WarnResolvedOnly        = "resolved_only"
	WarnDurationMismatch    = "stated_duration_mismatch"
	WarnNoTimes             = "no_times"
	// Set by the prose reader (prose.go, timeline.go):
	WarnTimeUnplaced = "time_unplaced" // a time in prose without a year or zone
	WarnZoneByRule   = "zone_by_rule"  // an ambiguous abbreviation ("MT", "CST") read by rule
	WarnZoneLabel    = "zone_label"    // a standard-time label on a summer date, re-read as the page's daylight time
)

// warnings collects the reader's notes, the prose reader's warnings and the
// timeline checks of METRICS.md §3.
func warnings(a *Analysis, f Facts) []incident.Warning {
	ws := append([]incident.Warning{}, a.Notes...)
	ws = append(ws, f.Warnings...)
	add := func(code, format string, args ...any) {
		ws = append(ws, incident.Warning{Code: code, Message: fmt.Sprintf(format, args...)})
	}
	in, m := a.Instants, a.Metrics
	if in.ImpactStart.At != nil && in.Resolved.At != nil && in.Resolved.At.Before(*in.ImpactStart.At) {
		add(WarnResolvedBeforeStart, "resolved %s is before impact start %s (%s)",
			fmtTime(*in.Resolved.At), fmtTime(*in.ImpactStart.At), in.ImpactStart.Evidence)
	}
	if in.ImpactStart.At != nil && in.Resolved.At != nil && in.Resolved.At.Equal(*in.ImpactStart.At) && in.ImpactStart.Source != incident.SourceDerived {
		add(WarnZeroLength, "impact start and resolved are the same instant %s", fmtTime(*in.Resolved.At))
	}
	if u, ok := resolvedOnly(&a.Incident); ok {
		add(WarnResolvedOnly, "the first post is the resolve post (no update while it was open): %s", updateEvidence(u))
	}
	if u, v, ok := reopened(&a.Incident); ok {
		add(WarnUpdatesOutOfOrder, "a %s update follows the resolved update of %s: %s", v.Status, u.Stamp, updateEvidence(v))
	}
	// The timeline's duration is what the status page shows (first update
	// to resolved); without updates, impact start to resolved.
	timeline := m.CommunicatedDuration
	if timeline == nil {
		timeline = m.TimeToResolve
	}
	if m.StatedDuration != nil && timeline != nil {
		stated, actual := *m.StatedDuration, *timeline
		diff := stated - actual
		if diff < 0 {
			diff = -diff
		}
		if float64(diff) > 0.25*float64(max(stated, actual)) && diff > 15*60 {
			add(WarnDurationMismatch, "stated duration %s (%s) disagrees with the timeline's %s",
				Human(stated), m.StatedDurationSource, Human(actual))
		}
	}
	if len(a.Updates) > 0 && in.FirstUpdate.At == nil {
		add(WarnNoTimes, "no update has a usable time")
	}
	return ws
}

// resolvedOnly reports whether the first non-postmortem update is already
// a resolved one, i.e. nothing was posted while the incident was open.
func resolvedOnly(inc *incident.Incident) (incident.Update, bool) {
	for _, u := range inc.Updates {
		if u.Status == incident.StatusPostmortem {
			continue
		}
		return u, u.Status == incident.StatusResolved || u.Status == incident.StatusCompleted
	}
	return incident.Update{}, false
}

// reopened finds an open-state update after a resolved one.
func reopened(inc *incident.Incident) (incident.Update, incident.Update, bool) {
	var res *incident.Update
	for i := range inc.Updates {
		u := &inc.Updates[i]
		switch u.Status {
		case incident.StatusResolved:
			res = u
		case incident.StatusInvestigating, incident.StatusIdentified, incident.StatusMonitoring:
			if res != nil {
				return *res, *u, true
			}
		}
	}
	return incident.Update{}, incident.Update{}, false
}

func fmtTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// Human formats seconds as a short duration: 45s, 12m, 3h16m, 2d4h.
func Human(s int64) string {
	neg := s < 0
	if neg {
		s = -s
	}
	var out string
	switch {
	case s < 60:
		out = fmt.Sprintf("%ds", s)
	case s < 3600:
		out = fmt.Sprintf("%dm", s/60)
	case s < 86400:
		out = fmt.Sprintf("%dh%02dm", s/3600, s%3600/60)
	default:
		out = fmt.Sprintf("%dd%dh", s/86400, s%86400/3600)
	}
	if neg {
		return "-" + out
	}
	return out
}
