package parse

import (
	"bytes"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// VisibleText returns the text a browser would show for an HTML document,
// one block element per line: script, style and head content are dropped,
// runs of white space inside a block fold to one space, and list items and
// table rows start new lines. Malformed HTML is read as far as it goes.
func VisibleText(data []byte) []byte {
	doc, err := parseHTML(data)
	if err != nil {
		return nil
	}
	return []byte(nodeText(doc))
}

// nodeText is VisibleText of an already parsed node and its descendants.
func nodeText(n *html.Node) string { return nodeTextExcept(n, nil) }

// nodeTextExcept is nodeText leaving out the descendants for which skip
// (when not nil) is true, with their own descendants: the text the node
// would show with them removed.
func nodeTextExcept(root *html.Node, skip func(*html.Node) bool) string {
	var b strings.Builder
	var line strings.Builder
	flush := func() {
		t := strings.TrimSpace(line.String())
		line.Reset()
		if t != "" {
			b.WriteString(t)
			b.WriteByte('\n')
		}
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if skip != nil && n != root && skip(n) {
			return
		}
		switch n.Type {
		case html.TextNode:
			writeFolded(&line, n.Data)
			return
		case html.ElementNode:
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Head, atom.Noscript, atom.Template, atom.Svg, atom.Iframe, atom.Object:
				return
			case atom.Br:
				flush()
				return
			}
		}
		block := n.Type == html.ElementNode && isBlock(n.DataAtom)
		if block {
			flush()
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if block {
			flush()
		}
	}
	walk(root)
	flush()
	return b.String()
}

// writeFolded appends s with every run of white space folded to one space.
func writeFolded(b *strings.Builder, s string) {
	space := b.Len() > 0 && strings.HasSuffix(b.String(), " ")
	for _, r := range s {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\u00a0' {
			if !space {
				b.WriteByte(' ')
				space = true
			}
			continue
		}
		b.WriteRune(r)
		space = false
	}
}

// rawText is goquery's Selection.Text of one node: the text of all its
// descendant text nodes as written, leaving out the descendants for which
// skip (when not nil) is true.
func rawText(root *html.Node, skip func(*html.Node) bool) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if skip != nil && n != root && skip(n) {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return b.String()
}

func isBlock(a atom.Atom) bool {
	switch a {
	case atom.Address, atom.Article, atom.Aside, atom.Blockquote, atom.Dd, atom.Details, atom.Div,
		atom.Dl, atom.Dt, atom.Fieldset, atom.Figcaption, atom.Figure, atom.Footer, atom.Form,
		atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Header, atom.Hr, atom.Li,
		atom.Main, atom.Nav, atom.Ol, atom.P, atom.Pre, atom.Section, atom.Summary, atom.Table,
		atom.Tbody, atom.Td, atom.Th, atom.Thead, atom.Tr, atom.Ul, atom.Body, atom.Html, atom.Title:
		return true
	}
	return false
}

// hasAttrToken reports whether some tag in data has an attribute attr
// (class, data-react-class) whose space-separated value includes token. It
// is a cheap detection test: bytes.Index finds each occurrence of token and
// a short backward walk checks that it sits in attr's quoted value, so the
// same word in CSS rules or text does not count.
func hasAttrToken(data []byte, attr, token string) bool {
	tok := []byte(token)
	for off := 0; off < len(data); {
		i := bytes.Index(data[off:], tok)
		if i < 0 {
			return false
		}
		i += off
		off = i + 1
		end := i + len(tok)
		if i == 0 || end >= len(data) || !valueSep(data[i-1]) || !valueSep(data[end]) {
			continue
		}
		if attrBefore(data, i, attr) {
			return true
		}
	}
	return false
}

// attrBefore reports whether position i of data lies in the quoted value
// of attribute attr: walking back it meets an opening quote, then '=',
// then the attribute name preceded by white space.
func attrBefore(data []byte, i int, attr string) bool {
	j := i - 1
	for j >= 0 && i-j < 4096 && data[j] != '"' && data[j] != '\'' && data[j] != '<' && data[j] != '>' {
		j--
	}
	if j < 0 || (data[j] != '"' && data[j] != '\'') {
		return false
	}
	k := skipSpaceBack(data, j-1)
	if k < 0 || data[k] != '=' {
		return false
	}
	k = skipSpaceBack(data, k-1)
	start := k + 1 - len(attr)
	if start < 1 || !bytes.EqualFold(data[start:k+1], []byte(attr)) {
		return false
	}
	return isHTMLSpace(data[start-1])
}

func skipSpaceBack(data []byte, k int) int {
	for k >= 0 && isHTMLSpace(data[k]) {
		k--
	}
	return k
}

func isHTMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

func valueSep(c byte) bool { return isHTMLSpace(c) || c == '"' || c == '\'' }

// HasClass reports whether some element of an HTML document has class in
// its class attribute. The document is parsed once, the first time a
// reader's Detect asks, and the DOM kept for the reader that then parses
// it (see document): detection costs no pass of its own.
func (in *Input) HasClass(class string) bool {
	_, _ = in.document()
	return in.classes[class] // none when the page cannot be parsed
}

// document returns the DOM of an HTML input (invalid UTF-8 replaced) and
// collects its class tokens; both are kept on in, so detection and the
// reader share one parse. The error, also kept, is html.Parse's for a
// page it refuses (nesting deeper than 512 elements).
func (in *Input) document() (*html.Node, error) {
	if in.doc == nil && in.docErr == nil {
		in.doc, in.classes, in.docErr = parseHTMLClasses(sanitizeUTF8(in.Data))
	}
	return in.doc, in.docErr
}

// goqueryDoc is document for the goquery-based readers.
func (in *Input) goqueryDoc() (*goquery.Document, error) {
	root, err := in.document()
	if err != nil {
		return nil, err
	}
	return goquery.NewDocumentFromNode(root), nil
}
