package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/postmortem-dev/postmortem/export"
	"github.com/postmortem-dev/postmortem/parse"
)

// target is one file a run writes: an -o FORMAT=FILE or the --errors FILE.
type target struct {
	flag string // as the user gave it: "-o json=r.json", "--errors failed.jsonl"
	path string
}

// targets lists the files outs and the --errors file name; stdout is none.
func targets(outs []output, errorsFile string) []target {
	var ts []target
	for _, o := range outs {
		if o.file != "" {
			ts = append(ts, target{"-o " + o.spec, o.file})
		}
	}
	if errorsFile != "" {
		ts = append(ts, target{"--errors " + errorsFile, errorsFile})
	}
	return ts
}

// checkTargets runs before any input is read and refuses, as usage
// errors naming the target as the user gave it:
//
//   - a target that is a directory, or whose directory is missing, is no
//     directory or does not take a new file (probed with a temporary file
//     that is removed at once);
//   - two targets that are the same file;
//   - a target that is an input: the same file as an input given on the
//     command line (or the same path, when either does not exist), a file
//     an input glob matches, or an existing file a directory input walk
//     reads, unless it is one of this tool's own outputs (a report written
//     into its corpus, which the reader skips).
//
// Stdout and targets that exist and are not regular files (/dev/null, a
// FIFO) are never refused.
func checkTargets(ts []target, inputs []string) error {
	var files []checked
	for _, t := range ts {
		c, err := checkTarget(t)
		if err != nil {
			return err
		}
		if c.special {
			continue
		}
		for _, prev := range files {
			if c.same(prev) {
				return usageError{fmt.Sprintf("%s and %s name the same file", prev.flag, t.flag)}
			}
		}
		files = append(files, c)
	}
	for _, arg := range inputs {
		if arg == "-" {
			continue
		}
		for _, c := range files {
			if err := c.overwrites(arg); err != nil {
				return err
			}
		}
	}
	return nil
}

// checked is a target whose directory takes it.
type checked struct {
	target
	abs     string      // cleaned absolute path
	fi      os.FileInfo // nil when the file does not exist yet
	special bool        // exists and is not a regular file: written in place
}

// checkTarget stats t and probes its directory.
func checkTarget(t target) (checked, error) {
	c := checked{target: t}
	abs, err := filepath.Abs(t.path)
	if err != nil {
		return c, usageError{fmt.Sprintf("%s: %v", t.flag, err)}
	}
	c.abs = abs
	if fi, err := os.Stat(t.path); err == nil {
		switch {
		case fi.IsDir():
			return c, usageError{fmt.Sprintf("%s: is a directory", t.flag)}
		case !fi.Mode().IsRegular():
			c.special = true
			return c, nil
		}
		c.fi = fi
	}
	dir := filepath.Dir(t.path)
	di, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return c, usageError{fmt.Sprintf("%s: directory %s does not exist", t.flag, dir)}
	case err != nil:
		return c, usageError{fmt.Sprintf("%s: directory %s: %v", t.flag, dir, cause(err))}
	case !di.IsDir():
		return c, usageError{fmt.Sprintf("%s: %s is not a directory", t.flag, dir)}
	}
	if err := export.ProbeDir(t.path); err != nil {
		return c, usageError{fmt.Sprintf("%s: directory %s is not writable (%v)", t.flag, dir, err)}
	}
	return c, nil
}

// cause is the bare reason of an os error, without the path it names.
func cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// same reports whether c and o are one file: os.SameFile when both exist,
// their cleaned absolute paths otherwise.
func (c checked) same(o checked) bool {
	if c.fi != nil && o.fi != nil {
		return os.SameFile(c.fi, o.fi)
	}
	return c.abs == o.abs
}

// overwrites returns the usage error of a target that is input arg or
// one of the files it expands to, the way parse/source expands it.
func (c checked) overwrites(arg string) error {
	fi, err := os.Stat(arg)
	switch {
	case err != nil && hasGlobMeta(arg):
		return c.overwritesMatch(arg)
	case err != nil:
		if abs, aerr := filepath.Abs(arg); aerr == nil && abs == c.abs {
			return c.refuse(arg, "")
		}
		return nil
	case fi.IsDir():
		return c.overwritesWalk(arg, "")
	case c.fi != nil && os.SameFile(fi, c.fi):
		return c.refuse(arg, "")
	}
	return nil
}

// overwritesMatch checks the matches of an input glob: a match that is
// the target, or a directory the target is read from.
func (c checked) overwritesMatch(pattern string) error {
	matches, err := filepath.Glob(pattern)
	if err != nil {
		return nil // the reader reports the bad pattern
	}
	dotted := strings.HasPrefix(filepath.Base(pattern), ".")
	for _, m := range matches {
		if !dotted && hiddenName(filepath.Base(m)) {
			continue
		}
		fi, err := os.Stat(m)
		switch {
		case err != nil:
		case fi.IsDir():
			if err := c.overwritesWalk(m, pattern); err != nil {
				return err
			}
		case c.fi != nil && os.SameFile(fi, c.fi):
			return c.refuse(m, pattern)
		}
	}
	return nil
}

// overwritesWalk checks an existing target that a walk of directory root
// reads (under root, no hidden part on the way): refused unless it is one
// of this tool's own outputs. A target that does not exist yet overwrites
// nothing.
func (c checked) overwritesWalk(root, pattern string) error {
	if c.fi == nil {
		return nil
	}
	r, err1 := filepath.EvalSymlinks(root)
	d, err2 := filepath.EvalSymlinks(filepath.Dir(c.path))
	if err1 != nil || err2 != nil {
		return nil
	}
	rel, err := filepath.Rel(r, filepath.Join(d, filepath.Base(c.path)))
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return nil
	}
	for _, part := range strings.Split(rel, string(filepath.Separator)) {
		if hiddenName(part) {
			return nil
		}
	}
	if ownOutputFile(c.path) {
		return nil
	}
	if pattern == "" {
		pattern = root
	}
	return c.refuse(c.path, pattern)
}

// refuse is the usage error of a target that would overwrite input, found
// through from (a glob or a directory; "" when input was given itself).
func (c checked) refuse(input, from string) error {
	msg := fmt.Sprintf("%s: would overwrite the input %s", c.flag, input)
	if from != "" {
		msg += fmt.Sprintf(" (read from %s)", from)
	}
	return usageError{msg}
}

// hasGlobMeta and hiddenName are parse/source's rules for expanding
// inputs: a glob is tried only for an argument that is no existing path;
// hidden files and folders are skipped by walks and by globs whose base
// does not start with a dot.
func hasGlobMeta(arg string) bool { return strings.ContainsAny(arg, "*?[") }

func hiddenName(base string) bool {
	return strings.HasPrefix(base, ".") && base != "." && base != ".." || base == "__MACOSX"
}

// ownOutputFile reports whether the file at path is one of this tool's own
// outputs, which the reader skips. A large file is judged from its first
// and last MiB, where every output is recognised (parse.Prepare).
func ownOutputFile(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return false
	}
	const part = 1 << 20
	var data []byte
	if fi.Size() <= 2*part {
		data, err = io.ReadAll(f)
	} else {
		data = make([]byte, 2*part)
		if _, err = io.ReadFull(f, data[:part]); err == nil {
			_, err = f.ReadAt(data[part:], fi.Size()-part)
		}
	}
	if err != nil {
		return false
	}
	return errors.Is(parse.Prepare(&parse.Input{Name: path, Data: data}), parse.ErrOwnOutput)
}
