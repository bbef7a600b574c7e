package parse

import (
	"strings"
	"testing"
)

// Vendor and title finders on the opening lines of real devset pages
// (testdata/devset/pages, named per case). Each case is a mechanism, not a
// page: the phrase that names the company, or the chrome that is no title.
func TestTextVendor(t *testing.T) {
	for _, c := range []struct{ src, text, want string }{
		{"e-instatus-pingplotter-1", "PingPlotter Cloud - Performance Issue – Incident details\n\nPerformance Issue\n", "PingPlotter Cloud"},
		{"b-failuremodes-facebook-1", "title BGP withdrawal isolates a backbone\norg Facebook\nwhen 2021-10-04\n", "Facebook"},
		{"d-cloudpir-googlecloud-3", "Google Cloud Issue Summary Multiple Products - 2020-08-19\n", "Google Cloud"},
		{"d-cloudpir-googlecloud-2", "This page provides status information on the services that are part of Google Cloud.\n", "Google Cloud"},
		{"d-cloudpir-googlecloud-2 (sentence goes on)", "This page provides status information on the services that are part of Google Cloud. Check back here to view the current status.\n", "Google Cloud"},
		{"d-ispreport-directcommunications-1", "Direct Communications operations and engineering staff have completed a post-outage review.\n", "Direct Communications"},
		{"b-sysdesign-gitlab-1", "Spam attack made GitLab.com slow.\n", "GitLab"},
		{"e-orgreport-colorado811-1 (most named wins)", "At 8:29 PM the Colorado 811 IT Department received a call.\nOur provider said the Managed Firewall team opened a ticket.\nThe Colorado 811 IT staff escalated.\nColorado 811 Systems Administrator saw failures.\n", "Colorado 811"},
		{"m-statuspage-home-jobnimbus-1", "Update: Normal operations restored.\n", ""},
		{"b-postmortemsapp-aws-1", "Postmortem Index\n\nExplore incident reports from various companies\n", ""},
		{"f-orgoutagereport-zoom-1", "Zoom Outage\n\nUsers were getting server errors on Zoom websites.\nZoom users could not join.\n", "Zoom"},
		{"e-docswriteup-edrv-1 (a heading, not a company)", "SSL Certificate Expired Incident\n\nThe certificate expired.\n", ""},
		{"e-blogrfo-ctscompanies-1", "8.12.2022 Carrier Outage\n\nIncident Reported: 4:45 AM EST\n", ""},
		{"f-wikiincident-miraheze-1 (a wiki's site line)", "From Miraheze Meta, Miraheze's central coordination wiki\n\nAll wikis were down.\n", "Miraheze"},
		{"a wiki's site line without an owner", "From Wikitech\n", ""},
		{"a wiki's site line, the site", "From Acmepedia, the free encyclopedia\n\nThe outage.\n", "Acmepedia"},
		{"f-mailinglist-tarsnap-2 (an adjective before the name)", "The detailed story: At 13:07 UTC the main Tarsnap server suffered a failed system status check.\n", "Tarsnap"},
		{"f-saaspir-pubnub-1 (the affected part, not the company)", "Starting at 12:20 pm UTC, we noticed an increase in errors and latency affecting the Presence service in multiple regions.\n", ""},
		{"the company's service, not after 'affecting'", "Users of the Acme platform saw errors.\n", "Acme"},
		{"a curly possessive mid-sentence", "Since Acme’s own services rely on it, the outage spread.\n", "Acme"},
		{"f-helpcenter-zendesk-1", "Summary\nThe issue is now resolved.\nFor current system status information about your Zendesk, check our system status page.\n", "Zendesk"},
		{"f-orgoutagereport-weatherwatch-1 (a four-word name)", "Beginning at 17:14Z on May 15th, 2014, Weather Watch East Preston experienced an unexpected service outage.\n", "Weather Watch East Preston"},
	} {
		if got := textVendor(strings.Split(c.text, "\n")); got != c.want {
			t.Errorf("%s: vendor %q, want %q", c.src, got, c.want)
		}
	}
}

func TestTextTitle(t *testing.T) {
	for _, c := range []struct{ src, text, want string }{
		{"b-statussight-saltedge-1", "Postmortem: ## Executive Summary\nOn March 10, 2026, between 12:33 and 13:00 UTC, our service was disrupted.\nmore\n", ""},
		{"d-cloudpir-googleworkspace-1", "- Available\n- Service outage\nIncident affecting Google Docs\nIncident began at 2024-08-12 13:20\nmore\n", "Incident affecting Google Docs"},
		{"d-cloudpir-azure-2", "July 2022\n\nWhat went wrong, and why?\n\nDate Time (UTC) Event\n| 10 Mar 2026 |\nmore\n", ""},
		{"e-incidentio-gocardless-1", "Read it here\nmore\n", ""},
		{"e-incidentio-gocardless-1 (no components)", "No components marked as affected\nmore\n", ""},
		{"f-helpcenter-zendesk-1 (boilerplate, comment count)", "FOR MORE INFORMATION\n1 comment\nmore\n", ""},
		{"f-wikiincident-miraheze-1 (wiki edit link)", "Summary[edit | edit source]\nmore\n", ""},
		{"f-hostingnotice-ovh-1 (a fragment)", "Two pieces of information,\nmore\n", ""},
		{"e-dayheading-history-clevercloud-2", "Infrastructure [PAR] An hypervisor has been lost\nmore\n", "[PAR] An hypervisor has been lost"},
		{"e-instatus-pingplotter-1", "PingPlotter Cloud - Performance Issue – Incident details\nmore\n", "Performance Issue"},
		{"d-timeline-nango-1 (statement)", "Render databases were down for all regions.\nmore\n", ""},
		{"f-mailinglist-tarsnap-1", "[Date Prev][Date Next][Thread Prev][Thread Next][Date Index][Thread Index]\n\nTarsnap outage 2011-07-23 08:00 -- 15:30 UTC\nmore\n", "Tarsnap outage 2011-07-23 08:00 -- 15:30 UTC"},
		{"f-customstatus-postmark-1", "← Incidents\n\nDEGRADEDOutbound and inbound messages are delayed, UI not available\nmore\n", "Outbound and inbound messages are delayed, UI not available"},
		{"f-hostingnotice-sonassi-1", "Network Network connectivity fault\nmore\n", "Network connectivity fault"},
		{"f-hostingnotice-ovh-1 (comment byline)", "Comment by OVH - Thursday, 09 November 2017, 10:55AM\nmore\n", ""},
		{"f-wikiincident-wikimedia-1 (wiki chrome)", "Jump to content\nmore\n", ""},
		{"f-mailinglist-tarsnap-2 (attachment)", "OpenPGP_signature\nmore\n", ""},
		{"f-helpcenter-zendesk-1 (section)", "Remediation Items\nmore\n", ""},
		{"f-betterstack-noyear-thrivedesk-1 (badge)", "Degraded\nOutbound Email Service Disruption\nmore\n", "Outbound Email Service Disruption"},
		// must not drop: the same word in another case is the title's own
		{"plain title", "Login login errors\nmore\n", "Login login errors"},
		{"cut page (last line)", "Summary\nWe are implementing service re", ""},
	} {
		if got := textTitle(strings.Split(c.text, "\n"), "", 60); got != c.want {
			t.Errorf("%s: title %q, want %q", c.src, got, c.want)
		}
	}
}
