package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// asCLI is set in the environment of a re-executed test binary that is to
// run main with the arguments after "--".
const asCLI = "POSTMORTEM_TEST_AS_CLI"

// TestAsCLI is not a test: it turns the test binary into the command when
// asCLI is set, so that signal tests run the real main (handlers, exit
// codes) without a separate build.
func TestAsCLI(t *testing.T) {
	if os.Getenv(asCLI) != "1" {
		t.Skip("runs main in a re-executed test binary")
	}
	args := os.Args
	for i, a := range args {
		if a == "--" {
			args = args[i+1:]
			break
		}
	}
	os.Args = append([]string{"postmortem"}, args...)
	main()
}

// cli starts the command in a re-executed test binary, with stdin a pipe
// the test holds open.
func cli(t *testing.T, dir string, args ...string) (*exec.Cmd, *bytes.Buffer, func()) {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"-test.run=^TestAsCLI$", "--"}, args...)...)
	cmd.Env = append(os.Environ(), asCLI+"=1")
	cmd.Dir = dir
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	var errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = new(bytes.Buffer), &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	})
	return cmd, &errb, func() { stdin.Close() }
}

// TestSignalRemovesTemporaryFiles is issue 11 case 7: SIGINT or SIGTERM
// during a run removes the hidden temporary file of the output being
// written, leaves the target as it was (absent, or its previous report),
// says "postmortem: interrupted" and exits 130 or 143. The run is caught
// writing for real: -o jsonl with --no-merge streams, so the first input's
// incidents are in the temporary file while the second input, standard
// input, is a pipe that never closes.
func TestSignalRemovesTemporaryFiles(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGINT or SIGTERM to send on Windows")
	}
	page, err := filepath.Abs(filepath.Join(sample, "trackvia-statuspage.txt"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		sig      syscall.Signal
		code     int
		previous string // content of out.jsonl before the run; "" none
	}{
		{"SIGINT", syscall.SIGINT, 130, ""},
		{"SIGTERM", syscall.SIGTERM, 143, ""},
		{"SIGINT over a previous report", syscall.SIGINT, 130, "{\"previous\": true}\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "out.jsonl")
			if tt.previous != "" {
				if err := os.WriteFile(out, []byte(tt.previous), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			cmd, errb, closeStdin := cli(t, dir, "analyze", now, "-q", "--no-merge", "-o", "jsonl=out.jsonl", page, "-")
			defer closeStdin()
			tmp := waitForTemp(t, dir, ".out.jsonl.tmp-*")
			if err := cmd.Process.Signal(tt.sig); err != nil {
				t.Fatal(err)
			}
			code := waitExit(t, cmd)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.code, errb)
			}
			if got := errb.String(); got != "postmortem: interrupted\n" {
				t.Errorf("stderr %q, want \"postmortem: interrupted\\n\"", got)
			}
			if _, err := os.Stat(tmp); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("temporary file %s left behind (%v)", filepath.Base(tmp), err)
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if e.Name() != "out.jsonl" || tt.previous == "" {
					t.Errorf("left in the directory: %s", e.Name())
				}
			}
			if tt.previous != "" {
				if got, _ := os.ReadFile(out); string(got) != tt.previous {
					t.Errorf("out.jsonl changed to %q", got)
				}
			}
		})
	}
}

// waitForTemp waits until the temporary file matching pattern in dir holds
// the first input's incidents, and returns its path.
func waitForTemp(t *testing.T, dir, pattern string) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second) // a guard, not a timing
	for time.Now().Before(deadline) {
		m, _ := filepath.Glob(filepath.Join(dir, pattern))
		if len(m) == 1 {
			if fi, err := os.Stat(m[0]); err == nil && fi.Size() > 0 {
				b, _ := os.ReadFile(m[0])
				if !strings.Contains(string(b), "TrackVia") {
					t.Fatalf("temporary file holds %q", b)
				}
				return m[0]
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("no written %s in %s", pattern, dir)
	return ""
}

// waitExit waits for cmd and returns its exit code (-1: killed by a signal).
func waitExit(t *testing.T, cmd *exec.Cmd) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("still running 30s after the signal")
	}
	return cmd.ProcessState.ExitCode()
}
