package parse

import (
	"testing"

	"github.com/postmortem-dev/postmortem/parse/incident"
)

// TestStatuspageTextBlankVendor: a copy whose page blanked its name
// ("Incident Report for" alone) is still a Statuspage page when Posted lines
// follow, and an unlabelled write-up above the updates is the postmortem
// (devset e-statuspage-incident-postmortem-filescom-1, trimmed).
func TestStatuspageTextBlankVendor(t *testing.T) {
	text := "Small subset of users unable to log into application.\nIncident Report for\n\n5-10-19 Incident Report\n\nThe Event\n\n" +
		"On May 10th, 2019 at 08:46 AM PST, a small subset of users were unable to log in.\n\n" +
		"The proactive monitoring system alerted our staff.\n\nLessons Learned\n\nWe now control all DNS records.\n\n" +
		"Posted May 30, 2019 - 04:19 PDT\n\nA small subset of users were unable to initially log into the application.\nPosted May 10, 2019 - 08:46 PDT\n"
	in := &Input{Name: "t.txt", Data: []byte(text)}
	if statuspageText.Detect(statuspageText{}, in) != Strong {
		t.Fatal("not detected")
	}
	incs, err := statuspageText{}.Parse(in)
	if err != nil || len(incs) != 1 {
		t.Fatalf("%v %d", err, len(incs))
	}
	inc := incs[0]
	if inc.Vendor != "" || inc.Postmortem == nil || inc.Postmortem.At.Format("2006-01-02T15:04") != "2019-05-30T11:19" {
		t.Errorf("vendor %q, postmortem %+v", inc.Vendor, inc.Postmortem)
	}
	if len(inc.Updates) != 2 || inc.Updates[1].Status != incident.StatusUpdate || inc.Updates[1].At.Format("15:04") != "15:46" {
		t.Errorf("updates %+v", inc.Updates)
	}
}
