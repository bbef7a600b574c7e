package parse_test

import (
	"strings"
	"testing"

	"github.com/postmortem-dev/postmortem/parse"
)

// TestStatuspageTextKeepsText: a Statuspage text cut before a Posted line,
// updates printed without a status word, and a tail that is no update are
// all kept (issue 10: no word is lost) and read without an error.
func TestStatuspageTextKeepsText(t *testing.T) {
	tests := []struct {
		name, text   string
		updates      int
		postmortem   string // a substring of the undated postmortem, "" for none
		unplaced     string // a substring of the unplaced text, "" for none
		firstStatus  string
		firstAtIsSet bool
	}{
		{
			name:       "postmortem cut before its Posted line",
			text:       "Login failures\nIncident Report for Acme\nPostmortem\nThe issue was caused by an expired certificate.\nWe renewed",
			postmortem: "expired certificate",
		},
		{
			name: "updates without status words",
			text: "Slow API\nIncident Report for Acme\nThe issue was caused due to flooding from one customer account.\n" +
				"Posted 11 months ago. Aug 23, 2017 - 20:08 MDT\nWe are looking into it.\nPosted 11 months ago. Aug 23, 2017 - 19:08 MDT\n",
			updates: 2, firstStatus: "update", firstAtIsSet: true,
		},
		{
			name:    "tail after the last update",
			text:    "Slow API\nIncident Report for Acme\nResolved\nFixed.\nPosted Aug 23, 2017 - 20:08 MDT\nPowered by Atlassian Statuspage\nSubscribe to updates",
			updates: 1, unplaced: "Subscribe to updates", firstStatus: "resolved", firstAtIsSet: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			incs, err := parse.Read(&parse.Input{Name: "in.txt", Data: []byte(tt.text)}, "")
			if err != nil {
				t.Fatalf("error: %v", err)
			}
			if len(incs) != 1 {
				t.Fatalf("%d incidents, want 1", len(incs))
			}
			inc := incs[0]
			if got := len(inc.Updates); got != tt.updates {
				t.Errorf("%d updates, want %d: %+v", got, tt.updates, inc.Updates)
			}
			if tt.updates > 0 && (string(inc.Updates[0].Status) != tt.firstStatus || inc.Updates[0].At.IsZero() != !tt.firstAtIsSet) {
				t.Errorf("first update %+v", inc.Updates[0])
			}
			if tt.postmortem != "" && (inc.Postmortem == nil || !strings.Contains(inc.Postmortem.Text, tt.postmortem) || !inc.Postmortem.At.IsZero()) {
				t.Errorf("postmortem %+v, want undated with %q", inc.Postmortem, tt.postmortem)
			}
			if tt.unplaced != "" && !strings.Contains(inc.Unplaced, tt.unplaced) {
				t.Errorf("unplaced %q, want %q in it", inc.Unplaced, tt.unplaced)
			}
		})
	}
}
