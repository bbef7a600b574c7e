package parse

import (
	"bytes"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// rawTag is one start tag as quickParse reads it from the tokenizer's raw
// bytes: the lower-case name and the attributes, keys lower-cased, first
// of each key kept.
type rawTag struct {
	name  []byte
	attrs [][2][]byte // key, value: slices of the raw bytes or of lowered
	lower []byte      // lower-cased copies, when the tag has upper case
	// seen holds the keys of attrs once a tag has more than
	// linearAttrs of them, so that the duplicate check stays constant
	// time per attribute: a tag with a million attributes (issue 11)
	// costs a million look-ups, not half a million million comparisons.
	seen map[string]struct{}
}

// MaxAttributes is how many attributes an element keeps: the first of
// each key, in the order the tag gives them, up to this many; the rest of
// the tag is read and its attributes dropped. Real tags have a handful;
// the cap keeps a hostile tag (a million attributes in 12 MB) from
// holding a gigabyte of DOM and from taxing every attribute lookup.
const MaxAttributes = 1000

// linearAttrs is how many attributes the duplicate check compares one by
// one; beyond it a map answers. Real tags have a handful.
const linearAttrs = 16

// lexStartTag reads the name and attributes of a start tag from its raw
// bytes ("<div class=x>"), exactly as x/net/html's Tokenizer does in
// readTag, readTagName, readTagAttrKey and readTagAttrVal, so that
// TagName and TagAttr need not be called: they copy every name, key and
// value to replace NUL bytes, two allocations more per attribute. ok is
// false when the tag needs what they do beyond slicing (a character
// reference or a carriage return to convert, a NUL to replace), and the
// caller uses TagName and TagAttr. FuzzLexStartTag compares the two.
func lexStartTag(raw []byte, t *rawTag) (ok bool) {
	if len(raw) < 2 || raw[0] != '<' || bytes.IndexByte(raw, '&') >= 0 ||
		bytes.IndexByte(raw, '\r') >= 0 || bytes.IndexByte(raw, 0) >= 0 {
		return false
	}
	t.attrs, t.lower = t.attrs[:0], t.lower[:0]
	if len(t.seen) > 4*linearAttrs {
		// clear costs the map's capacity: a map grown by one huge tag
		// would tax every later tag, so it is dropped instead
		t.seen = nil
	}
	clear(t.seen)
	l := tagLexer{b: raw, i: 1}
	// readTagName: the first byte is part of the name.
	start := l.i
	l.i++
	for l.i < len(l.b) {
		c := l.b[l.i]
		if isHTMLSpace(c) || c == '/' || c == '>' {
			break
		}
		l.i++
	}
	t.name = t.lowered(l.b[start:l.i])
	if l.i < len(l.b) && isHTMLSpace(l.b[l.i]) {
		l.i++ // the name's terminating white space is consumed
	}
	l.skipSpace()
	for l.i < len(l.b) {
		if l.b[l.i] == '>' {
			break
		}
		k0, k1 := l.key()
		v0, v1 := l.val()
		if k0 != k1 {
			key := t.lowered(l.b[k0:k1])
			if len(t.attrs) < MaxAttributes && !t.has(key) {
				t.add(key, l.b[v0:v1])
			}
		}
		l.skipSpace()
	}
	return true
}

// lowered returns s, or a lower-cased copy when s has upper case.
func (t *rawTag) lowered(s []byte) []byte {
	for _, c := range s {
		if 'A' <= c && c <= 'Z' {
			start := len(t.lower)
			for _, c := range s {
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				t.lower = append(t.lower, c)
			}
			return t.lower[start:len(t.lower):len(t.lower)]
		}
	}
	return s
}

// has reports whether the tag already has an attribute key; add records
// a new one. Up to linearAttrs keys a scan is cheapest; beyond, the keys
// go into a map, filled once when the tag crosses the threshold.
func (t *rawTag) has(key []byte) bool {
	if len(t.attrs) <= linearAttrs {
		for _, a := range t.attrs {
			if bytes.Equal(a[0], key) {
				return true
			}
		}
		return false
	}
	_, ok := t.seen[string(key)]
	return ok
}

func (t *rawTag) add(key, val []byte) {
	t.attrs = append(t.attrs, [2][]byte{key, val})
	switch n := len(t.attrs); {
	case n == linearAttrs+1:
		if t.seen == nil {
			t.seen = make(map[string]struct{}, 4*linearAttrs)
		}
		for _, a := range t.attrs {
			t.seen[string(a[0])] = struct{}{}
		}
	case n > linearAttrs+1:
		t.seen[string(key)] = struct{}{}
	}
}

// tagLexer walks the raw bytes of one tag.
type tagLexer struct {
	b []byte
	i int
}

func (l *tagLexer) skipSpace() {
	for l.i < len(l.b) && isHTMLSpace(l.b[l.i]) {
		l.i++
	}
}

// key is readTagAttrKey: an "=" first is part of the name.
func (l *tagLexer) key() (start, end int) {
	start = l.i
	for l.i < len(l.b) {
		switch c := l.b[l.i]; c {
		case '=':
			if l.i == start {
				l.i++
				continue
			}
			return start, l.i
		case ' ', '\n', '\r', '\t', '\f', '/', '>':
			return start, l.i
		}
		l.i++
	}
	return start, l.i
}

// val is readTagAttrVal.
func (l *tagLexer) val() (start, end int) {
	start, end = l.i, l.i
	l.skipSpace()
	if l.i >= len(l.b) {
		return start, end
	}
	c := l.b[l.i]
	l.i++
	if c == '/' {
		return start, end
	}
	if c != '=' {
		l.i--
		return start, end
	}
	l.skipSpace()
	if l.i >= len(l.b) {
		return l.i, l.i
	}
	quote := l.b[l.i]
	l.i++
	switch quote {
	case '>':
		l.i--
		return l.i, l.i
	case '\'', '"':
		start = l.i
		for l.i < len(l.b) {
			if l.b[l.i] == quote {
				l.i++
				return start, l.i - 1
			}
			l.i++
		}
		return start, l.i
	default:
		start = l.i - 1
		for l.i < len(l.b) {
			switch l.b[l.i] {
			case ' ', '\n', '\r', '\t', '\f':
				l.i++
				return start, l.i - 1
			case '>':
				return start, l.i
			}
			l.i++
		}
		return start, l.i
	}
}

// tagAttrs reads the current start tag's name and attributes from z:
// from its raw bytes when lexStartTag can, else with TagName and TagAttr.
func (b *builder) tagAttrs() (name []byte, attrs []html.Attribute) {
	b.attrBuf = b.attrBuf[:0]
	if lexStartTag(b.z.Raw(), &b.tag) {
		for _, a := range b.tag.attrs {
			b.attrBuf = append(b.attrBuf, html.Attribute{Key: atom.String(a[0]), Val: string(a[1])})
		}
		return b.tag.name, b.attrBuf
	}
	name, more := b.z.TagName()
	for more && len(b.attrBuf) < MaxAttributes {
		var k, v []byte
		k, v, more = b.z.TagAttr()
		b.attrBuf = append(b.attrBuf, html.Attribute{Key: atom.String(k), Val: string(v)})
	}
	return name, b.attrBuf
}
