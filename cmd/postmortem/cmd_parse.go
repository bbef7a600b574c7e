package main

import (
	"encoding/json"

	"github.com/postmortem-dev/postmortem/parse/incident"
)

const parseHelp = `
Usage: postmortem parse [flags] PATH...

Reads every incident document under PATH and prints the normalized
incidents as a JSON array (no analysis).

Examples:
  postmortem parse testdata/sample/trackvia-statuspage.txt
  cat testdata/sample/trekksoft-pingoru.txt | postmortem parse -
`

func cmdParse(args []string, ios IO) (int, error) {
	fs := newFlags("parse")
	rf := readFlags(fs)
	if err := parseFlags(fs, parseHelp, args, ios); err != nil {
		return 0, err
	}
	if fs.NArg() == 0 {
		return 0, usageError{"parse needs at least one PATH (a file, a directory or -)"}
	}
	ropt, err := rf.options(ios)
	if err != nil {
		return 0, err
	}
	if err := checkTargets(targets(nil, ropt.errorsFile), fs.Args()); err != nil {
		return 0, err
	}
	res := load(fs.Args(), ropt, ios)
	incs := res.incidents
	if incs == nil {
		incs = []incident.Incident{}
	}
	enc := json.NewEncoder(ios.Out)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(incs); err != nil {
		return exitFail, err
	}
	return finish(&res, ropt, ios, len(incs)), nil
}
