package parse_test

import (
	"os"
	"strings"
	"testing"

	"github.com/postmortem-dev/postmortem/parse"
)

func FuzzPingoruText(f *testing.F) { fuzzReader(f, "pingoru-text") }

// TestPingoruTrailingText checks that page text pasted after the timeline
// (less indented than the entries' bodies) does not join the last body.
func TestPingoruTrailingText(t *testing.T) {
	data, err := os.ReadFile(testdata + "/pingoru-text/trekksoft-2024-02-15-pingoru.txt")
	if err != nil {
		t.Fatal(err)
	}
	data = append(data, "\n\nPingoru\nStatus pages we watch\n"...)
	incs, err := parse.Read(&parse.Input{Name: "x.txt", Data: data}, "")
	if err != nil || len(incs) != 1 {
		t.Fatalf("got %d incidents, %v", len(incs), err)
	}
	if pm := incs[0].Postmortem; pm == nil || strings.Contains(pm.Text, "Pingoru") {
		t.Errorf("trailing page text read into the postmortem: %+v", pm)
	}
}
