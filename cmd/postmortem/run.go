package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	flag "github.com/spf13/pflag"
)

// Exit codes, documented in the README.
const (
	exitOK    = 0 // everything read and written
	exitFail  = 1 // some input could not be read, or an output could not be written
	exitUsage = 2 // the command line is wrong
)

const usage = `postmortem turns vendor incident reports into reliability figures.

Usage:
  postmortem analyze [flags] PATH...   instants, metrics, causes; table, CSV, JSON
  postmortem parse [flags] PATH...     the normalized incidents as JSON
  postmortem formats                   the readers, what they detect, the outputs
  postmortem pull [flags] URL...       collect status pages into a WARC archive (incremental)
  postmortem version

PATH is a file, a directory (read recursively), a glob, - for standard input,
or an archive (.gz, .zip, .tar, .tar.gz, .warc, .warc.gz). Formats are
detected from content, not file names.

Examples:
  postmortem analyze testdata/sample
  postmortem analyze -o json testdata/sample/trackvia-statuspage.txt
  postmortem analyze -o csv=incidents.csv -o table testdata/sample
  cat page.html | postmortem parse -

Run 'postmortem COMMAND --help' for the flags of a command.
`

// usageError is a command-line mistake: exit 2 with a hint.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func run(args []string, ios IO) int {
	defer tuneGC()()
	if len(args) == 0 {
		fmt.Fprint(ios.Err, usage)
		return exitUsage
	}
	var code int
	var err error
	switch args[0] {
	case "analyze", "analyse":
		code, err = cmdAnalyze(args[1:], ios)
	case "parse":
		code, err = cmdParse(args[1:], ios)
	case "formats":
		code, err = cmdFormats(args[1:], ios)
	case "pull":
		code, err = cmdPull(args[1:], ios)
	case "version", "--version":
		fmt.Fprintln(ios.Out, "postmortem", version)
		return exitOK
	case "help", "-h", "--help":
		fmt.Fprint(ios.Out, usage)
		return exitOK
	default:
		err = usageError{fmt.Sprintf("unknown command %q", args[0])}
	}
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(ios.Err, "postmortem: %s\nRun 'postmortem --help' for usage.\n", ue.msg)
		return exitUsage
	}
	if err != nil {
		fmt.Fprintf(ios.Err, "postmortem: %s\n", err)
		return exitFail
	}
	return code
}

// tuneGC makes the collector run less often unless GOGC says otherwise:
// reading builds many short-lived DOMs and keeps little alive. Every
// command gets GOGC=200: a few MB of peak RSS (35 → 40 MB on 10,000
// documents) buy 5–14 % of a batch's time (measured with
// BenchmarkBatchWorkers and on HTML pages). tuneGC returns a function
// that restores the previous setting.
func tuneGC() (restore func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	old := debug.SetGCPercent(200)
	return func() { debug.SetGCPercent(old) }
}

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// newFlags returns a flag set that reports errors instead of exiting or
// printing; parseFlags prints help and errors.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.SortFlags = false
	fs.Usage = func() {}
	return fs
}

// parseFlags parses args. --help prints help to stdout and returns
// flag.ErrHelp; a bad flag is a usage error.
func parseFlags(fs *flag.FlagSet, help string, args []string, ios IO) error {
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(ios.Out, strings.TrimLeft(help, "\n"))
		fmt.Fprintln(ios.Out, "\nFlags:")
		fmt.Fprint(ios.Out, fs.FlagUsages())
		return err
	}
	if err != nil {
		return usageError{err.Error()}
	}
	return nil
}
