package parse

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/postmortem-dev/postmortem/parse/incident"
	"github.com/postmortem-dev/postmortem/parse/incident/when"
)

// sniff decides the container kind from the first bytes, in the manner of
// net/http's sniffer: JSON, then XML (feeds), then HTML, then text.
func sniff(data []byte) Kind {
	t := bytes.TrimLeft(data[:min(len(data), 4096)], " \t\r\n")
	if len(t) == 0 {
		return KindUnknown
	}
	switch t[0] {
	case '{', '[':
		if looksJSON(t) {
			return KindJSON
		}
		return KindText // "[Date Prev][Date Next]", "[2025-03-31 15:09 UTC]: ..."
	}
	lower := bytes.ToLower(t[:min(len(t), 1024)])
	switch {
	case bytes.HasPrefix(lower, []byte("<?xml")):
		if bytes.Contains(lower, []byte("<html")) || bytes.Contains(lower, []byte("<!doctype html")) {
			return KindHTML
		}
		return KindXML
	case bytes.HasPrefix(lower, []byte("<rss")), bytes.HasPrefix(lower, []byte("<feed")):
		return KindXML
	case bytes.HasPrefix(lower, []byte("<!doctype html")), bytes.HasPrefix(lower, []byte("<html")),
		bytes.HasPrefix(lower, []byte("<head")), bytes.HasPrefix(lower, []byte("<body")),
		bytes.HasPrefix(lower, []byte("<!--")) && bytes.Contains(lower, []byte("<html")),
		bytes.HasPrefix(lower, []byte("<div")), bytes.HasPrefix(lower, []byte("<meta")):
		return KindHTML
	}
	return KindText
}

// looksJSON reports whether t, which starts with '{' or '[', begins as JSON:
// its first tokens decode. A truncated document is still JSON; a text that
// opens with a bracketed label is not.
func looksJSON(t []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(t))
	for i := 0; i < 3; i++ {
		if _, err := dec.Token(); err != nil {
			return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
		}
	}
	return true
}

// weakOnly is implemented by generic readers that never claim a document
// more than Weak (plain postmortem text): Detect skips them when a reader
// already claims the document strongly, since they cannot tie with it.
type weakOnly interface{ WeakOnly() bool }

// fallbackOnly is implemented by the layout-agnostic reader: it is asked
// only when no other reader claims the document at all.
type fallbackOnly interface{ FallbackOnly() bool }

// Detect returns the reader that is most confident it reads in, whose Kind
// must already be set. A tie at the top is an *AmbiguousError; no reader at
// all is ErrUnknownFormat.
func Detect(in *Input) (Reader, error) {
	var best []Reader
	bestConf := No
	var weak, fallback []Reader
	consider := func(r Reader) {
		switch c := r.Detect(in); {
		case c == No:
		case c > bestConf:
			best, bestConf = []Reader{r}, c
		case c == bestConf:
			best = append(best, r)
		}
	}
	for _, r := range Readers() {
		if r.Kind() != in.Kind {
			continue
		}
		if f, ok := r.(fallbackOnly); ok && f.FallbackOnly() {
			fallback = append(fallback, r)
			continue
		}
		if w, ok := r.(weakOnly); ok && w.WeakOnly() {
			weak = append(weak, r) // asked only if nobody claims it strongly
			continue
		}
		consider(r)
	}
	if bestConf < Strong {
		for _, r := range weak {
			consider(r)
		}
	}
	if len(best) == 0 {
		for _, r := range fallback {
			consider(r)
		}
	}
	switch len(best) {
	case 0:
		return nil, fmt.Errorf("%s document: %w (see 'postmortem formats')", in.Kind, ErrUnknownFormat)
	case 1:
		return best[0], nil
	}
	names := make([]string, len(best))
	for i, r := range best {
		names[i] = r.Name()
	}
	sort.Strings(names)
	return nil, &AmbiguousError{Source: in.Name, Candidates: names}
}

// Prepare readies a raw document for detection: it rejects empty and
// binary input, removes containers (gzip, MHTML, BOM, fences), decodes
// UTF-16 and the legacy charset an HTML page declares, refuses this tool's
// own outputs (ErrOwnOutput) and sets in.Kind. Errors name the input.
func Prepare(in *Input) error {
	if len(bytes.TrimSpace(in.Data)) == 0 {
		return &Error{Source: in.Name, Err: ErrEmpty}
	}
	if err := unwrap(in); err != nil {
		return &Error{Source: in.Name, Err: err}
	}
	if what := ownOutput(in.Data); what != "" {
		return &Error{Source: in.Name, Err: &ownOutputError{what}}
	}
	if looksBinary(in.Data) {
		return &Error{Source: in.Name, Err: ErrBinary}
	}
	in.Kind = sniff(in.Data)
	if in.Kind == KindUnknown {
		return &Error{Source: in.Name, Err: ErrEmpty}
	}
	return nil
}

// Read unwraps in, detects its format and parses it. With a non-empty
// readerName it skips detection. Every returned incident carries its Source,
// has its updates sorted oldest first and its times in UTC.
//
// On failure the error names the input; partial results come back with a
// non-nil error (joined *Error values) and must be kept by the caller.
func Read(in *Input, readerName string) ([]incident.Incident, error) {
	if err := Prepare(in); err != nil {
		return nil, err
	}
	r, err := pick(in, readerName)
	if err != nil {
		var amb *AmbiguousError
		if errors.As(err, &amb) {
			return nil, err
		}
		return nil, &Error{Source: in.Name, Err: err}
	}
	incs, err := r.Parse(in)
	if in.Kind == KindText && len(incs) > 0 {
		keepUnplaced(sanitizeUTF8(in.Data), incs)
		// a text read in part is a result with warnings, never a failed
		// input: what could not be placed is kept as text (issue 10)
		if err != nil && !errors.Is(err, ErrNoIncidents) {
			incs[0].Warn("partial_read", err.Error())
			err = nil
		}
	}
	for i := range incs {
		inc := &incs[i]
		inc.Source = incident.Source{Path: in.Name, Reader: r.Name()}
		if inc.URL == "" && len(incs) == 1 && in.ContentLocation != "" {
			inc.URL = in.ContentLocation
		}
		if inc.Impact == "" {
			inc.Impact = incident.ImpactUnknown
		}
		inc.Vendor = strings.TrimSpace(strings.TrimRight(inc.Vendor, " |-–—:,"))
		inc.SortUpdates()
		if inc.Status == "" && len(inc.Updates) > 0 {
			inc.Status = inc.Updates[len(inc.Updates)-1].Status
		}
	}
	if err != nil && !isPositioned(err) {
		err = &Error{Source: in.Name, Err: err}
	}
	return incs, err
}

// pick chooses the reader: by name when given, else by detection, falling
// back from HTML no reader claims to the text readers on its visible text.
func pick(in *Input, name string) (Reader, error) {
	if name != "" {
		r, ok := Lookup(name)
		if !ok {
			return nil, fmt.Errorf("no reader named %q (see 'postmortem formats')", name)
		}
		if r.Kind() == KindText && in.Kind == KindHTML {
			in.Data, in.Kind = VisibleText(in.Data), KindText
		}
		return r, nil
	}
	r, err := Detect(in)
	if err != nil && in.Kind == KindJSON && errors.Is(err, ErrUnknownFormat) {
		// JSON no reader knows (an aggregator's export, an incident record):
		// its fields as "key: value" lines go to the text readers, so that
		// no document is thrown away for its container
		text := &Input{Name: in.Name, Kind: KindText, Data: jsonText(in.Data), Zone: in.Zone, Now: in.Now, ContentLocation: in.ContentLocation}
		if len(bytes.TrimSpace(text.Data)) == 0 || len(when.Scan(string(text.Data[:min(len(text.Data), 16384)]), when.Context{})) == 0 {
			return nil, err // no time at all: no incident record
		}
		r, terr := Detect(text)
		if terr != nil {
			return nil, err
		}
		*in = *text
		return r, nil
	}
	if err == nil || in.Kind != KindHTML || !errors.Is(err, ErrUnknownFormat) {
		return r, err
	}
	root, perr := in.document()
	if perr != nil {
		return nil, fmt.Errorf("html page no reader claims, and it cannot be parsed: %w", perr)
	}
	text := &Input{Name: in.Name, Kind: KindText, Data: []byte(nodeText(root)), Zone: in.Zone, Now: in.Now, ContentLocation: in.ContentLocation}
	r, terr := Detect(text)
	if terr != nil {
		return nil, fmt.Errorf("html page no reader claims, and its visible text: %w", terr)
	}
	*in = *text
	return r, nil
}

// isPositioned reports whether err already names its input.
func isPositioned(err error) bool {
	var pe *Error
	if errors.As(err, &pe) {
		return true
	}
	var amb *AmbiguousError
	return errors.As(err, &amb)
}

// Lines splits a text document into lines without line terminators,
// accepting \n, \r\n and \r.
func Lines(data []byte) []string {
	s := strings.ReplaceAll(string(data), "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Split(s, "\n")
}
