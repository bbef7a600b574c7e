package export

import (
	"fmt"
	"io"
	"strings"

	"codeberg.org/go-fonts/dejavu/dejavusans"
	"codeberg.org/go-fonts/dejavu/dejavusansbold"
	"codeberg.org/go-fonts/dejavu/dejavusanscondensed"
	"codeberg.org/go-fonts/dejavu/dejavusanscondensedbold"
	"codeberg.org/go-pdf/fpdf"

	"github.com/postmortem-dev/postmortem/analyze"
)

// Page geometry of the PDF report (A4 portrait, millimetres).
const (
	pageW    = 210.0
	pageH    = 297.0
	margin   = 15.0
	bottom   = 16.0 // page-break margin, above the footer
	contentW = pageW - 2*margin
	font     = "dejavu"
	// condensed is the table font: narrower, so ten columns fit.
	condensed = "dejavu-condensed"
)

// rgb is a colour.
type rgb struct{ r, g, b int }

var (
	colInk    = rgb{33, 37, 41}
	colMuted  = rgb{108, 117, 125}
	colHead   = rgb{25, 55, 95}
	colRule   = rgb{206, 212, 218}
	colHeadBg = rgb{231, 236, 243}
	colZebra  = rgb{246, 248, 250}
)

// pdfDoc is the report being drawn.
type pdfDoc struct {
	*fpdf.Fpdf
	r *analyze.Report
	v *ReportView
	// family is the current font family (font, or condensed in tables).
	family string
	// sets are the glyph sets of the embedded fonts by fontKey; cur is the
	// key of the font selected last.
	sets map[string]*glyphSet
	cur  string
	// where names the part being drawn, for an error.
	where string
}

// pdfFonts are the fonts the report embeds.
var pdfFonts = []pdfFont{
	{font, "", dejavusans.TTF},
	{font, "B", dejavusansbold.TTF},
	{condensed, "", dejavusanscondensed.TTF},
	{condensed, "B", dejavusanscondensedbold.TTF},
}

// PDF writes the reliability report as a PDF: page 1 with the headline
// figures and the vendor scorecard, the charts, one section per detailed
// incident, and the appendix. The same report gives the same bytes
// (the dates are the report's GeneratedAt).
func PDF(w io.Writer, r *analyze.Report, opt Options) error {
	d, err := newPDF(r, BuildView(r, opt))
	if err != nil {
		return err
	}
	for _, part := range []struct {
		where string
		draw  func()
	}{{"summary page", d.page1}, {"charts", d.charts}, {"incident details", d.details}, {"appendix", d.appendix}} {
		d.where = part.where
		part.draw()
		if err := d.Error(); err != nil {
			return fmt.Errorf("pdf: drawing the %s: %w", d.where, err)
		}
	}
	return d.Output(w)
}

func newPDF(r *analyze.Report, v *ReportView) (*pdfDoc, error) {
	f := fpdf.New("P", "mm", "A4", "")
	d := &pdfDoc{Fpdf: f, r: r, v: v, family: font, sets: map[string]*glyphSet{}}
	f.SetCatalogSort(true)
	f.SetCreationDate(r.GeneratedAt)
	f.SetModificationDate(r.GeneratedAt)
	for _, pf := range pdfFonts {
		f.AddUTF8FontFromBytes(pf.family, pf.style, pf.ttf)
		k := fontKey(pf.family, pf.style)
		d.sets[k] = glyphsOf(k, pf.ttf)
	}
	if err := f.Error(); err != nil {
		return nil, fmt.Errorf("pdf font: %w", err)
	}
	f.SetTitle(d.sets[fontKey(font, "")].clean(v.Title+" "+v.Period, false), true)
	f.SetCreator("postmortem", true)
	f.SetMargins(margin, margin, margin)
	f.SetAutoPageBreak(true, bottom)
	f.AliasNbPages("{nb}")
	f.SetHeaderFunc(d.header)
	f.SetFooterFunc(d.footer)
	return d, nil
}

func (d *pdfDoc) header() {
	if d.PageNo() == 1 {
		return
	}
	d.font("", 7, colMuted)
	d.SetXY(margin, 8)
	d.CellFormat(contentW, 4, d.v.Title+" · "+d.v.Period, "", 0, "L", false, 0, "")
	d.color(colRule, "draw")
	d.SetLineWidth(0.2)
	d.Line(margin, 12.5, pageW-margin, 12.5)
	d.SetY(margin + 2)
}

func (d *pdfDoc) footer() {
	d.SetY(-11)
	d.font("", 7, colMuted)
	d.CellFormat(contentW/2, 4, "Generated "+d.v.Generated+" by postmortem", "", 0, "L", false, 0, "")
	d.CellFormat(contentW/2, 4, fmt.Sprintf("Page %d of {nb}", d.PageNo()), "", 0, "R", false, 0, "")
}

// font sets the font style, size (pt) and text colour.
func (d *pdfDoc) font(style string, size float64, c rgb) {
	d.SetFont(d.family, style, size)
	d.SetTextColor(c.r, c.g, c.b)
}

// color sets the fill or draw colour.
func (d *pdfDoc) color(c rgb, what string) {
	if what == "fill" {
		d.SetFillColor(c.r, c.g, c.b)
	} else {
		d.SetDrawColor(c.r, c.g, c.b)
	}
}

// need starts a new page unless h millimetres fit on this one.
func (d *pdfDoc) need(h float64) {
	if d.GetY()+h > pageH-bottom {
		d.AddPage()
	}
}

// heading writes a section heading with a bookmark at level.
func (d *pdfDoc) heading(text string, level int) {
	size := 14.0
	if level > 0 {
		size = 11
	}
	d.need(size * 1.6)
	d.Bookmark(text, level, -1)
	d.font("B", size, colHead)
	d.SetX(margin)
	d.MultiCell(contentW, size*0.5, text, "", "L", false)
	d.Ln(1.5)
}

// para writes wrapped text.
func (d *pdfDoc) para(text string, size float64, c rgb) {
	d.font("", size, c)
	d.SetX(margin)
	d.MultiCell(contentW, size*0.45, text, "", "L", false)
}

// fit shortens s with "…" until it is at most w millimetres wide. Glyph
// widths add up (fpdf does not kern), so one pass finds the cut: a long
// word costs linear time, not quadratic.
func (d *pdfDoc) fit(s string, w float64) string {
	s = d.glyphs().clean(s, false)
	if d.GetStringWidth(s) <= w {
		return s
	}
	room := w - d.GetStringWidth("…")
	width, cut, n := 0.0, len(s), 0
	for i, r := range s {
		width += d.Fpdf.GetStringWidth(string(r))
		n++
		if width > room && n > 1 {
			cut = i
			break
		}
	}
	return strings.TrimSpace(s[:cut]) + "…"
}

func (d *pdfDoc) page1() {
	d.AddPage()
	d.Bookmark("Summary", 0, -1)
	d.font("B", 22, colHead)
	d.CellFormat(contentW, 11, d.v.Title, "", 1, "L", false, 0, "")
	d.font("", 12, colInk)
	d.CellFormat(contentW, 7, d.v.Period, "", 1, "L", false, 0, "")
	d.Ln(1)
	d.para("Sources: "+d.v.Sources, 7.5, colMuted)
	if d.v.Filter != "" {
		d.para(d.v.Filter, 7.5, colMuted)
	}
	d.Ln(3)
	d.headline()
	d.Ln(5)
	d.heading("Vendor scorecard", 1)
	d.table(d.v.Scorecard, []float64{32, 14, 14, 15, 14, 15, 15, 19, 24, 18}, 7.5, true)
	d.Ln(1)
	d.para(d.v.UptimeNote+" TTR = time to resolve; detect lag and 1st update are medians from impact start.", 6.5, colMuted)
	d.Ln(4)
	d.heading("Quarter over quarter", 1)
	d.table(d.v.Quarters, []float64{20, 17, 14, 16, 19, 17, 20, 19, 21, 17}, 7.5, false)
	if d.v.QuartersNote != "" {
		d.Ln(1)
		d.para(d.v.QuartersNote, 6.5, colMuted)
	}
}

// headline draws the headline figures as tiles, three per row.
func (d *pdfDoc) headline() {
	const perRow, gap, h = 3, 3.0, 17.0
	w := (contentW - gap*(perRow-1)) / perRow
	y0 := d.GetY()
	for i, hl := range d.v.Headline {
		x := margin + float64(i%perRow)*(w+gap)
		y := y0 + float64(i/perRow)*(h+gap)
		d.color(colHeadBg, "fill")
		d.Rect(x, y, w, h, "F")
		d.color(colHead, "fill")
		d.Rect(x, y, 1.2, h, "F")
		d.font("", 7, colMuted)
		d.Text(x+4, y+4.5, d.fit(hl.Label, w-6))
		d.font("B", 15, colInk)
		d.Text(x+4, y+11.5, d.fit(hl.Value, w-6))
		d.font("", 6.5, colMuted)
		d.Text(x+4, y+15.2, d.fit(hl.Note, w-6))
	}
	rows := (len(d.v.Headline) + perRow - 1) / perRow
	d.SetY(y0 + float64(rows)*(h+gap) - gap)
}

// table draws t with the given column widths (scaled to the content
// width), repeating the header after a page break. The last row is bold
// when total is set. Cells wrap.
func (d *pdfDoc) table(t ReportTable, widths []float64, size float64, total bool) {
	lineH := size * 0.42
	d.family = condensed
	defer func() { d.family = font }()
	d.tableHeader(t, widths, size)
	for i, row := range t.Rows {
		d.font("", size, colInk)
		if total && i == len(t.Rows)-1 {
			d.font("B", size, colInk)
		}
		lines := make([][]string, len(row))
		h := 0
		for j, c := range row {
			lines[j] = d.cellLines(c, widths[j])
			h = max(h, len(lines[j]))
		}
		rowH := float64(h)*lineH + 1.6
		if d.GetY()+rowH > pageH-bottom {
			d.AddPage()
			d.tableHeader(t, widths, size)
			d.font("", size, colInk)
		}
		d.tableRow(t, widths, lines, rowH, lineH, i%2 == 1)
	}
}

// cellLines wraps text at spaces to the cell width; a word wider than the
// cell is shortened rather than split.
func (d *pdfDoc) cellLines(c string, w float64) []string {
	w -= 2 // the cell's inner margins
	var lines []string
	line := ""
	for _, word := range strings.Fields(c) {
		switch {
		case line == "":
			line = d.fit(word, w)
		case d.GetStringWidth(line+" "+word) <= w:
			line += " " + word
		default:
			lines = append(lines, line)
			line = d.fit(word, w)
		}
	}
	return append(lines, line)
}

func (d *pdfDoc) tableHeader(t ReportTable, widths []float64, size float64) {
	d.font("B", size-0.5, colHead)
	lineH := size * 0.42
	lines := make([][]string, len(t.Header))
	n := 1
	for j, h := range t.Header {
		lines[j] = d.cellLines(h, widths[j])
		n = max(n, len(lines[j]))
	}
	rowH := float64(n)*lineH + 1.6
	d.need(rowH + lineH + 2)
	d.color(colHeadBg, "fill")
	d.Rect(margin, d.GetY(), sum(widths), rowH, "F")
	d.tableRow(t, widths, lines, rowH, lineH, false)
}

func (d *pdfDoc) tableRow(t ReportTable, widths []float64, lines [][]string, rowH, lineH float64, zebra bool) {
	y := d.GetY()
	if zebra {
		d.color(colZebra, "fill")
		d.Rect(margin, y, sum(widths), rowH, "F")
	}
	x := margin
	for j, ls := range lines {
		for k, l := range ls {
			tx := x + 1
			if j < len(t.Right) && t.Right[j] {
				tx = x + widths[j] - 1 - d.GetStringWidth(l)
			}
			d.Text(tx, y+0.8+lineH*float64(k+1)-lineH*0.22, l)
		}
		x += widths[j]
	}
	d.color(colRule, "draw")
	d.SetLineWidth(0.1)
	d.Line(margin, y+rowH, margin+sum(widths), y+rowH)
	d.SetY(y + rowH)
}

func sum(fs []float64) float64 {
	t := 0.0
	for _, f := range fs {
		t += f
	}
	return t
}
