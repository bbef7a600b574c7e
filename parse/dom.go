package parse

import (
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// match is a goquery.Matcher built from a Go predicate instead of a CSS
// selector. The HTML readers ask the same few questions of every page
// (".update-row", `link[rel="canonical"]`, ".incident-title a"); answered
// by cascadia each costs a general selector match per element, and on the
// batch benchmark the selectors took a quarter of a reader's time beside
// html.Parse. A predicate that compares an atom and scans one attribute
// does the same work for a fraction of that.
type match func(*html.Node) bool

// Match reports whether n matches.
func (m match) Match(n *html.Node) bool { return m(n) }

// MatchAll returns n and its descendants that match, in document order.
func (m match) MatchAll(n *html.Node) []*html.Node {
	var out []*html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if m(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

// MatchFirst returns the first of n and its descendants that matches, or
// nil; goquery.SingleMatcher uses it to stop there.
func (m match) MatchFirst(n *html.Node) *html.Node {
	if m(n) {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := m.MatchFirst(c); f != nil {
			return f
		}
	}
	return nil
}

// Filter returns the nodes that match.
func (m match) Filter(nodes []*html.Node) []*html.Node {
	var out []*html.Node
	for _, n := range nodes {
		if m(n) {
			out = append(out, n)
		}
	}
	return out
}

// findFirst is s.Find(selector).First() for a match: the first descendant
// of s, in document order, without walking the rest of the page.
func findFirst(s *goquery.Selection, m match) *goquery.Selection {
	return s.FindMatcher(goquery.SingleMatcher(m)).First()
}

// byClass matches elements whose class attribute includes class (".x").
func byClass(class string) match {
	return func(n *html.Node) bool { return hasClassToken(n, class) }
}

// byTag matches elements of one tag ("strong").
func byTag(a atom.Atom) match {
	return func(n *html.Node) bool { return n.Type == html.ElementNode && n.DataAtom == a }
}

// byTagAttr matches elements of one tag whose attribute key is value
// (`link[rel="canonical"]`).
func byTagAttr(a atom.Atom, key, value string) match {
	return func(n *html.Node) bool {
		if n.Type != html.ElementNode || n.DataAtom != a {
			return false
		}
		v, ok := attrValue(n, key)
		return ok && v == value
	}
}

// byAttr matches elements that have the attribute key ("[data-unix-time]").
func byAttr(key string) match {
	return func(n *html.Node) bool {
		_, ok := attrValue(n, key)
		return n.Type == html.ElementNode && ok
	}
}

// byTagInClass matches elements of one tag below an element with class
// (".incident-title a"). Like CSS, the ancestor may lie anywhere above.
func byTagInClass(class string, a atom.Atom) match {
	return func(n *html.Node) bool {
		if n.Type != html.ElementNode || n.DataAtom != a {
			return false
		}
		for p := n.Parent; p != nil; p = p.Parent {
			if hasClassToken(p, class) {
				return true
			}
		}
		return false
	}
}

// attrValue returns the value of n's attribute key (without namespace).
func attrValue(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// hasClassToken reports whether n is an element whose class attribute,
// split at HTML white space, includes class.
func hasClassToken(n *html.Node, class string) bool {
	if n.Type != html.ElementNode || class == "" {
		return false
	}
	v, ok := attrValue(n, "class")
	if !ok {
		return false
	}
	for off := 0; off < len(v); {
		i := strings.Index(v[off:], class)
		if i < 0 {
			return false
		}
		i += off
		end := i + len(class)
		if (i == 0 || isHTMLSpace(v[i-1])) && (end == len(v) || isHTMLSpace(v[end])) {
			return true
		}
		off = i + 1
	}
	return false
}
