package parse_test

import "testing"

func FuzzStatuspageHTML(f *testing.F) { fuzzReader(f, "statuspage-html") }
