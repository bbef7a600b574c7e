package analyze

import "testing"

func TestMentionsProvider(t *testing.T) {
	for _, c := range []struct {
		s, vendor string
		want      bool
	}{
		{"a degraded performance of Microsoft Exchange Online Protection", "", true},
		{"an outage at AWS's us-east-1", "", true},
		{"our host Fly.io was down", "", true},
		{"Google Cloud networking failed", "", true},
		{"a configuration change to the load balancer", "", false},
		{"the apple orchard", "", false},
		{"Google Cloud networking failed", "Google Cloud", false}, // the incident's own vendor is no provider
	} {
		if got := mentionsProvider(c.s, c.vendor); got != c.want {
			t.Errorf("mentionsProvider(%q) = %v, want %v", c.s, got, c.want)
		}
	}
}
