package main

import (
	"fmt"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/postmortem-dev/postmortem/parse/source"
)

// progress is the bar on stderr during long runs: documents, incidents,
// rate and ETA. It is nil (and every method a no-op) when stderr is not a
// terminal or --quiet is set, so pipes and logs stay clean.
type progress struct {
	bar       *progressbar.ProgressBar
	incidents int
}

func newProgress(paths []string, opt readOptions, ios IO) *progress {
	if !opt.progress {
		return nil
	}
	total := source.Count(paths)
	if total <= 0 {
		total = -1
	}
	bar := progressbar.NewOptions(total,
		progressbar.OptionSetWriter(ios.Err),
		progressbar.OptionSetDescription("reading"),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("docs"),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
	return &progress{bar: bar}
}

// add counts one document and its incidents.
func (p *progress) add(incidents int) {
	if p == nil {
		return
	}
	p.incidents += incidents
	p.bar.Describe(fmt.Sprintf("reading (%d incidents)", p.incidents))
	_ = p.bar.Add(1)
}

// clear removes the bar so a message line can be printed.
func (p *progress) clear() {
	if p != nil {
		_ = p.bar.Clear()
	}
}

func (p *progress) finish() {
	if p != nil {
		_ = p.bar.Finish()
	}
}
