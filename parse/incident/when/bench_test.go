package when

import (
	"os"
	"testing"
)

var benchInputs = []struct {
	s string
	c Context
}{
	{"Feb 15, 2024, 11:00 AM UTC", Context{}},
	{"Posted 11 months ago. Aug 23, 2017 - 20:08 MDT", Context{}},
	{"2022-04-14T10:00:00.000-07:00", Context{}},
	{"Thu, 08 Feb 2024 09:00:14 +0000", Context{}},
	{"6:47 AM MT", jul2},
	{"Mar 13, 10:16 MDT", Context{Ref: u("2024-03-20T00:00:00Z")}},
	{"July 1 2024 1:01PM", Context{Zone: "MT"}},
	{"2022-07-01 12:23 US/Pacific", Context{}},
}

func BenchmarkParse(b *testing.B) {
	for _, in := range benchInputs {
		b.Run(in.s, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(in.s, in.c); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkScan(b *testing.B) {
	data, err := os.ReadFile("/work/shared/seeds/trackvia-2024-07-02-statuspage.txt")
	if err != nil {
		b.Skip(err)
	}
	text := string(data)
	c := Context{Ref: u("2024-07-02T19:48:00Z")}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		Scan(text, c)
	}
}
