package analyze

import (
	"testing"

	"github.com/postmortem-dev/postmortem/parse/incident"
)

// TestScopeNotYearsOrVersions: years and versions next to scope nouns are
// not counts. Sentences from shared/corpus (GitHub incidents.json, GCP
// incidents.json 2022-07 and 2026-08).
func TestScopeNotYearsOrVersions(t *testing.T) {
	tests := []struct {
		text  string
		field string
		want  float64 // 0: no figure
	}{
		{"Between 15:19 UTC and 15:49 UTC on June 30, 2026, users were unable to complete the signup flow for GitHub.com/signup.", "users", 0},
		{"On Tuesday, 14 June 2022, customers were unable to create or edit Google Compute Engine (GCE) instances via the Google Cloud Console for 2 days, 8 hours, 27 minutes.", "accounts", 0},
		{"Summary: Global: Jobs failing with internal error for GKE version 1.18", "failed_transactions", 0},
		{"Approximately 4,066 users were affected in a single 60-minute window, concentrated among IDE-based clients.", "users", 4066},
		{"Count of Accounts Impacted 84", "accounts", 84},
	}
	for _, tt := range tests {
		inc := incident.Incident{Vendor: "V", Postmortem: &incident.Postmortem{Text: tt.text}}
		sc := One(inc, Options{}).Scope
		f := map[string]*Figure{"users": sc.Users, "accounts": sc.Accounts, "failed_transactions": sc.FailedTransactions}[tt.field]
		switch {
		case tt.want == 0 && f != nil:
			t.Errorf("%q: %s = %v, want none", tt.text, tt.field, f.Value)
		case tt.want != 0 && (f == nil || f.Value != tt.want):
			t.Errorf("%q: %s = %v, want %v", tt.text, tt.field, f, tt.want)
		}
	}
}
