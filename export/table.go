package export

import (
	"fmt"
	"io"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/postmortem-dev/postmortem/analyze"
)

// Table writes the terminal table: one row per incident with the human
// columns, then a summary line of median and p90 time to resolve.
func Table(w io.Writer, r *analyze.Report, opt Options) error {
	var cols []Column
	for _, c := range Columns() {
		if c.Human {
			cols = append(cols, c)
		}
	}
	header := make([]string, len(cols))
	for i, c := range cols {
		header[i] = c.Label
	}
	opts := []tablewriter.Option{
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
	}
	if opt.Width > 0 {
		opts = append(opts, tablewriter.WithMaxWidth(opt.Width))
	}
	t := tablewriter.NewTable(w, opts...)
	t.Header(header)
	if err := t.Bulk(Rows(r, cols, Human)); err != nil {
		return err
	}
	if err := t.Render(); err != nil {
		return err
	}
	o := r.Summary.Overall
	ttr := o.Metrics["time_to_resolve_s"]
	_, err := fmt.Fprintf(w, "%d incidents; time to resolve: n=%d median %s p90 %s max %s\n",
		o.Incidents, ttr.N, seconds(ttr.Median, Human), seconds(ttr.P90, Human), seconds(ttr.Max, Human))
	return err
}
