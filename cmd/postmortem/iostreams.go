package main

import (
	"bytes"
	"io"
	"os"

	"golang.org/x/term"
)

// IO is the program's view of its standard streams.
type IO struct {
	In     io.Reader
	Out    io.Writer
	Err    io.Writer
	OutTTY bool // stdout is a terminal
	ErrTTY bool // stderr is a terminal (progress goes there)
	Width  int  // terminal width of stdout; 0 when not a terminal
}

func systemIO() IO {
	ios := IO{In: os.Stdin, Out: os.Stdout, Err: os.Stderr}
	if term.IsTerminal(int(os.Stdout.Fd())) {
		ios.OutTTY = true
		if w, _, err := term.GetSize(int(os.Stdout.Fd())); err == nil {
			ios.Width = w
		}
	}
	ios.ErrTTY = term.IsTerminal(int(os.Stderr.Fd()))
	return ios
}

// testIO returns an IO over buffers, for tests.
func testIO(stdin string) (IO, *bytes.Buffer, *bytes.Buffer) {
	var out, errb bytes.Buffer
	return IO{In: bytes.NewBufferString(stdin), Out: &out, Err: &errb}, &out, &errb
}
