package when

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
		{"Timeline (GMT+1 - NL Time)\n05:20 -- Issue onset (estimated)", "GMT+1"},
		{"Timeline (UTC)", "UTC"},
		{"See the timeline below.", ""},
		{"Incident Details\n\nAll times are shown in UTC\n\n13th September 2018 06:10:00 PM", "UTC"},
		{"All times listed in Eastern Time", "Eastern Time"},
		{"Times are shown in the order they happened.", ""},
		{"Times expressed in UTC.", "UTC"}, // the prefilter admits every word the expression does
	} {
		if got := ZoneNote(c.text); got != c.want {
			t.Errorf("ZoneNote(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}
