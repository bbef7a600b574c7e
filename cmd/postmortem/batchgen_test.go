package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/postmortem-dev/postmortem/parse"
)

// template is one real document the generator replicates, with the
// incident ids found in it (replaced by fresh ones in every copy).
type template struct {
	name string
	data []byte
	ids  []string
}

// maxTemplate keeps the generated mix close to what one daily snapshot of
// a status page weighs; the largest fixtures (15-day home pages, whole
// incidents.json dumps) are left out.
const maxTemplate = 64 << 10

// templates loads the real documents of testdata/parse and testdata/sample
// (no bad-*, none-* or fuzz-* cases) that are at most maxTemplate bytes.
func templates(tb testing.TB) []template {
	tb.Helper()
	paths, _ := filepath.Glob("../../testdata/parse/*/*")
	more, _ := filepath.Glob(sample + "/*")
	paths = append(paths, more...)
	sort.Strings(paths)
	var out []template
	for _, p := range paths {
		base := filepath.Base(p)
		if strings.Contains(base, ".golden.") || base == "PROVENANCE.md" ||
			strings.HasPrefix(base, "bad-") || strings.HasPrefix(base, "none-") || strings.HasPrefix(base, "fuzz-") {
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil || len(data) > maxTemplate {
			continue
		}
		incs, err := parse.Read(&parse.Input{Name: base, Data: bytes.Clone(data)}, "")
		if err != nil || len(incs) == 0 {
			continue
		}
		t := template{name: filepath.Base(filepath.Dir(p)) + "-" + base, data: data}
		for _, inc := range incs {
			if len(inc.ID) >= 3 {
				t.ids = append(t.ids, inc.ID)
			}
		}
		out = append(out, t)
	}
	if len(out) < 10 {
		tb.Fatalf("only %d templates", len(out))
	}
	return out
}

// yearRE matches the years the fixtures' incidents fall in (2008–2049);
// earlier ones are namespaces and tags ("http://www.w3.org/2005/Atom",
// "tag:host,2005:/history") that must stay as they are.
var yearRE = regexp.MustCompile(`\b20(?:0[89]|[1-4][0-9])\b`)

// variant returns copy k of t: every incident id, as a whole word, gets a
// suffix ("k<k>", or six digits for a numeric id so JSON numbers stay
// numbers) and every year 2000–2049 moves forward by 4·(k mod 5) years (a
// multiple of four keeps 29 February valid).
func (t template) variant(k int) []byte {
	data := t.data
	for _, id := range t.ids {
		suffix := "k" + strconv.Itoa(k)
		if strings.Trim(id, "0123456789") == "" {
			suffix = fmt.Sprintf("%06d", k)
		}
		re := regexp.MustCompile(`\b` + regexp.QuoteMeta(id) + `\b`)
		data = re.ReplaceAllLiteral(data, []byte(id+suffix))
	}
	shift := 4 * (k % 5)
	if shift == 0 {
		return data
	}
	return yearRE.ReplaceAllFunc(data, func(y []byte) []byte {
		v, _ := strconv.Atoi(string(y))
		return []byte(strconv.Itoa(v + shift))
	})
}

// genDoc is one generated document: a relative path and its bytes.
type genDoc struct {
	path string
	data []byte
}

// generate calls emit for n documents replicated from ts, cycling through
// the templates, in folders of 1,000.
func generate(ts []template, n int, emit func(genDoc)) {
	for k := range n {
		t := ts[k%len(ts)]
		emit(genDoc{path: fmt.Sprintf("%03d/%06d-%s", k/1000, k, t.name), data: t.variant(k)})
	}
}

// writeFolder writes the documents under dir and returns their total size.
func writeFolder(tb testing.TB, dir string, ts []template, n int) int64 {
	tb.Helper()
	var size int64
	generate(ts, n, func(d genDoc) {
		p := filepath.Join(dir, filepath.FromSlash(d.path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, d.data, 0o644); err != nil {
			tb.Fatal(err)
		}
		size += int64(len(d.data))
	})
	return size
}

// zipBytes, tarGzBytes and warcBytes pack documents the way colleagues and
// crawlers hand them over.
func zipBytes(tb testing.TB, docs []genDoc) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, d := range docs {
		w, err := zw.Create(d.path)
		if err != nil {
			tb.Fatal(err)
		}
		_, _ = w.Write(d.data)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func tarGzBytes(tb testing.TB, docs []genDoc) []byte {
	var buf bytes.Buffer
	gw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gw)
	for _, d := range docs {
		if err := tw.WriteHeader(&tar.Header{Name: d.path, Mode: 0o644, Size: int64(len(d.data)), Typeflag: tar.TypeReg}); err != nil {
			tb.Fatal(err)
		}
		_, _ = tw.Write(d.data)
	}
	if err := tw.Close(); err != nil {
		tb.Fatal(err)
	}
	_ = gw.Close()
	return buf.Bytes()
}

// warcURL is where the generated pages were "crawled" from.
const warcURL = "https://archive.example/"

// warcBytes writes a WARC/1.1 file, one gzip member per record, with one
// HTTP response record per document.
func warcBytes(docs []genDoc) []byte {
	var out bytes.Buffer
	for i, d := range docs {
		payload := fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n", mimeOf(d.path), len(d.data))
		block := append([]byte(payload), d.data...)
		head := fmt.Sprintf("WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-%012d>\r\n"+
			"WARC-Date: 2026-11-01T00:00:00Z\r\nWARC-Target-URI: %s%s\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n",
			i, warcURL, d.path, len(block))
		gw := gzip.NewWriter(&out)
		_, _ = gw.Write([]byte(head))
		_, _ = gw.Write(block)
		_, _ = gw.Write([]byte("\r\n\r\n"))
		_ = gw.Close()
	}
	return out.Bytes()
}

func mimeOf(path string) string {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".json":
		return "application/json"
	case ".atom":
		return "application/atom+xml"
	case ".rss":
		return "application/rss+xml"
	case ".html", ".mhtml":
		return "text/html; charset=utf-8"
	}
	return "text/plain; charset=utf-8"
}

// TestGeneratedDocumentsRead: every generated copy is still a valid
// document of its format that yields incidents (a copy that quietly
// yields nothing would make the benchmarks measure less than they claim).
func TestGeneratedDocumentsRead(t *testing.T) {
	ts := templates(t)
	generate(ts, 5*len(ts), func(d genDoc) {
		incs, err := parse.Read(&parse.Input{Name: d.path, Data: bytes.Clone(d.data)}, "")
		if len(incs) == 0 {
			t.Errorf("%s: no incidents (%v)", d.path, err)
		}
	})
}
