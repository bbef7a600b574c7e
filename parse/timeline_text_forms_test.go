package parse_test

import (
	"testing"

	"github.com/postmortem-dev/postmortem/parse"
)

// TestTimelineTextForms: the entry forms issue 10 names, each read by the
// layout-agnostic reader into dated updates with their statuses.
func TestTimelineTextForms(t *testing.T) {
	tests := []struct {
		name   string
		text   string
		want   []string // "status@RFC3339 minute", oldest first
		vendor string
	}{
		{"doubled status word (Instatus)",
			"API outage\nResolvedResolved\nAll good now.\nMay 3, 2024 at 10:40 AM UTC\nInvestigatingInvestigating\nWe are looking into errors.\nMay 3, 2024 at 09:55 AM UTC\n",
			[]string{"investigating@2024-05-03T09:55", "resolved@2024-05-03T10:40"}, ""},
		{"bracketed status and Status: prefix",
			"Login errors\n[Resolved] Logins work again.\n2024-05-03 10:40 UTC\nStatus: Investigating\nUsers cannot log in.\n2024-05-03 09:55 UTC\n",
			[]string{"investigating@2024-05-03T09:55", "resolved@2024-05-03T10:40"}, ""},
		{"bracketed stamps opening lines (RFO)",
			"Reason for outage\n[2025-03-31 15:09 UTC]: Errors begin.\n[2025-03-31 15:12 UTC]: Monitors alert the team.\n[2025-03-31 16:45 UTC]: Service restored.\n",
			[]string{"update@2025-03-31T15:09", "update@2025-03-31T15:12", "update@2025-03-31T16:45"}, ""},
		{"time on one line, entry on the next (issue tracker)",
			"Incident timeline\n\nMar 4, 2024 14:02 PST\nAlert fired for elevated 5xx.\n\nMar 4, 2024 14:30 PST\nRolled back the deploy.\n",
			[]string{"update@2024-03-04T22:02", "update@2024-03-04T22:30"}, ""},
		{"stamp after its text (Slack status site)",
			"Acme Status\nSome users can't send messages\nWe're investigating reports of failed messages.\nJun 3, 2024 8:01 AM PDT\nThe issue is fixed.\nJun 3, 2024 9:15 AM PDT\n",
			[]string{"investigating@2024-06-03T15:01", "resolved@2024-06-03T16:15"}, "Acme"},
		{"time-only stamps under a Timeline heading, the date from the summary (help-center article)",
			"SUMMARY\nOn January 8, 2024 from 17:38 to 17:56 UTC, customers saw latency.\nTimeline\n18:07 UTC | 10:07 PT\nWe are investigating reports of slowness.\n" +
				"19:22 UTC | 11:22 PT\nOur provider has implemented a fix, and we are monitoring the results.\n19:40 UTC | 11:40 PT\nThe issue has been resolved.\n",
			[]string{"investigating@2024-01-08T18:07", "monitoring@2024-01-08T19:22", "resolved@2024-01-08T19:40"}, ""},
		{"a condition is not a statement",
			"Acme Status\nMar 13, 2025\n10:16 MDT\nWe will post again once the issue has been resolved.\n11:00 MDT\nThe problem has not been fixed yet.\n",
			[]string{"update@2025-03-13T16:16", "update@2025-03-13T17:00"}, "Acme"},
		{"dual stamps (help-center notice)",
			"Service Incident\n- resolved June 28, 2025 01:28 AM UTC | June 27, 2025 06:28 PM PT\nFixed.\n- investigating June 28, 2025 12:10 AM UTC | June 27, 2025 05:10 PM PT\nLooking.\n",
			[]string{"investigating@2025-06-28T00:10", "resolved@2025-06-28T01:28"}, ""},
		{"epoch seconds (Stactus)",
			"Delays\nResolved\nDone.\n1745930400\nInvestigating\nLooking.\n1745915000\n",
			[]string{"investigating@2025-04-29T08:23", "resolved@2025-04-29T12:40"}, ""},
		{"day headings give the date",
			"Mar 13, 2025\nDatabase slowness\nResolved - Fixed.\n10:16 MDT\nInvestigating - Slow pages.\n07:00 MDT\n",
			[]string{"investigating@2025-03-13T13:00", "resolved@2025-03-13T16:16"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			incs, err := parse.Read(&parse.Input{Name: "in.txt", Data: []byte(tt.text)}, "timeline-text")
			if err != nil {
				t.Fatalf("error: %v", err)
			}
			if len(incs) == 0 {
				t.Fatal("no incident")
			}
			var got []string
			for _, u := range incs[0].Updates {
				got = append(got, string(u.Status)+"@"+u.At.UTC().Format("2006-01-02T15:04"))
			}
			if len(got) != len(tt.want) {
				t.Fatalf("updates %v, want %v (notes %v)", got, tt.want, incs[0].Notes)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("updates %v, want %v (notes %v)", got, tt.want, incs[0].Notes)
				}
			}
			if tt.vendor != "" && incs[0].Vendor != tt.vendor {
				t.Errorf("vendor %q, want %q", incs[0].Vendor, tt.vendor)
			}
		})
	}
}
