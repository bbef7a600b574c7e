package parse

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/textproto"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
)

// MaxDocument caps how large one document may be, whichever layer of
// unwrapping inflates it: the same 64 MiB as parse/source's
// DefaultMaxMember, so that a gzip inside a gzip file (which the source
// inflates once) cannot pass the cap the source applied to the outer one.
const MaxDocument = 64 << 20

// MaxGzipLayers is how many gzip layers unwrap removes from one document
// (beyond the one parse/source removes from a .gz file); a document still
// compressed after them is an error.
const MaxGzipLayers = 3

// Reasons unwrap fails. Test with errors.Is.
var (
	// ErrTooLarge: a document inflates beyond MaxDocument.
	ErrTooLarge = errors.New("too large")
	// ErrTooDeep: gzip layers nest deeper than MaxGzipLayers.
	ErrTooDeep = errors.New("containers nested too deep")
	// ErrContainer: a gzip or MHTML wrapper that cannot be undone (corrupt
	// or truncated gzip data, an MHTML file without its HTML part).
	ErrContainer = errors.New("broken container")
)

// containerError is an ErrContainer failure: what ("gzip", "mhtml") and
// why.
type containerError struct {
	what string
	err  error
}

func (e *containerError) Error() string { return e.what + ": " + e.err.Error() }

// Unwrap gives errors.Is both ErrContainer and the cause.
func (e *containerError) Unwrap() []error { return []error{ErrContainer, e.err} }

// unwrap removes containers and junk around a document: gzip, MHTML as
// browsers save it (the first text/html part), a UTF-8 BOM, and the
// "```" fences some archivers put around markup. It records the saved-from
// URL of an MHTML file in in.ContentLocation.
func unwrap(in *Input) error {
	for layer := 0; isGzip(in.Data); layer++ {
		if layer == MaxGzipLayers {
			return fmt.Errorf("gzip: %w: more than %d gzip layers inside one another", ErrTooDeep, MaxGzipLayers)
		}
		data, err := gunzip(in.Data)
		if err != nil {
			return err
		}
		in.Data = data
	}
	data, err := fromUTF16(in.Data)
	if err != nil {
		return err
	}
	in.Data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if isMHTML(in.Data) {
		html, loc, err := mhtmlHTML(in.Data)
		if err != nil {
			return &containerError{"mhtml", err}
		}
		in.Data, in.ContentLocation = html, loc
	}
	in.Data = trimFences(in.Data)
	if in.Data, err = fromDeclaredCharset(in.Data); err != nil {
		return err
	}
	return nil
}

// fromUTF16 decodes a document that starts with a UTF-16 byte order mark
// (FF FE little-endian, FE FF big-endian) to UTF-8, without the mark; any
// other document comes back as it is. Unpaired surrogates become U+FFFD.
func fromUTF16(data []byte) ([]byte, error) {
	var label string
	switch {
	case bytes.HasPrefix(data, []byte{0xff, 0xfe}):
		label = "utf-16le"
	case bytes.HasPrefix(data, []byte{0xfe, 0xff}):
		label = "utf-16be"
	default:
		return data, nil
	}
	return decodeCharset(data[2:], label)
}

// decodeCharset decodes data from the charset label names (an HTML
// encoding label: "windows-1252", "shift_jis", "utf-16le") to UTF-8.
func decodeCharset(data []byte, label string) ([]byte, error) {
	enc, _ := charset.Lookup(label)
	if enc == nil {
		return data, nil
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return nil, &containerError{label, err}
	}
	if len(out) > MaxDocument {
		return nil, fmt.Errorf("%s: %w: the document decodes to more than %d MiB of UTF-8", label, ErrTooLarge, MaxDocument>>20)
	}
	return out, nil
}

// metaCharset finds the charset an HTML page declares in its first 1024
// bytes: <meta charset="x"> or <meta http-equiv="Content-Type"
// content="text/html; charset=x">.
var metaCharset = regexp.MustCompile(`(?i)<meta\b[^>]*?charset\s*=\s*["']?\s*([a-z0-9_.:-]+)`)

// fromDeclaredCharset decodes an HTML page that is not valid UTF-8 from
// the legacy charset its <meta> declares (windows-1252, iso-8859-1,
// shift_jis, ...), as a browser would. A page that is valid UTF-8 is left
// alone whatever it declares: ASCII reads the same in every such charset,
// and a page with valid multi-byte UTF-8 that declares Latin-1 was saved
// as UTF-8 by whoever saved it.
func fromDeclaredCharset(data []byte) ([]byte, error) {
	if utf8.Valid(data) || sniff(data) != KindHTML {
		return data, nil
	}
	m := metaCharset.FindSubmatch(data[:min(len(data), 1024)])
	if m == nil {
		return data, nil
	}
	_, name := charset.Lookup(string(m[1]))
	if name == "" || name == "utf-8" || strings.HasPrefix(name, "utf-16") {
		return data, nil // utf-16 declared in an ASCII-compatible page is a lie (HTML standard)
	}
	return decodeCharset(data, name)
}

func isGzip(data []byte) bool { return len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b }

// gunzip inflates one gzip layer, failing with ErrTooLarge as soon as it
// grows beyond MaxDocument: at most MaxDocument+1 bytes are ever held.
func gunzip(data []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, &containerError{"gzip", err}
	}
	// the buffer doubles up to MaxDocument+1 bytes and no further, so a
	// bomb costs at most 1.5 times the cap while it is refused
	buf := make([]byte, 0, min(len(data)*4, MaxDocument)+512)
	for {
		if len(buf) == cap(buf) {
			grown := make([]byte, len(buf), min(2*cap(buf), MaxDocument+1))
			copy(grown, buf)
			buf = grown
		}
		n, err := zr.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		switch {
		case len(buf) > MaxDocument:
			return nil, fmt.Errorf("gzip: %w: the document inflates beyond %d MiB", ErrTooLarge, MaxDocument>>20)
		case err == io.EOF:
			return buf, nil
		case err != nil:
			return nil, &containerError{"gzip", err}
		}
	}
}

// isMHTML reports whether data starts with RFC 822 headers announcing a
// multipart/related body, as Chrome's "Save as single file" writes.
func isMHTML(data []byte) bool {
	head := data[:min(len(data), 4096)]
	end := bytes.Index(head, []byte("\r\n\r\n"))
	if end < 0 {
		end = bytes.Index(head, []byte("\n\n"))
	}
	if end < 0 {
		return false
	}
	h := bytes.ToLower(head[:end])
	return bytes.Contains(h, []byte("content-type: multipart/related")) && bytes.Contains(h, []byte("mime-version:")) ||
		bytes.Contains(h, []byte("content-type: multipart/related")) && bytes.HasPrefix(h, []byte("from:"))
}

// mhtmlHTML returns the first text/html part of an MHTML document and the
// URL it was saved from.
func mhtmlHTML(data []byte) ([]byte, string, error) {
	tp := textproto.NewReader(bufio.NewReader(bytes.NewReader(data)))
	hdr, err := tp.ReadMIMEHeader()
	if err != nil && len(hdr) == 0 {
		return nil, "", fmt.Errorf("reading headers: %w", err)
	}
	loc := hdr.Get("Snapshot-Content-Location")
	_, params, err := mime.ParseMediaType(hdr.Get("Content-Type"))
	if err != nil || params["boundary"] == "" {
		return nil, "", errors.New("no multipart boundary in Content-Type")
	}
	// The body starts after the first blank line.
	body := data
	if i := bytes.Index(data, []byte("\r\n\r\n")); i >= 0 {
		body = data[i+4:]
	} else if i := bytes.Index(data, []byte("\n\n")); i >= 0 {
		body = data[i+2:]
	}
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	for {
		p, err := mr.NextRawPart()
		if err == io.EOF {
			return nil, "", errors.New("no text/html part")
		}
		if err != nil {
			return nil, "", err
		}
		ct, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		if ct != "text/html" {
			continue
		}
		var r io.Reader = p
		if strings.EqualFold(p.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
			r = quotedprintable.NewReader(p)
		}
		html, err := io.ReadAll(io.LimitReader(r, MaxDocument))
		if err != nil && len(html) == 0 {
			return nil, "", err
		}
		if l := p.Header.Get("Content-Location"); l != "" && loc == "" {
			loc = l
		}
		return html, strings.TrimSuffix(loc, "#"), nil
	}
}

// trimFences drops "```" lines (and anything before the first markup or
// JSON byte) that archivers wrap around a document.
func trimFences(data []byte) []byte {
	t := bytes.TrimSpace(data)
	if bytes.HasPrefix(t, []byte("```")) {
		t = t[3:]
		if i := bytes.IndexByte(t, '\n'); i >= 0 && !bytes.ContainsAny(t[:i], "<{[") {
			t = t[i+1:] // a language tag after the fence
		}
		t = bytes.TrimSuffix(bytes.TrimSpace(t), []byte("```"))
		return bytes.TrimSpace(t)
	}
	return data
}

// looksBinary reports whether data is not a text document: invalid UTF-8
// beyond a few stray bytes, or NUL bytes.
func looksBinary(data []byte) bool {
	sample := data[:min(len(data), 8192)]
	if bytes.IndexByte(sample, 0) >= 0 {
		return true
	}
	if utf8.Valid(sample) {
		return false
	}
	bad := 0
	for len(sample) > 0 {
		r, size := utf8.DecodeRune(sample)
		if r == utf8.RuneError && size == 1 {
			// A rune cut at the end of the sample is not an error.
			if len(sample) < utf8.UTFMax && !utf8.FullRune(sample) {
				break
			}
			bad++
		}
		sample = sample[size:]
	}
	return bad > 8
}

// ErrOwnOutput is a document that is one of this tool's own outputs (a
// report written into a directory that is read again): it is skipped, with
// a note, rather than read as an input. The error's text names the output.
var ErrOwnOutput = errors.New("this tool's own output")

// ownOutputError names which output a document is.
type ownOutputError struct{ what string }

func (e *ownOutputError) Error() string {
	return "skipped: " + e.what + " written by postmortem, not an incident report"
}

func (e *ownOutputError) Unwrap() error { return ErrOwnOutput }

// ownOutput recognises the outputs of 'postmortem analyze' by their
// content, never by their name, and returns which it is ("" when none):
//
//	json     an object whose first keys are "schema_version" (a number) and "generated_at"
//	jsonl    a first line that is an analysed incident: "instants", "metrics", "root_cause",
//	         "resolution" and "scope" beside "source"
//	csv      a header line "id,vendor,title,impact,status,..." ending ",source_path,reader"
//	md       "# Vendor reliability report" then a "**Period:**" line
//	pdf      "%PDF-" with Creator postmortem in its Info dictionary
//	parquet  "PAR1" at both ends, the columns source_path and root_cause_trigger in its footer
func ownOutput(data []byte) string {
	t := bytes.TrimLeft(data, " \t\r\n")
	switch {
	case bytes.HasPrefix(t, []byte("{")):
		if ownJSON(t) {
			return "a JSON report"
		}
		if ownJSONL(t) {
			return "a JSONL report"
		}
	case bytes.HasPrefix(t, []byte("id,vendor,title,impact,status,")):
		line, _, _ := bytes.Cut(t, []byte("\n"))
		if bytes.HasSuffix(bytes.TrimRight(line, "\r"), []byte(",source_path,reader")) {
			return "a CSV report"
		}
	case bytes.HasPrefix(t, []byte("# Vendor reliability report\n")):
		head := t[:min(len(t), 512)]
		if bytes.Contains(head, []byte("\n**Period:**")) && bytes.Contains(head, []byte("\n**Generated:**")) {
			return "a Markdown report"
		}
	case bytes.HasPrefix(data, []byte("%PDF-")):
		if bytes.Contains(data, []byte("/Creator (postmortem)")) ||
			bytes.Contains(data, []byte("/Creator (\xfe\xff\x00p\x00o\x00s\x00t\x00m\x00o\x00r\x00t\x00e\x00m)")) {
			return "a PDF report"
		}
	case bytes.HasPrefix(data, []byte("PAR1")) && bytes.HasSuffix(data, []byte("PAR1")):
		foot := data[max(0, len(data)-64<<10):]
		if bytes.Contains(foot, []byte("source_path")) && bytes.Contains(foot, []byte("root_cause_trigger")) {
			return "a Parquet table"
		}
	}
	return ""
}

// ownJSON reports whether t opens the JSON report: its first key is
// "schema_version" with a number, its second "generated_at". Only those
// tokens are read.
func ownJSON(t []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(t[:min(len(t), 4096)]))
	want := []func(json.Token) bool{
		func(tok json.Token) bool { return tok == json.Delim('{') },
		func(tok json.Token) bool { return tok == "schema_version" },
		func(tok json.Token) bool { _, ok := tok.(float64); return ok },
		func(tok json.Token) bool { return tok == "generated_at" },
	}
	for _, ok := range want {
		tok, err := dec.Token()
		if err != nil || !ok(tok) {
			return false
		}
	}
	return true
}

// ownJSONL reports whether the first line of t is an analysed incident as
// the jsonl output writes it.
func ownJSONL(t []byte) bool {
	line, _, _ := bytes.Cut(t, []byte("\n"))
	var obj map[string]json.RawMessage
	if json.Unmarshal(line, &obj) != nil {
		return false
	}
	for _, k := range []string{"source", "instants", "metrics", "root_cause", "resolution", "scope"} {
		if _, ok := obj[k]; !ok {
			return false
		}
	}
	return true
}
