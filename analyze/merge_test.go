package analyze_test

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/postmortem-dev/postmortem/analyze"
	"github.com/postmortem-dev/postmortem/parse/incident"
)

// golden reads the incidents of one reader golden file (an array of
// incident.Incident written by the parse tests from a real fixture).
func golden(t testing.TB, name string) []incident.Incident {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "parse", name))
	if err != nil {
		t.Fatal(err)
	}
	var incs []incident.Incident
	if err := json.Unmarshal(b, &incs); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return incs
}

// goldenFiles lists every reader golden file, relative to testdata/parse.
func goldenFiles(t testing.TB) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "testdata", "parse", "*", "*.golden.json"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no goldens: %v", err)
	}
	for i, p := range paths {
		paths[i], _ = filepath.Rel(filepath.Join("..", "testdata", "parse"), p)
	}
	return paths
}

func merge(incs ...incident.Incident) []incident.Incident {
	m := analyze.NewMerger()
	for _, inc := range incs {
		m.Add(inc)
	}
	return m.Incidents()
}

// times lists the times an incident shows (page fields, postmortem, updates).
func times(inc incident.Incident) []time.Time {
	ts := []time.Time{inc.Page.Started.At, inc.Page.Resolved.At}
	if inc.Postmortem != nil {
		ts = append(ts, inc.Postmortem.At)
	}
	for _, u := range inc.Updates {
		ts = append(ts, u.At)
	}
	return ts
}

// snapshots builds the documents a status page showed day by day, at least
// minDays of them and enough to show every incident: the snapshot of day d
// lists the incidents posted in the last 30 days (plus the longest
// incident's span) with only the updates posted by the end of day d (how a
// page looks over time), named like daily saves of the page.
func snapshots(page []incident.Incident, name string, minDays int) [][]incident.Incident {
	var first, last time.Time
	span := time.Duration(0)
	for _, inc := range page {
		lo, hi := time.Time{}, time.Time{}
		for _, t := range times(inc) {
			if t.IsZero() {
				continue
			}
			if lo.IsZero() || t.Before(lo) {
				lo = t
			}
			if t.After(hi) {
				hi = t
			}
		}
		if !lo.IsZero() && (first.IsZero() || lo.Before(first)) {
			first = lo
		}
		span = max(span, hi.Sub(lo))
		last = maxTime(last, hi)
	}
	days := max(minDays, int(last.Sub(first.Truncate(24*time.Hour))/(24*time.Hour))+1)
	window := span + 30*24*time.Hour
	out := make([][]incident.Incident, days)
	for d := range days {
		end := first.Truncate(24 * time.Hour).Add(time.Duration(d+1) * 24 * time.Hour)
		for _, inc := range page {
			if s, ok := asOf(inc, end, window); ok {
				s.Source.Path = fmt.Sprintf("%s/day-%03d", name, d)
				out[d] = append(out[d], s)
			}
		}
	}
	return out
}

// asOf is the incident as a page showed it just before end, if it did.
func asOf(inc incident.Incident, end time.Time, window time.Duration) (incident.Incident, bool) {
	s := inc
	s.Updates = nil
	start := time.Time{}
	for _, t := range times(inc) {
		if !t.IsZero() && (start.IsZero() || t.Before(start)) {
			start = t
		}
	}
	if !start.IsZero() && (!start.Before(end) || end.Sub(start) > window) {
		return s, false
	}
	for _, u := range inc.Updates {
		if u.At.Before(end) {
			s.Updates = append(s.Updates, u)
		}
	}
	if inc.Updates != nil && s.Updates == nil {
		s.Updates = []incident.Update{}
	}
	if n := len(s.Updates); n > 0 && n < len(inc.Updates) {
		s.Status = s.Updates[n-1].Status
	}
	if !s.Page.Resolved.At.Before(end) {
		s.Page.Resolved, s.Page.Duration, s.Page.DurationEvidence = incident.Stamp{}, 0, ""
	}
	if s.Postmortem != nil && !s.Postmortem.At.Before(end) {
		s.Postmortem = nil
	}
	return s, true
}

// TestMergeDailySnapshots: 365 daily snapshots of each real page, added in
// a shuffled order, give each incident exactly once with all its updates
// and every snapshot that showed it as a source.
func TestMergeDailySnapshots(t *testing.T) {
	for _, name := range goldenFiles(t) {
		t.Run(name, func(t *testing.T) {
			page := golden(t, name)
			days := snapshots(page, name, 365)
			var all []incident.Incident
			shown := map[string]int{}
			for _, snap := range days {
				for _, inc := range snap {
					all = append(all, inc)
					shown[inc.Title+"|"+inc.ID+"|"+inc.URL]++
				}
			}
			rand.New(rand.NewSource(1)).Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
			got := merge(all...)
			if len(got) != len(page) {
				t.Fatalf("%d incidents from %d snapshots, want %d: %v", len(got), len(all), len(page), titles(got))
			}
			for _, want := range page {
				g := find(got, want)
				if g == nil {
					t.Errorf("%q missing", want.Title)
					continue
				}
				if !reflect.DeepEqual(g.Updates, want.Updates) {
					t.Errorf("%q: updates\n got %v\nwant %v", want.Title, g.Updates, want.Updates)
				}
				if n := shown[want.Title+"|"+want.ID+"|"+want.URL]; len(g.Sources) != n && !(n == 1 && g.Sources == nil) {
					t.Errorf("%q: %d sources, want %d", want.Title, len(g.Sources), n)
				}
				if g.Status != want.Status || g.Impact != want.Impact || g.Page != want.Page ||
					!reflect.DeepEqual(g.Postmortem, want.Postmortem) {
					t.Errorf("%q: fields differ\n got %s %s %+v %v\nwant %s %s %+v %v", want.Title,
						g.Status, g.Impact, g.Page, g.Postmortem, want.Status, want.Impact, want.Page, want.Postmortem)
				}
				for _, w := range g.Notes {
					if w.Code == analyze.WarnSnapshotsDisagree {
						t.Errorf("%q: %s", want.Title, w.Message)
					}
				}
			}
		})
	}
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

func titles(incs []incident.Incident) []string {
	var s []string
	for _, inc := range incs {
		s = append(s, inc.Title)
	}
	return s
}

// find returns the merged incident with want's vendor, id, URL and title.
func find(got []incident.Incident, want incident.Incident) *incident.Incident {
	for i := range got {
		g := &got[i]
		if g.Vendor == want.Vendor && g.ID == want.ID && g.URL == want.URL && g.Title == want.Title {
			return g
		}
	}
	return nil
}

// TestMergeLone: an incident that matches nothing comes out unchanged.
func TestMergeLone(t *testing.T) {
	for _, name := range goldenFiles(t) {
		for _, inc := range golden(t, name) {
			got := merge(inc)
			if len(got) != 1 || !reflect.DeepEqual(got[0], inc) {
				t.Errorf("%s %q changed:\n got %+v\nwant %+v", name, inc.Title, got, inc)
			}
		}
	}
}

// TestMergeOrder: the merged result does not depend on the order of Add.
func TestMergeOrder(t *testing.T) {
	var all []incident.Incident
	for _, name := range goldenFiles(t) {
		all = append(all, golden(t, name)...)
	}
	want := merge(all...)
	for seed := int64(1); seed <= 5; seed++ {
		shuffled := append([]incident.Incident(nil), all...)
		rand.New(rand.NewSource(seed)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		if got := merge(shuffled...); !reflect.DeepEqual(got, want) {
			t.Fatalf("seed %d: result depends on the order", seed)
		}
	}
}

// TestMergeAllGoldens: all the fixtures together merge exactly the
// documents that show the same incident (same vendor, id and URL path, or
// for incidents without either the same vendor, title and first update):
// among others the DigitalOcean Atom and RSS feeds of 2020-01-23, the saves
// of the DigitalOcean SGP1 incident page, and the Pingoru text and HTML of
// the TrekkSoft incident (no id or URL: merged on title and time). GCP's
// two incidents numbered 20008 (different services, months apart) stay apart.
func TestMergeAllGoldens(t *testing.T) {
	var all []incident.Incident
	want := map[string]int{}
	for _, name := range goldenFiles(t) {
		for _, inc := range golden(t, name) {
			all = append(all, inc)
			want[oracleKey(inc)]++
		}
	}
	got := merge(all...)
	if len(got) != len(want) {
		t.Errorf("%d incidents, want %d", len(got), len(want))
	}
	for _, inc := range got {
		n := max(1, len(inc.Sources))
		if k := oracleKey(inc); want[k] != n {
			t.Errorf("%s: %q from %d documents, want %d", inc.Vendor, inc.Title, n, want[k])
		}
	}
	for _, title := range []string{"Latency Observed with SGP1 Spaces", "Spaces Issue in NYC3",
		"Spaces issue in SGP1 region", "Global issues in several Trekksoft production functionalities"} {
		if n := countTitle(got, title); n != 1 {
			t.Errorf("%q: %d incidents, want 1", title, n)
		}
	}
	if n := countTitle(got, "GAE Cloud Monitoring Metrics are not being ingested."); n != 1 {
		t.Errorf("GCP 20008: %d", n)
	}
}

// oracleKey is a simple identity for the real fixtures.
func oracleKey(inc incident.Incident) string {
	v := strings.ToLower(inc.Vendor)
	u := strings.TrimRight(strings.TrimPrefix(strings.TrimPrefix(inc.URL, "https://"), "http://"), "/")
	switch {
	case inc.ID != "":
		return v + "|" + inc.ID + "|" + u
	case u != "":
		return v + "|" + u
	case len(inc.Updates) > 0:
		return v + "|" + inc.Title + "|" + inc.Updates[0].At.String()
	}
	b, _ := json.Marshal([]any{inc.Vendor, inc.Title, inc.Postmortem})
	return string(b)
}

func countTitle(incs []incident.Incident, title string) int {
	n := 0
	for _, inc := range incs {
		if inc.Title == title {
			n++
		}
	}
	return n
}

// sgp1 is the DigitalOcean "Spaces issue in SGP1 region" incident as the
// saved incident page shows it.
func sgp1(t *testing.T) incident.Incident {
	return golden(t, "statuspage-html/digitalocean-incident-spaces-sgp1-saved-by-chrome.mhtml.golden.json")[0]
}

// asFeed is the incident as the page's Atom feed shows it (built from the
// real feed format of testdata/parse/statuspage-feed): minute times with a
// year-less stamp, no impact, no components.
func asFeed(inc incident.Incident, path string) incident.Incident {
	f := inc
	f.Impact, f.Components, f.Zone = incident.ImpactUnknown, []string{}, "UTC"
	f.Source = incident.Source{Path: path, Reader: "statuspage-feed"}
	f.Updates = nil
	for _, u := range inc.Updates {
		u.At = u.At.Truncate(time.Minute)
		u.Stamp = u.At.Format("Jan 2, 15:04 UTC")
		f.Updates = append(f.Updates, u)
	}
	return f
}

func warned(inc incident.Incident, code, substr string) bool {
	for _, w := range inc.Notes {
		if w.Code == code && strings.Contains(w.Message, substr) {
			return true
		}
	}
	return false
}

// mergeCases are pairs and groups of real fixture incidents (some
// altered as a snapshot would differ) and how many incidents they make.
var mergeCases = []struct {
	name  string
	incs  func(t *testing.T) []incident.Incident
	want  int
	check func(t *testing.T, got []incident.Incident)
}{{
	name: "incident page and its feed: one incident, the page's precise times",
	incs: func(t *testing.T) []incident.Incident {
		return []incident.Incident{asFeed(sgp1(t), "digitalocean-history-2019-12-22.atom"), sgp1(t)}
	},
	want: 1,
	check: func(t *testing.T, got []incident.Incident) {
		page := sgp1(t)
		if !reflect.DeepEqual(got[0].Updates, page.Updates) {
			t.Errorf("updates %v, want the page's %v", got[0].Updates, page.Updates)
		}
		if got[0].Impact != incident.ImpactMinor || len(got[0].Components) != 2 || len(got[0].Sources) != 2 {
			t.Errorf("impact %s components %v sources %v", got[0].Impact, got[0].Components, got[0].Sources)
		}
		if len(got[0].Notes) != 0 {
			t.Errorf("warnings %v", got[0].Notes)
		}
	},
}, {
	name: "two saves of the incident page and the trimmed HTML (http URL)",
	incs: func(t *testing.T) []incident.Incident {
		var incs []incident.Incident
		for _, f := range []string{"saved-by-chrome.mhtml", "with-css-and-font-parts.mhtml", "trimmed.html"} {
			name := "statuspage-html/digitalocean-incident-spaces-sgp1-" + f + ".golden.json"
			if _, err := os.Stat(filepath.Join("..", "testdata", "parse", name)); err == nil {
				incs = append(incs, golden(t, name)...)
			}
		}
		return incs
	},
	want: 1,
}, {
	name: "Atom and RSS feeds of one page: six incidents, two sources each",
	incs: func(t *testing.T) []incident.Incident {
		return append(golden(t, "statuspage-feed/digitalocean-history-2020-01-23.atom.golden.json"),
			golden(t, "statuspage-feed/digitalocean-history-2020-01-23.rss.golden.json")...)
	},
	want: 6,
	check: func(t *testing.T, got []incident.Incident) {
		for _, inc := range got {
			if len(inc.Sources) != 2 || inc.Source != inc.Sources[0] {
				t.Errorf("%q: sources %v", inc.Title, inc.Sources)
			}
		}
	},
}, {
	name: "Pingoru text and HTML: no id or URL, same title and times",
	incs: func(t *testing.T) []incident.Incident {
		return append(golden(t, "pingoru-text/trekksoft-2024-02-15-pingoru.txt.golden.json"),
			golden(t, "pingoru-text/trekksoft-2024-02-15-pingoru-reconstructed.html.golden.json")...)
	},
	want: 1,
}, {
	name: "snapshots disagree: an update an hour later, another impact and title",
	incs: func(t *testing.T) []incident.Incident {
		other := sgp1(t)
		other.Source.Path = "digitalocean-2019-12-22.html"
		other.Title, other.Impact = "Spaces issue in SGP1", incident.ImpactMajor
		other.Updates = append([]incident.Update(nil), other.Updates...)
		other.Updates[3].At = other.Updates[3].At.Add(time.Hour)
		return []incident.Incident{other, sgp1(t)}
	},
	want: 1,
	check: func(t *testing.T, got []incident.Incident) {
		inc := got[0]
		if len(inc.Updates) != 4 || !inc.Updates[3].At.Equal(sgp1(t).Updates[3].At) {
			t.Errorf("updates %v, want 4 with the earliest resolve", inc.Updates)
		}
		// Both show 4 updates; the other's last is later, so its title wins.
		if inc.Impact != incident.ImpactMajor || inc.Title != "Spaces issue in SGP1" {
			t.Errorf("impact %s title %q", inc.Impact, inc.Title)
		}
		for _, s := range []string{"time of the resolved update", "2019-12-21 12:31 (digitalocean-incident", "2019-12-21 13:31 (digitalocean-2019-12-22.html)",
			`the impact: "major" (digitalocean-2019-12-22.html) vs "minor"`, `the title: "Spaces issue in SGP1" (`} {
			if !warned(inc, analyze.WarnSnapshotsDisagree, s) {
				t.Errorf("no snapshots_disagree warning with %q: %v", s, inc.Notes)
			}
		}
	},
}, {
	name: "an update repeated later is kept twice",
	incs: func(t *testing.T) []incident.Incident {
		a, b := sgp1(t), sgp1(t)
		b.Source.Path = "later.html"
		again := b.Updates[1]
		again.At = again.At.Add(20 * time.Minute)
		b.Updates = append(append(append([]incident.Update(nil), b.Updates[:2]...), again), b.Updates[2:]...)
		return []incident.Incident{b, a}
	},
	want: 1,
	check: func(t *testing.T, got []incident.Incident) {
		if len(got[0].Updates) != 5 || len(got[0].Notes) != 0 {
			t.Errorf("updates %d, warnings %v", len(got[0].Updates), got[0].Notes)
		}
	},
}, {
	name: "different vendors never merge",
	incs: func(t *testing.T) []incident.Incident {
		other := sgp1(t)
		other.Vendor = "Linode"
		return []incident.Incident{sgp1(t), other}
	},
	want: 2,
}, {
	name: "same title on different days does not merge (GitHub, Incident with Actions)",
	incs: func(t *testing.T) []incident.Incident {
		var incs []incident.Incident
		for _, inc := range append(golden(t, "statuspage-json/github-incidents-2026-07-trimmed.json.golden.json"),
			golden(t, "statuspage-feed/github-history-2026-08-22.atom.golden.json")...) {
			if inc.Title == "Incident with Actions" {
				inc.ID, inc.URL = "", ""
				incs = append(incs, inc)
			}
		}
		return incs
	},
	want: 2,
}, {
	name: "same title, a week later, no id: two incidents",
	incs: func(t *testing.T) []incident.Incident {
		a := sgp1(t)
		b := sgp1(t)
		b.ID, b.URL = "", ""
		b.Updates = append([]incident.Update(nil), b.Updates...)
		for i := range b.Updates {
			b.Updates[i].At = b.Updates[i].At.Add(7 * 24 * time.Hour)
		}
		return []incident.Incident{a, b}
	},
	want: 2,
}, {
	name: "GCP id 20008 used for two incidents months apart: kept apart, warned",
	incs: func(t *testing.T) []incident.Incident {
		var incs []incident.Incident
		for _, inc := range golden(t, "gcp-json/gcp-status-incidents-old-schema-2020-11-trimmed.json.golden.json") {
			if inc.ID == "20008" {
				inc.URL = "" // only the id in common
				incs = append(incs, inc)
			}
		}
		return incs
	},
	want: 2,
	check: func(t *testing.T, got []incident.Incident) {
		for _, inc := range got {
			if !warned(inc, analyze.WarnIDReused, "not merged") {
				t.Errorf("%q: no id_reused warning: %v", inc.Title, inc.Notes)
			}
		}
	},
}}

func TestMergeCases(t *testing.T) {
	for _, tt := range mergeCases {
		t.Run(tt.name, func(t *testing.T) {
			got := merge(tt.incs(t)...)
			if len(got) != tt.want {
				t.Fatalf("%d incidents, want %d: %q", len(got), tt.want, titles(got))
			}
			if tt.check != nil {
				tt.check(t, got)
			}
		})
	}
}

// BenchmarkMerge merges 100,000 incidents: the real fixture incidents
// replicated with shifted ids and times, each seen in two documents.
func BenchmarkMerge(b *testing.B) {
	var base []incident.Incident
	for _, name := range goldenFiles(b) {
		base = append(base, golden(b, name)...)
	}
	n := 100_000
	if testing.Short() {
		n = 10_000
	}
	incs := make([]incident.Incident, 0, n)
	for i := 0; len(incs) < n; i++ {
		for _, inc := range base {
			c := inc
			c.ID = fmt.Sprintf("%s-%d", inc.ID, i/2)
			c.Title = fmt.Sprintf("%s %d", inc.Title, i/2)
			if c.URL != "" {
				c.URL = fmt.Sprintf("%s-%d", inc.URL, i/2)
			}
			c.Source.Path = fmt.Sprintf("%s-%d", inc.Source.Path, i)
			c.Updates = append([]incident.Update(nil), inc.Updates...)
			for j := range c.Updates {
				c.Updates[j].At = c.Updates[j].At.Add(time.Duration(i/2) * 7 * time.Hour)
			}
			incs = append(incs, c)
		}
	}
	incs = incs[:n]
	b.ResetTimer()
	for b.Loop() {
		m := analyze.NewMerger()
		for _, inc := range incs {
			m.Add(inc)
		}
		_ = m.Incidents()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "incidents/s")
}
