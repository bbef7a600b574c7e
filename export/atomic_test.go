package export

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// resetTemps undoes CleanupTemps for the tests that follow.
func resetTemps(t *testing.T) {
	t.Cleanup(func() {
		temps.mu.Lock()
		defer temps.mu.Unlock()
		temps.closed = false
	})
}

// leftovers lists the temporary files WriteFile left beside path.
func leftovers(t *testing.T, path string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(filepath.Dir(path), tempPattern(path)))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestCleanupTemps is issue 11 case 7 at the package level: CleanupTemps,
// called while a WriteFile is writing, removes its temporary file, leaves
// the target as it was, and the interrupted WriteFile and any later one
// fail with ErrInterrupted instead of writing.
func TestCleanupTemps(t *testing.T) {
	resetTemps(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "big.json")
	if err := os.WriteFile(path, []byte("previous\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	writing, release := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- WriteFile(path, func(w io.Writer) error {
			_, _ = io.WriteString(w, "half a rep")
			close(writing)
			<-release
			_, err := io.WriteString(w, "ort\n")
			return err
		})
	}()
	<-writing
	if n := len(leftovers(t, path)); n != 1 {
		t.Fatalf("%d temporary files while writing, want 1", n)
	}
	CleanupTemps()
	if m := leftovers(t, path); len(m) != 0 {
		t.Errorf("CleanupTemps left %v", m)
	}
	close(release)
	if err := <-done; err == nil {
		t.Error("the interrupted WriteFile succeeded")
	} else if strings.Contains(err.Error(), ".tmp-") {
		t.Errorf("error names the temporary file: %v", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "previous\n" {
		t.Errorf("target changed to %q", got)
	}
	err := WriteFile(path, func(w io.Writer) error { _, err := io.WriteString(w, "new\n"); return err })
	if !errors.Is(err, ErrInterrupted) {
		t.Errorf("WriteFile after CleanupTemps: %v, want ErrInterrupted", err)
	}
	if m := leftovers(t, path); len(m) != 0 {
		t.Errorf("left behind: %v", m)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("directory holds %v, want only big.json", entries)
	}
}

// TestWriteFileRegistry: a finished or failed WriteFile leaves nothing in
// the registry, so CleanupTemps never removes a renamed report.
func TestWriteFileRegistry(t *testing.T) {
	resetTemps(t)
	dir := t.TempDir()
	ok := filepath.Join(dir, "ok.csv")
	if err := WriteFile(ok, func(w io.Writer) error { _, err := io.WriteString(w, "x\n"); return err }); err != nil {
		t.Fatal(err)
	}
	_ = WriteFile(filepath.Join(dir, "bad.csv"), func(io.Writer) error { return errors.New("boom") })
	temps.mu.Lock()
	n := len(temps.files)
	temps.mu.Unlock()
	if n != 0 {
		t.Errorf("%d temporary files still registered", n)
	}
	CleanupTemps()
	if got, err := os.ReadFile(ok); err != nil || string(got) != "x\n" {
		t.Errorf("after CleanupTemps ok.csv = %q, %v", got, err)
	}
}

// TestWriteFileErrorsNameTarget: a failure to create the temporary file
// names the path asked for, never the temporary file.
func TestWriteFileErrorsNameTarget(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nope", "r.json")
	err := WriteFile(path, func(io.Writer) error { return nil })
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("err = %v, want not exist", err)
	}
	if msg := err.Error(); !strings.Contains(msg, path) || strings.Contains(msg, ".tmp-") {
		t.Errorf("err = %q, want it to name %s and no temporary file", msg, path)
	}
}

// TestProbeDir: ProbeDir creates nothing that stays and reports why a
// directory cannot take the file.
func TestProbeDir(t *testing.T) {
	dir := t.TempDir()
	if err := ProbeDir(filepath.Join(dir, "r.json")); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("ProbeDir left %v", entries)
	}
	err := ProbeDir(filepath.Join(dir, "nope", "r.json"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing directory: %v", err)
	}
	if err != nil && strings.Contains(err.Error(), ".tmp-") {
		t.Errorf("error names the temporary file: %v", err)
	}
}
