package parse

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/textproto"
	"strings"
	"unicode/utf8"
)

// MaxDocument caps how large one document may grow when unwrapped (gzip).
const MaxDocument = 256 << 20

// unwrap removes containers and junk around a document: gzip, MHTML as
// browsers save it (the first text/html part), a UTF-8 BOM, and the
// "```" fences some archivers put around markup. It records the saved-from
// URL of an MHTML file in in.ContentLocation.
func unwrap(in *Input) error {
	if len(in.Data) >= 2 && in.Data[0] == 0x1f && in.Data[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(in.Data))
		if err != nil {
			return fmt.Errorf("gzip: %w", err)
		}
		data, err := io.ReadAll(io.LimitReader(zr, MaxDocument+1))
		if err != nil {
			return fmt.Errorf("gzip: %w", err)
		}
		if len(data) > MaxDocument {
			return fmt.Errorf("gzip: document inflates beyond %d MiB", MaxDocument>>20)
		}
		in.Data = data
	}
	in.Data = bytes.TrimPrefix(in.Data, []byte("\xef\xbb\xbf"))
	if isMHTML(in.Data) {
		html, loc, err := mhtmlHTML(in.Data)
		if err != nil {
			return fmt.Errorf("mhtml: %w", err)
		}
		in.Data, in.ContentLocation = html, loc
	}
	in.Data = trimFences(in.Data)
	return nil
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
