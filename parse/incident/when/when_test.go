package when

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func u(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

func day(s string) time.Time { return u(s + "T00:00:00Z") }

var (
	denver, _ = time.LoadLocation("America/Denver")
	jul2      = Context{Date: day("2024-07-02")}
)

type parseCase struct {
	in    string
	c     Context
	want  string // RFC3339 UTC; "" when err is set
	from  string // ZoneFrom
	warn  bool   // at least one warning expected
	zone  string // Result.Zone; checked when non-empty
	inf   string // comma-joined Inferred; checked when non-empty ("-" for none)
	err   error
	wsub  string // substring of some warning, checked when non-empty
	label string
}

var parseCases = []parseCase{
	// Shapes seen in real documents (seeds, corpus, benchmarks).
	{in: "Feb 15, 2024, 11:00 AM UTC", want: "2024-02-15T11:00:00Z", from: "explicit", zone: "UTC", inf: "-"},
	{in: "Feb 15, 2024, 02:16 PM UTC", want: "2024-02-15T14:16:00Z", from: "explicit"},
	{in: "Feb 19, 2024, 09:33 AM UTC", want: "2024-02-19T09:33:00Z", from: "explicit"},
	{in: "Jul 02, 2024 - 13:48 MDT", want: "2024-07-02T19:48:00Z", from: "explicit", zone: "MDT"},
	{in: "Posted 11 months ago. Aug 23, 2017 - 20:08 MDT", want: "2017-08-24T02:08:00Z", from: "explicit"},
	{in: "Posted Jul 02, 2024 - 08:00 MDT", want: "2024-07-02T14:00:00Z", from: "explicit"},
	{in: "Posted 4 years ago. Feb 11, 2021 - 14:00 PST", want: "2021-02-11T22:00:00Z", from: "explicit"},
	{in: "Posted 6 months ago. Feb 26, 2024 - 10:21 PST", want: "2024-02-26T18:21:00Z", from: "explicit"},
	{in: "July 1 2024 1:01PM", c: Context{Zone: "MT"}, want: "2024-07-01T19:01:00Z", from: "context", zone: "MT", inf: "zone", warn: true, wsub: `"MT" read as America/Denver: MDT (UTC-6) on 2024-07-01`},
	{in: "July 1 2024 1:01PM", c: Context{Default: denver}, want: "2024-07-01T19:01:00Z", from: "default", zone: "America/Denver", inf: "zone"},
	{in: "July 1 2024 1:01PM", c: Context{Default: time.UTC}, want: "2024-07-01T13:01:00Z", from: "default", zone: "UTC"},
	{in: "July 1 2024 1:01PM", c: Context{Zone: "UTC", Default: denver}, want: "2024-07-01T13:01:00Z", from: "context"},
	{in: "July 2 2024  8:00AM", c: Context{Zone: "MT"}, want: "2024-07-02T14:00:00Z", from: "context", warn: true},
	{in: "July 2 2024 6:47AM", c: Context{Zone: "America/Denver"}, want: "2024-07-02T12:47:00Z", from: "context", warn: false},
	{in: "11:30 AM CET on February 15, 2024", want: "2024-02-15T10:30:00Z", from: "explicit", zone: "CET", inf: "-"},
	{in: "At approximately 11:30 AM CET on February 15, 2024,", want: "2024-02-15T10:30:00Z", from: "explicit"},
	{in: "6:47 AM MT", c: jul2, want: "2024-07-02T12:47:00Z", from: "explicit", inf: "date", warn: true},
	{in: "8:00 AM MT.", c: jul2, want: "2024-07-02T14:00:00Z", from: "explicit", inf: "date", warn: true},
	{in: "Mar 13, 10:16 MDT", c: Context{Ref: u("2024-03-20T00:00:00Z")}, want: "2024-03-13T16:16:00Z", from: "explicit", inf: "year"},
	{in: "Dec 21, 12:31 UTC", c: Context{Ref: u("2020-01-03T00:00:00Z")}, want: "2019-12-21T12:31:00Z", inf: "year"},
	{in: "Jan  1, 09:09 PST", c: Context{Ref: u("2021-01-01T20:00:00Z")}, want: "2021-01-01T17:09:00Z", inf: "year"},
	{in: "Dec 21, 2019 - 12:31 UTC", want: "2019-12-21T12:31:00Z", from: "explicit"},
	{in: "2026-08-17T13:40:03.629Z", want: "2026-08-17T13:40:03.629Z", from: "explicit", zone: "Z"},
	{in: "2026-08-17T13:40:03Z", want: "2026-08-17T13:40:03Z", from: "explicit"},
	{in: "2022-04-14T10:00:00.000-07:00", want: "2022-04-14T17:00:00Z", from: "explicit", zone: "-07:00"},
	{in: "2024-03-28T08:59:00-07:00", want: "2024-03-28T15:59:00Z", from: "explicit"},
	{in: "2021-01-19T20:06:02+00:00", want: "2021-01-19T20:06:02Z", from: "explicit"},
	{in: "2024-07-02t14:00:00z", want: "2024-07-02T14:00:00Z", from: "explicit"},
	{in: "2024-07-02T14:00+02:00", want: "2024-07-02T12:00:00Z", from: "explicit"},
	{in: "2024-01-31 17:20:00+00:00", want: "2024-01-31T17:20:00Z", from: "explicit"},
	{in: "2024-07-02 14:00:00 +0000 UTC", want: "2024-07-02T14:00:00Z", from: "explicit", zone: "+0000"},
	{in: "Thu, 08 Feb 2024 09:00:14 +0000", want: "2024-02-08T09:00:14Z", from: "explicit", zone: "+0000"},
	{in: "Tue, 25 Nov 2025 12:31:00 Z", want: "2025-11-25T12:31:00Z", from: "explicit"},
	{in: "Mon, 15 Jan 2024 10:00:00 PST", want: "2024-01-15T18:00:00Z", from: "explicit", warn: false},
	{in: "Mon, 15 Jan 2024 10:00:00 -0800 (PST)", want: "2024-01-15T18:00:00Z", from: "explicit"},
	{in: "Mon, 02 Jan 2006 15:04:05 -0700", want: "2006-01-02T22:04:05Z", from: "explicit"},
	{in: "Mon, 02 Jan 06 15:04 -0700", want: "2006-01-02T22:04:00Z", from: "explicit"}, // RFC 822
	{in: "31 Dec 99 11:59 -1200", want: "1999-12-31T23:59:00Z", from: "explicit"},
	{in: "2022-07-01 12:23 US/Pacific", want: "2022-07-01T19:23:00Z", from: "explicit", zone: "US/Pacific", warn: false},
	{in: "Friday, 2022-07-01 12:23 US/Pacific", want: "2022-07-01T19:23:00Z", from: "explicit"},
	{in: "Friday, 2021-11-12 00:36:24 PST US/Pacific.", want: "2021-11-12T08:36:24Z", from: "explicit", zone: "PST"},
	{in: " 6:36 AM PST", c: Context{Date: day("2024-01-10")}, want: "2024-01-10T14:36:00Z", from: "explicit", inf: "date"},
	{in: "Jan 23, 2021 2:50 AM CST", want: "2021-01-23T08:50:00Z", from: "explicit", warn: true, wsub: `ambiguous zone "CST"`},
	{in: "15 February 2024 11:30 CET", want: "2024-02-15T10:30:00Z", from: "explicit"},
	{in: "on 15 January 2024 at 14:05 UTC", want: "2024-01-15T14:05:00Z", from: "explicit"},
	{in: "2024-02-15 11:30 UTC", want: "2024-02-15T11:30:00Z", from: "explicit"},
	{in: "2024/02/15 11:30 UTC", want: "2024-02-15T11:30:00Z", from: "explicit"},
	{in: "30 August 2023 @ 19:29 UTC", want: "2023-08-30T19:29:00Z", from: "explicit"},
	{in: "| Mar 08, 2019 | 02:51 |", c: Context{Zone: "UTC"}, want: "2019-03-08T02:51:00Z", from: "context"},
	{in: "On Wednesday August 26th 2015 at 07:26 PDT,", want: "2015-08-26T14:26:00Z", from: "explicit"},
	{in: "On Tuesday 21 May, 2019 at 00:19 US/Pacific,", want: "2019-05-21T07:19:00Z", from: "explicit"},
	{in: "February 15th, 2024 at 11:30 UTC", want: "2024-02-15T11:30:00Z"},
	{in: "the 15th of February 2024, 11:30 UTC", want: "2024-02-15T11:30:00Z"},
	{in: "On June 3, 2024, at 11:49 PM PDT, ChatGPT", want: "2024-06-04T06:49:00Z", from: "explicit"},
	{in: "Timeline: 3/18/2021 23:00 UTC - First Impact", want: "2021-03-18T23:00:00Z", warn: false},
	{in: "3/4/2021 23:00 UTC", want: "2021-03-04T23:00:00Z", warn: true, wsub: "month/day/year"},
	{in: "20240719T22:00:00", c: Context{Zone: "UTC"}, want: "2024-07-19T22:00:00Z", from: "context"},
	{in: "Feb\u00a015,\u00a02024, 11:00\u00a0AM\u00a0UTC", want: "2024-02-15T11:00:00Z"},
	{in: "Feb 15 , 2024 ,  11:00  AM  UTC .", want: "2024-02-15T11:00:00Z"},
	{in: "Jul 2, 2024 – 13:48 MDT", want: "2024-07-02T19:48:00Z"},
	{in: "Sept. 3, 2024 10:00 UTC", want: "2024-09-03T10:00:00Z"},
	{in: "JUL 02 2024 13:48 MDT", want: "2024-07-02T19:48:00Z"},

	// Clocks.
	{in: "11:00am UTC", c: jul2, want: "2024-07-02T11:00:00Z"},
	{in: "11 AM UTC", c: jul2, want: "2024-07-02T11:00:00Z"},
	{in: "3PM UTC", c: jul2, want: "2024-07-02T15:00:00Z"},
	{in: "3 p.m. UTC", c: jul2, want: "2024-07-02T15:00:00Z"},
	{in: "12:00 AM UTC", c: jul2, want: "2024-07-02T00:00:00Z"},
	{in: "12:30 PM UTC", c: jul2, want: "2024-07-02T12:30:00Z"},
	{in: "00:30 UTC", c: jul2, want: "2024-07-02T00:30:00Z"},
	{in: "23:59:59 UTC", c: jul2, want: "2024-07-02T23:59:59Z"},
	{in: "13:00 PM UTC", c: jul2, want: "2024-07-02T13:00:00Z", warn: true, wsub: "PM"},
	{in: "10:00 utc", c: jul2, want: "2024-07-02T10:00:00Z", zone: "utc"},
	{in: "10:00 Utc", c: jul2, want: "2024-07-02T10:00:00Z"},
	{in: "10:00 (UTC)", c: jul2, want: "2024-07-02T10:00:00Z", zone: "UTC"},
	{in: "10:00 GMT", c: jul2, want: "2024-07-02T10:00:00Z"},

	// Numeric offsets and UTC±N.
	{in: "10:00 UTC+2", c: jul2, want: "2024-07-02T08:00:00Z", zone: "UTC+2"},
	{in: "10:00 UTC+05:30", c: jul2, want: "2024-07-02T04:30:00Z"},
	{in: "10:00 GMT-05:00", c: jul2, want: "2024-07-02T15:00:00Z"},
	{in: "10:00 GMT-5", c: jul2, want: "2024-07-02T15:00:00Z"},
	{in: "10:00 +0100", c: jul2, want: "2024-07-02T09:00:00Z", zone: "+0100"},
	{in: "10:00 +01:00", c: jul2, want: "2024-07-02T09:00:00Z"},
	{in: "10:00 -0330", c: jul2, want: "2024-07-02T13:30:00Z"},
	{in: "10:00 (UTC+01:00)", c: jul2, want: "2024-07-02T09:00:00Z"},

	// Generic and written-out names.
	{in: "10:00 ET", c: jul2, want: "2024-07-02T14:00:00Z", warn: true, wsub: "EDT (UTC-4)"},
	{in: "10:00 ET", c: Context{Date: day("2024-01-02")}, want: "2024-01-02T15:00:00Z", warn: true, wsub: "EST (UTC-5)"},
	{in: "10:00 CT", c: jul2, want: "2024-07-02T15:00:00Z", warn: true},
	{in: "10:00 PT", c: jul2, want: "2024-07-02T17:00:00Z", warn: true},
	{in: "10:00 PT", c: Context{Date: day("2024-12-02")}, want: "2024-12-02T18:00:00Z", warn: true},
	{in: "10:00 Pacific Time", c: jul2, want: "2024-07-02T17:00:00Z", zone: "Pacific Time", warn: true},
	{in: "10:00 Eastern", c: jul2, want: "2024-07-02T14:00:00Z", warn: true},
	{in: "10:00 Pacific Standard Time", c: Context{Date: day("2024-12-02")}, want: "2024-12-02T18:00:00Z", warn: false},
	{in: "10:00 Eastern Daylight Time", c: jul2, want: "2024-07-02T14:00:00Z", warn: false},
	{in: "10:00 Central European Summer Time", c: jul2, want: "2024-07-02T08:00:00Z", warn: false},
	{in: "10:00 Central European Time", c: jul2, want: "2024-07-02T08:00:00Z", warn: true, wsub: "CEST"},
	{in: "10:00 Central European Time", c: Context{Date: day("2024-01-02")}, want: "2024-01-02T09:00:00Z", warn: true},
	{in: "10:00 Coordinated Universal Time", c: jul2, want: "2024-07-02T10:00:00Z"},
	{in: "10:00 India Standard Time", c: jul2, want: "2024-07-02T04:30:00Z", warn: false},
	{in: "13:45 US/PDT", c: Context{Date: day("2017-07-26")}, want: "2017-07-26T20:45:00Z", zone: "US/PDT"},
	{in: "10:00 America/Argentina/Buenos_Aires", c: jul2, want: "2024-07-02T13:00:00Z"},
	{in: "10:00 America/Port-au-Prince", c: jul2, want: "2024-07-02T14:00:00Z"},
	{in: "10:00 Etc/GMT+5", c: jul2, want: "2024-07-02T15:00:00Z"},
	{in: "10:00 NZ", c: jul2, want: "2024-07-01T22:00:00Z"},

	// IANA zones follow the date: CET vs CEST.
	{in: "2024-07-02 10:00 Europe/Berlin", want: "2024-07-02T08:00:00Z", warn: false},
	{in: "2024-01-02 10:00 Europe/Berlin", want: "2024-01-02T09:00:00Z", warn: false},
	{in: "Jul 02, 2024 10:00", c: Context{Zone: "Europe/Berlin"}, want: "2024-07-02T08:00:00Z", from: "context"},
	{in: "Dec 02, 2024 10:00", c: Context{Zone: "Europe/Berlin"}, want: "2024-12-02T09:00:00Z", from: "context"},
	{in: "2024-03-31 02:30 Europe/Berlin", want: "2024-03-31T01:30:00Z", warn: true, wsub: "does not exist"},
	{in: "2024-10-27 02:30 Europe/Berlin", want: "2024-10-27T00:30:00Z", warn: true, wsub: "occurs twice"},

	// DST edges with generic names.
	{in: "2024-03-10 02:30 MT", want: "2024-03-10T09:30:00Z", warn: true, wsub: "read as 03:30 MDT"},
	{in: "2021-11-07 01:30 MT", want: "2021-11-07T07:30:00Z", warn: true, wsub: "read as the first, MDT"},
	{in: "2024-03-10 01:59 MT", want: "2024-03-10T08:59:00Z", warn: true},
	{in: "2024-03-10 03:00 MT", want: "2024-03-10T09:00:00Z", warn: true},
	{in: "2021-11-07 02:00 MT", want: "2021-11-07T09:00:00Z", warn: true},
	{in: "2024-03-10 02:30 ET", want: "2024-03-10T07:30:00Z", warn: true, wsub: "does not exist"},
	{in: "2021-11-07 01:30 ET", want: "2021-11-07T05:30:00Z", warn: true, wsub: "occurs twice"},
	{in: "2024-03-10 02:30 PT", want: "2024-03-10T10:30:00Z", warn: true, wsub: "does not exist"},
	{in: "2021-11-07 01:30 PT", want: "2021-11-07T08:30:00Z", warn: true, wsub: "occurs twice"},
	{in: "2021-11-07 01:30", c: Context{Default: denver}, want: "2021-11-07T07:30:00Z", from: "default", warn: true},
	{in: "2024-03-10 02:30", c: Context{Zone: "America/Denver"}, want: "2024-03-10T09:30:00Z", from: "context", warn: true},
	// Fixed abbreviations are read as written, even across the edge.
	{in: "2021-11-07 01:30 MDT", want: "2021-11-07T07:30:00Z", warn: false},
	{in: "2021-11-07 01:30 MST", want: "2021-11-07T08:30:00Z", warn: false},

	// Abbreviation that contradicts its date: read as written, warned.
	{in: "Jan 15, 2024 10:00 PDT", want: "2024-01-15T17:00:00Z", warn: true, wsub: "America/Los_Angeles is on PST"},
	{in: "Dec 1, 2024 10:00 CEST", want: "2024-12-01T08:00:00Z", warn: true, wsub: "Europe/Berlin is on CET"},
	{in: "Jul 1, 2024 10:00 PST", want: "2024-07-01T18:00:00Z", warn: true, wsub: "PDT"},
	{in: "Jul 1, 2024 10:00 CET", want: "2024-07-01T09:00:00Z", warn: true},
	{in: "Jul 1, 2024 10:00 MST", want: "2024-07-01T17:00:00Z", warn: false}, // Arizona
	{in: "Dec 1, 2024 10:00 BST", want: "2024-12-01T09:00:00Z", warn: true},
	{in: "Friday, Feb 15, 2024 10:00 UTC", want: "2024-02-15T10:00:00Z", warn: true, wsub: "weekday"},

	// Year inference.
	{in: "Dec 14, 10:00 UTC", c: Context{Ref: u("2021-01-12T00:00:00Z")}, want: "2020-12-14T10:00:00Z", inf: "year"},
	{in: "Mar 16, 10:00 UTC", c: Context{Ref: u("2021-01-22T00:00:00Z")}, want: "2020-03-16T10:00:00Z", inf: "year"},
	{in: "Jan 12, 16:04 UTC", c: Context{Ref: u("2021-01-22T00:00:00Z")}, want: "2021-01-12T16:04:00Z", inf: "year"},
	{in: "Jan 23, 16:04 UTC", c: Context{Ref: u("2021-01-22T00:00:00Z")}, want: "2021-01-23T16:04:00Z", inf: "year"}, // within 48h
	{in: "Jan 25, 16:04 UTC", c: Context{Ref: u("2021-01-22T00:00:00Z")}, want: "2020-01-25T16:04:00Z", inf: "year"},
	{in: "Dec 31, 23:50 UTC", c: Context{Ref: u("2021-01-01T00:10:00Z")}, want: "2020-12-31T23:50:00Z"},
	{in: "Feb 29, 10:00 UTC", c: Context{Ref: u("2021-06-01T00:00:00Z")}, want: "2020-02-29T10:00:00Z"},
	{in: "On July 2nd at 6:47 AM MT", c: jul2, want: "2024-07-02T12:47:00Z", inf: "year", warn: true},

	// Errors.
	{in: "Jul 02, 2024 13:48 XYZ", err: ErrUnknownZone},
	{in: "13:48 XYZ", c: jul2, err: ErrUnknownZone},
	{in: "13:48 Mars/Olympus", c: jul2, err: ErrUnknownZone},
	{in: "13:48 Central Europe", c: jul2, err: ErrUnknownZone},
	{in: "13:48 US/XYZ", c: jul2, err: ErrUnknownZone},
	{in: "Jul 02, 2024 13:48", c: Context{Zone: "Nowhere"}, err: ErrUnknownZone},
	{in: "Jul 02, 2024 13:48", c: Context{Zone: "Local"}, err: ErrUnknownZone},
	{in: "Jul 02, 2024 13:48", err: ErrNoZone},
	{in: "July 1 2024 1:01PM", err: ErrNoZone},
	{in: "Mar 13, 10:16 MDT", err: ErrNoYear},
	{in: "Dec 21, 12:31 UTC", c: Context{Zone: "UTC"}, err: ErrNoYear},
	{in: "6:47 AM MT", err: ErrNoDate},
	{in: "10:16 UTC", c: Context{Ref: u("2021-01-22T00:00:00Z")}, err: ErrNoDate},
	{in: "garbage", err: ErrNoTime},
	{in: "", err: ErrNoTime},
	{in: "version 23.43", c: jul2, err: ErrNoTime},
	{in: "99.9%", c: jul2, err: ErrNoTime},
	{in: "for 47 minutes", c: jul2, err: ErrNoTime},
	{in: "February 15, 2024", c: Context{Zone: "UTC"}, err: ErrNoTime},
	{in: "Feb 30, 2024 10:00 UTC", c: jul2, err: ErrNoTime},
	{in: "2024-13-02 10:00 UTC", c: jul2, err: ErrNoTime},
	{in: "25:00 UTC", c: jul2, err: ErrNoTime},
	{in: "10:61 UTC", c: jul2, err: ErrNoTime},
	{in: "13:00 AM UTC", c: jul2, err: ErrNoTime},
	{in: "0 days 01:17:00", c: Context{Zone: "UTC", Date: day("2024-01-01")}, err: ErrNoTime},
}

func TestParse(t *testing.T) {
	for _, tc := range parseCases {
		name := tc.in
		t.Run(name, func(t *testing.T) {
			r, err := Parse(tc.in, tc.c)
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Fatalf("err = %v, want %v (result %v)", err, tc.err, r.Time)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if r.Time.Location() != time.UTC {
				t.Errorf("result not UTC: %v", r.Time.Location())
			}
			if want := u(tc.want); !r.Time.Equal(want) {
				t.Errorf("time = %s, want %s", r.Time.Format(time.RFC3339Nano), tc.want)
			}
			from := tc.from
			if from == "" {
				from = "explicit"
				if tc.c.Zone != "" {
					from = "context"
				}
			}
			if r.ZoneFrom != from {
				t.Errorf("ZoneFrom = %q, want %q", r.ZoneFrom, from)
			}
			if tc.zone != "" && r.Zone != tc.zone {
				t.Errorf("Zone = %q, want %q", r.Zone, tc.zone)
			}
			if tc.inf != "" {
				got := strings.Join(r.Inferred, ",")
				if tc.inf == "-" && got != "" || tc.inf != "-" && got != tc.inf {
					t.Errorf("Inferred = %q, want %q", got, tc.inf)
				}
			}
			if (len(r.Warnings) > 0) != tc.warn {
				t.Errorf("warnings = %q, want present=%v", r.Warnings, tc.warn)
			}
			if tc.wsub != "" && !strings.Contains(strings.Join(r.Warnings, "\n"), tc.wsub) {
				t.Errorf("warnings = %q, want one containing %q", r.Warnings, tc.wsub)
			}
		})
	}
}

// TestUnknownZoneNamesToken checks the error text names the token.
func TestUnknownZoneNamesToken(t *testing.T) {
	_, err := Parse("Jul 02, 2024 13:48 XYZ", Context{})
	if err == nil || !strings.Contains(err.Error(), `"XYZ"`) {
		t.Fatalf("err = %v", err)
	}
	_, _, err = LookupZone("Narnia/Cair_Paravel")
	if !errors.Is(err, ErrUnknownZone) || !strings.Contains(err.Error(), "Narnia") {
		t.Fatalf("LookupZone err = %v", err)
	}
}

// Offsets checked by hand (not derived from the table).
var handOffsets = map[string]string{
	"UTC": "+00:00", "GMT": "+00:00", "Z": "+00:00", "UT": "+00:00",
	"EST": "-05:00", "EDT": "-04:00", "CST": "-06:00", "CDT": "-05:00",
	"MST": "-07:00", "MDT": "-06:00", "PST": "-08:00", "PDT": "-07:00",
	"AKST": "-09:00", "AKDT": "-08:00", "HST": "-10:00", "HDT": "-09:00",
	"AST": "-04:00", "ADT": "-03:00", "NST": "-03:30", "NDT": "-02:30",
	"WET": "+00:00", "WEST": "+01:00", "CET": "+01:00", "CEST": "+02:00",
	"MET": "+01:00", "MEST": "+02:00", "EET": "+02:00", "EEST": "+03:00",
	"BST": "+01:00", "IST": "+05:30", "IDT": "+03:00", "JST": "+09:00", "KST": "+09:00",
	"SGT": "+08:00", "HKT": "+08:00", "MYT": "+08:00", "PHT": "+08:00", "PHST": "+08:00",
	"WIB": "+07:00", "WITA": "+08:00", "WIT": "+09:00", "ICT": "+07:00", "PKT": "+05:00",
	"NPT": "+05:45", "AWST": "+08:00", "ACST": "+09:30", "ACDT": "+10:30",
	"AEST": "+10:00", "AEDT": "+11:00", "NZST": "+12:00", "NZDT": "+13:00",
	"MSK": "+03:00", "TRT": "+03:00", "SAST": "+02:00", "WAT": "+01:00", "CAT": "+02:00",
	"EAT": "+03:00", "GST": "+04:00", "BRT": "-03:00", "ART": "-03:00",
	"CLT": "-04:00", "CLST": "-03:00", "COT": "-05:00", "PET": "-05:00",
}

// TestEveryAbbreviation has one row per table entry: "2024-01-15 12:00 <abbr>"
// must give the hand-written offset (fixed) or the IANA offset (generic).
func TestEveryAbbreviation(t *testing.T) {
	wall := "2024-01-15T12:00:00"
	for i := range zoneTable {
		e := &zoneTable[i]
		if strings.Contains(e.abbr, " ") {
			continue // written-out names, tested in TestParse
		}
		t.Run(e.abbr, func(t *testing.T) {
			r, err := Parse("2024-01-15 12:00 "+e.abbr, Context{})
			if err != nil {
				t.Fatal(err)
			}
			var want time.Time
			if e.generic() {
				want = time.Date(2024, 1, 15, 12, 0, 0, 0, e.loc)
			} else {
				off, ok := handOffsets[e.abbr]
				if !ok {
					t.Fatalf("no hand-checked offset for %s", e.abbr)
				}
				want = u(wall + off)
				if int(u(wall+"Z").Sub(want)/time.Second) != e.off {
					t.Errorf("table offset %d disagrees with %s", e.off, off)
				}
			}
			if !r.Time.Equal(want) {
				t.Errorf("%s: got %s, want %s", e.abbr, r.Time, want.UTC())
			}
			if r.Zone != e.abbr || r.ZoneFrom != "explicit" {
				t.Errorf("Zone %q from %q", r.Zone, r.ZoneFrom)
			}
			if (e.warn != "") != (len(r.Warnings) > 0) && !e.generic() && e.dst != 1 && !e.stdCheck {
				t.Errorf("warnings %q, table warn %q", r.Warnings, e.warn)
			}
			// LookupZone agrees.
			loc, w, err := LookupZone(e.abbr)
			if err != nil {
				t.Fatal(err)
			}
			if got := time.Date(2024, 1, 15, 12, 0, 0, 0, loc); !got.Equal(want) {
				t.Errorf("LookupZone(%s) gives %s, want %s", e.abbr, got.UTC(), want.UTC())
			}
			if (w != "") != (e.warn != "") {
				t.Errorf("LookupZone warning %q", w)
			}
		})
	}
	for abbr := range handOffsets {
		if abbrs[abbr] == nil {
			t.Errorf("hand offset for %s, which is not in the table", abbr)
		}
	}
}

func TestLookupZone(t *testing.T) {
	cases := []struct {
		tok  string
		at   string // wall time in the zone
		want string // UTC
		warn bool
	}{
		{"UTC", "2024-07-02T10:00:00", "2024-07-02T10:00:00Z", false},
		{"utc", "2024-07-02T10:00:00", "2024-07-02T10:00:00Z", false},
		{"MDT", "2024-07-02T10:00:00", "2024-07-02T16:00:00Z", false},
		{"CST", "2024-01-02T10:00:00", "2024-01-02T16:00:00Z", true},
		{"IST", "2024-01-02T10:00:00", "2024-01-02T04:30:00Z", true},
		{"BST", "2024-07-02T10:00:00", "2024-07-02T09:00:00Z", true},
		{"MT", "2024-07-02T10:00:00", "2024-07-02T16:00:00Z", true},
		{"MT", "2024-01-02T10:00:00", "2024-01-02T17:00:00Z", true},
		{"ET", "2024-07-02T10:00:00", "2024-07-02T14:00:00Z", true},
		{"CT", "2024-01-02T10:00:00", "2024-01-02T16:00:00Z", true},
		{"PT", "2024-01-02T10:00:00", "2024-01-02T18:00:00Z", true},
		{"Pacific Time", "2024-07-02T10:00:00", "2024-07-02T17:00:00Z", true},
		{"Eastern Time", "2024-01-02T10:00:00", "2024-01-02T15:00:00Z", true},
		{"America/Denver", "2024-07-02T10:00:00", "2024-07-02T16:00:00Z", false},
		{"US/Pacific", "2024-01-02T10:00:00", "2024-01-02T18:00:00Z", false},
		{"Europe/Berlin", "2024-07-02T10:00:00", "2024-07-02T08:00:00Z", false},
		{"Europe/Berlin", "2024-01-02T10:00:00", "2024-01-02T09:00:00Z", false},
		{"Japan", "2024-01-02T10:00:00", "2024-01-02T01:00:00Z", false},
		{"UTC+2", "2024-01-02T10:00:00", "2024-01-02T08:00:00Z", false},
		{"GMT-05:00", "2024-01-02T10:00:00", "2024-01-02T15:00:00Z", false},
		{"+0100", "2024-01-02T10:00:00", "2024-01-02T09:00:00Z", false},
		{"-07:00", "2024-01-02T10:00:00", "2024-01-02T17:00:00Z", false},
		{" CET ", "2024-07-02T10:00:00", "2024-07-02T09:00:00Z", false},
	}
	for _, tc := range cases {
		loc, w, err := LookupZone(tc.tok)
		if err != nil {
			t.Errorf("%q: %v", tc.tok, err)
			continue
		}
		wall, _ := time.Parse("2006-01-02T15:04:05", tc.at)
		got := time.Date(wall.Year(), wall.Month(), wall.Day(), wall.Hour(), wall.Minute(), 0, 0, loc)
		if !got.Equal(u(tc.want)) {
			t.Errorf("%q at %s: got %s, want %s", tc.tok, tc.at, got.UTC(), tc.want)
		}
		if (w != "") != tc.warn {
			t.Errorf("%q: warning %q, want present=%v", tc.tok, w, tc.warn)
		}
	}
	for _, bad := range []string{"", "XYZ", "Local", "Mars/Olympus", "UTC+99", "at", "AM", "On", "Central Europe", "mdt", "10:00"} {
		if _, _, err := LookupZone(bad); !errors.Is(err, ErrUnknownZone) {
			t.Errorf("LookupZone(%q) err = %v, want ErrUnknownZone", bad, err)
		}
	}
}

func TestUnix(t *testing.T) {
	if got := UnixMillis(1576931508000); !got.Equal(u("2019-12-21T12:31:48Z")) || got.Location() != time.UTC {
		t.Errorf("UnixMillis = %v", got)
	}
	if got := UnixSeconds(1612137600); !got.Equal(u("2021-02-01T00:00:00Z")) || got.Location() != time.UTC {
		t.Errorf("UnixSeconds = %v", got)
	}
}

// TestNotHostDependent: the result must not depend on time.Local.
func TestNotHostDependent(t *testing.T) {
	saved := time.Local
	defer func() { time.Local = saved }()
	for _, name := range []string{"UTC", "America/Denver", "Asia/Tokyo"} {
		time.Local = mustLoad(name)
		r, err := Parse("Jul 02, 2024 - 13:48 MDT", Context{})
		if err != nil || !r.Time.Equal(u("2024-07-02T19:48:00Z")) {
			t.Errorf("with Local=%s: %v %v", name, r.Time, err)
		}
	}
}
