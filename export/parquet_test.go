package export

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/postmortem-dev/postmortem/analyze"
	"github.com/postmortem-dev/postmortem/parse/incident"
)

// pqRow is the Parquet row as a reader (DuckDB, Spark) sees it, written out
// independently of parquetColumns.
type pqRow struct {
	ID                   string     `parquet:"id"`
	Vendor               string     `parquet:"vendor"`
	Title                string     `parquet:"title"`
	Impact               string     `parquet:"impact"`
	Status               string     `parquet:"status"`
	URL                  string     `parquet:"url"`
	Components           []string   `parquet:"components,list"`
	ImpactStart          *time.Time `parquet:"impact_start_at,optional,timestamp(millisecond)"`
	Change               *time.Time `parquet:"change_at,optional,timestamp(millisecond)"`
	Detected             *time.Time `parquet:"detected_at,optional,timestamp(millisecond)"`
	DetectedByAggregator *time.Time `parquet:"detected_by_aggregator_at,optional,timestamp(millisecond)"`
	FirstUpdate          *time.Time `parquet:"first_update_at,optional,timestamp(millisecond)"`
	Identified           *time.Time `parquet:"identified_at,optional,timestamp(millisecond)"`
	Mitigated            *time.Time `parquet:"mitigated_at,optional,timestamp(millisecond)"`
	Resolved             *time.Time `parquet:"resolved_at,optional,timestamp(millisecond)"`
	ImpactEnd            *time.Time `parquet:"impact_end_at,optional,timestamp(millisecond)"`
	Postmortem           *time.Time `parquet:"postmortem_at,optional,timestamp(millisecond)"`
	DetectionLag         *int64     `parquet:"detection_lag_s,optional"`
	TimeToFirstUpdate    *int64     `parquet:"time_to_first_update_s,optional"`
	TimeToIdentify       *int64     `parquet:"time_to_identify_s,optional"`
	TimeToMitigate       *int64     `parquet:"time_to_mitigate_s,optional"`
	TimeToResolve        *int64     `parquet:"time_to_resolve_s,optional"`
	ImpactDuration       *int64     `parquet:"impact_duration_s,optional"`
	CommunicatedDuration *int64     `parquet:"communicated_duration_s,optional"`
	Monitoring           *int64     `parquet:"monitoring_s,optional"`
	TimeToPostmortem     *int64     `parquet:"time_to_postmortem_s,optional"`
	StatedDuration       *int64     `parquet:"stated_duration_s,optional"`
	MedianUpdateGap      *int64     `parquet:"median_update_gap_s,optional"`
	MaxUpdateGap         *int64     `parquet:"max_update_gap_s,optional"`
	Updates              int64      `parquet:"updates"`
	RootCause            string     `parquet:"root_cause"`
	RootCauseTrigger     string     `parquet:"root_cause_trigger"`
	RootCauseEvidence    string     `parquet:"root_cause_evidence"`
	Resolution           string     `parquet:"resolution"`
	ResolutionEvidence   string     `parquet:"resolution_evidence"`
	Scope                string     `parquet:"scope"`
	Accounts             *float64   `parquet:"accounts,optional"`
	Users                *float64   `parquet:"users,optional"`
	FailedTransactions   *float64   `parquet:"failed_transactions,optional"`
	TrafficPercent       *float64   `parquet:"traffic_percent,optional"`
	DataLoss             *bool      `parquet:"data_loss,optional"`
	Warnings             string     `parquet:"warnings"`
	SourcePath           string     `parquet:"source_path"`
	Reader               string     `parquet:"reader"`
	Sources              []string   `parquet:"sources,list"`
}

// fixtureReport analyses every incident of the reader goldens (real
// fixtures), merged, so some rows have several sources.
func fixtureReport(t testing.TB) *analyze.Report {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join("..", "testdata", "parse", "*", "*.golden.json"))
	m := analyze.NewMerger()
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var incs []incident.Incident
		if err := json.Unmarshal(b, &incs); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		for _, inc := range incs {
			m.Add(inc)
		}
	}
	r := analyze.Analyze(m.Incidents(), analyze.Options{Now: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), Zone: time.UTC})
	if len(r.Incidents) < 50 {
		t.Fatalf("only %d incidents", len(r.Incidents))
	}
	return &r
}

// TestParquetEqualsJSONL: the Parquet file read back with parquet-go holds,
// row by row and field by field, what the JSONL output says (nulls kept).
func TestParquetEqualsJSONL(t *testing.T) {
	r := fixtureReport(t)
	var pq, jl bytes.Buffer
	if err := Parquet(&pq, r); err != nil {
		t.Fatal(err)
	}
	if err := JSONL(&jl, r); err != nil {
		t.Fatal(err)
	}
	got, err := parquet.Read[pqRow](bytes.NewReader(pq.Bytes()), int64(pq.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var want []pqRow
	sc := bufio.NewScanner(&jl)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		want = append(want, rowFromJSON(t, sc.Bytes()))
	}
	if len(got) != len(want) {
		t.Fatalf("%d rows, want %d", len(got), len(want))
	}
	nulls, multi := 0, 0
	for i := range want {
		g, w := reflect.ValueOf(got[i]), reflect.ValueOf(want[i])
		for f := 0; f < g.NumField(); f++ {
			if !sameField(g.Field(f), w.Field(f)) {
				t.Errorf("row %d (%s) %s: got %v, want %v", i, want[i].Title, g.Type().Field(f).Name, show(g.Field(f)), show(w.Field(f)))
			}
			if g.Field(f).Kind() == reflect.Pointer && g.Field(f).IsNil() {
				nulls++
			}
		}
		if len(got[i].Sources) > 1 {
			multi++
		}
	}
	if nulls == 0 || multi == 0 {
		t.Errorf("fixtures exercise %d nulls and %d merged rows; want some of each", nulls, multi)
	}
}

// TestParquetColumns: the file has the CSV columns, in order, plus sources.
func TestParquetColumns(t *testing.T) {
	var buf bytes.Buffer
	if err := Parquet(&buf, sampleReport(t)); err != nil {
		t.Fatal(err)
	}
	f, err := parquet.OpenFile(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var got, want []string
	for _, c := range f.Schema().Fields() {
		got = append(got, c.Name())
	}
	for _, c := range Columns() {
		want = append(want, c.Name)
	}
	want = append(want, "sources")
	if !reflect.DeepEqual(got, want) {
		t.Errorf("columns\n got %v\nwant %v", got, want)
	}
	if f.NumRows() != 1 {
		t.Errorf("%d rows", f.NumRows())
	}
}

func sameField(g, w reflect.Value) bool {
	switch v := g.Interface().(type) {
	case *time.Time:
		wt := w.Interface().(*time.Time)
		return (v == nil) == (wt == nil) && (v == nil || v.Equal(*wt))
	case []string:
		return len(v) == 0 && w.Len() == 0 || reflect.DeepEqual(v, w.Interface())
	}
	return reflect.DeepEqual(g.Interface(), w.Interface())
}

func show(v reflect.Value) any {
	if v.Kind() == reflect.Pointer && !v.IsNil() {
		return v.Elem().Interface()
	}
	return v.Interface()
}

// rowFromJSON derives the expected row from one JSONL line, reading the
// JSON generically (METRICS.md field names).
func rowFromJSON(t *testing.T, line []byte) pqRow {
	var m map[string]any
	if err := json.Unmarshal(line, &m); err != nil {
		t.Fatal(err)
	}
	obj := func(v map[string]any, k string) map[string]any { x, _ := v[k].(map[string]any); return x }
	str := func(v map[string]any, k string) string { s, _ := v[k].(string); return s }
	r := pqRow{ID: str(m, "id"), Vendor: str(m, "vendor"), Title: str(m, "title"), Impact: str(m, "impact"),
		Status: str(m, "status"), URL: str(m, "url"), Components: strs(m["components"])}
	at := map[string]**time.Time{"impact_start": &r.ImpactStart, "change": &r.Change, "detected": &r.Detected,
		"detected_by_aggregator": &r.DetectedByAggregator, "first_update": &r.FirstUpdate, "identified": &r.Identified,
		"mitigated": &r.Mitigated, "resolved": &r.Resolved, "impact_end": &r.ImpactEnd, "postmortem": &r.Postmortem}
	for k, dst := range at {
		if s, ok := obj(obj(m, "instants"), k)["at"].(string); ok {
			v, err := time.Parse(time.RFC3339Nano, s)
			if err != nil {
				t.Fatal(err)
			}
			v = v.Truncate(time.Millisecond)
			*dst = &v
		}
	}
	met := obj(m, "metrics")
	secs := map[string]**int64{"detection_lag_s": &r.DetectionLag, "time_to_first_update_s": &r.TimeToFirstUpdate,
		"time_to_identify_s": &r.TimeToIdentify, "time_to_mitigate_s": &r.TimeToMitigate, "time_to_resolve_s": &r.TimeToResolve,
		"impact_duration_s": &r.ImpactDuration, "communicated_duration_s": &r.CommunicatedDuration, "monitoring_s": &r.Monitoring,
		"time_to_postmortem_s": &r.TimeToPostmortem, "stated_duration_s": &r.StatedDuration,
		"median_update_gap_s": &r.MedianUpdateGap, "max_update_gap_s": &r.MaxUpdateGap}
	for k, dst := range secs {
		if f, ok := met[k].(float64); ok {
			n := int64(f)
			*dst = &n
		}
	}
	r.Updates = int64(met["updates"].(float64))
	rc, res := obj(m, "root_cause"), obj(m, "resolution")
	r.RootCause, r.RootCauseTrigger, r.RootCauseEvidence = str(rc, "category"), str(rc, "trigger"), str(rc, "evidence")
	r.Resolution, r.ResolutionEvidence = str(res, "action"), str(res, "evidence")
	scopeRow(t, &r, obj(m, "scope"))
	var codes []string
	for _, w := range m["warnings"].([]any) {
		codes = append(codes, w.(map[string]any)["code"].(string))
	}
	r.Warnings = strings.Join(codes, "; ")
	r.SourcePath, r.Reader = str(obj(m, "source"), "path"), str(obj(m, "source"), "reader")
	r.Sources = []string{r.SourcePath}
	if list, ok := m["sources"].([]any); ok {
		r.Sources = nil
		for _, s := range list {
			r.Sources = append(r.Sources, s.(map[string]any)["path"].(string))
		}
	}
	return r
}

func scopeRow(t *testing.T, r *pqRow, sc map[string]any) {
	fig := func(k string) *float64 {
		if f, ok := sc[k].(map[string]any); ok {
			v := f["value"].(float64)
			return &v
		}
		return nil
	}
	r.Accounts, r.Users, r.FailedTransactions, r.TrafficPercent = fig("accounts"), fig("users"), fig("failed_transactions"), fig("traffic_percent")
	if b, ok := sc["data_loss"].(bool); ok {
		r.DataLoss = &b
	}
	b, _ := json.Marshal(sc)
	var s analyze.Scope
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	r.Scope = ScopeSummary(s)
}

func strs(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}

// BenchmarkParquet writes the fixture report, replicated to 10,000 rows.
func BenchmarkParquet(b *testing.B) {
	r := fixtureReport(b)
	big := &analyze.Report{}
	for len(big.Incidents) < 10_000 {
		big.Incidents = append(big.Incidents, r.Incidents...)
	}
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := Parquet(&buf, big); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(big.Incidents)*b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(buf.Len())/float64(len(big.Incidents)), "bytes/row")
}

// TestParquetWriterStreams: rows written one by one across several batches
// all arrive, in order.
func TestParquetWriterStreams(t *testing.T) {
	r := fixtureReport(t)
	var buf bytes.Buffer
	p := NewParquetWriter(&buf)
	n := 2*parquetBatch + 7
	for i := range n {
		if err := p.Write(&r.Incidents[i%len(r.Incidents)]); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	rows, err := parquet.Read[pqRow](bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != n {
		t.Fatalf("%d rows, want %d", len(rows), n)
	}
	for i, row := range rows {
		if want := r.Incidents[i%len(r.Incidents)]; row.Title != want.Title || row.SourcePath != want.Source.Path {
			t.Fatalf("row %d is %q, want %q", i, row.Title, want.Title)
		}
	}
}
