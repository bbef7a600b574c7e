// Package parse reads vendor incident documents (status pages, feeds, API
// JSON, aggregator pages, postmortems) into incident.Incident values.
//
// Every reader is one file that registers itself from init. Which reader
// reads a document is decided by its content, never by its file name:
// Read unwraps containers (MHTML, gzip, BOM, junk around markup), sniffs the
// container kind, asks every reader of that kind how sure it is, and gives
// the document to the single most confident one (see detect.go).
package parse

import (
	"fmt"
	"slices"
	"sort"
	"sync"
	"time"

	"golang.org/x/net/html"

	"github.com/postmortem-dev/postmortem/parse/incident"
)

// Kind is the container kind of a document, decided by sniffing its bytes.
type Kind int

// Container kinds, in the order sniffing tries them (text is last).
const (
	KindUnknown Kind = iota
	KindJSON
	KindXML // Atom, RSS and other XML
	KindHTML
	KindText
)

func (k Kind) String() string {
	switch k {
	case KindJSON:
		return "json"
	case KindXML:
		return "xml"
	case KindHTML:
		return "html"
	case KindText:
		return "text"
	}
	return "unknown"
}

// Confidence is how sure a reader is that it can read a document.
type Confidence int

// Confidence levels. A reader returns No for documents it cannot read,
// Weak for the right container with generic marks, Strong for its own markers.
const (
	No     Confidence = 0
	Weak   Confidence = 1
	Strong Confidence = 2
)

// Input is one document to read.
type Input struct {
	// Name is the path (or archive!member, or "-") used in messages and Source.
	Name string
	// Kind is set by Read before readers are asked.
	Kind Kind
	// Data is the whole unwrapped document.
	Data []byte
	// Zone is the zone for times that carry none (--tz); nil means such
	// times are errors or warnings, never silently UTC.
	Zone *time.Location
	// Now is the reference instant for relative text ("2 days ago") when the
	// document states none; zero means unknown.
	Now time.Time
	// ContentLocation is the URL the document was saved from, when a
	// container (MHTML, WARC) says so.
	ContentLocation string

	classes map[string]bool // class tokens of an HTML document, see HasClass
	doc     *html.Node      // its DOM, see document
	docErr  error           // why it has none
}

// A Reader reads one document format into incidents.
type Reader interface {
	// Name is stable and kebab-case ("statuspage-html"): the --reader value,
	// the testdata directory name and Incident.Source.Reader.
	Name() string
	// Kind is the container kind the reader accepts.
	Kind() Kind
	// Markers describes, for `postmortem formats`, what Detect looks for.
	Markers() string
	// Detect says how sure the reader is that it reads in. It must be cheap.
	Detect(in *Input) Confidence
	// Parse reads the document. It returns the incidents it could build
	// together with any per-field errors (joined *Error values), and
	// ErrNoIncidents only when the document holds no incident at all.
	Parse(in *Input) ([]incident.Incident, error)
}

// Describer is implemented by readers that can name a real fixture and a
// one-line description for `postmortem formats` and the README.
type Describer interface {
	Description() string
}

var (
	regMu   sync.RWMutex
	readers = map[string]Reader{}
	sorted  []Reader // readers by name, built on first use after a Register
)

// Register adds a reader; it panics on a duplicate name. Call it from init.
func Register(r Reader) {
	regMu.Lock()
	defer regMu.Unlock()
	if _, dup := readers[r.Name()]; dup {
		panic(fmt.Sprintf("parse: reader %q registered twice", r.Name()))
	}
	readers[r.Name()] = r
	sorted = nil
}

// Lookup returns the reader with the given name.
func Lookup(name string) (Reader, bool) {
	regMu.RLock()
	defer regMu.RUnlock()
	r, ok := readers[name]
	return r, ok
}

// Readers returns every registered reader sorted by name. Detection asks
// for them once per document, so the sorted list is kept until the next
// Register; the caller gets its own copy.
func Readers() []Reader {
	regMu.RLock()
	out := sorted
	regMu.RUnlock()
	if out == nil {
		regMu.Lock()
		if sorted == nil {
			sorted = make([]Reader, 0, len(readers))
			for _, r := range readers {
				sorted = append(sorted, r)
			}
			sort.Slice(sorted, func(i, j int) bool { return sorted[i].Name() < sorted[j].Name() })
		}
		out = sorted
		regMu.Unlock()
	}
	return slices.Clone(out)
}
