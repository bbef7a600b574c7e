package pull

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"sort"
	"strings"
)

// Statuspage (Atlassian) pages publish /api/v2/summary.json (a "page"
// object with components and the unresolved incidents), incidents.json
// (the latest 50), scheduled-maintenances.json, history.atom, the
// /history?page=N pages (older incidents, three months a page) and one
// HTML page per incident, /incidents/<code>, which alone carries the
// postmortem. Fixture: testdata/pull/digitalocean, testdata/pull/github.

type statuspageProvider struct{}

func (statuspageProvider) probe() string { return "api/v2/summary.json" }

// recognise claims a summary: an object whose "page" has an id, with
// components or incidents. incident.io serves the same shape with ULID
// ids (incidentio.go).
func (statuspageProvider) recognise(body []byte) collector {
	var s struct {
		Page *struct {
			ID string `json:"id"`
		} `json:"page"`
		Components json.RawMessage `json:"components"`
		Incidents  json.RawMessage `json:"incidents"`
	}
	if json.Unmarshal(body, &s) != nil || s.Page == nil || s.Page.ID == "" || s.Components == nil && s.Incidents == nil {
		return nil
	}
	if isULID(s.Page.ID) {
		return incidentio{}
	}
	return statuspage{}
}

type statuspage struct{}

func (statuspage) name() string { return "Statuspage" }

// Version fields of an incident, kept in the metadata record of its page.
const (
	fieldUpdatedAt = "incident-updated-at" // updated_at in the API
	fieldFeed      = "feed-updated"        // <updated> of its feed entry
	fieldHistory   = "history-entry"       // digest of its /history entry
)

// versions maps an incident code to its version fields.
type versions map[string]map[string]string

func (v versions) set(code, field, value string) {
	if code == "" || strings.ContainsAny(code, "/?#") {
		return
	}
	if v[code] == nil {
		v[code] = map[string]string{}
	}
	if value != "" {
		v[code][field] = value
	}
}

func (statuspage) collect(ctx context.Context, j *job, summary *doc) {
	v := versions{}
	addAPI(v, summary.body)
	for _, p := range []string{"api/v2/incidents.json", "api/v2/scheduled-maintenances.json"} {
		if d := j.index(ctx, p, false); d != nil {
			addAPI(v, d.body)
		}
	}
	if d := j.index(ctx, "history.atom", false); d != nil {
		offHost := 0
		for _, e := range feedEntries(d.body) {
			u := j.abs(e.link)
			if !j.sameHost(u) {
				offHost++
				continue
			}
			if code, ok := strings.CutPrefix(u, j.abs("incidents/")); ok {
				v.set(code, fieldFeed, e.updated)
			}
		}
		if offHost > 0 {
			j.notef("%d feed links to other hosts not followed", offHost)
		}
	}
	j.history(ctx, v)
	j.incidentPages(ctx, v)
}

// index fetches an index document (optional: a 404 is no error) and
// archives it when it changed. It returns nil when there is none.
func (j *job) index(ctx context.Context, path string, html bool) *doc {
	d, err := j.fetch(ctx, j.abs(path), html)
	var he *HTTPError
	switch {
	case errors.As(err, &he) && (he.Status == http.StatusNotFound || he.Status == http.StatusGone):
		return nil
	case errors.Is(err, ErrRobots):
		j.notef("%v: not fetched", err)
		return nil
	case err != nil:
		j.errorf("%v", err)
		return nil
	}
	j.keep(d, nil)
	return d
}

// addAPI adds the incidents and maintenances of an API document.
func addAPI(v versions, body []byte) {
	var doc struct {
		Incidents    []apiIncident `json:"incidents"`
		Maintenances []apiIncident `json:"scheduled_maintenances"`
	}
	if json.Unmarshal(body, &doc) != nil {
		return
	}
	for _, in := range append(doc.Incidents, doc.Maintenances...) {
		v.set(in.ID, fieldUpdatedAt, in.UpdatedAt)
	}
}

type apiIncident struct {
	ID        string `json:"id"`
	UpdatedAt string `json:"updated_at"`
}

// historyProps finds the JSON of the React-rendered history page.
var historyProps = regexp.MustCompile(`<[^>]*data-react-class="HistoryIndex"[^>]*>`)
var propsAttr = regexp.MustCompile(`data-react-props="([^"]*)"`)

// historyEntries returns each incident code of a /history page with the
// digest of its entry.
func historyEntries(body []byte) map[string]string {
	tag := historyProps.Find(body)
	m := propsAttr.FindSubmatch(tag)
	if m == nil {
		return nil
	}
	var props struct {
		Months []struct {
			Incidents []json.RawMessage `json:"incidents"`
		} `json:"months"`
	}
	if json.Unmarshal([]byte(html.UnescapeString(string(m[1]))), &props) != nil {
		return nil
	}
	out := map[string]string{}
	for _, mo := range props.Months {
		for _, raw := range mo.Incidents {
			var in struct {
				Code string `json:"code"`
			}
			if json.Unmarshal(raw, &in) == nil && in.Code != "" {
				out[in.Code] = digest(raw)
			}
		}
	}
	return out
}

// history walks /history?page=1, 2, ... until a page lists no incident,
// or (on later runs) none the archive does not hold, or the page cap.
func (j *job) history(ctx context.Context, v versions) {
	for n := 1; n <= j.opt.MaxHistoryPages; n++ {
		d := j.index(ctx, fmt.Sprintf("history?page=%d", n), true)
		if d == nil {
			return
		}
		entries := historyEntries(d.body)
		news := false
		for code, h := range entries {
			v.set(code, fieldHistory, h)
			if j.st.Get(j.abs("incidents/"+code)) == nil {
				news = true
			}
		}
		if !news {
			return
		}
	}
}

// incidentPages fetches the page of every incident that is new or whose
// version changed since the archived copy.
func (j *job) incidentPages(ctx context.Context, v versions) {
	codes := make([]string, 0, len(v))
	for c := range v {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	gone := 0
	defer func() {
		if gone > 0 {
			j.notef("%d incident pages answer 404 or 410; recorded as gone, not asked for again until their incident changes", gone)
		}
	}()
	for _, code := range codes {
		if ctx.Err() != nil {
			j.errorf("%v", ctx.Err())
			return
		}
		u := j.abs("incidents/" + code)
		seen := j.st.Get(u)
		why := "new"
		if seen != nil {
			if !versionChanged(seen.Fields, v[code]) {
				continue
			}
			why = "changed"
		}
		if j.w == nil {
			j.planned(u, why)
			continue
		}
		d, err := j.fetch(ctx, u, true)
		var he *HTTPError
		switch {
		case errors.As(err, &he) && d.resp != nil && (he.Status == http.StatusNotFound || he.Status == http.StatusGone):
			gone++
			d.url, d.changed = d.resp.URL, j.differs(d.resp)
			j.keep(d, v[code])
		case errors.Is(err, ErrRobots):
			j.notef("%v: not fetched", err)
		case errors.Is(err, ErrRobotsUnreadable):
			j.errorf("%v", err) // once: the same for every page of the host
			return
		case err != nil:
			j.errorf("%v", err)
		default:
			j.keep(d, v[code])
		}
	}
}

// versionChanged reports whether an incident's version differs from the
// one archived with its page: no archived version, or a field both have
// with another value.
func versionChanged(old, now map[string]string) bool {
	if old == nil {
		return true
	}
	for k, val := range now {
		if o, ok := old[k]; ok && o != val {
			return true
		}
	}
	return false
}
