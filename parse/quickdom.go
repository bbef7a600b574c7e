package parse

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// parseHTML returns the DOM of an HTML document: quickParse's when the
// document is well formed, html.Parse's otherwise. The error is
// html.Parse's: elements nested more than 512 deep.
func parseHTML(data []byte) (*html.Node, error) {
	doc, _, err := parseHTMLClasses(data)
	return doc, err
}

// parseHTMLClasses is parseHTML also returning the set of class tokens
// of the document's elements, which quickParse collects as it goes.
func parseHTMLClasses(data []byte) (*html.Node, map[string]bool, error) {
	if doc, classes, _, ok := quickParseWhy(data); ok {
		return doc, classes, nil
	}
	doc, err := html.Parse(bytes.NewReader(tameRootTags(data)))
	if err != nil {
		return nil, nil, err
	}
	classes := map[string]bool{}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if len(n.Attr) > MaxAttributes {
			n.Attr = n.Attr[:MaxAttributes:MaxAttributes] // as quickParse keeps them
		}
		if v, ok := attrValue(n, "class"); ok && n.Type == html.ElementNode {
			addClasses(classes, v)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return doc, classes, nil
}

// maxRootTags is how many <html> and <body> start tags (counted in the
// raw bytes, wherever they stand) html.Parse is given as they are. A page
// has one of each; html.Parse merges the attributes of every later one
// into the first, rebuilding a map of the first's attributes each time,
// so that 100,000 "<html aN=x>" (1 MB) would cost 10^10 steps. Past the
// limit, a root tag carrying attributes is blanked out (overwritten with
// spaces), which is what html.Parse does with it apart from the merge.
const maxRootTags = 16

// tameRootTags returns data with every <html> or <body> start tag that
// carries attributes, past the first maxRootTags root tags, overwritten
// with spaces (in a copy; data itself when there is nothing to blank). The
// scan knows no parsing mode, so it may also blank such a tag inside a
// script or comment; a page with more than 16 of them is hostile anyway.
// It is linear: each tag is lexed once and the scan resumes after it.
func tameRootTags(data []byte) []byte {
	out, seen, copied := data, 0, false
	for i := 0; ; {
		j := bytes.IndexByte(data[i:], '<')
		if j < 0 {
			return out
		}
		i += j + 1
		if len(data)-i < 5 || !isRootName(data[i:i+4]) {
			continue
		}
		switch data[i+4] {
		case ' ', '\n', '\t', '\f', '\r', '/', '>':
		default:
			continue
		}
		if seen++; seen <= maxRootTags {
			continue
		}
		end, attrs := lexTagEnd(data, i-1)
		if attrs > 0 {
			if !copied {
				out, copied = bytes.Clone(data), true
			}
			for k := i - 1; k < end; k++ {
				out[k] = ' '
			}
		}
		i = max(i, end)
	}
}

// isRootName reports whether b is "html" or "body" in any letter case.
func isRootName(b []byte) bool {
	return bytes.EqualFold(b, []byte("html")) || bytes.EqualFold(b, []byte("body"))
}

// lexTagEnd lexes the start tag at data[start] ('<') as the tokenizer
// does and returns the offset just after it and how many attributes (with
// a key) it has.
func lexTagEnd(data []byte, start int) (end, attrs int) {
	l := tagLexer{b: data, i: start + 2}
	for l.i < len(l.b) {
		if c := l.b[l.i]; isHTMLSpace(c) || c == '/' || c == '>' {
			break
		}
		l.i++
	}
	if l.i < len(l.b) && isHTMLSpace(l.b[l.i]) {
		l.i++
	}
	l.skipSpace()
	for l.i < len(l.b) && l.b[l.i] != '>' {
		k0, k1 := l.key()
		l.val()
		if k0 != k1 {
			attrs++
		}
		l.skipSpace()
	}
	if l.i < len(l.b) {
		l.i++ // the '>'
	}
	return l.i, attrs
}

// addClasses adds the white-space separated tokens of a class attribute
// to set. Looking up before storing keeps a repeated token free of an
// allocation.
func addClasses[T string | []byte](set map[string]bool, v T) {
	for len(v) > 0 {
		k := 0
		for k < len(v) && !isHTMLSpace(v[k]) {
			k++
		}
		if tok := v[:k]; k > 0 && !set[string(tok)] {
			set[string(tok)] = true
		}
		for k < len(v) && isHTMLSpace(v[k]) {
			k++
		}
		v = v[k:]
	}
}

// quickParse builds the DOM of a well-formed document straight from the
// tokenizer, without the HTML5 tree-construction algorithm; ok is false
// when the document needs that algorithm, and the caller then uses
// html.Parse.
//
// html.Parse pays for insertion modes, implied tags, misnesting repair
// and foster parenting on every page, and about half its time goes to
// building the tree rather than tokenizing. A status page written by a
// program needs none of that: every element is closed where it was
// opened. quickParse accepts only such a page (an explicit <html> with
// <head> then <body>; every end tag closes the innermost open element, or
// ordinary inline elements left open inside it; no element that html.Parse
// would close, move or rebuild on the way; SVG renamed as html.Parse
// renames it), and for it builds the tree html.Parse builds, so the
// readers see the same nodes, attributes and text. FuzzQuickParse checks
// that on every input quickParse accepts. Anything else, from a stray
// </div> to a table without <tbody>, returns ok false.
func quickParse(data []byte) (doc *html.Node, ok bool) {
	doc, _, _, ok = quickParseWhy(data)
	return doc, ok
}

// quickParseWhy is quickParse also returning the class tokens of the
// document and, when it declines, the token it stopped at.
func quickParseWhy(data []byte) (doc *html.Node, classes map[string]bool, declined string, ok bool) {
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, nil, "NUL", false // dropped or replaced by the parser, by context
	}
	if hasMath(data) {
		// Decided before building: a <math> late in a page would
		// otherwise cost a quick parse and a full one.
		return nil, nil, "<math>", false
	}
	b := &builder{z: html.NewTokenizer(bytes.NewReader(data)), sizeHint: bytes.Count(data, []byte("<"))*3/2 + 1, classes: map[string]bool{}}
	b.doc = b.node(html.DocumentNode, "", 0)
	defer func() {
		if r := recover(); r != nil { // a builder bug must not cost the document
			doc, classes, declined, ok = nil, nil, fmt.Sprint("panic: ", r), false
		}
	}()
	if !b.run() {
		return nil, nil, b.declined, false
	}
	return b.doc, b.classes, "", true
}

// hasMath reports whether data may hold a <math> element (in any letter
// case), which quickParse declines.
func hasMath(data []byte) bool {
	for i := bytes.IndexByte(data, '<'); i >= 0 && i+5 <= len(data); {
		if bytes.EqualFold(data[i+1:i+5], []byte("math")) {
			return true
		}
		j := bytes.IndexByte(data[i+1:], '<')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

// builder phases: where in the page the next token is.
const (
	beforeHTML = iota
	beforeHead
	inHead
	afterHead
	inBody
	afterBody
	afterHTML
)

type builder struct {
	z      *html.Tokenizer
	doc    *html.Node
	stack  []*html.Node // open elements; stack[0] is <html> once opened
	phase  int
	body   *html.Node
	dropLF bool
	// declined is the token quickParse stopped at, for tests.
	declined string
	slab     []html.Node
	sizeHint int              // nodes expected, for each slab (attributes: a third)
	attrs    []html.Attribute // slab the attribute lists are cut from
	attrBuf  []html.Attribute // the tag being read
	blanks   map[string]string
	classes  map[string]bool // class tokens seen
	tag      rawTag
}

// node allocates a node from a slab: a page has thousands, and one
// allocation for all of them is cheaper than one each. Slabs are sized
// from the page: 1.5 nodes per '<' (Statuspage pages have about 1.4).
func (b *builder) node(t html.NodeType, data string, a atom.Atom) *html.Node {
	if len(b.slab) == cap(b.slab) {
		b.slab = make([]html.Node, 0, max(b.sizeHint, 64))
	}
	b.slab = append(b.slab, html.Node{Type: t, Data: data, DataAtom: a})
	return &b.slab[len(b.slab)-1]
}

// attrList copies a tag's attributes into the attribute slab; the list's
// capacity is its length, so appending to it cannot touch its neighbours.
func (b *builder) attrList(list []html.Attribute) []html.Attribute {
	if cap(b.attrs)-len(b.attrs) < len(list) {
		b.attrs = make([]html.Attribute, 0, max(b.sizeHint/3, 64, len(list)))
	}
	start := len(b.attrs)
	b.attrs = append(b.attrs, list...)
	return b.attrs[start:len(b.attrs):len(b.attrs)]
}

func (b *builder) top() *html.Node {
	if len(b.stack) == 0 {
		return b.doc
	}
	return b.stack[len(b.stack)-1]
}

// run reads every token; false means the page is not one quickParse
// builds exactly.
func (b *builder) run() bool {
	for {
		tt := b.z.Next()
		lf := b.dropLF // html.Parse drops a newline only right after the tag
		b.dropLF = false
		var ok bool
		switch tt {
		case html.ErrorToken:
			return b.z.Err() == io.EOF && (b.phase == afterBody && len(b.stack) == 1 || b.phase == afterHTML)
		case html.TextToken:
			ok = b.text(b.z.Text(), lf)
		case html.CommentToken:
			parent := b.top()
			switch b.phase {
			case afterBody:
				parent = b.stack[0]
			case afterHTML:
				parent = b.doc
			}
			parent.AppendChild(b.node(html.CommentNode, string(b.z.Text()), 0))
			ok = true
		case html.DoctypeToken:
			// Only first in the document; html.Parse ignores it elsewhere.
			if ok = b.phase == beforeHTML && b.doc.FirstChild == nil; ok {
				b.doc.AppendChild(b.node(html.DoctypeNode, string(b.z.Text()), 0))
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			ok = b.start(tt == html.SelfClosingTagToken) // HTML elements ignore the "/>"
		case html.EndTagToken:
			ok = b.end()
		}
		if !ok {
			b.declined = string(b.z.Raw())
			return false
		}
	}
}

// text places a text token where html.Parse does: outside <head> and
// <body> only white space is allowed; it is dropped before <head>, kept
// in <html> between </head> and <body>, and kept in <body> after </body>.
func (b *builder) text(t []byte, dropLF bool) bool {
	if dropLF {
		t = bytes.TrimPrefix(t, []byte("\n"))
	}
	if len(t) == 0 {
		return true
	}
	blank := isBlank(t)
	parent := b.top()
	switch b.phase {
	case beforeHTML, beforeHead:
		return blank
	case inHead:
		if !blank && parent.DataAtom == atom.Head {
			return false
		}
	case afterHead:
		if !blank {
			return false
		}
	case inBody:
		if !blank && inTableContext(parent) {
			return false // foster parenting
		}
	case afterBody, afterHTML:
		if !blank {
			return false
		}
		parent = b.body
	}
	if last := parent.LastChild; last != nil && last.Type == html.TextNode {
		last.Data += string(t)
		return true
	}
	parent.AppendChild(b.node(html.TextNode, b.str(t, blank), 0))
	return true
}

// str returns t as a string, sharing one copy of each run of white space
// between tags ("\n    "): a page repeats a few dozen of them thousands
// of times.
func (b *builder) str(t []byte, blank bool) string {
	if !blank || len(t) > 64 {
		return string(t)
	}
	if s, ok := b.blanks[string(t)]; ok {
		return s
	}
	if b.blanks == nil {
		b.blanks = make(map[string]string)
	}
	s := string(t)
	b.blanks[s] = s
	return s
}

func isBlank(t []byte) bool {
	for _, c := range t {
		if !isHTMLSpace(c) {
			return false
		}
	}
	return true
}

// maxDepth is html.Parse's limit on open elements; deeper, it fails.
const maxDepth = 512

// start places a start tag.
func (b *builder) start(selfClosing bool) bool {
	if len(b.stack) >= maxDepth {
		return false // html.Parse reports the nesting as an error
	}
	name, attrs := b.tagAttrs()
	a := atom.Lookup(name)
	data := a.String()
	if a == 0 {
		data = string(name)
	}
	n := b.node(html.ElementNode, data, a)
	if len(attrs) > 0 {
		for _, at := range attrs {
			if at.Key == "class" {
				addClasses(b.classes, at.Val)
			}
		}
		n.Attr = b.attrList(attrs)
	}
	if b.top().Namespace == "svg" || a == atom.Svg {
		return b.phase == inBody && b.placeSVG(n, selfClosing)
	}
	if isFormatting(a) {
		// html.Parse sorts the attributes of HTML formatting elements
		// (not of an SVG <a>).
		slices.SortFunc(n.Attr, func(x, y html.Attribute) int {
			return cmp.Or(cmp.Compare(x.Namespace, y.Namespace), cmp.Compare(x.Key, y.Key), cmp.Compare(x.Val, y.Val))
		})
	}
	return b.place(n, a)
}

// place puts element n where html.Parse would, or reports that it cannot
// tell.
func (b *builder) place(n *html.Node, a atom.Atom) bool {
	switch b.phase {
	case beforeHTML:
		if a != atom.Html {
			return false
		}
		b.doc.AppendChild(n)
		b.stack = append(b.stack, n)
		b.phase = beforeHead
		return true
	case beforeHead:
		if a != atom.Head {
			return false
		}
		b.push(n)
		b.phase = inHead
		return true
	case inHead:
		switch a {
		case atom.Meta, atom.Link, atom.Base, atom.Basefont, atom.Bgsound:
			b.top().AppendChild(n)
			return true
		case atom.Title, atom.Style, atom.Script, atom.Noscript, atom.Noframes:
			b.push(n)
			return true
		}
		return false
	case afterHead:
		if a != atom.Body {
			return false
		}
		b.push(n)
		b.body = n
		b.phase = inBody
		return true
	case inBody:
		return b.placeInBody(n, a)
	}
	return false
}

// placeInBody places an element inside <body>, declining every case in
// which html.Parse would not simply append it to the innermost open
// element.
func (b *builder) placeInBody(n *html.Node, a atom.Atom) bool {
	switch a {
	case atom.Math:
		return false // MathML: see placeSVG for what foreign content needs
	case atom.Html, atom.Head, atom.Body, atom.Frameset, atom.Frame, atom.Template,
		atom.Image,
		atom.Rb, atom.Rp, atom.Rt, atom.Rtc, atom.Nobr, atom.Plaintext, atom.Caption,
		atom.Colgroup, atom.Col, atom.Dialog, atom.Search, atom.Menuitem:
		return false
	case 0:
		if strings.EqualFold(n.Data, "isindex") {
			return false
		}
	}
	top := b.top()
	tablePart := a == atom.Tbody || a == atom.Thead || a == atom.Tfoot || a == atom.Tr || a == atom.Td || a == atom.Th
	if (inTableContext(top) || tablePart) && !tableChild(top.DataAtom, a) {
		return false // html.Parse moves, ignores or implies elements here
	}
	if closesP(a) && b.open(atom.P) {
		return false
	}
	switch a {
	case atom.Li:
		if b.openWithin(atom.Li, atom.Ul, atom.Ol, atom.Menu) {
			return false
		}
	case atom.Dd, atom.Dt:
		if b.openWithin(atom.Dd, atom.Dl) || b.openWithin(atom.Dt, atom.Dl) {
			return false
		}
	case atom.Option, atom.Optgroup:
		if impliesEnd(top.DataAtom) && (a == atom.Optgroup || top.DataAtom != atom.Optgroup) {
			return false // html.Parse closes it first
		}
	case atom.A, atom.Form, atom.Button, atom.Select:
		if b.open(a) {
			return false // html.Parse closes the open one, or ignores the tag
		}
	case atom.Input, atom.Hr:
		if b.open(atom.Select) {
			return false // html.Parse closes the <select>, or its <option>
		}
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		if isHeading(top.DataAtom) {
			return false
		}
	case atom.Pre, atom.Listing, atom.Textarea:
		b.dropLF = true
	}
	if isVoid(a) {
		top.AppendChild(n)
	} else {
		b.push(n)
	}
	return true
}

// placeSVG places an SVG element: <svg> in HTML content, or any element
// inside it, as html.Parse does: in the "svg" namespace, with SVG's camel
// case restored to tag and attribute names (clippath → clipPath, viewbox
// → viewBox), xlink:href and the like namespaced, and no raw text inside
// (an SVG <title> or <style> holds markup). It declines what makes
// html.Parse leave SVG content: an HTML tag such as <div> inside it,
// markup in an SVG <title> or <desc>, and <foreignObject>.
func (b *builder) placeSVG(n *html.Node, selfClosing bool) bool {
	top := b.top()
	if top.Namespace == "svg" {
		if svgBreakout[n.Data] || n.DataAtom == atom.Font || top.Data == "title" || top.Data == "desc" {
			return false
		}
		if name, ok := svgTagNames[n.Data]; ok {
			if name == "foreignObject" {
				return false
			}
			n.Data, n.DataAtom = name, atom.Lookup([]byte(name))
		}
		b.z.NextIsNotRawText()
	} else if inTableContext(top) {
		return false // foster parenting
	}
	n.Namespace = "svg"
	for i, at := range n.Attr {
		if name, ok := svgAttrNames[at.Key]; ok {
			n.Attr[i].Key = name
		}
		switch at.Key {
		case "xlink:actuate", "xlink:arcrole", "xlink:href", "xlink:role", "xlink:show",
			"xlink:title", "xlink:type", "xml:lang", "xml:space", "xmlns:xlink":
			ns, k, _ := strings.Cut(at.Key, ":")
			n.Attr[i].Namespace, n.Attr[i].Key = ns, k
		}
	}
	if selfClosing {
		top.AppendChild(n)
	} else {
		b.push(n)
	}
	return true
}

func (b *builder) push(n *html.Node) {
	b.top().AppendChild(n)
	b.stack = append(b.stack, n)
}

// open reports whether an element a is open.
func (b *builder) open(a atom.Atom) bool {
	for _, n := range b.stack {
		if n.DataAtom == a {
			return true
		}
	}
	return false
}

// openWithin reports whether an element a is open inside the innermost
// open element of the kinds in container.
func (b *builder) openWithin(a atom.Atom, container ...atom.Atom) bool {
	for i := len(b.stack) - 1; i >= 0; i-- {
		d := b.stack[i].DataAtom
		if d == a {
			return true
		}
		for _, c := range container {
			if d == c {
				return false
			}
		}
	}
	return false
}

// end closes the innermost open element of the end tag's name, and the
// elements opened inside it that were never closed, when those are
// ordinary phrasing elements (the <span> in Statuspage's
// <a><span class="icon"></a>): html.Parse then pops them too and never
// re-opens them. Anything else is declined.
func (b *builder) end() bool {
	name, _ := b.z.TagName()
	i := len(b.stack) - 1
	for ; i >= 0 && !sameTag(b.stack[i], name); i-- {
		if b.phase != inBody || !isOrdinary(b.stack[i]) {
			return false
		}
	}
	if i < 0 {
		return false
	}
	n := b.stack[i]
	if isVoid(n.DataAtom) || (n.DataAtom == atom.Form && i != len(b.stack)-1) {
		return false // </br> is a <br>; </form> takes the form out of the stack
	}
	switch {
	case b.phase == inHead:
		if n.DataAtom == atom.Head {
			b.phase = afterHead
		}
	case b.phase == inBody:
		if n.DataAtom == atom.Body {
			if i != len(b.stack)-1 {
				return false // html.Parse keeps the open elements open
			}
			b.phase = afterBody
		}
	case b.phase == afterBody && n.DataAtom == atom.Html:
		b.phase = afterHTML
	default:
		return false
	}
	b.stack = b.stack[:i]
	return true
}

// sameTag reports whether an end tag's name closes n: exactly for HTML,
// without case for SVG (</clippath> closes clipPath).
func sameTag(n *html.Node, name []byte) bool {
	if n.Namespace != "" {
		return strings.EqualFold(n.Data, string(name))
	}
	return n.Data == string(name)
}

// isOrdinary reports whether html.Parse closes n without trace when an
// end tag closes an element around it: neither in the HTML5 "special"
// category nor a formatting element (which it would re-open later).
func isOrdinary(n *html.Node) bool {
	return n.Type == html.ElementNode && n.Namespace == "" && !isSpecial(n.DataAtom) && !isFormatting(n.DataAtom)
}

// isSpecial reports whether a is in HTML5's "special" category.
func isSpecial(a atom.Atom) bool {
	switch a {
	case atom.Address, atom.Applet, atom.Area, atom.Article, atom.Aside, atom.Base, atom.Basefont,
		atom.Bgsound, atom.Blockquote, atom.Body, atom.Br, atom.Button, atom.Caption, atom.Center,
		atom.Col, atom.Colgroup, atom.Dd, atom.Details, atom.Dir, atom.Div, atom.Dl, atom.Dt,
		atom.Embed, atom.Fieldset, atom.Figcaption, atom.Figure, atom.Footer, atom.Form, atom.Frame,
		atom.Frameset, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Head, atom.Header,
		atom.Hgroup, atom.Hr, atom.Html, atom.Iframe, atom.Img, atom.Input, atom.Keygen, atom.Li,
		atom.Link, atom.Listing, atom.Main, atom.Marquee, atom.Menu, atom.Meta, atom.Nav,
		atom.Noembed, atom.Noframes, atom.Noscript, atom.Object, atom.Ol, atom.P, atom.Param,
		atom.Plaintext, atom.Pre, atom.Script, atom.Search, atom.Section, atom.Select, atom.Source,
		atom.Style, atom.Summary, atom.Table, atom.Tbody, atom.Td, atom.Template, atom.Textarea,
		atom.Tfoot, atom.Th, atom.Thead, atom.Title, atom.Tr, atom.Track, atom.Ul, atom.Wbr, atom.Xmp:
		return true
	}
	return false
}

// inTableContext reports whether n is an element in which html.Parse
// moves text and most elements out (foster parenting).
func inTableContext(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Table, atom.Tbody, atom.Thead, atom.Tfoot, atom.Tr:
		return n.Namespace == ""
	}
	return false
}

// tableChild reports whether a is an element html.Parse keeps as a child
// of parent inside a table: sections in <table>, rows in sections, cells
// in rows. A row straight in <table> gets an implied <tbody>.
func tableChild(parent, a atom.Atom) bool {
	switch parent {
	case atom.Table:
		return a == atom.Tbody || a == atom.Thead || a == atom.Tfoot
	case atom.Tbody, atom.Thead, atom.Tfoot:
		return a == atom.Tr
	case atom.Tr:
		return a == atom.Td || a == atom.Th
	}
	return false
}

func isHeading(a atom.Atom) bool {
	switch a {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	}
	return false
}

// impliesEnd reports whether html.Parse closes an open a without an end
// tag when some start tags arrive ("generate implied end tags").
func impliesEnd(a atom.Atom) bool {
	switch a {
	case atom.Dd, atom.Dt, atom.Li, atom.Optgroup, atom.Option, atom.P, atom.Rb, atom.Rp, atom.Rt, atom.Rtc:
		return true
	}
	return false
}

func isFormatting(a atom.Atom) bool {
	switch a {
	case atom.A, atom.B, atom.Big, atom.Code, atom.Em, atom.Font, atom.I, atom.Nobr, atom.S,
		atom.Small, atom.Strike, atom.Strong, atom.Tt, atom.U:
		return true
	}
	return false
}

func isVoid(a atom.Atom) bool {
	switch a {
	case atom.Area, atom.Base, atom.Br, atom.Col, atom.Embed, atom.Hr, atom.Img, atom.Input,
		atom.Keygen, atom.Link, atom.Meta, atom.Param, atom.Source, atom.Track, atom.Wbr,
		atom.Basefont, atom.Bgsound:
		return true
	}
	return false
}

// closesP reports whether a start tag a closes an open <p> in html.Parse.
func closesP(a atom.Atom) bool {
	switch a {
	case atom.Address, atom.Article, atom.Aside, atom.Blockquote, atom.Center, atom.Details,
		atom.Dialog, atom.Dir, atom.Div, atom.Dl, atom.Fieldset, atom.Figcaption, atom.Figure,
		atom.Footer, atom.Header, atom.Hgroup, atom.Main, atom.Menu, atom.Nav, atom.Ol, atom.P,
		atom.Search, atom.Section, atom.Summary, atom.Ul, atom.H1, atom.H2, atom.H3, atom.H4,
		atom.H5, atom.H6, atom.Pre, atom.Listing, atom.Form, atom.Li, atom.Dd, atom.Dt,
		atom.Plaintext, atom.Table, atom.Hr, atom.Xmp:
		return true
	}
	return false
}
