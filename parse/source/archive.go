package source

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"strings"
)

// zip reads the members of a zip archive in central-directory order. ra
// and size give random access to the file; without them (stdin, a pipe)
// the archive is first read into memory, up to MaxTotal bytes.
func (w *walker) zip(name string, r io.Reader, ra io.ReaderAt, size int64) error {
	if ra == nil {
		data, err := readCapped(r, w.opt.MaxTotal, 0, "zip archive read from a stream is larger than")
		if err != nil {
			return w.fail(name, streamErr("zip", err))
		}
		ra, size = bytes.NewReader(data), int64(len(data))
	}
	zr, err := zip.NewReader(ra, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return w.fail(name, streamErr("zip", err))
	}
	b := &budget{max: w.opt.MaxTotal}
	for _, f := range zr.File {
		if !f.Mode().IsRegular() {
			continue
		}
		if err := w.zipMember(name, f, b); err != nil {
			return err
		}
		if b.used > b.max {
			return nil // the member that crossed the limit reported it
		}
	}
	return nil
}

// zipMember reads one regular zip member, metered by the archive's budget.
func (w *walker) zipMember(archive string, f *zip.File, b *budget) error {
	path, skip, err := memberPath(f.Name)
	name := archive + "!" + path
	switch {
	case err != nil:
		return w.fail(name, err)
	case skip:
		return nil
	}
	rc, err := f.Open()
	if err != nil {
		if errors.Is(err, zip.ErrAlgorithm) {
			return w.fail(name, failf(ErrUnsupported, "zip compression method %d is not supported", f.Method))
		}
		return w.fail(name, streamErr("zip", err))
	}
	defer rc.Close()
	return w.stream(name, &meter{r: codecReader{rc, "zip"}, b: b}, nil, int64(min(f.UncompressedSize64, 1<<62)), true)
}

// tar reads the regular members of a tar stream in order.
func (w *walker) tar(name string, m *meter) error {
	tr := tar.NewReader(m)
	for {
		h, err := tr.Next()
		switch {
		case err == io.EOF:
			return nil
		case err != nil && !errors.Is(err, tar.ErrInsecurePath):
			return w.fail(name, streamErr("tar", err))
		case h.Typeflag != tar.TypeReg:
			continue
		}
		path, skip, err := memberPath(h.Name)
		member := &meter{r: codecReader{tr, "tar"}}
		if err != nil {
			err = w.fail(name+"!"+path, err)
		} else if !skip {
			err = w.stream(name+"!"+path, member, nil, h.Size, true)
		}
		if err != nil {
			return err
		}
		if member.err != nil || m.err != nil {
			return nil // the member reported the failure of the stream
		}
	}
}

// memberPath cleans an archive member name for display. Absolute names,
// drive letters and ".." components are unsafe (an ErrUnsafeName error,
// shown with the cleaned name); hidden components ask to skip the member.
func memberPath(raw string) (path string, skip bool, err error) {
	s := strings.ReplaceAll(raw, "\\", "/")
	drive := len(s) >= 2 && s[1] == ':' && (s[0]|0x20 >= 'a' && s[0]|0x20 <= 'z')
	unsafe := strings.HasPrefix(s, "/") || drive || strings.ContainsRune(s, 0)
	var parts []string
	for _, p := range strings.Split(s, "/") {
		switch p {
		case "", ".":
		case "..":
			unsafe = true
		default:
			skip = skip || hidden(p)
			parts = append(parts, p)
		}
	}
	path = printable(strings.Join(parts, "/"))
	if unsafe {
		return path, false, failf(ErrUnsafeName, "unsafe member name %q (absolute or climbing out with ..): not read", raw)
	}
	return path, skip, nil
}

// printable replaces control characters, which could rewrite a terminal
// line, with "?".
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return '?'
		}
		return r
	}, s)
}
