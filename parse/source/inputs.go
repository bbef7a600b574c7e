package source

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// eachFile expands one argument that is not "-" into the files it names,
// in order: the file itself, a directory's files recursively, or a glob's
// matches. It calls file for each file and fail for each problem; it
// returns only what they return.
func eachFile(arg string, file func(string) error, fail func(string, error) error) error {
	fi, err := os.Stat(arg)
	switch {
	case err != nil && hasMeta(arg):
		return eachMatch(arg, file, fail)
	case err != nil:
		return fail(arg, err)
	case fi.IsDir():
		return walkDir(arg, file, fail)
	}
	return file(arg)
}

// hasMeta reports whether arg holds glob metacharacters.
func hasMeta(arg string) bool { return strings.ContainsAny(arg, "*?[") }

// eachMatch expands a glob pattern. Hidden matches are dropped unless the
// pattern's own base name starts with a dot, as a shell would.
func eachMatch(pattern string, file func(string) error, fail func(string, error) error) error {
	matches, err := filepath.Glob(pattern)
	if err != nil {
		return fail(pattern, err)
	}
	dotted := strings.HasPrefix(filepath.Base(pattern), ".")
	var kept []string
	for _, m := range matches {
		if dotted || !hidden(filepath.Base(m)) {
			kept = append(kept, m)
		}
	}
	if len(kept) == 0 {
		return fail(pattern, ErrNoMatch)
	}
	sort.Strings(kept)
	for _, m := range kept {
		fi, err := os.Stat(m)
		switch {
		case err != nil:
			err = fail(m, err)
		case fi.IsDir():
			err = walkDir(m, file, fail)
		default:
			err = file(m)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// walkDir visits the regular files under root in lexical order, skipping
// hidden entries. Symlinks to files are visited; symlinks to directories
// are not followed, so there are no loops.
//
// A directory that yields nothing (empty, or only hidden or special files)
// is reported as an ErrNoDocuments failure of the directory, which callers
// show as a note.
func walkDir(root string, file func(string) error, fail func(string, error) error) error {
	delivered := false
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			delivered = true
			return fail(path, err) // the entry is skipped, the walk goes on
		}
		if path != root && hidden(d.Name()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		switch t := d.Type(); {
		case t.IsDir():
			return nil
		case t&fs.ModeSymlink != 0:
			fi, err := os.Stat(path)
			if err != nil {
				return fail(path, err)
			}
			if !fi.Mode().IsRegular() {
				return nil
			}
		case !t.IsRegular():
			return nil
		}
		delivered = true
		return file(path)
	})
	if err == nil && !delivered {
		return fail(root, failf(ErrNoDocuments, "no documents in %s", root))
	}
	return err
}

// hidden reports whether a file or member base name is hidden: a dot file
// or a macOS resource-fork folder.
func hidden(base string) bool {
	return strings.HasPrefix(base, ".") && base != "." && base != ".." || base == "__MACOSX"
}
