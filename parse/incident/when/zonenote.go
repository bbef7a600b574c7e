package when

import (
	"regexp"
	"strings"
)

// zoneNoteRe is a document's note on the zone of its times: "(all times
// are US/Pacific)", "times are in Coordinated Universal Time (UTC)", "All
// times in UTC", "All Dates/Times Relative to US/Pacific", "Time (UTC)".
var zoneNoteRe = regexp.MustCompile(`(?i)\b(?:all )?(?:dates?(?:/| and ))?(?:times?|timestamps|timeline)\b(?: \(| (?:are |shown |listed |below |mentioned )?)(?:are |in |relative to |displayed in |given in |the )*([A-Za-z][\w/+:-]*(?: [A-Za-z]+){0,3}?)(?: \(([A-Z]{2,5})\))?(?:[).,;:]|\s+[-–]\s|\s+(?:on|for|unless|throughout)\b|$)`)

// ZoneNote returns the zone a note in text declares, or "". The zone must
// be one the timestamp engine knows (an abbreviation, an IANA name, UTC).
func ZoneNote(text string) string {
	text = text[:min(len(text), 8192)]
	// the note names "times" or "timestamps" (or "Time (UTC)"): read only
	// the stretches around those words, found without lower-casing
	for k, n := 0, 0; n < 32; k++ {
		k = indexTime(text, k)
		if k < 0 {
			return ""
		}
		n++
		if z := zoneNoteAt(text[max(0, k-24):min(len(text), k+120)]); z != "" {
			return z
		}
	}
	return ""
}

// indexTime is the index of the next "time" (any case) at or after from
// that is followed by "s", " (" or a non-letter, or -1.
func indexTime(s string, from int) int {
	for i := from; i+4 <= len(s); i++ {
		if s[i]|0x20 != 't' || s[i+1]|0x20 != 'i' || s[i+2]|0x20 != 'm' || s[i+3]|0x20 != 'e' {
			continue
		}
		if i+4 < len(s) {
			c := s[i+4] | 0x20
			if c >= 'a' && c <= 'z' && c != 's' && !strings.HasPrefix(s[i+4:], "line (") {
				continue // "timeout", "timely", "timeline" without "(ZONE)"
			}
		}
		return i
	}
	return -1
}

func zoneNoteAt(text string) string {
	for _, m := range zoneNoteRe.FindAllStringSubmatch(text, 2) {
		for _, z := range []string{m[2], m[1]} {
			if z == "" {
				continue
			}
			if r, err := Parse("2020-01-15 12:00 "+z, Context{}); err == nil && r.ZoneFrom == FromExplicit {
				return r.Zone
			}
		}
	}
	return ""
}
