package parse

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// TestMatchersAgreeWithCSS checks every predicate matcher the HTML readers
// use against the CSS selector it stands for, on every HTML fixture: the
// same nodes in the same order, from the document and from each match.
func TestMatchersAgreeWithCSS(t *testing.T) {
	pairs := []struct {
		css string
		m   match
	}{
		{".update-row", byClass("update-row")},
		{".incident-name", byClass("incident-name")},
		{".update", byClass("update")},
		{".status-day", byClass("status-day")},
		{".incident-container", byClass("incident-container")},
		{".incident-title", byClass("incident-title")},
		{".unresolved-incident", byClass("unresolved-incident")},
		{".scheduled-maintenance", byClass("scheduled-maintenance")},
		{".date", byClass("date")},
		{".ago", byClass("ago")},
		{"title", byTag(atom.Title)},
		{"strong", byTag(atom.Strong)},
		{"small", byTag(atom.Small)},
		{"a", byTag(atom.A)},
		{`link[rel="canonical"]`, byTagAttr(atom.Link, "rel", "canonical")},
		{`link[type="application/atom+xml"]`, byTagAttr(atom.Link, "type", "application/atom+xml")},
		{`meta[name="issued"]`, byTagAttr(atom.Meta, "name", "issued")},
		{`meta[property="og:url"]`, byTagAttr(atom.Meta, "property", "og:url")},
		{"[data-unix-time]", byAttr("data-unix-time")},
		{"[data-datetime-unix]", byAttr("data-datetime-unix")},
		{".incident-title a", byTagInClass("incident-title", atom.A)},
	}
	files, _ := filepath.Glob("../testdata/parse/*/*.*html")
	if len(files) < 10 {
		t.Fatalf("only %d HTML fixtures found", len(files))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		in := &Input{Name: f, Data: data}
		if err := Prepare(in); err != nil || in.Kind != KindHTML {
			continue
		}
		doc, err := goquery.NewDocumentFromReader(bytes.NewReader(in.Data))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range pairs {
			want := doc.Find(p.css)
			got := doc.FindMatcher(p.m)
			if !sameNodes(want.Nodes, got.Nodes) {
				t.Errorf("%s: %q: CSS finds %d nodes, the matcher %d", filepath.Base(f), p.css, want.Length(), got.Length())
			}
			if first := findFirst(doc.Selection, p.m); !sameNodes(want.First().Nodes, first.Nodes) {
				t.Errorf("%s: %q: findFirst differs from First()", filepath.Base(f), p.css)
			}
			// Inside each matched block too (relative finds).
			doc.FindMatcher(byClass("incident-container")).Each(func(_ int, s *goquery.Selection) {
				if !sameNodes(s.Find(p.css).Nodes, s.FindMatcher(p.m).Nodes) {
					t.Errorf("%s: %q inside .incident-container differs", filepath.Base(f), p.css)
				}
			})
		}
	}
}

func sameNodes(a, b []*html.Node) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestHasClassToken(t *testing.T) {
	for _, c := range []struct {
		attr, class string
		want        bool
	}{
		{"update", "update", true},
		{"update font-regular", "update", true},
		{"font-regular update", "update", true},
		{"a\tupdate\nb", "update", true},
		{"update-row", "update", false},
		{"xupdate", "update", false},
		{"aaa", "aa", false},
		{"aaa aa", "aa", true},
		{"", "update", false},
		{"update", "", false},
	} {
		n := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div, Attr: []html.Attribute{{Key: "class", Val: c.attr}}}
		if got := hasClassToken(n, c.class); got != c.want {
			t.Errorf("hasClassToken(class=%q, %q) = %v, want %v", c.attr, c.class, got, c.want)
		}
	}
	text := &html.Node{Type: html.TextNode, Data: "update"}
	if hasClassToken(text, "update") {
		t.Error("a text node has no class")
	}
}

// TestTextExcept checks the texts the readers take with parts left out
// against goquery's Clone and Remove, which they replace.
func TestTextExcept(t *testing.T) {
	const page = `<div class="update"><strong>Resolved</strong> - This incident has been <b>resolved</b>.<br><small>Jan <span class="ago">2 days ago</span>12, 16:04 UTC</small><small>x</small></div>`
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	row := doc.Find(".update")
	body := row.Clone()
	body.Find("strong").First().Remove()
	body.Find("small").Remove()
	strong := row.Find("strong").Nodes[0]
	got := nodeTextExcept(row.Nodes[0], func(n *html.Node) bool {
		return n == strong || (n.Type == html.ElementNode && n.DataAtom == atom.Small)
	})
	if want := nodeText(body.Nodes[0]); got != want || !strings.Contains(got, "resolved.") || strings.Contains(got, "Jan") {
		t.Errorf("nodeTextExcept = %q, Clone/Remove gives %q", got, want)
	}
	small := row.Find("small").First()
	want := small.Clone().Find(".ago").Remove().End().Text()
	if got := rawText(small.Nodes[0], func(n *html.Node) bool { return hasClassToken(n, "ago") }); got != want || got != "Jan 12, 16:04 UTC" {
		t.Errorf("rawText = %q, Clone/Remove gives %q", got, want)
	}
}
