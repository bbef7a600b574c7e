package source_test

import (
	"fmt"
	"runtime"
	"testing"
	"os"

	"github.com/postmortem-dev/postmortem/parse/source"
)

func TestZZMem(t *testing.T) {
	if os.Getenv("PMSRC_MEM") == "" { t.Skip() }
	base := fixtures(t)
	for _, n := range []int{10000, 100000} {
		var files []file
		for i := range n {
			f := base[i%len(base)]
			d := f.data[:min(len(f.data), 2000)]
			files = append(files, file{fmt.Sprintf("d%06d/%s", i, f.name), d})
		}
		dir := t.TempDir()
		paths := []string{write(t, dir, "a.zip", zipOf(t, files)), write(t, dir, "a.tgz", gz(tarOf(t, files))), write(t, dir, "a.warc.gz", warcOf(files, true))}
		files = nil
		for _, p := range paths {
			runtime.GC()
			var ms runtime.MemStats
			peak := uint64(0)
			docs := 0
			err := source.Walk([]string{p}, source.Options{}, func(d source.Doc) error {
				docs++
				if docs%1000 == 0 {
					runtime.ReadMemStats(&ms)
					peak = max(peak, ms.HeapInuse)
				}
				return nil
			})
			t.Logf("n=%d %s: docs=%d peak heap in use %.1f MiB err=%v", n, p[len(dir):], docs, float64(peak)/(1<<20), err)
		}
	}
}
