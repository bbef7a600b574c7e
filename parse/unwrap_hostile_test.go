package parse

import (
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/postmortem-dev/postmortem/parse/source"
)

func gzipped(t testing.TB, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestDocumentCapComposes is issue 11 case 3: the cap on a document holds
// whichever layer inflates it. parse/source inflates a .gz file once,
// within its 64 MiB member cap; a gzip inside it used to be inflated here
// up to 256 MiB (a 3.6 KB file gave 244 MiB of text to the readers).
func TestDocumentCapComposes(t *testing.T) {
	if MaxDocument != source.DefaultMaxMember {
		t.Fatalf("MaxDocument %d and source.DefaultMaxMember %d differ: the smaller cap can be bypassed by nesting", MaxDocument, source.DefaultMaxMember)
	}
	bomb := gzipped(t, bytes.Repeat([]byte("a"), MaxDocument+1))
	cases := []struct {
		name string
		data []byte
		want error
		has  string
	}{
		// the source's view of a .gz of a .gz: the inner gzip stream
		{"gzip inflating past the cap", bomb, ErrTooLarge, "gzip: too large: the document inflates beyond 64 MiB"},
		{"gzip in gzip past the cap", gzipped(t, bomb), ErrTooLarge, "inflates beyond 64 MiB"},
		{"gzip layers too deep", gzipped(t, gzipped(t, gzipped(t, gzipped(t, []byte("Incident Report for X\n"))))), ErrTooDeep, "more than 3 gzip layers"},
		{"truncated gzip", gzipped(t, []byte("Incident Report for X\n"))[:20], ErrContainer, "gzip: unexpected EOF"},
	}
	for _, c := range cases {
		in := &Input{Name: "x.gz", Data: c.data}
		_, err := Read(in, "")
		if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.has) {
			t.Errorf("%s: %v, want %v containing %q", c.name, err, c.want, c.has)
		}
	}
	// at the cap exactly, and three layers deep, the document is read
	text := []byte("Incident Report for X\n")
	in := &Input{Name: "ok.gz", Data: gzipped(t, gzipped(t, gzipped(t, text)))}
	if err := Prepare(in); err != nil || !bytes.Equal(in.Data, text) {
		t.Errorf("three layers: %v %q", err, in.Data)
	}
	exact := gzipped(t, bytes.Repeat([]byte("a"), MaxDocument))
	in = &Input{Name: "exact.gz", Data: exact}
	if err := unwrap(in); err != nil || len(in.Data) != MaxDocument {
		t.Errorf("exactly MaxDocument: %v, %d bytes", err, len(in.Data))
	}
}

// utf16Of encodes s as UTF-16 with a byte order mark.
func utf16Of(s string, bigEndian bool) []byte {
	units := utf16.Encode([]rune(s))
	out := make([]byte, 0, 2+2*len(units))
	if bigEndian {
		out = append(out, 0xfe, 0xff)
	} else {
		out = append(out, 0xff, 0xfe)
	}
	for _, u := range units {
		if bigEndian {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	return out
}

// TestUTF16WithBOM is issue 11 case 10: a UTF-16 document with a byte
// order mark (as Windows tools save text) is decoded to UTF-8 and read
// like its UTF-8 original; it used to be "binary data".
func TestUTF16WithBOM(t *testing.T) {
	data, err := os.ReadFile("../testdata/sample/trackvia-statuspage.txt")
	if err != nil {
		t.Fatal(err)
	}
	text := string(data) + "\nNote: café ✓ 𝄞\n"
	want, err := Read(&Input{Name: "utf8.txt", Data: []byte(text)}, "")
	if err != nil || len(want) == 0 {
		t.Fatalf("UTF-8 original: %v", err)
	}
	for _, be := range []bool{false, true} {
		got, err := Read(&Input{Name: "utf16.txt", Data: utf16Of(text, be)}, "")
		if err != nil || len(got) != len(want) {
			t.Fatalf("big-endian=%v: %d incidents, %v", be, len(got), err)
		}
		if got[0].Title != want[0].Title || got[0].Vendor != want[0].Vendor || len(got[0].Updates) != len(want[0].Updates) {
			t.Errorf("big-endian=%v: %q/%q, want %q/%q", be, got[0].Vendor, got[0].Title, want[0].Vendor, want[0].Title)
		}
		in := &Input{Name: "utf16.txt", Data: utf16Of(text, be)}
		if err := Prepare(in); err != nil || string(in.Data) != text {
			t.Errorf("big-endian=%v: Prepare gives %v, %d bytes, want the UTF-8 text", be, err, len(in.Data))
		}
	}
}

// TestDeclaredLegacyCharset is issue 11 case 10: an HTML page that
// declares windows-1252, iso-8859-1 or shift_jis in a <meta> and is not
// UTF-8 is decoded from that charset; its accented title used to come
// out with U+FFFD (or the page was called binary).
func TestDeclaredLegacyCharset(t *testing.T) {
	page, err := os.ReadFile("../testdata/parse/statuspage-html/digitalocean-incident-spaces-sgp1-trimmed.html")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		meta  string
		title []byte // the title in the declared charset
		want  string
	}{
		{`<meta charset="windows-1252">`, []byte("Caf\xe9 \x93Spaces\x94 issue \x96 SGP1"), "Café “Spaces” issue – SGP1"},
		{`<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">`, []byte("R\xe9seau en panne"), "Réseau en panne"},
		{`<META CHARSET=shift_jis>`, []byte("\x83X\x83y\x81[\x83X\x82\xcc\x8f\xe1\x8aQ"), "スペースの障害"},
	}
	for _, c := range cases {
		doc := bytes.Replace(page, []byte("<head>"), []byte("<head>"+c.meta), 1)
		doc = bytes.Replace(doc, []byte("Spaces issue in SGP1 region"), c.title, -1)
		if bytes.Equal(doc, page) {
			t.Fatal("the fixture changed: no <head> or title to replace")
		}
		incs, err := Read(&Input{Name: "legacy.html", Data: doc}, "")
		if err != nil || len(incs) != 1 {
			t.Fatalf("%s: %d incidents, %v", c.meta, len(incs), err)
		}
		if incs[0].Title != c.want {
			t.Errorf("%s: title %q, want %q", c.meta, incs[0].Title, c.want)
		}
	}
	// a page that declares Latin-1 but is valid UTF-8 stays as it is
	doc := bytes.Replace(page, []byte("<head>"), []byte(`<head><meta charset="iso-8859-1">`), 1)
	doc = bytes.Replace(doc, []byte("Spaces issue in SGP1 region"), []byte("Café issue"), -1)
	if incs, err := Read(&Input{Name: "utf8.html", Data: doc}, ""); err != nil || len(incs) != 1 || incs[0].Title != "Café issue" {
		t.Errorf("UTF-8 page declaring Latin-1: %v %v", incs, err)
	}
}

// TestOwnOutputRecognised checks the content markers of the outputs of
// 'postmortem analyze' (the command's tests run the real exporters) and
// that look-alikes are not taken for them.
func TestOwnOutputRecognised(t *testing.T) {
	cases := []struct {
		data, want string
	}{
		{"{\n  \"schema_version\": 1,\n  \"generated_at\": \"2026-01-01T00:00:00Z\",\n  \"incidents\": []}", "a JSON report"},
		{`{"id":"","vendor":"X","source":{},"instants":{},"metrics":{},"root_cause":{},"resolution":{},"scope":{}}` + "\n", "a JSONL report"},
		{"id,vendor,title,impact,status,url,components,warnings,source_path,reader\r\n1,X,,,,,,,,\r\n", "a CSV report"},
		{"# Vendor reliability report\n\n**Period:** 2024Q1\n**Generated:** 2026-01-01\n", "a Markdown report"},
		{"%PDF-1.3\n...\n/Creator (\xfe\xff\x00p\x00o\x00s\x00t\x00m\x00o\x00r\x00t\x00e\x00m)\n%%EOF", "a PDF report"},
		// look-alikes: a vendor's JSON with a version, a CSV with other columns, a PDF by someone else
		{`{"schema_version": 1, "page": {"name": "x"}}`, ""},
		{`{"generated_at": "x", "schema_version": 1}`, ""},
		{"id,vendor,title,impact,status,url\n", ""},
		{"%PDF-1.3\n/Creator (Word)\n", ""},
		{"# Vendor reliability report\n\nWe had an outage.\n", ""},
	}
	for _, c := range cases {
		if got := ownOutput([]byte(c.data)); got != c.want {
			t.Errorf("%.40q: %q, want %q", c.data, got, c.want)
		}
	}
	_, err := Read(&Input{Name: "report.json", Data: []byte(cases[0].data)}, "")
	if !errors.Is(err, ErrOwnOutput) || err.Error() != "report.json: skipped: a JSON report written by postmortem, not an incident report" {
		t.Errorf("Read: %v", err)
	}
}
