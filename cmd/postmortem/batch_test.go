package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// analyzeJSONL runs `analyze -o jsonl` on paths and returns the lines,
// stderr and exit code.
func analyzeJSONL(t *testing.T, args ...string) ([]string, string, int) {
	t.Helper()
	ios, out, errb := testIO("")
	code := run(append([]string{"analyze", now, "-q", "-o", "jsonl"}, args...), ios)
	var lines []string
	sc := bufio.NewScanner(out)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	return lines, errb.String(), code
}

// withoutSources drops the source fields, which name the container, and
// the container prefixes of the paths that warnings quote.
func withoutSources(t *testing.T, lines []string, prefixes ...string) []string {
	t.Helper()
	out := make([]string, len(lines))
	for i, l := range lines {
		for _, p := range prefixes {
			l = strings.ReplaceAll(l, p, "")
		}
		l = strings.ReplaceAll(l, " (2026-11-01T00:00:00Z)", "") // the WARC-Date of warcBytes
		var m map[string]json.RawMessage
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatal(err)
		}
		delete(m, "source")
		delete(m, "sources")
		b, _ := json.Marshal(m)
		out[i] = string(b)
	}
	return out
}

// TestSameArchiveEveryContainer: one set of documents as a folder, a zip,
// a tar.gz and a WARC gives identical JSONL (but for the source names).
func TestSameArchiveEveryContainer(t *testing.T) {
	ts := templates(t)
	var docs []genDoc
	generate(ts, 3*len(ts), func(d genDoc) { docs = append(docs, d) })
	dir := t.TempDir()
	folder := filepath.Join(dir, "folder")
	writeFolder(t, folder, ts, len(docs))
	files := map[string][]byte{"a.zip": zipBytes(t, docs), "a.tar.gz": tarGzBytes(t, docs), "a.warc.gz": warcBytes(docs)}
	want, stderr, code := analyzeJSONL(t, folder)
	if code != 0 || len(want) < len(docs) {
		t.Fatalf("folder: exit %d, %d lines for %d documents\n%s", code, len(want), len(docs), stderr)
	}
	want = withoutSources(t, want, folder+"/")
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		got, stderr, code := analyzeJSONL(t, p)
		if code != 0 {
			t.Errorf("%s: exit %d\n%s", name, code, stderr)
		}
		got = withoutSources(t, got, p+"!"+warcURL, p+"!")
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s: JSONL differs from the folder's (%d vs %d lines)", name, len(got), len(want))
		}
	}
}

// TestBadArchivesDoNotStopTheBatch: unsafe member names, a zip bomb, a
// truncated gzip and a WARC with a broken record each give a clear error
// naming the input, and everything else is analysed.
func TestBadArchivesDoNotStopTheBatch(t *testing.T) {
	ts := templates(t)
	var docs []genDoc
	generate(ts, 4, func(d genDoc) { docs = append(docs, d) })
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	slip := zipBytes(t, []genDoc{{"../../etc/evil.json", docs[0].data}, {"/abs/evil.json", docs[0].data}, docs[1]})
	var bomb bytes.Buffer
	zw := zip.NewWriter(&bomb)
	w, _ := zw.Create("huge.json")
	zeros := make([]byte, 1<<20)
	for range 65 { // 65 MiB of zeros: over the 64 MiB a member may inflate to
		_, _ = w.Write(zeros)
	}
	w, _ = zw.Create(docs[2].path)
	_, _ = w.Write(docs[2].data)
	_ = zw.Close()
	var gz bytes.Buffer
	gw := gzip.NewWriter(&gz)
	_, _ = gw.Write(docs[3].data)
	_ = gw.Close()
	warc := warcBytes(docs[:3])
	broken := append(append(append([]byte{}, warcBytes(docs[:1])...), []byte("WARC/1.1\r\nWARC-Type: response\r\nContent-Length: banana\r\n\r\n")...), warcBytes(docs[1:2])...)
	inputs := []string{
		write("slip.zip", slip),
		write("bomb.zip", bomb.Bytes()),
		write("cut.json.gz", gz.Bytes()[:gz.Len()/2]),
		write("broken.warc", broken),
		write("good.warc.gz", warc),
	}
	lines, stderr, code := analyzeJSONL(t, append([]string{"--no-merge"}, inputs...)...)
	if code != exitFail {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{"slip.zip!", "evil.json", "bomb.zip!huge.json", "inflates beyond", "cut.json.gz", "broken.warc!", "failed ("} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	// slip.zip's good member, bomb.zip's good member, broken.warc's two
	// good records and good.warc.gz's three documents were analysed.
	srcs := map[string]bool{}
	for _, l := range lines {
		var a struct{ Source struct{ Path string } }
		_ = json.Unmarshal([]byte(l), &a)
		srcs[strings.SplitN(a.Source.Path, "!", 2)[0]] = true
	}
	for _, in := range []string{"slip.zip", "bomb.zip", "broken.warc", "good.warc.gz"} {
		if !srcs[filepath.Join(dir, in)] {
			t.Errorf("nothing analysed from %s (sources %v)", in, srcs)
		}
	}
}

// TestDailySnapshots: 365 daily snapshots of one status page's
// incidents.json (each showing the incidents updated in the two weeks
// before it, with the updates posted by then) give every incident exactly
// once, with all its updates.
func TestDailySnapshots(t *testing.T) {
	data, err := os.ReadFile("../../testdata/parse/statuspage-json/github-incidents-2026-07-trimmed.json")
	if err != nil {
		t.Fatal(err)
	}
	var page map[string]any
	if err := json.Unmarshal(data, &page); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	day0 := time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)
	for d := range 365 {
		at := day0.AddDate(0, 0, d)
		snap := snapshot(page, at, 14*24*time.Hour)
		b, _ := json.Marshal(snap)
		if err := os.WriteFile(filepath.Join(dir, at.Format("2006-01-02")+".json"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	full, _, code := analyzeJSONL(t, "../../testdata/parse/statuspage-json/github-incidents-2026-07-trimmed.json")
	if code != 0 {
		t.Fatal("full document failed")
	}
	merged, stderr, code := analyzeJSONL(t, dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	want, got := timelines(t, full), timelines(t, merged)
	if len(got) != len(merged) {
		t.Errorf("%d lines but %d distinct incidents: some incident came out twice", len(merged), len(got))
	}
	if len(got) != len(want) {
		t.Fatalf("%d incidents from the snapshots, %d in the page", len(got), len(want))
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("incident %s:\n got %s\nwant %s", id, got[id], w)
		}
	}
}

// snapshot is the page as it looked at `at`: incidents created by then and
// updated within `window`, each with only the updates displayed by then.
func snapshot(page map[string]any, at time.Time, window time.Duration) map[string]any {
	var incs []any
	for _, x := range page["incidents"].([]any) {
		inc := x.(map[string]any)
		var ups []any
		for _, u := range inc["incident_updates"].([]any) {
			if ts, _ := time.Parse(time.RFC3339, u.(map[string]any)["display_at"].(string)); !ts.After(at) {
				ups = append(ups, u)
			}
		}
		if len(ups) == 0 {
			continue
		}
		newest, _ := time.Parse(time.RFC3339, ups[0].(map[string]any)["display_at"].(string))
		if at.Sub(newest) > window {
			continue
		}
		c := map[string]any{}
		for k, v := range inc {
			c[k] = v
		}
		c["incident_updates"] = ups
		c["status"] = ups[0].(map[string]any)["status"]
		if c["status"] != "resolved" {
			c["resolved_at"] = nil
		}
		incs = append(incs, c)
	}
	return map[string]any{"page": page["page"], "incidents": incs}
}

// timelines maps incident id to its updates as "status@time" text.
func timelines(t *testing.T, lines []string) map[string]string {
	t.Helper()
	m := map[string]string{}
	for _, l := range lines {
		var a struct {
			ID      string
			Updates []struct {
				Status string
				At     time.Time
			}
		}
		if err := json.Unmarshal([]byte(l), &a); err != nil {
			t.Fatal(err)
		}
		var parts []string
		for _, u := range a.Updates {
			parts = append(parts, fmt.Sprintf("%s@%s", u.Status, u.At.Format(time.RFC3339)))
		}
		sort.Strings(parts)
		m[a.ID] = strings.Join(parts, " ")
	}
	return m
}

// TestErrorsFile: --errors writes one JSON line per failed input with its
// reason, and the stderr summary counts the failures by reason.
func TestErrorsFile(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string]string{"empty.txt": "", "diary.txt": "Dear diary,\nnothing happened.\n", "bin.dat": "\x00\x01\x02\x03"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	errFile := filepath.Join(t.TempDir(), "errors.jsonl")
	_, stderr, code := analyzeJSONL(t, "--errors", errFile, dir, sample)
	if code != exitFail {
		t.Errorf("exit %d, want 1", code)
	}
	if !strings.Contains(stderr, "3 of 5 inputs failed (1 binary, 1 empty, 1 unknown format)") {
		t.Errorf("stderr summary:\n%s", stderr)
	}
	data, err := os.ReadFile(errFile)
	if err != nil {
		t.Fatal(err)
	}
	reasons := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var f failure
		if err := json.Unmarshal([]byte(line), &f); err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		reasons[filepath.Base(f.Input)] = f.Reason
	}
	want := map[string]string{"empty.txt": "empty", "diary.txt": "unknown format", "bin.dat": "binary"}
	for k, v := range want {
		if reasons[k] != v {
			t.Errorf("%s: reason %q, want %q (all: %v)", k, reasons[k], v, reasons)
		}
	}
}

// TestShards: the parts of --shard I/N are disjoint and together give
// what one run gives.
func TestShards(t *testing.T) {
	ts := templates(t)
	dir := t.TempDir()
	writeFolder(t, dir, ts, 2*len(ts))
	all, _, code := analyzeJSONL(t, "--no-merge", dir)
	if code != 0 {
		t.Fatal("full run failed")
	}
	seen := map[string]int{}
	total := 0
	for i := 1; i <= 3; i++ {
		part, _, code := analyzeJSONL(t, "--no-merge", "--shard", fmt.Sprintf("%d/3", i), dir)
		if code != 0 {
			t.Fatalf("shard %d failed", i)
		}
		if len(part) == 0 || len(part) == len(all) {
			t.Errorf("shard %d/3 has %d of %d incidents", i, len(part), len(all))
		}
		for _, l := range part {
			seen[l]++
		}
		total += len(part)
	}
	if total != len(all) {
		t.Errorf("shards hold %d incidents, one run %d", total, len(all))
	}
	for _, l := range all {
		if seen[l] != 1 {
			t.Fatalf("an incident is in %d shards", seen[l])
		}
	}
}
