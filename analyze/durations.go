package analyze

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// statedDuration finds a duration the vendor states for the incident:
// first a labelled field of the postmortem ("Incident Duration:
// Approximately 1 hour"), then a postmortem sentence ("This disruption
// lasted for around one hour"), then the same in an update body ("the
// outage lasted 47 minutes"). A page's own summary ("lasting 3h 16m" on
// an aggregator page) is not read: it is neither postmortem nor update.
func (p *prose) statedDuration() (time.Duration, string) {
	for _, pass := range []func(d *doc, s sentence) (time.Duration, bool){labelledDuration, verbDuration} {
		for _, post := range []bool{true, false} {
			for _, d := range p.docs {
				if d.post != post {
					continue
				}
				for _, s := range d.sents {
					if v, ok := pass(d, s); ok {
						ev := s.text
						if s.sec == secDuration && s.heading != "" {
							ev = s.heading + ": " + ev
						}
						return v, d.evidence(ev)
					}
				}
			}
		}
	}
	return 0, ""
}

// labelledDuration reads a Duration section or a "Duration: ..." field.
func labelledDuration(d *doc, s sentence) (time.Duration, bool) {
	if s.sec == secDuration && s.lineStart {
		if v, n := parseDuration(s.text); n > 0 {
			return v, true
		}
	}
	if !containsFold(s.text, "duration") {
		return 0, false // the label's one required word, found without the matcher
	}
	if m := durationLabel.FindStringIndex(s.text); m != nil {
		if v, n := parseDuration(s.text[m[1]:]); n > 0 {
			return v, true
		}
	}
	return 0, false
}

// verbDuration reads "lasted (for) X", "lasting X", "for a period of X"
// and "unavailable ... for X", skipping expectations and intervals.
func verbDuration(d *doc, s sentence) (time.Duration, bool) {
	if s.sec == secActions || futureTense.MatchString(s.text) {
		return 0, false
	}
	for _, re := range []*matcher{durationVerb, durationFor} {
		for _, m := range re.FindAllStringIndex(s.text, -1) {
			rest := strings.TrimLeft(s.text[m[1]:], " ")
			rest = strings.TrimPrefix(rest, "for ")
			if durationNot.MatchString(firstWords(rest, 2)) {
				continue
			}
			if v, n := parseDuration(rest); n > 0 {
				return v, true
			}
		}
	}
	return 0, false
}

func firstWords(s string, n int) string {
	f := strings.Fields(s)
	return strings.Join(f[:min(n, len(f))], " ")
}

// durationPart is one "<number> <unit>" of a duration: "1 hour", "3h",
// "16m", "one hour", "47 minutes", "an hour", "1.5 hours".
var durationPart = regexp.MustCompile(`(?i)^(?:and\s+|,\s*)?(\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|forty-five|fifty|sixty|ninety|an?|half an?)\s*(days?|d|hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)\b\.?\s*`)

// durationLead is a qualifier before a duration: "approximately", "around".
var durationLead = regexp.MustCompile(`(?i)^(?:(?:approximately|approx\.|about|around|roughly|nearly|almost|over|just over|just under|under|less than|more than|a total of|a period of|an estimated|~)\s*)*`)

var numberWords = map[string]float64{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
	"nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
	"forty": 40, "forty-five": 45, "fifty": 50, "sixty": 60, "ninety": 90, "a": 1, "an": 1,
	"half a": 0.5, "half an": 0.5,
}

// parseDuration reads a duration at the start of s and returns it with
// the number of bytes read (0: none).
func parseDuration(s string) (time.Duration, int) {
	lead := durationLead.FindStringIndex(s)
	i := lead[1]
	var total time.Duration
	parts := 0
	for {
		m := durationPart.FindStringSubmatchIndex(s[i:])
		if m == nil {
			break
		}
		num := strings.ToLower(s[i+m[2] : i+m[3]])
		v, ok := numberWords[num]
		if !ok {
			v, _ = strconv.ParseFloat(num, 64)
		}
		total += time.Duration(v * float64(unitOf(strings.ToLower(s[i+m[4]:i+m[5]]))))
		i += m[1]
		parts++
	}
	if parts == 0 || total <= 0 {
		return 0, 0
	}
	return total.Round(time.Second), i
}

func unitOf(u string) time.Duration {
	switch u[0] {
	case 'd':
		return 24 * time.Hour
	case 'h':
		return time.Hour
	case 'm':
		return time.Minute
	}
	return time.Second
}
