package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strings"

	"github.com/postmortem-dev/postmortem/parse"
	"github.com/postmortem-dev/postmortem/parse/source"
)

// failure is one input that could not be read, or was read only in part.
type failure struct {
	Input  string `json:"input"`
	Reason string `json:"reason"`
	Error  string `json:"error"`
}

// failures collects per-input errors: one line on stderr each as they
// happen, a count by reason at the end, and optionally JSON lines in the
// --errors file.
type failures struct {
	list     []failure
	byReason map[string]int
}

// reason classifies an error into a short stable word for the summary,
// from the error's type and the sentinel it wraps (errors.Is / As), never
// from its wording.
func reason(err error) string {
	var amb *parse.AmbiguousError
	var pe *fs.PathError
	switch {
	case errors.Is(err, source.ErrTooLarge), errors.Is(err, parse.ErrTooLarge):
		return "too large"
	case errors.Is(err, source.ErrNotRegular):
		return "not a regular file"
	case errors.Is(err, source.ErrNoMatch):
		return "no match"
	case errors.Is(err, source.ErrCorrupt), errors.Is(err, source.ErrTruncated),
		errors.Is(err, source.ErrNested), errors.Is(err, source.ErrUnsupported),
		errors.Is(err, source.ErrUnsafeName), errors.Is(err, parse.ErrContainer),
		errors.Is(err, parse.ErrTooDeep):
		return "archive"
	case errors.Is(err, parse.ErrEmpty):
		return "empty"
	case errors.Is(err, parse.ErrBinary):
		return "binary"
	case errors.Is(err, parse.ErrUnknownFormat):
		return "unknown format"
	case errors.As(err, &amb):
		return "ambiguous format"
	case errors.As(err, &pe), errors.Is(err, fs.ErrNotExist), errors.Is(err, fs.ErrPermission):
		return "unreadable"
	}
	return "invalid field"
}

// add records err for input and prints it, one line per joined error.
func (f *failures) add(input string, err error, stderr io.Writer) {
	if f.byReason == nil {
		f.byReason = map[string]int{}
	}
	r := reason(err)
	f.byReason[r]++
	msg := err.Error()
	if !strings.HasPrefix(msg, input) {
		msg = input + ": " + msg
	}
	f.list = append(f.list, failure{Input: input, Reason: r, Error: msg})
	for _, line := range strings.Split(msg, "\n") {
		fmt.Fprintf(stderr, "postmortem: %s\n", line)
	}
}

// summary is "3 unknown format, 1 empty", most frequent first.
func (f *failures) summary() string {
	reasons := make([]string, 0, len(f.byReason))
	for r := range f.byReason {
		reasons = append(reasons, r)
	}
	sort.Slice(reasons, func(i, j int) bool {
		a, b := f.byReason[reasons[i]], f.byReason[reasons[j]]
		return a > b || a == b && reasons[i] < reasons[j]
	})
	parts := make([]string, len(reasons))
	for i, r := range reasons {
		parts[i] = fmt.Sprintf("%d %s", f.byReason[r], r)
	}
	return strings.Join(parts, ", ")
}

// writeJSONL writes one JSON object per failure.
func (f *failures) writeJSONL(w io.Writer) error {
	enc := json.NewEncoder(w)
	for _, x := range f.list {
		if err := enc.Encode(x); err != nil {
			return err
		}
	}
	return nil
}
