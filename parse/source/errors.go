package source

import (
	"errors"
	"fmt"
	"io"
)

// Reasons a Doc can fail. Doc.Err wraps exactly one of them (test with
// errors.Is) unless the failure comes straight from the operating system
// (a missing or unreadable file: fs.ErrNotExist, fs.ErrPermission, ...).
var (
	// ErrNoMatch: a glob pattern matched no file.
	ErrNoMatch = errors.New("no file matches the pattern")
	// ErrTooLarge: a document exceeds Options.MaxMember, or an archive
	// exceeds Options.MaxTotal.
	ErrTooLarge = errors.New("too large")
	// ErrUnsafeName: an archive member name is absolute or climbs out with "..".
	ErrUnsafeName = errors.New("unsafe member name")
	// ErrTruncated: a gzip stream, archive or WARC record ends early.
	ErrTruncated = errors.New("truncated")
	// ErrCorrupt: a gzip checksum, zip or tar structure or WARC record is invalid.
	ErrCorrupt = errors.New("corrupt")
	// ErrNested: an archive inside an archive (zip or tar in zip or tar) is
	// not expanded. Gzip and WARC members are.
	ErrNested = errors.New("nested archive")
	// ErrNoDocuments: a directory holds no document (it is empty, or holds
	// only hidden or special files). It is a note rather than a failure.
	ErrNoDocuments = errors.New("no documents")
	// ErrNotRegular: a path names a FIFO, socket, device or other
	// non-regular file, which is not opened (opening a FIFO blocks until
	// a writer comes, which may be never).
	ErrNotRegular = errors.New("not a regular file")
	// ErrUnsupported: an HTTP Content-Encoding or zip method this package
	// cannot decode.
	ErrUnsupported = errors.New("unsupported encoding")
)

// reasonError is a failure with a readable message, one of the reasons
// above, and optionally the underlying cause.
type reasonError struct {
	reason error
	msg    string
	cause  error
}

func (e *reasonError) Error() string {
	if e.cause != nil {
		return e.msg + ": " + e.cause.Error()
	}
	return e.msg
}

// Unwrap gives errors.Is and errors.As both the reason and the cause
// (either may be nil).
func (e *reasonError) Unwrap() []error {
	var errs []error
	for _, err := range []error{e.reason, e.cause} {
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

// failf builds a reasonError without a cause.
func failf(reason error, format string, args ...any) error {
	return &reasonError{reason: reason, msg: fmt.Sprintf(format, args...)}
}

// mib renders a byte count for messages: "64 MiB" when whole, else bytes.
func mib(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// streamErr classifies an error met while reading compressed or archived
// data ("gzip", "tar", "zip"): truncation, corruption, or unchanged when it
// already carries a reason (a size limit).
func streamErr(what string, err error) error {
	var re *reasonError
	switch {
	case errors.As(err, &re):
		return err
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return &reasonError{reason: ErrTruncated, msg: "truncated " + what + " data", cause: io.ErrUnexpectedEOF}
	}
	return &reasonError{reason: ErrCorrupt, msg: "corrupt " + what + " data", cause: err}
}
