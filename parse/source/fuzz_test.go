package source_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/postmortem-dev/postmortem/parse/source"
)

// fuzzOpt keeps fuzzed inputs cheap: no document above 1 MiB.
var fuzzOpt = source.Options{MaxMember: 1 << 20, MaxTotal: 8 << 20}

// checkDoc is the fuzz invariant on every delivered Doc.
func checkDoc(t *testing.T, d source.Doc) error {
	if d.Err != nil && d.Data != nil || d.Err == nil && int64(len(d.Data)) > fuzzOpt.MaxMember {
		t.Fatalf("%q: %d bytes, err %v", d.Name, len(d.Data), d.Err)
	}
	return nil
}

// smallFiles are the fuzz seeds' documents, small so that the fuzzer's
// minimization of new inputs stays quick.
func smallFiles() []file {
	return []file{
		{"a.json", []byte(`{"page":{"id":"kctbh9vrtdwd","name":"GitHub"},"incidents":[]}`)},
		{"b.atom", []byte(`<?xml version="1.0" encoding="UTF-8"?><feed xml:lang="en-US"><title>X Status - Incident History</title></feed>`)},
	}
}

// FuzzWARC runs the WARC record reader over arbitrary bytes.
func FuzzWARC(f *testing.F) {
	files := smallFiles()
	f.Add(warcOf(files, false))
	f.Add(warcOf(files, true))
	f.Add(rec{typ: "response", uri: site, ctype: "application/http", length: "99999999999", block: []byte("HTTP/1.1 200 OK\r\n\r\n{}")}.bytes())
	f.Add(response(site, "200 OK", "Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n", chunk(gz([]byte("{}")), 3)).bytes())
	f.Add([]byte("WARC/1.0\nWARC-Type: resource\nContent-Type: text/plain\nContent-Length: 2\n\nhi\n\nWARC/1.0\nbroken\n\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_ = source.WalkWARC(data, fuzzOpt, func(d source.Doc) error { return checkDoc(t, d) })
	})
}

// FuzzZip runs the zip reader over arbitrary bytes.
func FuzzZip(f *testing.F) {
	files := smallFiles()
	f.Add(zipOf(f, files))
	f.Add(zipOf(f, gzEach(files)))
	f.Add(zipOf(f, []file{{"../x.json", []byte("{}")}, {"a/.b", nil}, {"c.warc", warcOf(files[:1], false)}, {"d.zip", zipOf(f, files[:1])}}))
	f.Fuzz(func(t *testing.T, data []byte) {
		_ = source.WalkZip(data, fuzzOpt, func(d source.Doc) error { return checkDoc(t, d) })
	})
}

// replicate makes n copies of the fixtures under distinct names.
func replicate(b *testing.B, n int) ([]file, int64) {
	var out []file
	var size int64
	for i := range n {
		for _, f := range fixtures(b) {
			out = append(out, file{fmt.Sprintf("copy%03d/%s", i, f.name), f.data})
			size += int64(len(f.data))
		}
	}
	return out, size
}

// benchWalk walks the file written from data, reporting MB/s of documents
// and documents per second.
func benchWalk(b *testing.B, name string, build func([]file) []byte) {
	files, size := replicate(b, 20)
	p := write(b, b.TempDir(), name, build(files))
	b.SetBytes(size)
	b.ReportAllocs()
	docs := 0
	for b.Loop() {
		err := source.Walk([]string{p}, source.Options{}, func(d source.Doc) error {
			if d.Err != nil {
				return d.Err
			}
			docs++
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(docs)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkWalkZip reads a zip of replicated fixtures.
func BenchmarkWalkZip(b *testing.B) {
	benchWalk(b, "bench.zip", func(files []file) []byte { return zipOf(b, files) })
}

// BenchmarkWalkTarGz reads a tar.gz of replicated fixtures.
func BenchmarkWalkTarGz(b *testing.B) {
	benchWalk(b, "bench.tgz", func(files []file) []byte { return gz(tarOf(b, files)) })
}

// BenchmarkWalkWARC reads a per-record gzip WARC of replicated fixtures
// (with request and metadata records, as a crawler writes them).
func BenchmarkWalkWARC(b *testing.B) {
	benchWalk(b, "bench.warc.gz", func(files []file) []byte { return warcOf(files, true) })
}

// BenchmarkWalkDir reads a directory of replicated fixtures.
func BenchmarkWalkDir(b *testing.B) {
	files, size := replicate(b, 20)
	root := filepath.Join(b.TempDir(), "site")
	writeTree(b, root, files)
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		if err := source.Walk([]string{root}, source.Options{}, func(source.Doc) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
}
