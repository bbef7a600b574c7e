package export

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/postmortem-dev/postmortem/analyze"
	"github.com/postmortem-dev/postmortem/parse/incident"
)

// Style chooses how values are written: Machine (RFC3339 UTC, seconds) for
// CSV, Human (short times, 3h16m) for tables, Markdown and PDF.
type Style int

// Styles.
const (
	Machine Style = iota
	Human
)

// Column is one column of the per-incident view.
type Column struct {
	Name  string // CSV header (snake_case, as the JSON field)
	Label string // human header
	Human bool   // shown in the terminal table
	Value func(a *analyze.Analysis, s Style) string
}

// Columns is the one definition of the per-incident tabular view that CSV,
// table and Markdown share, so their columns cannot drift apart.
func Columns() []Column {
	cols := []Column{
		{"id", "ID", false, func(a *analyze.Analysis, _ Style) string { return a.ID }},
		{"vendor", "Vendor", true, func(a *analyze.Analysis, _ Style) string { return a.Vendor }},
		{"title", "Title", true, func(a *analyze.Analysis, s Style) string { return text(a.Title, s, 40) }},
		{"impact", "Impact", true, func(a *analyze.Analysis, _ Style) string { return string(a.Impact) }},
		{"status", "Status", false, func(a *analyze.Analysis, _ Style) string { return string(a.Status) }},
		{"url", "URL", false, func(a *analyze.Analysis, _ Style) string { return a.URL }},
		{"components", "Components", false, func(a *analyze.Analysis, _ Style) string { return strings.Join(a.Components, "; ") }},
	}
	for _, in := range instantCols {
		get := in.get
		cols = append(cols, Column{in.name + "_at", in.label, in.human, func(a *analyze.Analysis, s Style) string {
			return instant(get(&a.Instants), s)
		}})
	}
	for _, d := range analyze.MetricDefs {
		get := d.Get
		cols = append(cols, Column{d.Field, metricLabel(d.Field), humanMetrics[d.Field], func(a *analyze.Analysis, s Style) string {
			return seconds(get(&a.Metrics), s)
		}})
	}
	cols = append(cols,
		Column{"updates", "Updates", true, func(a *analyze.Analysis, _ Style) string { return strconv.Itoa(a.Metrics.Updates) }},
		Column{"root_cause", "Root cause", true, func(a *analyze.Analysis, _ Style) string { return a.RootCause.Category }},
		Column{"root_cause_trigger", "Trigger", false, func(a *analyze.Analysis, _ Style) string { return a.RootCause.Trigger }},
		Column{"root_cause_evidence", "Cause evidence", false, func(a *analyze.Analysis, _ Style) string { return a.RootCause.Evidence }},
		Column{"resolution", "Resolution", true, func(a *analyze.Analysis, _ Style) string { return a.Resolution.Action }},
		Column{"resolution_evidence", "Resolution evidence", false, func(a *analyze.Analysis, _ Style) string { return a.Resolution.Evidence }},
		Column{"scope", "Scope", true, func(a *analyze.Analysis, _ Style) string { return ScopeSummary(a.Scope) }},
		Column{"accounts", "Accounts", false, func(a *analyze.Analysis, _ Style) string { return figure(a.Scope.Accounts) }},
		Column{"users", "Users", false, func(a *analyze.Analysis, _ Style) string { return figure(a.Scope.Users) }},
		Column{"failed_transactions", "Failed transactions", false, func(a *analyze.Analysis, _ Style) string { return figure(a.Scope.FailedTransactions) }},
		Column{"traffic_percent", "Traffic %", false, func(a *analyze.Analysis, _ Style) string { return figure(a.Scope.TrafficPercent) }},
		Column{"data_loss", "Data loss", false, func(a *analyze.Analysis, _ Style) string { return boolPtr(a.Scope.DataLoss) }},
		Column{"warnings", "Warnings", false, func(a *analyze.Analysis, _ Style) string { return warningCodes(a.Warnings) }},
		Column{"source_path", "Source", false, func(a *analyze.Analysis, _ Style) string { return a.Source.Path }},
		Column{"reader", "Reader", false, func(a *analyze.Analysis, _ Style) string { return a.Source.Reader }},
	)
	return cols
}

var instantCols = []struct {
	name, label string
	human       bool
	get         func(*incident.Instants) incident.Instant
}{
	{"impact_start", "Impact start (UTC)", true, func(i *incident.Instants) incident.Instant { return i.ImpactStart }},
	{"change", "Change", false, func(i *incident.Instants) incident.Instant { return i.Change }},
	{"detected", "Detected", false, func(i *incident.Instants) incident.Instant { return i.Detected }},
	{"detected_by_aggregator", "Detected by aggregator", false, func(i *incident.Instants) incident.Instant { return i.DetectedByAggregator }},
	{"first_update", "First update", false, func(i *incident.Instants) incident.Instant { return i.FirstUpdate }},
	{"identified", "Identified", false, func(i *incident.Instants) incident.Instant { return i.Identified }},
	{"mitigated", "Mitigated", false, func(i *incident.Instants) incident.Instant { return i.Mitigated }},
	{"resolved", "Resolved", false, func(i *incident.Instants) incident.Instant { return i.Resolved }},
	{"impact_end", "Impact end", false, func(i *incident.Instants) incident.Instant { return i.ImpactEnd }},
	{"postmortem", "Postmortem", false, func(i *incident.Instants) incident.Instant { return i.Postmortem }},
}

// humanMetrics are the metrics the terminal table shows.
var humanMetrics = map[string]bool{"detection_lag_s": true, "time_to_resolve_s": true, "communicated_duration_s": true}

func metricLabel(field string) string {
	switch field {
	case "detection_lag_s":
		return "Detect lag"
	case "time_to_resolve_s":
		return "TTR"
	case "communicated_duration_s":
		return "Posted for"
	}
	l := strings.TrimSuffix(field, "_s")
	l = strings.ReplaceAll(l, "_", " ")
	return strings.ToUpper(l[:1]) + l[1:]
}

func instant(in incident.Instant, s Style) string {
	if in.At == nil {
		return ""
	}
	if s == Machine {
		return in.At.UTC().Format(time.RFC3339)
	}
	return in.At.UTC().Format("2006-01-02 15:04")
}

func seconds(v *int64, s Style) string {
	if v == nil {
		return ""
	}
	if s == Machine {
		return strconv.FormatInt(*v, 10)
	}
	return analyze.Human(*v)
}

func text(t string, s Style, n int) string {
	if s == Machine {
		return t
	}
	r := []rune(t)
	if len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return t
}

func figure(f *analyze.Figure) string {
	if f == nil {
		return ""
	}
	return strconv.FormatFloat(f.Value, 'f', -1, 64)
}

func boolPtr(b *bool) string {
	if b == nil {
		return ""
	}
	return strconv.FormatBool(*b)
}

func warningCodes(ws []incident.Warning) string {
	codes := make([]string, len(ws))
	for i, w := range ws {
		codes[i] = w.Code
	}
	return strings.Join(codes, "; ")
}

// ScopeSummary is a short human line for a scope: "84 accounts, 3212 failed tx, 0.04% traffic".
func ScopeSummary(sc analyze.Scope) string {
	var parts []string
	add := func(f *analyze.Figure, unit string) {
		if f != nil {
			parts = append(parts, fmt.Sprintf("%s %s", strconv.FormatFloat(f.Value, 'f', -1, 64), unit))
		}
	}
	add(sc.Accounts, "accounts")
	add(sc.Users, "users")
	add(sc.FailedTransactions, "failed tx")
	if sc.TrafficPercent != nil {
		parts = append(parts, strconv.FormatFloat(sc.TrafficPercent.Value, 'f', -1, 64)+"% traffic")
	}
	if sc.DataLoss != nil && *sc.DataLoss {
		parts = append(parts, "data loss")
	}
	return strings.Join(parts, ", ")
}

// Rows renders the report's incidents with the given columns.
func Rows(r *analyze.Report, cols []Column, s Style) [][]string {
	rows := make([][]string, len(r.Incidents))
	for i := range r.Incidents {
		row := make([]string, len(cols))
		for j, c := range cols {
			row[j] = c.Value(&r.Incidents[i], s)
		}
		rows[i] = row
	}
	return rows
}
