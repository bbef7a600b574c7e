package parse_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/postmortem-dev/postmortem/parse"
	"github.com/postmortem-dev/postmortem/parse/incident"
)

// jsonCorpus is the shared corpus of real documents (outside this repository).
const jsonCorpus = "../../shared/corpus"

// jsonFixture reads one fixture of testdata/parse with detection.
func jsonFixture(t *testing.T, reader, name string) []incident.Incident {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(testdata, reader, name))
	if err != nil {
		t.Fatal(err)
	}
	incs, err := parse.Read(&parse.Input{Name: name, Data: data}, "")
	if err != nil {
		t.Fatalf("read %s: %v", name, err)
	}
	for i := range incs {
		if incs[i].Source.Reader != reader {
			t.Fatalf("%s read by %q, want %q", name, incs[i].Source.Reader, reader)
		}
	}
	return incs
}

func jsonByID(t *testing.T, incs []incident.Incident, id string) incident.Incident {
	t.Helper()
	for _, inc := range incs {
		if inc.ID == id {
			return inc
		}
	}
	t.Fatalf("no incident %q", id)
	return incident.Incident{}
}

func jsonTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatal(err)
	}
	return v.UTC()
}

// TestStatuspageJSONBackfill: the 2010 GitHub incident's only update was
// created in 2018 but is displayed at 2010-02-07 06:00 UTC, which is the
// time to use; its <ul><li> body becomes plain text.
func TestStatuspageJSONBackfill(t *testing.T) {
	inc := jsonFixture(t, "statuspage-json", "github-incident-rcwk6twq397d-backfilled-2010.json")[0]
	if len(inc.Updates) != 1 {
		t.Fatalf("%d updates, want 1", len(inc.Updates))
	}
	u := inc.Updates[0]
	if want := jsonTime(t, "2010-02-07T06:00:00Z"); !u.At.Equal(want) {
		t.Errorf("update at %s, want %s (display_at, not created_at 2018-12-05)", u.At, want)
	}
	if want := "2010-02-07 06:00:00 - Scheduled maintenance tonight at 10PM Pacific. No downtime expected."; u.Body != want {
		t.Errorf("body %q, want %q", u.Body, want)
	}
	if inc.URL != "https://www.githubstatus.com/incidents/rcwk6twq397d" || inc.Vendor != "GitHub" || inc.Zone != "Etc/UTC" {
		t.Errorf("url %q vendor %q zone %q", inc.URL, inc.Vendor, inc.Zone)
	}
}

// TestStatuspageJSONStartedAfterCreated: "Incident With Blocked GitHub.com
// Traffic" was posted at 15:56 (started_at) but backdated to 11:00
// (created_at = resolved_at = display_at): the page start is created_at and
// a warning quotes both.
func TestStatuspageJSONStartedAfterCreated(t *testing.T) {
	incs := jsonFixture(t, "statuspage-json", "github-incidents-2026-07-trimmed.json")
	inc := jsonByID(t, incs, "594m87r8sw13")
	if want := jsonTime(t, "2026-07-24T11:00:00Z"); !inc.Page.Started.At.Equal(want) || inc.Page.Started.Evidence != "created_at: 2026-07-24T11:00:00.000Z" {
		t.Errorf("started %+v, want created_at %s", inc.Page.Started, want)
	}
	if len(inc.Notes) != 1 || inc.Notes[0].Code != "started_after_created" ||
		!strings.Contains(inc.Notes[0].Message, "2026-07-24T15:56:48.829Z") || !strings.Contains(inc.Notes[0].Message, "2026-07-24T11:00:00.000Z") {
		t.Errorf("notes %+v, want one started_after_created quoting both times", inc.Notes)
	}
	normal := jsonByID(t, incs, "9tpgqq1h4bs7")
	if normal.Page.Started.Evidence != "started_at: 2026-07-30T09:07:42.413Z" || len(normal.Notes) != 0 {
		t.Errorf("ordinary incident: started %+v, notes %+v", normal.Page.Started, normal.Notes)
	}
}

// TestStatuspageJSONOffsets: pages in America/Los_Angeles and
// America/New_York write local offsets, which must be honoured.
func TestStatuspageJSONOffsets(t *testing.T) {
	tests := []struct {
		file, zone, started, firstUpdate string
	}{
		// "started_at": "2022-04-05T06:45:01.859-07:00", first update "created_at"/"display_at" 06:45:01.985-07:00
		{"atlassian-statuspage-meta-summary-los-angeles-tz-critical-2022-04-15.json", "America/Los_Angeles", "2022-04-05T13:45:01.859Z", "2022-04-05T13:45:01.985Z"},
		// "started_at": "2025-10-20T03:56:12.539-04:00"
		{"trello-summary-america-new-york-tz-major-2025-10-21.json", "America/New_York", "2025-10-20T07:56:12.539Z", "2025-10-20T07:56:13.002Z"},
	}
	for _, tt := range tests {
		inc := jsonFixture(t, "statuspage-json", tt.file)[0]
		if inc.Zone != tt.zone {
			t.Errorf("%s: zone %q, want %q", tt.file, inc.Zone, tt.zone)
		}
		if !inc.Page.Started.At.Equal(jsonTime(t, tt.started)) {
			t.Errorf("%s: started %s, want %s", tt.file, inc.Page.Started.At, tt.started)
		}
		if !inc.Updates[0].At.Equal(jsonTime(t, tt.firstUpdate)) {
			t.Errorf("%s: first update %s, want %s", tt.file, inc.Updates[0].At, tt.firstUpdate)
		}
	}
}

// TestStatuspageJSONIncidentIO: incident.io's compatible summary has no
// time_zone, started_at or shortlink.
func TestStatuspageJSONIncidentIO(t *testing.T) {
	incs := jsonFixture(t, "statuspage-json", "openai-incidentio-statuspage-compatible-summary-2026-09-29.json")
	if len(incs) != 2 {
		t.Fatalf("%d incidents, want 2", len(incs))
	}
	inc := incs[0]
	if inc.Vendor != "OpenAI" || inc.Zone != "" || inc.URL != "https://status.openai.com/incidents/01M3Q4RK1SM4EMK445GGPG7C0N" {
		t.Errorf("vendor %q zone %q url %q", inc.Vendor, inc.Zone, inc.URL)
	}
	if inc.Page.Started.Evidence != "created_at: 2026-09-29T17:52:52Z" {
		t.Errorf("started %+v, want created_at", inc.Page.Started)
	}
	if inc.Impact != incident.ImpactMinor || incs[1].Impact != incident.ImpactNone {
		t.Errorf("impacts %s, %s; want minor, none", inc.Impact, incs[1].Impact)
	}
}

// TestStatuspageJSONMaintenance: summary.json maintenances are incidents
// with impact maintenance that start at scheduled_for once in progress.
func TestStatuspageJSONMaintenance(t *testing.T) {
	incs := jsonFixture(t, "statuspage-json", "github-summary-incident-plus-maintenance-2025-05-30.json")
	m := jsonByID(t, incs, "nwjwwhj118sf")
	if m.Impact != incident.ImpactMaintenance || m.Status != incident.StatusInProgress {
		t.Errorf("impact %s status %s", m.Impact, m.Status)
	}
	if m.Page.Started.Evidence != "scheduled_for: 2025-05-29T21:30:00.000Z" {
		t.Errorf("started %+v", m.Page.Started)
	}
}

// TestGCPJSON checks both schemas' statuses, reports, impact and URLs.
func TestGCPJSON(t *testing.T) {
	cur := jsonFixture(t, "gcp-json", "gcp-status-incidents-2022-07-trimmed.json")
	gke := jsonByID(t, cur, "fc7GCA6kAgnBihezUAkx")
	var got []incident.Status
	for _, u := range gke.Updates {
		got = append(got, u.Status)
	}
	// AVAILABLE at 01:15 resolves; the Mini Incident Report (05:58) and the
	// Incident Report (06-28) are postmortems.
	want := []incident.Status{"update", "update", "update", "resolved", "postmortem", "postmortem"}
	if strings.Join(jsonStatuses(got), ",") != strings.Join(jsonStatuses(want), ",") {
		t.Errorf("statuses %v, want %v", got, want)
	}
	if gke.Postmortem == nil || !gke.Postmortem.At.Equal(jsonTime(t, "2022-06-28T18:27:16Z")) {
		t.Errorf("postmortem %+v, want the 2022-06-28 report", gke.Postmortem)
	}
	if gke.URL != "https://status.cloud.google.com/incidents/fc7GCA6kAgnBihezUAkx" || gke.Impact != incident.ImpactMinor || gke.Vendor != "Google Cloud" {
		t.Errorf("url %q impact %s vendor %q", gke.URL, gke.Impact, gke.Vendor)
	}
	old := jsonFixture(t, "gcp-json", "gcp-status-incidents-old-schema-2020-11-trimmed.json")
	gae := old[0]
	if gae.ID != "20008" || gae.URL != "https://status.cloud.google.com/incident/appengine/20008" || gae.Impact != incident.ImpactMajor {
		t.Errorf("old schema: id %q url %q impact %s", gae.ID, gae.URL, gae.Impact)
	}
	if last := gae.Updates[len(gae.Updates)-1]; last.Status != incident.StatusResolved || !last.At.Equal(jsonTime(t, "2020-11-05T21:43:49Z")) {
		t.Errorf("old schema: last update %s at %s, want resolved at end", last.Status, last.At)
	}
	if gae.Page.Started.Evidence != "begin: 2020-11-05T20:22:48Z" || gae.Page.Resolved.Evidence != "end: 2020-11-05T21:43:49Z" {
		t.Errorf("page fields %+v", gae.Page)
	}
}

func jsonStatuses(ss []incident.Status) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = string(s)
	}
	return out
}

// TestAWSJSON: the us-east-1 Kinesis event of 2020-11-25 starts at its date
// 1606314960 (6:36 AM PST) and runs past midnight UTC in PST.
func TestAWSJSON(t *testing.T) {
	incs := jsonFixture(t, "aws-json", "aws-status-data-json-kinesis-us-east-1-event-2020-11-26-trimmed.json")
	k := jsonByID(t, incs, "kinesis-us-east-1-1606314960")
	if k.Title != "Increased API Error Rates" || k.Vendor != "Amazon Web Services" || k.Zone != "PST" ||
		len(k.Components) != 1 || k.Components[0] != "Amazon Kinesis Data Streams (N. Virginia)" {
		t.Errorf("title %q vendor %q zone %q components %v", k.Title, k.Vendor, k.Zone, k.Components)
	}
	if first := k.Updates[0]; first.Stamp != "6:36 AM PST" || !first.At.Equal(jsonTime(t, "2020-11-25T14:36:00Z")) {
		t.Errorf("first update %q at %s", first.Stamp, first.At)
	}
	if last := k.Updates[len(k.Updates)-1]; last.Stamp != "11:00 PM PST" || !last.At.Equal(jsonTime(t, "2020-11-26T07:00:00Z")) || last.Status != incident.StatusUpdate {
		t.Errorf("last update %q at %s status %s", last.Stamp, last.At, last.Status)
	}
	cw := jsonByID(t, incs, "cloudwatch-us-east-1-1606316400")
	if cw.Status != incident.StatusResolved || cw.Title != "API Error Rates and Metric Delays" {
		t.Errorf("[RESOLVED] event: status %s title %q", cw.Status, cw.Title)
	}
	sqs := jsonByID(t, incs, "sqs-ap-northeast-1-1533208334")
	if sqs.Title != "SQSでのコネクションリセット及びソケットタイムアウトの発生 | Connection reset and socket timeout for SQS" || sqs.Status != incident.StatusResolved {
		t.Errorf("bilingual summary: title %q status %s", sqs.Title, sqs.Status)
	}
}

// TestAWSJSONPostEventSummary: a last update that only links to a
// Post-Event Summary is a postmortem and the resolve is the update before.
func TestAWSJSONPostEventSummary(t *testing.T) {
	incs := jsonFixture(t, "aws-json", "aws-status-data-json-2022-07-trimmed.json")
	dx := jsonByID(t, incs, "directconnect-ap-northeast-1-1630543140")
	n := len(dx.Updates)
	if dx.Updates[n-1].Status != incident.StatusPostmortem || dx.Updates[n-2].Status != incident.StatusResolved {
		t.Errorf("statuses %s, %s; want resolved, postmortem", dx.Updates[n-2].Status, dx.Updates[n-1].Status)
	}
	if dx.Postmortem == nil || !strings.Contains(dx.Postmortem.Text, "https://aws.amazon.com/message/17908") {
		t.Errorf("postmortem %+v", dx.Postmortem)
	}
	ec2 := jsonByID(t, incs, "ec2-us-east-1-1638895771") // link appended to the resolve post
	if last := ec2.Updates[len(ec2.Updates)-1]; last.Status != incident.StatusResolved || ec2.Postmortem == nil || !ec2.Postmortem.At.IsZero() {
		t.Errorf("appended link: last status %s, postmortem %+v", last.Status, ec2.Postmortem)
	}
}

// TestSlackJSON: an outage is major; the "ok" document has no incident.
func TestSlackJSON(t *testing.T) {
	inc := jsonFixture(t, "slack-json", "slack-status-api-v2-current-outage-2023-07-27.json")[0]
	if inc.Impact != incident.ImpactMajor || inc.Vendor != "Slack" || inc.ID != "1247" || len(inc.Components) != 4 {
		t.Errorf("impact %s vendor %q id %q components %v", inc.Impact, inc.Vendor, inc.ID, inc.Components)
	}
	// "2023-07-27T02:35:49-07:00" is the oldest note (notes are newest first).
	if !inc.Updates[0].At.Equal(jsonTime(t, "2023-07-27T09:35:49Z")) {
		t.Errorf("first update at %s", inc.Updates[0].At)
	}
	if strings.Contains(inc.Updates[2].Body, "\r") {
		t.Errorf("body keeps CR: %q", inc.Updates[2].Body)
	}
	data, err := os.ReadFile(filepath.Join(testdata, "slack-json", "none-slack-status-api-v2-current-ok-2024-02-27.json"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := parse.Read(&parse.Input{Name: "ok.json", Data: data}, ""); !errors.Is(err, parse.ErrNoIncidents) {
		t.Errorf("ok document: error %v, want ErrNoIncidents", err)
	}
}

// TestJSONDetectNegative: JSON that is none of these formats is claimed by
// none of the JSON readers.
func TestJSONDetectNegative(t *testing.T) {
	docs := []string{
		`{"hello": "world"}`,
		`[]`,
		`[1, 2, 3]`,
		`[{"id": "x", "begin": "2020-01-01T00:00:00Z"}]`,
		`{"page": {"name": "Acme"}}`,
		`{"page": "x", "incidents": []}`,
		`{"archive": 5}`,
		`{"archive": [{"x": 1}], "current": []}`,
		`{"active_incidents": []}`,
		`{"id": "x", "name": "y"}`,
		`{"page":{"name":"Acme","url":"https://acme.example"},"activeIncidents":[],"activeMaintenances":[]}`,
	}
	for _, name := range []string{"statuspage-json", "gcp-json", "aws-json", "slack-json"} {
		r, ok := parse.Lookup(name)
		if !ok {
			t.Fatalf("no reader %q", name)
		}
		for _, d := range docs {
			if c := r.Detect(&parse.Input{Name: "x.json", Kind: parse.KindJSON, Data: []byte(d)}); c != parse.No {
				t.Errorf("%s claims %s (%d)", name, d, c)
			}
		}
	}
}

func FuzzStatuspageJSON(f *testing.F) { fuzzReader(f, "statuspage-json") }
func FuzzGCPJSON(f *testing.F)        { fuzzReader(f, "gcp-json") }
func FuzzAWSJSON(f *testing.F)        { fuzzReader(f, "aws-json") }
func FuzzSlackJSON(f *testing.F)      { fuzzReader(f, "slack-json") }
