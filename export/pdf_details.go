package export

import (
	"fmt"
	"math"
	"strings"

	"github.com/postmortem-dev/postmortem/analyze"
)

func (d *pdfDoc) details() {
	d.AddPage()
	d.heading("Incident details", 0)
	d.para(d.v.DetailsNote, 8, colMuted)
	d.Ln(3)
	for _, a := range d.v.Details {
		if d.Err() {
			return
		}
		d.where = fmt.Sprintf("incident %q of %s (%s)", a.Title, VendorName(a.Vendor), a.Source.Path)
		d.incident(a)
	}
}

// incident draws one incident section: heading, waterfall, metrics, facts
// with evidence, warnings and source.
func (d *pdfDoc) incident(a *analyze.Analysis) {
	d.need(70)
	d.color(colRule, "draw")
	d.SetLineWidth(0.3)
	d.Line(margin, d.GetY(), pageW-margin, d.GetY())
	d.Ln(2)
	d.heading(VendorName(a.Vendor)+": "+a.Title, 1)
	meta := "Impact " + string(a.Impact)
	if t := a.Instants.ImpactStart.At; t != nil {
		meta += " · started " + t.UTC().Format("2006-01-02 15:04 UTC")
	}
	if len(a.Components) > 0 {
		meta += " · components: " + strings.Join(a.Components, ", ")
	}
	d.para(meta, 7.5, colMuted)
	d.Ln(1.5)
	d.waterfall(Waterfall(a))
	if ms := IncidentMetrics(a); len(ms) > 0 {
		parts := make([]string, len(ms))
		for i, m := range ms {
			parts[i] = m[0] + ": " + m[1]
		}
		d.para("Metrics: "+strings.Join(parts, " · "), 7.5, colInk)
		d.Ln(1.5)
	}
	for _, f := range IncidentFacts(a) {
		d.fact(f)
	}
	for _, w := range a.Warnings {
		d.para("Warning "+w.Code+": "+w.Message, 7, rgb{150, 80, 0})
	}
	d.source(a)
	d.Ln(4)
}

// waterfall draws the instants as bars from impact start; the scale ends
// at the last instant other than the postmortem (which is often days
// later: its bar is drawn to the edge with an arrow).
func (d *pdfDoc) waterfall(steps []Step) {
	if len(steps) == 0 {
		d.para("No instant is known.", 7.5, colMuted)
		return
	}
	lo, hi := int64(0), int64(1)
	for _, s := range steps {
		if s.Label != "postmortem" || len(steps) == 1 {
			lo, hi = min(lo, s.Seconds), max(hi, s.Seconds)
		}
	}
	const rowH = 4.2
	d.need(rowH*float64(len(steps)) + 6)
	bx, bw := margin+72, contentW-72-14
	xOf := func(s int64) float64 { return bx + float64(s-lo)/float64(hi-lo)*bw }
	y := d.GetY()
	for i, s := range steps {
		ry := y + rowH*float64(i)
		d.font("", 7, colInk)
		d.Text(margin, ry+3, s.Label)
		d.font("", 7, colMuted)
		d.Text(margin+30, ry+3, s.At.Format("2006-01-02 15:04"))
		d.Text(margin+56, ry+3, s.Offset)
		x0, x1 := xOf(0), xOf(min(s.Seconds, hi))
		c := rgb{70, 110, 170}
		if s.Seconds < 0 {
			c = rgb{150, 150, 150}
		}
		d.SetFillColor(c.r, c.g, c.b)
		d.Rect(math.Min(x0, x1), ry+0.9, math.Max(math.Abs(x1-x0), 0.5), rowH-1.8, "F")
		if s.Seconds > hi {
			d.Text(bx+bw+1, ry+3, "→")
		}
	}
	d.color(colMuted, "draw")
	d.SetLineWidth(0.2)
	d.Line(xOf(0), y, xOf(0), y+rowH*float64(len(steps)))
	d.font("", 6, colMuted)
	d.Text(bx, y+rowH*float64(len(steps))+3, "bars: time from impact start; "+analyze.Human(hi)+" at the right end")
	d.SetY(y + rowH*float64(len(steps)) + 5.5)
}

// fact writes a labelled value and its evidence as an indented quote.
func (d *pdfDoc) fact(f Fact) {
	d.font("B", 7.5, colInk)
	d.SetX(margin)
	w := d.GetStringWidth(f.Label+": ") + 1
	d.CellFormat(w, 3.6, f.Label+": ", "", 0, "L", false, 0, "")
	d.font("", 7.5, colInk)
	d.MultiCell(contentW-w, 3.6, f.Value, "", "L", false)
	if f.Evidence != "" {
		d.quote(f.Evidence)
	}
	d.Ln(1)
}

// quote draws evidence text with a bar on its left.
func (d *pdfDoc) quote(text string) {
	text = "“" + strings.Join(strings.Fields(text), " ") + "”"
	d.font("", 7, rgb{70, 70, 70})
	lines := d.SplitText(text, contentW-8)
	for _, l := range lines {
		d.need(3.4)
		y := d.GetY()
		d.color(colRule, "fill")
		d.Rect(margin+2, y, 0.8, 3.4, "F")
		d.SetXY(margin+5, y)
		d.CellFormat(contentW-6, 3.4, l, "", 1, "L", false, 0, "")
	}
}

func (d *pdfDoc) source(a *analyze.Analysis) {
	d.font("", 7, colMuted)
	d.SetX(margin)
	src := fmt.Sprintf("Read from %s (%s)", a.Source.Path, a.Source.Reader)
	if a.URL == "" {
		d.MultiCell(contentW, 3.4, src, "", "L", false)
		return
	}
	// Only an http or https URL becomes a link annotation; any other
	// (javascript:, file:, data:) is shown as text.
	if u := linkURL(a.URL); u != "" {
		d.Write(3.4, "Source: ")
		d.SetTextColor(20, 80, 170)
		d.WriteLinkString(3.4, a.URL, u)
		d.Ln(3.4)
	} else {
		d.MultiCell(contentW, 3.4, "Source (not a web link): "+a.URL, "", "L", false)
	}
	d.font("", 7, colMuted)
	d.MultiCell(contentW, 3.4, src, "", "L", false)
}

func (d *pdfDoc) appendix() {
	d.AddPage()
	d.heading("Appendix", 0)
	d.heading("Definitions", 1)
	defs := ReportTable{Header: []string{"Term", "Definition"}}
	for _, df := range d.v.Definitions {
		defs.Rows = append(defs.Rows, []string{df[0], df[1]})
	}
	d.table(defs, []float64{38, contentW - 38}, 7, false)
	d.Ln(5)
	d.heading("Data-quality warnings", 1)
	if len(d.v.WarningCounts.Rows) == 0 {
		d.para("No warnings.", 8, colInk)
		return
	}
	d.table(d.v.WarningCounts, []float64{60, 25}, 7.5, false)
	d.Ln(4)
	d.table(d.v.Warnings, []float64{30, 45, 30, contentW - 105}, 6.5, false)
	if d.v.WarningsOmitted > 0 {
		d.Ln(2)
		d.para(fmt.Sprintf("%d more warnings are in the JSON output.", d.v.WarningsOmitted), 7, colMuted)
	}
}
