package parse_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/postmortem-dev/postmortem/parse"
	"github.com/postmortem-dev/postmortem/parse/incident"
)

func FuzzStatuspageFeed(f *testing.F) { fuzzReader(f, "statuspage-feed") }
func FuzzAzureRSS(f *testing.F)       { fuzzReader(f, "azure-rss") }
func FuzzHundHTML(f *testing.F)       { fuzzReader(f, "hund-html") }
func FuzzPostmortemText(f *testing.F) { fuzzReader(f, "postmortem-text") }

// corpus is shared/corpus seen from package parse; tests using it skip
// when the shared folder is not beside the repository.
const corpus = "../../shared/corpus"

// rssFeed wraps items in a Statuspage history.rss channel.
func rssFeed(items ...string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>Example Status - Incident History</title>
    <link>https://status.example.com</link>
    <description>Statuspage</description>
` + strings.Join(items, "") + `  </channel>
</rss>
`
}

// rssItem builds one item; paragraphs are (stamp, status, body) triples,
// newest first, written the way Statuspage escapes them.
func rssItem(pubDate string, paras ...[3]string) string {
	var b strings.Builder
	for _, p := range paras {
		b.WriteString("&lt;p&gt;&lt;small&gt;" + p[0] + "&lt;/small&gt;&lt;br&gt;&lt;strong&gt;" + p[1] + "&lt;/strong&gt; - " + p[2] + "&lt;/p&gt;")
	}
	return `    <item>
      <title>Example incident</title>
      <description>
` + b.String() + `      </description>
      <pubDate>` + pubDate + `</pubDate>
      <link>https://status.example.com/incidents/abc123</link>
      <guid>https://status.example.com/incidents/abc123</guid>
    </item>
`
}

func readOne(t *testing.T, doc string) incident.Incident {
	t.Helper()
	incs, err := parse.Read(&parse.Input{Name: "feed.rss", Data: []byte(doc)}, "")
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	if len(incs) != 1 || incs[0].Source.Reader != "statuspage-feed" {
		t.Fatalf("got %d incidents (%+v), want 1 from statuspage-feed", len(incs), incs)
	}
	return incs[0]
}

func updateTimes(inc incident.Incident) []string {
	var out []string
	for _, u := range inc.Updates {
		out = append(out, u.At.Format(time.RFC3339))
	}
	return out
}

// TestFeedYears checks year placement from the item date, walking newest to
// oldest, across New Year inside one incident and between items.
func TestFeedYears(t *testing.T) {
	tests := []struct {
		name, pubDate string
		paras         [][3]string
		want          []string // oldest first
	}{
		{
			// Shape of Parse 2014 ("Jan  1, 09:09 PST", no <var>), moved to cross midnight on Dec 31.
			name:    "new year inside one incident",
			pubDate: "Wed, 01 Jan 2014 09:09:00 -0800",
			paras: [][3]string{
				{"Jan  1, 09:09 PST", "Resolved", "We have restored the system to its normal level of operation."},
				{"Dec 31, 23:50 PST", "Investigating", "We are currently investigating an issue with elevated error rates."},
			},
			want: []string{"2014-01-01T07:50:00Z", "2014-01-01T17:09:00Z"},
		},
		{
			name:    "new year in UTC with var tags",
			pubDate: "Thu, 02 Jan 2020 12:35:12 +0000",
			paras: [][3]string{
				{"Jan &lt;var data-var='date'&gt; 2&lt;/var&gt;, &lt;var data-var='time'&gt;12:35&lt;/var&gt; UTC", "Resolved", "This incident has been resolved."},
				{"Dec &lt;var data-var='date'&gt;31&lt;/var&gt;, &lt;var data-var='time'&gt;22:10&lt;/var&gt; UTC", "Identified", "The issue has been identified."},
			},
			want: []string{"2019-12-31T22:10:00Z", "2020-01-02T12:35:00Z"},
		},
		{
			// The ruzismart sample incident: the Investigating post is stamped after Resolved.
			name:    "out of order stamps stay in the same year",
			pubDate: "Wed, 14 Aug 2019 03:42:34 +0000",
			paras: [][3]string{
				{"Aug 14, 03:42 UTC", "Resolved", "Empathize with those affected."},
				{"Aug 14, 04:08 UTC", "Investigating", "When your product or service isn’t functioning as expected."},
			},
			want: []string{"2019-08-14T03:42:00Z", "2019-08-14T04:08:00Z"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inc := readOne(t, rssFeed(rssItem(tt.pubDate, tt.paras...)))
			if got := updateTimes(inc); strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("update times %v, want %v", got, tt.want)
			}
		})
	}
}

// TestFeedDST checks that every update reads its own abbreviation: PDT and
// PST in one feed and inside one entry (DST ended 2019-11-03 in the US).
func TestFeedDST(t *testing.T) {
	inc := readOne(t, rssFeed(rssItem("Sun, 03 Nov 2019 09:00:00 -0800",
		[3]string{"Nov  3, 09:00 PST", "Resolved", "This incident has been resolved."},
		[3]string{"Nov  2, 18:00 PDT", "Investigating", "We are investigating."},
	)))
	want := []string{"2019-11-03T01:00:00Z", "2019-11-03T17:00:00Z"}
	if got := updateTimes(inc); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("update times %v, want %v", got, want)
	}
	if inc.Zone != "PST" {
		t.Errorf("zone %q, want the newest update's PST", inc.Zone)
	}

	// The real Atlassian feed: "Nov 20, 18:35 PST" (published -08:00) and "Nov  1, 18:00 PDT" (published -07:00).
	data, err := os.ReadFile(filepath.Join(testdata, "statuspage-feed", "atlassian-statuspage-history-2019-11-23.atom"))
	if err != nil {
		t.Fatal(err)
	}
	incs, err := parse.Read(&parse.Input{Name: "atlassian.atom", Data: data}, "")
	if err != nil {
		t.Fatal(err)
	}
	stamps := map[string]string{}
	for _, inc := range incs {
		for _, u := range inc.Updates {
			stamps[u.Stamp] = u.At.Format(time.RFC3339)
		}
	}
	for stamp, at := range map[string]string{
		"Nov 20, 18:35 PST": "2019-11-21T02:35:00Z",
		"Nov 1, 18:00 PDT":  "2019-11-02T01:00:00Z",
		"Aug 18, 16:03 PDT": "2019-08-18T23:03:00Z",
	} {
		if stamps[stamp] != at {
			t.Errorf("%q read as %q, want %s", stamp, stamps[stamp], at)
		}
	}
}

// TestFeedContent checks the content variants of FORMATS.md §4 on real
// fixtures: whitespace inside tags, Symantec's own <strong> labels, the
// Parse postmortem and maintenance impact.
func TestFeedContent(t *testing.T) {
	byTitle := func(file string) map[string]incident.Incident {
		data, err := os.ReadFile(filepath.Join(testdata, "statuspage-feed", file))
		if err != nil {
			t.Fatal(err)
		}
		incs, err := parse.Read(&parse.Input{Name: file, Data: data}, "")
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		m := map[string]incident.Incident{}
		for _, inc := range incs {
			m[inc.Title] = inc
		}
		return m
	}
	gh := byTitle("github-history-2026-08-22.atom")["Incident with Actions"]
	if gh.Vendor != "GitHub" || gh.ID == "" || !strings.HasSuffix(gh.URL, "/incidents/"+gh.ID) {
		t.Errorf("github: vendor %q id %q url %q", gh.Vendor, gh.ID, gh.URL)
	}
	if len(gh.Updates) != 2 || gh.Updates[0].Status != incident.StatusInvestigating || gh.Updates[1].Status != incident.StatusResolved {
		t.Fatalf("github updates: %+v", gh.Updates)
	}
	if !strings.HasPrefix(gh.Updates[1].Body, "On February 18, 2026, between 05:02 UTC") || !strings.Contains(gh.Updates[1].Body, "GitHub UI and API.\n\nThese issues") {
		t.Errorf("github resolved body: %q", gh.Updates[1].Body)
	}

	sym := byTitle("symantec-wss-history-2019-12-10.atom")["Network Maintenance in Tel Aviv (TLV1) Data Center December 18, 2019"]
	if len(sym.Updates) != 1 || sym.Updates[0].Status != incident.StatusScheduled || sym.Impact != incident.ImpactMaintenance {
		t.Fatalf("symantec: impact %s, updates %+v", sym.Impact, sym.Updates)
	}
	if !strings.Contains(sym.Updates[0].Body, "\n\nImpact\nThere may be a brief outage") {
		t.Errorf("symantec body lost its own labels: %q", sym.Updates[0].Body)
	}

	pm := byTitle("parse-history-2014-with-postmortem.rss")["Elevated error rates and latency"]
	if pm.Postmortem == nil || pm.Postmortem.At.Format(time.RFC3339) != "2013-12-26T18:22:00Z" ||
		!strings.HasPrefix(pm.Postmortem.Text, "# Summary of the December 24 Parse Service Disruption\n\nWe would like") {
		t.Errorf("parse postmortem: %+v", pm.Postmortem)
	}
	if pm.Impact != incident.ImpactUnknown {
		t.Errorf("parse incident impact %s, want unknown", pm.Impact)
	}
}

// TestFeedAtomRSSSame checks that the DigitalOcean 2020-01-23 .atom and .rss
// give the same updates for every incident they share.
func TestFeedAtomRSSSame(t *testing.T) {
	pairs := [][2]string{{filepath.Join(testdata, "statuspage-feed"), "testdata"}, {filepath.Join(corpus, "statuspage-feed"), "corpus"}}
	for _, p := range pairs {
		t.Run(p[1], func(t *testing.T) {
			atom := readByURL(t, filepath.Join(p[0], "digitalocean-history-2020-01-23.atom"))
			rss := readByURL(t, filepath.Join(p[0], "digitalocean-history-2020-01-23.rss"))
			shared := 0
			for url, a := range atom {
				r, ok := rss[url]
				if !ok {
					continue
				}
				shared++
				if len(a.Updates) != len(r.Updates) {
					t.Errorf("%s: %d updates in atom, %d in rss", url, len(a.Updates), len(r.Updates))
					continue
				}
				for i := range a.Updates {
					ua, ur := a.Updates[i], r.Updates[i]
					if !ua.At.Equal(ur.At) || ua.At.IsZero() || ua.Status != ur.Status || ua.Body != ur.Body {
						t.Errorf("%s update %d: atom %s %s, rss %s %s", url, i, ua.At, ua.Status, ur.At, ur.Status)
					}
				}
			}
			if shared == 0 || shared != len(atom) {
				t.Errorf("%d shared incidents of %d", shared, len(atom))
			}
		})
	}
}

func readByURL(t *testing.T, path string) map[string]incident.Incident {
	t.Helper()
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) && strings.Contains(path, corpus) {
		t.Skip("shared corpus not present")
	}
	if err != nil {
		t.Fatal(err)
	}
	incs, err := parse.Read(&parse.Input{Name: filepath.Base(path), Data: data}, "")
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]incident.Incident{}
	for _, inc := range incs {
		m[inc.URL] = inc
	}
	return m
}
