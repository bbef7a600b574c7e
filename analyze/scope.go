package analyze

import (
	"regexp"
	"strconv"
	"strings"
)

// scope reads the impact scope (METRICS.md §6): table rows ("Count of
// Accounts Impacted 84", "% Total Traffic Impacted 0.04%"), sentences
// ("84 accounts were affected", "0.5% of requests failed"), data loss
// statements with their negations, regions, and the page's components.
// The first figure found for a field wins; the postmortem is read first.
func (p *prose) scope() Scope {
	sc := Scope{Regions: []string{}, Components: append([]string{}, p.inc.Components...)}
	seenRegion := map[string]bool{}
	p.allSentences(func(d *doc, s sentence) {
		if s.sec == secActions || s.sec == secTimeline {
			return
		}
		for field, fig := range tableRow(d, s) {
			setFigure(&sc, field, fig)
		}
		for field, fig := range scopeSentence(d, s) {
			setFigure(&sc, field, fig)
		}
		if sc.DataLoss == nil && containsFold(s.text, "data") {
			if v, ok := dataLoss(s); ok {
				sc.DataLoss, sc.DataLossEvidence = &v, d.evidence(s.text)
			}
		}
		if !mayRegion(s.text) {
			return
		}
		for _, m := range regionCue.FindAllStringSubmatch(s.text, -1) {
			r := m[0]
			if m[1] != "" {
				r = m[1]
			}
			if !seenRegion[strings.ToLower(r)] {
				seenRegion[strings.ToLower(r)] = true
				sc.Regions = append(sc.Regions, r)
			}
		}
	})
	return sc
}

// mayRegion is a quick test for regionCue: a region code holds one of
// regionDirs ("us-east-1"); a named region is "in the X region" as
// written, X capitalised (the phrase is case-sensitive but for the R).
func mayRegion(s string) bool {
	for _, d := range regionDirs {
		if strings.Contains(s, d) {
			return true
		}
	}
	if !strings.Contains(s, " region") && !strings.Contains(s, " Region") {
		return false
	}
	for i := strings.Index(s, "in the "); i >= 0; {
		if j := i + len("in the "); j < len(s) && s[j] >= 'A' && s[j] <= 'Z' && regionName(s[j:]) {
			return true
		}
		k := strings.Index(s[i+1:], "in the ")
		if k < 0 {
			break
		}
		i += k + 1
	}
	return false
}

// regionName reports whether s starts with a run of the bytes of a named
// region ("West Europe region": letters, digits, "." and spaces) that
// holds " region" or " Region".
func regionName(s string) bool {
	n := 0
	for n < len(s) && (isLetter(s[n]) || isDigit(s[n]) || s[n] == '.' || s[n] == ' ') {
		n++
	}
	return strings.Contains(s[:n], " region") || strings.Contains(s[:n], " Region")
}

// regionDirs: every region code regionCue knows has one of these.
var regionDirs = [...]string{"-east-", "-west-", "-central-", "-north", "-south"}

func setFigure(sc *Scope, field string, f *Figure) {
	slot := map[string]**Figure{"accounts": &sc.Accounts, "users": &sc.Users,
		"failed_transactions": &sc.FailedTransactions, "traffic_percent": &sc.TrafficPercent}[field]
	if slot != nil && *slot == nil {
		*slot = f
	}
}

// scopeRow is a table row: a label and a number at the end of the line.
var scopeRow = regexp.MustCompile(`^(\D{3,80}?)\s+(\d[\d,]*(?:\.\d+)?)\s*(%?)$`)

// tableRow reads "Count of Accounts Impacted 84" and "% Total Traffic
// Impacted 0.04%": a whole line whose label says impact and names a noun.
func tableRow(d *doc, s sentence) map[string]*Figure {
	if !s.lineStart || !s.lineEnd || !strings.ContainsAny(s.text[max(0, len(s.text)-1):], "0123456789%") {
		return nil
	}
	if !mayTableRow(s.text) {
		return nil
	}
	m := scopeRow.FindStringSubmatch(s.text)
	if m == nil || !scopeImpact.MatchString(m[1]) || notACount.MatchString(m[1]+" ") {
		return nil
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(m[2], ",", ""), 64)
	if err != nil {
		return nil
	}
	pct := m[3] == "%" || strings.HasPrefix(m[1], "%") || strings.Contains(strings.ToLower(m[1]), "percent")
	for _, n := range scopeNouns {
		if (n.field == "traffic_percent") != pct {
			continue
		}
		if n.re.MatchString(m[1]) {
			return map[string]*Figure{n.field: {Value: v, Evidence: d.evidence(s.text)}}
		}
	}
	return nil
}

// mayTableRow is a quick test for scopeRow: the first digit of the line
// follows three bytes and white space and starts the number that ends
// it (only digits, ",", ".", white space and "%" after it).
func mayTableRow(s string) bool {
	i := strings.IndexAny(s, "0123456789")
	if i < 4 || !isSpace(s[i-1]) {
		return false
	}
	for j := i; j < len(s); j++ {
		if c := s[j]; !isDigit(c) && c != ',' && c != '.' && c != '%' && !isSpace(c) {
			return false
		}
	}
	return true
}

// scopeNumber is a number followed by its noun within a few words:
// "84 accounts", "3,212 failed requests", "0.04% of traffic",
// "approximately 2 percent of API calls".
// A thousands comma is followed by three digits, so "June 30, 2026, users"
// is no count; the noun follows on the same line.
var scopeNumber = regexp.MustCompile(`(?i)(?:^|[\s(~])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)[ \t]*(%|percent)?[ \t]+(?:of[ \t]+)?(?:(?:the|all|our|total|its|their|[a-z][a-z-]+)[ \t]+){0,3}?([a-z-]+)`)

// notACount matches what stands before a number that is a year or a
// version rather than a count: a month name ("14 June 2022 customers") or
// "version"/"release"/"v" ("GKE version 1.18").
var notACount = regexp.MustCompile(`(?i)(?:\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?(?:[ \t]+\d{1,2}(?:st|nd|rd|th)?,?)?|\b(?:version|release|build|v))[ \t(~]*$`)

// scopeSentence reads figures from a sentence about impact.
func scopeSentence(d *doc, s sentence) map[string]*Figure {
	if !strings.ContainsAny(s.text, "0123456789") || !scopeImpact.MatchString(s.text) || remediation.MatchString(s.text) ||
		!anyScopeNoun(s.text) {
		return nil
	}
	out := map[string]*Figure{}
	for _, loc := range scopeNumber.FindAllStringSubmatchIndex(s.text, -1) {
		m := make([]string, 4)
		for i := range m {
			if loc[2*i] >= 0 {
				m[i] = s.text[loc[2*i]:loc[2*i+1]]
			}
		}
		if notACount.MatchString(s.text[max(0, loc[2]-24):loc[2]]) {
			continue
		}
		v, err := strconv.ParseFloat(strings.ReplaceAll(m[1], ",", ""), 64)
		if err != nil {
			continue
		}
		pct := m[2] != ""
		// the noun is one of the next words: "84 accounts", "2.65% of
		// workflow jobs", "25% of TwiML verbs"
		after := loc[3] // the number's end, or its "%" or "percent"
		if loc[5] > after {
			after = loc[5]
		}
		words := strings.Fields(s.text[after:])
	words:
		for _, w := range words[:min(len(words), 3)] {
			w = strings.ToLower(strings.Trim(w, ".,;:()\"'"))
			noun := false
			for _, n := range scopeNouns {
				if loc := n.re.FindStringIndex(w); loc == nil || loc[0] != 0 {
					continue
				}
				noun = true
				if (n.field == "traffic_percent") == pct && out[n.field] == nil {
					out[n.field] = &Figure{Value: v, Evidence: d.evidence(s.text)}
					break words
				}
			}
			if !noun && !isScopeFiller(w) {
				break
			}
		}
	}
	return out
}

// isScopeFiller is a word that may stand between a number and its noun.
func isScopeFiller(w string) bool {
	if w == "" || w[0] < 'a' || w[0] > 'z' {
		return false
	}
	switch strings.TrimSuffix(w, "s") {
	case "second", "minute", "hour", "day", "week", "month", "year", "ms", "min", "time", "percent", "am", "pm", "utc":
		return false // a duration or a time, not a count
	}
	return true // "of", "the", "workflow", "twiml"
}

// anyScopeNoun reports whether a scope noun occurs in s at all: a figure
// needs one right after its number.
func anyScopeNoun(s string) bool {
	for _, n := range scopeNouns {
		if n.re.MatchString(s) {
			return true
		}
	}
	return false
}

// dataLoss reads a data-loss statement: a negation is false ("No data
// corruption was identified"), an affirmation true ("some data was
// lost"); remediation text ("to prevent data loss") says nothing.
func dataLoss(s sentence) (bool, bool) {
	if noDataLoss.MatchString(s.text) {
		return false, true
	}
	if dataLossCue.MatchString(s.text) && !remediation.MatchString(s.text) && !futureTense.MatchString(s.text) {
		return true, true
	}
	return false, false
}

// correctiveActions lists the items under the corrective-action headings
// ("Corrective and preventative measures", "Preventive Measures", "Next
// steps"); a section without a list gives its sentences.
func (p *prose) correctiveActions() []string {
	var items, plain []string
	for _, d := range p.docs {
		for _, s := range d.sents {
			if s.sec != secActions || strings.HasSuffix(s.text, ":") {
				continue
			}
			switch {
			case s.item && s.lineStart:
				items = append(items, s.text)
			case s.item && len(items) > 0:
				items[len(items)-1] += " " + s.text
			default:
				plain = append(plain, s.text)
			}
		}
	}
	if len(items) > 0 {
		return items
	}
	if plain == nil {
		return []string{}
	}
	return plain
}
