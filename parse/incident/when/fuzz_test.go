package when

import (
	"strings"
	"testing"
	"time"
)

func fuzzContext(mode uint8) Context {
	c := Context{}
	if mode&1 != 0 {
		c.Date = day("2024-07-02")
	}
	if mode&2 != 0 {
		c.Ref = u("2021-01-22T00:00:00Z")
	}
	if mode&4 != 0 {
		c.Zone = "MT"
	}
	if mode&8 != 0 {
		c.Default = denver
	}
	return c
}

func checkResult(t *testing.T, in string, r Result) {
	t.Helper()
	if r.Time.Location() != time.UTC {
		t.Fatalf("%q: result not UTC: %v", in, r.Time)
	}
	switch r.ZoneFrom {
	case "explicit", "context", "default":
	default:
		t.Fatalf("%q: ZoneFrom %q", in, r.ZoneFrom)
	}
	if r.Time.IsZero() {
		t.Fatalf("%q: zero time without error", in)
	}
}

func FuzzParse(f *testing.F) {
	for _, tc := range parseCases {
		f.Add(tc.in, uint8(15))
		f.Add(tc.in, uint8(0))
	}
	f.Fuzz(func(t *testing.T, s string, mode uint8) {
		r, err := Parse(s, fuzzContext(mode))
		if err == nil {
			checkResult(t, s, r)
		}
	})
}

func FuzzScan(f *testing.F) {
	for _, tc := range scanCases {
		f.Add(tc.text, uint8(15))
	}
	for _, tc := range parseCases {
		f.Add("x "+tc.in+" and "+tc.in, uint8(3))
	}
	f.Fuzz(func(t *testing.T, s string, mode uint8) {
		last := 0
		for _, m := range Scan(s, fuzzContext(mode)) {
			if m.Start < last || m.Start >= m.End || m.End > len(s) {
				t.Fatalf("%q: bad span [%d,%d) after %d", s, m.Start, m.End, last)
			}
			last = m.End
			if m.Text != s[m.Start:m.End] {
				t.Fatalf("%q: Text %q != text[Start:End]", s, m.Text)
			}
			if m.Err == nil {
				checkResult(t, m.Text, m.Result)
			}
			if strings.TrimSpace(m.Text) != m.Text {
				t.Fatalf("%q: untrimmed match %q", s, m.Text)
			}
		}
	})
}

// FuzzRoundTrip formats an instant with standard layouts and checks Parse gives it back.
func FuzzRoundTrip(f *testing.F) {
	f.Add(int64(1720000000), int16(-360), uint8(0))
	f.Add(int64(0), int16(0), uint8(1))
	f.Add(int64(1609459199), int16(330), uint8(2))
	f.Add(int64(4102444799), int16(-720), uint8(3))
	f.Add(int64(1710063000), int16(60), uint8(4))
	layouts := []string{
		time.RFC3339, time.RFC3339Nano, time.RFC1123Z, time.RFC822Z,
		"Jan 2, 2006 - 15:04:05 -0700", "Monday, 2 January 2006 3:04:05 PM -07:00",
		"2006-01-02 15:04:05Z07:00", "02 Jan 2006 15:04:05 -0700",
	}
	f.Fuzz(func(t *testing.T, sec int64, offMin int16, layout uint8) {
		sec %= 4102444800 // up to 2100
		if sec < 0 {
			sec = -sec
		}
		off := int(offMin) % (14 * 60)
		loc := time.FixedZone("", off*60)
		in := time.Unix(sec, int64(sec%1000)*1e6).In(loc)
		l := layouts[int(layout)%len(layouts)]
		s := in.Format(l)
		r, err := Parse(s, Context{})
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		want, err := time.Parse(l, s)
		if err != nil {
			t.Fatal(err)
		}
		if !r.Time.Equal(want) {
			t.Fatalf("%q: got %s, want %s", s, r.Time, want.UTC())
		}
	})
}
