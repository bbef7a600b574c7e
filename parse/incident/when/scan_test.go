package when

import (
	"encoding/json"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"time"
)

type wantMatch struct {
	text string
	at   string // RFC3339 UTC, "" when err
	err  error
	from string // checked when non-empty
}

type scanCase struct {
	name string
	text string
	c    Context
	want []wantMatch
}

var scanCases = []scanCase{
	{
		// testdata/devset f-aggregator-downrightnow-mailgun-1: a mirror that lost the
		// layout glues the zone to the status word after it.
		name: "zone glued to the next word",
		text: "Apr 15, 2026, 06:40 PDTInvestigating - We are currently investigating",
		want: []wantMatch{
			{text: "Apr 15, 2026, 06:40 PDT", at: "2026-04-15T13:40:00Z", from: "explicit"},
		},
	},
	{
		name: "meridiem glued to the next word",
		text: "May 15, 2018, 2:07 - 3 PMResolved after an hour",
		c:    Context{Zone: "UTC"},
		want: []wantMatch{
			{text: "May 15, 2018, 2:07", at: "2018-05-15T14:07:00Z"}, // the range's meridiem, without a zone of its own
			{text: "3 PM", at: "2018-05-15T15:00:00Z"},
		},
	},
	{
		// testdata/devset d-hostingreport-render-1 (render.com blog): the same time in
		// a second zone, in parentheses, between a time and the date both share.
		name: "time glossed in a second zone, then the date",
		text: "At approximately 15:14 PDT (22:14 UTC) on 2020-09-11, most HTTPS services on Render started returning a page.",
		want: []wantMatch{
			{text: "15:14 PDT (22:14 UTC) on 2020-09-11", at: "2020-09-11T22:14:00Z", from: "explicit"},
		},
	},
	{
		// shared/benchmarks/cloud-incident-extraction azure-r110 (CC0): a gloss defines
		// the ambiguous "CST" and carries to its later use in the same text.
		name: "CST glossed with an offset",
		text: "Between 21:03 CST (UTC+8) on 05 Mar 2020 and 16:03 CST on 06 Mar 2020, a subset of customers in the Azure China regions may have encountered failures.",
		want: []wantMatch{
			{text: "21:03 CST (UTC+8) on 05 Mar 2020", at: "2020-03-05T13:03:00Z", from: "explicit"},
			{text: "16:03 CST on 06 Mar 2020", at: "2020-03-06T08:03:00Z", from: "explicit"},
		},
	},
	{
		// azure-r1 (CC0): a written-out gloss; the later bare "16:50 CST" takes its date
		// from the text and the glossed offset.
		name: "CST glossed with a name",
		text: "Starting at 12:30 CST (China Standard Time) on 22 October 2024, Microsoft identified an increase in traffic. At 16:50 CST the traffic conditions reverted to normal state.",
		want: []wantMatch{
			{text: "12:30 CST (China Standard Time) on 22 October 2024", at: "2024-10-22T04:30:00Z", from: "explicit"},
			{text: "16:50 CST", at: "2024-10-22T08:50:00Z", from: "explicit"},
		},
	},
	{
		// A zone-less time read in a context zone the text has defined.
		name: "gloss applies to the context zone",
		text: "From 09:00 CST (UTC+8) on 1 May 2024 impact grew; by 10:00 it was mitigated.",
		c:    Context{Zone: "CST"},
		want: []wantMatch{
			{text: "09:00 CST (UTC+8) on 1 May 2024", at: "2024-05-01T01:00:00Z", from: "explicit"},
			{text: "10:00", at: "2024-05-01T02:00:00Z", from: "context"},
		},
	},
	{
		// A gloss that agrees with the table changes nothing.
		name: "gloss with UTC",
		text: "At 10:00 EST (UTC-5) on 2 Jan 2024 errors began.",
		want: []wantMatch{
			{text: "10:00 EST (UTC-5) on 2 Jan 2024", at: "2024-01-02T15:00:00Z", from: "explicit"},
		},
	},
	{
		// azure-r64 (CC0): the start has its own zone; it takes the end's date.
		name: "range start with its own zone takes the end's date",
		text: "Between 13:48 UTC and 15:20 UTC on 27 July 2021, a subset of customers experienced issues.",
		c:    Context{Date: day("2021-07-30")},
		want: []wantMatch{
			{text: "13:48 UTC", at: "2021-07-27T13:48:00Z", from: "explicit"},
			{text: "15:20 UTC on 27 July 2021", at: "2021-07-27T15:20:00Z", from: "explicit"},
		},
	},
	{
		// azure-r0 (CC0): same, the range crossing no midnight.
		name: "range start zone and end date",
		text: "Between 01:13 UTC and 13:25 UTC on 13 November 2024, a platform issue resulted in an impact.",
		want: []wantMatch{
			{text: "01:13 UTC", at: "2024-11-13T01:13:00Z", from: "explicit"},
			{text: "13:25 UTC on 13 November 2024", at: "2024-11-13T13:25:00Z", from: "explicit"},
		},
	},
	{
		// Ends in different zones: the start does not take the end's date.
		name: "range with different zones keeps its own date",
		text: "between 23:00 PST and 08:00 UTC on 5 Mar 2024",
		c:    Context{Date: day("2024-03-01")},
		want: []wantMatch{
			{text: "23:00 PST", at: "2024-03-02T07:00:00Z", from: "explicit"},
			{text: "08:00 UTC on 5 Mar 2024", at: "2024-03-05T08:00:00Z", from: "explicit"},
		},
	},
	{
		// seeds/trackvia-2024-07-02-statuspage.txt, Summary
		name: "trackvia summary",
		text: "On July 2nd at 6:47 AM MT, TrackVia Support reported an increase in support tickets related to application scripts. A quick investigation attributed the issue to a recent software release. Reverting the application change corrected the issue and full functionality was restored by 8:00 AM MT. Full timeline detailed below.",
		c:    Context{Ref: u("2024-07-02T19:48:00Z")},
		want: []wantMatch{
			{text: "July 2nd at 6:47 AM MT", at: "2024-07-02T12:47:00Z", from: "explicit"},
			{text: "8:00 AM MT", at: "2024-07-02T14:00:00Z", from: "explicit"},
		},
	},
	{
		// seeds/trackvia-2024-07-02-statuspage.txt, Incident Timeline (the last line has a space + NBSP).
		// The zone comes from the page (Context.Zone).
		name: "trackvia timeline",
		text: "  • July 1 2024 1:01PM - Initial application deployment\n  • July 1 2024 3:00PM - First error reported to SEIM\n  • July 2 2024 6:47AM - Support team escalated customer reported issue to Operations team\n  • July 2 2024 7:38AM - Parameter config changed and application deploy begins\n  • July 2 2024 \u00a08:00AM - Functionality restored",
		c:    Context{Zone: "MT"},
		want: []wantMatch{
			{text: "July 1 2024 1:01PM", at: "2024-07-01T19:01:00Z", from: "context"},
			{text: "July 1 2024 3:00PM", at: "2024-07-01T21:00:00Z", from: "context"},
			{text: "July 2 2024 6:47AM", at: "2024-07-02T12:47:00Z"},
			{text: "July 2 2024 7:38AM", at: "2024-07-02T13:38:00Z"},
			{text: "July 2 2024 \u00a08:00AM", at: "2024-07-02T14:00:00Z"},
		},
	},
	{
		// seeds/trackvia-2024-07-02-statuspage.txt, Scope and Root Cause: numbers that are not times.
		name: "trackvia no timestamps",
		text: "Count of Accounts Impacted 84\nCount of Failed Transactions 3212\n% Total Traffic Impacted 0.04%\nA new application script threading model introduced in the 23.43 release was designed to manage app script compilation",
		c:    Context{Zone: "MT", Date: day("2024-07-02")},
	},
	{
		// seeds/trekksoft-2024-02-15-pingoru.txt, postmortem body
		name: "trekksoft postmortem",
		text: "**Incident Date**: February 15, 2024 **Incident Duration**: Approximately 1 hour **Affected Services**: All services **Incident Description**: At approximately 11:30 AM CET on February 15, 2024, a bug fix caused an unexpected slowdown of our database.",
		want: []wantMatch{{text: "11:30 AM CET on February 15, 2024", at: "2024-02-15T10:30:00Z"}},
	},
	{
		// seeds/trekksoft-2024-02-15-pingoru.txt, header: a bare date, then durations, then stamps.
		name: "trekksoft header",
		text: "TrekkSoft experienced a major incident on February 15, 2024 affecting TrekkSoft Backoffice and TrekkSoft API and 1 more component, lasting 3h 16m. The incident has been resolved; the full update timeline is below.\n\nStarted\nFeb 15, 2024, 11:00 AM UTC\nResolved\nFeb 15, 2024, 02:16 PM UTC\nDuration\n3h 16m",
		want: []wantMatch{
			{text: "Feb 15, 2024, 11:00 AM UTC", at: "2024-02-15T11:00:00Z"},
			{text: "Feb 15, 2024, 02:16 PM UTC", at: "2024-02-15T14:16:00Z"},
		},
	},
	{
		// benchmarks/cloud-incident-extraction aws-r577 (AWS, ECS us-west-2): two ranges sharing PST,
		// with the date from the update (Context.Date).
		name: "aws ranges",
		text: "Between 4:02 PM and 5:47 PM PST and also between 6:08 PM and 6:27 PM PST we experienced elevated latency and API error rates for the Amazon EC2 Container Service APIs in the US-WEST-2 Region.",
		c:    Context{Date: day("2016-12-05")},
		want: []wantMatch{
			{text: "4:02 PM", at: "2016-12-06T00:02:00Z", from: "explicit"},
			{text: "5:47 PM PST", at: "2016-12-06T01:47:00Z"},
			{text: "6:08 PM", at: "2016-12-06T02:08:00Z"},
			{text: "6:27 PM PST", at: "2016-12-06T02:27:00Z"},
		},
	},
	{
		// benchmarks/cloud-postmortems-issre22 azure-20161222-1
		name: "azure between dates",
		text: "Between 23:55 UTC on 21 Dec 2016 to 01:15 UTC on 22 Dec 2016, you were identified as a customer using Visual Studio Team Services",
		want: []wantMatch{
			{text: "23:55 UTC on 21 Dec 2016", at: "2016-12-21T23:55:00Z"},
			{text: "01:15 UTC on 22 Dec 2016", at: "2016-12-22T01:15:00Z"},
		},
	},
	{
		// benchmarks/cloud-postmortems-issre22 azure-20180305-1: the first end takes zone and date from the second.
		name: "azure range date at end",
		text: "Summary of impact: Between 17:40 and 20:20 UTC on 05 Mar 2018, a subset of customers in all regions may have received failure notifications",
		want: []wantMatch{
			{text: "17:40", at: "2018-03-05T17:40:00Z"},
			{text: "20:20 UTC on 05 Mar 2018", at: "2018-03-05T20:20:00Z"},
		},
	},
	{
		// benchmarks/cloud-postmortems-issre22 azure-20210318-1: US month/day/year.
		name: "azure slash dates",
		text: "Timeline: 3/18/2021 23:00 UTC - First Impact Observed in West Europe. 3/18/2021 23:10 UTC - West Europe Key Vault service fails over to North Europe. 3/19/2021 00:00 UTC - North Europe Vaults impacted by same i",
		want: []wantMatch{
			{text: "3/18/2021 23:00 UTC", at: "2021-03-18T23:00:00Z"},
			{text: "3/18/2021 23:10 UTC", at: "2021-03-18T23:10:00Z"},
			{text: "3/19/2021 00:00 UTC", at: "2021-03-19T00:00:00Z"},
		},
	},
	{
		// benchmarks/cloud-postmortems-issre22 google-BQ-3: date carried into a range.
		name: "google monday range",
		text: "On Monday 25 July 2016 between 17:03 and 18:14 PDT, the BigQuery Streaming API returned HTTP 500 or 503 errors for 35% of streaming insert requests, with a peak error rate of 49% at 17:40.",
		want: []wantMatch{
			{text: "Monday 25 July 2016 between 17:03", at: "2016-07-26T00:03:00Z"},
			{text: "18:14 PDT", at: "2016-07-26T01:14:00Z"},
			{text: "17:40", at: "2016-07-26T00:40:00Z", from: "context"},
		},
	},
	{
		// benchmarks/cloud-postmortems-issre22 google-BQ-8: "US/PDT" is not an IANA name; read as PDT.
		name: "google US/PDT",
		text: "On 2017-07-26 from 13:45 to 15:45 US/PDT, BigQuery jobs experienced elevated failures at a rate of 7% to 15%, depending on the operation attempted.",
		want: []wantMatch{
			{text: "2017-07-26 from 13:45", at: "2017-07-26T20:45:00Z"},
			{text: "15:45 US/PDT", at: "2017-07-26T22:45:00Z"},
		},
	},
	{
		// benchmarks/cloud-incident-extraction gcp-r1501
		name: "gcp update by",
		text: "ponents beginning at Friday, 2021-11-12 00:36:24 PST US/Pacific.\nOur engineering team continues to investigate the issue.\nWe will provide an update by Friday, 2021-11-12 02:15 US/Pacific with current details.",
		want: []wantMatch{
			{text: "Friday, 2021-11-12 00:36:24 PST", at: "2021-11-12T08:36:24Z"},
			{text: "Friday, 2021-11-12 02:15 US/Pacific", at: "2021-11-12T10:15:00Z"},
		},
	},
	{
		// benchmarks/llm-service-incidents qvp3rhvc3vwk (OpenAI postmortem): the next morning.
		name: "openai crosses midnight",
		text: "On June 3, 2024, at 11:49 PM PDT, ChatGPT experienced a significant outage affecting all user tiers (paid, enterprise, free, anonymous).\nBy 4:10 AM PDT, service was fully restored.",
		want: []wantMatch{
			{text: "June 3, 2024, at 11:49 PM PDT", at: "2024-06-04T06:49:00Z"},
			{text: "4:10 AM PDT", at: "2024-06-04T11:10:00Z"},
		},
	},
	{
		// benchmarks/llm-service-incidents y42bt4lwjhxc (Character.AI), with the date of its update.
		name: "PT range",
		text: "A deployment caused an unexpected database lock, triggering an outage from 13:51 PT to 14:00 PT. The offending change was rolled back",
		c:    Context{Date: day("2021-02-11")},
		want: []wantMatch{
			{text: "13:51 PT", at: "2021-02-11T21:51:00Z"},
			{text: "14:00 PT", at: "2021-02-11T22:00:00Z"},
		},
	},
	{
		// benchmarks/llm-service-incidents x7ypskmhwdmj: no zone anywhere -> ErrNoZone, not UTC.
		name: "no zone",
		text: "Our API suffered a momentary outage of our authentication service for 4 minutes (10:22-10:26 AM) due to an internal configuration issue.",
		c:    Context{Date: day("2022-06-01")},
		want: []wantMatch{
			{text: "10:22", err: ErrNoZone},
			{text: "10:26 AM", err: ErrNoZone},
		},
	},
	{
		// benchmarks/llm-service-incidents gl42kz9j07rr: a pandas duration, not a time.
		name: "duration",
		text: "0 days 01:17:00",
		c:    Context{Zone: "UTC", Date: day("2024-01-01")},
	},
	{
		// benchmarks/cloud-postmortems-issre22 gcnet-18003: ranges in parentheses with PT.
		name: "gcnet ranges",
		text: "europe-west3-a for 34 minutes (09:52 AM to 10:21 AM PT) us-central1-b for 79 minutes",
		c:    Context{Date: day("2018-07-17")},
		want: []wantMatch{
			{text: "09:52 AM", at: "2018-07-17T16:52:00Z"},
			{text: "10:21 AM PT", at: "2018-07-17T17:21:00Z"},
		},
	},
	{
		// benchmarks/cloud-incident-extraction azure-r17: "@" between date and time, en dash after.
		name: "azure at-sign",
		text: "<li>30 August 2023 @ 17:00 UTC – All but one SQL Database tenant ring had recovered</li><li>30 August 2023 @ 19:20 UTC – 90% of VMs recovered</li>",
		want: []wantMatch{
			{text: "30 August 2023 @ 17:00 UTC", at: "2023-08-30T17:00:00Z"},
			{text: "30 August 2023 @ 19:20 UTC", at: "2023-08-30T19:20:00Z"},
		},
	},
	{
		// Spec examples.
		name: "spec examples",
		text: "from 19:52-20:35 UTC. Friday, 2022-07-01 12:23 US/Pacific and 2024-07-02T14:00:00Z, then on 15 January 2024 at 14:05 UTC.",
		c:    Context{Date: day("2024-07-02")},
		want: []wantMatch{
			{text: "19:52", at: "2024-07-02T19:52:00Z"},
			{text: "20:35 UTC", at: "2024-07-02T20:35:00Z"},
			{text: "Friday, 2022-07-01 12:23 US/Pacific", at: "2022-07-01T19:23:00Z"},
			{text: "2024-07-02T14:00:00Z", at: "2024-07-02T14:00:00Z"},
			{text: "15 January 2024 at 14:05 UTC", at: "2024-01-15T14:05:00Z"},
		},
	},
	{
		name: "between and",
		text: "Errors were elevated between 09:50 and 10:40 UTC.",
		c:    Context{Date: day("2024-02-15")},
		want: []wantMatch{
			{text: "09:50", at: "2024-02-15T09:50:00Z"},
			{text: "10:40 UTC", at: "2024-02-15T10:40:00Z"},
		},
	},
	{
		name: "year-less without Ref",
		text: "Update - Mar 13, 10:16 MDT",
		want: []wantMatch{{text: "Mar 13, 10:16 MDT", err: ErrNoYear}},
	},
	{
		name: "unknown zone",
		text: "The fix was deployed at 13:48 XYT on Feb 15, 2024.",
		want: []wantMatch{{text: "13:48 XYT on Feb 15, 2024", err: ErrUnknownZone}},
	},
	{
		name: "no timestamps",
		text: "The outage lasted for 47 minutes. We released version 23.43 to 99.9% of users; 3212 transactions failed. May we apologise. Ratio 3:1. v1.2.3, build 10:1",
		c:    Context{Zone: "UTC", Date: day("2024-02-15")},
	},
}

func TestScan(t *testing.T) {
	for _, tc := range scanCases {
		t.Run(tc.name, func(t *testing.T) {
			got := Scan(tc.text, tc.c)
			for i, m := range got {
				if m.Text != tc.text[m.Start:m.End] {
					t.Errorf("match %d: Text %q != text[Start:End]", i, m.Text)
				}
				if i >= len(tc.want) {
					t.Errorf("extra match %q (%v, %v)", m.Text, m.Result.Time, m.Err)
					continue
				}
				w := tc.want[i]
				if m.Text != w.text {
					t.Errorf("match %d: text %q, want %q", i, m.Text, w.text)
				}
				if w.err != nil {
					if !errors.Is(m.Err, w.err) {
						t.Errorf("match %d %q: err %v, want %v", i, m.Text, m.Err, w.err)
					}
					continue
				}
				if m.Err != nil {
					t.Errorf("match %d %q: %v", i, m.Text, m.Err)
					continue
				}
				if !m.Result.Time.Equal(u(w.at)) || m.Result.Time.Location() != time.UTC {
					t.Errorf("match %d %q: %s, want %s", i, m.Text, m.Result.Time.Format(time.RFC3339), w.at)
				}
				if w.from != "" && m.Result.ZoneFrom != w.from {
					t.Errorf("match %d %q: ZoneFrom %q, want %q", i, m.Text, m.Result.ZoneFrom, w.from)
				}
			}
			if len(got) < len(tc.want) {
				t.Errorf("%d matches, want %d", len(got), len(tc.want))
			}
		})
	}
}

// TestScanSeeds runs Scan over the whole seed files: every match resolves.
func TestScanSeeds(t *testing.T) {
	files := map[string]int{
		"/work/shared/seeds/trackvia-2024-07-02-statuspage.txt": 11,
		"/work/shared/seeds/trekksoft-2024-02-15-pingoru.txt":   8,
	}
	for f, n := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Skip("seeds not available:", err)
		}
		ms := Scan(string(b), Context{Ref: u("2024-07-02T19:48:00Z")})
		if len(ms) != n {
			t.Errorf("%s: %d matches, want %d", f, len(ms), n)
		}
		for _, m := range ms {
			if m.Err != nil {
				t.Errorf("%s: %q: %v", f, m.Text, m.Err)
			}
			if strings.Contains(m.Text, "\n\n") {
				t.Errorf("%s: match across paragraphs %q", f, m.Text)
			}
		}
	}
}

// TestConcurrent: Parse and Scan share only the zone cache.
func TestConcurrent(t *testing.T) {
	done := make(chan bool)
	for g := 0; g < 8; g++ {
		go func() {
			for i := 0; i < 200; i++ {
				for _, tc := range parseCases[:40] {
					Parse(tc.in, tc.c)
				}
				Scan(scanCases[0].text, scanCases[0].c)
			}
			done <- true
		}()
	}
	for g := 0; g < 8; g++ {
		<-done
	}
}

// TestBenchmarkDisplayTimestamps parses every Statuspage update stamp in
// benchmarks/llm-service-incidents ("Posted 6 months ago. Feb 26, 2024 - 10:21 PST")
// and compares with the labelled UTC instant.
func TestBenchmarkDisplayTimestamps(t *testing.T) {
	f, err := os.Open("/work/shared/benchmarks/llm-service-incidents/incidents.jsonl")
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	dec := json.NewDecoder(f)
	n := 0
	for {
		var rec struct {
			Updates []struct {
				Display string `json:"timestamp_display"`
				UTC     string `json:"timestamp_utc"`
			} `json:"updates"`
		}
		if err := dec.Decode(&rec); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		for _, up := range rec.Updates {
			if up.Display == "" || up.UTC == "" {
				continue
			}
			n++
			r, err := Parse(up.Display, Context{})
			if err != nil {
				t.Errorf("%q: %v", up.Display, err)
				continue
			}
			if got := r.Time.Format(time.RFC3339); got != up.UTC {
				t.Errorf("%q: %s, labelled %s", up.Display, got, up.UTC)
			}
		}
	}
	if n < 1000 {
		t.Errorf("only %d stamps checked", n)
	}
}
