package export

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/url"
	"os/exec"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	gtext "github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/postmortem-dev/postmortem/analyze"
	"github.com/postmortem-dev/postmortem/parse/incident"
)

// Hostile text from documents (issue 11, items 4 and 5): no text of a
// document may become a link, an image, an HTML tag, emphasis, a code
// span, a block of its own or a spreadsheet formula, and no character may
// fail the PDF.

// hostile is the document text of one incident.
type hostile struct {
	vendor, title, text, url string
}

// hostileReport builds a report with one incident whose every text field
// comes from h: vendor, title, URL, components, update bodies, cause and
// resolution with evidence, trigger, regions, corrective actions, data-loss
// evidence, a warning message and the source path and reader.
func hostileReport(h hostile) *analyze.Report {
	at := func(s string) time.Time { v, _ := time.Parse(time.RFC3339, s); return v }
	inc := incident.Incident{Vendor: h.vendor, Title: h.title, URL: h.url, Impact: incident.ImpactMajor,
		Components: []string{h.text, h.title},
		Updates: []incident.Update{
			{Status: incident.StatusInvestigating, At: at("2024-07-10T08:00:00Z"), Body: h.text},
			{Status: incident.StatusResolved, At: at("2024-07-10T09:30:00Z"), Body: h.title}},
		Source: incident.Source{Path: h.title, Reader: h.vendor}}
	r := analyze.Analyze([]incident.Incident{inc}, analyze.Options{Now: at("2024-10-02T00:00:00Z")})
	a := &r.Incidents[0]
	a.Vendor, a.Title, a.URL = h.vendor, h.title, h.url
	a.Components = []string{h.text, h.title}
	a.Source = incident.Source{Path: h.title, Reader: h.vendor}
	a.RootCause = analyze.RootCause{Category: h.vendor, Trigger: h.title, Evidence: h.text}
	a.Resolution = analyze.Resolution{Action: h.title, Evidence: h.text}
	a.Scope.Regions = []string{h.vendor}
	loss := true
	a.Scope.DataLoss, a.Scope.DataLossEvidence = &loss, h.title
	a.CorrectiveActions = []string{h.text}
	a.Warnings = append(a.Warnings, incident.Warning{Code: "hostile_text", Message: h.text})
	return &r
}

// mdNorm is what a text looks like once rendered, for comparison: invalid
// UTF-8 and control characters are U+FFFD, white space is left out.
func mdNorm(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f':
			return ' '
		case r < 0x20 || r == 0x7f:
			return utf8.RuneError
		}
		return r
	}, s)
	// White space is left out of the comparison: the exporter may trim or
	// join it, and markup hides in the other characters.
	return strings.Join(strings.Fields(s), "")
}

// mdText is the text a renderer shows for the inline content of n.
func mdText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(util.UnescapePunctuations(c.Segment.Value(src)))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.AutoLink:
			b.Write(c.Label(src))
			return ast.WalkSkipChildren, nil
		case *ast.CodeSpan:
			for k := c.FirstChild(); k != nil; k = k.NextSibling() {
				if t, ok := k.(*ast.Text); ok {
					b.Write(t.Segment.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// mdAudit renders md with goldmark (CommonMark and GFM: tables,
// strikethrough, task lists, bare-URL linking) and lists every way the
// document text of r got out of plain text: a link or autolink to anything
// but the http(s) source URL of an incident, an image, raw HTML, emphasis,
// a code span, a strikethrough, a code block, a thematic break or a list
// the report does not write, a heading, quote or paragraph whose text is
// not the document's text, a table row with a cell too many.
func mdAudit(md []byte, r *analyze.Report) []string {
	var bad []string
	fail := func(f string, a ...any) { bad = append(bad, fmt.Sprintf(f, a...)) }

	links := map[string]bool{}
	codes := map[string]bool{}
	headings := map[string]bool{}
	quotes := map[string]bool{}
	paras := map[string]bool{}
	emph := map[string]bool{"Period:": true, "Generated:": true, "Sources:": true, "Metrics:": true}
	for i := range r.Incidents {
		a := &r.Incidents[i]
		if u := linkURL(a.URL); u != "" {
			links[u] = true
		}
		for _, w := range a.Warnings {
			codes[w.Code] = true
			paras[mdNorm("warning "+w.Code+": "+w.Message)] = true
		}
		headings[mdNorm(VendorName(a.Vendor)+": "+a.Title)] = true
		emph[mdNorm(string(a.Impact))] = true
		imp := "Impact " + string(a.Impact)
		if len(a.Components) > 0 {
			imp += " · components: " + strings.Join(a.Components, ", ")
		}
		paras[mdNorm(imp)] = true
		for _, f := range IncidentFacts(a) {
			emph[mdNorm(f.Label+":")] = true
			paras[mdNorm(f.Label+": "+f.Value)] = true
			if f.Evidence != "" {
				quotes[mdNorm(f.Evidence)] = true
			}
		}
		paras[mdNorm(fmt.Sprintf("Source: %s · %s (%s)", a.URL, a.Source.Path, a.Source.Reader))] = true
		paras[mdNorm(fmt.Sprintf("Source: %s (%s)", a.Source.Path, a.Source.Reader))] = true
	}
	for _, h := range []string{"Vendor reliability report", "Headline figures", "Vendor scorecard", "Quarters", "Incidents",
		"Appendix: definitions", "Appendix: data-quality warnings"} {
		headings[mdNorm(h)] = true
	}

	src := md
	doc := goldmark.New(goldmark.WithExtensions(extension.GFM)).Parser().Parse(gtext.NewReader(src))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.RawHTML:
			fail("raw HTML %q", n.Segments.Value(src))
		case *ast.HTMLBlock:
			fail("HTML block %q", n.Lines().Value(src))
		case *ast.Image:
			fail("image %q", n.Destination)
		case *ast.Link:
			if !links[string(n.Destination)] || !httpURL(string(n.Destination)) {
				fail("link to %q", n.Destination)
			}
		case *ast.AutoLink:
			if u := string(n.URL(src)); n.AutoLinkType != ast.AutoLinkURL || !links[u] || !httpURL(u) {
				fail("autolink to %q", n.URL(src))
			}
		case *ast.Emphasis:
			if t := mdNorm(mdText(n, src)); !emph[t] {
				fail("emphasis %q", t)
			}
		case *ast.CodeSpan:
			if t := mdText(n, src); !codes[t] {
				fail("code span %q", t)
			}
		case *east.Strikethrough:
			fail("strikethrough %q", mdText(n, src))
		case *east.TaskCheckBox:
			fail("task check box")
		case *ast.CodeBlock, *ast.FencedCodeBlock:
			fail("code block %q", n.Lines().Value(src))
		case *ast.ThematicBreak:
			fail("thematic break")
		case *ast.LinkReferenceDefinition:
			fail("link reference definition")
		case *ast.Heading:
			if t := mdNorm(mdText(n, src)); !headings[t] {
				fail("heading %q", t)
			}
			return ast.WalkSkipChildren, nil
		case *ast.Blockquote:
			if n.ChildCount() != 1 || n.FirstChild().Kind() != ast.KindParagraph {
				fail("quote of %d blocks: %q", n.ChildCount(), mdText(n, src))
			} else if t := mdNorm(mdText(n, src)); !quotes[t] {
				fail("quote %q", t)
			}
		case *ast.List:
			for it := n.FirstChild(); it != nil; it = it.NextSibling() {
				if t := mdNorm(mdText(it, src)); !paras[t] {
					fail("list item %q", t)
				}
			}
		case *ast.Paragraph:
			t := mdNorm(mdText(n, src))
			for _, p := range []string{"Impact ", "Source: ", "Root cause: ", "Resolution: ", "Scope: ", "Data loss: ", "Corrective actions: "} {
				if strings.HasPrefix(t, p) && !paras[t] {
					fail("paragraph %q", t)
				}
			}
		}
		return ast.WalkContinue, nil
	})
	// Table rows: as many cell delimiters as the header (GFM drops the
	// cells past the header's count, so the AST cannot show one too many).
	cols := 0
	for _, line := range strings.Split(string(md), "\n") {
		if !strings.HasPrefix(line, "|") {
			cols = 0
			continue
		}
		n := tablePipes(line)
		if cols == 0 {
			cols = n
		} else if n != cols {
			fail("table row has %d cell delimiters, header %d: %q", n, cols, line)
		}
	}
	return bad
}

// tablePipes counts the pipes of a table row that are not escaped.
func tablePipes(line string) int {
	n, esc := 0, false
	for i := 0; i < len(line); i++ {
		switch {
		case esc:
			esc = false
		case line[i] == '\\':
			esc = true
		case line[i] == '|':
			n++
		}
	}
	return n
}

func httpURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Hostname() != ""
}

func markdownOf(t testing.TB, r *analyze.Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Markdown(&buf, r, Options{}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// markdownPayloads are the payloads of issue 11, item 5, and their kin.
var markdownPayloads = []struct {
	name string
	h    hostile
}{
	{"javascript URL autolink", hostile{"Acme", "API errors", "Looking into it.", "javascript:alert(1)"}},
	{"JAVASCRIPT URL in capitals", hostile{"Acme", "API errors", "Looking into it.", "JavaScript:alert(document.cookie)"}},
	{"shortlink closing the autolink", hostile{"Acme", "API errors", "Looking.", "https://sho.rt/x><img src=x onerror=alert(1)>"}},
	{"data URL", hostile{"Acme", "API errors", "Looking.", "data:text/html,<script>alert(1)</script>"}},
	{"relative URL", hostile{"Acme", "API errors", "Looking.", "//evil.example/x"}},
	{"inline link in title", hostile{"Acme", "[x](javascript:alert(1))", "Looking.", ""}},
	{"image in title", hostile{"Acme", "![img](https://evil.example/p.png)", "Looking.", ""}},
	{"image in body", hostile{"Acme", "API errors", "See ![pixel](https://evil.example/t.gif) now", ""}},
	{"backticks and bold in title", hostile{"Acme", "`rm -rf` and **bold** and __under__", "Looking.", ""}},
	{"emphasis in body", hostile{"Acme", "API errors", "*it* was **very** _bad_ ~~or not~~", ""}},
	{"raw HTML in body", hostile{"Acme", "API errors", "<img src=x onerror=alert(1)> <script>alert(1)</script>", ""}},
	{"HTML block in vendor", hostile{"<div onmouseover=alert(1)>", "API errors", "Looking.", ""}},
	{"autolink in title", hostile{"Acme", "<https://evil.example/> and <javascript:alert(1)>", "Looking.", ""}},
	{"bare URL and www in body", hostile{"Acme", "API errors", "see http://evil.example/x or www.evil.example or ftp://evil.example", ""}},
	{"e-mail address in body", hostile{"Acme", "API errors", "mail evil@evil.example or mailto:evil@evil.example", ""}},
	{"entity in title", hostile{"Acme", "&lt;img src=x&gt; &#60;b&#62; &amp;", "Looking.", ""}},
	{"pipe in vendor and title", hostile{"Ac|me", "a | b || c", "x | y", ""}},
	{"heading in body", hostile{"Acme", "API errors #", "# Injected heading", ""}},
	{"list and quote markers", hostile{"- Acme", "1. API errors", "> quoted\n- item\n+ item\n2) item", ""}},
	{"thematic break and setext", hostile{"Acme", "API errors", "---", ""}},
	{"thematic break with spaces", hostile{"Acme", "API errors", "* * *", ""}},
	{"setext underline", hostile{"Acme", "API errors", "title\n===\nmore", ""}},
	{"code block by indent and fence", hostile{"Acme", "API errors", "    indented code\n```\nfenced\n```", ""}},
	{"link reference definition", hostile{"Acme", "API errors", "[foo]: javascript:alert(1)\n[foo]", ""}},
	{"footnote and task", hostile{"Acme", "[ ] task [^1]", "[^1]: note", ""}},
	{"backslash before markup", hostile{`Ac\me`, `\*not bold\*`, `\<img src=x onerror=alert(1)\>`, ""}},
	{"line breaks in table cells", hostile{"Acme\nCorp", "API\r\nerrors\rnow", "one\ntwo", ""}},
	{"control characters", hostile{"Acme\x00", "API\x07errors\x1b[31m", "bad \xed\xa0\x80 utf-8 \xff", ""}},
	{"http URL with markup", hostile{"Acme", "API errors", "Looking.", "https://status.example.com/a b(c)<d>\"e`f\\g"}},
	{"http URL uppercase scheme", hostile{"Acme", "API errors", "Looking.", "HTTPS://status.example.com/x"}},
	{"http URL without host", hostile{"Acme", "API errors", "Looking.", "https:///etc/passwd"}},
}

// TestMarkdownHostile renders each payload and audits the result with a
// Markdown parser: no document text is markup.
func TestMarkdownHostile(t *testing.T) {
	for _, tt := range markdownPayloads {
		t.Run(tt.name, func(t *testing.T) {
			r := hostileReport(tt.h)
			md := markdownOf(t, r)
			for _, p := range mdAudit(md, r) {
				t.Error(p)
			}
			if t.Failed() {
				t.Logf("markdown:\n%s", md)
			}
		})
	}
}

// TestMarkdownSourceLink: an http(s) source URL is still a link; a URL with
// characters that would end the link is percent-encoded; anything else is
// text.
func TestMarkdownSourceLink(t *testing.T) {
	tests := []struct{ url, want string }{
		{"https://status.example.com/incidents/1", "Source: <https://status.example.com/incidents/1> · "},
		{"HTTPS://status.example.com/x", "Source: [HTTPS\\://status.example.com/x](<https://status.example.com/x>) · "},
		{"https://sho.rt/x><img src=x onerror=alert(1)>", "Source: [https\\://sho.rt/x\\>\\<img src=x onerror=alert\\(1\\)\\>](<https://sho.rt/x%3E%3Cimg%20src=x%20onerror=alert%281%29%3E>) · "},
		{"javascript:alert(1)", "Source: javascript\\:alert\\(1\\) · "},
	}
	for _, tt := range tests {
		md := string(markdownOf(t, hostileReport(hostile{"Acme", "API errors", "Looking.", tt.url})))
		if !strings.Contains(md, tt.want) {
			i := strings.Index(md, "Source: ")
			t.Errorf("%q: markdown has %q, want %q", tt.url, md[i:min(len(md), i+140)], tt.want)
		}
	}
}

func TestLinkURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://status.example.com/incidents/1?a=1&b=2#x": "https://status.example.com/incidents/1?a=1&b=2#x",
		"HTTP://Example.com/":                              "http://example.com/",
		"https://bücher.example/x":                         "https://xn--bcher-kva.example/x",
		"http://[::1]:8080/x":                              "http://[::1]:8080/x",
		"https://127.0.0.1/":                               "https://127.0.0.1/",
		"http://\"":                                        "",
		"http://a%20b/":                                    "",
		"https://./":                                       "",
		" https://example.com/a ":                          "https://example.com/a",
		"https://example.com/a b":                          "https://example.com/a%20b",
		"https://example.com/(x)":                          "https://example.com/%28x%29",
		"https://example.com/?q=<b>":                       "https://example.com/?q=%3Cb%3E",
		"https://example.com/ü":                            "https://example.com/%C3%BC",
		"https://example.com/a\\b":                         "https://example.com/a%5Cb",
		"javascript:alert(1)":                              "",
		"JAVASCRIPT://example.com/%0a1":                    "",
		"vbscript:msgbox":                                  "",
		"data:text/html,x":                                 "",
		"file:///etc/passwd":                               "",
		"mailto:a@example.com":                             "",
		"https:///path":                                    "",
		"https://:80/":                                     "",
		"http:example.com":                                 "",
		"//example.com/x":                                  "",
		"/relative":                                        "",
		"https://exa mple.com/":                            "",
		"https://example.com/\x00":                         "",
		"":                                                 "",
	} {
		if got := linkURL(in); got != want {
			t.Errorf("linkURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMDEscape(t *testing.T) {
	for in, want := range map[string]string{
		"plain text, 3.3 and 09:31 UTC": "plain text, 3.3 and 09:31 UTC",
		"[x](javascript:alert(1))":      `\[x\]\(javascript\:alert\(1\)\)`,
		"![i](u)":                       `\!\[i\]\(u\)`,
		"`a` **b** _c_ ~d~":             "\\`a\\` \\*\\*b\\*\\* \\_c\\_ \\~d\\~",
		"<img src=x>":                   `\<img src=x\>`,
		"a|b":                           `a\|b`,
		"# h":                           `\# h`,
		"&amp; $x$ {#id} a@b.c":         `\&amp; \$x\$ \{\#id\} a\@b.c`,
		"see www.x.com, wwwx.y":         `see www\.x.com, wwwx.y`,
		"http://x https://y":            `http\://x https\://y`,
		"- item":                        `\- item`,
		"+ item":                        `\+ item`,
		"===":                           `\===`,
		"-12 °C":                        "-12 °C",
		"1. first":                      `1\. first`,
		"12) first":                     `12\) first`,
		"1.5 hours":                     "1.5 hours",
		"   indented":                   "indented",
		"a\nb\r\nc\td":                  "a b  c d",
		"nul\x00 bell\x07":              "nul\uFFFD bell\uFFFD",
		"bad \xed\xa0\x80 \xff":         "bad \uFFFD \uFFFD",
		`back\slash`:                    `back\\slash`,
		"Zürich “quoted” – ✓ 東京":        "Zürich “quoted” – ✓ 東京",
	} {
		if got := mdEscape(in); got != want {
			t.Errorf("mdEscape(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzMarkdownExport: whatever the vendor, title, body text and URL of a
// document, the Markdown report holds no link but the http(s) source URL,
// no image, no HTML, and the document's text appears only as plain text.
func FuzzMarkdownExport(f *testing.F) {
	for _, p := range markdownPayloads {
		f.Add(p.h.vendor, p.h.title, p.h.text, p.h.url)
	}
	f.Add("Zürich Cloud", "API errors | “quoted” – ✓", "caused by a BGP route leak", "https://status.example.com/incidents/1")
	f.Fuzz(func(t *testing.T, vendor, title, body, u string) {
		r := hostileReport(hostile{vendor, title, body, u})
		md := markdownOf(t, r)
		if bad := mdAudit(md, r); len(bad) > 0 {
			t.Fatalf("%s\nmarkdown:\n%s", strings.Join(bad, "\n"), md)
		}
	})
}

// csvText are the CSV columns that carry document text in hostileReport.
func csvAudit(t testing.TB, out []byte) {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("not RFC 4180: %v\n%s", err, out)
	}
	if len(recs) < 2 {
		t.Fatalf("%d records", len(recs))
	}
	for _, rec := range recs[1:] {
		if len(rec) != len(recs[0]) {
			t.Fatalf("row of %d cells, header %d", len(rec), len(recs[0]))
		}
		for i, cell := range rec {
			if numericColumn(recs[0][i]) || cell == "" {
				continue
			}
			if strings.IndexByte("=+-@\t\r", cell[0]) >= 0 {
				t.Errorf("%s cell %q would run as a formula", recs[0][i], cell)
			}
		}
	}
}

func csvOf(t testing.TB, r *analyze.Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := CSV(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var csvPayloads = []hostile{
	{"=cmd|' /C calc'!A0", "+HYPERLINK(\"http://evil\")", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0"},
	{"\t=1+1", "\r=1+1", "-12", "=1"},
	{"-", "+", "@", "="},
	{"ok", "title, with \"quotes\"\nand a newline", "body", "https://status.example.com/x"},
}

func TestCSVHostile(t *testing.T) {
	for _, h := range csvPayloads {
		csvAudit(t, csvOf(t, hostileReport(h)))
	}
}

// TestCSVNumbersStayNumbers: the tool's own numbers and times are written
// as they are, a negative duration too.
func TestCSVNumbersStayNumbers(t *testing.T) {
	r := hostileReport(hostile{"Acme", "-5", "text", ""})
	neg := int64(-300)
	r.Incidents[0].Metrics.DetectionLag = &neg
	recs, err := csv.NewReader(bytes.NewReader(csvOf(t, r))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	row := map[string]string{}
	for i, h := range recs[0] {
		row[h] = recs[1][i]
	}
	for k, want := range map[string]string{"detection_lag_s": "-300", "impact_start_at": "2024-07-10T08:00:00Z", "title": "'-5", "updates": "2"} {
		if row[k] != want {
			t.Errorf("%s = %q, want %q", k, row[k], want)
		}
	}
}

// FuzzCSVExport: no cell of document text begins like a formula, and the
// output is RFC 4180 with one row per incident.
func FuzzCSVExport(f *testing.F) {
	for _, h := range csvPayloads {
		f.Add(h.vendor, h.title, h.text, h.url)
	}
	for _, p := range markdownPayloads {
		f.Add(p.h.vendor, p.h.title, p.h.text, p.h.url)
	}
	f.Fuzz(func(t *testing.T, vendor, title, body, u string) {
		csvAudit(t, csvOf(t, hostileReport(hostile{vendor, title, body, u})))
	})
}

// TestPDFLinkOnlyHTTP: the PDF's link annotation is made only for an
// http(s) URL; a javascript: URL is shown as text.
func TestPDFLinkOnlyHTTP(t *testing.T) {
	for _, tt := range []struct {
		url  string
		link bool
	}{
		{"https://status.example.com/incidents/1", true},
		{"javascript:alert(1)", false},
		{"JavaScript:alert(1)", false},
		{"file:///etc/passwd", false},
		{"data:text/html,<script>alert(1)</script>", false},
	} {
		var buf bytes.Buffer
		if err := PDF(&buf, hostileReport(hostile{"Acme", "API errors", "Looking.", tt.url}), Options{}); err != nil {
			t.Fatalf("%q: %v", tt.url, err)
		}
		n := bytes.Count(buf.Bytes(), []byte("/URI"))
		if tt.link && !bytes.Contains(buf.Bytes(), []byte("/URI ("+tt.url+")")) {
			t.Errorf("%q: no link annotation", tt.url)
		}
		if !tt.link && n > 0 {
			t.Errorf("%q: %d link annotations", tt.url, n)
		}
	}
}

// pdfCharPayloads are titles and vendors that fpdf cannot draw as they are.
var pdfCharPayloads = []struct {
	name          string
	vendor, title string
	latin         []string // text pdftotext must find
	absent        []string // characters the font lacks: never drawn as empty boxes
}{
	{"emoji", "Acme 🚀 Cloud", "API errors 🔥 in eu-west 👨‍👩‍👧", []string{"API errors", "in eu-west", "Acme"}, []string{"🚀", "🔥"}},
	{"first rune above the BMP", "Acme", "Outage \U00010000 here", []string{"Outage", "here"}, nil},
	{"CJK", "東京クラウド", "API障害 Tokyo region", []string{"API", "Tokyo region"}, []string{"東", "障害"}},
	{"NUL, U+FFFF and lone surrogates", "Acme\x00Corp", "Bad \uffff chars \xed\xa0\x80 and \xed\xbf\xbf end", []string{"Bad", "chars", "and", "end", "Acme"}, nil},
	{"flags and variation selectors", "Acme", "Region 🇩🇪 ❤\ufe0f status", []string{"Region", "status"}, []string{"🇩🇪"}},
}

// TestPDFHostileCharacters: a character fpdf cannot draw never fails the
// PDF; the Latin parts are there and the rest is marked with U+FFFD.
func TestPDFHostileCharacters(t *testing.T) {
	for _, tt := range pdfCharPayloads {
		t.Run(tt.name, func(t *testing.T) {
			r := hostileReport(hostile{tt.vendor, tt.title, "The cause was " + tt.title, "https://status.example.com/x"})
			var buf bytes.Buffer
			if err := PDF(&buf, r, Options{}); err != nil {
				t.Fatalf("PDF failed: %v", err)
			}
			if _, err := exec.LookPath("pdftotext"); err != nil {
				t.Skip("pdftotext not installed (apt-get install poppler-utils); text not checked")
			}
			cmd := exec.Command("pdftotext", "-layout", "-", "-")
			cmd.Stdin = bytes.NewReader(buf.Bytes())
			out, err := cmd.Output()
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range append(tt.latin, "\uFFFD") {
				if !strings.Contains(string(out), s) {
					t.Errorf("PDF text lacks %q", s)
				}
			}
			for _, s := range tt.absent {
				if strings.Contains(string(out), s) {
					t.Errorf("PDF draws %q, which its font lacks", s)
				}
			}
		})
	}
}

// TestPDFGlyphClean: runes the font has are kept; the rest become U+FFFD,
// one per character (one per run of invalid bytes); invisible format
// characters the font lacks are dropped.
func TestPDFGlyphClean(t *testing.T) {
	g := glyphsOf(fontKey(font, ""), pdfFonts[0].ttf)
	if g.mark != '\uFFFD' {
		t.Fatalf("DejaVu Sans has no U+FFFD? mark %q", g.mark)
	}
	for in, want := range map[string]string{
		"Zürich “quoted” – ✓ → ±":     "Zürich “quoted” – ✓ → ±",
		"A😀B":                         "A\uFFFDB",
		"東京":                          "\uFFFD\uFFFD",
		"a\x00b\uffffc":               "a\uFFFDb\uFFFDc",
		"lone \xed\xa0\x80 surrogate": "lone \uFFFD surrogate",
		"tab\tcr\rnl\n":               "tab cr nl ",
		"\U000E0001tag":               "tag",
	} {
		if got := g.clean(in, false); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
	if got := g.clean("a\nb", true); got != "a\nb" {
		t.Errorf("clean kept no newline: %q", got)
	}
	for _, pf := range pdfFonts {
		g := glyphsOf(fontKey(pf.family, pf.style), pf.ttf)
		for _, r := range "AZaz09 .,:;–—“”‘’…·→✓±×÷ÄÖÜäöüßéèçñ€£¥°Δ−" {
			if !g.has(r) {
				t.Errorf("%s %s: glyph set lacks %q", pf.family, pf.style, r)
			}
		}
	}
}

// FuzzPDFExport: no text of a document fails the PDF.
func FuzzPDFExport(f *testing.F) {
	for _, p := range pdfCharPayloads {
		f.Add(p.vendor, p.title, "The cause was "+p.title, "https://status.example.com/x")
	}
	f.Add("Acme", "API errors", "Looking.", "javascript:alert(1)")
	f.Fuzz(func(t *testing.T, vendor, title, body, u string) {
		var buf bytes.Buffer
		if err := PDF(&buf, hostileReport(hostile{vendor, title, body, u}), Options{}); err != nil {
			t.Fatalf("PDF failed: %v", err)
		}
		if n := bytes.Count(buf.Bytes(), []byte("/URI")); n > 0 && linkURL(u) == "" {
			t.Fatalf("%d link annotations for %q", n, u)
		}
	})
}

// TestPDFLongWordLinear: a title that is one long word is shortened in
// linear time (the fit loop was quadratic: 16,000 characters took 6.7 s).
func TestPDFLongWordLinear(t *testing.T) {
	render := func(n int) time.Duration {
		s := strings.Repeat("x", n)
		start := time.Now()
		var buf bytes.Buffer
		if err := PDF(&buf, hostileReport(hostile{s, s, s, ""}), Options{}); err != nil {
			t.Fatal(err)
		}
		return time.Since(start)
	}
	small, large := render(20_000), render(200_000)
	if large > 3*time.Second && large > 40*small {
		t.Errorf("200,000 characters took %v, 20,000 %v: not linear", large, small)
	}
}
