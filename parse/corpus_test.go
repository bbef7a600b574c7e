package parse_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/postmortem-dev/postmortem/parse"
	"github.com/postmortem-dev/postmortem/parse/incident"
)

// sharedCorpus is shared/corpus seen from package parse; tests that need
// it skip when it is absent.
const sharedCorpus = "../../shared/corpus"

// corpusReader is the reader each corpus document must be detected as:
// by folder, except that statuspage-html holds home (index) pages and one
// incident page.
func corpusReader(rel string) string {
	dir, file := filepath.Split(rel)
	switch strings.TrimSuffix(dir, "/") {
	case "statuspage-api-json", "incidentio":
		return "statuspage-json"
	case "gcp":
		return "gcp-json"
	case "aws":
		return "aws-json"
	case "slack":
		return "slack-json"
	case "statuspage-feed":
		return "statuspage-feed"
	case "azure":
		return "azure-rss"
	case "other":
		return "hund-html"
	case "statuspage-history-html":
		return "statuspage-history-html"
	case "statuspage-html":
		if strings.Contains(file, "-index-") {
			return "statuspage-index-html"
		}
		return "statuspage-html"
	}
	return ""
}

// corpusFiles lists every document of shared/corpus (its two Markdown
// notes, FORMATS.md and PROVENANCE.md, are documentation, not documents).
func corpusFiles(t *testing.T) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(sharedCorpus, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && filepath.Dir(p) != sharedCorpus {
			rel, _ := filepath.Rel(sharedCorpus, p)
			files = append(files, rel)
		}
		return nil
	})
	if errors.Is(err, os.ErrNotExist) {
		t.Skip("shared/corpus is not beside the repository")
	}
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestCorpus reads every document of shared/corpus under a random name:
// it must be detected as its reader (content, not name), no other reader
// may claim it as strongly, and it must yield incidents that keep the
// model invariants, or an explicit "no incidents" result.
func TestCorpus(t *testing.T) {
	files := corpusFiles(t)
	if len(files) < 49 {
		t.Fatalf("only %d corpus documents found", len(files))
	}
	for i, rel := range files {
		t.Run(rel, func(t *testing.T) {
			want := corpusReader(rel)
			if want == "" {
				t.Fatalf("no expected reader for %s: add its folder to corpusReader", rel)
			}
			data, err := os.ReadFile(filepath.Join(sharedCorpus, rel))
			if err != nil {
				t.Fatal(err)
			}
			name := fmt.Sprintf("doc-%04d.bin", i*7919%10007)
			in := &parse.Input{Name: name, Data: data}
			if err := parse.Prepare(in); err != nil {
				t.Fatal(err)
			}
			var claims []string
			best := parse.No
			for _, r := range parse.Readers() {
				if r.Kind() != in.Kind {
					continue
				}
				if c := r.Detect(in); c > best {
					best, claims = c, []string{r.Name()}
				} else if c == best && c > parse.No {
					claims = append(claims, r.Name())
				}
			}
			if len(claims) != 1 || claims[0] != want {
				t.Fatalf("claimed by %v at confidence %d, want only %s", claims, best, want)
			}
			incs, err := parse.Read(&parse.Input{Name: name, Data: data}, "")
			switch {
			case errors.Is(err, parse.ErrNoIncidents) && len(incs) == 0:
			case err != nil:
				t.Errorf("read: %v", err)
			case len(incs) == 0:
				t.Errorf("no incidents and no error")
			}
			for j := range incs {
				if incs[j].Source.Reader != want {
					t.Errorf("incident %d read by %s", j, incs[j].Source.Reader)
				}
				if err := incs[j].Check(); err != nil {
					t.Errorf("incident %d: %v", j, err)
				}
			}
		})
	}
}

func readCorpus(t *testing.T, rel string) []incident.Incident {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(sharedCorpus, rel))
	if errors.Is(err, os.ErrNotExist) {
		t.Skip("shared/corpus is not beside the repository")
	}
	if err != nil {
		t.Fatal(err)
	}
	incs, err := parse.Read(&parse.Input{Name: rel, Data: data}, "")
	if err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
	return incs
}

// timeline is an incident's updates as "status@minute" strings: feeds and
// pages show minutes, APIs seconds.
func timeline(inc incident.Incident) []string {
	out := make([]string, len(inc.Updates))
	for i, u := range inc.Updates {
		out[i] = string(u.Status) + "@" + u.At.UTC().Truncate(time.Minute).Format(time.RFC3339)
	}
	return out
}

func byID(incs []incident.Incident) map[string]incident.Incident {
	m := map[string]incident.Incident{}
	for _, inc := range incs {
		if inc.ID != "" {
			m[inc.ID] = inc
		}
	}
	return m
}

// TestCrossFormatAgreement: the same incident read from different formats
// gives the same update times and statuses.
func TestCrossFormatAgreement(t *testing.T) {
	t.Run("DigitalOcean SGP1: MHTML page, Atom, RSS", func(t *testing.T) {
		page := readCorpus(t, "statuspage-html/digitalocean-incident-spaces-sgp1-saved-by-chrome.mhtml")
		if len(page) != 1 || page[0].Title != "Spaces issue in SGP1 region" {
			t.Fatalf("page gave %d incidents", len(page))
		}
		want := timeline(page[0])
		for _, feed := range []string{"statuspage-feed/digitalocean-history-2020-01-23.atom", "statuspage-feed/digitalocean-history-2020-01-23.rss"} {
			inc, ok := byID(readCorpus(t, feed))[page[0].ID]
			if !ok {
				t.Fatalf("%s: no incident %s", feed, page[0].ID)
			}
			if got := timeline(inc); strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("%s:\n got %v\nwant %v", feed, got, want)
			}
		}
	})
	t.Run("GitHub: incidents.json and history.atom", func(t *testing.T) {
		api := byID(readCorpus(t, "statuspage-api-json/github-incidents-2026-07.json"))
		shared := 0
		for _, feed := range []string{"statuspage-feed/github-history-2026-08-22.atom", "statuspage-feed/github-history-2022-06-08.atom"} {
			for _, inc := range readCorpus(t, feed) {
				a, ok := api[inc.ID]
				if !ok {
					continue
				}
				shared++
				if got, want := timeline(inc), timeline(a); strings.Join(got, " ") != strings.Join(want, " ") {
					t.Errorf("%s %q:\n feed %v\n  api %v", inc.ID, inc.Title, got, want)
				}
			}
		}
		if shared == 0 {
			t.Fatal("the GitHub feed and incidents.json share no incident")
		}
		t.Logf("%d GitHub incidents compared", shared)
	})
}
