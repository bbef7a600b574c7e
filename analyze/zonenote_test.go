package analyze

import "testing"

// Zone notes as real pages write them (devset pages: GCP and Workspace
// dashboards, blog postmortems, PDF summaries).
func TestZoneNote(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"Incident began at 2019-06-02 11:45 and ended at 2019-06-02 15:40 (all times are US/Pacific).", "US/Pacific"},
		{"ended at 2024-08-12 15:32 (times are in Coordinated Universal Time (UTC)).", "UTC"},
		{"All times in UTC on 2024-03-26.", "UTC"},
		{"Google Cloud Issue Summary - 2020-08-19 All dates/times relative to US/Pacific.", "US/Pacific"},
		{"connection timeouts, and connection failures.", ""},
		{"We will share more in time.", ""},
		{"All times are approximate.", ""},
	} {
		if got := zoneNote(c.text); got != c.want {
			t.Errorf("zoneNote(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

func TestMentionsProvider(t *testing.T) {
	for _, c := range []struct {
		s    string
		want bool
	}{
		{"a degraded performance of Microsoft Exchange Online Protection", true},
		{"an outage at AWS's us-east-1", true},
		{"our host Fly.io was down", true},
		{"Google Cloud networking failed", true},
		{"a configuration change to the load balancer", false},
		{"the apple orchard", false},
	} {
		if got := mentionsProvider(c.s); got != c.want {
			t.Errorf("mentionsProvider(%q) = %v, want %v", c.s, got, c.want)
		}
	}
}
