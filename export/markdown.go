package export

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"

	"github.com/postmortem-dev/postmortem/analyze"
)

// Markdown writes the reliability report as Markdown for a wiki: the same
// view as the PDF (headline, scorecard, quarters, incident sections with
// their evidence quoted, appendix), without the charts.
func Markdown(w io.Writer, r *analyze.Report, opt Options) error {
	v := BuildView(r, opt)
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "# %s\n\n", mdEscape(v.Title))
	fmt.Fprintf(b, "**Period:** %s  \n**Generated:** %s  \n**Sources:** %s\n\n", mdEscape(v.Period), mdEscape(v.Generated), mdEscape(v.Sources))
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
		fmt.Fprintf(b, "%s\n\n", mdEscape(v.QuartersNote))
	}
	b.WriteString("## Incidents\n\n")
	fmt.Fprintf(b, "%s\n\n", mdEscape(v.DetailsNote))
	for _, a := range v.Details {
		mdIncident(b, a)
	}
	mdAppendix(b, v)
	return b.Flush()
}

func mdIncident(b *bufio.Writer, a *analyze.Analysis) {
	fmt.Fprintf(b, "### %s: %s\n\n", mdEscape(VendorName(a.Vendor)), mdEscape(a.Title))
	fmt.Fprintf(b, "Impact **%s**", mdEscape(string(a.Impact)))
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
			parts[i] = mdEscape(m[0] + " " + m[1])
		}
		fmt.Fprintf(b, "**Metrics:** %s\n\n", strings.Join(parts, " · "))
	}
	for _, f := range IncidentFacts(a) {
		fmt.Fprintf(b, "**%s:** %s\n\n", mdEscape(f.Label), mdEscape(f.Value))
		if ev := mdEscape(strings.Join(strings.Fields(f.Evidence), " ")); ev != "" {
			fmt.Fprintf(b, "> %s\n\n", ev)
		}
	}
	for _, w := range a.Warnings {
		fmt.Fprintf(b, "- warning %s: %s\n", mdCode(w.Code), mdEscape(w.Message))
	}
	if len(a.Warnings) > 0 {
		b.WriteString("\n")
	}
	fmt.Fprintf(b, "Source: %s\n\n", mdSource(a))
}

func mdSource(a *analyze.Analysis) string {
	src := fmt.Sprintf("%s (%s)", mdEscape(a.Source.Path), mdEscape(a.Source.Reader))
	if a.URL != "" {
		return fmt.Sprintf("%s · %s", mdLink(a.URL), src)
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

// mdCode writes a warning code as a code span; a code that is not a plain
// identifier is written as escaped text.
func mdCode(code string) string {
	for i := 0; i < len(code); i++ {
		c := code[i]
		if !isASCIILetter(c) && (c < '0' || c > '9') && c != '_' && c != '-' && c != '.' {
			return mdEscape(code)
		}
	}
	if code == "" {
		return ""
	}
	return "`" + code + "`"
}

// mdEscape makes text from a document plain Markdown text on one line: it
// can open no emphasis, code span, link, image, autolink, HTML tag, entity,
// table cell, heading, list, quote or thematic break, and a GFM renderer
// finds no bare URL or e-mail address in it to link. Every ASCII
// punctuation that can start markup is backslash-escaped (CommonMark
// renders \x as x); a ':' after a letter ("javascript:", "http:") and the
// '.' of a word "www." are escaped, which bare-URL linkers do not match;
// a block marker at the start (+, -, =, "1." or "1)") is escaped; line
// breaks and tabs become spaces and leading white space goes (four spaces
// at a line start open a code block), other control characters and
// invalid UTF-8 become U+FFFD.
func mdEscape(s string) string {
	s = strings.TrimLeft(s, " \t\r\n\v\f")
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	bad := false // the previous rune stood for invalid UTF-8
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		invalid := r == utf8.RuneError && size <= 1
		switch {
		case invalid:
			if !bad {
				b.WriteRune(utf8.RuneError)
			}
		case r == '\r' || r == '\n' || r == '\t' || r == '\v' || r == '\f':
			b.WriteByte(' ')
		case r < 0x20 || r == 0x7f:
			b.WriteRune(utf8.RuneError)
		case r < utf8.RuneSelf && mdPunct(byte(r)):
			b.WriteByte('\\')
			b.WriteByte(byte(r))
		case r == ':' && i > 0 && isASCIILetter(s[i-1]):
			b.WriteString(`\:`)
		case r == '.' && mdWWW(s, i):
			b.WriteString(`\.`)
		case i == 0 && (r == '+' || r == '-' || r == '=') && (len(s) == 1 || s[1] < '0' || s[1] > '9'):
			b.WriteByte('\\')
			b.WriteByte(byte(r))
		case (r == '.' || r == ')') && mdListNumber(s[:i]) && (i+1 == len(s) || s[i+1] == ' ' || s[i+1] == '\t'):
			b.WriteByte('\\')
			b.WriteByte(byte(r))
		default:
			b.WriteString(s[i : i+size])
		}
		bad = invalid
		i += size
	}
	return b.String()
}

// mdPunct are the ASCII characters that open or close inline markup in
// CommonMark, GFM and the common extensions (math, attributes): always
// escaped.
func mdPunct(c byte) bool {
	return strings.IndexByte("\\`*_[](){}<>#!|~&$@", c) >= 0
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// mdWWW reports whether the '.' at s[i] ends a word "www".
func mdWWW(s string, i int) bool {
	if i < 3 || !strings.EqualFold(s[i-3:i], "www") {
		return false
	}
	return i == 3 || !isASCIILetter(s[i-4]) && (s[i-4] < '0' || s[i-4] > '9')
}

// mdListNumber reports whether prefix, the text before a '.' or ')', is
// an ordered-list number (one to nine digits) at the start of the text.
func mdListNumber(prefix string) bool {
	if len(prefix) == 0 || len(prefix) > 9 {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		if prefix[i] < '0' || prefix[i] > '9' {
			return false
		}
	}
	return true
}

// linkURL is the URL a report may link to: an absolute http or https URL
// with a host, as net/url writes it, with every byte that is not plainly
// safe in a Markdown link destination, an autolink or a PDF link
// percent-encoded (space, < > ( ) \ " ` and the like, controls, non-ASCII);
// "" for anything else (javascript:, data:, a relative or opaque URL).
func linkURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Opaque != "" || u.Hostname() == "" {
		return ""
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return ""
	}
	host, ok := linkHost(u.Hostname())
	if !ok {
		return ""
	}
	if p := u.Port(); p != "" {
		host = net.JoinHostPort(host, p)
	} else if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	u.Host = host
	s := u.String()
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < utf8.RuneSelf && (isASCIILetter(c) || c >= '0' && c <= '9' || strings.IndexByte("-._~:/?#[]@!$&'*+,;=%", c) >= 0) {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

// linkHost is a URL's host as a link may name it: an IP address, or a
// domain name in ASCII (an international name in its xn-- form); false for
// anything else ("evil\"", "a b", "").
func linkHost(h string) (string, bool) {
	if ip := net.ParseIP(h); ip != nil {
		return ip.String(), true
	}
	a, err := idna.Lookup.ToASCII(h)
	if err != nil || a == "" || strings.Trim(a, ".") == "" {
		return "", false
	}
	for i := 0; i < len(a); i++ {
		c := a[i]
		if !isASCIILetter(c) && (c < '0' || c > '9') && c != '-' && c != '.' {
			return "", false
		}
	}
	return a, true
}

// mdLink writes the text of a document's URL: an autolink when the URL is
// one a report may link to and reads the same once made safe, a link with
// the escaped text when making it safe changed it, else escaped text.
func mdLink(raw string) string {
	u := linkURL(raw)
	switch {
	case u == "":
		return mdEscape(raw)
	case u == raw:
		return "<" + u + ">"
	default:
		return "[" + mdEscape(raw) + "](<" + u + ">)"
	}
}
