package source

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"io"
	"slices"
	"strings"
	"sync"
)

// kind is what a byte stream holds.
type kind int

const (
	kindDoc kind = iota
	kindGzip
	kindZip
	kindTar
	kindWARC
)

// String names the kind in messages.
func (k kind) String() string {
	return [...]string{"document", "gzip", "zip", "tar", "WARC"}[k]
}

// sniff decides the kind of a stream from its first bytes; the name's
// extension only breaks ties.
func sniff(head []byte, name string) kind {
	switch {
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		return kindGzip
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, []byte("PK\x05\x06")):
		return kindZip
	case bytes.HasPrefix(head, []byte("WARC/1.")):
		return kindWARC
	case isTar(head):
		return kindTar
	case strings.HasSuffix(strings.ToLower(name), ".zip") && bytes.Contains(head, []byte("PK\x03\x04")):
		return kindZip // a zip with a prefix (self-extracting): archive/zip finds its directory
	}
	return kindDoc
}

// isTar reports whether head starts with a tar header: POSIX "ustar" magic
// at 257, or an old v7 header whose checksum is right.
func isTar(head []byte) bool {
	if len(head) < 512 {
		return false
	}
	if bytes.Equal(head[257:262], []byte("ustar")) {
		return true
	}
	field := bytes.Trim(head[148:156], " \x00")
	if len(field) == 0 || head[0] == 0 {
		return false
	}
	var want int64
	for _, c := range field {
		if c < '0' || c > '7' {
			return false
		}
		want = want*8 + int64(c-'0')
	}
	var sum int64
	for i, c := range head[:512] {
		if i >= 148 && i < 156 {
			c = ' '
		}
		sum += int64(c)
	}
	return sum == want
}

// stream reads one input or member by its content. ra gives random access
// when the stream is a regular file (for zip); size is its expected size
// when known; inArchive says the stream is a member of an archive, whose
// budget already meters it.
func (w *walker) stream(name string, r io.Reader, ra io.ReaderAt, size int64, inArchive bool) error {
	br := getReader(r)
	defer putReader(br)
	head, _ := br.Peek(peekSize) // a read error surfaces on the next Read
	k := sniff(head, name)
	if inArchive && (k == kindZip || k == kindTar) {
		return w.fail(name, failf(ErrNested, "%s archive inside an archive is not expanded", k))
	}
	switch k {
	case kindGzip:
		return w.gunzip(name, br, inArchive)
	case kindZip:
		return w.zip(name, br, ra, size)
	case kindTar:
		return w.tar(name, w.newMeter(br))
	case kindWARC:
		return w.warc(name, w.meter(br, inArchive))
	}
	if size > w.opt.MaxMember {
		// refused from its size (a file's Stat, a tar or zip header),
		// before reading more than the sniffed head
		if inArchive {
			return w.fail(name, failf(ErrTooLarge, "member inflates beyond %s (%d bytes by its header): not read", mib(w.opt.MaxMember), size))
		}
		return w.fail(name, failf(ErrTooLarge, "document is larger than %s (%d bytes): not read", mib(w.opt.MaxMember), size))
	}
	if inArchive {
		return w.doc(name, br, size, "member inflates beyond")
	}
	return w.doc(name, br, size, "document is larger than")
}

// gunzip reads a gzip stream: a tar or WARC file inside is expanded, a zip
// is reported, any other content is one inflated document.
func (w *walker) gunzip(name string, r *bufio.Reader, inArchive bool) error {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return w.fail(name, streamErr("gzip", err))
	}
	in := getReader(codecReader{zr, "gzip"})
	defer putReader(in)
	head, _ := in.Peek(peekSize)
	switch k := sniff(head, ""); {
	case k == kindWARC:
		return w.warc(name, w.meter(in, inArchive))
	case k == kindZip:
		return w.fail(name, failf(ErrNested, "zip archive inside gzip is not expanded"))
	case k == kindTar && inArchive:
		return w.fail(name, failf(ErrNested, "tar archive inside an archive is not expanded"))
	case k == kindTar:
		return w.tar(name, w.newMeter(in))
	case inArchive:
		return w.doc(name, in, 0, "member inflates beyond")
	}
	return w.doc(name, in, 0, "document inflates beyond")
}

// codecReader classifies the errors of a decoding reader ("gzip", "zip").
type codecReader struct {
	r    io.Reader
	what string
}

func (c codecReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if err != nil && err != io.EOF {
		err = streamErr(c.what, err)
	}
	return n, err
}

// doc reads r whole as one document, up to MaxMember bytes; tooLarge starts
// the message when it holds more. hint, when positive, is the expected size.
func (w *walker) doc(name string, r io.Reader, hint int64, tooLarge string) error {
	data, err := readCapped(r, w.opt.MaxMember, hint, tooLarge)
	if err != nil {
		return w.fail(name, err)
	}
	return w.emit(Doc{Name: name, Data: data})
}

// maxHint bounds the buffer allocated on the word of a size hint, which an
// archive header can overstate.
const maxHint = 8 << 20

// readCapped reads r to its end, failing with ErrTooLarge beyond limit
// bytes. hint, when positive, sizes the buffer (never beyond limit).
func readCapped(r io.Reader, limit, hint int64, tooLarge string) ([]byte, error) {
	size := int64(4096)
	if hint > 0 {
		size = min(hint, limit, maxHint) + 1 // one more byte to see the end
	}
	buf := make([]byte, 0, size)
	r = io.LimitReader(r, limit+1)
	for {
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, len(buf)) // double
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		switch {
		case int64(len(buf)) > limit:
			return nil, failf(ErrTooLarge, "%s %s", tooLarge, mib(limit))
		case err == io.EOF:
			return buf, nil
		case err != nil:
			return nil, err
		}
	}
}

// readers recycles the read buffers of streams.
var readers = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, bufSize) }}

// getReader returns a pooled read buffer over r; putReader gives it back
// once nothing reads from it any more.
func getReader(r io.Reader) *bufio.Reader {
	br := readers.Get().(*bufio.Reader)
	br.Reset(r)
	return br
}

// putReader returns a read buffer to the pool.
func putReader(br *bufio.Reader) {
	br.Reset(nil)
	readers.Put(br)
}

// budget counts the inflated bytes read from one archive.
type budget struct{ used, max int64 }

// meter counts what is read through it against a budget (if any) and
// remembers the first error, so that a failure already reported by a
// member is not reported again by its archive.
type meter struct {
	r   io.Reader
	b   *budget
	err error
}

func (m *meter) Read(p []byte) (int, error) {
	if m.err != nil {
		return 0, m.err
	}
	n, err := m.r.Read(p)
	if m.b != nil {
		m.b.used += int64(n)
		if m.b.used > m.b.max {
			err = failf(ErrTooLarge, "archive inflates beyond %s in total; the rest of it is skipped", mib(m.b.max))
		}
	}
	if err != nil && err != io.EOF {
		m.err = err
	}
	return n, err
}

// newMeter starts a new budget of MaxTotal bytes for a top-level archive.
func (w *walker) newMeter(r io.Reader) *meter {
	return &meter{r: r, b: &budget{max: w.opt.MaxTotal}}
}

// meter meters a top-level stream; a stream inside an archive is already
// metered by its archive and is returned unchanged.
func (w *walker) meter(r io.Reader, inArchive bool) io.Reader {
	if inArchive {
		return r
	}
	return w.newMeter(r)
}
