package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/postmortem-dev/postmortem/export"
	"github.com/postmortem-dev/postmortem/parse"
)

const formatsHelp = `
Usage: postmortem formats [--markdown]

Lists the readers (input formats, detected from content) with what each
looks for, and the output formats.
`

func cmdFormats(args []string, ios IO) (int, error) {
	fs := newFlags("formats")
	md := fs.Bool("markdown", false, "print the tables as Markdown (for the README)")
	if err := parseFlags(fs, formatsHelp, args, ios); err != nil {
		return 0, err
	}
	if *md {
		fmt.Fprintln(ios.Out, "| reader | container | detected by | what it reads | fixtures |")
		fmt.Fprintln(ios.Out, "|---|---|---|---|---|")
		for _, r := range parse.Readers() {
			fmt.Fprintf(ios.Out, "| `%s` | %s | %s | %s | `%s` |\n", r.Name(), r.Kind(), r.Markers(), describe(r), fixtures(r))
		}
		fmt.Fprintln(ios.Out, "\n| output | what it writes |\n|---|---|")
		for _, n := range export.Names() {
			fmt.Fprintf(ios.Out, "| `%s` | %s |\n", n, export.Describe(n))
		}
		return exitOK, nil
	}
	tw := tabwriter.NewWriter(ios.Out, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "READER\tKIND\tDETECTED BY\tREADS\tFIXTURES")
	for _, r := range parse.Readers() {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.Name(), r.Kind(), r.Markers(), describe(r), fixtures(r))
	}
	fmt.Fprintln(tw, "\nOUTPUT\tWRITES")
	for _, n := range export.Names() {
		fmt.Fprintf(tw, "%s\t%s\n", n, export.Describe(n))
	}
	return exitOK, tw.Flush()
}

// fixtures is where a reader's real test documents live: one directory
// per reader, named after it (see the README's "Adding a format").
func fixtures(r parse.Reader) string { return "testdata/parse/" + r.Name() + "/" }

func describe(r parse.Reader) string {
	if d, ok := r.(parse.Describer); ok {
		return d.Description()
	}
	return ""
}
