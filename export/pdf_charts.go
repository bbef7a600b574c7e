package export

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"time"

	"github.com/postmortem-dev/postmortem/analyze"
	"github.com/postmortem-dev/postmortem/parse/incident"
)

// maxChartVendors caps the lanes of the per-vendor charts; the rest are
// named in a note under the chart.
const maxChartVendors = 20

// causeOrder is the legend order of root-cause categories (METRICS.md §4).
var causeOrder = []string{"code-change", "config-change", "maintenance", "capacity", "network", "dependency",
	"hardware", "data-storage", "auth", "time-expiry", "security", "human-error", "automation",
	"natural-disaster", "undisclosed", "unclassified"}

var causeColors = map[string]rgb{
	"code-change": {31, 119, 180}, "config-change": {174, 199, 232}, "maintenance": {148, 103, 189},
	"capacity": {255, 127, 14}, "network": {44, 160, 44}, "dependency": {152, 223, 138},
	"hardware": {140, 86, 75}, "data-storage": {214, 39, 40}, "auth": {255, 152, 150},
	"time-expiry": {188, 189, 34}, "security": {23, 190, 207}, "human-error": {227, 119, 194},
	"automation": {196, 156, 148}, "natural-disaster": {219, 219, 141}, "undisclosed": {127, 127, 127},
	"unclassified": {199, 199, 199},
}

// impactOrder is the legend order of impact levels.
var impactOrder = []incident.Impact{incident.ImpactCritical, incident.ImpactMajor, incident.ImpactMinor,
	incident.ImpactNone, incident.ImpactUnknown, incident.ImpactMaintenance}

var impactColors = map[incident.Impact]rgb{
	incident.ImpactCritical: {176, 0, 32}, incident.ImpactMajor: {240, 110, 30}, incident.ImpactMinor: {245, 195, 40},
	incident.ImpactNone: {120, 180, 120}, incident.ImpactUnknown: {150, 160, 175}, incident.ImpactMaintenance: {90, 130, 200},
}

// chartFrame is the plot area of a chart.
type chartFrame struct{ x, y, w, h float64 }

func (d *pdfDoc) charts() {
	d.AddPage()
	d.heading("Charts", 0)
	d.causeChart()
	d.ttrChart()
	d.timelineChart()
	d.trendChart()
}

// chartVendors are the vendors with a lane, most incidents first.
func (d *pdfDoc) chartVendors() ([]string, string) {
	vs := d.v.Vendors
	if len(vs) <= maxChartVendors {
		return vs, ""
	}
	return vs[:maxChartVendors], fmt.Sprintf("%d vendors with fewer incidents are not drawn.", len(vs)-maxChartVendors)
}

// laneFrame reserves space for a chart with one lane per vendor and draws
// the vendor names; it returns the plot frame and the lane height.
func (d *pdfDoc) laneFrame(title string, vendors []string) (chartFrame, float64) {
	lane := math.Max(3.2, math.Min(7, 70/float64(max(len(vendors), 1))))
	h := lane * float64(len(vendors))
	d.need(h + 42)
	d.heading(title, 1)
	d.font("B", 7, colMuted)
	d.Text(margin, d.GetY()+2, "vendor")
	f := chartFrame{x: margin + 42, y: d.GetY() + 4, w: contentW - 46, h: h}
	d.font("", 6.5, colInk)
	for i, v := range vendors {
		d.Text(margin, f.y+lane*(float64(i)+0.5)+1, d.fit(VendorName(v), 40))
	}
	return f, lane
}

// xAxis draws the axis line, tick labels at the given positions and the
// axis title under it; it moves below the axis.
func (d *pdfDoc) xAxis(f chartFrame, ticks []float64, labels []string, title string) {
	d.color(colMuted, "draw")
	d.SetLineWidth(0.2)
	d.Line(f.x, f.y+f.h, f.x+f.w, f.y+f.h)
	d.Line(f.x, f.y, f.x, f.y+f.h)
	d.font("", 6, colMuted)
	for i, t := range ticks {
		d.color(colRule, "draw")
		d.SetLineWidth(0.1)
		d.Line(t, f.y, t, f.y+f.h)
		lw := d.GetStringWidth(labels[i])
		d.Text(t-lw/2, f.y+f.h+3.2, labels[i])
	}
	d.font("B", 7, colMuted)
	d.Text(f.x+f.w/2-d.GetStringWidth(title)/2, f.y+f.h+7.5, title)
	d.SetY(f.y + f.h + 9.5)
}

// legend draws coloured swatches with their names, wrapping lines.
func (d *pdfDoc) legend(names []string, colors []rgb) {
	d.font("", 6.5, colInk)
	x, y := margin, d.GetY()
	d.Text(x, y+2.6, "Legend:")
	x += d.GetStringWidth("Legend:") + 3
	for i, n := range names {
		w := 4 + d.GetStringWidth(n) + 4
		if x+w > pageW-margin {
			x, y = margin+14, y+4
		}
		d.SetFillColor(colors[i].r, colors[i].g, colors[i].b)
		d.Rect(x, y+0.4, 2.8, 2.8, "F")
		d.Text(x+3.6, y+2.6, n)
		x += w
	}
	d.SetY(y + 6)
}

// niceTicks returns about n round tick values from 0 to at least hi.
func niceTicks(hi float64, n int) []float64 {
	if hi <= 0 {
		hi = 1
	}
	raw := hi / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	step = math.Max(step, 1)
	var ts []float64
	for t := 0.0; t < hi+step; t += step {
		ts = append(ts, t)
	}
	return ts
}

// causeChart: incidents per vendor, stacked by root cause.
func (d *pdfDoc) causeChart() {
	vendors, note := d.chartVendors()
	f, lane := d.laneFrame("Incidents per vendor by root cause", vendors)
	most := 0
	for _, v := range vendors {
		most = max(most, d.r.Summary.ByVendor[v].Incidents)
	}
	ticks := niceTicks(float64(most), 6)
	scale := f.w / ticks[len(ticks)-1]
	used := map[string]bool{}
	for i, v := range vendors {
		x := f.x
		for _, c := range causeOrder {
			n := causeCount(d.r.Summary.ByVendor[v], c)
			if n == 0 {
				continue
			}
			used[c] = true
			col := causeColors[c]
			d.SetFillColor(col.r, col.g, col.b)
			d.Rect(x, f.y+lane*float64(i)+lane*0.15, float64(n)*scale, lane*0.7, "F")
			x += float64(n) * scale
		}
	}
	pos, labels := make([]float64, len(ticks)), make([]string, len(ticks))
	for i, t := range ticks {
		pos[i], labels[i] = f.x+t*scale, strconv.FormatFloat(t, 'f', -1, 64)
	}
	d.xAxis(f, pos, labels, "incidents")
	var names []string
	var cols []rgb
	for _, c := range causeOrder {
		if used[c] {
			names, cols = append(names, c), append(cols, causeColors[c])
		}
	}
	d.legend(names, cols)
	d.chartNote(note)
}

// causeCount is the number of a group's incidents in category c;
// "unclassified" counts those the prose rules gave no category.
func causeCount(g analyze.Group, c string) int {
	if c != "unclassified" {
		return g.ByRootCause[c]
	}
	n := g.Incidents
	for _, k := range g.ByRootCause {
		n -= k
	}
	return n
}

func (d *pdfDoc) chartNote(note string) {
	if note != "" {
		d.para(note, 6.5, colMuted)
	}
	d.Ln(4)
}

// ttrTicks are the log-scale ticks of the time-to-resolve chart.
var ttrTicks = []struct {
	s     float64
	label string
}{{60, "1m"}, {600, "10m"}, {3600, "1h"}, {6 * 3600, "6h"}, {86400, "1d"}, {7 * 86400, "1w"}, {30 * 86400, "30d"}, {365 * 86400, "1y"}}

// ttrChart: time to resolve per vendor as a strip plot over a box of the
// middle half, log scale.
func (d *pdfDoc) ttrChart() {
	vendors, note := d.chartVendors()
	vals := map[string][]int64{}
	hi := 3600.0
	for i := range d.r.Incidents {
		a := &d.r.Incidents[i]
		if t := a.Metrics.TimeToResolve; t != nil && *t >= 0 {
			vals[a.Vendor] = append(vals[a.Vendor], *t)
			hi = math.Max(hi, float64(*t))
		}
	}
	ticks := 0
	for ticks < len(ttrTicks) && ttrTicks[ticks].s < hi {
		ticks++
	}
	ticks = min(ticks+1, len(ttrTicks))
	f, lane := d.laneFrame("Time to resolve per vendor", vendors)
	lo, top := math.Log(60), math.Log(ttrTicks[ticks-1].s)
	xOf := func(s float64) float64 { return f.x + (math.Log(math.Max(s, 60))-lo)/(top-lo)*f.w }
	for i, v := range vendors {
		d.ttrLane(f, lane, i, vals[v], d.r.Summary.ByVendor[v].Metrics["time_to_resolve_s"], xOf)
	}
	pos, labels := make([]float64, ticks), make([]string, ticks)
	for i := range pos {
		pos[i], labels[i] = xOf(ttrTicks[i].s), ttrTicks[i].label
	}
	d.xAxis(f, pos, labels, "time to resolve (log scale; under 1m drawn at 1m)")
	d.legend([]string{"one incident", "middle half (p25 to p75)", "median", "p90"},
		[]rgb{{70, 110, 170}, {200, 215, 235}, colInk, {176, 0, 32}})
	d.chartNote(note)
}

func (d *pdfDoc) ttrLane(f chartFrame, lane float64, i int, vals []int64, st analyze.Stat, xOf func(float64) float64) {
	y := f.y + lane*float64(i)
	if len(vals) == 0 {
		return
	}
	sorted := append([]int64(nil), vals...)
	sort.Slice(sorted, func(a, b int) bool { return sorted[a] < sorted[b] })
	p25, p75 := xOf(float64(analyze.Percentile(sorted, 25))), xOf(float64(analyze.Percentile(sorted, 75)))
	d.SetFillColor(200, 215, 235)
	d.Rect(p25, y+lane*0.15, math.Max(p75-p25, 0.3), lane*0.7, "F")
	d.SetFillColor(70, 110, 170)
	for k, s := range vals {
		jitter := float64((k*7919)%11)/10*0.5 + 0.25
		d.Circle(xOf(float64(s)), y+lane*jitter, 0.35, "F")
	}
	d.SetLineWidth(0.5)
	if st.Median != nil {
		m := xOf(float64(*st.Median))
		d.SetDrawColor(colInk.r, colInk.g, colInk.b)
		d.Line(m, y+lane*0.05, m, y+lane*0.95)
	}
	if st.P90 != nil {
		p := xOf(float64(*st.P90))
		d.SetDrawColor(176, 0, 32)
		d.Line(p, y+lane*0.2, p, y+lane*0.8)
	}
	d.SetLineWidth(0.2)
}

// timeAxis returns ticks for the report period: quarters, or years when
// the period is long.
func (d *pdfDoc) timeAxis(f chartFrame) ([]float64, []string, func(time.Time) float64) {
	p := d.r.Summary.Period
	total := p.End.Sub(p.Start).Seconds()
	xOf := func(t time.Time) float64 { return f.x + t.Sub(p.Start).Seconds()/total*f.w }
	var pos []float64
	var labels []string
	for _, q := range p.Quarters {
		qs, _, _ := analyze.ParseQuarter(q)
		if len(p.Quarters) > 12 && qs.Month() != time.January {
			continue
		}
		if qs.Before(p.Start) {
			qs = p.Start
		}
		label := q
		if len(p.Quarters) > 12 {
			label = strconv.Itoa(qs.Year())
		}
		pos, labels = append(pos, xOf(qs)), append(labels, label)
	}
	return pos, labels, xOf
}

// timelineChart: one lane per vendor, one bar per incident over its impact
// window, coloured by impact.
func (d *pdfDoc) timelineChart() {
	vendors, note := d.chartVendors()
	lanes := map[string]int{}
	for i, v := range vendors {
		lanes[v] = i
	}
	f, lane := d.laneFrame("Timeline: incidents per vendor by impact", vendors)
	pos, labels, xOf := d.timeAxis(f)
	for i := range d.r.Incidents {
		a := &d.r.Incidents[i]
		k, ok := lanes[a.Vendor]
		if !ok || a.Instants.ImpactStart.At == nil {
			continue
		}
		s := *a.Instants.ImpactStart.At
		e := s
		if _, end, ok := analyze.ImpactInterval(a); ok {
			e = end
		}
		x0, x1 := xOf(s), math.Min(xOf(e), f.x+f.w)
		c := impactColors[a.Impact]
		d.SetFillColor(c.r, c.g, c.b)
		d.Rect(x0, f.y+lane*float64(k)+lane*0.2, math.Max(x1-x0, 0.4), lane*0.6, "F")
	}
	d.xAxis(f, pos, labels, "impact start (UTC)")
	d.impactLegend()
	d.chartNote(note)
}

func (d *pdfDoc) impactLegend() {
	names, cols := make([]string, len(impactOrder)), make([]rgb, len(impactOrder))
	for i, im := range impactOrder {
		names[i], cols[i] = string(im), impactColors[im]
	}
	d.legend(names, cols)
}

// trendBuckets splits the period into months, or quarters when it spans
// more than three years; it returns the bucket starts and their unit.
func trendBuckets(p analyze.Period) ([]time.Time, string) {
	step, unit := 1, "month"
	if p.End.Sub(p.Start) > 3*366*24*time.Hour {
		step, unit = 3, "quarter"
	}
	first := time.Date(p.Start.Year(), p.Start.Month(), 1, 0, 0, 0, 0, time.UTC)
	if step == 3 {
		first, _, _ = analyze.ParseQuarter(analyze.QuarterOf(p.Start))
	}
	var bs []time.Time
	for t := first; t.Before(p.End); t = t.AddDate(0, step, 0) {
		bs = append(bs, t)
	}
	return bs, unit
}

// trendChart: incidents per month (or quarter), stacked by impact.
func (d *pdfDoc) trendChart() {
	buckets, unit := trendBuckets(d.r.Summary.Period)
	counts := make([]map[incident.Impact]int, len(buckets))
	for i := range counts {
		counts[i] = map[incident.Impact]int{}
	}
	most := 0
	for i := range d.r.Incidents {
		a := &d.r.Incidents[i]
		if a.Instants.ImpactStart.At == nil {
			continue
		}
		k := sort.Search(len(buckets), func(j int) bool { return buckets[j].After(*a.Instants.ImpactStart.At) }) - 1
		if k >= 0 {
			counts[k][a.Impact]++
		}
	}
	for _, c := range counts {
		n := 0
		for _, k := range c {
			n += k
		}
		most = max(most, n)
	}
	d.need(80)
	d.heading(fmt.Sprintf("Trend: incidents per %s by impact", unit), 1)
	d.font("B", 7, colMuted)
	d.Text(margin, d.GetY()+2, "incidents")
	f := chartFrame{x: margin + 10, y: d.GetY() + 5, w: contentW - 12, h: 50}
	ticks := niceTicks(float64(most), 5)
	scale := f.h / ticks[len(ticks)-1]
	d.font("", 6, colMuted)
	for _, t := range ticks {
		y := f.y + f.h - t*scale
		d.color(colRule, "draw")
		d.SetLineWidth(0.1)
		d.Line(f.x, y, f.x+f.w, y)
		l := strconv.FormatFloat(t, 'f', -1, 64)
		d.Text(f.x-1.5-d.GetStringWidth(l), y+1, l)
	}
	d.trendBars(f, buckets, counts, scale, unit)
	d.impactLegend()
	d.chartNote("")
}

func (d *pdfDoc) trendBars(f chartFrame, buckets []time.Time, counts []map[incident.Impact]int, scale float64, unit string) {
	bw := f.w / float64(max(len(buckets), 1))
	every := max(1, int(math.Ceil(float64(len(buckets))/14)))
	var pos []float64
	var labels []string
	for i, c := range counts {
		x, y := f.x+bw*float64(i), f.y+f.h
		for _, im := range impactOrder {
			if n := c[im]; n > 0 {
				col := impactColors[im]
				d.SetFillColor(col.r, col.g, col.b)
				d.Rect(x+bw*0.12, y-float64(n)*scale, bw*0.76, float64(n)*scale, "F")
				y -= float64(n) * scale
			}
		}
		if i%every == 0 {
			l := buckets[i].Format("Jan 2006")
			if unit == "quarter" {
				l = analyze.QuarterOf(buckets[i])
			}
			pos, labels = append(pos, x+bw/2), append(labels, l)
		}
	}
	d.color(colMuted, "draw")
	d.SetLineWidth(0.2)
	d.Line(f.x, f.y+f.h, f.x+f.w, f.y+f.h)
	d.Line(f.x, f.y, f.x, f.y+f.h)
	d.font("", 6, colMuted)
	for i, p := range pos {
		d.Text(p-d.GetStringWidth(labels[i])/2, f.y+f.h+3.2, labels[i])
	}
	d.font("B", 7, colMuted)
	title := unit + " of impact start (UTC)"
	d.Text(f.x+f.w/2-d.GetStringWidth(title)/2, f.y+f.h+7.5, title)
	d.SetY(f.y + f.h + 9.5)
}
