package main

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postmortem-dev/postmortem/parse"
)

// TestNoTextLost cuts every text fixture and devset page at 10 random
// points and checks, for each cut, that the run exits 0 when it gave an
// incident and that every line of the cut text is somewhere in what the
// tool kept: the incidents' titles, vendors, components, update bodies and
// stamps, postmortems, unplaced text and page-field evidence (issue 10).
func TestNoTextLost(t *testing.T) {
	var paths []string
	for _, pat := range []string{
		"../../testdata/devset/pages/*.txt",
		"../../testdata/parse/*-text/*.txt",
		"../../testdata/sample/*.txt",
	} {
		m, _ := filepath.Glob(pat)
		paths = append(paths, m...)
	}
	if len(paths) == 0 {
		t.Fatal("no text documents found")
	}
	rng := rand.New(rand.NewPCG(10, 10))
	dir := t.TempDir()
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(strings.TrimSpace(string(data)), "{") || strings.HasPrefix(strings.TrimSpace(string(data)), "[") {
			continue // JSON kept as text by the search tool: not a text document
		}
		for i := 0; i < 10; i++ {
			cut := string(data)
			if len(cut) > 40 {
				cut = cut[:40+rng.IntN(len(cut)-40)]
			}
			cut = strings.ToValidUTF8(cut, "")
			f := filepath.Join(dir, "cut.txt")
			if err := os.WriteFile(f, []byte(cut), 0o644); err != nil {
				t.Fatal(err)
			}
			ios, out, errb := testIO("")
			code := run([]string{"parse", "-q", f}, ios)
			var incs []any
			if json.Unmarshal(out.Bytes(), &incs) != nil || len(incs) == 0 {
				continue // no incident: nothing to keep it in (the run says why)
			}
			if code != 0 {
				t.Errorf("%s cut at %d: exit %d although it gave %d incidents: %s", filepath.Base(p), len(cut), code, len(incs), errb)
			}
			kept := normSpace(keptText(incs))
			for _, line := range strings.Split(cut, "\n") {
				l := normSpace(line)
				if len([]rune(l)) < 3 || parse.Structural(line) {
					continue
				}
				if !strings.Contains(kept, l) {
					t.Errorf("%s cut at %d: line lost: %q", filepath.Base(p), len(cut), l)
					break
				}
			}
		}
	}
}

// keptText gathers every string value of the parsed incidents.
func keptText(v any) string {
	var b strings.Builder
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			b.WriteString(x)
			b.WriteByte('\n')
		case []any:
			for _, e := range x {
				walk(e)
			}
		case map[string]any:
			for k, e := range x {
				if k == "source" || k == "sources" {
					continue
				}
				walk(e)
			}
		}
	}
	walk(v)
	return b.String()
}

func normSpace(s string) string { return strings.Join(strings.Fields(s), " ") }
