package parse

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// manyAttrPage is a well-formed page whose one <div> has n attributes
// with distinct keys, so that quickParse reads it.
func manyAttrPage(n int) []byte {
	var b bytes.Buffer
	b.Grow(n*9 + 200)
	b.WriteString("<!DOCTYPE html><html><head><title>t</title></head><body><div class=\"update-row\"")
	for i := range n {
		b.WriteString(" a")
		b.WriteString(strconv.Itoa(i))
		b.WriteString("=x")
	}
	b.WriteString(">Resolved</div></body></html>")
	return b.Bytes()
}

// repeatedRootPage is a page that html.Parse must build (a stray end
// tag), with n further <html> start tags each carrying a new attribute.
func repeatedRootPage(n int, tag string) []byte {
	var b bytes.Buffer
	b.WriteString("<!DOCTYPE html><html lang=en><head></head><body class=\"incident-updates-container\"></span>")
	for i := range n {
		fmt.Fprintf(&b, "<%s a%d=x>", tag, i)
	}
	b.WriteString("<p>text</p></body></html>")
	return b.Bytes()
}

// within fails t when fn has not returned after d: a bounded guard
// against a stall, not a timing of the work.
func within(t *testing.T, d time.Duration, what string, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("%s: still running after %v (quadratic?)", what, d)
	}
}

// TestManyAttributesLinear is issue 11 case 1: one tag with 200,000
// attributes, reached through detection (HasClass → class collection →
// quick parse) and through html.Parse for a page quickParse declines. The
// duplicate check of the start-tag lexer was a scan of the attributes so
// far (2·10^10 comparisons here, minutes); now it ends in a fraction of
// the guard.
func TestManyAttributesLinear(t *testing.T) {
	const n = 200_000
	page := manyAttrPage(n)
	cases := []struct {
		name string
		data []byte
	}{
		{"quick parse", page},
		{"html.Parse fallback", bytes.Replace(page, []byte("<body>"), []byte("<body></span>"), 1)},
	}
	var kept [][]html.Attribute // the div's attributes by each path
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			within(t, 20*time.Second, c.name, func() {
				in := &Input{Name: "attrs.html", Kind: KindHTML, Data: c.data}
				if !in.HasClass("update-row") {
					t.Errorf("class update-row not collected")
				}
				doc, err := in.document()
				if err != nil {
					t.Fatal(err)
				}
				div := byClass("update-row").MatchFirst(doc)
				if div == nil || len(div.Attr) != MaxAttributes {
					t.Fatalf("the div keeps %d attributes, want the first %d", len(div.Attr), MaxAttributes)
				}
				if v, _ := attrValue(div, "a998"); v != "x" {
					t.Errorf("attribute a998 = %q, want x", v)
				}
				kept = append(kept, div.Attr)
			})
		})
	}
	if len(kept) == 2 && !slices.Equal(kept[0], kept[1]) {
		t.Errorf("quickParse and html.Parse keep different attributes")
	}
}

// TestManyAttributesDuplicates checks that the map the lexer switches to
// past linearAttrs keeps the first of each key, in any letter case, as
// the tokenizer does, and that quickParse still builds html.Parse's tree.
func TestManyAttributesDuplicates(t *testing.T) {
	for _, n := range []int{linearAttrs - 1, linearAttrs, linearAttrs + 1, 3 * linearAttrs, 900} {
		var b strings.Builder
		b.WriteString("<div")
		for i := range n {
			fmt.Fprintf(&b, " a%d=%d", i, i)
		}
		// duplicates before, at and after the threshold, in upper case too
		fmt.Fprintf(&b, " a0=dup A%d=dup a%d=dup class=c CLASS=dup>", n/2, n-1)
		raw := []byte(b.String())
		var tag rawTag
		if !lexStartTag(raw, &tag) {
			t.Fatalf("n=%d: lexStartTag declined", n)
		}
		z := html.NewTokenizer(bytes.NewReader(raw))
		z.Next()
		tok := z.Token()
		if len(tag.attrs) != len(tok.Attr) {
			t.Fatalf("n=%d: %d attributes, tokenizer %d", n, len(tag.attrs), len(tok.Attr))
		}
		for i, a := range tok.Attr {
			if string(tag.attrs[i][0]) != a.Key || string(tag.attrs[i][1]) != a.Val {
				t.Fatalf("n=%d: attribute %d is %s=%s, tokenizer %s=%s", n, i, tag.attrs[i][0], tag.attrs[i][1], a.Key, a.Val)
			}
		}
		// the map of a big tag must not leak into the next, small one
		if !lexStartTag([]byte("<p a0=1 a0=2 b=3>"), &tag) || len(tag.attrs) != 2 {
			t.Fatalf("n=%d: the next tag has %d attributes, want 2", n, len(tag.attrs))
		}
		page := "<!DOCTYPE html><html><head></head><body>" + string(raw) + "x</div></body></html>"
		checkQuickParse(t, fmt.Sprintf("n=%d", n), []byte(page))
	}
}

// TestRepeatedRootTags is the html.Parse side of case 1: every later
// <html> or <body> start tag merges its attributes into the first, each
// time rebuilding a map of all of them, so 100,000 of them (1.3 MB) cost
// 10^10 steps. tameRootTags blanks those past the first maxRootTags.
func TestRepeatedRootTags(t *testing.T) {
	for _, tag := range []string{"html", "BODY"} {
		t.Run(tag, func(t *testing.T) {
			page := repeatedRootPage(100_000, tag)
			within(t, 20*time.Second, tag, func() {
				in := &Input{Name: "roots.html", Kind: KindHTML, Data: page}
				if !in.HasClass("incident-updates-container") {
					t.Errorf("class not collected")
				}
				doc, err := in.document()
				if err != nil {
					t.Fatal(err)
				}
				if got := nodeText(doc); !strings.Contains(got, "text") {
					t.Errorf("text lost: %q", got)
				}
				// the first maxRootTags root tags still merge (the page's
				// own <html> and <body> are two of them)
				root := byTag(atom.Html).MatchFirst(doc)
				if strings.EqualFold(tag, "body") {
					root = byTag(atom.Body).MatchFirst(doc)
				}
				if _, ok := attrValue(root, "a0"); !ok {
					t.Errorf("attribute a0 of an early <%s> not merged", tag)
				}
				if _, ok := attrValue(root, "a"+strconv.Itoa(maxRootTags+5)); ok {
					t.Errorf("attribute of a late <%s> merged", tag)
				}
			})
		})
	}
}

// TestTameRootTags checks the scan on its own: a page with few root tags
// comes back unchanged (the same slice), and past the limit only root
// tags with attributes are blanked, byte for byte.
func TestTameRootTags(t *testing.T) {
	page := []byte("<!DOCTYPE html><html lang=en><head></head><body class=x><p>a</p></body></html>")
	if got := tameRootTags(page); &got[0] != &page[0] {
		t.Errorf("an ordinary page was copied")
	}
	var b strings.Builder
	for range maxRootTags {
		b.WriteString("<html>")
	}
	b.WriteString(`<htmlx a=1><html a=">"><BODY><body/ b=2>z<html`)
	in := b.String()
	want := strings.Repeat("<html>", maxRootTags) + `<htmlx a=1>` + strings.Repeat(" ", len(`<html a=">">`)) +
		`<BODY>` + strings.Repeat(" ", len(`<body/ b=2>`)) + `z<html`
	if got := string(tameRootTags([]byte(in))); got != want {
		t.Errorf("tameRootTags:\n got %q\nwant %q", got, want)
	}
}

// BenchmarkManyAttributes reads a page whose one tag has 10k, 100k and
// 1M attributes through detection's parse; ns/attr stays flat when the
// cost is linear (it grew with n before: 50k attributes took 9 s).
func BenchmarkManyAttributes(b *testing.B) {
	for _, n := range []int{10_000, 100_000, 1_000_000} {
		page := manyAttrPage(n)
		b.Run(fmt.Sprintf("attrs=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(page)))
			for b.Loop() {
				in := &Input{Name: "attrs.html", Kind: KindHTML, Data: page}
				if !in.HasClass("update-row") {
					b.Fatal("class not collected")
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/attr")
		})
	}
}
