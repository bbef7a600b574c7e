package main

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// outputDir lays out a directory for the output checks: in.txt and
// corpus/a.txt, corpus/sub/b.txt are incident reports (the bundled
// TrackVia page), corpus/.hidden/c.txt one in a hidden folder.
func outputDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	page := readFile(t, filepath.Join(sample, "trackvia-statuspage.txt"))
	for _, name := range []string{"in.txt", "corpus/a.txt", "corpus/sub/b.txt", "corpus/.hidden/c.txt"} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(page), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// dirFiles is every file under dir with its bytes.
func dirFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if d.Type()&fs.ModeSymlink != 0 {
			target, err := os.Readlink(p)
			files[p] = "-> " + target
			return err
		}
		b, err := os.ReadFile(p)
		files[p] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// untouchedStdin fails the test when a run reads standard input.
type untouchedStdin struct{ t *testing.T }

func (s untouchedStdin) Read([]byte) (int, error) {
	s.t.Error("standard input was read before the outputs were checked")
	return 0, io.EOF
}

// TestOutputRefused is issue 11 case 6: an output that is an input, two
// outputs that are one file, and an output whose directory does not take
// it are usage errors (exit 2) found before anything is read: no file
// changes, none is created, standard input is not read. On the main of the
// issue each of these ran (exit 0, the input overwritten) or failed only
// after reading everything (exit 1, naming the temporary file).
func TestOutputRefused(t *testing.T) {
	tests := []struct {
		name string
		// args, with {d} for the test's directory; "-" is always read too
		args    []string
		setup   func(t *testing.T, dir string)
		errHas  string // with {d}
		nonRoot bool   // permissions do not bind root
	}{
		{name: "output is the input",
			args:   []string{"analyze", "-o", "json={d}/in.txt", "{d}/in.txt"},
			errHas: "postmortem: -o json={d}/in.txt: would overwrite the input {d}/in.txt\n"},
		{name: "output is the input, spelled otherwise",
			args:   []string{"analyze", "-o", "csv={d}/corpus/../in.txt", "{d}/./in.txt"},
			errHas: "postmortem: -o csv={d}/corpus/../in.txt: would overwrite the input {d}/./in.txt\n"},
		{name: "output is a hard link to the input",
			args: []string{"analyze", "-o", "md={d}/hard.txt", "{d}/in.txt"},
			setup: func(t *testing.T, dir string) {
				if err := os.Link(filepath.Join(dir, "in.txt"), filepath.Join(dir, "hard.txt")); err != nil {
					t.Skipf("link: %v", err)
				}
			},
			errHas: "postmortem: -o md={d}/hard.txt: would overwrite the input {d}/in.txt\n"},
		{name: "output is a symlink to the input",
			args: []string{"analyze", "-o", "json={d}/link.txt", "{d}/in.txt"},
			setup: func(t *testing.T, dir string) {
				if err := os.Symlink("in.txt", filepath.Join(dir, "link.txt")); err != nil {
					t.Skipf("symlink: %v", err)
				}
			},
			errHas: "postmortem: -o json={d}/link.txt: would overwrite the input {d}/in.txt\n"},
		{name: "output is an input that does not exist yet",
			args:   []string{"analyze", "-o", "json={d}/new.json", "{d}/new.json"},
			errHas: "postmortem: -o json={d}/new.json: would overwrite the input {d}/new.json\n"},
		{name: "jsonl stream onto the input",
			args:   []string{"analyze", "--no-merge", "-o", "jsonl={d}/in.txt", "{d}/in.txt"},
			errHas: "postmortem: -o jsonl={d}/in.txt: would overwrite the input {d}/in.txt\n"},
		{name: "pdf onto the input",
			args:   []string{"analyze", "-o", "pdf={d}/in.txt", "{d}/in.txt"},
			errHas: "postmortem: -o pdf={d}/in.txt: would overwrite the input {d}/in.txt\n"},
		{name: "errors file is the input",
			args:   []string{"analyze", "--errors", "{d}/in.txt", "{d}/in.txt"},
			errHas: "postmortem: --errors {d}/in.txt: would overwrite the input {d}/in.txt\n"},
		{name: "parse: errors file is the input",
			args:   []string{"parse", "--errors", "{d}/in.txt", "{d}/in.txt"},
			errHas: "postmortem: --errors {d}/in.txt: would overwrite the input {d}/in.txt\n"},
		{name: "output matched by an input glob",
			args:   []string{"analyze", "-o", "json={d}/corpus/a.txt", "{d}/corpus/*.txt"},
			errHas: "postmortem: -o json={d}/corpus/a.txt: would overwrite the input {d}/corpus/a.txt (read from {d}/corpus/*.txt)\n"},
		{name: "output in a directory an input glob matches",
			args:   []string{"analyze", "-o", "json={d}/corpus/sub/b.txt", "{d}/c*"},
			errHas: "postmortem: -o json={d}/corpus/sub/b.txt: would overwrite the input {d}/corpus/sub/b.txt (read from {d}/c*)\n"},
		{name: "output is a file of an input directory",
			args:   []string{"analyze", "-o", "json={d}/corpus/a.txt", "{d}/corpus"},
			errHas: "postmortem: -o json={d}/corpus/a.txt: would overwrite the input {d}/corpus/a.txt (read from {d}/corpus)\n"},
		{name: "output is a file deep in an input directory",
			args:   []string{"analyze", "-o", "csv={d}/corpus/sub/b.txt", "{d}"},
			errHas: "postmortem: -o csv={d}/corpus/sub/b.txt: would overwrite the input {d}/corpus/sub/b.txt (read from {d})\n"},
		{name: "one file for two outputs",
			args:   []string{"analyze", "-o", "json={d}/r.json", "-o", "csv={d}/r.json", "{d}/in.txt"},
			errHas: "postmortem: -o json={d}/r.json and -o csv={d}/r.json name the same file\n"},
		{name: "one file for two outputs, spelled otherwise",
			args:   []string{"analyze", "-o", "md={d}/r.md", "-o", "md={d}/corpus/../r.md", "{d}/in.txt"},
			errHas: "postmortem: -o md={d}/r.md and -o md={d}/corpus/../r.md name the same file\n"},
		{name: "one existing file for two outputs",
			args: []string{"analyze", "-o", "json={d}/old.json", "-o", "csv={d}/old-link.json", "{d}/in.txt"},
			setup: func(t *testing.T, dir string) {
				if err := os.WriteFile(filepath.Join(dir, "old.json"), []byte("{}"), 0o644); err != nil {
					t.Fatal(err)
				}
				if err := os.Link(filepath.Join(dir, "old.json"), filepath.Join(dir, "old-link.json")); err != nil {
					t.Skipf("link: %v", err)
				}
			},
			errHas: "postmortem: -o json={d}/old.json and -o csv={d}/old-link.json name the same file\n"},
		{name: "an output and the errors file",
			args:   []string{"analyze", "-o", "json={d}/r.json", "--errors", "{d}/r.json", "{d}/in.txt"},
			errHas: "postmortem: -o json={d}/r.json and --errors {d}/r.json name the same file\n"},
		{name: "missing directory",
			args:   []string{"analyze", "-o", "table", "-o", "json={d}/nope/r.json", "{d}/in.txt"},
			errHas: "postmortem: -o json={d}/nope/r.json: directory {d}/nope does not exist\n"},
		{name: "missing directory of the errors file",
			args:   []string{"parse", "--errors", "{d}/nope/failed.jsonl", "{d}/in.txt"},
			errHas: "postmortem: --errors {d}/nope/failed.jsonl: directory {d}/nope does not exist\n"},
		{name: "directory is a file",
			args:   []string{"analyze", "-o", "json={d}/in.txt/r.json", "{d}/corpus"},
			errHas: "postmortem: -o json={d}/in.txt/r.json: {d}/in.txt is not a directory\n"},
		{name: "output is a directory",
			args:   []string{"analyze", "-o", "csv={d}/corpus", "{d}/in.txt"},
			errHas: "postmortem: -o csv={d}/corpus: is a directory\n"},
		{name: "directory not writable",
			args: []string{"analyze", "-o", "json={d}/ro/r.json", "{d}/in.txt"},
			setup: func(t *testing.T, dir string) {
				ro := filepath.Join(dir, "ro")
				if err := os.Mkdir(ro, 0o555); err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { os.Chmod(ro, 0o755) })
			},
			nonRoot: true,
			errHas:  "postmortem: -o json={d}/ro/r.json: directory {d}/ro is not writable (permission denied)\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.nonRoot && (runtime.GOOS == "windows" || os.Geteuid() == 0) {
				t.Skip("permissions do not bind root (or Windows)")
			}
			dir := outputDir(t)
			if tt.setup != nil {
				tt.setup(t, dir)
			}
			var args []string
			for _, a := range tt.args {
				args = append(args, strings.ReplaceAll(a, "{d}", dir))
			}
			args = append(args, "-")
			before := dirFiles(t, dir)
			ios, out, errb := testIO("")
			ios.In = untouchedStdin{t}
			if code := run(args, ios); code != exitUsage {
				t.Errorf("exit %d, want %d", code, exitUsage)
			}
			want := strings.ReplaceAll(tt.errHas, "{d}", dir) + "Run 'postmortem --help' for usage.\n"
			if errb.String() != want {
				t.Errorf("stderr:\n%s\nwant:\n%s", errb, want)
			}
			if strings.Contains(errb.String(), ".tmp-") {
				t.Errorf("stderr names a temporary file:\n%s", errb)
			}
			if out.Len() > 0 {
				t.Errorf("stdout: %s", out)
			}
			after := dirFiles(t, dir)
			for p, b := range before {
				if after[p] != b {
					t.Errorf("%s changed", p)
				}
			}
			for p := range after {
				if _, ok := before[p]; !ok {
					t.Errorf("%s created", p)
				}
			}
		})
	}
}

// TestOutputAllowed: what the checks of TestOutputRefused must let
// through. Stdout twice, devices, a new report in an input directory, a
// report of ours there (read back as a note, then replaced), a file in a
// hidden folder the walk skips, an input's name in another directory.
func TestOutputAllowed(t *testing.T) {
	tests := []struct {
		name  string
		args  []string // {d} is the test's directory
		runs  int      // times the command runs (0: once)
		check string   // a file the run must have written, {d}
		unix  bool
	}{
		{name: "stdout twice", args: []string{"analyze", "-o", "json", "-o", "csv=-", "{d}/in.txt"}},
		{name: "a device twice", args: []string{"analyze", "-o", "json=/dev/null", "-o", "csv=/dev/null", "--errors", "/dev/null", "{d}/in.txt"}, unix: true},
		{name: "new report in the input directory", args: []string{"analyze", "-o", "json={d}/corpus/report.json", "{d}/corpus"}, check: "{d}/corpus/report.json"},
		{name: "report of ours in the input directory", runs: 2,
			args:  []string{"analyze", "-o", "json={d}/corpus/r.json", "-o", "md={d}/corpus/r.md", "-o", "pdf={d}/corpus/r.pdf", "-o", "csv={d}/corpus/r.csv", "-o", "parquet={d}/corpus/r.parquet", "{d}/corpus"},
			check: "{d}/corpus/r.pdf"},
		{name: "jsonl of ours in the input directory", runs: 2,
			args:  []string{"analyze", "--no-merge", "-o", "jsonl={d}/corpus/r.jsonl", "{d}/corpus"},
			check: "{d}/corpus/r.jsonl"},
		{name: "file in a hidden folder of the input directory", args: []string{"analyze", "-o", "json={d}/corpus/.hidden/c.txt", "{d}/corpus"}, check: "{d}/corpus/.hidden/c.txt"},
		{name: "the input's name elsewhere", args: []string{"analyze", "-o", "json={d}/corpus/in.txt", "{d}/in.txt"}, check: "{d}/corpus/in.txt"},
		{name: "errors file beside the inputs", args: []string{"parse", "--errors", "{d}/failed.jsonl", "{d}/in.txt"}, check: "{d}/failed.jsonl"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.unix && runtime.GOOS == "windows" {
				t.Skip("no /dev/null")
			}
			dir := outputDir(t)
			var args []string
			for _, a := range tt.args {
				args = append(args, strings.ReplaceAll(a, "{d}", dir))
			}
			if args[0] == "analyze" {
				args = append([]string{args[0], now}, args[1:]...)
			}
			for i := range max(tt.runs, 1) {
				ios, _, errb := testIO("")
				if code := run(args, ios); code != exitOK {
					t.Fatalf("run %d: exit %d; stderr:\n%s", i+1, code, errb)
				}
			}
			if tt.check != "" {
				if _, err := os.Stat(strings.ReplaceAll(tt.check, "{d}", dir)); err != nil {
					t.Error(err)
				}
			}
		})
	}
}
