package parse_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/postmortem-dev/postmortem/parse"
)

func FuzzStatuspageText(f *testing.F) { fuzzReader(f, "statuspage-text") }

// TestStatuspageTextOfHTMLPage reads the visible text of the DigitalOcean
// incident page with statuspage-text and checks it agrees with
// statuspage-html (which has the exact epoch times) to the minute.
func TestStatuspageTextOfHTMLPage(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(testdata, "statuspage-html", "digitalocean-incident-spaces-sgp1-saved-by-chrome.mhtml"))
	if err != nil {
		t.Fatal(err)
	}
	html, err := parse.Read(&parse.Input{Name: "do.mhtml", Data: data}, "")
	if err != nil || len(html) != 1 {
		t.Fatalf("html: %d incidents, %v", len(html), err)
	}
	text, err := parse.Read(&parse.Input{Name: "do.mhtml", Data: data}, "statuspage-text")
	if err != nil || len(text) != 1 {
		t.Fatalf("text: %d incidents, %v", len(text), err)
	}
	h, x := html[0], text[0]
	if x.Title != h.Title || x.Vendor != h.Vendor || !slices.Equal(x.Components, h.Components) || len(x.Updates) != len(h.Updates) {
		t.Fatalf("text reader got %q %q %q %d updates; html reader %q %q %q %d", x.Title, x.Vendor, x.Components, len(x.Updates), h.Title, h.Vendor, h.Components, len(h.Updates))
	}
	for i := range x.Updates {
		if x.Updates[i].Status != h.Updates[i].Status || !x.Updates[i].At.Equal(h.Updates[i].At.Truncate(time.Minute)) {
			t.Errorf("update %d: text %s %s, html %s %s", i, x.Updates[i].Status, x.Updates[i].At, h.Updates[i].Status, h.Updates[i].At)
		}
	}
}
