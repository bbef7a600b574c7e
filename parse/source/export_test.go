package source

import (
	"bytes"
	"io"
)

// WalkWARC runs the WARC record reader alone over data, for fuzzing.
func WalkWARC(data []byte, opt Options, fn func(Doc) error) error {
	w := &walker{opt: opt.withDefaults(), fn: fn}
	return w.warc("fuzz.warc", w.newMeter(bytes.NewReader(data)))
}

// WalkZip runs the zip reader alone over data, for fuzzing.
func WalkZip(data []byte, opt Options, fn func(Doc) error) error {
	w := &walker{opt: opt.withDefaults(), fn: fn}
	return w.zip("fuzz.zip", io.MultiReader(), bytes.NewReader(data), int64(len(data)))
}
