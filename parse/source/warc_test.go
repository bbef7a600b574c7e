package source_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/postmortem-dev/postmortem/parse/source"
)

// chunk encodes body in the chunked transfer coding, n bytes a chunk.
func chunk(body []byte, n int) []byte {
	var b bytes.Buffer
	for len(body) > 0 {
		k := min(n, len(body))
		fmt.Fprintf(&b, "%x;ext=1\r\n%s\r\n", k, body[:k])
		body = body[k:]
	}
	b.WriteString("0\r\nX-Trailer: 1\r\n\r\n")
	return b.Bytes()
}

// TestWARCPayloads checks which records are documents and how their HTTP
// payloads are decoded, one record per case.
func TestWARCPayloads(t *testing.T) {
	body := []byte(`{"page":{"name":"Example"},"incidents":[]}`)
	html := []byte("<!DOCTYPE html><html><body>ok</body></html>")
	js := "Content-Type: application/json\r\n"
	cases := []struct {
		name string
		rec  rec
		want string // "" skipped; "error: x" an error Doc containing x
	}{
		{"plain 200", response(site, "200 OK", js, body), string(body)},
		{"chunked", response(site, "200 OK", js+"Transfer-Encoding: chunked\r\n", chunk(body, 7)), string(body)},
		{"gzip", response(site, "200 OK", js+"Content-Encoding: gzip\r\n", gz(body)), string(body)},
		{"chunked gzip", response(site, "200 OK", js+"Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n", chunk(gz(body), 10)), string(body)},
		{"chunked header, stored decoded", response(site, "200 OK", js+"Transfer-Encoding: chunked\r\n", body), string(body)},
		{"gzip header, stored decoded", response(site, "200 OK", js+"Content-Encoding: gzip\r\n", body), string(body)},
		{"bad chunk", response(site, "200 OK", js+"Transfer-Encoding: chunked\r\n", []byte("5\r\nabcde\r\nzz\r\n")), "error: bad chunk size"},
		{"chunk cut", response(site, "200 OK", js+"Transfer-Encoding: chunked\r\n", []byte("50\r\nabcde")), "error: ends inside a chunk"},
		{"brotli", response(site, "200 OK", js+"Content-Encoding: br\r\n", body), `error: Content-Encoding "br" is not supported`},
		{"HTTP/2", rec{typ: "response", uri: site, ctype: "application/http;msgtype=response", block: append([]byte("HTTP/2 200\r\ncontent-type: text/html\r\n\r\n"), html...)}, string(html)},
		{"LF-only HTTP header", response(site, "200 OK", "", nil), ""},
		{"no content type, JSON", response(site, "200 OK", "", body), string(body)},
		{"no content type, binary", response(site, "200 OK", "", []byte("\x89PNG\r\n\x1a\n\x00\x00")), ""},
		{"octet-stream JSON", response(site, "200 OK", "Content-Type: application/octet-stream\r\n", body), string(body)},
		{"atom", response(site, "200 OK", "Content-Type: application/atom+xml\r\n", html), string(html)},
		{"404", response(site, "404 Not Found", "Content-Type: text/html\r\n", html), ""},
		{"301", response(site, "301 Moved Permanently", "Location: /x\r\nContent-Type: text/html\r\n", html), ""},
		{"204 empty", response(site, "204 No Content", "", nil), ""},
		{"200 empty", response(site, "200 OK", js, nil), ""},
		{"image", response(site, "200 OK", "Content-Type: image/png\r\n", []byte("\x89PNG")), ""},
		{"css", response(site, "200 OK", "Content-Type: text/css\r\n", []byte("body{}")), ""},
		{"request", rec{typ: "request", uri: site, ctype: "application/http; msgtype=request", block: []byte("GET / HTTP/1.1\r\n\r\n")}, ""},
		{"warcinfo", rec{typ: "warcinfo", ctype: "application/warc-fields", block: []byte("software: x\r\n")}, ""},
		{"metadata", rec{typ: "metadata", uri: site, ctype: "application/warc-fields", block: []byte("a: b\r\n")}, ""},
		{"revisit", rec{typ: "revisit", uri: site, ctype: "application/http; msgtype=response", block: []byte("HTTP/1.1 200 OK\r\n\r\n")}, ""},
		{"dns response", rec{typ: "response", uri: "dns:example.com", ctype: "text/dns", block: []byte("20240102 example.com. 300 IN A 1.2.3.4")}, ""},
		{"segmented", rec{typ: "response", uri: site, ctype: "application/http", block: append([]byte("HTTP/1.1 200 OK\r\n\r\n"), body...), header: "WARC-Segment-Number: 1\r\n"}, ""},
		{"resource text", rec{typ: "resource", uri: "file:///notes.txt", ctype: "text/plain", block: []byte("Incident Report for X")}, "Incident Report for X"},
		{"resource image", rec{typ: "resource", uri: "file:///a.png", ctype: "image/png", block: []byte("\x89PNG")}, ""},
		{"no status line", response(site, "", "", body), "error: without an HTTP status line"},
	}
	cases[10].rec.block = []byte("HTTP/1.1 200 OK\nContent-Type: text/html\n\n<html></html>") // LF-only
	cases[10].want = "<html></html>"
	cases[len(cases)-1].rec.block = body
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var docs []source.Doc
			err := source.Walk([]string{"-"}, source.Options{Stdin: bytes.NewReader(c.rec.bytes())}, func(d source.Doc) error {
				docs = append(docs, d)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case c.want == "" && len(docs) != 0:
				t.Errorf("got %q %v, want it skipped", clip(docs[0].Data), docs[0].Err)
			case c.want == "":
			case len(docs) != 1:
				t.Errorf("got %d docs, want 1", len(docs))
			case strings.HasPrefix(c.want, "error: "):
				if docs[0].Err == nil || !strings.Contains(docs[0].Err.Error(), strings.TrimPrefix(c.want, "error: ")) {
					t.Errorf("error %v, want %q", docs[0].Err, c.want)
				}
			case docs[0].Err != nil || string(docs[0].Data) != c.want:
				t.Errorf("got %q %v, want %q", clip(docs[0].Data), docs[0].Err, c.want)
			}
		})
	}
}

// TestWARCBroken checks that a malformed record in the middle is one error
// naming the record and its offset, and that the records after it still
// come out.
func TestWARCBroken(t *testing.T) {
	ok := func(i int) rec {
		return response(fmt.Sprintf("%s%d", site, i), "200 OK", "Content-Type: text/plain\r\n", []byte(fmt.Sprintf("document %d", i)))
	}
	cases := []struct {
		name   string
		broken func(r rec) []byte // renders record 2
		lost   []int              // documents swallowed by the damage
		errHas string
		named  bool // the error Doc carries the record's URI
	}{
		{"invalid Content-Length", func(r rec) []byte { r.length = "12x"; return r.bytes() }, nil, `missing or invalid Content-Length "12x"`, true},
		{"no Content-Length", func(r rec) []byte { r.length = " "; return r.bytes() }, nil, "missing or invalid Content-Length", true},
		{"header line without colon", func(r rec) []byte { r.header = "garbage here\r\n"; return r.bytes() }, nil, `malformed header line "garbage here"`, true},
		{"Content-Length too short", func(r rec) []byte { r.length = "10"; return r.bytes() }, nil, "no blank line after its 10-byte block", true},
		{"Content-Length too long", func(r rec) []byte { r.length = fmt.Sprint(len(r.block) + 40); return r.bytes() }, nil, "block overruns into the next record", true},
		{"no trailing line breaks", func(r rec) []byte { return bytes.TrimSuffix(r.bytes(), []byte("\r\n\r\n")) }, nil, "no blank line after", true},
		{"garbage instead of a record", func(rec) []byte { return []byte("<html>not a record</html>\r\nmore\r\n") }, nil, `"<html>not a record</html>" where a WARC/1.x version line`, false},
		{"binary junk", func(rec) []byte { return bytes.Repeat([]byte{0xff, 0x00}, 70<<10) }, []int{3}, "line too long", false}, // the junk runs into record 3's version line
	}
	for _, perRecord := range []bool{false, true} {
		for _, c := range cases {
			t.Run(fmt.Sprintf("%s/gzip=%v", c.name, perRecord), func(t *testing.T) {
				var b bytes.Buffer
				for i := 1; i <= 4; i++ {
					r := ok(i).bytes()
					if i == 2 {
						r = c.broken(ok(i))
					}
					if perRecord {
						r = gz(r)
					}
					b.Write(r)
				}
				raw, offset := b.Bytes(), len(ok(1).bytes()) // offsets count decompressed bytes
				docs := walk(t, []string{"-"}, source.Options{Stdin: bytes.NewReader(raw)})
				var got []string
				for _, d := range docs {
					if d.Err != nil {
						got = append(got, "error")
						if !strings.Contains(d.Err.Error(), fmt.Sprintf("WARC record 2 at byte %d: %s", offset, c.errHas)) ||
							c.named != strings.HasPrefix(d.Name, "-!"+site+"2 (") || !c.named && d.Name != "-!record 2" {
							t.Errorf("%q: %v", d.Name, d.Err)
						}
						continue
					}
					got = append(got, string(d.Data))
				}
				want := []string{"document 1", "error"}
				for i := 3; i <= 4; i++ {
					if !contains(c.lost, i) {
						want = append(want, fmt.Sprintf("document %d", i))
					}
				}
				if fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("got %q, want %q", got, want)
				}
			})
		}
	}
}

// contains reports whether xs holds x.
func contains(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// TestWARC10 checks a WARC/1.0 record with an angle-bracketed target URI,
// LF-only line breaks and a date with fractional seconds.
func TestWARC10(t *testing.T) {
	block := "HTTP/1.0 200 OK\nContent-Type: application/atom+xml\n\n<feed/>"
	data := "WARC/1.0\nWARC-Type: response\nWARC-Target-URI: <https://s.example.com/history.atom>\nWARC-Date: 2024-01-02T03:04:05.250Z\n" +
		fmt.Sprintf("Content-Type: application/http; msgtype=response\nContent-Length: %d\n\n%s\n\n", len(block), block)
	docs := walk(t, []string{"-"}, source.Options{Stdin: strings.NewReader(data)})
	if len(docs) != 1 || docs[0].Err != nil {
		t.Fatalf("docs %+v", docs)
	}
	d := docs[0]
	if d.Name != "-!https://s.example.com/history.atom (2024-01-02T03:04:05.25Z)" || d.URL != "https://s.example.com/history.atom" || string(d.Data) != "<feed/>" {
		t.Errorf("got %q %q %q", d.Name, d.URL, d.Data)
	}
}
