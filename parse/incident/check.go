package incident

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// Check verifies the invariants every reader must keep: times in UTC,
// updates sorted oldest first, known impact and status values and valid
// UTF-8 text. It returns all violations joined.
func (inc *Incident) Check() error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	if inc.Source.Reader == "" {
		bad("source.reader is empty")
	}
	if inc.Impact == "" {
		bad("impact is empty")
	} else if inc.Impact != ImpactUnknown && ParseImpact(string(inc.Impact)) != inc.Impact {
		bad("impact %q is not a known value", inc.Impact)
	}
	for i, u := range inc.Updates {
		if !u.At.IsZero() && u.At.Location().String() != "UTC" {
			bad("updates[%d].at is not UTC: %s", i, u.At)
		}
		if i > 0 && !u.At.IsZero() && !inc.Updates[i-1].At.IsZero() && u.At.Before(inc.Updates[i-1].At) {
			bad("updates[%d] is older than updates[%d]", i, i-1)
		}
		if u.Status == "" {
			bad("updates[%d].status is empty", i)
		}
		if !utf8.ValidString(u.Body) {
			bad("updates[%d].body is not valid UTF-8", i)
		}
	}
	if inc.Postmortem != nil && !inc.Postmortem.At.IsZero() && inc.Postmortem.At.Location().String() != "UTC" {
		bad("postmortem.at is not UTC")
	}
	for _, s := range []Stamp{inc.Page.Started, inc.Page.Resolved, inc.Page.DetectedByAggregator} {
		if !s.At.IsZero() && s.At.Location().String() != "UTC" {
			bad("page field %q is not UTC", s.Evidence)
		}
	}
	for _, s := range []string{inc.Title, inc.Vendor} {
		if !utf8.ValidString(s) {
			bad("text %q is not valid UTF-8", s)
		}
	}
	return errors.Join(errs...)
}
