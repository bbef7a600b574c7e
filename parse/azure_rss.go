package parse

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/mmcdole/gofeed"

	"github.com/postmortem-dev/postmortem/parse/incident"
	"github.com/postmortem-dev/postmortem/parse/incident/when"
)

// azureRSS reads the Azure status RSS feed (FORMATS.md §10). The feed lists
// only active incidents, so most captures have no <item> at all.
type azureRSS struct{}

func init() { Register(azureRSS{}) }

var _ Reader = azureRSS{}

func (azureRSS) Name() string { return "azure-rss" }
func (azureRSS) Kind() Kind   { return KindXML }

func (azureRSS) Markers() string {
	return "RSS channel <title>Azure Status</title> or a channel <link> on status.azure.com"
}

func (azureRSS) Description() string {
	return "Azure status RSS (https://status.azure.com/en-gb/status/feed/); empty when nothing is active"
}

// Detect looks for the channel title or link in the first 4 KB.
func (azureRSS) Detect(in *Input) Confidence {
	head := in.Data[:min(len(in.Data), 4096)]
	if !bytes.Contains(head, []byte("<rss")) {
		return No
	}
	if bytes.Contains(head, []byte("<title>Azure Status</title>")) || bytes.Contains(head, []byte("://status.azure.com/")) {
		return Strong
	}
	return No
}

// Parse reads each <item> as one incident with a single update: the item
// carries a title, an HTML description and a pubDate, and no status.
func (azureRSS) Parse(in *Input) ([]incident.Incident, error) {
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(in.Data))
	if err != nil {
		return nil, fieldErr(in, 0, "feed", err)
	}
	vendor := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(feed.Title), " Status"))
	var incs []incident.Incident
	var errs []error
	for i, it := range feed.Items {
		if it == nil {
			continue
		}
		inc, err := azureIncident(in, i, it)
		inc.Vendor = vendor
		incs = append(incs, inc)
		if err != nil {
			errs = append(errs, err)
		}
	}
	if len(incs) == 0 {
		return nil, fmt.Errorf("%w: feed %q (built %s) lists no active incident", ErrNoIncidents, feed.Title, feed.Updated)
	}
	return incs, errors.Join(errs...)
}

// azureIncident maps one item: title, link (or guid), and one update whose
// body is the description's visible text and whose time is the pubDate.
func azureIncident(in *Input, i int, it *gofeed.Item) (incident.Incident, error) {
	inc := incident.Incident{Title: strings.TrimSpace(it.Title), Impact: incident.ImpactUnknown, Components: []string{}}
	inc.URL = strings.TrimSpace(it.Link)
	if inc.URL == "" && strings.HasPrefix(it.GUID, "http") {
		inc.URL = strings.TrimSpace(it.GUID)
	}
	if it.GUID != "" && !strings.HasPrefix(it.GUID, "http") {
		inc.ID = strings.TrimSpace(it.GUID)
	}
	desc := it.Description
	if strings.TrimSpace(desc) == "" {
		desc = it.Content
	}
	body := strings.TrimSpace(string(VisibleText([]byte(desc))))
	u := incident.Update{Status: incident.StatusUpdate, Body: body}
	pub := strings.TrimSpace(it.Published)
	var err error
	switch {
	case it.PublishedParsed != nil:
		u.At = it.PublishedParsed.UTC()
	case pub != "":
		u.Stamp = pub
		res, perr := when.Parse(pub, when.Context{Default: in.Zone})
		if perr != nil {
			err = fieldErr(in, 0, fmt.Sprintf("items[%d].pubDate", i), fmt.Errorf("%q: %w", pub, perr))
		}
		u.At = res.Time
	}
	if f := strings.Fields(pub); len(f) > 0 && !u.At.IsZero() {
		switch f[len(f)-1] {
		case "Z", "GMT", "UT", "UTC", "+0000":
			inc.Zone = "UTC"
		}
	}
	inc.Updates = []incident.Update{u}
	return inc, err
}
