package parse

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/PuerkitoBio/goquery"

	"github.com/postmortem-dev/postmortem/parse/incident"
)

// hundHTML reads a Hund.io hosted status page (FORMATS.md §11). The only
// capture seen is all operational with an empty history, so the reader
// reports that page as "no incidents" and refuses history entries whose
// markup no saved page shows.
type hundHTML struct{}

func init() { Register(hundHTML{}) }

var _ Reader = hundHTML{}

func (hundHTML) Name() string { return "hund-html" }
func (hundHTML) Kind() Kind   { return KindHTML }

func (hundHTML) Markers() string {
	return "an <aside class='… state-bar'> with a <time distance_in_words> stamp, and component groups " +
		"(<section class='group'> with /components/<id> links) or a \"Powered By Hund.io\" link"
}

func (hundHTML) Description() string {
	return "Hund.io status page HTML (e.g. appsstatus.indeed.com); an empty history gives no incidents"
}

// Detect needs the state bar and its relative time stamp, plus either the
// component groups or Hund's attribution link.
func (hundHTML) Detect(in *Input) Confidence {
	head := in.Data[:min(len(in.Data), 16384)]
	if !bytes.Contains(head, []byte("state-bar")) || !bytes.Contains(head, []byte("distance_in_words")) {
		return No
	}
	groups := bytes.Contains(head, []byte("/components/")) && bytes.Contains(head, []byte("class='group'"))
	if groups || bytes.Contains(in.Data, []byte("//hund.io/")) {
		return Strong
	}
	return No
}

// Parse reads the page status, the component states and the history. An
// empty history is ErrNoIncidents, with the page status in the message.
func (hundHTML) Parse(in *Input) ([]incident.Incident, error) {
	doc, err := in.goqueryDoc()
	if err != nil {
		return nil, fieldErr(in, 0, "html", err)
	}
	status := strings.TrimSpace(doc.Find("aside.state-bar span.status").First().Text())
	var down []string
	items := doc.Find("section.group div.item")
	items.Each(func(_ int, s *goquery.Selection) {
		state := s.Find("span.state").First()
		if !state.HasClass("operational") {
			down = append(down, strings.TrimSpace(s.Find("span.name").First().Text()))
		}
	})
	events := doc.Find("section.history div.events")
	if events.Length() == 0 || events.HasClass("empty") {
		detail := fmt.Sprintf("page status %q, %d components", status, items.Length())
		if len(down) > 0 {
			detail += fmt.Sprintf(" (not operational: %s)", strings.Join(down, ", "))
		}
		return nil, fmt.Errorf("%w: %s, empty history", ErrNoIncidents, detail)
	}
	return nil, fieldErr(in, 0, "section.history div.events",
		fmt.Errorf("the page lists history events; reading their markup is not supported (no saved sample), page status %q", status))
}
