package main

// Accuracy harness over the labelled public benchmarks of
// shared/benchmarks (see its README.md for each set and how to score it
// comparably). Every report goes through the tool's OWN readers
// (parse.Read) and analyze.One, exactly as a user's file would; nothing
// here extracts anything itself. The benchmark data is never copied into
// the repository: the test reads it from ../../../shared/benchmarks and is
// skipped when that directory is absent.
//
//	go test ./cmd/postmortem -run TestAccuracy -v
//
// prints the score tables; floors a little under the measured scores make
// a regression fail.

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/postmortem-dev/postmortem/analyze"
	"github.com/postmortem-dev/postmortem/parse"
	"github.com/postmortem-dev/postmortem/parse/incident"
	"github.com/postmortem-dev/postmortem/parse/incident/when"
)

const benchDir = "../../../shared/benchmarks"

// benchRows reads one incidents.jsonl, skipping the test when the
// benchmarks are not there.
func benchRows(tb testing.TB, set string) []map[string]any {
	tb.Helper()
	f, err := os.Open(filepath.Join(benchDir, set, "incidents.jsonl"))
	if os.IsNotExist(err) {
		tb.Skipf("%s not present: accuracy harness skipped", benchDir)
	}
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var rows []map[string]any
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var r map[string]any
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			tb.Fatal(err)
		}
		rows = append(rows, r)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return rows
}

// str reads a string column; JSON null and missing are "".
func str(r map[string]any, k string) string {
	s, _ := r[k].(string)
	return s
}

// readOne runs the tool's reader pipeline on a document and analyses the
// first incident it yields. reader "" lets detection choose.
func readOne(name string, data []byte, reader string) (analyze.Analysis, error) {
	incs, err := parse.Read(&parse.Input{Name: name, Data: data}, reader)
	if len(incs) == 0 {
		if err == nil {
			err = fmt.Errorf("no incident")
		}
		return analyze.Analysis{}, err
	}
	return analyze.One(incs[0], analyze.Options{}), nil
}

// score counts hits over rows.
type score struct{ hit, n int }

func (s *score) add(ok bool) {
	s.n++
	if ok {
		s.hit++
	}
}

func (s score) pct() float64 {
	if s.n == 0 {
		return 0
	}
	return math.Round(10000*float64(s.hit)/float64(s.n)) / 100
}

func (s score) String() string { return fmt.Sprintf("%6.2f (%d/%d)", s.pct(), s.hit, s.n) }

// parseUTC reads a benchmark's normalised RFC 3339 time.
func parseUTC(s string) (time.Time, bool) {
	t, err := time.Parse(time.RFC3339, s)
	return t, err == nil
}

// stated reports whether an instant was stated in the text (postmortem or
// update prose), not a fallback from the page or the first update.
func stated(in incident.Instant, a analyze.Analysis) bool {
	if in.At == nil || in.Source == incident.SourceDerived || in.Source == incident.SourcePage {
		return false
	}
	// an update-sourced start equal to the first update is the fallback
	return !(in.Source == incident.SourceStatusUpdate && a.Instants.FirstUpdate.At != nil &&
		in.Evidence == a.Instants.FirstUpdate.Evidence)
}

// answer is the tool's answer for a labelled time, by one rule for every
// row (never looking at the label). The scored answer is the instant as
// the tool outputs it, with the fallbacks of METRICS.md §1 (the first
// post for the start, the status change for the end): the labels do the
// same when a report states no time (gcp-r996's start is its first
// update, gcp-r1870's end its resolve post). "Stated only" (prose and
// postmortem instants, no fallback) is printed beside it.
func answer(in incident.Instant, a analyze.Analysis, fallback bool) (time.Time, bool) {
	if in.At == nil || !(fallback || stated(in, a)) {
		return time.Time{}, false
	}
	return *in.At, true
}

// timeScore compares an answer with a label: exact to the minute and
// within 5 minutes. A null label ("UNKNOWN": the report states no time) is
// a hit when the tool gives no answer either.
func timeScore(got time.Time, ok bool, label string, exact, near *score) {
	want, has := parseUTC(label)
	if !has || !ok {
		exact.add(has == ok)
		near.add(has == ok)
		return
	}
	// minute resolution: GCP labels carry the seconds of an update's
	// created time, the reports' prose gives whole minutes
	d := got.Truncate(time.Minute).Sub(want.Truncate(time.Minute))
	exact.add(d == 0)
	near.add(d.Abs() <= 5*time.Minute)
}

// zoneOf is the report's timezone as the tool read it, as the labels
// write it ("the abbreviation in the report"): the zone written next to the
// stated start (or end), else the first zone named in the report's prose
// (postmortem, update bodies), else the document's zone from the reader;
// machine stamps ("2017-04-28T00:02:35Z") are not the report's zone. A
// generic or IANA name is shown as the abbreviation in force at the start
// ("US/Pacific" in July is "PDT"); a zone the text defines with an offset
// ("CST (UTC+8)") keeps its abbreviation. The location is the one the
// times are shown in for the exact-match strings.
func zoneOf(a analyze.Analysis) (string, *time.Location) {
	at := a.Instants.ImpactStart.At
	var z string
	var off *int
	for _, in := range []incident.Instant{a.Instants.ImpactStart, a.Instants.ImpactEnd} {
		if stated(in, a) {
			if m, ok := firstZone(in.Evidence, at); ok {
				z, off = m.Result.Zone, &m.Result.Offset
				break
			}
		}
	}
	if z == "" {
		texts := []string{}
		if a.Postmortem != nil {
			texts = append(texts, a.Postmortem.Text)
		}
		for _, u := range a.Updates {
			texts = append(texts, u.Body)
		}
		for _, text := range texts {
			if m, ok := firstZone(text, at); ok {
				z = m.Result.Zone
				break
			}
		}
	}
	if z == "" {
		z = a.Zone
	}
	if z == "" || at == nil {
		return "UNKNOWN", nil
	}
	loc, _, err := when.LookupZone(z)
	if z == "CST" && off != nil && *off != 8*3600 && cstChina(a) { // the tool's own rule (analyze.CSTIsChina)
		off = new(int)
		*off = 8 * 3600
	}
	if off != nil && (err != nil || loc == nil || offsetAt(loc, *at) != *off) {
		loc = time.FixedZone(z, *off) // the text's own meaning of the abbreviation
	}
	if loc == nil {
		return z, nil
	}
	if len(z) > 4 || z == "MT" || z == "PT" || z == "ET" || z == "CT" {
		return at.In(loc).Format("MST"), loc
	}
	return z, loc
}

func cstChina(a analyze.Analysis) bool {
	texts := []string{}
	if a.Postmortem != nil {
		texts = append(texts, a.Postmortem.Text)
	}
	for _, u := range a.Updates {
		texts = append(texts, u.Body)
	}
	return analyze.CSTIsChina(texts...)
}

func offsetAt(loc *time.Location, t time.Time) int {
	_, off := t.In(loc).Zone()
	return off
}

// firstZone is the first time in text written with its own zone. A
// time-only string ("as of 20:02 US/Pacific") takes its date from at.
func firstZone(text string, at *time.Time) (when.Match, bool) {
	c := when.Context{}
	if at != nil {
		c.Date, c.Ref = *at, *at
	}
	for _, m := range when.Scan(text, c) {
		if m.Err == nil && m.Result.ZoneFrom == when.FromExplicit {
			return m, true
		}
	}
	return when.Match{}, false
}

// llmBest returns the best published exact-match accuracy for a field of
// one dataset in llm_accuracy.csv, with the run that reached it.
func llmBest(tb testing.TB, dataset, field string) (float64, string) {
	recs := readCSV(tb, filepath.Join(benchDir, "cloud-incident-extraction", "llm_accuracy.csv"))
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	best, who := -1.0, ""
	for _, r := range recs[1:] {
		if r[col["dataset"]] != dataset || r[col["field"]] != field || r[col["metric"]] != "exact_match" ||
			r[col["statistic"]] != "accuracy" || strings.HasPrefix(r[col["prompt"]], "strategy") {
			continue
		}
		var v float64
		fmt.Sscan(r[col["value"]], &v)
		if v > best {
			best, who = v, r[col["model"]]+" "+r[col["prompt"]]
		}
	}
	return best, who
}

// floor fails the test when a measured score drops under its floor.
func floor(t *testing.T, what string, s score, min float64) {
	t.Helper()
	if s.pct() < min {
		t.Errorf("%s: %.2f is under the floor %.2f", what, s.pct(), min)
	}
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// showMisses lists every missed row (PM_ACCURACY_MISSES=1), to audit
// labels and rules.
var showMisses = os.Getenv("PM_ACCURACY_MISSES") != ""

// --- cloud-incident-extraction ----------------------------------------------

// cieDoc builds the document the tool reads for one row, per provider, from
// exactly the columns the README says the LLMs were given:
//   - AWS: the row is one event of the AWS Health Dashboard data.json, so it
//     is wrapped in that file's shape ({"archive":[{service_name, summary,
//     date, status, description}]}), `date` being first_post_utc (the raw
//     event's own `date` field: its first post). Read by detection (aws-json).
//   - Azure: the description is one item of the Azure status history page
//     (HTML). No reader knows that page, so its visible text is read as a
//     pasted RCA by the postmortem-text reader.
//   - GCP: the description is the Python repr of the incident's updates in
//     the GCP incidents.json; it is turned back into JSON and wrapped in that
//     file's shape with external_desc and service_name. The page's own
//     event times (vendor_event_*_utc) are NOT given (begin and end are
//     null): the README says to feed exactly service + description +
//     external_description, as the LLMs got. Read by detection (gcp-json).
func cieDoc(r map[string]any) ([]byte, string, error) {
	switch str(r, "dataset") {
	case "aws":
		t, _ := parseUTC(str(r, "first_post_utc"))
		ev := map[string]any{"service_name": str(r, "service"), "service": "benchmark", "summary": str(r, "status"),
			"date": fmt.Sprint(t.Unix()), "status": "0", "details": "", "description": str(r, "description")}
		b, err := json.Marshal(map[string]any{"archive": []any{ev}, "current": []any{}})
		return b, "", err
	case "azure":
		return parse.VisibleText([]byte(str(r, "description"))), "postmortem-text", nil
	}
	ups := []byte("[]") // two rows have no updates, only the external description
	if d := str(r, "description"); strings.TrimSpace(d) != "" {
		var err error
		if ups, err = pyToJSON(d); err != nil {
			return nil, "", err
		}
	}
	inc := map[string]any{"id": str(r, "id"), "number": "1", "begin": nil, "end": nil, "external_desc": str(r, "external_description"),
		"service_name": str(r, "service"), "updates": json.RawMessage(ups)}
	b, err := json.Marshal([]any{inc})
	return b, "", err
}

// azureCategory maps our 15 root-cause categories (METRICS.md §4) onto
// the 7 of the cloud-incident-extraction labels, by the authors' own
// definitions: DEPLOY is "a faulty deployment or update, or a hardware or
// software bug"; CONFIG "wrong configuration"; OVERLOAD "traffic above
// capacity, or load imbalance"; EXTERNAL "a third-party outage, a power
// outage or another external cause"; MAINTAIN "maintenance that caused
// trouble"; OTHERS anything else (e.g. human error). Hardware splits by
// what the evidence names: power, utility, generator, UPS, cooling or a
// fibre cut is EXTERNAL (their examples), a faulty device is DEPLOY (a
// hardware bug). Network and storage faults, auth, expiry, automation and
// human error are OTHERS; attacks are EXTERNAL.
func azureCategory(rc analyze.RootCause) string {
	switch rc.Category {
	case "code-change":
		return "DEPLOY"
	case "config-change":
		return "CONFIG"
	case "maintenance":
		return "MAINTAIN"
	case "capacity":
		return "OVERLOAD"
	case "dependency", "natural-disaster", "security":
		return "EXTERNAL"
	case "hardware":
		if externalHardware.MatchString(rc.Evidence) {
			return "EXTERNAL"
		}
		return "DEPLOY"
	case "network":
		if externalHardware.MatchString(rc.Evidence) {
			return "EXTERNAL"
		}
		return "OTHERS"
	case "undisclosed", "":
		return "UNKNOWN"
	}
	return "OTHERS"
}

// cieScores are the per-provider scores of the cloud-incident-extraction
// set; each score has an "all rows" and a "clean" version (without the
// rows whose label is documented wrong, wrongLabel).
type cieScores struct {
	start, start5, startStated, end, end5, endStated, emStart, emEnd, tz, rc [2]score
}

func (s *cieScores) add(x *[2]score, clean, ok bool) {
	x[0].add(ok)
	if clean {
		x[1].add(ok)
	}
}

// wrongLabel lists rows whose time, zone or root-cause label contradicts
// the report text or the set's own label definitions (checked by hand
// against the text; see the README of the set for the AWS AM/PM rows). The scores are printed with and without them; the
// comparison with the LLM anchors uses all rows.
var wrongLabel = map[string]string{
	"aws-r244": "README: 12:xx AM/PM label 12 h off", "aws-r289": "README: 12:xx AM/PM label 12 h off",
	"aws-r349": "README: 12:xx AM/PM label 12 h off", "aws-r480": "README: 12:xx AM/PM label 12 h off",
	"aws-r523": "README: 12:xx AM/PM label 12 h off", "aws-r637": "README: 12:xx AM/PM label 12 h off",
	"aws-r18":   "README: start is the posting time, not the impact start",
	"aws-r180":  "label start 04:18Z is a posting time; the report says 'Beginning at 8:36 PM PDT' (03:36Z), the aws-r18 pattern",
	"aws-r432":  "label 00:15-02:59 PDT; the report says between 9:37 AM PST and 5:20 PM PST",
	"aws-r460":  "label end 13:36; the report says until 1:56 PM PST",
	"gcp-r1427": "label year 2020; the report says 2022-10-27 10:45 US/Pacific",
	"gcp-r1000": "start and end swapped: the report says from 21:08 to 22:43 US/Pacific",
	"gcp-r1462": "labels month 10; the report says Incident Start 15 Dec 2022 18:30, Incident End 20 Dec 2022 09:54",
	"gcp-r1437": "labels month 10; the report says Incident Start/End 09 December 2022 04:50/07:55",
	"gcp-r1436": "labels month 10; the report says Incident Start/End 09 December 2022 04:50/07:55",
	"azure-r12": "report writes 03:45-06:00 CST (China regions); label says UTC with the same wall clock",
	"azure-r47": "root cause OTHERS; the label's own cause is 'A race condition in the underlying RPC mechanism' (a software bug: DEPLOY by the set's definitions)",
	"azure-r5":  "root cause OTHERS; the report says the rotation 'exposed a latent bug in the update process which caused the processes to begin crashing' (a software bug: DEPLOY)",
}

func TestAccuracyCloudIncidentExtraction(t *testing.T) {
	rows := benchRows(t, "cloud-incident-extraction")
	by := map[string]*cieScores{}
	began := time.Now()
	for _, r := range rows {
		p := str(r, "provider")
		if by[p] == nil {
			by[p] = &cieScores{}
		}
		cieRow(t, r, by[p])
	}
	t.Logf("analysed %d reports in %v", len(rows), time.Since(began))
	t.Log("\n" + cieTable(t, by))
	// Floors a little under the measured scores (all rows; see the table),
	// so a regression fails. The anchors are the authors' exact match, so
	// the EM columns have floors too.
	floors := map[string][7]float64{ // start, end (UTC exact), timezone, root cause (Azure), start ±5 min, start EM, end EM
		"AWS": {95, 87.5, 98, 0, 95, 95, 88}, "Azure": {98.5, 97.5, 98, 79.5, 98.5, 99.5, 98.5}, "GCP": {76, 89.5, 93, 0, 77, 75.5, 89.5},
	}
	for p, fl := range floors {
		s := by[p]
		if s == nil {
			t.Fatalf("no %s rows", p)
		}
		floor(t, p+" start", s.start[0], fl[0])
		floor(t, p+" end", s.end[0], fl[1])
		floor(t, p+" timezone", s.tz[0], fl[2])
		floor(t, p+" start ±5min", s.start5[0], fl[4])
		floor(t, p+" start EM", s.emStart[0], fl[5])
		floor(t, p+" end EM", s.emEnd[0], fl[6])
		if p == "Azure" {
			floor(t, p+" root cause category", s.rc[0], fl[3])
		}
	}
}

// cieRow reads and scores one report.
func cieRow(t *testing.T, r map[string]any, s *cieScores) {
	data, reader, err := cieDoc(r)
	var a analyze.Analysis
	if err == nil {
		a, err = readOne(str(r, "id"), data, reader)
	}
	if err != nil && a.Vendor == "" && len(a.Updates) == 0 && a.Postmortem == nil {
		t.Logf("%s: %v", str(r, "id"), err)
	}
	clean := wrongLabel[str(r, "id")] == "" && str(r, "label_suspect_note") == ""
	in := a.Instants
	var e, n score
	st, sok := answer(in.ImpactStart, a, true)
	timeScore(st, sok, str(r, "start_utc"), &e, &n)
	s.add(&s.start, clean, e.hit == 1)
	s.add(&s.start5, clean, n.hit == 1)
	e, n = score{}, score{}
	st2, sok2 := answer(in.ImpactStart, a, false)
	timeScore(st2, sok2, str(r, "start_utc"), &e, &n)
	s.add(&s.startStated, clean, e.hit == 1)
	e, n = score{}, score{}
	en, eok := answer(in.ImpactEnd, a, true)
	timeScore(en, eok, str(r, "end_utc"), &e, &n)
	s.add(&s.end, clean, e.hit == 1)
	s.add(&s.end5, clean, n.hit == 1)

	e, n = score{}, score{}
	en2, eok2 := answer(in.ImpactEnd, a, false)
	timeScore(en2, eok2, str(r, "end_utc"), &e, &n)
	s.add(&s.endStated, clean, e.hit == 1)

	tz, loc := zoneOf(a)
	s.add(&s.tz, clean, tz == str(r, "em_target_timezone"))
	ds := str(r, "dataset")
	s.add(&s.emStart, clean, emTime(st, sok, loc, ds) == str(r, "em_target_start_time"))
	s.add(&s.emEnd, clean, emTime(en, eok, loc, ds) == str(r, "em_target_end_time"))
	if showMisses && emTime(en, eok, loc, ds) != str(r, "em_target_end_time") {
		t.Logf("MISS emEnd %s: label %q got %q (tz %s)", str(r, "id"), str(r, "em_target_end_time"), emTime(en, eok, loc, ds), tz)
	}
	if showMisses && emTime(st, sok, loc, ds) != str(r, "em_target_start_time") {
		t.Logf("MISS emStart %s: label %q got %q (tz %s)", str(r, "id"), str(r, "em_target_start_time"), emTime(st, sok, loc, ds), tz)
	}
	if showMisses && tz != str(r, "em_target_timezone") {
		t.Logf("MISS tz %s: label %q got %q", str(r, "id"), str(r, "em_target_timezone"), tz)
	}
	if ds == "azure" {
		got := azureCategory(a.RootCause)
		want := str(r, "root_cause_category_norm")
		if want == "" {
			want = "UNKNOWN"
		}
		s.add(&s.rc, clean, got == want)
		if showMisses {
			t.Logf("RC %s %s %s %s", str(r, "id"), a.RootCause.Category, got, want)
		}
		if showMisses && got != want {
			t.Logf("MISS rc %s: label %s got %s (%s) %q", str(r, "id"), want, got, a.RootCause.Category, a.RootCause.Evidence)
		}
	}
	if showMisses {
		cieMiss(t, r, a)
	}
}

// cieMiss logs a row whose start or end misses its label.
func cieMiss(t *testing.T, r map[string]any, a analyze.Analysis) {
	for _, x := range []struct {
		name     string
		in       incident.Instant
		fallback bool
		label    string
	}{{"start", a.Instants.ImpactStart, true, str(r, "start_utc")}, {"end", a.Instants.ImpactEnd, true, str(r, "end_utc")}} {
		var e, n score
		got, ok := answer(x.in, a, x.fallback)
		timeScore(got, ok, x.label, &e, &n)
		if e.hit == 0 {
			g := "none"
			if ok {
				g = got.Format(time.RFC3339)
			}
			t.Logf("MISS %s %s: label %q got %s [%s] %q", x.name, str(r, "id"), x.label, g, x.in.Source, clipTo(x.in.Evidence, 200))
		}
	}
}

func clipTo(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// emTime formats an answer the way the LLM prompts asked (local wall clock
// in the report's zone: AWS HH:MM:SS, Azure YYYYMMDDTHH:MM:SS, GCP
// YYYY-MM-DDTHH:MM:SS), "" for no answer, for the authors' exact-match
// comparison with em_target_*.
func emTime(t time.Time, ok bool, loc *time.Location, ds string) string {
	if !ok {
		if ds == "azure" { // the Azure targets keep the prompt's "UNKNOWN"
			return "UNKNOWN"
		}
		return ""
	}
	if loc != nil {
		t = t.In(loc)
	}
	switch ds {
	case "aws":
		return t.Format("15:04:05")
	case "azure":
		return t.Format("20060102T15:04:05")
	}
	return t.Format("2006-01-02T15:04:05")
}

// cieTable prints the scores beside the best published LLM numbers.
func cieTable(t *testing.T, by map[string]*cieScores) string {
	var b strings.Builder
	fmt.Fprintf(&b, "cloud-incident-extraction (per provider; %% of rows; clean = without the rows of wrongLabel and label_suspect_note)\n")
	fmt.Fprintf(&b, "%-6s %-22s %-20s %-20s %s\n", "prov", "field", "all rows", "clean rows", "best LLM EM")
	ds := map[string]string{"AWS": "aws", "Azure": "azure", "GCP": "gcp"}
	for _, p := range sortedKeys(by) {
		s := by[p]
		rows := []struct {
			field, llm string
			sc         [2]score
		}{
			{"start EM (authors')", "start_time", s.emStart},
			{"start UTC exact", "", s.start},
			{"start UTC ±5 min", "", s.start5},
			{"start stated only", "", s.startStated},
			{"end EM (authors')", "end_time", s.emEnd},
			{"end UTC exact", "", s.end},
			{"end UTC ±5 min", "", s.end5},
			{"end stated only", "", s.endStated},
			{"timezone EM", "timezone", s.tz},
		}
		if p == "Azure" {
			rows = append(rows, struct {
				field, llm string
				sc         [2]score
			}{"root cause category", "root_cause_category", s.rc})
		}
		for _, x := range rows {
			llm := ""
			if x.llm != "" {
				v, who := llmBest(t, ds[p], x.llm)
				llm = fmt.Sprintf("%6.2f %s", v, who)
			}
			fmt.Fprintf(&b, "%-6s %-22s %-20s %-20s %s\n", p, x.field, x.sc[0], x.sc[1], llm)
		}
	}
	return b.String()
}

// externalHardware names a facility or outside cause in a hardware or
// network root cause: power, utility, generator, UPS, cooling, fibre cut.
var externalHardware = regexp.MustCompile(`(?i)\b(power|utility|generator|ups|cooling|thermal|fib(?:er|re)|lightning|storm|weather|isp|telecom|provider|construction|substation|voltage)`)

// pyToJSON turns the Python repr of a list of dicts (the GCP rows'
// description) into JSON: single- or double-quoted strings with Python
// escapes, None, True and False; dicts printed one per line without a
// comma between them (numpy style) get one.
func pyToJSON(s string) ([]byte, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\'' || c == '"':
			str, n, err := pyString(s[i:])
			if err != nil {
				return nil, err
			}
			q, _ := json.Marshal(str)
			b.Write(q)
			i += n - 1
		case strings.HasPrefix(s[i:], "array("): // numpy: array([...], dtype=object)
			i += len("array(") - 1
		case c == ',' && dtypeTail.MatchString(s[i:]):
			i += len(dtypeTail.FindString(s[i:])) - 1
		case strings.HasPrefix(s[i:], "None"):
			b.WriteString("null")
			i += 3
		case strings.HasPrefix(s[i:], "True"):
			b.WriteString("true")
			i += 3
		case strings.HasPrefix(s[i:], "False"):
			b.WriteString("false")
			i += 4
		case c == '{' && strings.HasSuffix(strings.TrimRight(b.String(), " \n\t"), "}"):
			b.WriteString(",{")
		default:
			b.WriteByte(c)
		}
	}
	return []byte(b.String()), nil
}

var dtypeTail = regexp.MustCompile(`^,\s*dtype=object\)`)

// pyString decodes the Python string literal at the start of s and
// returns it with the number of bytes it took.
func pyString(s string) (string, int, error) {
	q := s[0]
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case c == q:
			return b.String(), i + 1, nil
		case c != '\\' || i+1 >= len(s):
			b.WriteByte(c)
		default:
			i++
			switch e := s[i]; e {
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case 'x', 'u', 'U':
				w := map[byte]int{'x': 2, 'u': 4, 'U': 8}[e]
				if i+w >= len(s) {
					return "", 0, fmt.Errorf("short escape")
				}
				v, err := strconv.ParseUint(s[i+1:i+1+w], 16, 32)
				if err != nil {
					return "", 0, err
				}
				b.WriteRune(rune(v))
				i += w
			default:
				b.WriteByte(e)
			}
		}
	}
	return "", 0, fmt.Errorf("unterminated string")
}

// --- llm-service-incidents --------------------------------------------------

// llmDoc rebuilds the Statuspage incident page as text, the way the
// authors scraped it (raw_Updates: title, body and displayed stamp of each
// post, newest first), and lets detection pick the reader (statuspage-text).
// The text is built in memory only: this set has no licence and is never
// written into the repository.
func llmDoc(r map[string]any) ([]byte, error) {
	var ups []struct{ Update_Title, Update_Body, Update_Timestamp string }
	if err := json.Unmarshal([]byte(str(r, "raw_Updates")), &ups); err != nil {
		return nil, err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\nIncident Report for %s\n", str(r, "raw_Incident_Title"), str(r, "provider_name"))
	for _, u := range ups {
		fmt.Fprintf(&b, "%s\n%s\n%s\n", u.Update_Title, u.Update_Body, u.Update_Timestamp)
	}
	return []byte(b.String()), nil
}

var llmStages = []incident.Status{incident.StatusInvestigating, incident.StatusIdentified,
	incident.StatusMonitoring, incident.StatusResolved, incident.StatusPostmortem}

// TestAccuracyLLMServiceIncidents scores, per provider, the presence and
// the exact minute of each stage (the earliest post with that title, as
// the authors' notebook does; Update posts left out), and start/end as the
// min/max of the stage times.
func TestAccuracyLLMServiceIncidents(t *testing.T) {
	rows := benchRows(t, "llm-service-incidents")
	type sc struct{ present, exact, near map[incident.Status]*score }
	by := map[string]*sc{}
	all := score{}
	for _, r := range rows {
		p := str(r, "provider_name")
		if by[p] == nil {
			by[p] = &sc{map[incident.Status]*score{}, map[incident.Status]*score{}, map[incident.Status]*score{}}
			for _, st := range llmStages {
				by[p].present[st], by[p].exact[st], by[p].near[st] = &score{}, &score{}, &score{}
			}
		}
		data, err := llmDoc(r)
		var a analyze.Analysis
		if err == nil {
			a, err = readOne(str(r, "id"), data, "")
		}
		if err != nil && len(a.Updates) == 0 {
			t.Logf("%s: %v", str(r, "id"), err)
		}
		first := map[incident.Status]time.Time{}
		for _, u := range a.Updates {
			if _, ok := first[u.Status]; !ok && !u.At.IsZero() {
				first[u.Status] = u.At
			}
		}
		for _, st := range llmStages {
			want, has := parseUTC(str(r, string(st)+"_utc"))
			got, ok := first[st]
			by[p].present[st].add(has == ok)
			hit := has == ok && (!has || got.Truncate(time.Minute).Equal(want))
			by[p].exact[st].add(hit)
			all.add(hit)
			by[p].near[st].add(has == ok && (!has || got.Sub(want).Abs() <= time.Minute))
			if showMisses && !hit {
				t.Logf("MISS %s %s: label %v got %v", str(r, "id"), st, want, got)
			}
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "llm-service-incidents: stage presence / exact minute / ±1 min (%% of incidents)\n")
	for _, p := range sortedKeys(by) {
		for _, st := range llmStages {
			fmt.Fprintf(&b, "%-13s %-14s %s  %s  %s\n", p, st, by[p].present[st], by[p].exact[st], by[p].near[st])
		}
	}
	fmt.Fprintf(&b, "all stages, all providers exact: %s\n", all)
	t.Log("\n" + b.String())
	floor(t, "llm-service-incidents stage times", all, 99)
}

// --- cloud-postmortems-issre22 ----------------------------------------------

// TestAccuracyCloudPostmortems scores the duration (TTR) within 10 % and
// ±5 min, and the root cause through our Azure mapping against the
// dataset's approximate mapping of its layered labels (label_mapping.csv)
// where that mapping is not ambiguous. Input: raw_public_text where present,
// else title + summary + details, read as a postmortem (postmortem-text).
func TestAccuracyCloudPostmortems(t *testing.T) {
	rows := benchRows(t, "cloud-postmortems-issre22")
	approx := issreMapping(t)
	type sc struct{ ttr, ttr5, answered, rc score }
	by := map[string]*sc{}
	for _, r := range rows {
		p := str(r, "provider")
		if by[p] == nil {
			by[p] = &sc{}
		}
		text := str(r, "raw_public_text")
		if text == "" {
			text = str(r, "title") + "\n" + str(r, "summary") + "\n" + str(r, "details")
		}
		a, _ := readOne(str(r, "id"), []byte(text), "postmortem-text")
		if want, ok := r["duration_minutes"].(float64); ok && want > 0 {
			got, has := issreDuration(a)
			by[p].answered.add(has)
			by[p].ttr.add(has && math.Abs(got-want) <= 0.1*want)
			by[p].ttr5.add(has && math.Abs(got-want) <= 5)
		}
		labels, _ := r["root_cause_label"].([]any)
		var wants []string
		for _, l := range labels {
			if m := approx[fmt.Sprint(l)]; m != "" && !strings.Contains(m, " or ") {
				wants = append(wants, strings.Fields(m)[0])
			}
		}
		if len(wants) > 0 {
			got := azureCategory(a.RootCause)
			hit := false
			for _, w := range wants {
				hit = hit || w == got
			}
			by[p].rc.add(hit)
			if !hit && showMisses {
				t.Logf("MISS issre rc %s: labels %v got %s (%s) %q", str(r, "id"), wants, got, a.RootCause.Category, a.RootCause.Evidence)
			}
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "cloud-postmortems-issre22: %-20s %-20s %-20s %s\n", "TTR within 10%", "TTR ±5 min", "duration given", "root cause (mapped)")
	for _, p := range sortedKeys(by) {
		s := by[p]
		fmt.Fprintf(&b, "%-26s %-20s %-20s %-20s %s\n", p, s.ttr, s.ttr5, s.answered, s.rc)
	}
	t.Log("\n" + b.String())
	floor(t, "Azure TTR within 10%", by["Azure"].ttr, 40)
}

// issreDuration is the impact duration in minutes when the text states its
// window, else the duration it states.
func issreDuration(a analyze.Analysis) (float64, bool) {
	if d := a.Metrics.ImpactDuration; d != nil && stated(a.Instants.ImpactStart, a) && stated(a.Instants.ImpactEnd, a) && *d > 0 {
		return float64(*d) / 60, true
	}
	if d := a.Metrics.StatedDuration; d != nil {
		return float64(*d) / 60, true
	}
	return 0, false
}

// readCSV reads a whole CSV file of the benchmarks.
func readCSV(tb testing.TB, path string) [][]string {
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	return recs
}

// issreMapping reads the dataset's approximate mapping of layered root
// causes to the cloud-incident-extraction categories.
func issreMapping(tb testing.TB) map[string]string {
	recs := readCSV(tb, filepath.Join(benchDir, "cloud-postmortems-issre22", "label_mapping.csv"))
	out := map[string]string{}
	for _, r := range recs[1:] {
		if strings.HasPrefix(r[0], "root_cause_label") {
			out[r[5]] = r[6]
		}
	}
	return out
}

// BenchmarkAnalyzeCloudIncidentExtraction analyses all 460 reports of the
// cloud-incident-extraction set (read once, outside the timer).
func BenchmarkAnalyzeCloudIncidentExtraction(b *testing.B) {
	var incs []incident.Incident
	for _, r := range benchRows(b, "cloud-incident-extraction") {
		data, reader, err := cieDoc(r)
		if err != nil {
			continue
		}
		got, _ := parse.Read(&parse.Input{Name: str(r, "id"), Data: data}, reader)
		incs = append(incs, got...)
	}
	b.ResetTimer()
	for b.Loop() {
		for _, inc := range incs {
			analyze.One(inc, analyze.Options{})
		}
	}
}
