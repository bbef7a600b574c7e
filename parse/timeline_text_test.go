package parse_test

import "testing"

func FuzzTimelineText(f *testing.F) { fuzzReader(f, "timeline-text") }
