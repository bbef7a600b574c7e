package source_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/postmortem-dev/postmortem/parse/source"
)

// walkWithin is walk, failing t (instead of hanging the test binary) when
// the walk has not ended after d: a bounded guard against a blocking open.
func walkWithin(t *testing.T, d time.Duration, inputs []string, opt source.Options) []source.Doc {
	t.Helper()
	done := make(chan []source.Doc, 1)
	go func() {
		var docs []source.Doc
		_ = source.Walk(inputs, opt, func(d source.Doc) error {
			docs = append(docs, d)
			return nil
		})
		done <- docs
	}()
	select {
	case docs := <-done:
		return docs
	case <-time.After(d):
		t.Fatalf("Walk(%q) still running after %v", inputs, d)
		return nil
	}
}

// TestFIFONotOpened is issue 11 case 2: a FIFO given as an argument (or
// matched by a glob) is a per-file ErrNotRegular failure decided from its
// Stat; opening it would block until a writer comes.
func TestFIFONotOpened(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.txt")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	good := write(t, dir, "good.json", []byte(`{"page":{"name":"x"}}`))
	for _, inputs := range [][]string{{fifo, good}, {filepath.Join(dir, "*")}} {
		docs := walkWithin(t, 2*time.Second, inputs, source.Options{})
		if len(docs) != 2 {
			t.Fatalf("%q: %d docs, want 2", inputs, len(docs))
		}
		var bad, ok source.Doc
		for _, d := range docs {
			if d.Name == fifo {
				bad = d
			} else {
				ok = d
			}
		}
		if !errors.Is(bad.Err, source.ErrNotRegular) || !strings.Contains(bad.Err.Error(), "not a regular file (a FIFO)") {
			t.Errorf("%q: FIFO gives %v, want ErrNotRegular", inputs, bad.Err)
		}
		if ok.Name != good || ok.Err != nil || len(ok.Data) == 0 {
			t.Errorf("%q: the good file gives %q %v", inputs, ok.Name, ok.Err)
		}
	}
	// under a directory, special files are skipped without a word
	docs := walkWithin(t, 2*time.Second, []string{dir}, source.Options{})
	if len(docs) != 1 || docs[0].Name != good {
		t.Errorf("directory walk: %d docs %v, want only %s", len(docs), docs, good)
	}
}

// TestLargeFileRefusedFromStat is issue 11 case 3 for a plain file: a
// 300 MB (sparse) file is refused from its size, before it is read; the
// error says so ("not read"), unlike the reading path's "larger than".
// Reading it would take 300 MB of memory and seconds.
func TestLargeFileRefusedFromStat(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.txt")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = f.WriteString("Incident Report for X\n")
	f.Close()
	if err := os.Truncate(big, 300<<20); err != nil {
		t.Skipf("truncate: %v", err)
	}
	docs := walkWithin(t, 5*time.Second, []string{big}, source.Options{})
	if len(docs) != 1 || !errors.Is(docs[0].Err, source.ErrTooLarge) {
		t.Fatalf("docs %v, want one ErrTooLarge", docs)
	}
	if msg := docs[0].Err.Error(); msg != "document is larger than 64 MiB (314572800 bytes): not read" {
		t.Errorf("error %q", msg)
	}
	// a file within the cap is still read whole
	small := write(t, dir, "small.txt", bytes.Repeat([]byte("x"), 1<<20))
	docs = walk(t, []string{small}, source.Options{MaxMember: 1 << 20})
	if len(docs) != 1 || docs[0].Err != nil || len(docs[0].Data) != 1<<20 {
		t.Errorf("1 MiB file at a 1 MiB cap: %v", docs)
	}
}

// TestEmptyDirectoryNote checks that a directory with no document is
// reported (as ErrNoDocuments, a note for the command) instead of nothing.
func TestEmptyDirectoryNote(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty")
	hiddenOnly := filepath.Join(dir, "hidden")
	for _, d := range []string{empty, hiddenOnly} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write(t, hiddenOnly, ".DS_Store", []byte("x"))
	for _, d := range []string{empty, hiddenOnly} {
		docs := walk(t, []string{d}, source.Options{})
		if len(docs) != 1 || docs[0].Name != d || !errors.Is(docs[0].Err, source.ErrNoDocuments) ||
			docs[0].Err.Error() != "no documents in "+d {
			t.Errorf("%s: %v, want one ErrNoDocuments", d, docs)
		}
	}
	write(t, empty, "a.txt", []byte("x"))
	if docs := walk(t, []string{empty}, source.Options{}); len(docs) != 1 || docs[0].Err != nil {
		t.Errorf("a directory with a file: %v", docs)
	}
}

// TestWARCOverstatedLength is issue 11 case 8: a record whose
// Content-Length runs into the next record (or past the end of the file)
// is reported, naming it, and reading resumes at the record its block
// swallowed, so that no other record is lost. Before, the swallowed
// records vanished without a word.
func TestWARCOverstatedLength(t *testing.T) {
	doc := func(i int) rec {
		return response(fmt.Sprintf("%s%d", site, i), "200 OK", "Content-Type: text/plain\r\n", []byte(fmt.Sprintf("document %d", i)))
	}
	meta := func(i, pad int) rec {
		return rec{typ: "metadata", uri: fmt.Sprintf("%smeta%d", site, i), ctype: "application/warc-fields",
			block: append(bytes.Repeat([]byte("x"), pad), "\r\nfetchTimeMs: 12\r\n"...)}
	}
	over := func(r rec, by int) rec { r.length = fmt.Sprint(len(r.block) + by); return r }
	cases := []struct {
		name   string
		recs   []rec
		broken string // the record reported
	}{
		{"kept record overruns one", []rec{doc(1), over(doc(2), 60), doc(3), doc(4)}, site + "2"},
		{"kept record overruns two", []rec{doc(1), over(doc(2), 600), doc(3), doc(4)}, site + "2"},
		{"kept record runs past the end", []rec{doc(1), over(doc(2), 1<<20), doc(3), doc(4)}, site + "2"},
		{"skipped record overruns", []rec{doc(1), over(meta(2, 10), 80), doc(3), doc(4)}, site + "meta2"},
		{"skipped record runs past the end", []rec{doc(1), over(meta(2, 10), 1<<20), doc(3), doc(4)}, site + "meta2"},
		{"large skipped record overruns", []rec{doc(1), over(meta(2, 200<<10), 400), doc(3), doc(4)}, site + "meta2"},
	}
	// the next record's start may fall on any byte of a read chunk
	for pad := 64<<10 - 40; pad < 64<<10+40; pad += 3 {
		cases = append(cases, struct {
			name   string
			recs   []rec
			broken string
		}{fmt.Sprintf("skipped record of %d bytes", pad), []rec{doc(1), over(meta(2, pad), 200), doc(3), doc(4)}, site + "meta2"})
	}
	for _, perRecord := range []bool{false, true} {
		for _, c := range cases {
			docs := walk(t, []string{"-"}, source.Options{Stdin: bytes.NewReader(joinRecs(c.recs, perRecord))})
			var got []string
			for _, d := range docs {
				if d.Err != nil {
					got = append(got, "error "+strings.TrimPrefix(d.Name, "-!"))
					if !errors.Is(d.Err, source.ErrCorrupt) || !strings.Contains(d.Err.Error(), "WARC record 2 at byte ") ||
						!strings.Contains(d.Err.Error(), "block overruns into the next record") {
						t.Errorf("%s/gzip=%v: %v", c.name, perRecord, d.Err)
					}
					continue
				}
				got = append(got, string(d.Data))
			}
			want := []string{"document 1", "error " + c.broken + " (" + warcDate + ")", "document 3", "document 4"}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s/gzip=%v: got %q, want %q", c.name, perRecord, got, want)
			}
		}
	}
}

// TestWARCRightLengthWithEmbeddedRecord checks that a block holding a
// WARC record as data (a WARC file archived as a resource) is kept whole
// when its Content-Length is right: the resync happens only when the
// block does not end where it says.
func TestWARCRightLengthWithEmbeddedRecord(t *testing.T) {
	inner := doc1Bytes()
	outer := rec{typ: "resource", uri: site + "inner.txt", ctype: "text/plain", block: append([]byte("archived:\r\n\r\n"), inner...)}
	docs := walk(t, []string{"-"}, source.Options{Stdin: bytes.NewReader(joinRecs([]rec{outer}, false))})
	if len(docs) != 1 || docs[0].Err != nil || !bytes.Equal(docs[0].Data, outer.block) {
		t.Fatalf("docs %v", docs)
	}
}

func doc1Bytes() []byte {
	return response(site+"1", "200 OK", "Content-Type: text/plain\r\n", []byte("document 1")).bytes()
}
