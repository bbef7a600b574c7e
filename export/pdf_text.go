package export

import (
	"encoding/binary"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// The PDF draws text with fpdf's UTF-8 fonts, which hold widths for the
// Basic Multilingual Plane only: a rune above U+FFFF fails the whole
// document ("character outside the supported range"), and a rune the
// font has no glyph for is drawn as an empty box. So every string is
// passed through a glyph set before it reaches fpdf: runes the embedded
// font has are kept, invisible format characters it lacks (zero-width
// joiners, variation selectors) are dropped, and everything else becomes
// the substitution mark, U+FFFD (or '?' in a font without it), once per
// character, so a reader sees that something was there.

// substitute is the mark drawn for a character the font cannot show.
const substitute = '\uFFFD'

// glyphSet is the set of BMP runes a font maps to a glyph other than
// .notdef, read from the font's Unicode cmap (format 4, the subtable fpdf
// itself uses).
type glyphSet struct {
	bits [0x10000 / 64]uint64
	mark rune // what stands in for a missing character
}

func (g *glyphSet) has(r rune) bool {
	return r >= 0 && r < 0x10000 && g.bits[r>>6]&(1<<(uint(r)&63)) != 0
}

func (g *glyphSet) set(r int) {
	if r >= 0 && r < 0x10000 {
		g.bits[r>>6] |= 1 << (uint(r) & 63)
	}
}

// parseGlyphSet reads the format 4 Unicode cmap of a TrueType font. A font
// that cannot be read gives the printable ASCII range, which every font
// fpdf can load has.
func parseGlyphSet(ttf []byte) *glyphSet {
	g := &glyphSet{}
	if !readCmap4(ttf, g) {
		for r := 0x20; r < 0x7f; r++ {
			g.set(r)
		}
	}
	// fpdf keeps no width for U+0000 and U+FFFF (it uses those slots itself),
	// and control characters draw nothing useful.
	for r := 0; r < 0x20; r++ {
		g.bits[0] &^= 1 << uint(r)
	}
	for r := 0x7f; r < 0xa0; r++ {
		g.bits[r>>6] &^= 1 << (uint(r) & 63)
	}
	g.bits[0xffff>>6] &^= 1 << (0xffff & 63)
	g.mark = '?'
	if g.has(substitute) {
		g.mark = substitute
	}
	return g
}

// readCmap4 fills g from the first (3,1) or (0,*) cmap subtable in format 4,
// as fpdf picks it; false when the font has none or is malformed.
func readCmap4(ttf []byte, g *glyphSet) bool {
	u16 := func(off int) (int, bool) {
		if off < 0 || off+2 > len(ttf) {
			return 0, false
		}
		return int(binary.BigEndian.Uint16(ttf[off:])), true
	}
	u32 := func(off int) (int, bool) {
		if off < 0 || off+4 > len(ttf) {
			return 0, false
		}
		return int(binary.BigEndian.Uint32(ttf[off:])), true
	}
	numTables, ok := u16(4)
	if !ok {
		return false
	}
	cmap := -1
	for i := range numTables {
		rec := 12 + 16*i
		if rec+16 > len(ttf) {
			return false
		}
		if string(ttf[rec:rec+4]) == "cmap" {
			cmap, _ = u32(rec + 8)
			break
		}
	}
	if cmap < 0 {
		return false
	}
	n, ok := u16(cmap + 2)
	if !ok {
		return false
	}
	sub := -1
	for i := range n {
		rec := cmap + 4 + 8*i
		platform, ok1 := u16(rec)
		encoding, ok2 := u16(rec + 2)
		off, ok3 := u32(rec + 4)
		if !ok1 || !ok2 || !ok3 {
			return false
		}
		if (platform == 3 && encoding == 1) || platform == 0 {
			if f, _ := u16(cmap + off); f == 4 {
				sub = cmap + off
				break
			}
		}
	}
	if sub < 0 {
		return false
	}
	segX2, ok := u16(sub + 6)
	if !ok || segX2 == 0 {
		return false
	}
	segs := segX2 / 2
	ends := sub + 14
	starts := ends + segX2 + 2
	deltas := starts + segX2
	ranges := deltas + segX2
	if ranges+segX2 > len(ttf) {
		return false
	}
	for i := range segs {
		end, _ := u16(ends + 2*i)
		start, _ := u16(starts + 2*i)
		delta, _ := u16(deltas + 2*i)
		ro, _ := u16(ranges + 2*i)
		for c := start; c <= end && c <= 0xffff; c++ {
			glyph := 0
			if ro == 0 {
				glyph = (c + delta) & 0xffff
			} else {
				at := ranges + 2*i + ro + 2*(c-start)
				v, ok := u16(at)
				if ok && v != 0 {
					glyph = (v + delta) & 0xffff
				}
			}
			if glyph != 0 {
				g.set(c)
			}
		}
	}
	return true
}

var (
	glyphSetsMu sync.Mutex
	glyphSets   = map[string]*glyphSet{}
)

// glyphsOf is the glyph set of a font, parsed once per font name.
func glyphsOf(name string, ttf []byte) *glyphSet {
	glyphSetsMu.Lock()
	defer glyphSetsMu.Unlock()
	if g, ok := glyphSets[name]; ok {
		return g
	}
	g := parseGlyphSet(ttf)
	glyphSets[name] = g
	return g
}

// invisible reports a format character or variation selector: a rune that
// draws nothing, so dropping it when the font lacks it loses nothing.
func invisible(r rune) bool {
	return unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Variation_Selector, r) ||
		unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r)
}

// drawable reports whether every rune of s is valid UTF-8 the font has.
func (g *glyphSet) drawable(s string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size <= 1) || !g.has(r) {
			return false
		}
		i += size
	}
	return true
}

// clean returns s with only runes g can draw. Tabs, carriage returns and
// other line breaks become spaces; newlines are kept when keepNewlines is
// set (MultiCell and Write break lines there), else spaces too. Invalid
// UTF-8 (a lone surrogate, a cut sequence) counts as a missing character.
func (g *glyphSet) clean(s string, keepNewlines bool) string {
	if g.drawable(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	bad := false // the last rune written was for invalid UTF-8
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		invalid := r == utf8.RuneError && size <= 1
		switch {
		case invalid && bad:
			// one mark for a run of invalid bytes (an encoded surrogate is three)
		case invalid:
			b.WriteRune(g.mark)
		case r == '\n' && keepNewlines:
			b.WriteByte('\n')
		case r == '\n' || r == '\r' || r == '\t' || r == '\v' || r == '\f' || r == 0x85 || r == 0x2028 || r == 0x2029:
			b.WriteByte(' ')
		case g.has(r):
			b.WriteRune(r)
		case invisible(r):
		default:
			b.WriteRune(g.mark)
		}
		bad = invalid
	}
	return b.String()
}

// pdfFont is one font the PDF embeds: its fpdf family and style and the
// TrueType bytes.
type pdfFont struct {
	family, style string
	ttf           []byte
}

// fontKey names a family and style as fpdf does ("dejavu" + "B").
func fontKey(family, style string) string { return family + "/" + strings.ToUpper(style) }

// glyphs is the glyph set of the current font (the regular text font
// before any is set).
func (d *pdfDoc) glyphs() *glyphSet {
	if g, ok := d.sets[d.cur]; ok {
		return g
	}
	return d.sets[fontKey(font, "")]
}

// The methods below shadow fpdf's text methods, so that no string reaches
// fpdf unless the current font can draw every rune of it.

// SetFont selects a font and remembers which, for the glyph check.
func (d *pdfDoc) SetFont(family, style string, size float64) {
	d.cur = fontKey(family, style)
	d.Fpdf.SetFont(family, style, size)
}

// Text draws s at x, y.
func (d *pdfDoc) Text(x, y float64, s string) { d.Fpdf.Text(x, y, d.glyphs().clean(s, false)) }

// CellFormat draws a cell; a link target that is not an http or https
// URL is dropped.
func (d *pdfDoc) CellFormat(w, h float64, s, border string, ln int, align string, fill bool, link int, linkStr string) {
	if linkStr != "" && linkURL(linkStr) == "" {
		linkStr = ""
	}
	d.Fpdf.CellFormat(w, h, d.glyphs().clean(s, false), border, ln, align, fill, link, linkStr)
}

// MultiCell draws wrapped text.
func (d *pdfDoc) MultiCell(w, h float64, s, border, align string, fill bool) {
	d.Fpdf.MultiCell(w, h, d.glyphs().clean(s, true), border, align, fill)
}

// Write writes flowing text.
func (d *pdfDoc) Write(h float64, s string) { d.Fpdf.Write(h, d.glyphs().clean(s, true)) }

// WriteLinkString writes flowing text linked to target, which must be an
// http or https URL: any other target is written as plain text.
func (d *pdfDoc) WriteLinkString(h float64, s, target string) {
	if linkURL(target) == "" {
		d.Write(h, s)
		return
	}
	d.Fpdf.WriteLinkString(h, d.glyphs().clean(s, false), target)
}

// SplitText breaks s into lines no wider than w.
func (d *pdfDoc) SplitText(s string, w float64) []string {
	return d.Fpdf.SplitText(d.glyphs().clean(s, true), w)
}

// GetStringWidth is the width of s as it would be drawn.
func (d *pdfDoc) GetStringWidth(s string) float64 {
	return d.Fpdf.GetStringWidth(d.glyphs().clean(s, false))
}

// LinkString adds a link area to an http or https URL; any other target
// is dropped.
func (d *pdfDoc) LinkString(x, y, w, h float64, target string) {
	if linkURL(target) != "" {
		d.Fpdf.LinkString(x, y, w, h, target)
	}
}

// Bookmark adds an outline entry, with the text the heading shows.
func (d *pdfDoc) Bookmark(s string, level int, y float64) {
	d.Fpdf.Bookmark(d.sets[fontKey(font, "")].clean(s, false), level, y)
}
