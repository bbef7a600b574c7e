package source

import (
	"archive/zip"
	"errors"
	"strings"
)

// Count estimates, cheaply, how many Docs Walk will deliver for inputs, for
// a progress bar. It expands directories and globs like Walk, counts the
// regular members of files named *.zip from their central directory, and
// counts every other file (tar, WARC, gzip), stdin and every failing input
// as one. It opens no file but zip archives.
func Count(inputs []string) int {
	n := 0
	for _, arg := range inputs {
		if arg == "-" {
			n++
			continue
		}
		_ = eachFile(arg, func(path string) error {
			n += countFile(path)
			return nil
		}, func(string, error) error {
			n++
			return nil
		})
	}
	return n
}

// countFile counts the documents of one file: its members for a zip.
func countFile(path string) int {
	if !strings.HasSuffix(strings.ToLower(path), ".zip") {
		return 1
	}
	zr, err := zip.OpenReader(path)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return 1
	}
	defer zr.Close()
	n := 0
	for _, f := range zr.File {
		if _, skip, _ := memberPath(f.Name); f.Mode().IsRegular() && !skip {
			n++
		}
	}
	return n
}
