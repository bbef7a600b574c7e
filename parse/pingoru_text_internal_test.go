package parse

import (
	"slices"
	"testing"
	"time"
)

// The component line of shared/seeds/trekksoft-2024-02-15-pingoru.txt and
// the text around it (the words the splitter may use as evidence).
const (
	trekkComponents = "TrekkSoft BackofficeTrekkSoft APITrekkSoft Mobile App (mPOS)POS DeskTrekkSoft Website BuilderExperienceBank - Channel Manager"
	trekkContext    = "TrekkSoft incident\nGlobal issues in several Trekksoft production functionalities\n" +
		"TrekkSoft experienced a major incident on February 15, 2024 affecting TrekkSoft Backoffice and TrekkSoft API and 1 more component, lasting 3h 16m.\n" +
		"We are currently experiencing global issues in several Trekksoft production functionalities (a.o. Backoffice, POS Desk)."
)

func TestSplitRunTogether(t *testing.T) {
	tests := []struct {
		name, s, context string
		anchors          []string
		want             []string
	}{
		{"trekksoft seed", trekkComponents, trekkContext, []string{"TrekkSoft Backoffice", "TrekkSoft API"},
			[]string{"TrekkSoft Backoffice", "TrekkSoft API", "TrekkSoft Mobile App (mPOS)", "POS Desk", "TrekkSoft Website Builder", "ExperienceBank - Channel Manager"}},
		// Without the vendor name standing alone anywhere, "Trekk" is cut at
		// the hump and then joined back as the first half of a camel-case word.
		{"camel word without evidence", "TrekkSoft API", "", nil, []string{"TrekkSoft API"}},
		{"camel word then lone word", "TrekkSoftBilling", "", nil, []string{"TrekkSoft", "Billing"}},
		{"camel word known elsewhere", "TrekkSoftBilling", "TrekkSoft and billing", nil, []string{"TrekkSoft", "Billing"}},
		{"acronym then name", "APIWebhooks", "", nil, []string{"API", "Webhooks"}},
		{"parenthesised acronym kept", "Mobile App (mPOS)POS Desk", "", nil, []string{"Mobile App (mPOS)", "POS Desk"}},
		{"one name", "TrekkSoft Backoffice", "TrekkSoft incident", nil, []string{"TrekkSoft Backoffice"}},
		{"short piece not cut", "iOS App", "", nil, []string{"iOS App"}},
		// Known limit: a one-word component mentioned nowhere else is taken as
		// the first half of a camel-case word.
		{"limit: lone word joined", "DashboardAPI Gateway", "", nil, []string{"DashboardAPI Gateway"}},
		{"lone word known elsewhere", "DashboardAPI Gateway", "the dashboard was slow", nil, []string{"Dashboard", "API Gateway"}},
		{"empty", "", "", nil, []string{""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := splitRunTogether(tt.s, tt.context, tt.anchors); !slices.Equal(got, tt.want) {
				t.Errorf("splitRunTogether(%q) = %q, want %q", tt.s, got, tt.want)
			}
		})
	}
}

func TestPingoruSummaryNames(t *testing.T) {
	s := "TrekkSoft experienced a major incident on February 15, 2024 affecting TrekkSoft Backoffice and TrekkSoft API and 1 more component, lasting 3h 16m. The incident has been resolved; the full update timeline is below."
	if got, want := pingoruSummaryNames(s), []string{"TrekkSoft Backoffice", "TrekkSoft API"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestPingoruDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"3h 16m", 3*time.Hour + 16*time.Minute, true}, // trekksoft seed
		{"45m", 45 * time.Minute, true},
		{"2d 1h", 49 * time.Hour, true},
		{"soon", 0, false},
		{"", 0, false},
		{"99999999999h", 0, false},
	}
	for _, tt := range tests {
		got, err := pingoruDuration(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("pingoruDuration(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestAffectedComponents(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		// digitalocean-incident-spaces-sgp1-saved-by-chrome.mhtml
		{"This incident affected: Regions (SGP1) and Services (Spaces).", []string{"SGP1", "Spaces"}},
		// GitHub text quoted in shared/corpus/FORMATS.md §1 (Oxford comma)
		{"This incident affected: Git Operations, Webhooks, API Requests, Issues, Pull Requests, Actions, Pages, and Copilot.",
			[]string{"Git Operations", "Webhooks", "API Requests", "Issues", "Pull Requests", "Actions", "Pages", "Copilot"}},
		{"This incident affected: Regions (SGP1, NYC3 and AMS3) and API.", []string{"SGP1", "NYC3", "AMS3", "API"}},
		{"Nothing to see", nil},
	}
	for _, tt := range tests {
		got, _ := affectedComponents(tt.in)
		if !slices.Equal(got, tt.want) {
			t.Errorf("affectedComponents(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPingoruHead(t *testing.T) {
	lines := func(s ...string) []pingoruLine {
		out := make([]pingoruLine, len(s))
		for i, t := range s {
			out[i] = pingoruLine{text: t, n: i + 1}
		}
		return out
	}
	tests := []struct {
		name  string
		lines []pingoruLine
		st    string
		stamp string
		n     int
	}{
		// trekksoft-2024-02-15-pingoru.txt
		{"text copy", lines("1. investigating Feb 15, 2024, 11:00 AM UTC"), "investigating", "Feb 15, 2024, 11:00 AM UTC", 1},
		// the visible text of the HTML page has no list number
		{"html text", lines("postmortem Feb 19, 2024, 09:33 AM UTC"), "postmortem", "Feb 19, 2024, 09:33 AM UTC", 1},
		{"two lines", lines("resolved", "Feb 15, 2024, 02:16 PM UTC"), "resolved", "Feb 15, 2024, 02:16 PM UTC", 2},
		{"two-word status", lines("3. in progress Feb 15, 2024, 11:00 AM UTC"), "in_progress", "Feb 15, 2024, 11:00 AM UTC", 1},
		{"body with a time", lines("resolved the issue at 10:00 UTC on Feb 15, 2024"), "", "", 0},
		{"body word", lines("Monitoring continues."), "", "", 0},
	}
	for _, tt := range tests {
		st, stamp, n := pingoruHead(tt.lines, 0)
		if string(st) != tt.st || stamp != tt.stamp || n != tt.n {
			t.Errorf("%s: got %q %q %d, want %q %q %d", tt.name, st, stamp, n, tt.st, tt.stamp, tt.n)
		}
	}
}
