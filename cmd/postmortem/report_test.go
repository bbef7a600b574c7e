package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/postmortem-dev/postmortem/analyze"
	"github.com/postmortem-dev/postmortem/export"
	"github.com/postmortem-dev/postmortem/parse/incident"
)

const (
	sharedCorpus = "../../../shared/corpus"
	sharedSeeds  = "../../../shared/seeds"
)

// needTool skips the test when a poppler tool is missing (CI installs
// poppler-utils, see .ci/run).
func needTool(t testing.TB, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("%s not installed (apt-get install poppler-utils); skipping the PDF check", name)
	}
}

func needCorpus(t testing.TB) {
	t.Helper()
	if _, err := os.Stat(sharedCorpus); err != nil {
		t.Skipf("%s absent: the shared corpus is not checked out here", sharedCorpus)
	}
}

// jsonReport is the part of the JSON output the test reads itself.
type jsonReport struct {
	Incidents []struct {
		Vendor     string          `json:"vendor"`
		Postmortem json.RawMessage `json:"postmortem"`
		Instants   struct {
			Postmortem struct {
				At *time.Time `json:"at"`
			} `json:"postmortem"`
		} `json:"instants"`
		Metrics struct {
			TTR *int64 `json:"time_to_resolve_s"`
		} `json:"metrics"`
	} `json:"incidents"`
}

// scoreFigures are the scorecard figures the test computes independently.
type scoreFigures struct {
	count         int
	median, p90   string
	postmortemPct string
}

// pct is the p-th percentile by linear interpolation between closest
// ranks, rounded half up: the definition in the PDF's appendix.
func pct(sorted []int64, p float64) int64 {
	if len(sorted) == 1 {
		return sorted[0]
	}
	rank := p / 100 * float64(len(sorted)-1)
	lo := int(rank)
	if lo >= len(sorted)-1 {
		return sorted[len(sorted)-1]
	}
	v := float64(sorted[lo]) + (rank-float64(lo))*float64(sorted[lo+1]-sorted[lo])
	return int64(v + 0.5)
}

func expectedScores(t *testing.T, path string) map[string]scoreFigures {
	var r jsonReport
	if err := json.Unmarshal([]byte(readFile(t, path)), &r); err != nil {
		t.Fatal(err)
	}
	ttr, pm, n := map[string][]int64{}, map[string]int{}, map[string]int{}
	for _, inc := range r.Incidents {
		for _, key := range []string{inc.Vendor, "\x00all"} {
			n[key]++
			if inc.Metrics.TTR != nil {
				ttr[key] = append(ttr[key], *inc.Metrics.TTR)
			}
			if inc.Instants.Postmortem.At != nil || (len(inc.Postmortem) > 0 && string(inc.Postmortem) != "null") {
				pm[key]++
			}
		}
	}
	out := map[string]scoreFigures{}
	for v, count := range n {
		f := scoreFigures{count: count, median: "—", p90: "—",
			postmortemPct: fmt.Sprintf("%.0f%%", 100*float64(pm[v])/float64(count))}
		if vals := ttr[v]; len(vals) > 0 {
			sort.Slice(vals, func(i, j int) bool { return vals[i] < vals[j] })
			f.median, f.p90 = analyze.Human(pct(vals, 50)), analyze.Human(pct(vals, 90))
		}
		out[v] = f
	}
	return out
}

func pdfText(t *testing.T, pdf string) string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// scorecardRow finds the scorecard line of a vendor in pdftotext output:
// the line that starts with the vendor name (or the start of it, when the
// cell wraps) and returns the cells after the name.
func scorecardRow(text, name string) []string {
	block := text[strings.Index(text, "Vendor scorecard"):strings.Index(text, "Quarter over quarter")]
	prefix := name
	if r := []rune(name); len(r) > 12 {
		prefix = string(r[:12])
	}
	re := regexp.MustCompile(`^\s*` + regexp.QuoteMeta(prefix) + `.*?\s{2,}(\d+\s.*)$`)
	for _, line := range strings.Split(block, "\n") {
		if m := re.FindStringSubmatch(line); m != nil {
			return strings.Fields(m[1])
		}
	}
	return nil
}

// TestReportCorpus builds the report from every incident the corpus, the
// seeds and the sample yield, and checks the PDF's scorecard against
// figures computed here from the JSON output, the charts' axis labels and
// legends, and that every page renders.
func TestReportCorpus(t *testing.T) {
	needCorpus(t)
	needTool(t, "pdftotext")
	needTool(t, "pdftoppm")
	dir := t.TempDir()
	js, pdf, md := filepath.Join(dir, "r.json"), filepath.Join(dir, "r.pdf"), filepath.Join(dir, "r.md")
	ios, _, errb := testIO("")
	code := run([]string{"analyze", now, "-q", "-o", "json=" + js, "-o", "pdf=" + pdf, "-o", "md=" + md,
		sharedCorpus, sharedSeeds, sample}, ios)
	if code != exitOK && code != exitFail {
		t.Fatalf("exit %d: %s", code, errb)
	}
	want := expectedScores(t, js)
	text := pdfText(t, pdf)
	for vendor, f := range want {
		name := export.VendorName(vendor)
		if vendor == "\x00all" {
			name = "All vendors"
		}
		cells := scorecardRow(text, name)
		if len(cells) < 8 {
			t.Errorf("%s: no scorecard row in the PDF text", name)
			continue
		}
		// incidents, impact h, TTR median, TTR p90, detect lag, 1st update, postmortem share
		got := scoreFigures{count: atoi(cells[0]), median: cells[2], p90: cells[3], postmortemPct: cells[6]}
		if got != f {
			t.Errorf("%s: scorecard %+v, computed from JSON %+v (cells %q)", name, got, f, cells)
		}
	}
	checkCharts(t, text)
	renderPages(t, pdf, dir)
	mdText := readFile(t, md)
	for _, s := range []string{"## Vendor scorecard", "| All vendors |", "## Appendix: definitions"} {
		if !strings.Contains(mdText, s) {
			t.Errorf("markdown lacks %q", s)
		}
	}
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// checkCharts checks that every chart has its title, axis labels and legend.
func checkCharts(t *testing.T, text string) {
	t.Helper()
	charts := []struct {
		title  string
		labels []string
	}{
		{"Incidents per vendor by root cause", []string{"vendor", "incidents", "Legend:"}},
		{"Time to resolve per vendor", []string{"vendor", "time to resolve (log scale", "one incident", "median", "p90"}},
		{"Timeline: incidents per vendor by impact", []string{"vendor", "impact start (UTC)", "critical", "major", "minor", "maintenance"}},
		{"Trend: incidents per", []string{"incidents", "of impact start (UTC)", "Legend:", "critical"}},
	}
	for i, c := range charts {
		start := strings.Index(text, c.title)
		if start < 0 {
			t.Errorf("chart %q missing", c.title)
			continue
		}
		end := len(text)
		if i+1 < len(charts) {
			if e := strings.Index(text, charts[i+1].title); e > start {
				end = e
			}
		} else if e := strings.Index(text[start:], "Incident details"); e > 0 {
			end = start + e
		}
		part := text[start:end]
		for _, l := range append(c.labels, "Legend:") {
			if !strings.Contains(part, l) {
				t.Errorf("chart %q lacks %q", c.title, l)
			}
		}
	}
}

// renderPages renders every page with pdftoppm and checks it produced one
// image per page without complaint.
func renderPages(t *testing.T, pdf, dir string) {
	t.Helper()
	var stderr bytes.Buffer
	cmd := exec.Command("pdftoppm", "-r", "50", "-png", pdf, filepath.Join(dir, "page"))
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil || stderr.Len() > 0 {
		t.Fatalf("pdftoppm: %v %s", err, stderr.String())
	}
	pngs, _ := filepath.Glob(filepath.Join(dir, "page-*.png"))
	info, err := exec.Command("pdfinfo", pdf).Output()
	if err != nil {
		t.Skipf("pdfinfo: %v", err)
	}
	m := regexp.MustCompile(`Pages:\s+(\d+)`).FindSubmatch(info)
	if m == nil || atoi(string(m[1])) != len(pngs) {
		t.Errorf("%d pages rendered; pdfinfo says %s", len(pngs), m)
	}
}

// TestReportDeterministic: the same input and --now give the same bytes.
func TestReportDeterministic(t *testing.T) {
	dir := t.TempDir()
	var outs [2][]byte
	for i := range outs {
		p := filepath.Join(dir, fmt.Sprintf("r%d.pdf", i))
		ios, _, errb := testIO("")
		if code := run([]string{"analyze", now, "-o", "pdf=" + p, sample}, ios); code != exitOK {
			t.Fatalf("exit %d: %s", code, errb)
		}
		outs[i] = []byte(readFile(t, p))
	}
	if !bytes.HasPrefix(outs[0], []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", outs[0][:min(20, len(outs[0]))])
	}
	if !bytes.Equal(outs[0], outs[1]) {
		t.Error("two runs with the same input and --now differ")
	}
}

// TestReportFlags covers the report flags end to end.
func TestReportFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		exit    int
		errHas  string
		vendors int // incidents in the JSON output; -1: not checked
	}{
		{"pdf to stdout", []string{"-o", "pdf"}, 2, "pdf output needs a file: -o pdf=report.pdf", -1},
		{"quarter", []string{"--quarter", "2024Q3", "-o", "json"}, 0, "", 1},
		{"vendor", []string{"--vendor", "TREKKSOFT", "-o", "json"}, 0, "", 1},
		{"two vendors", []string{"--vendor", "trekksoft", "--vendor", "trackvia", "-o", "json"}, 0, "", 2},
		{"since until", []string{"--since", "2024-03-01", "--until", "2024-12-31T00:00:00Z", "-o", "json"}, 0, "", 1},
		{"any-impact", []string{"--uptime-method", "any-impact", "-o", "json"}, 0, "", 2},
		{"bad quarter", []string{"--quarter", "2024Q5"}, 2, "--quarter", -1},
		{"bad since", []string{"--since", "yesterday"}, 2, "--since", -1},
		{"bad method", []string{"--uptime-method", "nines"}, 2, "unknown uptime method", -1},
		{"md to stdout", []string{"--details", "0", "-o", "md"}, 0, "", -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ios, out, errb := testIO("")
			code := run(append(append([]string{"analyze", now}, tt.args...), sample), ios)
			if code != tt.exit || !strings.Contains(errb.String(), tt.errHas) {
				t.Fatalf("exit %d (want %d), stderr %q (want %q)", code, tt.exit, errb, tt.errHas)
			}
			if tt.vendors >= 0 {
				var r analyze.Report
				if err := json.Unmarshal(out.Bytes(), &r); err != nil {
					t.Fatal(err)
				}
				if len(r.Incidents) != tt.vendors {
					t.Errorf("%d incidents, want %d", len(r.Incidents), tt.vendors)
				}
			}
		})
	}
}

// replicate makes n incidents from base, each copy shifted by whole weeks
// so the report spans several years.
func replicate(base []incident.Incident, n int) []incident.Incident {
	out := make([]incident.Incident, n)
	shift := func(t time.Time, d time.Duration) time.Time {
		if t.IsZero() {
			return t
		}
		return t.Add(d)
	}
	for i := range out {
		inc := base[i%len(base)]
		d := time.Duration(i/len(base)) * 7 * 24 * time.Hour
		inc.ID = fmt.Sprintf("%s-copy%d", inc.ID, i)
		inc.Updates = append([]incident.Update(nil), inc.Updates...)
		for k := range inc.Updates {
			inc.Updates[k].At = shift(inc.Updates[k].At, d)
		}
		if inc.Postmortem != nil {
			pm := *inc.Postmortem
			pm.At = shift(pm.At, d)
			inc.Postmortem = &pm
		}
		inc.Page.Started.At = shift(inc.Page.Started.At, d)
		inc.Page.Resolved.At = shift(inc.Page.Resolved.At, d)
		inc.Page.DetectedByAggregator.At = shift(inc.Page.DetectedByAggregator.At, d)
		out[i] = inc
	}
	return out
}

// vmHWM is the process's peak resident memory in MB (Linux), else 0.
func vmHWM() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	m := regexp.MustCompile(`VmHWM:\s+(\d+) kB`).FindSubmatch(data)
	if m == nil {
		return 0
	}
	kb, _ := strconv.ParseFloat(string(m[1]), 64)
	return kb / 1024
}

// BenchmarkReport10k analyses 10,000 incidents (corpus and sample incidents
// replicated with shifted dates) and writes the PDF report. It reports the
// peak heap and the process's peak RSS.
func BenchmarkReport10k(b *testing.B) {
	paths := []string{sample}
	if _, err := os.Stat(sharedCorpus); err == nil {
		paths = append(paths, sharedCorpus, sharedSeeds)
	}
	ios, _, _ := testIO("")
	ios.Err = io.Discard
	res := load(paths, readOptions{quiet: true}, ios)
	incs := replicate(res.incidents, 10000)
	res = loadResult{}
	runtime.GC()
	var peakHeap uint64
	var analyzeT, pdfT time.Duration
	b.ResetTimer()
	for b.Loop() {
		t0 := time.Now()
		r := analyze.Analyze(incs, analyze.Options{Now: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)})
		t1 := time.Now()
		if err := export.PDF(io.Discard, &r, export.Options{}); err != nil {
			b.Fatal(err)
		}
		analyzeT, pdfT = analyzeT+t1.Sub(t0), pdfT+time.Since(t1)
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		peakHeap = max(peakHeap, ms.HeapSys)
	}
	b.ReportMetric(float64(peakHeap)/(1<<20), "heap-sys-MB")
	b.ReportMetric(vmHWM(), "peak-rss-MB")
	b.ReportMetric(analyzeT.Seconds()/float64(b.N), "analyze-s/op")
	b.ReportMetric(pdfT.Seconds()/float64(b.N), "pdf-s/op")
}
