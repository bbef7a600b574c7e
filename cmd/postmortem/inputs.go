package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/postmortem-dev/postmortem/parse"
	"github.com/postmortem-dev/postmortem/parse/incident"
)

// readOptions are the reading flags shared by analyze and parse.
type readOptions struct {
	reader string         // --reader: skip detection
	zone   *time.Location // --tz: zone for times that carry none
	quiet  bool
}

// loadResult is what reading all inputs gives.
type loadResult struct {
	incidents []incident.Incident
	files     int // documents read
	failed    int // documents that failed (errors printed)
	empty     int // documents with no incidents (not a failure)
}

// expand turns PATH arguments into a sorted list of files: directories are
// walked recursively (hidden files and directories skipped), "-" is stdin.
// A path that does not exist is reported and counted as failed.
func expand(paths []string, ios IO, res *loadResult) []string {
	var files []string
	for _, p := range paths {
		if p == "-" {
			files = append(files, p)
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			res.failed++
			fmt.Fprintf(ios.Err, "postmortem: %s: %v\n", p, errors.Unwrap(err))
			continue
		}
		if !info.IsDir() {
			files = append(files, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				res.failed++
				fmt.Fprintf(ios.Err, "postmortem: %s: %v\n", path, err)
				return nil
			}
			if path != p && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			res.failed++
			fmt.Fprintf(ios.Err, "postmortem: %s: %v\n", p, err)
		}
		sort.Strings(found)
		files = append(files, found...)
	}
	return files
}

// load reads and parses every input. Each failure is one line on stderr
// naming the file; the batch goes on.
func load(paths []string, opt readOptions, ios IO) loadResult {
	var res loadResult
	for _, name := range expand(paths, ios, &res) {
		data, err := readInput(name, ios)
		res.files++
		if err != nil {
			res.failed++
			fmt.Fprintf(ios.Err, "postmortem: %s: %v\n", name, err)
			continue
		}
		incs, err := parse.Read(&parse.Input{Name: name, Data: data, Zone: opt.zone}, opt.reader)
		res.incidents = append(res.incidents, incs...)
		switch {
		case err == nil:
		case errors.Is(err, parse.ErrNoIncidents) && len(incs) == 0:
			res.empty++
			if !opt.quiet {
				fmt.Fprintf(ios.Err, "postmortem: note: %s: no incidents\n", name)
			}
		default:
			res.failed++
			for _, line := range strings.Split(err.Error(), "\n") {
				fmt.Fprintf(ios.Err, "postmortem: %s\n", line)
			}
		}
	}
	return res
}

// readInput reads a file, or stdin for "-".
func readInput(name string, ios IO) ([]byte, error) {
	if name == "-" {
		return io.ReadAll(io.LimitReader(ios.In, parse.MaxDocument))
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, errors.Unwrap(err)
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, parse.MaxDocument))
}

// zoneFlag parses --tz: an IANA name ("America/Denver") or an abbreviation
// the timestamp engine knows ("MT", "CET").
func zoneFlag(s string) (*time.Location, error) {
	if s == "" {
		return nil, nil
	}
	loc, _, err := whenLookup(s)
	if err != nil {
		return nil, usageError{fmt.Sprintf("--tz %q: %v", s, err)}
	}
	return loc, nil
}
