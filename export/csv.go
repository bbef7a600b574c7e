package export

import (
	"encoding/csv"
	"io"

	"github.com/postmortem-dev/postmortem/analyze"
)

// CSV writes one row per incident (RFC 4180) with every column of
// Columns in Machine style: RFC3339 UTC times, durations in seconds.
// A text cell that a spreadsheet would run as a formula (it begins with
// = + - @, a tab or a carriage return) is prefixed with '; the number
// and time columns, which the tool writes itself, are left as they are,
// so a negative duration stays a number.
func CSV(w io.Writer, r *analyze.Report) error {
	cols := Columns()
	cw := csv.NewWriter(w)
	header := make([]string, len(cols))
	numeric := make([]bool, len(cols))
	for i, c := range cols {
		header[i] = c.Name
		numeric[i] = numericColumn(c.Name)
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, row := range Rows(r, cols, Machine) {
		for i, cell := range row {
			if !numeric[i] {
				row[i] = defuse(cell)
			}
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// numericColumn reports a column whose values the tool formats itself
// (strconv numbers, RFC3339 times, booleans), never text from a document.
// Any other column, and any column added later, counts as text.
func numericColumn(name string) bool {
	for _, in := range instantCols {
		if name == in.name+"_at" {
			return true
		}
	}
	for _, d := range analyze.MetricDefs {
		if name == d.Field {
			return true
		}
	}
	switch name {
	case "updates", "accounts", "users", "failed_transactions", "traffic_percent", "data_loss":
		return true
	}
	return false
}

// defuse guards against CSV formula injection: a text cell beginning with
// = + - @, a tab or a carriage return (a vendor title "=HYPERLINK(...)",
// "-2+3", "@SUM(...)") runs as a formula in a spreadsheet, so it is
// prefixed with ', which the spreadsheet shows as text.
func defuse(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
