// Package export writes an analyze.Report in one output format: a terminal
// table, CSV, JSON (and JSON lines). Every exporter takes the same report
// and never re-derives a figure.
package export

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

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
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
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
	if err = os.Chmod(f.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
