package export

import (
	"bytes"
	"strings"
	"testing"
)

func TestMarkdown(t *testing.T) {
	var buf bytes.Buffer
	if err := Markdown(&buf, reportOf(t), Options{}); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	for _, s := range []string{
		"# Vendor reliability report",
		"## Vendor scorecard",
		"| Vendor | Incidents | Impact hours | TTR median | TTR p90 |",
		"| Zürich Cloud | 1 | 3.3 | 3h16m | 3h16m |",
		"| All vendors | 3 |",
		`### Zürich Cloud: API errors \| “quoted” – ✓`,
		"\n> caused by a BGP route leak\n",
		"<https://status.example.com/incidents/Acme>",
		"## Appendix: definitions",
	} {
		if !strings.Contains(md, s) {
			t.Errorf("markdown lacks %q", s)
		}
	}
	// Every table row has as many cells as its header.
	var cols int
	for _, line := range strings.Split(md, "\n") {
		if !strings.HasPrefix(line, "|") {
			cols = 0
			continue
		}
		n := strings.Count(strings.ReplaceAll(line, `\|`, ""), "|")
		if cols == 0 {
			cols = n
		} else if n != cols {
			t.Errorf("row has %d pipes, header %d: %s", n, cols, line)
		}
	}
}
