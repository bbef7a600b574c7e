package pull

import "context"

// incident.io status pages serve a Statuspage-compatible API:
// /api/v2/summary.json and /api/v2/incidents.json with the same keys but
// 26-character ULID ids and no time_zone. Their incident pages are
// rendered by JavaScript, so the API documents are what is archived.
// statuspageProvider.recognise tells the two apart by the ids.
// Fixture: testdata/pull/incidentio.

type incidentio struct{}

func (incidentio) name() string { return "incident.io" }

func (incidentio) collect(ctx context.Context, j *job, _ *doc) {
	j.index(ctx, "api/v2/incidents.json", false)
}

// isULID reports whether s is a ULID: 26 characters of Crockford base32.
func isULID(s string) bool {
	if len(s) != 26 || s[0] > '7' {
		return false
	}
	for _, c := range s {
		switch {
		case c >= '0' && c <= '9', c >= 'A' && c <= 'Z' && c != 'I' && c != 'L' && c != 'O' && c != 'U':
		default:
			return false
		}
	}
	return true
}
