//go:build unix

package main

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestFIFOInput is issue 11 case 2: 'postmortem analyze fifo good' used
// to block forever opening the FIFO. Now the FIFO is one failed input,
// named, and the good file is analysed.
func TestFIFOInput(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.txt")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	good := filepath.Join(sample, "trackvia-statuspage.txt")
	code, out, errs := runWithin(t, time.Second, []string{"analyze", now, fifo, good})
	if code != exitFail {
		t.Errorf("exit %d, want %d", code, exitFail)
	}
	if !strings.Contains(out, "TrackVia") {
		t.Errorf("the good file was not analysed:\n%s", out)
	}
	for _, want := range []string{
		"postmortem: " + fifo + ": not a regular file (a FIFO): not read\n",
		"postmortem: 1 of 2 inputs failed (1 not a regular file); 1 incidents read from the rest\n",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
}
