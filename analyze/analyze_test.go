package analyze

import (
	"testing"
	"time"

	"github.com/postmortem-dev/postmortem/parse/incident"
)

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

func upd(status incident.Status, ts string) incident.Update {
	return incident.Update{Status: status, At: at(ts), Body: string(status) + " body"}
}

func ptr(v int64) *int64 { return &v }

func eqInt(a, b *int64) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func show(v *int64) any {
	if v == nil {
		return nil
	}
	return *v
}

// TestTimelineInstants checks the METRICS.md §1 priorities that need no
// prose: first update, identified, first monitoring, LAST resolved,
// postmortem, page fields, and the derived fallbacks.
func TestTimelineInstants(t *testing.T) {
	tests := []struct {
		name                                                string
		inc                                                 incident.Incident
		start, detected, identified, mitigated, resolved    string
		startSource, detectedSource, resolvedSrc, impactEnd string
	}{
		{
			name: "full status timeline",
			inc: incident.Incident{Updates: []incident.Update{
				upd("investigating", "2024-01-01T10:00:00Z"), upd("identified", "2024-01-01T10:20:00Z"),
				upd("monitoring", "2024-01-01T11:00:00Z"), upd("resolved", "2024-01-01T12:00:00Z"),
				upd("postmortem", "2024-01-03T09:00:00Z")}},
			start: "2024-01-01T10:00:00Z", startSource: incident.SourceDerived,
			detected: "2024-01-01T10:00:00Z", detectedSource: incident.SourceDerived,
			identified: "2024-01-01T10:20:00Z", mitigated: "2024-01-01T11:00:00Z",
			resolved: "2024-01-01T12:00:00Z", resolvedSrc: incident.SourceStatusUpdate, impactEnd: "2024-01-01T11:00:00Z",
		},
		{
			name: "reopened: resolved is the last resolved update",
			inc: incident.Incident{Updates: []incident.Update{
				upd("investigating", "2024-01-01T10:00:00Z"), upd("resolved", "2024-01-01T10:30:00Z"),
				upd("investigating", "2024-01-01T11:00:00Z"), upd("resolved", "2024-01-01T13:00:00Z")}},
			start: "2024-01-01T10:00:00Z", startSource: incident.SourceDerived,
			detected: "2024-01-01T10:00:00Z", detectedSource: incident.SourceDerived,
			resolved: "2024-01-01T13:00:00Z", resolvedSrc: incident.SourceStatusUpdate, impactEnd: "2024-01-01T13:00:00Z",
		},
		{
			name: "page fields win over the first update",
			inc: incident.Incident{
				Page: incident.PageFields{
					Started:  incident.Stamp{At: at("2024-01-01T09:30:00Z"), Evidence: "started_at: 2024-01-01T09:30:00Z"},
					Resolved: incident.Stamp{At: at("2024-01-01T12:30:00Z"), Evidence: "resolved_at"}},
				Updates: []incident.Update{upd("investigating", "2024-01-01T10:00:00Z")}},
			start: "2024-01-01T09:30:00Z", startSource: incident.SourcePage,
			detected: "2024-01-01T10:00:00Z", detectedSource: incident.SourceDerived,
			resolved: "2024-01-01T12:30:00Z", resolvedSrc: incident.SourcePage, impactEnd: "2024-01-01T12:30:00Z",
		},
		{
			name: "no updates, no page fields: nothing known",
			inc:  incident.Incident{Title: "only prose"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := instants(&tt.inc, Facts{})
			check := func(name string, got incident.Instant, want, wantSrc string) {
				t.Helper()
				if want == "" {
					if got.At != nil {
						t.Errorf("%s = %s, want unknown", name, got.At)
					}
					return
				}
				if got.At == nil || !got.At.Equal(at(want)) {
					t.Errorf("%s = %v, want %s", name, got.At, want)
				}
				if wantSrc != "" && got.Source != wantSrc {
					t.Errorf("%s source = %q, want %q", name, got.Source, wantSrc)
				}
				if got.Evidence == "" {
					t.Errorf("%s has no evidence", name)
				}
			}
			check("impact_start", in.ImpactStart, tt.start, tt.startSource)
			check("detected", in.Detected, tt.detected, tt.detectedSource)
			check("identified", in.Identified, tt.identified, "")
			check("mitigated", in.Mitigated, tt.mitigated, "")
			check("resolved", in.Resolved, tt.resolved, tt.resolvedSrc)
			check("impact_end", in.ImpactEnd, tt.impactEnd, "")
		})
	}
}

// TestProseFactsTakePriority: a stated start beats the page field, and a
// stated restoration earlier than the first monitoring update is mitigated.
func TestProseFactsTakePriority(t *testing.T) {
	inc := incident.Incident{
		Page: incident.PageFields{Started: incident.Stamp{At: at("2024-02-15T11:00:00Z"), Evidence: "Started"}},
		Updates: []incident.Update{upd("investigating", "2024-02-15T11:00:00Z"),
			upd("monitoring", "2024-02-15T11:42:00Z"), upd("resolved", "2024-02-15T14:16:00Z")},
	}
	f := Facts{
		ImpactStart: incident.NewInstant(at("2024-02-15T10:30:00Z"), incident.SourcePostmortem, "At approximately 11:30 AM CET"),
		Mitigated:   incident.NewInstant(at("2024-02-15T11:30:00Z"), incident.SourcePostmortem, "restored by"),
	}
	in := instants(&inc, f)
	if !in.ImpactStart.At.Equal(at("2024-02-15T10:30:00Z")) || in.ImpactStart.Source != incident.SourcePostmortem {
		t.Errorf("impact_start = %v %s", in.ImpactStart.At, in.ImpactStart.Source)
	}
	if !in.Mitigated.At.Equal(at("2024-02-15T11:30:00Z")) {
		t.Errorf("mitigated = %v, want the earlier stated restoration", in.Mitigated.At)
	}
	m := metrics(&inc, in, f)
	if !eqInt(m.DetectionLag, ptr(1800)) || !eqInt(m.CommunicatedDuration, ptr(11760)) || !eqInt(m.TimeToResolve, ptr(13560)) {
		t.Errorf("lag %v, communicated %v, ttr %v", show(m.DetectionLag), show(m.CommunicatedDuration), show(m.TimeToResolve))
	}
}

func TestCadence(t *testing.T) {
	inc := incident.Incident{Updates: []incident.Update{
		upd("investigating", "2024-01-01T10:00:00Z"), upd("update", "2024-01-01T10:10:00Z"),
		upd("update", "2024-01-01T10:40:00Z"), upd("resolved", "2024-01-01T11:40:00Z"),
		upd("postmortem", "2024-01-05T11:40:00Z")}}
	in := instants(&inc, Facts{})
	n, med, max := cadence(&inc, in.Resolved)
	if n != 4 || !eqInt(med, ptr(1800)) || !eqInt(max, ptr(3600)) {
		t.Errorf("cadence = %d, %v, %v; want 4, 1800, 3600", n, show(med), show(max))
	}
}

func TestPercentile(t *testing.T) {
	tests := []struct {
		vals []int64
		p    float64
		want int64
	}{
		{[]int64{5}, 50, 5},
		{[]int64{10, 20}, 50, 15},
		{[]int64{1, 2, 3, 4}, 50, 3}, // 2.5 rounds half up
		{[]int64{10, 20, 30, 40, 50, 60, 70, 80, 90, 100}, 90, 91},
		{[]int64{0, 100}, 100, 100},
	}
	for _, tt := range tests {
		if got := Percentile(tt.vals, tt.p); got != tt.want {
			t.Errorf("Percentile(%v, %v) = %d, want %d", tt.vals, tt.p, got, tt.want)
		}
	}
}

func TestHuman(t *testing.T) {
	for s, want := range map[int64]string{0: "0s", 59: "59s", 60: "1m", 3600: "1h00m", 11760: "3h16m", 56820: "15h47m", 90000: "1d1h", -120: "-2m"} {
		if got := Human(s); got != want {
			t.Errorf("Human(%d) = %q, want %q", s, got, want)
		}
	}
}

func TestWarnings(t *testing.T) {
	codes := func(a Analysis) map[string]bool {
		m := map[string]bool{}
		for _, w := range a.Warnings {
			m[w.Code] = true
		}
		return m
	}
	resolvedOnly := One(incident.Incident{Updates: []incident.Update{upd("resolved", "2024-07-02T14:00:00Z")}}, Options{})
	if !codes(resolvedOnly)[WarnResolvedOnly] {
		t.Errorf("resolved-only incident not flagged: %+v", resolvedOnly.Warnings)
	}
	reopened := One(incident.Incident{Updates: []incident.Update{upd("investigating", "2024-01-01T10:00:00Z"),
		upd("resolved", "2024-01-01T10:30:00Z"), upd("monitoring", "2024-01-01T11:00:00Z"), upd("resolved", "2024-01-01T12:00:00Z")}}, Options{})
	if !codes(reopened)[WarnUpdatesOutOfOrder] {
		t.Errorf("reopened incident not flagged: %+v", reopened.Warnings)
	}
	backwards := One(incident.Incident{
		Page:    incident.PageFields{Started: incident.Stamp{At: at("2024-01-02T10:00:00Z"), Evidence: "started"}},
		Updates: []incident.Update{upd("investigating", "2024-01-01T09:00:00Z"), upd("resolved", "2024-01-01T10:00:00Z")}}, Options{})
	if !codes(backwards)[WarnResolvedBeforeStart] {
		t.Errorf("resolved before start not flagged: %+v", backwards.Warnings)
	}
	clean := One(incident.Incident{Updates: []incident.Update{upd("investigating", "2024-01-01T10:00:00Z"), upd("resolved", "2024-01-01T11:00:00Z")}}, Options{})
	for _, w := range clean.Warnings {
		t.Errorf("clean incident warned: %+v", w)
	}
}

func TestSummarize(t *testing.T) {
	mk := func(vendor, start, end string) incident.Incident {
		return incident.Incident{Vendor: vendor, Impact: incident.ImpactMajor, Updates: []incident.Update{upd("investigating", start), upd("resolved", end)}}
	}
	r := Analyze([]incident.Incident{
		mk("A", "2024-01-01T10:00:00Z", "2024-01-01T11:00:00Z"),
		mk("A", "2024-02-01T10:00:00Z", "2024-02-01T13:00:00Z"),
		mk("B", "2024-01-15T10:00:00Z", "2024-01-15T10:30:00Z"),
	}, Options{Now: at("2024-03-01T00:00:00Z")})
	if r.Incidents[0].Vendor != "A" || r.Incidents[1].Vendor != "B" {
		t.Errorf("not sorted by impact start: %s, %s", r.Incidents[0].Vendor, r.Incidents[1].Vendor)
	}
	a := r.Summary.ByVendor["A"].Metrics["time_to_resolve_s"]
	if a.N != 2 || !eqInt(a.Median, ptr(7200)) || !eqInt(a.Max, ptr(10800)) {
		t.Errorf("vendor A ttr = %+v", a)
	}
	if r.Summary.Overall.Incidents != 3 || r.Summary.Overall.ByImpact["major"] != 3 {
		t.Errorf("overall = %+v", r.Summary.Overall)
	}
}

// TestStartFromDetection: no start stated, a detection stated before the
// first post: the impact had begun by then (devset d-issuetimeline-gitlab-2,
// e-statusincident-postmortem-iplogin-1). A detection after the first
// post does not move the start.
func TestStartFromDetection(t *testing.T) {
	pm := "Timeline (all times UTC), 2020-08-31:\n15:13 - dsmith declares incident in Slack using /incident declare command.\n"
	a := One(incident.Incident{Postmortem: &incident.Postmortem{Text: pm},
		Updates: []incident.Update{upd("investigating", "2020-08-31T15:40:00Z")}}, Options{})
	if a.Instants.Detected.At == nil || a.Instants.ImpactStart.At == nil || !a.Instants.ImpactStart.At.Equal(*a.Instants.Detected.At) {
		t.Fatalf("start %v, detected %v: want the start at the stated detection", a.Instants.ImpactStart.At, a.Instants.Detected.At)
	}
	a = One(incident.Incident{Postmortem: &incident.Postmortem{Text: pm},
		Updates: []incident.Update{upd("investigating", "2020-08-31T15:00:00Z")}}, Options{})
	if a.Instants.ImpactStart.At == nil || a.Instants.ImpactStart.At.Format("15:04") != "15:00" {
		t.Errorf("start %v, want the first update 15:00", a.Instants.ImpactStart.At)
	}
}

// TestStartFromChange: no start stated, the change that caused it dated
// before the first post: the impact began with it (devset
// e-statuspage-incident-postmortem-harness-2, b-proxymirror-github-2). A
// change after the mitigation is the remedy, and a dated change whose
// incident names another cause does not move the start.
func TestStartFromChange(t *testing.T) {
	tests := []struct{ name, pm, first, want, change string }{
		{"release led to it", "On 08 May 2025 at 4:05 AM UTC, a system release introduced a change that led to increased data ingestion activity. As a result, customers experienced latency.",
			"2025-05-08T12:27:00Z", "04:05", "04:05"},
		{"a backend update triggered it; the fix deploy is no trigger",
			"On June 28th, 2024, at 16:06 UTC, a backend update by GitHub triggered a significant number of long-running jobs. We mitigated the impact at 19:32 UTC by pausing the jobs. We deployed a code change at 22:30 UTC to skip over the queued jobs.",
			"2024-06-28T20:00:00Z", "16:06", "16:06"},
		{"another cause", "On June 28th, 2024, at 16:06 UTC, we deployed a release. The outage was caused by a power failure in the data center.",
			"2024-06-28T20:00:00Z", "20:00", "16:06"},
	}
	for _, tt := range tests {
		a := One(incident.Incident{Postmortem: &incident.Postmortem{Text: tt.pm},
			Updates: []incident.Update{upd("investigating", tt.first)}}, Options{})
		got := a.Instants.ImpactStart.At
		if got == nil || got.Format("15:04") != tt.want {
			t.Errorf("%s: start %v (%s), want %s", tt.name, got, a.Instants.ImpactStart.Evidence, tt.want)
		}
		if c := a.Instants.Change.At; c == nil || c.Format("15:04") != tt.change {
			t.Errorf("%s: change %v, want %s", tt.name, c, tt.change)
		}
	}
}

// TestLabelledLine: a line "Incident Reported: 4:45 AM EST, 8/12/2022"
// whose label the splitter takes off as a heading is still classified by
// the label (devset e-blogrfo-ctscompanies-1).
func TestLabelledLine(t *testing.T) {
	pm := "Incident Reported: 4:45 AM EST, 8/12/2022\nIncident Resolved: 2:00 PM EST, 8/12/2022\n"
	a := One(incident.Incident{Postmortem: &incident.Postmortem{Text: pm}}, Options{})
	if d := a.Instants.Detected.At; d == nil || d.Format(time.RFC3339) != "2022-08-12T09:45:00Z" {
		t.Errorf("detected %v (%s), want 2022-08-12T09:45:00Z", d, a.Instants.Detected.Evidence)
	}
}
