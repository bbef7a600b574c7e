package main

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/postmortem-dev/postmortem/cmd/postmortem/pull"
)

// site serves a status page from testdata/pull/<dir> at the paths a real
// page has, rewriting the vendor's own origin in documents to the test
// server's (as a replaying mirror does). It answers If-None-Match with
// 304, counts requests by path and keeps every 2xx body it served, in
// order.
type site struct {
	*httptest.Server
	t        *testing.T
	dir      string
	origin   string // the real origin in the documents, rewritten to the server's
	mu       sync.Mutex
	hits     map[string]int
	served   []servedDoc
	override map[string][]byte // path → document, replacing the file
	robots   string
	noETag   bool
}

type servedDoc struct {
	path, vendor string
	body         []byte
}

func newSite(t *testing.T, dir, origin string) *site {
	s := &site{t: t, dir: dir, origin: origin, hits: map[string]int{}, override: map[string][]byte{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *site) serve(w http.ResponseWriter, r *http.Request) {
	if !strings.HasPrefix(r.UserAgent(), "postmortem/") {
		http.Error(w, "no user agent", http.StatusForbidden)
		return
	}
	s.mu.Lock()
	s.hits[r.URL.Path]++
	body, over := s.override[r.URL.Path]
	robots := s.robots
	s.mu.Unlock()
	p := r.URL.Path
	if p == "/robots.txt" {
		if robots == "" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, robots)
		return
	}
	if !over {
		file := strings.TrimPrefix(p, "/")
		if file == "" {
			file = "index.html"
		}
		if r.URL.Query().Get("page") > "1" {
			file = "history-empty"
		}
		var err error
		if body, err = os.ReadFile(filepath.Join("..", "..", "testdata", "pull", s.dir, filepath.FromSlash(file))); err != nil {
			http.NotFound(w, r)
			return
		}
		if s.origin != "" {
			body = bytes.ReplaceAll(body, []byte(s.origin), []byte(s.URL))
		}
	}
	switch {
	case strings.HasSuffix(p, ".atom"):
		w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	case strings.HasSuffix(p, ".json") || strings.HasPrefix(p, "/api/"):
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
	default:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
	}
	etag := fmt.Sprintf(`W/"%x"`, sha1.Sum(body))
	if !s.noETag {
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	s.mu.Lock()
	s.served = append(s.served, servedDoc{p + "?" + r.URL.RawQuery, s.dir, body})
	s.mu.Unlock()
	_, _ = w.Write(body)
}

// requests returns the requests by path since the last call, and resets.
func (s *site) requests() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	h := s.hits
	s.hits = map[string]int{}
	return h
}

// sites starts one server per vendor of testdata/pull.
func sites(t *testing.T) map[string]*site {
	m := map[string]*site{
		"digitalocean": newSite(t, "digitalocean", "https://status.digitalocean.com"),
		"github":       newSite(t, "github", "https://www.githubstatus.com"),
		"gcp":          newSite(t, "gcp", ""),
		"aws":          newSite(t, "aws", ""),
		"slack":        newSite(t, "slack", ""),
		"incidentio":   newSite(t, "incidentio", ""),
		"streamyard":   newSite(t, "streamyard", "https://status.streamyard.com"),
	}
	m["github"].noETag = true // an API without validators: unchanged payloads are recognised by digest
	return m
}

func fastFetcher(t *testing.T) {
	pullFetcherHook = func(f *pull.Fetcher) { f.BackoffBase = time.Millisecond; f.Timeout = 5 * time.Second }
	t.Cleanup(func() { pullFetcherHook = nil })
}

func pullRun(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	ios, out, errb := testIO("")
	code := run(append([]string{"pull"}, args...), ios)
	return code, out.String(), errb.String()
}

func vendorURLs(ss map[string]*site) []string {
	var urls []string
	for _, s := range ss {
		urls = append(urls, s.URL+"/")
	}
	sort.Strings(urls)
	return urls
}

// incidentsJSON runs analyze -o json on paths and returns the incidents
// without the fields that name the documents they came from.
func incidentsJSON(t *testing.T, paths ...string) []any {
	t.Helper()
	ios, out, errb := testIO("")
	code := run(append([]string{"analyze", "-q", "-o", "json", "--now", "2027-01-01T00:00:00Z"}, paths...), ios)
	if code != 0 {
		t.Fatalf("analyze %v: exit %d: %s", paths, code, errb)
	}
	var rep map[string]any
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	incs, _ := rep["incidents"].([]any)
	for _, in := range incs {
		stripSources(in)
	}
	return incs
}

func stripSources(v any) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if k == "source" || k == "sources" {
				if _, isString := e.(string); !isString {
					delete(x, k)
					continue
				}
			}
			stripSources(e)
		}
	case []any:
		for _, e := range x {
			stripSources(e)
		}
	}
}

// TestPullThenAnalyze: pull builds an archive from every kind of page;
// analyze on it gives the same incidents as analyze on the documents
// served, as files; the second run fetches only the index documents and
// appends nothing; a changed updated_at refetches exactly that page.
func TestPullThenAnalyze(t *testing.T) {
	fastFetcher(t)
	ss := sites(t)
	dir := t.TempDir()
	archive := filepath.Join(dir, "status.warc.gz")
	urls := vendorURLs(ss)
	code, _, errs := pullRun(t, append([]string{"--into", archive, "--rate", "0"}, urls...)...)
	if code != 0 {
		t.Fatalf("pull: exit %d: %s", code, errs)
	}
	if !strings.Contains(errs, "7 vendors:") {
		t.Errorf("no summary line: %s", errs)
	}
	do := ss["digitalocean"].requests()
	if do["/incidents/d0glfj89j57y"] != 1 || do["/api/v2/summary.json"] != 1 || do["/history.atom"] != 1 || do["/history"] != 1 {
		t.Errorf("digitalocean requests: %v", do)
	}
	if gh := ss["github"].requests(); gh["/api/v2/incidents.json"] != 1 || len(gh) < 50 {
		t.Errorf("github: %d paths requested, want the API and 50 incident pages: %v", len(gh), gh)
	}
	for _, s := range ss {
		s.requests()
	}

	// The same documents as files, in the order they were served.
	files := filepath.Join(dir, "files")
	var paths []string
	n := 0
	for _, name := range []string{"aws", "digitalocean", "gcp", "github", "incidentio", "slack", "streamyard"} {
		for _, d := range ss[name].served {
			n++
			p := filepath.Join(files, fmt.Sprintf("%03d-%s", n, name))
			if err := os.MkdirAll(files, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, d.body, 0o644); err != nil {
				t.Fatal(err)
			}
			paths = append(paths, p)
		}
	}
	fromFiles := incidentsJSON(t, paths...)
	fromArchive := incidentsJSON(t, archive)
	if len(fromFiles) < 150 {
		t.Fatalf("only %d incidents from the files", len(fromFiles))
	}
	sortIncidents(fromFiles)
	sortIncidents(fromArchive)
	if !reflect.DeepEqual(fromFiles, fromArchive) {
		a, _ := json.MarshalIndent(fromFiles, "", " ")
		b, _ := json.MarshalIndent(fromArchive, "", " ")
		t.Fatalf("archive gives %d incidents, files %d; they differ:\n%s", len(fromArchive), len(fromFiles), firstDiff(string(a), string(b)))
	}
	warcioCheck(t, archive)

	// Second run right after: only index documents, nothing appended.
	before, _ := os.Stat(archive)
	code, _, errs = pullRun(t, append([]string{"--into", archive, "--rate", "0"}, urls...)...)
	if code != 0 {
		t.Fatalf("second pull: exit %d: %s", code, errs)
	}
	if !strings.Contains(errs, "; 0 appended") {
		t.Errorf("second run appended: %s", errs)
	}
	after, _ := os.Stat(archive)
	if after.Size() != before.Size() {
		t.Errorf("archive grew from %d to %d bytes on a run with nothing new", before.Size(), after.Size())
	}
	for name, s := range ss {
		for p, k := range s.requests() {
			if strings.HasPrefix(p, "/incidents/") {
				t.Errorf("%s: second run fetched incident page %s", name, p)
			}
			if k > 1 {
				t.Errorf("%s: second run fetched %s %d times", name, p, k)
			}
		}
	}

	// An incident's updated_at changes: exactly its page is fetched again.
	gh := ss["github"]
	orig, err := os.ReadFile("../../testdata/pull/github/api/v2/incidents.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Incidents []struct {
			ID        string `json:"id"`
			UpdatedAt string `json:"updated_at"`
		} `json:"incidents"`
	}
	if err := json.Unmarshal(orig, &doc); err != nil {
		t.Fatal(err)
	}
	id, upd := doc.Incidents[3].ID, doc.Incidents[3].UpdatedAt
	changed := bytes.Replace(orig, []byte(`"updated_at": "`+upd+`"`), []byte(`"updated_at": "2026-08-01T00:00:00.000Z"`), 1)
	if bytes.Equal(changed, orig) {
		t.Fatalf("could not change updated_at %q of %s", upd, id)
	}
	gh.mu.Lock()
	gh.override["/api/v2/incidents.json"] = changed
	gh.mu.Unlock()
	code, _, errs = pullRun(t, "-q", "--rate", "0", "--into", archive, gh.URL)
	if code != 0 {
		t.Fatalf("third pull: exit %d: %s", code, errs)
	}
	var pages []string
	for p := range gh.requests() {
		if strings.HasPrefix(p, "/incidents/") {
			pages = append(pages, p)
		}
	}
	if len(pages) != 1 || pages[0] != "/incidents/"+id {
		t.Errorf("after %s changed, fetched incident pages %v", id, pages)
	}
	// And once more: the new version is remembered.
	if code, _, errs = pullRun(t, "-q", "--rate", "0", "--into", archive, gh.URL); code != 0 {
		t.Fatalf("fourth pull: %s", errs)
	}
	for p := range gh.requests() {
		if strings.HasPrefix(p, "/incidents/") {
			t.Errorf("fourth run fetched %s again", p)
		}
	}
}

func sortIncidents(incs []any) {
	key := func(v any) string { b, _ := json.Marshal(v); return string(b) }
	sort.Slice(incs, func(i, j int) bool { return key(incs[i]) < key(incs[j]) })
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			lo := max(0, i-5)
			return fmt.Sprintf("files:\n%s\narchive:\n%s", strings.Join(al[lo:min(len(al), i+5)], "\n"), strings.Join(bl[lo:min(len(bl), i+5)], "\n"))
		}
	}
	return fmt.Sprintf("lengths %d and %d lines", len(al), len(bl))
}

// warcioCheck runs the independent reader warcio on the archive, when it
// is installed (CI installs it with pip).
func warcioCheck(t *testing.T, archive string) {
	t.Helper()
	if _, err := exec.LookPath("warcio"); err != nil {
		t.Log("warcio not on PATH (pip install warcio): independent WARC check skipped")
		return
	}
	if out, err := exec.Command("warcio", "check", "-v", archive).CombinedOutput(); err != nil {
		t.Errorf("warcio check: %v\n%s", err, out)
	}
	out, err := exec.Command("warcio", "index", "-f", "warc-type,warc-target-uri,http:status", archive).CombinedOutput()
	if err != nil {
		t.Fatalf("warcio index: %v\n%s", err, out)
	}
	if n := strings.Count(string(out), `"warc-type": "response"`); n < 60 {
		t.Errorf("warcio index lists %d responses:\n%s", n, out)
	}
}

// TestPullFaultyVendors: a failing vendor is one error line naming it and
// the others go on (exit 1); a page whose feed is on another host is not
// followed to it.
func TestPullFaultyVendors(t *testing.T) {
	fastFetcher(t)
	good := newSite(t, "slack", "")
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down", http.StatusInternalServerError)
	}))
	t.Cleanup(broken.Close)
	other := newSite(t, "streamyard", "")
	linking := newSite(t, "streamyard", "https://status.streamyard.com") // rewritten below to the other host
	linkingPage, _ := os.ReadFile("../../testdata/pull/streamyard/index.html")
	linking.override["/"] = bytes.ReplaceAll(linkingPage, []byte("https://status.streamyard.com"), []byte(other.URL))

	archive := filepath.Join(t.TempDir(), "a.warc.gz")
	code, _, errs := pullRun(t, "--rate", "0", "--into", archive, broken.URL, good.URL, linking.URL)
	if code != exitFail {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{
		broken.URL + ": no Statuspage, Google Cloud, AWS or Slack API found, and the page itself failed",
		"HTTP 500",
		linking.URL + ": 3 feed links to other hosts not followed",
		linking.URL + ": nothing to collect",
		"2 of 3 vendors failed",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	if n := len(other.requests()); n != 0 {
		t.Errorf("the other host got %d requests", n)
	}
	var urls []string
	for _, d := range readArchive(t, archive) {
		urls = append(urls, d)
	}
	if len(urls) != 1 || urls[0] != good.URL+"/api/v2.0.0/current" {
		t.Errorf("archive holds %v", urls)
	}
}

// readArchive lists the target URIs of the documents of an archive.
func readArchive(t *testing.T, path string) []string {
	t.Helper()
	st, _, err := pull.ReadState(path)
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	for u, s := range st.URLs {
		if s.Status == 200 {
			urls = append(urls, u)
		}
	}
	sort.Strings(urls)
	return urls
}

// TestPullDryRun: --dry-run prints what would be fetched and writes
// nothing; with an archive it lists only what is new.
func TestPullDryRun(t *testing.T) {
	fastFetcher(t)
	do := newSite(t, "digitalocean", "https://status.digitalocean.com")
	archive := filepath.Join(t.TempDir(), "a.warc.gz")
	code, out, errs := pullRun(t, "--dry-run", "--rate", "0", "--into", archive, do.URL)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if _, err := os.Stat(archive); !os.IsNotExist(err) {
		t.Errorf("dry run created the archive: %v", err)
	}
	for _, want := range []string{"\tnew\t" + do.URL + "/api/v2/summary.json", "\tnew\t" + do.URL + "/history.atom", "\tnew\t" + do.URL + "/incidents/d0glfj89j57y"} {
		if !strings.Contains(out, want) {
			t.Errorf("plan lacks %q:\n%s", want, out)
		}
	}
	if n := do.requests()["/incidents/d0glfj89j57y"]; n != 0 {
		t.Errorf("dry run fetched an incident page %d times", n)
	}
	if code, _, errs := pullRun(t, "-q", "--rate", "0", "--into", archive, do.URL); code != 0 {
		t.Fatal(errs)
	}
	code, out, _ = pullRun(t, "--dry-run", "--rate", "0", "--into", archive, do.URL)
	if code != 0 || strings.TrimSpace(out) != "" {
		t.Errorf("dry run after a full pull: exit %d, plan:\n%s", code, out)
	}
}

// TestPullShard: the --shard parts of a vendor list are disjoint and
// together the whole list; --vendors reads one URL a line with comments.
func TestPullShard(t *testing.T) {
	fastFetcher(t)
	dir := t.TempDir()
	var list []string
	var ss []*site
	for i := 0; i < 6; i++ {
		s := newSite(t, "slack", "")
		ss = append(ss, s)
		list = append(list, s.URL+"/ # Slack copy "+fmt.Sprint(i))
	}
	vendors := filepath.Join(dir, "vendors.txt")
	os.WriteFile(vendors, []byte("# vendors\n\n"+strings.Join(list, "\n")+"\n"), 0o644)
	total := 0
	seen := map[string]int{}
	for i := 1; i <= 3; i++ {
		archive := filepath.Join(dir, fmt.Sprintf("part%d.warc.gz", i))
		code, _, errs := pullRun(t, "-q", "--rate", "0", "--shard", fmt.Sprintf("%d/3", i), "--into", archive, "--vendors", vendors)
		if code != 0 {
			t.Fatalf("shard %d: %s", i, errs)
		}
		for _, u := range readArchive(t, archive) {
			seen[u]++
			total++
		}
	}
	if total != 6 || len(seen) != 6 {
		t.Errorf("shards archived %d documents, %d distinct, want 6", total, len(seen))
	}
}

// TestPullUsage: command-line mistakes are exit 2 with a message.
func TestPullUsage(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"https://x.test"}, "needs --into FILE"},
		{[]string{"--into", "a.warc.gz"}, "at least one status-page URL"},
		{[]string{"--into", "a.warc.gz", "--rate", "fast", "https://x.test"}, "--rate"},
		{[]string{"--into", "a.warc.gz", "--max-size", "big", "https://x.test"}, "--max-size"},
		{[]string{"--into", "a.warc.gz", "--shard", "0/2", "https://x.test"}, "--shard"},
		{[]string{"--into", "a.warc.gz", "--timeout", "0s", "https://x.test"}, "--timeout"},
		{[]string{"--into", "a.warc.gz", "--vendors", "/nonexistent/list"}, "--vendors"},
	}
	for _, c := range cases {
		code, _, errs := pullRun(t, c.args...)
		if code == 0 || !strings.Contains(errs, c.want) {
			t.Errorf("%v: exit %d, stderr %q", c.args, code, errs)
		}
	}
	for s, want := range map[string]int64{"16MiB": 16 << 20, "20MB": 20_000_000, "512k": 512 << 10, "1000": 1000} {
		if got, err := parseSize(s); err != nil || got != want {
			t.Errorf("parseSize(%q) = %d, %v", s, got, err)
		}
	}
	for s, want := range map[string]float64{"2/s": 2, "30/m": 0.5, "0": 0, "1": 1} {
		if got, err := parseRate(s); err != nil || got != want {
			t.Errorf("parseRate(%q) = %g, %v", s, got, err)
		}
	}
}

// TestPullProgress: on a terminal the bar counts vendors, pages and
// bytes; with -q there is none.
func TestPullProgress(t *testing.T) {
	fastFetcher(t)
	s := newSite(t, "slack", "")
	for _, quiet := range []bool{false, true} {
		ios, _, errb := testIO("")
		ios.ErrTTY = true
		args := []string{"pull", "--rate", "0", "--into", filepath.Join(t.TempDir(), "a.warc.gz"), s.URL}
		if quiet {
			args = append(args, "-q")
		}
		if code := run(args, ios); code != 0 {
			t.Fatalf("exit %d: %s", code, errb)
		}
		bar := strings.Contains(errb.String(), "pulling (")
		if bar == quiet {
			t.Errorf("quiet=%v: stderr %q", quiet, errb)
		}
	}
}

// TestPullInterrupted: a run cancelled in the middle (Ctrl-C) leaves an
// archive whose every record is whole; the next run completes it.
func TestPullInterrupted(t *testing.T) {
	gh := newSite(t, "github", "https://www.githubstatus.com")
	archive := filepath.Join(t.TempDir(), "a.warc.gz")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f := pull.NewFetcher("test")
	n := 0
	f.OnRequest = func(*http.Request) {
		if n++; n == 20 {
			cancel()
		}
	}
	res, err := pull.Run(ctx, []string{gh.URL}, pull.Options{Into: archive, Fetcher: f})
	if err != nil || res.Failed != 1 {
		t.Fatalf("cancelled run: %+v, %v", res, err)
	}
	st, end, err := pull.ReadState(archive)
	fi, _ := os.Stat(archive)
	if err != nil || end != fi.Size() {
		t.Fatalf("after the interrupt: end %d of %d bytes, %v", end, fi.Size(), err)
	}
	partial := len(st.URLs)
	if partial == 0 || partial >= 52 {
		t.Fatalf("%d URLs archived before the interrupt", partial)
	}
	fastFetcher(t)
	if code, _, errs := pullRun(t, "-q", "--rate", "0", "--into", archive, gh.URL); code != 0 {
		t.Fatal(errs)
	}
	st, _, _ = pull.ReadState(archive)
	if len(st.URLs) != 52 { // summary, incidents and 50 incident pages
		t.Errorf("%d URLs after the second run, want 52", len(st.URLs))
	}
}
