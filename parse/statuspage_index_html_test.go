package parse_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/postmortem-dev/postmortem/parse"
)

func FuzzStatuspageIndexHTML(f *testing.F) { fuzzReader(f, "statuspage-index-html") }

// TestStatuspageIndexNoIncidents checks that all-operational home pages
// are claimed by statuspage-index-html and read as ErrNoIncidents.
func TestStatuspageIndexNoIncidents(t *testing.T) {
	for _, name := range []string{"none-1password-index-all-operational-2021-01.html", "none-streamyard-index-no-incidents.html"} {
		data, err := os.ReadFile(filepath.Join(testdata, "statuspage-index-html", name))
		if err != nil {
			t.Fatal(err)
		}
		in := &parse.Input{Name: name, Data: data, Kind: parse.KindHTML}
		if r, err := parse.Detect(in); err != nil || r.Name() != "statuspage-index-html" {
			t.Errorf("%s: detected as %v, %v", name, r, err)
		}
		if _, err := parse.Read(&parse.Input{Name: name, Data: data}, ""); !errors.Is(err, parse.ErrNoIncidents) {
			t.Errorf("%s: error %v, want ErrNoIncidents", name, err)
		}
	}
}

// TestStatuspageIndexYearWithoutIssued reads the Box page without its
// <meta name="issued">: years then come from the day headers alone, and
// the postmortem row (Jan 14) of an incident listed under Jan 8, 2021 must
// still land in 2021.
func TestStatuspageIndexYearWithoutIssued(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(testdata, "statuspage-index-html", "box-index-with-postmortem-pst-2021-01.html"))
	if err != nil {
		t.Fatal(err)
	}
	data = regexp.MustCompile(`<meta name="issued"[^>]*>`).ReplaceAll(data, nil)
	incs, err := parse.Read(&parse.Input{Name: "box.html", Data: data}, "")
	if err != nil || len(incs) != 2 {
		t.Fatalf("got %d incidents, %v", len(incs), err)
	}
	pm := incs[1].Postmortem
	if want := time.Date(2021, 1, 14, 16, 53, 0, 0, time.UTC); pm == nil || !pm.At.Equal(want) {
		t.Errorf("postmortem %+v, want at %s", pm, want)
	}
	if got := incs[1].Updates[0].At; got.Year() != 2021 {
		t.Errorf("first update %s, want 2021", got)
	}
}

// TestStatuspageIndexQuoteStyles checks that data-var attributes are read
// whatever their quote style (both appear in real pages).
func TestStatuspageIndexQuoteStyles(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(testdata, "statuspage-index-html", "pypi-index-unresolved-incident-cross-year-2021-01.html"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := parse.Read(&parse.Input{Name: "a", Data: data}, "")
	if err != nil {
		t.Fatal(err)
	}
	swapped := bytes.ReplaceAll(data, []byte("data-var='"), []byte(`data-var="`))
	swapped = regexp.MustCompile(`data-var="(date|time|year)'`).ReplaceAll(swapped, []byte(`data-var="$1"`))
	got, err := parse.Read(&parse.Input{Name: "a", Data: swapped}, "")
	if err != nil || len(got) != len(want) {
		t.Fatalf("got %d incidents, %v", len(got), err)
	}
	for i := range got {
		for j := range got[i].Updates {
			if !got[i].Updates[j].At.Equal(want[i].Updates[j].At) {
				t.Errorf("incident %d update %d: %s, want %s", i, j, got[i].Updates[j].At, want[i].Updates[j].At)
			}
		}
	}
}

// TestStatuspageCorpus reads every Statuspage HTML document of the shared
// corpus (skipped when it is not present) and checks reader and count.
func TestStatuspageCorpus(t *testing.T) {
	const dir = "../../shared/corpus"
	if _, err := os.Stat(dir); err != nil {
		t.Skip("shared corpus not present")
	}
	tests := []struct {
		file, reader string
		n            int // 0: ErrNoIncidents
	}{
		{"statuspage-html/digitalocean-incident-spaces-sgp1-saved-by-chrome.mhtml", "statuspage-html", 1},
		{"statuspage-html/fastly-index-15-day-history-2021-01-22.html", "statuspage-index-html", 15},
		{"statuspage-html/zoom-index-pst-2021-01.html", "statuspage-index-html", 6},
		{"statuspage-html/balena-index-with-postmortem-2021-01.html", "statuspage-index-html", 6},
		{"statuspage-html/box-index-with-postmortem-pst-2021-01.html", "statuspage-index-html", 2},
		{"statuspage-html/pypi-index-unresolved-incident-cross-year-2021-01.html", "statuspage-index-html", 3},
		{"statuspage-html/1password-index-2021-01.html", "statuspage-index-html", 0},
		{"statuspage-html/streamyard-index-no-incidents.html", "statuspage-index-html", 0},
		{"statuspage-history-html/streamyard-history-react-props-empty-months.html", "statuspage-history-html", 0},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			incs, err := parse.Read(&parse.Input{Name: tt.file, Data: data}, "")
			if tt.n == 0 {
				if !errors.Is(err, parse.ErrNoIncidents) {
					t.Errorf("error %v, want ErrNoIncidents", err)
				}
				return
			}
			if err != nil || len(incs) != tt.n {
				t.Fatalf("%d incidents, %v; want %d", len(incs), err, tt.n)
			}
			for i := range incs {
				if incs[i].Source.Reader != tt.reader {
					t.Errorf("read by %s, want %s", incs[i].Source.Reader, tt.reader)
				}
				if err := incs[i].Check(); err != nil {
					t.Errorf("incident %d: %v", i, err)
				}
			}
		})
	}
}
