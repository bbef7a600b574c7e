package parse_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postmortem-dev/postmortem/parse"
)

var update = flag.Bool("update", false, "rewrite golden files")

// testdata holds one directory per reader, named after it; each file in it
// is a real document (see the directory's PROVENANCE.md). bad-* files must
// fail; none-* files are documents that hold no incident (an
// all-operational page): they must be claimed by the directory's reader and
// give ErrNoIncidents.
const testdata = "../testdata/parse"

type fixture struct {
	reader, path string
	bad          bool // must fail
	none         bool // must give ErrNoIncidents
}

func fixtures(t testing.TB) []fixture {
	t.Helper()
	dirs, err := os.ReadDir(testdata)
	if err != nil {
		t.Fatal(err)
	}
	var out []fixture
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		files, err := os.ReadDir(filepath.Join(testdata, d.Name()))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			n := f.Name()
			if f.IsDir() || strings.HasSuffix(n, ".golden.json") || strings.HasSuffix(n, ".golden.err") || n == "PROVENANCE.md" {
				continue
			}
			out = append(out, fixture{reader: d.Name(), path: filepath.Join(testdata, d.Name(), n), bad: strings.HasPrefix(n, "bad-"), none: strings.HasPrefix(n, "none-")})
		}
	}
	if len(out) == 0 {
		t.Fatal("no fixtures found")
	}
	return out
}

func read(t testing.TB, path string) ([]byte, error) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	incs, err := parse.Read(&parse.Input{Name: filepath.Base(path), Data: data}, "")
	if incs == nil && err != nil {
		return nil, err
	}
	out, merr := json.MarshalIndent(incs, "", "  ")
	if merr != nil {
		t.Fatal(merr)
	}
	return append(out, '\n'), err
}

// golden compares got with the file at path, or rewrites it under -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./parse -run %s -update)", err, t.Name())
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run with -update and review the diff):\n%s", path, firstDiff(string(want), string(got)))
	}
}

func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + itoa(i+1) + ":\n  want: " + w + "\n  got:  " + g
		}
	}
	return ""
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

// TestGolden parses every fixture and compares the normalized incidents
// with <fixture>.golden.json; bad-* fixtures compare their error text with
// <fixture>.golden.err.
func TestGolden(t *testing.T) {
	for _, fx := range fixtures(t) {
		t.Run(fx.reader+"/"+filepath.Base(fx.path), func(t *testing.T) {
			got, err := read(t, fx.path)
			if fx.none {
				if !errors.Is(err, parse.ErrNoIncidents) {
					t.Fatalf("error %v, want no incidents", err)
				}
				golden(t, fx.path+".golden.err", []byte(err.Error()+"\n"))
				return
			}
			if fx.bad {
				if err == nil {
					t.Fatalf("bad fixture parsed without error")
				}
				golden(t, fx.path+".golden.err", []byte(err.Error()+"\n"))
				return
			}
			if err != nil {
				t.Errorf("unexpected error: %v", err)
			}
			golden(t, fx.path+".golden.json", got)
		})
	}
}

// TestDetect checks that every good fixture is detected as the reader its
// directory is named after, with no tie, also when renamed.
func TestDetect(t *testing.T) {
	for _, fx := range fixtures(t) {
		if fx.bad {
			continue
		}
		t.Run(fx.reader+"/"+filepath.Base(fx.path), func(t *testing.T) {
			data, err := os.ReadFile(fx.path)
			if err != nil {
				t.Fatal(err)
			}
			if fx.none { // no incident carries the reader's name: ask detection
				in := &parse.Input{Name: "renamed.bin", Data: data}
				if err := parse.Prepare(in); err != nil {
					t.Fatal(err)
				}
				if r, err := parse.Detect(in); err != nil || r.Name() != fx.reader {
					t.Fatalf("detected as %v (%v), want %q", r, err, fx.reader)
				}
			}
			incs, err := parse.Read(&parse.Input{Name: "renamed.bin", Data: data}, "")
			if err != nil && !errors.Is(err, parse.ErrNoIncidents) && len(incs) == 0 {
				t.Fatalf("not read: %v", err)
			}
			for _, inc := range incs {
				if inc.Source.Reader != fx.reader {
					t.Fatalf("detected as %q, want %q", inc.Source.Reader, fx.reader)
				}
			}
		})
	}
}

// TestCheck checks the model invariants on every fixture's incidents.
func TestCheck(t *testing.T) {
	for _, fx := range fixtures(t) {
		data, _ := os.ReadFile(fx.path)
		incs, _ := parse.Read(&parse.Input{Name: fx.path, Data: data}, "")
		for i := range incs {
			if err := incs[i].Check(); err != nil {
				t.Errorf("%s: incident %d: %v", fx.path, i, err)
			}
		}
	}
}

// TestBadInput covers inputs that are not incident documents at all.
func TestBadInput(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, parse.ErrEmpty},
		{"blank", []byte(" \n\t\n"), parse.ErrEmpty},
		{"binary", []byte{0x89, 'P', 'N', 'G', 0, 0, 0, 0x0d, 0xff, 0xfe, 0, 1, 2, 3}, parse.ErrBinary},
		{"unrecognised text", []byte("Dear diary,\nnothing happened today.\n"), parse.ErrUnknownFormat},
		{"unrecognised json", []byte(`{"hello": "world"}`), parse.ErrUnknownFormat},
		{"truncated gzip", []byte{0x1f, 0x8b, 0x08, 0x00}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			incs, err := parse.Read(&parse.Input{Name: "in.file", Data: tt.data}, "")
			if err == nil {
				t.Fatalf("no error, %d incidents", len(incs))
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("error %q, want %q", err, tt.want)
			}
			if !strings.HasPrefix(err.Error(), "in.file") {
				t.Errorf("error %q does not name the file", err)
			}
		})
	}
}

// FuzzRead feeds arbitrary bytes through detection and every reader: no
// panic, and whatever is returned keeps the model invariants.
func FuzzRead(f *testing.F) {
	for _, fx := range fixtures(f) {
		data, err := os.ReadFile(fx.path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		incs, _ := parse.Read(&parse.Input{Name: "fuzz", Data: data}, "")
		for i := range incs {
			if err := incs[i].Check(); err != nil {
				t.Errorf("incident %d: %v", i, err)
			}
		}
	})
}

// BenchmarkReaders reports MB/s per reader over its fixtures.
func BenchmarkReaders(b *testing.B) {
	byReader := map[string][][]byte{}
	for _, fx := range fixtures(b) {
		if fx.bad {
			continue
		}
		data, _ := os.ReadFile(fx.path)
		byReader[fx.reader] = append(byReader[fx.reader], data)
	}
	for name, docs := range byReader {
		b.Run(name, func(b *testing.B) {
			var n int64
			for _, d := range docs {
				n += int64(len(d))
			}
			b.SetBytes(n)
			b.ReportAllocs()
			for b.Loop() {
				for _, d := range docs {
					_, _ = parse.Read(&parse.Input{Name: "bench", Data: d}, name)
				}
			}
		})
	}
}

// fuzzReader is the body of each reader's own fuzz target: the reader is
// forced (no detection), seeded with its fixtures, and must not panic or
// break the model invariants on any input.
func fuzzReader(f *testing.F, name string) {
	if _, ok := parse.Lookup(name); !ok {
		f.Fatalf("no reader %q", name)
	}
	for _, fx := range fixtures(f) {
		if fx.reader == name {
			data, _ := os.ReadFile(fx.path)
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		incs, _ := parse.Read(&parse.Input{Name: "fuzz", Data: data}, name)
		for i := range incs {
			if err := incs[i].Check(); err != nil {
				t.Errorf("incident %d: %v", i, err)
			}
		}
	})
}
