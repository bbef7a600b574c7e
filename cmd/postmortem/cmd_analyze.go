package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/postmortem-dev/postmortem/analyze"
	"github.com/postmortem-dev/postmortem/export"
	"github.com/postmortem-dev/postmortem/parse/incident"
	"github.com/postmortem-dev/postmortem/parse/incident/when"
	flag "github.com/spf13/pflag"
)

var whenLookup = when.LookupZone

const analyzeHelp = `
Usage: postmortem analyze [flags] PATH...

Reads every incident document under PATH (files, directories, globs, - for
stdin; .gz, .zip, .tar, .tar.gz and WARC archives are read in memory),
merges snapshots of one incident, computes the instants and metrics of
METRICS.md and writes them.

Outputs (-o FORMAT[=FILE], repeatable; default: table on stdout):
  table   human-readable table, durations like 3h16m
  csv     one row per incident, RFC 4180, RFC3339 UTC times, seconds
  json    the report: schema_version, generated_at, incidents, summary
  jsonl   one analysed incident per line
  md      the reliability report as Markdown
  pdf     the same report as a PDF (needs a file: -o pdf=report.pdf)
  parquet one row per incident for DuckDB, Spark, BigQuery (needs a file)

Examples:
  postmortem analyze testdata/sample
  postmortem analyze -o json testdata/sample/trekksoft-pingoru.txt
  postmortem analyze -o csv=incidents.csv -o json=report.json testdata/sample
  postmortem analyze --tz America/Denver -o table postmortem.md
  postmortem analyze --quarter 2024Q3 -o pdf=report.pdf -o md=report.md corpus/
  postmortem analyze --no-merge -o jsonl=incidents.jsonl snapshots.zip crawl.warc.gz
`

// output is one -o FORMAT[=FILE] request: file is "" for stdout, spec
// the request as given ("json=report.json").
type output struct{ format, file, spec string }

func parseOutputs(specs []string) ([]output, error) {
	if len(specs) == 0 {
		specs = []string{"table"}
	}
	var outs []output
	for _, s := range specs {
		format, file, _ := strings.Cut(s, "=")
		if _, err := export.New(format, export.Options{}); err != nil {
			return nil, usageError{err.Error()}
		}
		if file == "-" {
			file = ""
		}
		if (format == "pdf" || format == "parquet") && file == "" {
			return nil, usageError{fmt.Sprintf("%s output needs a file: -o %s=report.%s", format, format, format)}
		}
		outs = append(outs, output{format: format, file: file, spec: s})
	}
	return outs, nil
}

func cmdAnalyze(args []string, ios IO) (int, error) {
	fs := newFlags("analyze")
	specs := fs.StringArrayP("output", "o", nil, "output `FORMAT[=FILE]` (table, csv, json, jsonl, md, pdf, parquet); repeatable")
	rf := readFlags(fs)
	nowFlag := fs.String("now", "", "report generation time, RFC3339 (for reproducible output)")
	_ = fs.MarkHidden("now")
	rep := reportFlags(fs)
	if err := parseFlags(fs, analyzeHelp, args, ios); err != nil {
		return 0, err
	}
	if fs.NArg() == 0 {
		return 0, usageError{"analyze needs at least one PATH (a file, a directory or -)"}
	}
	outs, err := parseOutputs(*specs)
	if err != nil {
		return 0, err
	}
	ropt, err := rf.options(ios)
	if err != nil {
		return 0, err
	}
	now := time.Now()
	if *nowFlag != "" {
		if now, err = time.Parse(time.RFC3339, *nowFlag); err != nil {
			return 0, usageError{fmt.Sprintf("--now: %v", err)}
		}
	}
	aopt, err := rep.options(analyze.Options{Now: now, Zone: ropt.zone})
	if err != nil {
		return 0, err
	}
	if err := checkTargets(targets(outs, ropt.errorsFile), fs.Args()); err != nil {
		return 0, err
	}
	if len(outs) == 1 && outs[0].format == "jsonl" && !ropt.merge {
		return streamJSONL(fs.Args(), outs[0], ropt, aopt, ios), nil
	}
	res := load(fs.Args(), ropt, ios)
	report := analyze.Analyze(res.incidents, aopt)
	code := finish(&res, ropt, ios, len(res.incidents))
	for _, o := range outs {
		if err := writeOutput(o, &report, ios, rep.exportDetails()); err != nil {
			fmt.Fprintf(ios.Err, "postmortem: -o %s: %v\n", o.format, err)
			code = exitFail
		}
	}
	return code, nil
}

// streamJSONL analyses and writes one incident per line as documents are
// read, in input order, holding only the documents in flight: memory stays
// flat however many inputs there are. It serves -o jsonl with --no-merge
// (merging needs every snapshot before the first line).
func streamJSONL(paths []string, o output, ropt readOptions, aopt analyze.Options, ios IO) int {
	var res loadResult
	n := 0
	render := func(buf *bytes.Buffer, inc incident.Incident) {
		a := analyze.One(inc, aopt)
		if !aopt.Filter.Match(&a) {
			return
		}
		enc := json.NewEncoder(buf)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(&a) // every field of an Analysis encodes
	}
	write := func(w io.Writer) error {
		var werr error
		each(paths, ropt, ios, &res, render, func(r docResult) {
			if werr == nil && len(r.out) > 0 {
				_, werr = w.Write(r.out)
				n += bytes.Count(r.out, []byte("\n"))
			}
		})
		return werr
	}
	var err error
	if o.file == "" {
		err = write(ios.Out)
	} else {
		err = export.WriteFile(o.file, write)
	}
	code := finish(&res, ropt, ios, n)
	if err != nil {
		fmt.Fprintf(ios.Err, "postmortem: -o jsonl: %v\n", err)
		code = exitFail
	}
	return code
}

// writeOutput writes one output to stdout or, atomically, to its file.
func writeOutput(o output, r *analyze.Report, ios IO, details int) error {
	width := 0
	if o.file == "" {
		width = ios.Width
	}
	e, err := export.New(o.format, export.Options{Width: width, Details: details})
	if err != nil {
		return err
	}
	if o.file == "" {
		return e.Export(ios.Out, r)
	}
	return export.WriteFile(o.file, func(w io.Writer) error { return e.Export(w, r) })
}

// reportOptions are the report flags: filters, uptime method, details.
type reportOptions struct {
	since, until, quarter, uptime *string
	vendors                       *[]string
	details                       *int
}

func reportFlags(fs *flag.FlagSet) reportOptions {
	return reportOptions{
		since:   fs.String("since", "", "keep incidents whose impact starts at or after `DATE` (2024-07-01 or RFC3339)"),
		until:   fs.String("until", "", "keep incidents whose impact starts before `DATE` (a date includes that day)"),
		quarter: fs.String("quarter", "", "keep incidents whose impact starts in `QUARTER` (UTC), e.g. 2024Q3"),
		vendors: fs.StringArray("vendor", nil, "keep only `VENDOR` (case-insensitive); repeatable"),
		uptime:  fs.String("uptime-method", "", "uptime accounting `METHOD`: major-down (default), any-impact"),
		details: fs.Int("details", export.DefaultDetails, "incident sections in pdf/md reports, at most `N` (0: none)"),
	}
}

// options adds the filter and uptime method to opt.
func (ro reportOptions) options(opt analyze.Options) (analyze.Options, error) {
	f, err := analyze.ParseFilter(*ro.since, *ro.until, *ro.quarter, *ro.vendors)
	if err != nil {
		return opt, usageError{err.Error()}
	}
	m, err := analyze.LookupUptimeMethod(*ro.uptime)
	if err != nil {
		return opt, usageError{"--uptime-method: " + err.Error()}
	}
	if *ro.details < 0 {
		return opt, usageError{"--details: N must be 0 or more"}
	}
	opt.Filter, opt.Uptime = f, m
	return opt, nil
}

// exportDetails maps --details to export.Options.Details (0 there is the
// default, negative none).
func (ro reportOptions) exportDetails() int {
	if *ro.details == 0 {
		return -1
	}
	return *ro.details
}
