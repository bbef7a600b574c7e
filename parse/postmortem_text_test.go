package parse_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/postmortem-dev/postmortem/parse"
	"github.com/postmortem-dev/postmortem/parse/incident"
)

// TestPostmortemTextDetect checks that the generic reader only claims text
// that reads like an incident write-up with a date or time, and only weakly.
func TestPostmortemTextDetect(t *testing.T) {
	r, ok := parse.Lookup("postmortem-text")
	if !ok {
		t.Fatal("postmortem-text not registered")
	}
	tests := []struct {
		name, text string
		want       parse.Confidence
	}{
		{"diary", "Dear diary,\nnothing happened today.\n", parse.No},
		{"words without time", "Postmortem\n\nWe will write the root cause analysis soon.\n", parse.No},
		{"time without words", "Lunch is at 12:30 PM on Jul 2, 2024.\n", parse.No},
		// GCP report, shared/benchmarks/cloud-incident-extraction row gcp-r1000.
		{"gcp root cause", "ROOT CAUSE\nOn Tuesday 21 March 2017 from 21:08 to 22:43 US/Pacific, Cloud Pub/Sub publish, pull and ack methods experienced elevated latency.\n", parse.Weak},
		// TrackVia seed, Incident Timeline.
		{"trackvia timeline", "Incident Timeline\n\n  • July 1 2024 1:01PM - Initial application deployment\n", parse.Weak},
		// Documentation that lists incidents of many months (shaped like
		// shared/corpus/PROVENANCE.md) is not one incident's write-up.
		{"catalogue of incidents", "Incident captures\n\n- github outage, captured Jun 8, 2022 10:00 UTC\n- fastly incident, Jan 22, 2021 19:03 UTC\n" +
			"- jira outage, Apr 11, 2022 14:00 UTC\n- cloudflare incident, Nov 18, 2025 11:20 UTC\n", parse.No},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := r.Detect(&parse.Input{Kind: parse.KindText, Data: []byte(tt.text)}); got != tt.want {
				t.Errorf("Detect = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestPostmortemTextFields checks title, vendor, id, zone and postmortem
// time on short real excerpts.
func TestPostmortemTextFields(t *testing.T) {
	tests := []struct {
		name, text                    string
		title, vendor, id, zone, post string
	}{
		{
			name:  "markdown heading with prefix, posted line", // TrackVia seed, postmortem part
			text:  "# Postmortem: Commercial Application Scripts\n\nOn July 2nd at 6:47 AM MT, TrackVia Support reported an increase in support tickets. Full functionality was restored by 8:00 AM MT.\n\nPosted Jul 02, 2024 - 13:48 MDT\n",
			title: "Commercial Application Scripts", vendor: "TrackVia", zone: "MT", post: "2024-07-02T19:48:00Z", // "TrackVia Support reported"
		},
		{
			name:  "rca title and tracking id", // Azure, cloud-incident-extraction row azure-r87
			text:  "RCA - Azure Resource Manager - Issues accessing Azure resources via ARM\n\nTracking ID: ZLXD-HT8\n\nSummary of Impact: Between 19:07 UTC and 22:20 UTC on 19 Oct 2020, a subset of customers may have received intermittent errors.\n",
			title: "Azure Resource Manager - Issues accessing Azure resources via ARM", id: "ZLXD-HT8", zone: "UTC",
		},
		{
			name:  "incident report for line", // TrackVia seed header
			text:  "Commercial Application Scripts\nIncident Report for TrackVia\nPostmortem\n\nOn July 2nd at 6:47 AM MT, TrackVia Support reported an increase in support tickets.\n",
			title: "Commercial Application Scripts", vendor: "TrackVia", zone: "MT",
		},
		{
			name:  "vendor field",
			text:  "Outage report\nCompany: Parse\nDate: Dec 26, 2013 10:22 PST\n\nAt 8:23 A.M. on December 24, our monitoring systems alerted our ops team.\n",
			title: "Outage report", vendor: "Parse", zone: "PST", post: "2013-12-26T18:22:00Z",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			incs, err := parse.Read(&parse.Input{Name: "pm.txt", Data: []byte(tt.text)}, "postmortem-text")
			if err != nil || len(incs) != 1 {
				t.Fatalf("read: %d incidents, %v", len(incs), err)
			}
			inc := incs[0]
			if inc.Title != tt.title || inc.Vendor != tt.vendor || inc.ID != tt.id || inc.Zone != tt.zone {
				t.Errorf("title %q vendor %q id %q zone %q, want %q %q %q %q", inc.Title, inc.Vendor, inc.ID, inc.Zone, tt.title, tt.vendor, tt.id, tt.zone)
			}
			if inc.Postmortem == nil || inc.Postmortem.Text != strings.TrimSpace(tt.text) {
				t.Fatalf("postmortem text not kept whole: %+v", inc.Postmortem)
			}
			post := ""
			if !inc.Postmortem.At.IsZero() {
				post = inc.Postmortem.At.Format(time.RFC3339)
			}
			if post != tt.post {
				t.Errorf("postmortem at %q, want %q", post, tt.post)
			}
		})
	}
}

// TestPostmortemTextUpdateLog reads the TrackVia seed without its "Incident
// Report for" line: the "Postmortem … Posted" and "Resolved … Posted"
// entries become updates.
func TestPostmortemTextUpdateLog(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(corpus, "..", "seeds", "trackvia-2024-07-02-statuspage.txt"))
	if errors.Is(err, os.ErrNotExist) {
		t.Skip("shared seeds not present")
	}
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(data), "Incident Report for TrackVia\n", "", 1)
	incs, err := parse.Read(&parse.Input{Name: "trackvia.txt", Data: []byte(text)}, "postmortem-text")
	if err != nil || len(incs) != 1 {
		t.Fatalf("read: %d incidents, %v", len(incs), err)
	}
	inc := incs[0]
	if len(inc.Updates) != 2 {
		t.Fatalf("updates: %+v", inc.Updates)
	}
	r, p := inc.Updates[0], inc.Updates[1]
	if r.Status != incident.StatusResolved || r.At.Format(time.RFC3339) != "2024-07-02T14:00:00Z" || !strings.HasPrefix(r.Body, "On July 2nd at 6:47 AM MT") {
		t.Errorf("resolved update: %+v", r)
	}
	if p.Status != incident.StatusPostmortem || p.At.Format(time.RFC3339) != "2024-07-02T19:48:00Z" {
		t.Errorf("postmortem update: %s %s", p.Status, p.At)
	}
	if inc.Postmortem == nil || !inc.Postmortem.At.Equal(p.At) || inc.Title != "Commercial Application Scripts" || inc.Status != incident.StatusPostmortem {
		t.Errorf("incident: title %q status %s postmortem %+v", inc.Title, inc.Status, inc.Postmortem)
	}
}
