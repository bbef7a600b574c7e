package parse

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/postmortem-dev/postmortem/parse/incident"
	"github.com/postmortem-dev/postmortem/parse/incident/when"
)

// statuspageText reads an Atlassian Statuspage incident page
// (/incidents/<code>) copied from a browser as plain text:
//
//	Commercial Application Scripts      <- title (the line before the marker)
//	Incident Report for TrackVia        <- marker, vendor
//	Postmortem                          <- status label
//	Summary ...                         <- body, line breaks kept
//	Posted Jul 02, 2024 - 13:48 MDT     <- end of the update
//	Resolved
//	...
//
// Updates come newest first. A status label only counts where an update
// can start: after the marker line (and any text between it and the first
// label, such as "This incident affected: ...") or after a Posted line, so
// a label word inside a body never splits it. The Postmortem block is both
// inc.Postmortem and an update with status postmortem. Text after the last
// Posted line that does not start with a label (page footer, other pasted
// text) is ignored. The visible text of the HTML incident page reads the
// same way, so --reader statuspage-text works on it too.
type statuspageText struct{}

func init() { Register(statuspageText{}) }

var _ Reader = statuspageText{}

func (statuspageText) Name() string { return "statuspage-text" }
func (statuspageText) Kind() Kind   { return KindText }
func (statuspageText) Markers() string {
	return `a line "Incident Report for <Vendor>" among the first lines of the text`
}

func (statuspageText) Description() string {
	return "Atlassian Statuspage incident page copied as text (testdata/parse/statuspage-text/trackvia-2024-07-02-statuspage.txt)"
}

// sptextMaxHeader is how many non-empty lines may precede the marker: a
// copy of the whole page (or its visible text) starts with the page's
// subscribe and cookie texts.
const sptextMaxHeader = 40

func (statuspageText) Detect(in *Input) Confidence {
	if _, _, ok := sptextHeader(Lines(in.Data[:min(len(in.Data), 32<<10)])); ok {
		return Strong
	}
	return No
}

// sptextHeader finds the "Incident Report for <Vendor>" line among the
// first non-empty lines and returns its index and the vendor.
func sptextHeader(lines []string) (int, string, bool) {
	seen := 0
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		if v, ok := strings.CutPrefix(t, "Incident Report for "); ok && strings.TrimSpace(v) != "" {
			return i, strings.TrimSpace(v), true
		}
		if t == "Incident Report for" && sptextAnyPosted(lines[i+1:]) {
			return i, "", true // a page that blanked its name; its Posted lines show the layout
		}
		if seen++; seen >= sptextMaxHeader {
			break
		}
	}
	return 0, "", false
}

// sptextAnyPosted reports whether some line is a Posted line.
func sptextAnyPosted(lines []string) bool {
	for _, l := range lines {
		if _, ok := sptextPosted(strings.TrimSpace(l)); ok {
			return true
		}
	}
	return false
}

// sptextPosted reads the line that ends an update, "Posted Jul 02, 2024 -
// 08:00 MDT" or "Posted 11 months ago. Aug 23, 2017 - 20:08 MDT", and
// returns the absolute stamp as written, found by the timestamp engine's
// scanner (so text glued after the zone is left out). A "Posted ..." line
// without a dated timestamp is body text.
func sptextPosted(t string) (string, bool) {
	if !strings.HasPrefix(t, "Posted ") {
		return "", false
	}
	for _, m := range when.Scan(t, when.Context{}) {
		if m.Err == nil || errors.Is(m.Err, when.ErrNoZone) || errors.Is(m.Err, when.ErrNoYear) {
			return m.Text, true
		}
	}
	return "", false
}

// sptextBlock is one update as read from the text, before its time is read.
type sptextBlock struct {
	status    incident.Status
	line      int // 1-based line of the label
	body      []string
	stamp     string
	stampLine int
}

func (statuspageText) Parse(in *Input) ([]incident.Incident, error) {
	lines := Lines(sanitizeUTF8(in.Data))
	hdr, vendor, ok := sptextHeader(lines)
	if !ok {
		return nil, fieldErr(in, 0, "", errors.New(`no "Incident Report for <Vendor>" line`))
	}
	inc := incident.Incident{Vendor: vendor, Impact: incident.ImpactUnknown}
	for i := hdr - 1; i >= 0; i-- {
		if t := strings.TrimSpace(lines[i]); t != "" {
			inc.Title = t
			break
		}
	}
	blocks, errs := sptextBlocks(in, &inc, lines, hdr+1)
	errs = append(errs, sptextUpdates(in, &inc, blocks)...)
	if len(blocks) == 0 {
		inc.Warn("no_updates", "no status update found (a label such as Resolved, the body, then a Posted line)")
	}
	return []incident.Incident{inc}, errors.Join(errs...)
}

// sptextBlocks splits the lines after the header into updates. It also
// reads a "This incident affected: ..." line into inc.Components. Text that
// starts without a status label (older pages print none) is an update
// with status "update" when a Posted line ends it; a labelled block that
// no Posted line ends (a copy cut short) is kept undated; text after the
// last entry that no Posted line ends goes to inc.Unplaced. No line is
// dropped.
func sptextBlocks(in *Input, inc *incident.Incident, lines []string, from int) ([]sptextBlock, []error) {
	var blocks []sptextBlock
	var cur *sptextBlock
	implicit := false
	for i := from; i < len(lines); i++ {
		t := strings.TrimSpace(lines[i])
		if cur == nil {
			if st, ok := sptextLabel(t); ok {
				cur, implicit = &sptextBlock{status: st, line: i + 1}, false
				continue
			}
			if comps, ok := affectedComponents(t); ok && inc.Components == nil {
				inc.Components = comps
				continue
			}
			if t == "" {
				continue
			}
			cur, implicit = &sptextBlock{status: incident.StatusUpdate, line: i + 1}, true
		}
		if stamp, ok := sptextPosted(t); ok {
			cur.stamp, cur.stampLine = stamp, i+1
			blocks = append(blocks, *cur)
			cur = nil
			continue
		}
		cur.body = append(cur.body, strings.TrimRight(lines[i], " \t\u00a0"))
	}
	switch {
	case cur == nil:
	case implicit:
		inc.Unplaced = sptextBody(cur.body)
		inc.Warn("unplaced_text", fmt.Sprintf("text from line %d on is not a dated update; kept for the prose analysis", cur.line))
	default:
		blocks = append(blocks, *cur)
		inc.Warn("undated_update", fmt.Sprintf("%s update at line %d has no Posted line (text cut short?); kept without a time", cur.status, cur.line))
	}
	return blocks, nil
}

// sptextLabel maps a Statuspage update label line ("Resolved", "In
// progress") to its status; only whole-line labels count.
func sptextLabel(t string) (incident.Status, bool) {
	st, ok := sptextLabels[strings.ToLower(t)]
	return st, ok
}

// sptextLabels are the update labels Statuspage prints, lower-cased.
var sptextLabels = map[string]incident.Status{
	"investigating": incident.StatusInvestigating, "identified": incident.StatusIdentified,
	"monitoring": incident.StatusMonitoring, "update": incident.StatusUpdate,
	"resolved": incident.StatusResolved, "postmortem": incident.StatusPostmortem,
	"scheduled": incident.StatusScheduled, "in progress": incident.StatusInProgress,
	"verifying": incident.StatusVerifying, "completed": incident.StatusCompleted,
}

// sptextUpdates reads the blocks' stamps (newest first, each the year
// anchor of the next) into inc.Updates and the postmortem.
func sptextUpdates(in *Input, inc *incident.Incident, blocks []sptextBlock) []error {
	var errs []error
	ref := in.Now
	if len(blocks) > 1 && blocks[0].status == incident.StatusUpdate && sptextWriteUp(blocks[0].body) && !sptextHasPostmortem(blocks) {
		// Statuspage shows the postmortem above the updates; a copy that
		// lost its "Postmortem" label still has it first, as a write-up
		// of several paragraphs (the updates are a line or two each)
		blocks[0].status = incident.StatusPostmortem
		inc.Warn("postmortem_unlabelled", fmt.Sprintf("the block at line %d has no label; read as the postmortem (a write-up of several paragraphs above the updates)", blocks[0].line))
	}
	for i, b := range blocks {
		u := incident.Update{Status: b.status, Body: sptextBody(b.body), Stamp: b.stamp}
		if b.stamp == "" {
			if b.status == incident.StatusPostmortem {
				if inc.Postmortem == nil {
					inc.Postmortem = &incident.Postmortem{Text: u.Body}
				}
				continue
			}
			inc.Updates = append(inc.Updates, u)
			continue
		}
		r, err := readWhen(in, inc, b.stamp, when.Context{Ref: ref})
		if err != nil {
			errs = append(errs, fieldErr(in, b.stampLine, fmt.Sprintf("updates[%d].at", i), err))
		}
		if !r.Time.IsZero() {
			u.At, ref = r.Time, r.Time
			if inc.Zone == "" {
				inc.Zone = r.Zone
			}
		}
		if b.status == incident.StatusPostmortem && inc.Postmortem == nil {
			inc.Postmortem = &incident.Postmortem{At: u.At, Text: u.Body}
		}
		inc.Updates = append(inc.Updates, u)
	}
	return errs
}

// sptextWriteUp reports a body of four or more paragraphs.
func sptextWriteUp(body []string) bool {
	paras, in := 0, false
	for _, l := range body {
		switch blank := strings.TrimSpace(l) == ""; {
		case blank:
			in = false
		case !in:
			paras, in = paras+1, true
		}
	}
	return paras >= 4
}

func sptextHasPostmortem(blocks []sptextBlock) bool {
	for _, b := range blocks {
		if b.status == incident.StatusPostmortem {
			return true
		}
	}
	return false
}

// sptextBody joins body lines, dropping blank lines at both ends.
func sptextBody(lines []string) string {
	for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	return strings.Join(lines, "\n")
}

// readWhen reads a timestamp as written in a document with the timestamp
// engine, using --tz (in.Zone) for times that name no zone. A time with no
// zone and no --tz, or no year and no anchor, is not guessed: it becomes a
// warning on inc and a zero time. Other failures are returned for the
// caller to position.
func readWhen(in *Input, inc *incident.Incident, s string, c when.Context) (when.Result, error) {
	c.Default = in.Zone
	r, err := when.Parse(s, c)
	switch {
	case errors.Is(err, when.ErrNoZone):
		inc.Warn("no_zone", fmt.Sprintf("%q names no time zone and --tz was not given; time left empty", s))
		return when.Result{}, nil
	case errors.Is(err, when.ErrNoYear):
		inc.Warn("no_year", fmt.Sprintf("%q has no year and the document gives nothing to place it; time left empty", s))
		return when.Result{}, nil
	}
	if err != nil {
		return when.Result{}, err
	}
	if !plausibleTime(r.Time) {
		return when.Result{}, fmt.Errorf("%q: year %d out of range", s, r.Time.Year())
	}
	for _, w := range r.Warnings {
		inc.Warn("timestamp", fmt.Sprintf("%q: %s", s, w))
	}
	r.Time = r.Time.UTC()
	return r, nil
}

// plausibleTime reports whether t can be a status page time: years 1970
// to 9999 (beyond that JSON output fails).
func plausibleTime(t time.Time) bool {
	return t.Year() >= 1970 && t.Year() <= 9999
}
