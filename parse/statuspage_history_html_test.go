package parse_test

import "testing"

func FuzzStatuspageHistoryHTML(f *testing.F) { fuzzReader(f, "statuspage-history-html") }
