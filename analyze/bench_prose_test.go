package analyze_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/postmortem-dev/postmortem/analyze"
	"github.com/postmortem-dev/postmortem/parse"
	"github.com/postmortem-dev/postmortem/parse/incident"
)

// BenchmarkAnalyzeCorpus analyses every incident read from the shared
// corpus (Statuspage pages with many short update bodies, cloud
// postmortems); it reports the time per incident.
func BenchmarkAnalyzeCorpus(b *testing.B) {
	var incs []incident.Incident
	_ = filepath.WalkDir("/work/shared/corpus", func(f string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return nil
		}
		data, err := os.ReadFile(f)
		if err == nil {
			got, _ := parse.Read(&parse.Input{Name: f, Data: data}, "")
			incs = append(incs, got...)
		}
		return nil
	})
	if len(incs) == 0 {
		b.Skip("no corpus")
	}
	b.ResetTimer()
	for b.Loop() {
		for i := range incs {
			analyze.One(incs[i], analyze.Options{})
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(incs)), "ns/incident")
}
