package source

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Limits on one WARC record's header.
const (
	maxHeaderLines = 256
	maxHeaderBytes = 1 << 20
)

// warcReader reads WARC records from a (decompressed) stream. A record is
// a version line, header lines, a blank line, Content-Length bytes of
// block, and two line breaks.
type warcReader struct {
	br      *bufio.Reader
	off     int64  // bytes consumed so far
	num     int    // records started so far
	pending []byte // a version line found by resync, not yet parsed
	pendOff int64  // where the pending line starts
}

// warcRecord is one record's header; its block follows in the stream.
type warcRecord struct {
	num    int
	off    int64
	header map[string]string // lower-case names
	length int64
}

// framingError is a malformed record: reading can resume at the next
// version line.
type framingError struct{ msg string }

func (e *framingError) Error() string { return e.msg }

// Unwrap makes a framing error an ErrCorrupt.
func (e *framingError) Unwrap() error { return ErrCorrupt }

// broken reports a malformed record.
func (rec *warcRecord) broken(format string, args ...any) error {
	return &framingError{msg: rec.where() + ": " + fmt.Sprintf(format, args...)}
}

// failed reports a failure of the stream itself while reading rec.
func (rec *warcRecord) failed(err error) error {
	var re *reasonError
	if !errors.As(err, &re) && (err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF)) {
		return failf(ErrTruncated, "%s: truncated record", rec.where())
	}
	return &reasonError{msg: rec.where(), cause: err}
}

// where locates rec for messages.
func (rec *warcRecord) where() string {
	return fmt.Sprintf("WARC record %d at byte %d", rec.num, rec.off)
}

// Read reads from the stream, counting the bytes.
func (r *warcReader) Read(p []byte) (int, error) {
	n, err := r.br.Read(p)
	r.off += int64(n)
	return n, err
}

// line reads one line without its line break. A line longer than the
// buffer is consumed and reported with bufio.ErrBufferFull; a last line
// without a line break is returned without error.
func (r *warcReader) line() ([]byte, error) {
	l, err := r.br.ReadSlice('\n')
	r.off += int64(len(l))
	if err == bufio.ErrBufferFull {
		for err == bufio.ErrBufferFull {
			var more []byte
			more, err = r.br.ReadSlice('\n')
			r.off += int64(len(more))
		}
		return nil, bufio.ErrBufferFull
	}
	if err == io.EOF && len(l) > 0 {
		err = nil
	}
	return bytes.TrimRight(l, "\r\n"), err
}

// next reads the next record's header. It returns io.EOF at the end of the
// stream, a *framingError for a malformed record and any other error for a
// failed stream; the record is returned with every error but io.EOF.
func (r *warcReader) next() (*warcRecord, error) {
	l, start, err := r.versionLine()
	if err == io.EOF {
		return nil, io.EOF
	}
	r.num++
	rec := &warcRecord{num: r.num, off: start, header: map[string]string{}}
	switch {
	case err == bufio.ErrBufferFull:
		return rec, rec.broken("line too long where a WARC/1.x version line was expected")
	case err != nil:
		return rec, rec.failed(err)
	case !bytes.HasPrefix(l, []byte("WARC/1.")):
		return rec, rec.broken("%q where a WARC/1.x version line was expected", clip(l))
	}
	if err := r.headers(rec); err != nil {
		return rec, err
	}
	cl := rec.header["content-length"]
	n, err := strconv.ParseInt(cl, 10, 64)
	if err != nil || n < 0 {
		return rec, rec.broken("missing or invalid Content-Length %q", cl)
	}
	rec.length = n
	return rec, nil
}

// versionLine returns the first non-blank line (or the pending one) and
// where it starts.
func (r *warcReader) versionLine() ([]byte, int64, error) {
	if r.pending != nil {
		l := r.pending
		r.pending = nil
		return l, r.pendOff, nil
	}
	for {
		start := r.off
		l, err := r.line()
		if err != nil || len(l) > 0 {
			return l, start, err
		}
	}
}

// headers reads the named fields of rec up to the blank line.
func (r *warcReader) headers(rec *warcRecord) error {
	last, size := "", 0
	for i := 0; ; i++ {
		l, err := r.line()
		switch {
		case err == bufio.ErrBufferFull:
			return rec.broken("header line too long")
		case err != nil:
			return rec.failed(err)
		case len(l) == 0:
			return nil
		case i >= maxHeaderLines || size+len(l) > maxHeaderBytes:
			return rec.broken("header too large")
		}
		size += len(l)
		if (l[0] == ' ' || l[0] == '\t') && last != "" {
			rec.header[last] += " " + string(bytes.TrimSpace(l)) // folded continuation
			continue
		}
		k, v, ok := bytes.Cut(l, []byte(":"))
		if !ok || len(bytes.TrimSpace(k)) == 0 {
			return rec.broken("malformed header line %q", clip(l))
		}
		last = strings.ToLower(string(bytes.TrimSpace(k)))
		rec.header[last] = string(bytes.TrimSpace(v))
	}
}

// clip shortens a line quoted in a message.
func clip(l []byte) []byte { return l[:min(len(l), 40)] }

// block reads rec's whole block (the caller has checked its length
// against MaxMember) and the line breaks that end the record.
func (r *warcReader) block(rec *warcRecord) ([]byte, error) {
	var buf bytes.Buffer
	n, err := buf.ReadFrom(io.LimitReader(r, rec.length)) // grows with the data, not with the claim
	if err == nil && n < rec.length {
		err = io.ErrUnexpectedEOF
	}
	if err != nil {
		return nil, rec.failed(err)
	}
	return buf.Bytes(), r.end(rec)
}

// skip discards rec's block and the line breaks that end the record.
func (r *warcReader) skip(rec *warcRecord) error {
	n, err := io.Copy(io.Discard, io.LimitReader(r, rec.length))
	if err == nil && n < rec.length {
		err = io.ErrUnexpectedEOF
	}
	if err != nil {
		return rec.failed(err)
	}
	return r.end(rec)
}

// end checks the blank line after a block; the second one is skipped by
// versionLine. Something else there means Content-Length was wrong.
func (r *warcReader) end(rec *warcRecord) error {
	start := r.off
	l, err := r.line()
	switch {
	case err == io.EOF || err == nil && len(l) == 0:
		return nil
	case err == bufio.ErrBufferFull:
	case err != nil:
		return rec.failed(err)
	case bytes.HasPrefix(l, []byte("WARC/1.")):
		r.pending, r.pendOff = bytes.Clone(l), start
	}
	return rec.broken("no blank line after its %d-byte block (wrong Content-Length?)", rec.length)
}

// resync skips to the next line that starts with "WARC/1.". It returns
// io.EOF when there is none and any other error of the stream.
func (r *warcReader) resync() error {
	if r.pending != nil {
		return nil
	}
	for {
		start := r.off
		l, err := r.line()
		switch {
		case err == bufio.ErrBufferFull:
		case err != nil:
			return err
		case bytes.HasPrefix(l, []byte("WARC/1.")):
			r.pending, r.pendOff = bytes.Clone(l), start
			return nil
		}
	}
}

// target returns the record's WARC-Target-URI without the angle brackets
// WARC/1.0 examples put around it.
func (rec *warcRecord) target() string {
	return strings.TrimSuffix(strings.TrimPrefix(rec.header["warc-target-uri"], "<"), ">")
}

// date returns the record's WARC-Date in UTC, zero when absent or invalid.
func (rec *warcRecord) date() time.Time {
	t, err := time.Parse(time.RFC3339Nano, rec.header["warc-date"])
	if err != nil {
		return time.Time{}
	}
	return t.UTC()
}

// name names rec inside the WARC file called file.
func (rec *warcRecord) name(file string) string {
	uri := rec.target()
	if uri == "" {
		return fmt.Sprintf("%s!record %d", file, rec.num)
	}
	name := file + "!" + printable(uri)
	if d := rec.date(); !d.IsZero() {
		name += " (" + d.Format(time.RFC3339Nano) + ")"
	}
	return name
}
