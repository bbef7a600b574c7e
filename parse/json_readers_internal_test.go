package parse

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/postmortem-dev/postmortem/parse/incident"
)

// TestAWSPlace covers the day placement of AWS's date-less update times.
// Stamps and dates are quoted from aws/*.json in the shared corpus.
func TestAWSPlace(t *testing.T) {
	tests := []struct {
		name   string
		date   int64 // the event's "date", epoch seconds
		stamps []string
		want   []string
	}{{
		// kinesis-us-east-1, date "1606314960" = 6:36 AM PST: same day, then
		// 4:42 PM PST is already 00:42 UTC the next day.
		name: "kinesis", date: 1606314960,
		stamps: []string{"6:36 AM PST", "4:42 PM PST", "11:00 PM PST"},
		want:   []string{"2020-11-25T14:36:00Z", "2020-11-26T00:42:00Z", "2020-11-26T07:00:00Z"},
	}, {
		// eks-us-east-1 2021-08-07: 11:33 PM PDT then "Aug 7, 12:27 AM PDT";
		// here with the date dropped, the rollover must find the next day.
		name: "rollover past midnight", date: 1628306280,
		stamps: []string{"8:18 PM PDT", "11:33 PM PDT", "12:27 AM PDT"},
		want:   []string{"2021-08-07T03:18:00Z", "2021-08-07T06:33:00Z", "2021-08-07T07:27:00Z"},
	}, {
		// route53 2019-05-10: stamps with their own dates.
		name: "dated stamps", date: 1557569326,
		stamps: []string{"May 10, 11:21 AM PDT", "May 10, 11:51 PM PDT", "1:41 AM PDT"},
		want:   []string{"2019-05-10T18:21:00Z", "2019-05-11T06:51:00Z", "2019-05-11T08:41:00Z"},
	}, {
		// management-console-us-gov-east-1: date 9:41 AM PDT, the only post
		// says 3:20 AM PDT: the same day, before the date.
		name: "first before date", date: 1556210519,
		stamps: []string{"3:20 AM PDT"},
		want:   []string{"2019-04-25T10:20:00Z"},
	}, {
		// cloudwatch-us-east-1 2020-11-25: date 7:00 AM PST, first post 6:38 AM PST.
		name: "date set after first post", date: 1606316400,
		stamps: []string{"6:38 AM PST", "8:40 AM PST"},
		want:   []string{"2020-11-25T14:38:00Z", "2020-11-25T16:40:00Z"},
	}, {
		// A date just after midnight with a first post just before it
		// (constructed from the rule): the nearest day is the day before.
		name: "first post the evening before", date: time.Date(2020, 11, 26, 8, 10, 0, 0, time.UTC).Unix(), // 00:10 PST
		stamps: []string{"11:50 PM PST"},
		want:   []string{"2020-11-26T07:50:00Z"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, errs := awsPlace(tt.stamps, time.Unix(tt.date, 0).UTC())
			for i := range tt.stamps {
				if errs[i] != nil {
					t.Errorf("%q: %v", tt.stamps[i], errs[i])
					continue
				}
				if g := got[i].Format(time.RFC3339); g != tt.want[i] {
					t.Errorf("%q: got %s, want %s", tt.stamps[i], g, tt.want[i])
				}
			}
		})
	}
	if _, errs := awsPlace([]string{"6:36 AM"}, time.Unix(1606314960, 0).UTC()); errs[0] == nil {
		t.Errorf("a stamp without a zone was placed")
	}
	if got, errs := awsPlace([]string{"6:36 AM PST"}, time.Time{}); errs[0] == nil || !got[0].IsZero() {
		t.Errorf("placed without an event date: %v", got[0])
	}
}

func TestAWSSummary(t *testing.T) {
	tests := []struct {
		in, title string
		resolved  bool
	}{
		{"[RESOLVED] Increased API Error Rates", "Increased API Error Rates", true},
		{" [RESOLVED] Instance Connectivity and Instance Status Check Metrics", "Instance Connectivity and Instance Status Check Metrics", true},
		{"Increased API Error Rates ", "Increased API Error Rates", false},
		{"[RESOLVED] Increased Error Rates &amp; Latencies", "Increased Error Rates & Latencies", true},
		{"[解決済み]SQSでのコネクションリセット及びソケットタイムアウトの発生 | [RESOLVED] Connection reset and socket timeout for SQS ",
			"SQSでのコネクションリセット及びソケットタイムアウトの発生 | Connection reset and socket timeout for SQS", true},
		{"インスタンスの接続性について | Instance Availability", "インスタンスの接続性について | Instance Availability", false},
	}
	for _, tt := range tests {
		title, resolved := awsSummary(tt.in)
		if title != tt.title || resolved != tt.resolved {
			t.Errorf("awsSummary(%q) = %q, %v; want %q, %v", tt.in, title, resolved, tt.title, tt.resolved)
		}
	}
}

func TestAWSEntries(t *testing.T) {
	// From kinesis-us-east-1 (shortened) and a <br> body from the 2022 file.
	desc := `<div><span class="yellowfg"> 6:36 AM PST</span>&nbsp;We are investigating increased error rates.</div>` +
		`<div><span class="yellowfg">11:23 AM PST</span>&nbsp;Line one<br>Line <a href="https://x">two</a>.</div>`
	got := awsEntries(desc)
	want := []awsEntry{{"6:36 AM PST", "We are investigating increased error rates."}, {"11:23 AM PST", "Line one\nLine two."}}
	if len(got) != len(want) {
		t.Fatalf("got %d entries %q, want %d", len(got), got, len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("entry %d = %q, want %q", i, got[i], want[i])
		}
	}
}

func TestFlexString(t *testing.T) {
	var v []awsEvent
	if err := json.Unmarshal([]byte(`[{"status":"1","date":"1606314960"},{"status":1},{"status":null},{"status":{"x":1}}]`), &v); err != nil {
		t.Fatal(err)
	}
	if v[0].Status != "1" || v[1].Status != "1" || v[2].Status != "" || v[0].Date != "1606314960" || v[3].Status != `{"x":1}` {
		t.Errorf("got %q %q %q %q", v[0].Status, v[1].Status, v[2].Status, v[3].Status)
	}
}

func TestHTMLBody(t *testing.T) {
	tests := []struct{ in, want string }{
		// github-incident-rcwk6twq397d-backfilled-2010.json
		{"<ul><li><strong>2010-02-07 06:00:00</strong> - Scheduled maintenance tonight at 10PM Pacific. No downtime expected.</li></ul>",
			"2010-02-07 06:00:00 - Scheduled maintenance tonight at 10PM Pacific. No downtime expected."},
		// github-incidents-2026-07.json
		{"loss of connectivity. <br /><br />Workloads degraded: <br /><br />- Actions saw 10% of jobs fail. <br />- error rates were < 1% in all cases.",
			"loss of connectivity.\n\nWorkloads degraded:\n\n- Actions saw 10% of jobs fail.\n- error rates were < 1% in all cases."},
		// Slack bodies use CRLF.
		{"Slack is now back up. \r\nWe appreciate your patience.", "Slack is now back up. \nWe appreciate your patience."},
		// incident.io Markdown stays as is.
		{`email [support@openai.com](mailto:support@openai.com "support@openai.com") or <https://help.openai.com>`,
			`email [support@openai.com](mailto:support@openai.com "support@openai.com") or <https://help.openai.com>`},
		{"Billing, Payments, & Pricing", "Billing, Payments, & Pricing"},
		{"a &amp; b<br>c", "a & b\nc"},
	}
	for _, tt := range tests {
		if got := htmlBody(tt.in); got != tt.want {
			t.Errorf("htmlBody(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

func TestGCPImpact(t *testing.T) {
	tests := []struct {
		statusImpact, severity string
		want                   incident.Impact
	}{
		{"SERVICE_OUTAGE", "high", incident.ImpactMajor},
		{"SERVICE_DISRUPTION", "medium", incident.ImpactMinor},
		{"SERVICE_INFORMATION", "low", incident.ImpactNone},
		{"", "high", incident.ImpactMajor}, // old schema
		{"", "medium", incident.ImpactMinor},
		{"", "", incident.ImpactUnknown},
	}
	for _, tt := range tests {
		if got := gcpImpact(tt.statusImpact, tt.severity); got != tt.want {
			t.Errorf("gcpImpact(%q, %q) = %s, want %s", tt.statusImpact, tt.severity, got, tt.want)
		}
	}
}

func TestGCPIsReport(t *testing.T) {
	end := time.Date(2022, 6, 15, 0, 43, 0, 0, time.UTC)
	after, before := end.Add(time.Hour), end.Add(-time.Hour)
	tests := []struct {
		body string
		at   time.Time
		want bool
	}{
		{"# Mini Incident Report\nWe apologize", after, true},
		{"**INCIDENT REPORT**\n**Summary:**", after, true},
		{"**Mini Incident-Report:** We apologize", after, true},
		{"## \\# Incident Report\n## \\#\\# Summary", after, true},
		{"Mini Incident Report (Full Incident Report To Follow)", after, true},
		{"# ISSUE SUMMARY\r\nOn 2020-06-29", after, true},
		{"# BACKGROUND\n\nGoogle's Global Service Load Balancer", after, true},
		{"# BACKGROUND\n\nGoogle's Global Service Load Balancer", before, false},
		{"The Incident Report is now available on the Google Cloud Status Dashboard", after, false},
		{"The issue with Google BigQuery has been resolved", after, false},
		{"**Summary**\nWe are investigating an issue", before, false},
	}
	for _, tt := range tests {
		if got := gcpIsReport(strings.ReplaceAll(tt.body, "\r\n", "\n"), tt.at, end); got != tt.want {
			t.Errorf("gcpIsReport(%q) = %v, want %v", tt.body, got, tt.want)
		}
	}
}

func TestJSONKeys(t *testing.T) {
	type kv struct{ k, v string }
	tests := []struct {
		in   string
		want []kv
		ok   bool // whether the walk got to its end without being cut short
	}{
		{`{"a": 1, "b" : "x\"}y", "c": {"d": [1, {"e": "]"}]}, "f": null}`,
			[]kv{{"a", "1"}, {"b", `"x\"}y"`}, {"c", `{"d": [1, {"e": "]"}]}`}, {"f", "null"}}, false},
		{" \n{}", nil, false},
		{`{"a": [1, 2`, nil, false},
		{`{"a": "cut`, nil, false},
		{`["a"]`, nil, false},
		{`{"a":true,"b":false}`, []kv{{"a", "true"}, {"b", "false"}}, false},
	}
	for _, tt := range tests {
		var got []kv
		stopped := jsonKeys([]byte(tt.in), func(k string, v []byte) bool {
			got = append(got, kv{k, string(v)})
			return false
		})
		if stopped != tt.ok || len(got) != len(tt.want) {
			t.Errorf("jsonKeys(%q) = %q (stopped %v), want %q", tt.in, got, stopped, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("jsonKeys(%q)[%d] = %q, want %q", tt.in, i, got[i], tt.want[i])
			}
		}
	}
	if !jsonKeys([]byte(`{"x": [1], "page": {}}`), func(k string, _ []byte) bool { return k == "page" }) {
		t.Errorf("jsonKeys did not report the stop")
	}
	if got := string(jsonFirst([]byte(" [ {\"begin\": \"]\"} , 2]"))); got != `{"begin": "]"}` {
		t.Errorf("jsonFirst = %q", got)
	}
	if jsonFirst([]byte("[]")) != nil || jsonFirst([]byte(`{"a":1}`)) != nil {
		t.Errorf("jsonFirst found an element in an empty array or an object")
	}
}
