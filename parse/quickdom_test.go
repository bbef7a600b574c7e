package parse

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// dumpTree writes the tree one node per line, indented by depth, with the
// node type, namespace, name or text and attributes: two trees with the
// same dump are the same for every reader. Doctype nodes are left out
// (html.Parse splits the declaration into name and ids; no reader reads
// them).
func dumpTree(n *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		if n.Type != html.DoctypeNode {
			fmt.Fprintf(&b, "%s%d %s %q", strings.Repeat(" ", depth), n.Type, n.Namespace, n.Data)
			for _, a := range n.Attr {
				fmt.Fprintf(&b, " %s:%s=%q", a.Namespace, a.Key, a.Val)
			}
			b.WriteByte('\n')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, depth+1)
		}
	}
	walk(n, 0)
	return b.String()
}

// checkQuickParse fails t if quickParse accepts data and builds another
// tree than html.Parse.
func checkQuickParse(t *testing.T, name string, data []byte) bool {
	t.Helper()
	quick, classes, declined, ok := quickParseWhy(data)
	if strings.HasPrefix(declined, "panic") {
		t.Errorf("%s: quickParse %s", name, declined) // recovered, but a bug
	}
	if !ok {
		return false
	}
	full, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: html.Parse: %v", name, err)
	}
	// The class tokens quickParse collects are those of the tree.
	want := map[string]bool{}
	for _, n := range byAttr("class").MatchAll(full) {
		v, _ := attrValue(n, "class")
		addClasses(want, v)
	}
	if !maps.Equal(classes, want) {
		t.Errorf("%s: quickParse collects %d class tokens, the tree has %d", name, len(classes), len(want))
	}
	if q, f := dumpTree(quick), dumpTree(full); q != f {
		ql, fl := strings.Split(q, "\n"), strings.Split(f, "\n")
		for i := 0; i < len(ql) && i < len(fl); i++ {
			if ql[i] != fl[i] {
				t.Errorf("%s: quickParse and html.Parse differ at node %d:\n quick: %s\n  full: %s", name, i, ql[i], fl[i])
				return true
			}
		}
		t.Errorf("%s: quickParse gives %d nodes, html.Parse %d", name, len(ql), len(fl))
	}
	return true
}

// TestQuickParseMatchesHTMLParse runs every HTML document of testdata
// through both parsers. The Statuspage pages as served must all take the
// quick path (that is what it is for); pages a browser saved may carry
// injected SVG, which quickParse leaves to html.Parse.
func TestQuickParseMatchesHTMLParse(t *testing.T) {
	files, _ := filepath.Glob("../testdata/parse/*/*")
	quick, total := 0, 0
	for _, f := range files {
		ok, isHTML := quickParseFile(t, f)
		if !isHTML {
			continue
		}
		total++
		if ok {
			quick++
			continue
		}
		if strings.Contains(f, "/statuspage-") && strings.HasSuffix(f, ".html") && !strings.Contains(f, "/bad-") {
			data, _ := os.ReadFile(f)
			_, _, why, _ := quickParseWhy(data)
			t.Errorf("%s: a Statuspage page that quickParse declines at %.80q", f, why)
		}
	}
	t.Logf("quickParse took %d of %d HTML documents", quick, total)
	if total < 10 {
		t.Fatalf("only %d HTML documents found", total)
	}
}

// TestQuickParseCorpus runs the HTML documents of shared/corpus through
// both parsers.
func TestQuickParseCorpus(t *testing.T) {
	const corpus = "../../shared/corpus"
	if _, err := os.Stat(corpus); err != nil {
		t.Skip("shared/corpus is not beside the repository")
	}
	var files []string
	_ = filepath.WalkDir(corpus, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	quick, total := 0, 0
	for _, f := range files {
		ok, isHTML := quickParseFile(t, f)
		if isHTML {
			total++
		}
		if ok {
			quick++
		}
	}
	t.Logf("quickParse took %d of %d HTML documents", quick, total)
}

// quickParseFile checks quickParse against html.Parse on one file.
func quickParseFile(t *testing.T, f string) (quick, isHTML bool) {
	t.Helper()
	data, err := os.ReadFile(f)
	if err != nil || strings.HasSuffix(f, ".golden.json") {
		return false, false
	}
	in := &Input{Name: f, Data: data}
	if Prepare(in) != nil || in.Kind != KindHTML {
		return false, false
	}
	return checkQuickParse(t, f, in.Data), true
}

// TestQuickParseDeclines lists markup that html.Parse repairs, moves or
// implies, which quickParse must leave to it.
func TestQuickParseDeclines(t *testing.T) {
	wrap := func(body string) string {
		return "<!DOCTYPE html><html><head><title>t</title></head><body>" + body + "</body></html>"
	}
	for _, c := range []struct{ name, page string }{
		{"no html element", "<div>x</div>"},
		{"no head", "<html><body>x</body></html>"},
		{"stray end tag", wrap("<div>a</span></div>")},
		{"unclosed element", wrap("<div><p>a</div>")},
		{"misnested formatting", wrap("<b><i>x</b></i>")},
		{"block in p", wrap("<p>a<div>b</div></p>")},
		{"li in li", wrap("<ul><li>a<li>b</li></li></ul>")},
		{"a in a", wrap(`<a href="1"><a href="2">x</a></a>`)},
		{"row without tbody", wrap("<table><tr><td>x</td></tr></table>")},
		{"text in table", wrap("<table>x<tbody></tbody></table>")},
		{"cell outside table", wrap("<div><td>x</td></div>")},
		{"svg foreignObject", wrap(`<svg><foreignObject><div>x</div></foreignObject></svg>`)},
		{"markup in svg title", wrap(`<svg><title><b>x</b></title></svg>`)},
		{"font in svg", wrap(`<svg><font color="red">x</font></svg>`)},
		{"html tag in svg", wrap(`<svg><div>x</div></svg>`)},
		{"math", wrap(`<math><mi>x</mi></math>`)},
		{"end br", wrap("a</br>b")},
		{"truncated", "<html><head></head><body><div>a"},
		{"text after body", "<html><head></head><body></body>x</html>"},
		{"element in head", "<html><head><div>x</div></head><body></body></html>"},
		{"NUL", wrap("a\x00b")},
		{"template", wrap("<template><p>x</p></template>")},
		{"input in select", wrap("<select><option>a</option><input></select>")},
		{"hr in option", wrap("<select><option>a<hr></option></select>")},
	} {
		if _, ok := quickParse([]byte(c.page)); ok {
			t.Errorf("%s: quickParse accepted %q", c.name, c.page)
		}
		// html.Parse reads them all; the readers still get a DOM.
		if doc, err := parseHTML([]byte(c.page)); err != nil || doc == nil {
			t.Errorf("%s: parseHTML: %v", c.name, err)
		}
	}
}

// TestQuickParseAccepts lists well-formed pages quickParse must build,
// each checked node by node against html.Parse.
func TestQuickParseAccepts(t *testing.T) {
	wrap := func(body string) string {
		return "<!DOCTYPE html>\n<html lang=en>\n<head>\n<title>t &amp; u</title><meta name=issued content=1></head>\n<body class=\"a b\">" + body + "</body>\n</html>\n"
	}
	for _, c := range []struct{ name, page string }{
		{"blocks and text", wrap(`<div class="update"><strong>Resolved</strong> - fixed.<br><small>Jan 1, <var>10:00</var> UTC</small></div>`)},
		{"unclosed span in link", wrap(`<a href="#"><span class="icon"></a><p>x</p>`)},
		{"formatting attributes sorted", wrap(`<a title="t" href="/x" class="c">x</a>`)},
		{"select with options", wrap(`<form><select name=c><option value=1>A</option><optgroup label=g><option>B</option></optgroup></select></form>`)},
		{"table with sections", wrap(`<table><thead><tr><th>h</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>`)},
		{"pre drops first newline", wrap("<pre>\nx\n</pre><textarea>\ny</textarea>")},
		{"svg icon", wrap(`<svg viewbox="0 0 24 24" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><title>i</title><use xlink:href="#a"/><path d="M0 0"></path></svg>`)},
		{"svg camel case", wrap(`<svg viewbox="0 0 4 4"><clippath id="c"><rect width="2" height="2"/></clippath><path pathlength="1" d="M0 0"/><lineargradient gradientunits="x"></LinearGradient></svg>`)},
		{"svg link attributes unsorted", wrap(`<svg><a xlink:href="#x" class="c" b="1"><text>t</text></a></svg><a title="t" class="c">x</a>`)},
		{"svg uptime bars", wrap(`<svg class="g" preserveAspectRatio="none" height="34" viewBox="0 0 448 34"><rect height="34" width="3" x="0" y="0" fill="#2fcc66" role="tab" class="uptime-day day-0" data-html="true" tabindex="0" aria-describedby="t" /></svg>`)},
		{"comments everywhere", "<!--a--><html><!--b--><head><!--c--></head><!--d--><body><!--e--></body><!--f--></html><!--g-->"},
		{"raw text", wrap(`<script>if (a < b) { x = "</div>" }</script><style>p > a {}</style><noscript><b>x</b></noscript>`)},
	} {
		if !checkQuickParse(t, c.name, []byte(c.page)) {
			_, _, why, _ := quickParseWhy([]byte(c.page))
			t.Errorf("%s: quickParse declined at %q", c.name, why)
		}
	}
}

// TestDeepNesting: html.Parse refuses elements nested deeper than 512,
// and so must the quick path; a page that deep is an error for its
// reader and for the visible-text fallback, never a crash.
func TestDeepNesting(t *testing.T) {
	page := func(depth int, class string) []byte {
		return []byte("<html><head></head><body>" + strings.Repeat(`<div class="`+class+`">`, depth) + "x" +
			strings.Repeat("</div>", depth) + "</body></html>")
	}
	// html, body and 510 divs: 512 open elements, the most html.Parse takes.
	if !checkQuickParse(t, "510 divs", page(510, "a")) {
		t.Error("quickParse declined 512 open elements")
	}
	deep := page(511, "a")
	if _, ok := quickParse(deep); ok {
		t.Error("quickParse accepted 513 open elements")
	}
	if _, err := parseHTML(deep); err == nil {
		t.Error("parseHTML accepted 513 open elements")
	}
	for _, class := range []string{"update-row incident-name", "none"} {
		in := &Input{Name: "deep.html", Data: page(600, class)}
		incs, err := Read(in, "")
		if err == nil || len(incs) != 0 || !strings.Contains(err.Error(), "deep.html") || !strings.Contains(err.Error(), "512") {
			t.Errorf("class %q: Read gave %d incidents, error %v", class, len(incs), err)
		}
	}
}

// FuzzQuickParse checks on arbitrary input that quickParse, whenever it
// accepts a document, builds html.Parse's tree. The seeds are the HTML
// fixtures and small pages near each rule.
func FuzzQuickParse(f *testing.F) {
	files, _ := filepath.Glob("../testdata/parse/*/*.html")
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil && len(data) < 8000 {
			f.Add(data)
		}
	}
	for _, s := range []string{
		"<html><head></head><body></body></html>",
		"<!DOCTYPE html><html><head><title>a&amp;b</title><meta name=x content=y></head>\n<body class=a><div class=\"b c\">x<br>y</div><pre>\nz</pre></body>\n</html>\n",
		"<html><head></head><body><table><tbody><tr><td>1</td></tr></tbody></table></body></html>",
		"<html><head></head><body><ul><li>a</li><li><ul><li>b</li></ul></li></ul><!--c--></body><!--d--></html><!--e-->",
		"<html><head><noscript><b>x</b></noscript><style>p{}</style></head><body><textarea>\nx</textarea><p>a</p></body></html>",
		"<select><option>a</option><optgroup><option>b</option></optgroup></select><table><tbody><tr><td>x</td></tr></tbody></table>",
		"<ul><li><a href=x><span>y</a></li></ul><pre>\nz</pre><p>q</p><div><b>w</b></div>",
		"<html><head></head><body><p><svg viewbox=\"0 0 1 1\" xmlns:xlink=\"x\"><clippath><title>t</title></clippath><use xlink:href=\"#a\"/><text>t<tspan>u</tspan></text></svg></p></body></html>",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkQuickParse(t, "input", data)
		// Most random inputs lack the page frame quickParse requires;
		// inside one, the body rules get exercised too.
		page := append(append([]byte("<html><head></head><body>"), data...), "</body></html>"...)
		checkQuickParse(t, "input in a page", page)
	})
}

// FuzzLexStartTag checks lexStartTag against the tokenizer's TagName and
// TagAttr on every start tag of arbitrary input.
func FuzzLexStartTag(f *testing.F) {
	for _, s := range []string{
		`<div class="a b" id=x data-x='y'>`, `<A HREF=X Title="T">`, `<a =b>`, `<a b = c>`,
		`<a b/c>`, `<a b='x>`, `<a b c=d b=e B=f>`, `<br/>`, `<a b=>`, `<a b= >`, `<a b=c/>`,
		`<img src=/x.png alt="">`, `<p/ class=x>`, `<x a="1"b="2">`, "<a\tb\n=\fc>", `<a b="c`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		z := html.NewTokenizer(bytes.NewReader(data))
		var tag rawTag
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				return
			}
			if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
				continue
			}
			raw := bytes.Clone(z.Raw())
			if !lexStartTag(raw, &tag) {
				continue
			}
			name, more := z.TagName()
			if !bytes.Equal(name, tag.name) {
				t.Fatalf("%q: name %q, tokenizer %q", raw, tag.name, name)
			}
			var got, want []string
			for _, a := range tag.attrs {
				got = append(got, string(a[0])+"="+string(a[1]))
			}
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				want = append(want, string(k)+"="+string(v))
			}
			if strings.Join(got, "\x00") != strings.Join(want, "\x00") {
				t.Fatalf("%q: attributes %q, tokenizer %q", raw, got, want)
			}
		}
	})
}

// BenchmarkQuickParse compares html.Parse and parseHTMLClasses (the quick
// path with the class tokens detection needs) on the HTML fixtures.
func BenchmarkQuickParse(b *testing.B) {
	files, _ := filepath.Glob("../testdata/parse/*/*")
	var docs [][]byte
	var size int64
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil || strings.HasSuffix(f, ".golden.json") {
			continue
		}
		in := &Input{Name: f, Data: data}
		if Prepare(in) == nil && in.Kind == KindHTML {
			docs = append(docs, in.Data)
			size += int64(len(in.Data))
		}
	}
	b.Run("html.Parse", func(b *testing.B) {
		b.SetBytes(size)
		for b.Loop() {
			for _, d := range docs {
				_, _ = html.Parse(bytes.NewReader(d))
			}
		}
	})
	b.Run("parseHTML", func(b *testing.B) {
		b.SetBytes(size)
		for b.Loop() {
			for _, d := range docs {
				parseHTMLClasses(d)
			}
		}
	})
}
