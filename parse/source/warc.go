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
	br      *bufio.Reader // over pr
	pr      *pushReader
	max     int64  // bytes of a discarded block held to recover from an overstated length
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
	return r.readBlock(rec, true)
}

// skip discards rec's block and the line breaks that end the record.
func (r *warcReader) skip(rec *warcRecord) error {
	_, err := r.readBlock(rec, false)
	return err
}

// recordStart is what starts a record inside a block whose Content-Length
// overstates it: the blank line that ends a record, then a version line.
var recordStart = []byte("\nWARC/1.")

// edgeLen is how many bytes before a chunk a record start may begin in.
const edgeLen = 12

// nextRecord returns the offset in b of the first "WARC/1." that starts a
// line after a blank line, or -1.
func nextRecord(b []byte) int {
	for off := 0; ; {
		i := bytes.Index(b[off:], recordStart)
		if i < 0 {
			return -1
		}
		i += off
		if before := b[:i]; bytes.HasSuffix(before, []byte("\n")) || bytes.HasSuffix(before, []byte("\n\r")) {
			return i + 1
		}
		off = i + 1
	}
}

// readBlock reads rec's declared block, keeping it when keep is set and
// discarding it otherwise. When the block does not end where it should
// (no blank line after it, or the stream ends inside it) and a record
// starts inside it, the Content-Length overstated the block: the bytes
// from that record on are given back to the stream, so that the records
// the block would have swallowed are read, and rec alone is reported. A
// discarded block holds in memory only what follows such a start, at
// most r.max bytes.
func (r *warcReader) readBlock(rec *warcRecord, keep bool) ([]byte, error) {
	start := r.off
	var (
		buf   []byte // the block (keep) or, from cand on, what follows a record start
		cand  = -1   // offset in the block of the first record start
		prev  []byte // the last bytes of the previous chunk, to find a start across chunks
		n     int64  // block bytes read
		chunk = make([]byte, min(rec.length, bufSize))
		err   error
	)
	for n < rec.length && err == nil {
		var m int
		m, err = r.Read(chunk[:min(int64(len(chunk)), rec.length-n)])
		c := chunk[:m]
		switch {
		case keep:
			buf = append(buf, c...)
			if cand < 0 {
				from := max(0, len(buf)-m-edgeLen)
				if i := nextRecord(buf[from:]); i >= 0 {
					cand = from + i
				}
			}
		case cand < 0:
			// a start across the chunk boundary, then one inside the chunk
			edge := append(prev[:len(prev):len(prev)], c[:min(len(c), 2*edgeLen)]...)
			if i := nextRecord(edge); i >= 0 {
				cand = int(n) - len(prev) + i
				if i < len(prev) {
					buf = append(append(buf[:0], prev[i:]...), c...)
				} else {
					buf = append(buf[:0], c[i-len(prev):]...)
				}
			} else if i := nextRecord(c); i >= 0 {
				cand = int(n) + i
				buf = append(buf[:0], c[i:]...)
			} else {
				t := append(prev[:len(prev):len(prev)], c[max(0, len(c)-edgeLen):]...)
				prev = t[max(0, len(t)-edgeLen):]
			}
		case int64(len(buf)) < r.max:
			buf = append(buf, c...)
		default:
			cand, buf = -1, nil // too much to hold: what it swallowed is lost
		}
		n += int64(m)
		if err == io.EOF && n < rec.length {
			err = io.ErrUnexpectedEOF
		} else if err == io.EOF {
			err = nil
		}
	}
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, rec.failed(err)
	}
	if err == nil && r.ended() {
		if err := r.end(rec); err != nil {
			return nil, err
		}
		if keep {
			return buf, nil
		}
		return nil, nil
	}
	if cand >= 0 {
		held := buf
		if keep {
			held = buf[cand:]
		}
		r.unread(held, start+int64(cand))
		return nil, rec.broken("block overruns into the next record, which starts %d bytes into it (Content-Length %d overstates it); reading goes on there", cand, rec.length)
	}
	if err != nil {
		return nil, rec.failed(err)
	}
	return nil, r.end(rec)
}

// ended reports whether the stream is at the line break that ends a
// record (or at its end).
func (r *warcReader) ended() bool {
	b, _ := r.br.Peek(2)
	return len(b) == 0 || b[0] == '\n' || len(b) == 2 && b[0] == '\r' && b[1] == '\n' || len(b) == 1 && b[0] == '\r'
}

// unread gives held back to the stream, to be read again from offset off:
// before whatever the read buffer still holds.
func (r *warcReader) unread(held []byte, off int64) {
	buffered, _ := r.br.Peek(r.br.Buffered())
	back := make([]byte, 0, len(held)+len(buffered)+len(r.pr.back))
	back = append(append(append(back, held...), buffered...), r.pr.back...)
	r.pr.back = back
	r.br.Reset(r.pr)
	r.off, r.pending = off, nil
}

// pushReader reads what was given back before the stream.
type pushReader struct {
	back []byte
	r    io.Reader
}

func (p *pushReader) Read(b []byte) (int, error) {
	if len(p.back) > 0 {
		n := copy(b, p.back)
		p.back = p.back[n:]
		return n, nil
	}
	return p.r.Read(b)
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
