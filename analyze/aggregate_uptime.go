package analyze

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/postmortem-dev/postmortem/parse/incident"
)

// UptimeClass is what an incident counts as under an uptime method.
type UptimeClass int

// Uptime classes.
const (
	// Unrated incidents count neither as down nor as degraded.
	Unrated UptimeClass = iota
	// Down time lowers uptime.
	Down
	// Degraded time is reported beside uptime but does not lower it.
	Degraded
	// Planned maintenance is excluded from uptime and listed separately.
	Maintenance
)

// UptimeMethod is a named accounting rule for uptime: how each impact level
// counts. Uptime = 100 × (1 − down hours ÷ period hours), where the down
// hours are the union of the down incidents' impact windows (impact_start to
// impact_end, else resolved), merged per vendor so that overlapping
// incidents count once, and clipped to the period. Over several vendors
// the period counts once per vendor (vendor-hours).
type UptimeMethod struct {
	Name  string
	Doc   string
	Class func(incident.Impact) UptimeClass
}

// UptimeMethods are the methods --uptime-method accepts; the first is the
// default.
var UptimeMethods = []UptimeMethod{
	{
		Name: "major-down",
		Doc: "major and critical impact count as down, minor as degraded (reported, not subtracted); " +
			"maintenance is excluded and listed separately; none and unknown impact count as neither",
		Class: func(i incident.Impact) UptimeClass {
			switch i {
			case incident.ImpactMajor, incident.ImpactCritical:
				return Down
			case incident.ImpactMinor:
				return Degraded
			case incident.ImpactMaintenance:
				return Maintenance
			}
			return Unrated
		},
	},
	{
		Name: "any-impact",
		Doc: "every incident that is not maintenance counts as down, whatever its impact (also none and unknown): " +
			"the strictest reading, for feeds that publish no impact level; maintenance is excluded and listed separately",
		Class: func(i incident.Impact) UptimeClass {
			if i == incident.ImpactMaintenance {
				return Maintenance
			}
			return Down
		},
	},
}

// LookupUptimeMethod returns the method called name; "" is the default.
func LookupUptimeMethod(name string) (UptimeMethod, error) {
	if name == "" {
		return UptimeMethods[0], nil
	}
	var names []string
	for _, m := range UptimeMethods {
		if strings.EqualFold(m.Name, name) {
			return m, nil
		}
		names = append(names, m.Name)
	}
	return UptimeMethod{}, fmt.Errorf("unknown uptime method %q (known: %s)", name, strings.Join(names, ", "))
}

// Uptime is the availability of a group over a period by one method.
type Uptime struct {
	Method      string  `json:"method"`
	PeriodHours float64 `json:"period_hours"` // × vendors for a multi-vendor group
	// DownHours, DegradedHours and MaintenanceHours are merged per vendor
	// and clipped to the period; DegradedHours excludes time already down.
	DownHours        float64 `json:"down_hours"`
	DegradedHours    float64 `json:"degraded_hours"`
	MaintenanceHours float64 `json:"maintenance_hours"`
	// Percent is 100 × (1 − down ÷ period); nil for an empty period.
	Percent *float64 `json:"percent"`
	// NoWindow counts the down or degraded incidents without an impact
	// window (no start, or no end), which the figure cannot include.
	NoWindow int `json:"incidents_without_window"`
}

type uptimeSpan struct{ start, end time.Time }

// uptimeOf computes the uptime of as over [from, to) for vendors vendors.
func uptimeOf(as []*Analysis, from, to time.Time, m UptimeMethod, vendors int) *Uptime {
	u := &Uptime{Method: m.Name, PeriodHours: round2(to.Sub(from).Hours() * float64(vendors))}
	byVendor := map[string]map[UptimeClass][]uptimeSpan{}
	for _, a := range as {
		c := m.Class(a.Impact)
		if c == Unrated {
			continue
		}
		s, e, ok := ImpactInterval(a)
		if !ok {
			if c != Maintenance {
				u.NoWindow++
			}
			continue
		}
		s, e = maxTime(s, from), minTime(e, to)
		if !e.After(s) {
			continue
		}
		if byVendor[a.Vendor] == nil {
			byVendor[a.Vendor] = map[UptimeClass][]uptimeSpan{}
		}
		byVendor[a.Vendor][c] = append(byVendor[a.Vendor][c], uptimeSpan{s, e})
	}
	var down, either, maint time.Duration
	for _, cl := range byVendor {
		down += merged(cl[Down])
		either += merged(append(append([]uptimeSpan(nil), cl[Down]...), cl[Degraded]...))
		maint += merged(cl[Maintenance])
	}
	u.DownHours, u.DegradedHours = round2(down.Hours()), round2((either - down).Hours())
	u.MaintenanceHours = round2(maint.Hours())
	if u.PeriodHours > 0 {
		p := round4(100 * (1 - down.Hours()/(to.Sub(from).Hours()*float64(vendors))))
		u.Percent = &p
	}
	return u
}

// merged is the total length of the union of spans.
func merged(spans []uptimeSpan) time.Duration {
	sort.Slice(spans, func(i, j int) bool { return spans[i].start.Before(spans[j].start) })
	var total time.Duration
	var cur uptimeSpan
	for i, s := range spans {
		if i == 0 || s.start.After(cur.end) {
			total += cur.end.Sub(cur.start)
			cur = s
			continue
		}
		if s.end.After(cur.end) {
			cur.end = s.end
		}
	}
	return total + cur.end.Sub(cur.start)
}
