package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/postmortem-dev/postmortem/parse"
	"github.com/postmortem-dev/postmortem/parse/source"
)

// The batch benchmarks build an archive from the real fixtures (see
// batchgen_test.go) once per size under $TMPDIR/postmortem-bench, then run
// `postmortem analyze --no-merge -o jsonl` over it in this process.
//
//	go test ./cmd/postmortem -run '^$' -bench 'Batch|HTMLFloor' -benchtime 1x
//
// They report documents/s, MB/s and the peak resident memory of the run
// (VmHWM, reset before it through /proc/self/clear_refs).

func benchFolder(b *testing.B, n int) (string, int64) {
	b.Helper()
	dir := filepath.Join(os.TempDir(), "postmortem-bench", "docs-"+strconv.Itoa(n))
	stamp := filepath.Join(dir, ".size")
	if s, err := os.ReadFile(stamp); err == nil {
		size, _ := strconv.ParseInt(string(s), 10, 64)
		return dir, size
	}
	_ = os.RemoveAll(dir)
	size := writeFolder(b, dir, templates(b), n)
	_ = os.WriteFile(stamp, []byte(strconv.FormatInt(size, 10)), 0o644)
	return dir, size
}

// resetPeakRSS starts a new high-water mark for VmHWM (Linux ≥ 4.0).
func resetPeakRSS() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// runBatch analyses dir to JSONL (discarded) with the given extra flags.
func runBatch(b *testing.B, dir string, size int64, docs int, flags ...string) {
	b.Helper()
	runtime.GC()
	resetPeakRSS()
	start := time.Now()
	for b.Loop() {
		ios := IO{In: strings.NewReader(""), Out: io.Discard, Err: io.Discard}
		if code := run(append(append([]string{"analyze", "-q", "--no-merge", "-o", "jsonl"}, flags...), dir), ios); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
	sec := time.Since(start).Seconds() / float64(b.N)
	b.ReportMetric(float64(docs)/sec, "docs/s")
	b.ReportMetric(float64(size)/1e6/sec, "MB/s")
	b.ReportMetric(vmHWM(), "peak-RSS-MB")
}

// BenchmarkBatch analyses 10,000 and 100,000 generated documents of mixed
// formats: memory must not grow with the count.
func BenchmarkBatch(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("docs=%d", n), func(b *testing.B) {
			dir, size := benchFolder(b, n)
			runBatch(b, dir, size, n)
		})
	}
}

// BenchmarkBatchWorkers compares 1 and 2 workers on the same 10,000
// documents. The "paired" sub-benchmark alternates one run of each and
// reports how many times faster 2 workers are (speedup-x), which a
// shared machine's drift between separate runs blurs.
func BenchmarkBatchWorkers(b *testing.B) {
	dir, size := benchFolder(b, 10_000)
	for _, j := range []int{1, 2} {
		b.Run(fmt.Sprintf("j=%d", j), func(b *testing.B) {
			runBatch(b, dir, size, 10_000, "-j", strconv.Itoa(j))
		})
	}
	b.Run("paired", func(b *testing.B) {
		var t1, t2 time.Duration
		for b.Loop() {
			for _, j := range []string{"1", "2"} {
				start := time.Now()
				ios := IO{In: strings.NewReader(""), Out: io.Discard, Err: io.Discard}
				if code := run([]string{"analyze", "-q", "--no-merge", "-o", "jsonl", "-j", j, dir}, ios); code != 0 {
					b.Fatalf("exit %d", code)
				}
				if j == "1" {
					t1 += time.Since(start)
				} else {
					t2 += time.Since(start)
				}
			}
		}
		b.ReportMetric(t1.Seconds()/t2.Seconds(), "speedup-x")
	})
}

// BenchmarkHTMLFloor measures, on the same HTML documents, x/net/html's
// parser alone (the floor for any DOM-based reader: html.Parse on one
// goroutine) and the whole pipeline on one worker (-j 1: detection,
// reading, analysis, JSONL), in one run. The "paired" sub-benchmark runs
// one pass of each in turn, so that both see the same machine, and
// reports the pipeline's throughput as a percentage of the parser's
// (floor-%): on a shared machine the separate figures drift by 10-20 %
// between runs, their ratio much less.
func BenchmarkHTMLFloor(b *testing.B) {
	dir, _ := benchFolder(b, 10_000)
	var docs [][]byte
	var size int64
	_ = source.Walk([]string{dir}, source.Options{}, func(d source.Doc) error {
		in := &parse.Input{Name: d.Name, Data: bytes.Clone(d.Data)}
		if parse.Prepare(in) == nil && in.Kind == parse.KindHTML {
			docs = append(docs, in.Data)
			size += int64(len(in.Data))
		}
		return nil
	})
	htmlDir := b.TempDir()
	for i, d := range docs {
		_ = os.WriteFile(filepath.Join(htmlDir, fmt.Sprintf("%05d.html", i)), d, 0o644)
	}
	floor := func(b *testing.B) {
		for _, d := range docs {
			if _, err := html.Parse(bytes.NewReader(d)); err != nil {
				b.Fatal(err)
			}
		}
	}
	pipeline := func(b *testing.B) {
		ios := IO{In: strings.NewReader(""), Out: io.Discard, Err: io.Discard}
		if code := run([]string{"analyze", "-q", "--no-merge", "-j", "1", "-o", "jsonl", htmlDir}, ios); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
	b.Run("html.Parse", func(b *testing.B) {
		b.SetBytes(size)
		for b.Loop() {
			floor(b)
		}
	})
	b.Run("pipeline", func(b *testing.B) {
		b.SetBytes(size)
		for b.Loop() {
			pipeline(b)
		}
	})
	b.Run("paired", func(b *testing.B) {
		var tFloor, tPipe time.Duration
		for b.Loop() {
			start := time.Now()
			floor(b)
			mid := time.Now()
			pipeline(b)
			tFloor, tPipe = tFloor+mid.Sub(start), tPipe+time.Since(mid)
		}
		b.ReportMetric(100*tFloor.Seconds()/tPipe.Seconds(), "floor-%")
		b.ReportMetric(float64(size)/1e6/tFloor.Seconds()*float64(b.N), "parse-MB/s")
		b.ReportMetric(float64(size)/1e6/tPipe.Seconds()*float64(b.N), "pipeline-MB/s")
	})
}
