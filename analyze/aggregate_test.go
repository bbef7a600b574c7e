package analyze

import (
	"math"
	"testing"
	"time"

	"github.com/postmortem-dev/postmortem/parse/incident"
)

// hand builds an analysis with an impact window [start, end) (end "" for
// unknown) and the matching time to resolve.
func hand(vendor string, impact incident.Impact, start, end string) Analysis {
	a := Analysis{Incident: incident.Incident{Vendor: vendor, Impact: impact}}
	if start != "" {
		s := at(start)
		a.Instants.ImpactStart = incident.Instant{At: &s}
	}
	if end != "" {
		e := at(end)
		a.Instants.Resolved = incident.Instant{At: &e}
	}
	a.Metrics.TimeToResolve = between(a.Instants.ImpactStart, a.Instants.Resolved)
	return a
}

func TestStatOfPercentiles(t *testing.T) {
	tests := []struct {
		vals          []int64
		med, p90, max int64
	}{
		{[]int64{10}, 10, 10, 10},
		{[]int64{30, 10}, 20, 28, 30},
		{[]int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 6, 9, 10},   // 5.5 rounds up; p90 = 9.1
		{[]int64{600, 60, 3600, 7200, 120}, 600, 5760, 7200}, // rank 3.6: 3600 + 0.6 × 3600
	}
	for _, tt := range tests {
		st := StatOf(tt.vals)
		if st.N != len(tt.vals) || *st.Median != tt.med || *st.P90 != tt.p90 || *st.Max != tt.max {
			t.Errorf("StatOf(%v) = n %d median %d p90 %d max %d, want %d %d %d",
				tt.vals, st.N, *st.Median, *st.P90, *st.Max, tt.med, tt.p90, tt.max)
		}
	}
	if st := StatOf(nil); st.N != 0 || st.Median != nil {
		t.Errorf("StatOf(nil) = %+v", st)
	}
}

func TestUptimeMergesOverlaps(t *testing.T) {
	from, to := at("2024-07-01T00:00:00Z"), at("2024-07-02T00:00:00Z") // 24 h
	major, minor, maint := incident.ImpactMajor, incident.ImpactMinor, incident.ImpactMaintenance
	tests := []struct {
		name                  string
		method                string
		incs                  []Analysis
		vendors               int
		down, degraded, maint float64
		percent               float64
		noWindow              int
	}{
		{"overlap merged", "major-down", []Analysis{
			hand("A", major, "2024-07-01T10:00:00Z", "2024-07-01T12:00:00Z"),
			hand("A", incident.ImpactCritical, "2024-07-01T11:00:00Z", "2024-07-01T13:00:00Z"),
		}, 1, 3, 0, 0, 87.5, 0},
		{"minor degraded, not down; overlap with down excluded", "major-down", []Analysis{
			hand("A", major, "2024-07-01T10:00:00Z", "2024-07-01T12:00:00Z"),
			hand("A", minor, "2024-07-01T11:00:00Z", "2024-07-01T14:00:00Z"),
			hand("A", maint, "2024-07-01T01:00:00Z", "2024-07-01T02:00:00Z"),
			hand("A", incident.ImpactUnknown, "2024-07-01T20:00:00Z", "2024-07-01T21:00:00Z"),
		}, 1, 2, 2, 1, 100 * (1 - 2.0/24), 0},
		{"any-impact counts unknown and minor", "any-impact", []Analysis{
			hand("A", minor, "2024-07-01T11:00:00Z", "2024-07-01T14:00:00Z"),
			hand("A", incident.ImpactUnknown, "2024-07-01T13:00:00Z", "2024-07-01T15:00:00Z"),
		}, 1, 4, 0, 0, 100 * (1 - 4.0/24), 0},
		{"clipped to the period", "major-down", []Analysis{
			hand("A", major, "2024-06-30T22:00:00Z", "2024-07-01T02:00:00Z"),
		}, 1, 2, 0, 0, 100 * (1 - 2.0/24), 0},
		{"vendors not merged together: vendor-hours", "major-down", []Analysis{
			hand("A", major, "2024-07-01T10:00:00Z", "2024-07-01T16:00:00Z"),
			hand("B", major, "2024-07-01T10:00:00Z", "2024-07-01T16:00:00Z"),
		}, 2, 12, 0, 0, 75, 0},
		{"no end: counted apart", "major-down", []Analysis{
			hand("A", major, "2024-07-01T10:00:00Z", ""),
		}, 1, 0, 0, 0, 100, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := LookupUptimeMethod(tt.method)
			if err != nil {
				t.Fatal(err)
			}
			ps := make([]*Analysis, len(tt.incs))
			for i := range tt.incs {
				ps[i] = &tt.incs[i]
			}
			u := uptimeOf(ps, from, to, m, tt.vendors)
			if u.DownHours != tt.down || u.DegradedHours != tt.degraded || u.MaintenanceHours != tt.maint || u.NoWindow != tt.noWindow {
				t.Errorf("got down %v degraded %v maintenance %v no window %d, want %v %v %v %d",
					u.DownHours, u.DegradedHours, u.MaintenanceHours, u.NoWindow, tt.down, tt.degraded, tt.maint, tt.noWindow)
			}
			if u.Percent == nil || math.Abs(*u.Percent-tt.percent) > 0.0001 {
				t.Errorf("percent = %v, want %v", u.Percent, tt.percent)
			}
		})
	}
}

func TestLookupUptimeMethod(t *testing.T) {
	if m, err := LookupUptimeMethod(""); err != nil || m.Name != "major-down" {
		t.Errorf("default = %q, %v", m.Name, err)
	}
	if _, err := LookupUptimeMethod("nines"); err == nil {
		t.Error("unknown method accepted")
	}
}

func TestQuarters(t *testing.T) {
	tests := []struct {
		in      string
		quarter string
		start   string
	}{
		{"2024-01-01T00:00:00Z", "2024Q1", "2024-01-01T00:00:00Z"},
		{"2024-03-31T23:59:59Z", "2024Q1", "2024-01-01T00:00:00Z"},
		{"2024-04-01T00:00:00Z", "2024Q2", "2024-04-01T00:00:00Z"},
		{"2024-09-30T23:00:00-02:00", "2024Q4", "2024-10-01T00:00:00Z"}, // UTC decides
		{"2024-12-31T12:00:00Z", "2024Q4", "2024-10-01T00:00:00Z"},
	}
	for _, tt := range tests {
		tm, _ := time.Parse(time.RFC3339, tt.in)
		if q := QuarterOf(tm); q != tt.quarter {
			t.Errorf("QuarterOf(%s) = %s, want %s", tt.in, q, tt.quarter)
		}
		if s := quarterStart(tm); !s.Equal(at(tt.start)) {
			t.Errorf("quarterStart(%s) = %s", tt.in, s)
		}
	}
	if s, e, err := ParseQuarter("2024q3"); err != nil || !s.Equal(at("2024-07-01T00:00:00Z")) || !e.Equal(at("2024-10-01T00:00:00Z")) {
		t.Errorf("ParseQuarter(2024q3) = %s %s %v", s, e, err)
	}
	for _, bad := range []string{"2024Q5", "2024", "Q3", "24Q1x"} {
		if _, _, err := ParseQuarter(bad); err == nil {
			t.Errorf("ParseQuarter(%q) accepted", bad)
		}
	}
}

func TestFilter(t *testing.T) {
	as := []Analysis{
		hand("Acme", incident.ImpactMajor, "2024-06-30T23:59:00Z", "2024-07-01T01:00:00Z"),
		hand("Acme", incident.ImpactMajor, "2024-07-01T00:00:00Z", "2024-07-01T01:00:00Z"),
		hand("Zed", incident.ImpactMinor, "2024-09-30T23:00:00Z", "2024-10-01T01:00:00Z"),
		hand("Zed", incident.ImpactMinor, "", ""),
	}
	tests := []struct {
		name                  string
		since, until, quarter string
		vendors               []string
		want                  []int
		wantErr               bool
	}{
		{name: "none", want: []int{0, 1, 2, 3}},
		{name: "quarter", quarter: "2024Q3", want: []int{1, 2}},
		{name: "since date", since: "2024-07-01", want: []int{1, 2}},
		{name: "until date includes the day", until: "2024-06-30", want: []int{0}},
		{name: "until RFC3339 exclusive", until: "2024-07-01T00:00:00Z", want: []int{0}},
		{name: "vendor case-insensitive", vendors: []string{"ZED"}, want: []int{2, 3}},
		{name: "vendor and quarter", quarter: "2024q3", vendors: []string{"acme"}, want: []int{1}},
		{name: "since and quarter intersect", since: "2024-08-01", quarter: "2024Q3", want: []int{2}},
		{name: "bad date", since: "July 1", wantErr: true},
		{name: "bad quarter", quarter: "2024Q9", wantErr: true},
		{name: "empty period", since: "2024-08-01", until: "2024-07-01", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := ParseFilter(tt.since, tt.until, tt.quarter, tt.vendors)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v", err)
			}
			if err != nil {
				return
			}
			var got []int
			for i := range as {
				if f.Match(&as[i]) {
					got = append(got, i)
				}
			}
			if len(got) != len(tt.want) {
				t.Fatalf("kept %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("kept %v, want %v", got, tt.want)
				}
			}
		})
	}
}

func TestAggregateQuartersAndDeltas(t *testing.T) {
	major := incident.ImpactMajor
	all := []Analysis{
		hand("A", major, "2024-05-10T10:00:00Z", "2024-05-10T11:00:00Z"), // Q2: 1 h
		hand("A", major, "2024-07-10T10:00:00Z", "2024-07-10T13:00:00Z"), // Q3: 3 h
		hand("A", major, "2024-08-10T10:00:00Z", "2024-08-10T15:00:00Z"), // Q3: 5 h
		hand("B", incident.ImpactMinor, "2024-09-01T00:00:00Z", "2024-09-01T00:30:00Z"),
		hand("A", incident.ImpactMaintenance, "2024-09-02T00:00:00Z", "2024-09-02T02:00:00Z"),
	}
	f, _ := ParseFilter("", "", "2024Q3", nil)
	kept, pool := f.split(all)
	s := Aggregate(kept, pool, f, UptimeMethods[0], at("2026-01-01T00:00:00Z"))
	if s.Period.From != "filter" || len(s.Period.Quarters) != 1 || s.Period.Quarters[0] != "2024Q3" {
		t.Fatalf("period = %+v", s.Period)
	}
	a := s.ByVendor["A"]
	if a.Incidents != 3 || a.Maintenance != 1 || a.ImpactHours != 8 || a.MaintenanceHours != 2 {
		t.Errorf("A = incidents %d maintenance %d impact h %v maintenance h %v", a.Incidents, a.Maintenance, a.ImpactHours, a.MaintenanceHours)
	}
	ttr := a.Metrics["time_to_resolve_s"]
	if ttr.N != 3 || *ttr.Median != 3*3600 || *ttr.Max != 5*3600 {
		t.Errorf("A ttr = %+v", ttr)
	}
	q := s.Quarters[0]
	d := q.ByVendor["A"].Delta
	if d == nil || d.Against != "2024Q2" || d.Incidents != 2 || d.ImpactHours != 7 || *d.MedianTimeToResolve != 2*3600 {
		t.Fatalf("A delta = %+v", d)
	}
	if q.Overall.Delta == nil || q.Overall.Delta.Incidents != 3 {
		t.Errorf("overall delta = %+v", q.Overall.Delta)
	}
	// 92 days of Q3 × 2 vendors; A down 8 h.
	if u := s.Overall.Uptime; u.PeriodHours != 92*24*2 || u.DownHours != 8 || u.DegradedHours != 0.5 {
		t.Errorf("overall uptime = %+v", u)
	}
	// Without the earlier data there is no delta.
	s2 := Aggregate(kept, kept, f, UptimeMethods[0], time.Time{})
	if s2.Quarters[0].Overall.Delta != nil {
		t.Errorf("delta without previous-quarter data: %+v", s2.Quarters[0].Overall.Delta)
	}
}

func TestAggregatePeriodFromData(t *testing.T) {
	as := []Analysis{
		hand("A", incident.ImpactMajor, "2024-02-10T10:00:00Z", "2024-02-10T11:00:00Z"),
		hand("A", incident.ImpactMajor, "2024-08-10T10:00:00Z", "2024-08-10T11:00:00Z"),
	}
	s := Aggregate(as, as, Filter{}, UptimeMethods[0], time.Time{})
	want := []string{"2024Q1", "2024Q2", "2024Q3"}
	if s.Period.From != "data" || len(s.Period.Quarters) != 3 || s.Period.Quarters[2] != want[2] {
		t.Fatalf("period = %+v", s.Period)
	}
	if s.Quarters[1].Overall.Incidents != 0 || s.Quarters[1].Overall.Delta.Incidents != -1 || s.Quarters[2].Overall.Delta.Incidents != 1 {
		t.Errorf("quarters = %+v", s.Quarters)
	}
	if s.Quarters[0].Overall.Delta != nil {
		t.Errorf("first quarter has a delta without earlier data")
	}
}

func TestTopCauseAndShares(t *testing.T) {
	as := []Analysis{hand("A", incident.ImpactMajor, "", ""), hand("A", incident.ImpactMajor, "", ""),
		hand("A", incident.ImpactMajor, "", ""), hand("A", incident.ImpactMajor, "", "")}
	as[0].RootCause.Category = "network"
	as[1].RootCause.Category = "capacity"
	as[2].RootCause.Category = "undisclosed"
	as[3].Postmortem = &incident.Postmortem{Text: "x"}
	ps := []*Analysis{&as[0], &as[1], &as[2], &as[3]}
	g := group(ps)
	if g.TopCause != "capacity" || g.WithDisclosedCause != 2 || *g.DisclosedShare != 0.5 || *g.PostmortemShare != 0.25 {
		t.Errorf("group = top %q disclosed %d share %v pm %v", g.TopCause, g.WithDisclosedCause, *g.DisclosedShare, *g.PostmortemShare)
	}
	if c := topCause(map[string]int{"undisclosed": 3}); c != "undisclosed" {
		t.Errorf("topCause(undisclosed only) = %q", c)
	}
}
