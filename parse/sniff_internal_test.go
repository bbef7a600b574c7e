package parse

import "testing"

func TestSniffBracketedText(t *testing.T) {
	cases := []struct {
		in   string
		want Kind
	}{
		{`{"page":{"id":"x"},"incidents":[`, KindJSON}, // cut short: still JSON
		{`[{"id": 1}, {"id": 2}]`, KindJSON},
		{`  [ "a", "b"`, KindJSON},
		{"{\n  \"status\": {\"indicator\": \"none\"}}", KindJSON},
		{`[]`, KindJSON},
		{"[Date Prev][Date Next][Thread Prev]\n\nTarsnap outage 2011-07-23", KindText},
		{"[2025-03-31 15:09 UTC]: we are investigating", KindText},
		{"[Resolved] Elevated error rates\nMar 13, 10:16 MDT", KindText},
		{"{{ template }} Status page", KindText},
	}
	for _, c := range cases {
		if got := sniff([]byte(c.in)); got != c.want {
			t.Errorf("sniff(%.30q) = %v, want %v", c.in, got, c.want)
		}
	}
}
