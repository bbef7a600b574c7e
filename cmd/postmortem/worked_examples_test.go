package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestWorkedExamples checks that `postmortem analyze -o json` on the bundled
// sample (the two seeds) gives exactly the worked examples of
// shared/design/METRICS.md §7: every instant, metric, category, action,
// scope figure and the warnings listed there. It reads the CLI's JSON, so
// the whole pipeline (readers, timestamp engine, prose rules, export) is
// under test.
func TestWorkedExamples(t *testing.T) {
	ios, out, errb := testIO("")
	if code := run([]string{"analyze", now, "-o", "json", sample}, ios); code != 0 {
		t.Fatalf("exit %d: %s", code, errb)
	}
	var rep struct {
		Incidents []map[string]any `json:"incidents"`
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	byVendor := map[string]map[string]any{}
	for _, inc := range rep.Incidents {
		byVendor[inc["vendor"].(string)] = inc
	}
	t.Run("TrackVia", func(t *testing.T) { trackViaExample(t, byVendor["TrackVia"]) })
	t.Run("TrekkSoft", func(t *testing.T) { trekkSoftExample(t, byVendor["TrekkSoft"]) })
}

// TrackVia, "Commercial Application Scripts" (times MT = America/Denver,
// MDT in July = UTC−6).
func trackViaExample(t *testing.T, inc map[string]any) {
	if inc == nil {
		t.Fatal("no TrackVia incident in the output")
	}
	wantInstants(t, inc, map[string]any{
		"change":       "2024-07-01T19:01:00Z", // 1:01PM deploy
		"impact_start": "2024-07-01T21:00:00Z", // first error, 3:00PM
		"detected":     "2024-07-02T12:47:00Z", // support escalated, 6:47AM
		"first_update": "2024-07-02T14:00:00Z",
		"mitigated":    "2024-07-02T14:00:00Z",
		"resolved":     "2024-07-02T14:00:00Z",
		"postmortem":   "2024-07-02T19:48:00Z",
	})
	wantSource(t, inc, "detected", "postmortem")
	wantMetrics(t, inc, map[string]any{"detection_lag_s": 56820.0, "time_to_resolve_s": 61200.0})
	want(t, inc, "root_cause.category", "code-change")
	wantContains(t, inc, "root_cause.trigger", "23.43 release")
	wantContains(t, inc, "root_cause.evidence", "threading model")
	want(t, inc, "resolution.action", "rollback")
	wantContains(t, inc, "resolution.evidence", "config parameter")
	wantContains(t, inc, "resolution.evidence", "legacy")
	want(t, inc, "scope.accounts.value", 84.0)
	want(t, inc, "scope.failed_transactions.value", 3212.0)
	want(t, inc, "scope.traffic_percent.value", 0.04)
	want(t, inc, "scope.data_loss", false)
	wantContains(t, inc, "scope.data_loss_evidence", "No data corruption was identified")
	if acts, _ := inc["corrective_actions"].([]any); len(acts) != 3 {
		t.Errorf("corrective_actions = %v, want the 3 listed measures", acts)
	}
	wantWarning(t, inc, "resolved_only")
}

// TrekkSoft via Pingoru (CET in February = UTC+1).
func trekkSoftExample(t *testing.T, inc map[string]any) {
	if inc == nil {
		t.Fatal("no TrekkSoft incident in the output")
	}
	wantInstants(t, inc, map[string]any{
		"impact_start":           "2024-02-15T10:30:00Z", // postmortem "11:30 AM CET"
		"first_update":           "2024-02-15T11:00:00Z",
		"detected":               "2024-02-15T11:00:00Z",
		"detected_by_aggregator": "2024-02-15T11:00:00Z",
		"mitigated":              "2024-02-15T11:42:00Z", // monitoring
		"resolved":               "2024-02-15T14:16:00Z",
		"postmortem":             "2024-02-19T09:33:00Z",
	})
	wantSource(t, inc, "impact_start", "postmortem")
	wantSource(t, inc, "detected", "derived")
	wantMetrics(t, inc, map[string]any{
		"detection_lag_s":         1800.0,
		"time_to_mitigate_s":      4320.0,
		"time_to_resolve_s":       13560.0,
		"communicated_duration_s": 11760.0, // the page's "3h 16m"
		"stated_duration_s":       3600.0,  // "Incident Duration: Approximately 1 hour", not Pingoru's "lasting 3h 16m"
	})
	want(t, inc, "root_cause.category", "code-change")
	wantContains(t, inc, "root_cause.evidence", "a bug fix caused an unexpected slowdown of our database")
	want(t, inc, "resolution.action", "rollback")
	wantContains(t, inc, "resolution.evidence", "rolling back the release")
	wantWarning(t, inc, "stated_duration_mismatch")
}

// jsonAt walks a dotted path through decoded JSON.
func jsonAt(v any, path string) any {
	for _, key := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[key]
	}
	return v
}

func want(t *testing.T, inc map[string]any, path string, w any) {
	t.Helper()
	if got := jsonAt(inc, path); got != w {
		t.Errorf("%s = %v, want %v", path, got, w)
	}
}

func wantContains(t *testing.T, inc map[string]any, path, sub string) {
	t.Helper()
	got, _ := jsonAt(inc, path).(string)
	if !strings.Contains(got, sub) {
		t.Errorf("%s = %q, want it to contain %q", path, got, sub)
	}
}

func wantInstants(t *testing.T, inc map[string]any, w map[string]any) {
	t.Helper()
	for name, at := range w {
		want(t, inc, "instants."+name+".at", at)
		if ev, _ := jsonAt(inc, "instants."+name+".evidence").(string); ev == "" {
			t.Errorf("instants.%s has no evidence", name)
		}
	}
}

func wantSource(t *testing.T, inc map[string]any, name, src string) {
	t.Helper()
	want(t, inc, "instants."+name+".source", src)
}

func wantMetrics(t *testing.T, inc map[string]any, w map[string]any) {
	t.Helper()
	for name, v := range w {
		want(t, inc, "metrics."+name, v)
	}
}

func wantWarning(t *testing.T, inc map[string]any, code string) {
	t.Helper()
	ws, _ := inc["warnings"].([]any)
	for _, w := range ws {
		if jsonAt(w, "code") == code {
			return
		}
	}
	t.Errorf("no %q warning in %v", code, ws)
}
