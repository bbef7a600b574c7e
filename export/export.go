// Package export writes an analyze.Report in one output format: a terminal
// table, CSV, JSON (and JSON lines). Every exporter takes the same report
// and never re-derives a figure.
package export

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/postmortem-dev/postmortem/analyze"
)

// Options are the presentation settings cmd passes in; exporters never
// inspect the terminal themselves.
type Options struct {
	// Width is the terminal width; 0 means not a terminal.
	Width int
	// Details caps the incident sections of the pdf and md reports: 0 means
	// DefaultDetails, a negative value none.
	Details int
}

// An Exporter writes a report in one format.
type Exporter interface {
	Name() string
	Export(w io.Writer, r *analyze.Report) error
}

type exporterFunc struct {
	name string
	fn   func(w io.Writer, r *analyze.Report) error
}

func (e exporterFunc) Name() string                                { return e.name }
func (e exporterFunc) Export(w io.Writer, r *analyze.Report) error { return e.fn(w, r) }

// registry is the explicit list of exporters: name → constructor and a
// one-line description.
var registry = map[string]struct {
	desc string
	new  func(Options) Exporter
}{
	"table": {"human-readable table (default, stdout)", func(o Options) Exporter {
		return exporterFunc{"table", func(w io.Writer, r *analyze.Report) error { return Table(w, r, o) }}
	}},
	"csv":     {"one row per incident, RFC 4180, RFC3339 UTC times, durations in seconds", func(Options) Exporter { return exporterFunc{"csv", CSV} }},
	"json":    {"the report: schema_version, generated_at, incidents, summary (METRICS.md field names)", func(Options) Exporter { return exporterFunc{"json", JSON} }},
	"jsonl":   {"one analysed incident per line", func(Options) Exporter { return exporterFunc{"jsonl", JSONL} }},
	"parquet": {"one row per incident, incident and metric columns, for DuckDB, Spark or BigQuery (needs a file: -o parquet=FILE)", func(Options) Exporter { return exporterFunc{"parquet", Parquet} }},
	"pdf": {"the quarterly reliability report as a PDF (needs a file: -o pdf=report.pdf)", func(o Options) Exporter {
		return exporterFunc{"pdf", func(w io.Writer, r *analyze.Report) error { return PDF(w, r, o) }}
	}},
	"md": {"the reliability report as Markdown", func(o Options) Exporter {
		return exporterFunc{"md", func(w io.Writer, r *analyze.Report) error { return Markdown(w, r, o) }}
	}},
}

// New returns the exporter called name.
func New(name string, opt Options) (Exporter, error) {
	e, ok := registry[name]
	if !ok {
		return nil, fmt.Errorf("unknown output format %q (known: %s)", name, strings.Join(Names(), ", "))
	}
	return e.new(opt), nil
}

// Names lists the exporter names, sorted.
func Names() []string {
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Describe returns the one-line description of an exporter.
func Describe(name string) string { return registry[name].desc }

// WriteFile writes a file atomically: the content goes to a temporary file
// in the same directory, which is renamed over path only when write
// succeeded, so a failure never leaves a half-written report. A path that
// exists and is not a regular file (/dev/null, /dev/stdout, a named pipe)
// is written directly: renaming over it would replace the device.
//
// The temporary file is registered until it is renamed or removed, so
// that CleanupTemps (called on SIGINT or SIGTERM) can remove it. Errors
// name path, never the temporary file.
func WriteFile(path string, write func(io.Writer) error) (err error) {
	if fi, statErr := os.Stat(path); statErr == nil && !fi.Mode().IsRegular() {
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		if err := write(f); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}
	f, err := createTemp(path)
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			temps.remove(f)
			err = renamed(err, tmp, path)
		}
	}()
	if err = write(f); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Chmod(tmp, 0o644); err != nil {
		return err
	}
	return temps.rename(f, path)
}

// tempPattern is the os.CreateTemp pattern of the temporary file WriteFile
// writes beside path: ".NAME.tmp-*", hidden, so that a directory walk of
// the inputs never reads it.
func tempPattern(path string) string { return "." + filepath.Base(path) + ".tmp-*" }

// ProbeDir reports whether WriteFile can create its temporary file beside
// path, by creating one and removing it. The error is the bare cause
// (fs.ErrNotExist, fs.ErrPermission, ...), without the temporary name.
func ProbeDir(path string) error {
	f, err := createTemp(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return pe.Err
		}
		return err
	}
	return temps.remove(f)
}

// createTemp creates and registers the temporary file of path. An error
// names path, not the temporary file.
func createTemp(path string) (*os.File, error) {
	temps.mu.Lock()
	defer temps.mu.Unlock()
	if temps.closed {
		return nil, &fs.PathError{Op: "create", Path: path, Err: ErrInterrupted}
	}
	f, err := os.CreateTemp(filepath.Dir(path), tempPattern(path))
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, &fs.PathError{Op: "create", Path: path, Err: err}
	}
	if temps.files == nil {
		temps.files = map[*os.File]bool{}
	}
	temps.files[f] = true
	return f, nil
}

// renamed names path instead of the temporary file tmp in an error of the
// os package about tmp; other errors are returned as they are.
func renamed(err error, tmp, path string) error {
	switch e := err.(type) {
	case *fs.PathError:
		if e.Path == tmp {
			return &fs.PathError{Op: e.Op, Path: path, Err: e.Err}
		}
	case *os.LinkError:
		if e.Old == tmp {
			return &fs.PathError{Op: e.Op, Path: path, Err: e.Err}
		}
	}
	return err
}

// ErrInterrupted is the error of a WriteFile that starts after
// CleanupTemps.
var ErrInterrupted = errors.New("interrupted")

// temps is the registry of the temporary files WriteFile has created and
// not yet renamed or removed.
var temps tempRegistry

type tempRegistry struct {
	mu     sync.Mutex
	files  map[*os.File]bool
	closed bool // CleanupTemps ran: no more temporary files
}

// rename renames f over path and unregisters it; under the lock, so that
// CleanupTemps sees either the temporary file or the finished target.
func (r *tempRegistry) rename(f *os.File, path string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.files[f] {
		return &fs.PathError{Op: "rename", Path: path, Err: ErrInterrupted}
	}
	delete(r.files, f)
	err := os.Rename(f.Name(), path)
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// remove closes, removes and unregisters f.
func (r *tempRegistry) remove(f *os.File) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.files, f)
	f.Close()
	return os.Remove(f.Name())
}

// CleanupTemps removes every temporary file of a WriteFile in progress,
// leaving each target as it was, and makes later WriteFile calls fail with
// ErrInterrupted. It is for a signal handler: the process exits after it.
func CleanupTemps() {
	temps.mu.Lock()
	defer temps.mu.Unlock()
	temps.closed = true
	for f := range temps.files {
		f.Close() // before Remove, which fails on an open file on Windows
		os.Remove(f.Name())
		delete(temps.files, f)
	}
}
