package export

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/postmortem-dev/postmortem/analyze"
)

// Markdown writes the reliability report as Markdown for a wiki: the same
// view as the PDF (headline, scorecard, quarters, incident sections with
// their evidence quoted, appendix), without the charts.
func Markdown(w io.Writer, r *analyze.Report, opt Options) error {
	v := BuildView(r, opt)
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "# %s\n\n", v.Title)
	fmt.Fprintf(b, "**Period:** %s  \n**Generated:** %s  \n**Sources:** %s\n\n", v.Period, v.Generated, mdEscape(v.Sources))
	b.WriteString("## Headline figures\n\n")
	hl := ReportTable{Header: []string{"Figure", "Value", "Note"}, Right: []bool{false, true, false}}
	for _, h := range v.Headline {
		hl.Rows = append(hl.Rows, []string{h.Label, h.Value, h.Note})
	}
	mdTable(b, hl)
	b.WriteString("## Vendor scorecard\n\n")
	mdTable(b, v.Scorecard)
	fmt.Fprintf(b, "%s\n\n", mdEscape(v.UptimeNote))
	b.WriteString("## Quarters\n\n")
	mdTable(b, v.Quarters)
	if v.QuartersNote != "" {
		fmt.Fprintf(b, "%s\n\n", v.QuartersNote)
	}
	b.WriteString("## Incidents\n\n")
	fmt.Fprintf(b, "%s\n\n", v.DetailsNote)
	for _, a := range v.Details {
		mdIncident(b, a)
	}
	mdAppendix(b, v)
	return b.Flush()
}

func mdIncident(b *bufio.Writer, a *analyze.Analysis) {
	fmt.Fprintf(b, "### %s: %s\n\n", mdEscape(VendorName(a.Vendor)), mdEscape(a.Title))
	fmt.Fprintf(b, "Impact **%s**", a.Impact)
	if len(a.Components) > 0 {
		fmt.Fprintf(b, " · components: %s", mdEscape(strings.Join(a.Components, ", ")))
	}
	b.WriteString("\n\n")
	wf := ReportTable{Header: []string{"Instant", "At (UTC)", "Since impact start", "Source"}, Right: []bool{false, false, true, false}}
	for _, s := range Waterfall(a) {
		wf.Rows = append(wf.Rows, []string{s.Label, s.At.Format("2006-01-02 15:04"), s.Offset, s.Source})
	}
	if len(wf.Rows) > 0 {
		mdTable(b, wf)
	}
	if ms := IncidentMetrics(a); len(ms) > 0 {
		parts := make([]string, len(ms))
		for i, m := range ms {
			parts[i] = m[0] + " " + m[1]
		}
		fmt.Fprintf(b, "**Metrics:** %s\n\n", strings.Join(parts, " · "))
	}
	for _, f := range IncidentFacts(a) {
		fmt.Fprintf(b, "**%s:** %s\n\n", f.Label, mdEscape(f.Value))
		if f.Evidence != "" {
			fmt.Fprintf(b, "> %s\n\n", mdEscape(strings.Join(strings.Fields(f.Evidence), " ")))
		}
	}
	for _, w := range a.Warnings {
		fmt.Fprintf(b, "- warning `%s`: %s\n", w.Code, mdEscape(w.Message))
	}
	if len(a.Warnings) > 0 {
		b.WriteString("\n")
	}
	fmt.Fprintf(b, "Source: %s\n\n", mdSource(a))
}

func mdSource(a *analyze.Analysis) string {
	src := fmt.Sprintf("`%s` (%s)", a.Source.Path, a.Source.Reader)
	if a.URL != "" {
		return fmt.Sprintf("<%s> · %s", a.URL, src)
	}
	return src
}

func mdAppendix(b *bufio.Writer, v *ReportView) {
	b.WriteString("## Appendix: definitions\n\n")
	defs := ReportTable{Header: []string{"Term", "Definition"}}
	for _, d := range v.Definitions {
		defs.Rows = append(defs.Rows, []string{d[0], d[1]})
	}
	mdTable(b, defs)
	b.WriteString("## Appendix: data-quality warnings\n\n")
	if len(v.WarningCounts.Rows) == 0 {
		b.WriteString("No warnings.\n")
		return
	}
	mdTable(b, v.WarningCounts)
	mdTable(b, v.Warnings)
	if v.WarningsOmitted > 0 {
		fmt.Fprintf(b, "%d more warnings are in the JSON output.\n", v.WarningsOmitted)
	}
}

// mdTable writes a pipe table.
func mdTable(b *bufio.Writer, t ReportTable) {
	b.WriteString("|")
	for _, h := range t.Header {
		b.WriteString(" " + mdEscape(h) + " |")
	}
	b.WriteString("\n|")
	for i := range t.Header {
		if i < len(t.Right) && t.Right[i] {
			b.WriteString("---:|")
		} else {
			b.WriteString("---|")
		}
	}
	b.WriteString("\n")
	for _, row := range t.Rows {
		b.WriteString("|")
		for _, c := range row {
			b.WriteString(" " + mdEscape(c) + " |")
		}
		b.WriteString("\n")
	}
	b.WriteString("\n")
}

var mdReplacer = strings.NewReplacer("|", `\|`, "\r\n", " ", "\n", " ", "\r", " ", "<", "&lt;", ">", "&gt;")

// mdEscape keeps a value on one line and out of the table syntax.
func mdEscape(s string) string { return mdReplacer.Replace(s) }
