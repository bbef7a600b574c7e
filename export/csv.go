package export

import (
	"encoding/csv"
	"io"

	"github.com/postmortem-dev/postmortem/analyze"
)

// CSV writes one row per incident (RFC 4180) with every column of
// Columns in Machine style: RFC3339 UTC times, durations in seconds.
// Cells that a spreadsheet would run as a formula are prefixed with '.
func CSV(w io.Writer, r *analyze.Report) error {
	cols := Columns()
	cw := csv.NewWriter(w)
	header := make([]string, len(cols))
	for i, c := range cols {
		header[i] = c.Name
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, row := range Rows(r, cols, Machine) {
		for i, cell := range row {
			row[i] = defuse(cell)
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// defuse guards against CSV formula injection (a vendor title starting
// with "=" runs as a formula in a spreadsheet). Negative numbers are kept.
func defuse(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '@', '\t', '\r':
		return "'" + s
	case '-':
		for _, c := range s[1:] {
			if (c < '0' || c > '9') && c != '.' {
				return "'" + s
			}
		}
	}
	return s
}
