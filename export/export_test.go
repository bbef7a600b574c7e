package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/postmortem-dev/postmortem/analyze"
	"github.com/postmortem-dev/postmortem/parse/incident"
)

func sampleReport(t *testing.T) *analyze.Report {
	t.Helper()
	at := func(s string) time.Time { v, _ := time.Parse(time.RFC3339, s); return v }
	incs := []incident.Incident{{
		ID: "abc", Vendor: "Acme", Title: "=HYPERLINK(\"http://evil\")", Impact: incident.ImpactMajor,
		Components: []string{"API", "Zürich DC"},
		Updates: []incident.Update{
			{Status: incident.StatusInvestigating, At: at("2024-03-10T08:00:00Z"), Body: "Looking, \"quoted\", into it"},
			{Status: incident.StatusResolved, At: at("2024-03-10T11:16:00Z"), Body: "Fixed.\nSecond line"}},
		Source: incident.Source{Path: "a.json", Reader: "statuspage-json"},
	}}
	r := analyze.Analyze(incs, analyze.Options{Now: at("2024-04-01T00:00:00Z")})
	return &r
}

func TestCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := CSV(&buf, sampleReport(t)); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatalf("not RFC 4180: %v", err)
	}
	if len(recs) != 2 {
		t.Fatalf("%d records, want header + 1", len(recs))
	}
	row := map[string]string{}
	for i, h := range recs[0] {
		row[h] = recs[1][i]
	}
	want := map[string]string{
		"title":                   `'=HYPERLINK("http://evil")`,
		"impact_start_at":         "2024-03-10T08:00:00Z",
		"resolved_at":             "2024-03-10T11:16:00Z",
		"time_to_resolve_s":       "11760",
		"communicated_duration_s": "11760",
		"components":              "API; Zürich DC",
		"identified_at":           "",
	}
	for k, v := range want {
		if row[k] != v {
			t.Errorf("%s = %q, want %q", k, row[k], v)
		}
	}
}

func TestDefuse(t *testing.T) {
	// Text cells only: "-12" from a document is text too (numbers the tool
	// writes are in numeric columns, which are not defused; TestCSVNumbersStayNumbers).
	for in, want := range map[string]string{"=1+1": "'=1+1", "+x": "'+x", "@SUM": "'@SUM", "-12": "'-12", "-2+3": "'-2+3", "-cmd": "'-cmd", "\tx": "'\tx", "\rx": "'\rx", "ok": "ok", "": ""} {
		if got := defuse(in); got != want {
			t.Errorf("defuse(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestJSONFieldNames(t *testing.T) {
	var buf bytes.Buffer
	if err := JSON(&buf, sampleReport(t)); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		SchemaVersion int `json:"schema_version"`
		Incidents     []map[string]json.RawMessage
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.SchemaVersion != analyze.SchemaVersion || len(doc.Incidents) != 1 {
		t.Fatalf("schema %d, %d incidents", doc.SchemaVersion, len(doc.Incidents))
	}
	for _, k := range []string{"id", "vendor", "title", "url", "impact", "status", "components", "updates", "postmortem",
		"source", "instants", "metrics", "root_cause", "resolution", "scope", "corrective_actions", "warnings"} {
		if _, ok := doc.Incidents[0][k]; !ok {
			t.Errorf("incident has no %q key", k)
		}
	}
	var m map[string]any
	_ = json.Unmarshal(doc.Incidents[0]["metrics"], &m)
	if m["time_to_resolve_s"] != 11760.0 {
		t.Errorf("metrics.time_to_resolve_s = %v", m["time_to_resolve_s"])
	}
	var in map[string]map[string]any
	_ = json.Unmarshal(doc.Incidents[0]["instants"], &in)
	if in["resolved"]["at"] != "2024-03-10T11:16:00Z" || in["change"]["at"] != nil {
		t.Errorf("instants = %v", in)
	}
}

func TestTable(t *testing.T) {
	var buf bytes.Buffer
	if err := Table(&buf, sampleReport(t), Options{}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"Acme", "2024-03-10 08:00", "3h16m", "1 incidents; time to resolve: n=1 median 3h16m"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}

// TestWriteFileAtomic: a failing export leaves the previous file intact and
// no temporary file behind.
func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.csv")
	if err := os.WriteFile(path, []byte("previous\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := WriteFile(path, func(w io.Writer) error {
		_, _ = io.WriteString(w, "half a rep")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "previous\n" {
		t.Errorf("file changed to %q", got)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
	if err := WriteFile(path, func(w io.Writer) error { _, err := io.WriteString(w, "new\n"); return err }); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "new\n" {
		t.Errorf("file = %q", got)
	}
}

func TestNew(t *testing.T) {
	for _, n := range Names() {
		if _, err := New(n, Options{}); err != nil {
			t.Errorf("New(%q): %v", n, err)
		}
	}
	if _, err := New("xml", Options{}); err == nil || !strings.Contains(err.Error(), "csv") {
		t.Errorf("New(xml) = %v, want an error listing the formats", err)
	}
}

// TestWriteFileSpecial: a device is written to, never replaced.
func TestWriteFileSpecial(t *testing.T) {
	if err := WriteFile(os.DevNull, func(w io.Writer) error { _, err := io.WriteString(w, "x"); return err }); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(os.DevNull)
	if err != nil || fi.Mode().IsRegular() {
		t.Fatalf("%s is now a regular file (%v)", os.DevNull, err)
	}
}
