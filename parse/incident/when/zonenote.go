package when

import (
	"regexp"
	"strings"
)

// zoneNoteRe is a document's note on the zone of its times: "(all times
// are US/Pacific)", "times are in Coordinated Universal Time (UTC)", "All
// times in UTC", "All Dates/Times Relative to US/Pacific", "Time (UTC)".
var zoneNoteRe = regexp.MustCompile(`(?i)\b(?:all )?(?:dates?(?:/| and ))?(?:times?|timestamps|timeline)\b(?: \(| (?:are |shown |listed |below |mentioned )?)(?:are |in |relative to |(?:displayed|given|shown|listed|expressed|reported|written) in |the )*([A-Za-z][\w/+:-]*(?: [A-Za-z]+){0,3}?)(?: \(([A-Z]{2,5})\))?(?:[).,;:]|\s+[-–]\s|\s+(?:on|for|unless|throughout)\b|[ \t]*\r?\n|$)`)

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
		if !noteFollows(text[k:]) {
			continue // "at this time.", "time to resolve"
		}
		if z := zoneNoteAt(text[max(0, k-24):min(len(text), k+120)]); z != "" {
			return z
		}
	}
	return ""
}

// indexTime is the index of the next "time" (any case) at or after from
// that is followed by "s", " (" or a non-letter, or -1. It jumps from one
// "m" or "M" to the next (strings.IndexByte is vectorised) and looks
// around it, instead of comparing at every byte.
func indexTime(s string, from int) int {
	nextUpper := -2 // the next "M" at or after the cursor; -2: not searched yet
	for j := from + 2; j+1 < len(s); j++ {
		k := strings.IndexByte(s[j:len(s)-1], 'm')
		if nextUpper < j && nextUpper != -1 {
			if nextUpper = strings.IndexByte(s[j:len(s)-1], 'M'); nextUpper >= 0 {
				nextUpper += j
			}
		}
		switch {
		case k < 0 && nextUpper < 0:
			return -1
		case k < 0 || nextUpper >= 0 && nextUpper < j+k:
			j = nextUpper
		default:
			j += k
		}
		i := j - 2
		if s[i]|0x20 != 't' || s[i+1]|0x20 != 'i' || s[j+1]|0x20 != 'e' {
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

// noteWords may follow "times" in a note before its zone.
var noteWords = []string{"are ", "in ", "shown ", "listed ", "below ", "mentioned ", "relative ", "displayed ", "given ", "expressed ", "reported ", "written ", "the "}

// noteFollows reports whether the word at the start of s ("time",
// "times", "timestamps", "timeline") is followed as zoneNoteRe needs: a
// space, then "(", a capital (the zone) or a word that leads to one.
func noteFollows(s string) bool {
	i := 4
	for i < len(s) && s[i] >= 'a' && s[i] <= 'z' || i < len(s) && s[i] >= 'A' && s[i] <= 'Z' {
		i++ // the rest of the word
	}
	if i+1 >= len(s) || s[i] != ' ' {
		return false
	}
	rest := s[i+1:]
	if c := rest[0]; c == '(' || c >= 'A' && c <= 'Z' {
		return true
	}
	for _, w := range noteWords {
		if len(rest) >= len(w) && strings.EqualFold(rest[:len(w)], w) {
			return true
		}
	}
	return false
}
