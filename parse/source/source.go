// Package source turns command-line inputs into a stream of documents:
// files, directories (recursive), glob patterns, "-" (stdin), .gz files,
// .zip, .tar, .tar.gz/.tgz archives and WARC files (.warc, .warc.gz,
// WARC/1.0 and 1.1, gzip per record), read in memory and never extracted.
//
// # Names
//
// Doc.Name says where a document came from:
//
//	status/page.html                         a file (path as given or found under a directory)
//	-                                        standard input
//	snap.zip!2024/01/page.html               an archive member ("!" then the member path, "/"-separated)
//	page.json.gz                             a gzip file: the inflated document keeps the file's name
//	crawl.warc.gz!https://x.com/ (2024-01-02T03:04:05Z)
//	                                         a WARC record: target URI and WARC-Date (UTC)
//	bundle.tar!crawl.warc.gz!https://x.com/ (2024-01-02T03:04:05Z)
//	                                         a WARC file inside an archive
//	crawl.warc!record 7                      a WARC record without a target URI
//
// Member names are shown cleaned: backslashes become "/", "." and ".."
// components and leading "/" are dropped, control characters become "?".
// A member whose raw name is absolute or contains a ".." component is not
// read at all: it yields an error Doc (ErrUnsafeName) and the rest of the
// archive goes on. Nothing is ever written to disk.
//
// # Order
//
// Inputs come in the order given. A directory is walked recursively in
// lexical order (filepath.WalkDir); glob matches are sorted. Archive members
// and WARC records come in archive order (zip: central directory order), so
// the order is deterministic and streaming needs no sorting.
//
// # What is a document
//
// Hidden files and directories (name starting with ".") are skipped inside
// directories and archives, and so are "__MACOSX" folders, directory
// entries, symlinks, hard links and devices inside archives. Under a
// directory, symlinks to files are read and symlinks to directories are not
// followed (no loops); a symlink given as an argument is followed. A gzip
// file is inflated into one document unless it holds a tar or a WARC file.
// Inside an archive, gzip members are inflated and WARC members are read
// record by record; a zip or tar inside an archive (or a zip inside a gzip
// file) is reported as ErrNested. A zip read from stdin or a pipe is held
// in memory (up to MaxTotal), since zip needs random access; everything
// else streams.
// In a WARC file only "response" records carrying HTTP (status line and
// headers removed, chunked transfer coding and gzip/deflate content coding
// undone) and "resource" records are documents, and only when the status is
// 2xx, the payload is not empty and its type is HTML, JSON, XML (Atom, RSS)
// or plain text (sniffed when no Content-Type is given).
//
// # Failures
//
// A failure of one input, member or record is delivered as a Doc with Err
// set (wrapping one of the Err* reasons) and the walk goes on; Err does not
// repeat Name. A truncated or corrupt compressed stream ends its input. A
// malformed WARC record is reported with its number and byte offset (in the
// decompressed stream for .warc.gz) and reading resumes at the next line
// starting with "WARC/1.".
//
// Container kinds are detected by content (gzip 1f 8b, zip "PK\x03\x04",
// tar "ustar" at offset 257 or a valid v7 header, "WARC/1."); the extension
// only breaks ties (a ".zip" with a prefix before its first local header).
package source

import (
	"io"
	"os"
	"time"
)

// Doc is one document to parse.
type Doc struct {
	Name string    // where it came from; see the package documentation
	Data []byte    // document bytes (gzip and HTTP codings already undone)
	URL  string    // WARC-Target-URI when known
	Date time.Time // WARC-Date (UTC) when known
	Err  error     // non-nil: this input, member or record failed; Data is nil
}

// Options bound what one input may cost. Zero fields take the defaults.
type Options struct {
	// MaxMember caps one document's (inflated) size; default 64 MiB.
	MaxMember int64
	// MaxTotal caps the inflated bytes read from one archive or WARC file;
	// default 4 GiB.
	MaxTotal int64
	// Stdin is read for the input "-"; default os.Stdin.
	Stdin io.Reader
}

// Default limits.
const (
	DefaultMaxMember = 64 << 20
	DefaultMaxTotal  = 4 << 30
)

// withDefaults fills the zero fields of o.
func (o Options) withDefaults() Options {
	if o.MaxMember <= 0 {
		o.MaxMember = DefaultMaxMember
	}
	if o.MaxTotal <= 0 {
		o.MaxTotal = DefaultMaxTotal
	}
	if o.Stdin == nil {
		o.Stdin = os.Stdin
	}
	return o
}

// bufSize is the read buffer of every stream; peekSize is how much of it
// container detection looks at.
const (
	bufSize  = 64 << 10
	peekSize = 4096
)

// Walk expands the inputs in order and calls fn for each document, in the
// deterministic order described in the package documentation. It holds at
// most one document in memory at a time (plus what fn keeps). Failures of
// inputs, members and records are delivered to fn as Docs with Err set and
// the walk goes on; Walk returns an error only when fn does, and then stops
// at once and returns that error.
func Walk(inputs []string, opt Options, fn func(Doc) error) error {
	w := &walker{opt: opt.withDefaults(), fn: fn}
	for _, arg := range inputs {
		if err := w.input(arg); err != nil {
			return err
		}
	}
	return nil
}

// walker carries the options and callback through one Walk. Its methods
// return only the callback's errors; every other failure becomes a Doc.
type walker struct {
	opt Options
	fn  func(Doc) error
}

// emit hands one document to the callback.
func (w *walker) emit(d Doc) error { return w.fn(d) }

// fail hands one failure to the callback.
func (w *walker) fail(name string, err error) error {
	return w.fn(Doc{Name: name, Err: err})
}

// input expands one command-line argument.
func (w *walker) input(arg string) error {
	if arg == "-" {
		return w.stream(arg, w.opt.Stdin, nil, 0, false)
	}
	return eachFile(arg, w.file, w.fail)
}

// file reads one file found on disk. Only a regular file is opened: a
// FIFO, socket or device is an ErrNotRegular failure, decided from its
// Stat (opening a FIFO would block until a writer comes). A regular file
// larger than MaxMember that is no archive is refused from its size too,
// after its first bytes are sniffed, without being read.
func (w *walker) file(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return w.fail(path, err)
	}
	if !fi.Mode().IsRegular() {
		return w.fail(path, notRegular(fi.Mode()))
	}
	f, err := os.Open(path)
	if err != nil {
		return w.fail(path, err)
	}
	defer f.Close()
	if ofi, err := f.Stat(); err != nil {
		return w.fail(path, err)
	} else if !ofi.Mode().IsRegular() || !os.SameFile(fi, ofi) {
		return w.fail(path, notRegular(ofi.Mode())) // replaced since the Stat
	} else {
		fi = ofi
	}
	return w.stream(path, f, f, fi.Size(), false)
}

// notRegular is the failure of a path that is no regular file.
func notRegular(m os.FileMode) error {
	what := "special file"
	switch {
	case m&os.ModeNamedPipe != 0:
		what = "FIFO"
	case m&os.ModeSocket != 0:
		what = "socket"
	case m&os.ModeCharDevice != 0:
		what = "character device"
	case m&os.ModeDevice != 0:
		what = "device"
	case m.IsDir():
		what = "directory"
	}
	return failf(ErrNotRegular, "not a regular file (a %s): not read", what)
}
