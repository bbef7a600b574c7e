package source_test

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/postmortem-dev/postmortem/parse/source"
)

// fixtureDirs are the real documents the containers are built from.
var fixtureDirs = []string{"statuspage-json", "statuspage-feed", "statuspage-history-html"}

// file is one document with its path relative to the archive root.
type file struct {
	name string
	data []byte
}

// fixtures reads the real fixture documents (not their goldens), sorted by
// relative path.
func fixtures(t testing.TB) []file {
	t.Helper()
	var files []file
	for _, dir := range fixtureDirs {
		entries, err := os.ReadDir(filepath.Join("..", "..", "testdata", "parse", dir))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if strings.Contains(e.Name(), ".golden.") || e.Name() == "PROVENANCE.md" {
				continue
			}
			data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "parse", dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, file{dir + "/" + e.Name(), data})
		}
	}
	sort.Slice(files, func(i, j int) bool { return files[i].name < files[j].name })
	if len(files) < 10 {
		t.Fatalf("only %d fixtures", len(files))
	}
	return files
}

// writeTree writes files under root.
func writeTree(t testing.TB, root string, files []file) {
	t.Helper()
	for _, f := range files {
		p := filepath.Join(root, filepath.FromSlash(f.name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// zipOf builds a zip archive of files, in order.
func zipOf(t testing.TB, files []file) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, f := range files {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(f.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// tarOf builds a tar archive of files, in order.
func tarOf(t testing.TB, files []file) []byte {
	t.Helper()
	var b bytes.Buffer
	tw := tar.NewWriter(&b)
	for _, f := range files {
		h := &tar.Header{Name: f.name, Mode: 0o644, Size: int64(len(f.data)), Typeflag: tar.TypeReg, ModTime: time.Unix(0, 0)}
		if strings.HasSuffix(f.name, "/") {
			h.Typeflag = tar.TypeDir
		}
		if err := tw.WriteHeader(h); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write(f.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// gz compresses data as one gzip member.
func gz(data []byte) []byte {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(data)
	zw.Close()
	return b.Bytes()
}

// gzEach renames files to *.gz and compresses each.
func gzEach(files []file) []file {
	out := make([]file, len(files))
	for i, f := range files {
		out[i] = file{f.name + ".gz", gz(f.data)}
	}
	return out
}

const (
	site     = "https://status.example.com/"
	warcDate = "2024-01-02T03:04:05Z"
)

// rec is one WARC record to write.
type rec struct {
	typ, uri, ctype string
	block           []byte
	length          string // Content-Length when not len(block)
	header          string // extra header lines, each ending in \r\n
}

// bytes renders the record in WARC/1.1 with CRLF line breaks.
func (r rec) bytes() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "WARC/1.1\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:%x>\r\nWARC-Date: %s\r\n", r.typ, len(r.block), warcDate)
	if r.uri != "" {
		fmt.Fprintf(&b, "WARC-Target-URI: %s\r\n", r.uri)
	}
	if r.ctype != "" {
		fmt.Fprintf(&b, "Content-Type: %s\r\n", r.ctype)
	}
	length := r.length
	if length == "" {
		length = fmt.Sprint(len(r.block))
	}
	fmt.Fprintf(&b, "%sContent-Length: %s\r\n\r\n%s\r\n\r\n", r.header, length, r.block)
	return b.Bytes()
}

// response is a WARC response record of an HTTP response.
func response(uri, status, headers string, body []byte) rec {
	block := append([]byte("HTTP/1.1 "+status+"\r\n"+headers+"\r\n"), body...)
	return rec{typ: "response", uri: uri, ctype: "application/http; msgtype=response", block: block}
}

// contentType guesses the Content-Type of a fixture from its extension.
func contentType(name string) string {
	switch filepath.Ext(name) {
	case ".json":
		return "application/json; charset=utf-8"
	case ".atom":
		return "application/atom+xml"
	case ".rss":
		return "application/rss+xml"
	}
	return "text/html; charset=utf-8"
}

// warcOf builds a WARC file of files as a crawler would: a warcinfo
// record, then a request, a response and a metadata record per file. With
// perRecord each record is its own gzip member.
func warcOf(files []file, perRecord bool) []byte {
	recs := []rec{{typ: "warcinfo", ctype: "application/warc-fields", block: []byte("software: test\r\n")}}
	for _, f := range files {
		uri := site + f.name
		recs = append(recs,
			rec{typ: "request", uri: uri, ctype: "application/http; msgtype=request", block: []byte("GET /" + f.name + " HTTP/1.1\r\nHost: status.example.com\r\n\r\n")},
			response(uri, "200 OK", "Content-Type: "+contentType(f.name)+"\r\n", f.data),
			rec{typ: "metadata", uri: uri, ctype: "application/warc-fields", block: []byte("fetchTimeMs: 12\r\n")})
	}
	return joinRecs(recs, perRecord)
}

// joinRecs concatenates records, each gzip-compressed when perRecord.
func joinRecs(recs []rec, perRecord bool) []byte {
	var b bytes.Buffer
	for _, r := range recs {
		if perRecord {
			b.Write(gz(r.bytes()))
		} else {
			b.Write(r.bytes())
		}
	}
	return b.Bytes()
}

// walk collects every Doc Walk delivers.
func walk(t testing.TB, inputs []string, opt source.Options) []source.Doc {
	t.Helper()
	var docs []source.Doc
	err := source.Walk(inputs, opt, func(d source.Doc) error {
		if d.Err != nil && d.Data != nil {
			t.Errorf("%s: Err and Data both set", d.Name)
		}
		docs = append(docs, d)
		return nil
	})
	if err != nil {
		t.Fatalf("Walk: %v", err)
	}
	return docs
}

// write writes data to dir/name and returns the path.
func write(t testing.TB, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestSameDocsEveryContainer checks that the same documents come out, in
// the same order and byte for byte, whatever holds them.
func TestSameDocsEveryContainer(t *testing.T) {
	files := fixtures(t)
	tmp := t.TempDir()
	writeTree(t, filepath.Join(tmp, "site"), files)
	nested := tarOf(t, []file{{"crawl.warc.gz", warcOf(files, true)}})
	cases := []struct {
		name   string
		input  string // a path under tmp, or "-"
		data   []byte // the file's (or stdin's) content
		prefix string // stripped from Name to get the relative path
		warc   bool   // names are URIs with a date
	}{
		{"dir", "site", nil, "site" + string(filepath.Separator), false},
		{"zip", "a.zip", zipOf(t, files), "a.zip!", false},
		{"zip of .gz members", "gz.zip", zipOf(t, gzEach(files)), "gz.zip!", false},
		{"tar", "a.tar", tarOf(t, files), "a.tar!", false},
		{"tar.gz", "a.tar.gz", gz(tarOf(t, files)), "a.tar.gz!", false},
		{"tgz by content, odd name", "a.bin", gz(tarOf(t, files)), "a.bin!", false},
		{"zip on stdin", "-", zipOf(t, files), "-!", false},
		{"tar.gz on stdin", "-", gz(tarOf(t, files)), "-!", false},
		{"warc", "c.warc", warcOf(files, false), "c.warc!", true},
		{"warc.gz per record", "c.warc.gz", warcOf(files, true), "c.warc.gz!", true},
		{"warc.gz one member", "one.warc.gz", gz(warcOf(files, false)), "one.warc.gz!", true},
		{"warc.gz in tar", "n.tar", nested, "n.tar!crawl.warc.gz!", true},
		{"warc on stdin", "-", warcOf(files, true), "-!", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in, opt := filepath.Join(tmp, c.input), source.Options{}
			if c.input == "-" {
				in, opt.Stdin = "-", bytes.NewReader(c.data)
			} else if c.data != nil {
				write(t, tmp, c.input, c.data)
			}
			prefix := c.prefix
			if c.input != "-" {
				prefix = filepath.Join(tmp, c.prefix[:len(c.prefix)-1]) + c.prefix[len(c.prefix)-1:]
			}
			docs := walk(t, []string{in}, opt)
			if len(docs) != len(files) {
				t.Fatalf("got %d docs, want %d", len(docs), len(files))
			}
			for i, d := range docs {
				rel, ok := strings.CutPrefix(d.Name, prefix)
				if d.Err != nil || !ok {
					t.Fatalf("doc %d: %q, %v; want prefix %q", i, d.Name, d.Err, prefix)
				}
				rel = strings.TrimSuffix(filepath.ToSlash(rel), ".gz")
				if c.warc {
					checkWARCDoc(t, d, prefix, files[i].name)
					rel = strings.TrimPrefix(d.URL, site)
				}
				if rel != files[i].name || !bytes.Equal(d.Data, files[i].data) {
					t.Errorf("doc %d: %s (%d bytes), want %s (%d bytes)", i, rel, len(d.Data), files[i].name, len(files[i].data))
				}
			}
		})
	}
}

// checkWARCDoc checks the name, URL and date of a WARC document.
func checkWARCDoc(t *testing.T, d source.Doc, prefix, rel string) {
	t.Helper()
	if want := prefix + site + rel + " (" + warcDate + ")"; d.Name != want {
		t.Errorf("name %q, want %q", d.Name, want)
	}
	if d.URL != site+rel || d.Date.Format(time.RFC3339) != warcDate || d.Date.Location() != time.UTC {
		t.Errorf("%s: URL %q date %v", d.Name, d.URL, d.Date)
	}
}

// want is one expected Doc: its name after the archive's "!", and either
// its data or a fragment of its error and its reason.
type want struct {
	name   string
	data   string
	errHas string
	reason error
}

// check compares docs with wants, names relative to prefix.
func check(t *testing.T, docs []source.Doc, prefix string, wants []want) {
	t.Helper()
	for i := range max(len(docs), len(wants)) {
		if i >= len(docs) || i >= len(wants) {
			t.Errorf("got %d docs, want %d", len(docs), len(wants))
			for _, d := range docs {
				t.Logf("  %q %v", d.Name, d.Err)
			}
			return
		}
		d, w := docs[i], wants[i]
		name := strings.TrimPrefix(d.Name, prefix)
		switch {
		case name != w.name:
			t.Errorf("doc %d: name %q, want %q", i, name, w.name)
		case w.reason == nil && (d.Err != nil || string(d.Data) != w.data):
			t.Errorf("%s: %q, %v; want %q", name, clip(d.Data), d.Err, w.data)
		case w.reason != nil && (!errors.Is(d.Err, w.reason) || !strings.Contains(fmt.Sprint(d.Err), w.errHas)):
			t.Errorf("%s: error %v; want %v containing %q", name, d.Err, w.reason, w.errHas)
		}
	}
}

// clip shortens data for messages.
func clip(b []byte) string { return string(b[:min(len(b), 60)]) }

// TestMemberNames checks that unsafe member names are reported, never
// used, and shown cleaned, and that the archive goes on after them.
func TestMemberNames(t *testing.T) {
	files := []file{
		{"ok.json", []byte(`{"ok":1}`)},
		{"../evil.json", []byte(`{}`)},
		{"/etc/abs.json", []byte(`{}`)},
		{"a/../../b.json", []byte(`{}`)},
		{`..\..\win.json`, []byte(`{}`)},
		{`C:\x.json`, []byte(`{}`)},
		{"dir/", nil},
		{".hidden.json", []byte(`{}`)},
		{"__MACOSX/._ok.json", []byte("\x00\x05\x16\x07")},
		{"sub/./fine.json", []byte(`{"fine":1}`)},
		{"ctl\x1b[2J.json", []byte(`{"ctl":1}`)},
	}
	wants := []want{
		{name: "ok.json", data: `{"ok":1}`},
		{name: "evil.json", reason: source.ErrUnsafeName, errHas: `unsafe member name "../evil.json"`},
		{name: "etc/abs.json", reason: source.ErrUnsafeName, errHas: `"/etc/abs.json"`},
		{name: "a/b.json", reason: source.ErrUnsafeName, errHas: `"a/../../b.json"`},
		{name: "win.json", reason: source.ErrUnsafeName, errHas: `win.json`},
		{name: "C:/x.json", reason: source.ErrUnsafeName, errHas: `x.json`},
		{name: "sub/fine.json", data: `{"fine":1}`},
		{name: "ctl?[2J.json", data: `{"ctl":1}`},
	}
	tmp := t.TempDir()
	for _, kind := range []string{"z.zip", "z.tar"} {
		t.Run(kind, func(t *testing.T) {
			data := zipOf(t, files)
			if kind == "z.tar" {
				data = tarOf(t, files)
			}
			p := write(t, tmp, kind, data)
			check(t, walk(t, []string{p}, source.Options{}), p+"!", wants)
		})
	}
}

// TestLimits checks the caps on one member and on one archive.
func TestLimits(t *testing.T) {
	zeros := make([]byte, 4<<20)
	ok := []byte(`{"ok":true}`)
	parts := []file{{"a.json", bytes.Repeat([]byte(" "), 600<<10)}, {"b.json", ok}, {"c.json", bytes.Repeat([]byte(" "), 600<<10)}, {"d.json", ok}}
	warcBomb := joinRecs([]rec{response(site+"big", "200 OK", "Content-Type: text/plain\r\n", zeros), response(site+"ok", "200 OK", "Content-Type: application/json\r\n", ok)}, true)
	cases := []struct {
		name  string
		data  []byte
		opt   source.Options
		wants []want
	}{
		{"zip bomb member", zipOf(t, []file{{"bomb.json", zeros}, {"ok.json", ok}}), source.Options{MaxMember: 1 << 20},
			[]want{{name: "bomb.json", reason: source.ErrTooLarge, errHas: "member inflates beyond 1 MiB"}, {name: "ok.json", data: string(ok)}}},
		{"tar.gz bomb member", gz(tarOf(t, []file{{"bomb.json", zeros}, {"ok.json", ok}})), source.Options{MaxMember: 1 << 20},
			[]want{{name: "bomb.json", reason: source.ErrTooLarge, errHas: "member inflates beyond 1 MiB"}, {name: "ok.json", data: string(ok)}}},
		{"gzip bomb", gz(zeros), source.Options{MaxMember: 1 << 20},
			[]want{{name: "", reason: source.ErrTooLarge, errHas: "document inflates beyond 1 MiB"}}},
		{"plain file too large", zeros, source.Options{MaxMember: 1 << 20},
			[]want{{name: "", reason: source.ErrTooLarge, errHas: "document is larger than 1 MiB"}}},
		{"zip total", zipOf(t, parts), source.Options{MaxMember: 1 << 20, MaxTotal: 1 << 20},
			[]want{{name: "a.json", data: string(parts[0].data)}, {name: "b.json", data: string(ok)}, {name: "c.json", reason: source.ErrTooLarge, errHas: "archive inflates beyond 1 MiB in total"}}},
		{"tar.gz total", gz(tarOf(t, parts)), source.Options{MaxMember: 1 << 20, MaxTotal: 1 << 20},
			[]want{{name: "a.json", data: string(parts[0].data)}, {name: "b.json", data: string(ok)}, {name: "c.json", reason: source.ErrTooLarge, errHas: "archive inflates beyond 1 MiB in total"}}},
		{"WARC record too large", warcBomb, source.Options{MaxMember: 1 << 20},
			[]want{{name: site + "big (" + warcDate + ")", reason: source.ErrTooLarge, errHas: "larger than 1 MiB"}, {name: site + "ok (" + warcDate + ")", data: string(ok)}}},
	}
	tmp := t.TempDir()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if len(c.data) > 1<<20 && c.name != "plain file too large" {
				t.Fatalf("archive of %d bytes is no bomb", len(c.data))
			}
			p := write(t, tmp, "in", c.data)
			docs := walk(t, []string{p}, c.opt)
			for i := range c.wants {
				if c.wants[i].name != "" {
					c.wants[i].name = "!" + c.wants[i].name
				}
			}
			check(t, docs, p, c.wants)
		})
	}
}

// TestTruncated checks that a cut gzip stream is one clear error naming
// the input, after the documents before the cut, and that the next input
// is still read.
func TestTruncated(t *testing.T) {
	files := fixtures(t)[:4]
	cut := func(b []byte) []byte { return b[:len(b)*2/3] }
	cases := []struct {
		name   string
		data   []byte
		docs   int
		errHas string
	}{
		{"gzip document", cut(gz(files[0].data)), 0, "truncated gzip data"},
		{"tar.gz", cut(gz(tarOf(t, files))), 1, "truncated gzip data"},
		{"tar", cut(tarOf(t, files)), 2, "truncated tar data"},
		{"warc.gz per record", cut(warcOf(files, true)), 2, "truncated gzip data"},
		{"warc", cut(warcOf(files, false)), 2, "truncated record"},
	}
	tmp := t.TempDir()
	next := write(t, tmp, "next.json", files[1].data)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := write(t, tmp, "in", c.data)
			docs := walk(t, []string{p, next}, source.Options{})
			var errs []source.Doc
			good := 0
			for _, d := range docs[:len(docs)-1] {
				if d.Err != nil {
					errs = append(errs, d)
				} else {
					good++
				}
			}
			if len(errs) != 1 || !errors.Is(errs[0].Err, source.ErrTruncated) || !strings.Contains(errs[0].Err.Error(), c.errHas) ||
				!strings.HasPrefix(errs[0].Name, p) {
				t.Fatalf("errors %v; want one %q naming %s", errs, c.errHas, p)
			}
			t.Logf("%s: %v", errs[0].Name, errs[0].Err)
			if good < c.docs {
				t.Errorf("%d documents before the cut, want ≥ %d", good, c.docs)
			}
			if last := docs[len(docs)-1]; last.Name != next || last.Err != nil {
				t.Errorf("next input: %q %v", last.Name, last.Err)
			}
		})
	}
}

// TestInputs checks directories (order, hidden entries, symlinks), globs,
// missing files and stdin.
func TestInputs(t *testing.T) {
	tmp := t.TempDir()
	writeTree(t, tmp, []file{
		{"d/b.json", []byte("b")}, {"d/a/z.json", []byte("z")}, {"d/a.json", []byte("a")},
		{"d/.git/config", []byte("x")}, {"d/.hidden.json", []byte("x")}, {"d/c.html", []byte("c")},
		{"g/x1.json", []byte("1")}, {"g/x2.json", []byte("2")}, {"g/.x3.json", []byte("3")},
	})
	if err := os.Symlink(filepath.Join(tmp, "d"), filepath.Join(tmp, "d", "a", "loop")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(tmp, "g", "x1.json"), filepath.Join(tmp, "d", "link.json")); err != nil {
		t.Fatal(err)
	}
	in := func(p string) string { return filepath.Join(tmp, filepath.FromSlash(p)) }
	docs := walk(t, []string{in("d"), in("g/x*.json"), in("nope.json"), in("g/*.none"), "-", in("g/[x"), in("g/.x*")},
		source.Options{Stdin: strings.NewReader("stdin")})
	var got []string
	for _, d := range docs {
		s := filepath.ToSlash(strings.TrimPrefix(d.Name, tmp+string(filepath.Separator))) + "=" + string(d.Data)
		switch {
		case errors.Is(d.Err, fs.ErrNotExist):
			s += "ErrNotExist"
		case errors.Is(d.Err, source.ErrNoMatch):
			s += "ErrNoMatch"
		case d.Err != nil:
			s += d.Err.Error()
		}
		got = append(got, s)
	}
	want := []string{"d/a/z.json=z", "d/a.json=a", "d/b.json=b", "d/c.html=c", "d/link.json=1",
		"g/x1.json=1", "g/x2.json=2", "nope.json=ErrNotExist", "g/*.none=ErrNoMatch", "-=stdin",
		"g/[x=syntax error in pattern", "g/.x3.json=3"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestDetectByContent checks that the content, not the name, decides.
func TestDetectByContent(t *testing.T) {
	files := fixtures(t)[:2]
	tmp := t.TempDir()
	prefixed := append([]byte("#!/bin/sh\nexit 0\n"), zipOf(t, files)...)
	cases := []struct {
		name string
		data []byte
		docs []string // names after the path
	}{
		{"a.json", zipOf(t, files), []string{"!" + files[0].name, "!" + files[1].name}},
		{"b.txt", gz(files[0].data), []string{""}},
		{"c.dat", tarOf(t, files), []string{"!" + files[0].name, "!" + files[1].name}},
		{"d.bin", warcOf(files[:1], false), []string{"!" + site + files[0].name + " (" + warcDate + ")"}},
		{"e.json.gz", gz(files[1].data), []string{""}},
		{"f.zip", prefixed, []string{"!" + files[0].name, "!" + files[1].name}},
		{"g.tar", []byte("just text, named .tar"), []string{""}},
		{"h.warc", []byte(`{"not":"a warc"}`), []string{""}},
	}
	for _, c := range cases {
		p := write(t, tmp, c.name, c.data)
		docs := walk(t, []string{p}, source.Options{})
		var got []string
		for _, d := range docs {
			if d.Err != nil {
				t.Errorf("%s: %v", d.Name, d.Err)
			}
			got = append(got, strings.TrimPrefix(d.Name, p))
		}
		if fmt.Sprint(got) != fmt.Sprint(c.docs) {
			t.Errorf("%s: got %q, want %q", c.name, got, c.docs)
		}
		if len(c.docs) == 1 && c.docs[0] == "" && len(docs) == 1 && len(docs[0].Data) > 0 && docs[0].Data[0] == 0x1f {
			t.Errorf("%s: not inflated", c.name)
		}
	}
}

// TestNested checks archives inside archives: gzip and WARC members are
// read, zip and tar members are reported.
func TestNested(t *testing.T) {
	files := fixtures(t)[:1]
	inner := []file{
		{"in.zip", zipOf(t, files)},
		{"in.tar", tarOf(t, files)},
		{"in.tgz", gz(tarOf(t, files))},
		{"c.warc.gz", warcOf(files, true)},
		{"d.json.gz", gz(files[0].data)},
		{"e.zip.gz", gz(zipOf(t, files))},
	}
	wants := []want{
		{name: "in.zip", reason: source.ErrNested, errHas: "zip archive inside an archive is not expanded"},
		{name: "in.tar", reason: source.ErrNested, errHas: "tar archive inside"},
		{name: "in.tgz", reason: source.ErrNested, errHas: "tar archive inside"},
		{name: "c.warc.gz!" + site + files[0].name + " (" + warcDate + ")", data: string(files[0].data)},
		{name: "d.json.gz", data: string(files[0].data)},
		{name: "e.zip.gz", reason: source.ErrNested, errHas: "zip archive inside gzip"},
	}
	tmp := t.TempDir()
	for _, kind := range []string{"o.zip", "o.tar"} {
		data := zipOf(t, inner)
		if kind == "o.tar" {
			data = tarOf(t, inner)
		}
		p := write(t, tmp, kind, data)
		t.Run(kind, func(t *testing.T) { check(t, walk(t, []string{p}, source.Options{}), p+"!", wants) })
	}
}

// TestWalkStops checks that an error from fn ends the walk and is returned.
func TestWalkStops(t *testing.T) {
	files := fixtures(t)
	tmp := t.TempDir()
	stop := errors.New("stop")
	for _, p := range []string{write(t, tmp, "a.zip", zipOf(t, files)), write(t, tmp, "a.tgz", gz(tarOf(t, files))), write(t, tmp, "a.warc", warcOf(files, true))} {
		calls := 0
		err := source.Walk([]string{p, p}, source.Options{}, func(source.Doc) error {
			calls++
			if calls == 2 {
				return stop
			}
			return nil
		})
		if err != stop || calls != 2 {
			t.Errorf("%s: err %v after %d calls", p, err, calls)
		}
	}
}

// TestCount checks the cheap estimate against what Walk delivers.
func TestCount(t *testing.T) {
	files := fixtures(t)
	tmp := t.TempDir()
	writeTree(t, filepath.Join(tmp, "site"), files)
	write(t, tmp, "a.zip", zipOf(t, append(files, file{".DS_Store", nil})))
	write(t, tmp, "b.tgz", gz(tarOf(t, files)))
	inputs := []string{filepath.Join(tmp, "site"), filepath.Join(tmp, "a.zip"), filepath.Join(tmp, "b.tgz"), filepath.Join(tmp, "missing"), "-"}
	if got, want := source.Count(inputs), 2*len(files)+3; got != want {
		t.Errorf("Count = %d, want %d", got, want)
	}
}

// TestCorruptGzip checks that a damaged gzip member in a .warc.gz and in a
// .tar.gz ends that input with one ErrCorrupt, after what came before.
func TestCorruptGzip(t *testing.T) {
	files := fixtures(t)[:4]
	var warc bytes.Buffer
	for i, f := range files {
		m := gz(response(site+f.name, "200 OK", "Content-Type: text/plain\r\n", f.data).bytes())
		if i == 2 {
			m[len(m)/2] ^= 0xff
		}
		warc.Write(m)
	}
	tgz := gz(tarOf(t, files))
	tgz[len(tgz)*3/4] ^= 0xff
	tmp := t.TempDir()
	for _, c := range []struct {
		name string
		data []byte
		good int
	}{{"c.warc.gz", warc.Bytes(), 2}, {"c.tar.gz", tgz, 1}} {
		p := write(t, tmp, c.name, c.data)
		docs := walk(t, []string{p}, source.Options{})
		last := docs[len(docs)-1]
		if len(docs) < c.good+1 || !errors.Is(last.Err, source.ErrCorrupt) || !strings.Contains(last.Err.Error(), "corrupt gzip data") {
			t.Errorf("%s: %d docs, last %q %v", c.name, len(docs), last.Name, last.Err)
		}
		for _, d := range docs[:len(docs)-1] {
			if d.Err != nil {
				t.Errorf("%s: %v", d.Name, d.Err)
			}
		}
		t.Logf("%s: %v", last.Name, last.Err)
	}
}
