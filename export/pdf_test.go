package export

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/postmortem-dev/postmortem/analyze"
	"github.com/postmortem-dev/postmortem/parse/incident"
)

// reportOf builds a two-vendor report with non-ASCII text, a URL and
// evidence, so the PDF and Markdown tests see every kind of section.
func reportOf(t *testing.T) *analyze.Report {
	t.Helper()
	at := func(s string) time.Time { v, _ := time.Parse(time.RFC3339, s); return v }
	mk := func(vendor, title, start, end string, impact incident.Impact) incident.Incident {
		return incident.Incident{Vendor: vendor, Title: title, Impact: impact, URL: "https://status.example.com/incidents/" + vendor,
			Updates: []incident.Update{
				{Status: incident.StatusInvestigating, At: at(start), Body: "Looking into it"},
				{Status: incident.StatusResolved, At: at(end), Body: "Fixed."}},
			Source: incident.Source{Path: vendor + ".json", Reader: "statuspage-json"}}
	}
	r := analyze.Analyze([]incident.Incident{
		mk("Zürich Cloud", "API errors | “quoted” – ✓", "2024-07-10T08:00:00Z", "2024-07-10T11:16:00Z", incident.ImpactMajor),
		mk("Acme", "Slow dashboards", "2024-08-01T10:00:00Z", "2024-08-01T10:30:00Z", incident.ImpactMinor),
		mk("Acme", "Planned upgrade", "2024-08-05T01:00:00Z", "2024-08-05T02:00:00Z", incident.ImpactMaintenance),
	}, analyze.Options{Now: at("2024-10-02T00:00:00Z")})
	for i := range r.Incidents {
		if r.Incidents[i].Vendor == "Zürich Cloud" {
			r.Incidents[i].RootCause = analyze.RootCause{Category: "network", Evidence: "caused by a BGP route leak"}
		}
	}
	return &r
}

func TestPDF(t *testing.T) {
	r := reportOf(t)
	var a, b bytes.Buffer
	if err := PDF(&a, r, Options{}); err != nil {
		t.Fatal(err)
	}
	if err := PDF(&b, r, Options{}); err != nil {
		t.Fatal(err)
	}
	out := a.Bytes()
	if !bytes.HasPrefix(out, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", out[:min(len(out), 16)])
	}
	if !bytes.Equal(out, b.Bytes()) {
		t.Error("two renderings of one report differ")
	}
	for _, s := range []string{"/URI (https://status.example.com/incidents/Acme)", "/Outlines", "/FontFile2"} {
		if !bytes.Contains(out, []byte(s)) {
			t.Errorf("PDF lacks %s", s)
		}
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed (apt-get install poppler-utils); text not checked")
	}
	cmd := exec.Command("pdftotext", "-layout", "-", "-")
	cmd.Stdin = bytes.NewReader(out)
	text, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"Vendor reliability report", "2024Q3", "Zürich Cloud", "“quoted” – ✓",
		"Vendor scorecard", "All vendors", "“caused by a BGP route leak”", "Page 1 of", "Appendix", "major-down"} {
		if !strings.Contains(string(text), s) {
			t.Errorf("PDF text lacks %q", s)
		}
	}
}

func TestPDFEmptyReport(t *testing.T) {
	r := analyze.Analyze(nil, analyze.Options{Now: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)})
	var buf bytes.Buffer
	if err := PDF(&buf, &r, Options{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Error("no PDF for an empty report")
	}
}

func TestViewDetails(t *testing.T) {
	r := reportOf(t)
	tests := []struct {
		opt  int
		want int
	}{{0, 3}, {-1, 0}, {1, 1}}
	for _, tt := range tests {
		v := BuildView(r, Options{Details: tt.opt})
		if len(v.Details) != tt.want {
			t.Errorf("Details %d: %d sections, want %d", tt.opt, len(v.Details), tt.want)
		}
	}
	// With a cap of one, the most severe incident is the one shown.
	if v := BuildView(r, Options{Details: 1}); v.Details[0].Vendor != "Zürich Cloud" {
		t.Errorf("capped details picked %s", v.Details[0].Vendor)
	}
	v := BuildView(r, Options{})
	if got := v.Scorecard.Rows[0][0]; got != "Acme" || v.Scorecard.Rows[2][0] != "All vendors" {
		t.Errorf("scorecard rows %q", v.Scorecard.Rows)
	}
}
