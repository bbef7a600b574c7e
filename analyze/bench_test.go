package analyze_test

import (
	"os"
	"testing"

	"github.com/postmortem-dev/postmortem/analyze"
	"github.com/postmortem-dev/postmortem/parse"
)

// BenchmarkAnalyzeOne analyses the TrackVia seed (status updates, a
// postmortem with timeline, scope table and measures) read by the tool's
// own reader.
func BenchmarkAnalyzeOne(b *testing.B) {
	path := "../testdata/sample/trackvia-statuspage.txt"
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	incs, err := parse.Read(&parse.Input{Name: path, Data: data}, "")
	if err != nil || len(incs) != 1 {
		b.Fatalf("%d incidents, %v", len(incs), err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		analyze.One(incs[0], analyze.Options{})
	}
}
