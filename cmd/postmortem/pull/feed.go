package pull

import (
	"bytes"
	"context"
	"encoding/xml"
	"html"
	"regexp"
	"strings"
)

// Any other status page: its HTML advertises a feed with <link
// rel="alternate" type="application/atom+xml"> (or rss+xml), and the
// feed is archived. The URL may also be the feed itself. Links to another
// host are not followed. Fixture: testdata/pull/streamyard.

// feedCollect reads the page (robots.txt applies) and archives its feed.
func feedCollect(ctx context.Context, j *job) {
	page, err := j.fetch(ctx, j.vendor, true)
	if err != nil {
		j.errorf("no Statuspage, Google Cloud, AWS or Slack API found, and the page itself failed: %v", err)
		return
	}
	if isFeed(page.body) {
		j.keep(page, nil)
		return
	}
	links, offHost := []string{}, 0
	for _, l := range feedLinks(page.body) {
		u := j.abs(l)
		if !j.sameHost(u) {
			offHost++
			continue
		}
		links = append(links, u)
	}
	if offHost > 0 {
		j.notef("%d feed links to other hosts not followed", offHost)
	}
	if len(links) == 0 {
		j.errorf("nothing to collect: no Statuspage, Google Cloud, AWS or Slack API, and the page advertises no feed on its host")
		return
	}
	d, err := j.fetch(ctx, links[0], false)
	switch {
	case err != nil:
		j.errorf("%v", err)
	case !isFeed(d.body):
		j.errorf("%s: advertised as a feed but is not Atom or RSS", links[0])
	default:
		j.keep(d, nil)
	}
}

// isFeed reports whether body is an Atom or RSS document.
func isFeed(body []byte) bool {
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.Strict = false
	for i := 0; i < 50; i++ {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se.Name.Local == "feed" || se.Name.Local == "rss" || se.Name.Local == "RDF"
		}
	}
	return false
}

var linkTag = regexp.MustCompile(`(?is)<link\b[^>]*>`)
var attr = regexp.MustCompile(`(?is)\b(rel|type|href)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)`)

// feedLinks returns the feed URLs a page advertises, Atom first.
func feedLinks(page []byte) []string {
	var atom, rss []string
	for _, tag := range linkTag.FindAll(page, -1) {
		a := map[string]string{}
		for _, m := range attr.FindAllSubmatch(tag, -1) {
			a[strings.ToLower(string(m[1]))] = html.UnescapeString(strings.Trim(string(m[2]), `"'`))
		}
		if !strings.Contains(strings.ToLower(a["rel"]), "alternate") || a["href"] == "" {
			continue
		}
		switch strings.ToLower(a["type"]) {
		case "application/atom+xml":
			atom = append(atom, a["href"])
		case "application/rss+xml":
			rss = append(rss, a["href"])
		}
	}
	return append(atom, rss...)
}

// entry is one feed entry: its link and when it was last updated.
type entry struct{ link, updated string }

// feedEntries reads the entries of an Atom or RSS feed.
func feedEntries(body []byte) []entry {
	var f struct {
		Entries []struct {
			Links []struct {
				Rel  string `xml:"rel,attr"`
				Href string `xml:"href,attr"`
			} `xml:"link"`
			Updated string `xml:"updated"`
		} `xml:"entry"`
		Items []struct {
			Link    string `xml:"link"`
			PubDate string `xml:"pubDate"`
		} `xml:"channel>item"`
	}
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.Strict = false
	if dec.Decode(&f) != nil {
		return nil
	}
	var out []entry
	for _, e := range f.Entries {
		for _, l := range e.Links {
			if l.Rel == "" || l.Rel == "alternate" {
				out = append(out, entry{strings.TrimSpace(l.Href), strings.TrimSpace(e.Updated)})
				break
			}
		}
	}
	for _, it := range f.Items {
		out = append(out, entry{strings.TrimSpace(it.Link), strings.TrimSpace(it.PubDate)})
	}
	return out
}
