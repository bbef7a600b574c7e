package parse

import (
	"errors"
	"fmt"
)

// Sentinel errors. Test with errors.Is.
var (
	ErrUnknownFormat = errors.New("unknown format")
	ErrNoIncidents   = errors.New("no incidents found")
	ErrEmpty         = errors.New("empty document")
	ErrBinary        = errors.New("binary data, not a text document")
)

// Error is a problem at a position in one input: "file:line: field: cause".
type Error struct {
	Source string // Input.Name
	Line   int    // 1-based; 0 when the format has no lines
	Field  string // the field being read, e.g. "updates[2].at"; may be empty
	Err    error
}

func (e *Error) Error() string {
	s := e.Source
	if e.Line > 0 {
		s += fmt.Sprintf(":%d", e.Line)
	}
	if e.Field != "" {
		s += ": " + e.Field
	}
	return s + ": " + e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// AmbiguousError is returned when two readers claim a document equally.
type AmbiguousError struct {
	Source     string
	Candidates []string
}

func (e *AmbiguousError) Error() string {
	return fmt.Sprintf("%s: ambiguous format: readers %v all claim it (use --reader)", e.Source, e.Candidates)
}

// fieldErr builds an *Error for in.
func fieldErr(in *Input, line int, field string, err error) *Error {
	return &Error{Source: in.Name, Line: line, Field: field, Err: err}
}
