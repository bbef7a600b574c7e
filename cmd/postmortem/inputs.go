package main

import (
	"bytes"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"strconv"
	"strings"
	"time"

	flag "github.com/spf13/pflag"

	"github.com/postmortem-dev/postmortem/analyze"
	"github.com/postmortem-dev/postmortem/export"
	"github.com/postmortem-dev/postmortem/parse"
	"github.com/postmortem-dev/postmortem/parse/incident"
	"github.com/postmortem-dev/postmortem/parse/source"
)

// readOptions are the reading flags shared by analyze and parse.
type readOptions struct {
	reader     string         // --reader: skip detection
	zone       *time.Location // --tz: zone for times that carry none
	quiet      bool           // -q: no notes, no progress bar
	workers    int            // -j: parsing goroutines (0: all cores)
	shard      shard          // --shard i/n: this machine's part of the inputs
	errorsFile string         // --errors: failures as JSON lines
	merge      bool           // merge snapshots of one incident (not --no-merge)
	progress   bool           // show a progress bar on stderr
}

// readFlagSet registers the reading flags on fs.
type readFlagSet struct {
	tz, reader, shard, errors *string
	quiet, noMerge            *bool
	jobs                      *int
}

func readFlags(fs *flag.FlagSet) readFlagSet {
	return readFlagSet{
		tz:      fs.String("tz", "", "`ZONE` for times that name none (IANA name like America/Denver, or MT, CET)"),
		reader:  fs.String("reader", "", "skip detection and use reader `NAME` (see 'postmortem formats')"),
		quiet:   fs.BoolP("quiet", "q", false, "no notes or progress bar on stderr (errors are still printed)"),
		jobs:    fs.IntP("jobs", "j", 0, "parse `N` documents at a time (default: all cores)"),
		shard:   fs.String("shard", "", "read only part `I/N` of the documents (stable hash of each name), for splitting a batch across machines"),
		errors:  fs.String("errors", "", "also write each failed input as a JSON line to `FILE`"),
		noMerge: fs.Bool("no-merge", false, "keep every snapshot of an incident apart (default: one incident from many documents)"),
	}
}

func (rf readFlagSet) options(ios IO) (readOptions, error) {
	zone, err := zoneFlag(*rf.tz)
	if err != nil {
		return readOptions{}, err
	}
	sh, err := parseShard(*rf.shard)
	if err != nil {
		return readOptions{}, err
	}
	if *rf.jobs < 0 {
		return readOptions{}, usageError{"--jobs: N must be 0 (all cores) or more"}
	}
	if *rf.reader != "" {
		if _, ok := parse.Lookup(*rf.reader); !ok {
			return readOptions{}, usageError{fmt.Sprintf("--reader: no reader named %q (see 'postmortem formats')", *rf.reader)}
		}
	}
	return readOptions{reader: *rf.reader, zone: zone, quiet: *rf.quiet, workers: *rf.jobs, shard: sh,
		errorsFile: *rf.errors, merge: !*rf.noMerge, progress: ios.ErrTTY && !*rf.quiet}, nil
}

// shard selects documents by a stable hash of their name: part i of n.
type shard struct{ i, n uint32 }

func parseShard(s string) (shard, error) {
	if s == "" {
		return shard{}, nil
	}
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.ParseUint(a, 10, 32)
	n, err2 := strconv.ParseUint(b, 10, 32)
	if !ok || err1 != nil || err2 != nil || n == 0 || i < 1 || i > n {
		return shard{}, usageError{fmt.Sprintf("--shard %q: want I/N with 1 ≤ I ≤ N, e.g. 2/4", s)}
	}
	return shard{uint32(i), uint32(n)}, nil
}

// keeps reports whether the document called name belongs to this shard.
func (s shard) keeps(name string) bool {
	if s.n <= 1 {
		return true
	}
	h := fnv.New32a()
	_, _ = io.WriteString(h, name)
	return h.Sum32()%s.n == s.i-1
}

// loadResult is what reading all inputs gives.
type loadResult struct {
	incidents []incident.Incident
	files     int // documents read
	empty     int // documents with no incidents (not a failure)
	skipped   int // this tool's own outputs, skipped with a note
	failures  failures
}

func (r *loadResult) failed() int { return len(r.failures.list) }

// docResult is what one document gives: its incidents, or, when the
// caller streams, their output already rendered by the workers; and its
// error.
type docResult struct {
	name string
	incs []incident.Incident
	out  []byte // rendered output of the incidents (streaming only)
	n    int    // incidents read
	err  error
}

// each walks every document of paths on opt.workers goroutines and calls
// fn with each document's result in input order. render, when not nil,
// also runs in the workers: it appends each incident's output to the
// document's buffer (or nothing, to leave it out), so that streaming does
// its heavy work in parallel.
// Failures are printed and counted in res.
func each(paths []string, opt readOptions, ios IO, res *loadResult, render func(*bytes.Buffer, incident.Incident), fn func(docResult)) {
	bar := newProgress(paths, opt, ios)
	work := func(d source.Doc) docResult {
		r := docResult{name: d.Name, err: d.Err}
		if d.Err != nil {
			return r
		}
		r.incs, r.err = parse.Read(&parse.Input{Name: d.Name, Data: d.Data, Zone: opt.zone}, opt.reader)
		r.n = len(r.incs)
		if render != nil {
			var buf bytes.Buffer
			for _, inc := range r.incs {
				render(&buf, inc)
			}
			r.out, r.incs = buf.Bytes(), nil
		}
		return r
	}
	produce := func(emit func(source.Doc)) {
		_ = source.Walk(paths, source.Options{Stdin: ios.In}, func(d source.Doc) error {
			if opt.shard.keeps(d.Name) {
				emit(d)
			}
			return nil
		})
	}
	ordered(opt.workers, 0, produce, work, func(r docResult) {
		n := r.n
		switch {
		case errors.Is(r.err, source.ErrNoDocuments):
			// an empty directory: a note, not a document
			if !opt.quiet {
				bar.clear()
				fmt.Fprintf(ios.Err, "postmortem: note: %v\n", r.err)
			}
			bar.add(0)
			return
		case errors.Is(r.err, parse.ErrOwnOutput):
			// a report of ours read back: a note, not an input
			res.skipped++
			if !opt.quiet {
				bar.clear()
				fmt.Fprintf(ios.Err, "postmortem: note: %v\n", r.err)
			}
			bar.add(0)
			return
		}
		res.files++
		switch {
		case r.err == nil:
		case errors.Is(r.err, parse.ErrNoIncidents) && n == 0:
			res.empty++
			if !opt.quiet {
				bar.clear()
				fmt.Fprintf(ios.Err, "postmortem: note: %s: no incidents\n", r.name)
			}
		default:
			bar.clear()
			res.failures.add(r.name, r.err, ios.Err)
		}
		bar.add(n)
		fn(r)
	})
	bar.finish()
}

// load reads every document and returns the incidents, merged across
// documents unless opt.merge is off.
func load(paths []string, opt readOptions, ios IO) loadResult {
	var res loadResult
	var m *analyze.Merger
	if opt.merge {
		m = analyze.NewMerger()
	}
	each(paths, opt, ios, &res, nil, func(r docResult) {
		if m == nil {
			res.incidents = append(res.incidents, r.incs...)
			return
		}
		for _, inc := range r.incs {
			m.Add(inc)
		}
	})
	if m != nil {
		res.incidents = m.Incidents()
	}
	return res
}

// finish prints the end-of-run summary and writes the --errors file; it
// returns the exit code the reading part of the run deserves.
func finish(res *loadResult, opt readOptions, ios IO, incidents int) int {
	code := exitOK
	if opt.errorsFile != "" {
		if err := export.WriteFile(opt.errorsFile, res.failures.writeJSONL); err != nil {
			fmt.Fprintf(ios.Err, "postmortem: --errors: %v\n", err)
			code = exitFail
		}
	}
	if res.failed() > 0 {
		fmt.Fprintf(ios.Err, "postmortem: %d of %d inputs failed (%s); %d incidents read from the rest\n",
			res.failed(), res.files, res.failures.summary(), incidents)
		code = exitFail
	}
	return code
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
