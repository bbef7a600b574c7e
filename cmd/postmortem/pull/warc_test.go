package pull

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/postmortem-dev/postmortem/parse/source"
)

func testRecord(url, body string) *Record {
	return &Record{URL: url, Date: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Status: 200, StatusText: "200 OK",
		Proto: "HTTP/2.0", ReqHeader: http.Header{"User-Agent": {"postmortem/test"}},
		Header: http.Header{"Content-Type": {"application/json"}, "Etag": {`W/"abc"`},
			"Content-Encoding": {"gzip"}, "Last-Modified": {"Mon, 01 Jan 2026 00:00:00 GMT"}},
		Body: []byte(body)}
}

// docs reads the archive with the project's own WARC reader.
func docs(t *testing.T, path string) []source.Doc {
	t.Helper()
	var out []source.Doc
	if err := source.Walk([]string{path}, source.Options{}, func(d source.Doc) error {
		out = append(out, d)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestWARCRoundTrip: what the writer appends, the project's reader reads
// as documents (payload whole, content coding not claimed), and the
// state read back has each URL's validators, digest and fields.
func TestWARCRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.warc.gz")
	w, st, trimmed, err := Open(path, "postmortem/test")
	if err != nil || len(st.URLs) != 0 || trimmed != -1 {
		t.Fatalf("new archive: %v %v %d", err, st, trimmed)
	}
	a := testRecord("http://h/api/v2/summary.json", `{"page":{"id":"x"}}`)
	b := testRecord("http://h/incidents/abc", "<html>incident</html>")
	b.Header.Set("Content-Type", "text/html")
	b.Fields = map[string]string{fieldUpdatedAt: "2026-01-01T00:00:00Z"}
	for _, r := range []*Record{a, b} {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	ds := docs(t, path)
	if len(ds) != 2 || ds[0].URL != a.URL || string(ds[0].Data) != string(a.Body) || string(ds[1].Data) != string(b.Body) {
		t.Fatalf("read back %+v", ds)
	}
	for _, d := range ds {
		if d.Err != nil {
			t.Errorf("%s: %v", d.Name, d.Err)
		}
	}
	st, end, err := ReadState(path)
	if err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(path)
	if end != fi.Size() || st.Records != 6 { // warcinfo + 2 × (response, request) + metadata
		t.Errorf("end %d of %d bytes, %d records", end, fi.Size(), st.Records)
	}
	s := st.Get(b.URL)
	if s == nil || s.ETag != `W/"abc"` || s.LastModified == "" || s.Digest != digest(b.Body) || s.Fields[fieldUpdatedAt] != "2026-01-01T00:00:00Z" {
		t.Fatalf("state of %s: %+v", b.URL, s)
	}
	if body, err := ReadPayload(path, st.Get(a.URL)); err != nil || string(body) != string(a.Body) {
		t.Errorf("payload %q, %v", body, err)
	}
	// The response block names no content coding and the true length.
	raw := gunzipAll(t, path)
	if strings.Contains(raw, "Content-Encoding") || !strings.Contains(raw, "HTTP/1.1 200 OK\r\n") ||
		!strings.Contains(raw, "WARC-Payload-Digest: "+digest(a.Body)) {
		t.Errorf("response record:\n%s", raw)
	}
}

func gunzipAll(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestWARCInterrupted: a run killed while writing leaves an incomplete
// last member; the next Open cuts it off, appends after the last whole
// record, and every record before and after reads.
func TestWARCInterrupted(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.warc.gz")
	w, _, _, err := Open(path, "t")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(testRecord("http://h/1", "one")); err != nil {
		t.Fatal(err)
	}
	w.Close()
	good, _ := os.Stat(path)
	// Half of the next record's member, as a kill -9 mid-write leaves it.
	var member bytes.Buffer
	zw := gzip.NewWriter(&member)
	zw.Write([]byte("WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 5000\r\n\r\n" + strings.Repeat("x", 5000)))
	zw.Close()
	f, _ := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	f.Write(member.Bytes()[:member.Len()/2])
	f.Close()

	w, st, trimmed, err := Open(path, "t")
	if err != nil {
		t.Fatal(err)
	}
	if trimmed != good.Size() || st.Get("http://h/1") == nil {
		t.Fatalf("trimmed at %d, want %d; state %v", trimmed, good.Size(), st.URLs)
	}
	if err := w.Write(testRecord("http://h/2", "two")); err != nil {
		t.Fatal(err)
	}
	w.Close()
	ds := docs(t, path)
	if len(ds) != 2 || string(ds[0].Data) != "one" || string(ds[1].Data) != "two" {
		t.Fatalf("after the interrupted run: %+v", ds)
	}
}

// TestWARCDamaged: damage before the last record, or a file that is not
// gzip, is an error and the file is left as it was.
func TestWARCDamaged(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.warc.gz")
	w, _, _, _ := Open(path, "t")
	w.Write(testRecord("http://h/1", "one"))
	w.Write(testRecord("http://h/2", "two"))
	w.Close()
	data, _ := os.ReadFile(path)
	data[len(data)/2] ^= 0xff
	os.WriteFile(path, data, 0o644)
	plain := filepath.Join(dir, "b.warc")
	os.WriteFile(plain, []byte("WARC/1.0\r\nContent-Length: 0\r\n\r\n\r\n\r\n"), 0o644)
	for _, p := range []string{path, plain} {
		before, _ := os.ReadFile(p)
		if _, _, _, err := Open(p, "t"); err == nil {
			t.Errorf("%s: opened for appending", p)
		} else if !strings.Contains(err.Error(), p) {
			t.Errorf("error %q does not name the file", err)
		}
		after, _ := os.ReadFile(p)
		if !bytes.Equal(before, after) {
			t.Errorf("%s changed", p)
		}
	}
}

// FuzzReadState: whatever the file holds, reading the state neither
// panics nor claims more bytes than the file has.
func FuzzReadState(f *testing.F) {
	dir := f.TempDir()
	seed := filepath.Join(dir, "seed.warc.gz")
	w, _, _, _ := Open(seed, "t")
	w.Write(testRecord("http://h/1", "one"))
	w.Close()
	data, _ := os.ReadFile(seed)
	f.Add(data)
	f.Add(data[:len(data)-7])
	f.Add([]byte("WARC/1.1\r\nContent-Length: 99999999999\r\n\r\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		p := filepath.Join(t.TempDir(), "f.warc.gz")
		os.WriteFile(p, b, 0o644)
		st, end, _ := ReadState(p)
		if st == nil || end < 0 || end > int64(len(b)) {
			t.Fatalf("state %v, end %d of %d bytes", st, end, len(b))
		}
		for _, s := range st.URLs {
			ReadPayload(p, s)
		}
	})
}
