package source

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// warc reads the records of one WARC stream and delivers its documents.
// A malformed record is reported and reading resumes at the next version
// line; a failed stream (truncated or corrupt gzip, MaxTotal) ends it.
func (w *walker) warc(name string, r io.Reader) error {
	pr := &pushReader{r: r}
	wr := &warcReader{br: getReader(pr), pr: pr, max: w.opt.MaxMember}
	defer func() { putReader(wr.br) }()
	for {
		rec, err := wr.next()
		if err == io.EOF {
			return nil
		}
		var d *Doc
		if err == nil {
			d, err = w.warcRecord(name, wr, rec)
		}
		if err != nil {
			if ferr := w.fail(rec.name(name), err); ferr != nil {
				return ferr
			}
			var fe *framingError
			if !errors.As(err, &fe) {
				return nil
			}
			if err := wr.resync(); err != nil {
				if err == io.EOF {
					return nil
				}
				return w.fail(name, rec.failed(err))
			}
			continue
		}
		if d != nil {
			if err := w.emit(*d); err != nil {
				return err
			}
		}
	}
}

// warcRecord reads the block of rec and returns the Doc to deliver: nil
// when the record is not a document, a Doc with Err set when its payload
// cannot be used. The error is a framing or stream error.
func (w *walker) warcRecord(file string, wr *warcReader, rec *warcRecord) (*Doc, error) {
	typ := strings.ToLower(rec.header["warc-type"])
	ct := strings.ToLower(rec.header["content-type"])
	isHTTP := strings.HasPrefix(ct, "application/http") ||
		ct == "" && strings.HasPrefix(strings.ToLower(rec.target()), "http")
	_, segmented := rec.header["warc-segment-number"]
	if segmented || !(typ == "response" && isHTTP || typ == "resource") {
		return nil, wr.skip(rec)
	}
	d := &Doc{Name: rec.name(file), URL: rec.target(), Date: rec.date()}
	if rec.length > w.opt.MaxMember {
		d.Err = failf(ErrTooLarge, "record block of %d bytes is larger than %s", rec.length, mib(w.opt.MaxMember))
		return d, wr.skip(rec)
	}
	block, err := wr.block(rec)
	if err != nil {
		return nil, err
	}
	if typ == "resource" {
		if len(block) == 0 || !docType(rec.header["content-type"], block) {
			return nil, nil
		}
		d.Data = block
		return d, nil
	}
	d.Data, d.Err = httpPayload(block, w.opt.MaxMember)
	if d.Data == nil && d.Err == nil {
		return nil, nil
	}
	return d, nil
}

// httpPayload returns the decoded body of a recorded HTTP response, nil
// (and no error) when it is not a document: not 2xx, empty, or of another
// type.
func httpPayload(block []byte, max int64) ([]byte, error) {
	code, hdr, body, err := splitHTTP(block)
	if err != nil {
		return nil, err
	}
	if code < 200 || code > 299 {
		return nil, nil
	}
	if strings.Contains(strings.ToLower(hdr["transfer-encoding"]), "chunked") {
		if body, err = dechunk(body); err != nil {
			return nil, err
		}
	}
	if body, err = decodeContent(hdr["content-encoding"], body, max); err != nil {
		return nil, err
	}
	if len(body) == 0 || !docType(hdr["content-type"], body) {
		return nil, nil
	}
	return body, nil
}

// splitHTTP splits a recorded HTTP response into its status code, its
// header fields (lower-case names, repeated fields joined by ", ") and its
// body.
func splitHTTP(block []byte) (int, map[string]string, []byte, error) {
	head, body := block, []byte(nil)
	for _, sep := range []string{"\n\r\n", "\n\n"} { // the earlier blank line ends the header
		if i := bytes.Index(head, []byte(sep)); i >= 0 {
			head, body = block[:i], block[i+len(sep):]
		}
	}
	lines := strings.Split(strings.ReplaceAll(string(head), "\r", ""), "\n")
	f := strings.Fields(lines[0])
	if len(f) < 2 || !strings.HasPrefix(f[0], "HTTP/") {
		return 0, nil, nil, failf(ErrCorrupt, "response record without an HTTP status line")
	}
	code, err := strconv.Atoi(f[1])
	if err != nil {
		return 0, nil, nil, failf(ErrCorrupt, "HTTP status %q is not a number", f[1])
	}
	hdr := map[string]string{}
	for _, l := range lines[1:] {
		k, v, ok := strings.Cut(l, ":")
		if !ok {
			continue
		}
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		if hdr[k] != "" {
			v = hdr[k] + ", " + v
		}
		hdr[k] = v
	}
	return code, hdr, body, nil
}

// dechunk undoes the chunked transfer coding. A body that does not start
// with a chunk-size line was stored already decoded and is returned as is.
func dechunk(body []byte) ([]byte, error) {
	out := make([]byte, 0, len(body))
	for first := true; len(body) > 0; first = false {
		l, rest, _ := bytes.Cut(body, []byte("\n"))
		l, _, _ = bytes.Cut(bytes.TrimSpace(l), []byte(";"))
		size, err := strconv.ParseUint(string(bytes.TrimSpace(l)), 16, 63)
		switch {
		case err != nil && first:
			return body, nil
		case err != nil:
			return nil, failf(ErrCorrupt, "bad chunk size %q in chunked HTTP body", clip(l))
		case size == 0:
			return out, nil // trailer fields are ignored
		case size > uint64(len(rest)):
			return nil, failf(ErrTruncated, "chunked HTTP body ends inside a chunk")
		}
		out = append(out, rest[:size]...)
		body = bytes.TrimPrefix(bytes.TrimPrefix(rest[size:], []byte("\r")), []byte("\n"))
	}
	return out, nil // no last chunk: keep what came
}

// decodeContent undoes an HTTP content coding. A gzip- or deflate-coded
// body that does not look compressed was stored decoded and is kept.
func decodeContent(coding string, body []byte, max int64) ([]byte, error) {
	var r io.Reader
	switch c := strings.ToLower(strings.TrimSpace(coding)); {
	case c == "" || c == "identity":
		return body, nil
	case (c == "gzip" || c == "x-gzip") && bytes.HasPrefix(body, []byte{0x1f, 0x8b}):
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return nil, streamErr("gzip", err)
		}
		r = codecReader{zr, "gzip"}
	case c == "gzip" || c == "x-gzip":
		return body, nil
	case c == "deflate":
		r = flate.NewReader(bytes.NewReader(body))
		if zr, err := zlib.NewReader(bytes.NewReader(body)); err == nil {
			r = zr
		}
		r = codecReader{r, "deflate"}
	default:
		return nil, failf(ErrUnsupported, "HTTP Content-Encoding %q is not supported", coding)
	}
	return readCapped(r, max, int64(len(body))*4, "HTTP payload inflates beyond")
}

// docType reports whether a payload of this Content-Type is a document:
// HTML, JSON, XML (Atom, RSS) or text. Without a usable type, and for
// application/octet-stream, the payload is sniffed.
func docType(contentType string, body []byte) bool {
	mt, _, _ := strings.Cut(strings.ToLower(contentType), ";")
	switch mt = strings.TrimSpace(mt); {
	case mt == "text/html", mt == "application/xhtml+xml", mt == "text/plain", mt == "text/markdown",
		mt == "application/json", mt == "text/json", mt == "application/xml", mt == "text/xml",
		strings.HasSuffix(mt, "+json"), strings.HasSuffix(mt, "+xml"):
		return true
	case mt == "" || mt == "application/octet-stream" || mt == "binary/octet-stream":
		return looksText(body)
	}
	return false
}

// looksText sniffs a payload: markup or JSON, or NUL-free UTF-8 text.
func looksText(body []byte) bool {
	head := bytes.TrimLeft(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")), " \t\r\n")
	head = head[:min(len(head), 1024)]
	if len(head) > 0 && strings.IndexByte("{[<", head[0]) >= 0 {
		return true
	}
	if len(head) == 0 || bytes.IndexByte(head, 0) >= 0 {
		return false
	}
	for cut := 0; cut < 4 && cut < len(head); cut++ { // the window may split a rune
		if utf8.Valid(head[:len(head)-cut]) {
			return true
		}
	}
	return false
}
