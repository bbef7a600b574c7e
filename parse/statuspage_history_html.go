package parse

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/postmortem-dev/postmortem/parse/incident"
	"github.com/postmortem-dev/postmortem/parse/incident/when"
)

// statuspageHistoryHTML reads the React-rendered Atlassian Statuspage
// /history page (shared/corpus/FORMATS.md §3): all data is the
// HTML-escaped JSON in the data-react-props attribute of the element with
// data-react-class="HistoryIndex". Of it this reader uses page_status.page
// (name, domain, time_zone) and months[] (name, year, incidents[]), each
// incident {"code", "name", "message" (last update body), "impact",
// "timestamp"}, where timestamp is a range of update times with <var> tags
// and no year: "Aug 26, 23:37 - Aug 27, 19:44 UTC" or, same day, "Aug 27,
// 10:04 - 12:12 UTC". The year comes from the month object; the range end
// is placed at the first matching date on or after its start (anchor:
// start + 362 days, as the engine picks the latest instant not after its
// anchor + 48h).
//
// The page says nothing else about an incident's timeline, so an incident
// gets two updates of unknown status: the range start (first update, empty
// body) and the range end (last update, body = message). A page whose
// months are all empty is ErrNoIncidents. The older server-rendered
// history markup (.months-container) is not read: no saved example exists.
type statuspageHistoryHTML struct{}

func init() { Register(statuspageHistoryHTML{}) }

var _ Reader = statuspageHistoryHTML{}

func (statuspageHistoryHTML) Name() string { return "statuspage-history-html" }
func (statuspageHistoryHTML) Kind() Kind   { return KindHTML }
func (statuspageHistoryHTML) Markers() string {
	return `an element with data-react-class="HistoryIndex" (Statuspage /history page)`
}

func (statuspageHistoryHTML) Description() string {
	return "Atlassian Statuspage /history page HTML with React props JSON (testdata/parse/statuspage-history-html/constructed-history-three-incidents.html)"
}

func (statuspageHistoryHTML) Detect(in *Input) Confidence {
	if hasAttrToken(in.Data, "data-react-class", "HistoryIndex") {
		return Strong
	}
	return No
}

// sphistProps is the part of the HistoryIndex props this reader uses.
type sphistProps struct {
	PageStatus struct {
		Page struct {
			Name      string `json:"name"`
			Subdomain string `json:"subdomain"`
			Domain    string `json:"domain"`
			TimeZone  string `json:"time_zone"`
		} `json:"page"`
	} `json:"page_status"`
	Months []struct {
		Name      string           `json:"name"`
		Year      int              `json:"year"`
		Incidents []sphistIncident `json:"incidents"`
	} `json:"months"`
}

type sphistIncident struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	Message   string `json:"message"`
	Impact    string `json:"impact"`
	Timestamp string `json:"timestamp"`
}

func (statuspageHistoryHTML) Parse(in *Input) ([]incident.Incident, error) {
	doc, err := in.goqueryDoc()
	if err != nil {
		return nil, fieldErr(in, 0, "", err)
	}
	raw, ok := doc.Find(`[data-react-class="HistoryIndex"]`).First().Attr("data-react-props")
	if !ok {
		return nil, fieldErr(in, 0, "data-react-props", errors.New("no HistoryIndex element with props"))
	}
	var props sphistProps
	if err := json.Unmarshal([]byte(raw), &props); err != nil {
		return nil, fieldErr(in, 0, "data-react-props", err)
	}
	page := props.PageStatus.Page
	host := page.Domain
	if host == "" && page.Subdomain != "" {
		host = page.Subdomain + ".statuspage.io"
	}
	var incs []incident.Incident
	var errs []error
	for i, m := range props.Months {
		month, err := time.Parse("January", m.Name)
		if err != nil || m.Year < 1970 || m.Year > 9999 {
			errs = append(errs, fieldErr(in, 0, fmt.Sprintf("months[%d]", i), fmt.Errorf("month %q %d not understood", m.Name, m.Year)))
			continue
		}
		ref := time.Date(m.Year, month.Month()+1, 1, 0, 0, 0, 0, time.UTC)
		for j, hi := range m.Incidents {
			inc := incident.Incident{ID: hi.Code, Title: hi.Name, Vendor: page.Name, Impact: incident.ParseImpact(hi.Impact), Zone: page.TimeZone}
			if host != "" && hi.Code != "" {
				inc.URL = "https://" + host + "/incidents/" + hi.Code
			}
			if err := sphistRange(in, &inc, hi, ref); err != nil {
				errs = append(errs, fieldErr(in, 0, fmt.Sprintf("months[%d].incidents[%d].timestamp", i, j), err))
			}
			incs = append(incs, inc)
		}
	}
	if len(incs) == 0 && len(errs) == 0 {
		return nil, fieldErr(in, 0, "", fmt.Errorf("%s history lists no incident in its %d months: %w", page.Name, len(props.Months), ErrNoIncidents))
	}
	return incs, errors.Join(errs...)
}

// sphistRange reads the incident's "start - end" timestamp range into its
// two updates (one when the page gives a single time). ref anchors the
// start's year: the first day of the month after the one it is listed in.
func sphistRange(in *Input, inc *incident.Incident, hi sphistIncident, ref time.Time) error {
	text := foldSpace(string(VisibleText([]byte(hi.Timestamp))))
	left, right, isRange := strings.Cut(text, " - ")
	last := right
	if !isRange {
		left, last = text, text
	}
	// The zone is written once, at the end of the range.
	zone := inc.Zone
	if z, err := when.Parse(last, when.Context{Zone: inc.Zone, Default: in.Zone, Ref: ref, Date: ref}); err == nil {
		zone = z.Zone
	}
	start, err := readWhen(in, inc, left, when.Context{Zone: zone, Ref: ref})
	if err != nil {
		return fmt.Errorf("%q: %w", text, err)
	}
	first := incident.Update{Status: incident.StatusUnknown, At: start.Time, Stamp: left}
	if !isRange {
		first.Body = hi.Message
		inc.Updates = append(inc.Updates, first)
		return nil
	}
	inc.Updates = append(inc.Updates, first)
	if start.Time.IsZero() { // no zone or year: warned, nothing to place the end with
		inc.Updates = append(inc.Updates, incident.Update{Status: incident.StatusUnknown, Body: hi.Message, Stamp: right})
		return nil
	}
	loc, _, lerr := when.LookupZone(zone)
	if lerr != nil {
		loc = time.UTC
	}
	end, err := readWhen(in, inc, right, when.Context{Zone: zone, Ref: start.Time.AddDate(0, 0, 362), Date: start.Time.In(loc)})
	if err != nil {
		return fmt.Errorf("%q: %w", text, err)
	}
	inc.Updates = append(inc.Updates, incident.Update{Status: incident.StatusUnknown, At: end.Time, Body: hi.Message, Stamp: right})
	return nil
}
