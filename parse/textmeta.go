package parse

import (
	"regexp"
	"strings"
)

// Vendor and title from a document's own words, for the text readers that
// have no field for them. Never from a vendor list, a URL table or a file
// name: only phrases that name the company whose service failed.

var (
	tvReportFor   = regexp.MustCompile(`\bIncident [Rr]eport for ([A-Z0-9][\w.&'-]*(?: [A-Z0-9][\w.&'-]*){0,3})`)
	tvStatusTitle = regexp.MustCompile(`^([A-Z0-9][\w.&'-]*(?: [A-Z0-9][\w.&'-]*){0,3}) (?:Status|status page|System Status|Service Status|Status Dashboard|Service Health Dashboard|Service Health)(?:\s*[-|–—:].*)?$`)
	tvExperienced = regexp.MustCompile(`(?:^|[,.] )([A-Z][\w.&'-]*(?: [A-Z][\w.&'-]*){0,3}) (?:experienced|is experiencing|was experiencing|suffered) (?:a|an|some|degraded|partial|major|minor|elevated|intermittent|service|downtime|an? outage|issues|problems)\b`)
	tvForVendor   = regexp.MustCompile(`\b(?:incidents|outages|downtime|incident data|outage data|status|incident history|outage history) (?:for|of) ([A-Z][\w.&'-]*(?: [A-Z][\w.&'-]*){0,2})\b`)
	tvTheOutage   = regexp.MustCompile(`\b(?:[Tt]he|[Aa]n?|[Ee]ach|at|provided by|from) (?:(?:main|primary|entire|whole|central|core|public|production) )?([A-Z][\w.&'-]*(?: [A-Z][\w.&'-]*){0,1})(?:'s)? (?:outage|incident|service|status|platform|network|API|engineering|team|UI|app|dashboard|website|servers?|infrastructure|front-?end|backend)\b|\brely on ([A-Z][\w.&'-]*(?: [A-Z][\w.&'-]*){0,1}) (?:to|for)\b|\b(?:[Cc]omment|[Pp]osted|[Rr]eply|[Uu]pdated?) by ([A-Z][\w.&'-]*(?: [A-Z][\w.&'-]*){0,1}) [-–—]|\b(?:[Ii]ncident #?\d+ at|provided by) ([A-Z][\w.&'-]*)`)
	tvPossessive  = regexp.MustCompile(`(?:^|[.;,] |\) |\b(?:[Ss]ince|[Aa]s|[Bb]ecause|[Ww]hile|and|but|of|on|in|to|for|with|that|when) )([A-Z][\w.&-]*)['’]s (?:own )?(?:availability|services?|platforms?|primary|APIs?|databases?|infrastructure|systems?|networks?|website|apps?)\b`)
	tvIsDown      = regexp.MustCompile(`(?i)^is ([A-Z0-9][\w.&'-]*(?: [\w.&'-]+){0,2}) down\b`)
	tvOutage      = regexp.MustCompile(`^([A-Z][\w.&'-]*(?: [A-Z][\w.&'-]*){0,2}) (?:[Oo]utage|[Ii]ncident|[Dd]isruption|[Ss]tatus|[Ii]ssue|[Ss]ervice [Ii]ssue)s? (?:on|history|report|[Ss]ummary|[-–—|:]|\d)`)
	tvOutageLine  = regexp.MustCompile(`^([A-Z][\w.&'-]*) [Oo]utage$`)
	tvTeam        = regexp.MustCompile(`(?:^|[.;:,] |\d |the )([A-Z][\w.&'-]*(?: [A-Z0-9][\w.&'-]*){0,2}) (?:IT (?:[Dd]epartment|[Ss]taff|[Tt]eam)|[Ee]ngineering|[Oo]perations|[Ss]upport|[Mm]onitoring|[Ii]nfrastructure|SRE|[Tt]eam|[Ss]taff|[Ee]ngineers)\b|\bby ([A-Z][\w.&'-]*(?: [A-Z][\w.&'-]*){0,1}) (?:[Ee]ngineering|[Oo]perations|[Ss]upport|[Mm]onitoring|[Tt]eam|[Ss]taff|[Ee]ngineers)\b`)
	tvPartOf      = regexp.MustCompile(`\b(?:services|products|components) (?:that are )?(?:a )?part of ([A-Z][\w.&'-]*(?: [A-Z][\w.&'-]*){0,2})\b|^(?:Incident|Outage|Issue|Disruption)s? affecting ([A-Z][\w.&'-]*(?: [A-Z][\w.&'-]*){0,1})`)
	tvDetails     = regexp.MustCompile(`^([A-Z][\w.&'-]*(?: [A-Z0-9][\w.&'-]*){0,3}) [-–—|] .+ [-–—|] (?i:incident details|incident report)$`)
	tvBrandDomain = regexp.MustCompile(`\b([A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)?)\.(?:com|io|net|org)\b`)
	// tvWikiFrom is a wiki's site line at the top of a page: "From Miraheze
	// Meta, Miraheze's central coordination wiki".
	tvWikiFrom = regexp.MustCompile(`^From ([A-Z][\w.&'-]*(?: [A-Z][\w.&'-]*){0,2}), (?:([A-Z][\w.&-]*)['’]s )?`)
	// tvYour names the product the reader has: "status information about
	// your Zendesk", "updates for your Acme account".
	tvYour  = regexp.MustCompile(`\b(?:status|updates?|information|news|notifications?) (?:\w+ ){0,2}?(?:about|for|on|of) your ([A-Z][a-z]+(?:[A-Z][a-z]+)?)\b`)
	tvHost  = regexp.MustCompile(`\b(?:status\.([a-z0-9-]+)\.(?:com|io|net|org|dev|app|co|ai|cloud)|([a-z0-9-]+)\.(?:statuspage|instatus|betteruptime|incident)\.io|([a-z0-9-]+)\.status\.io|(?:www\.)?([a-z0-9-]+)status\.(?:com|io))\b`)
	tvField = regexp.MustCompile(`^\**(?i:company|vendor|provider|service|organi[sz]ation|org)\**\s*:\s*\**\s*([A-Z0-9][\w.&' -]{0,40}?)\**$|^(?i:company|vendor|org|organi[sz]ation)[ \t]+([A-Z][\w.&'-]*(?: [A-Z][\w.&'-]*){0,2})$`)
)

// tvNot are capitalised words that open such phrases without being a company.
var tvNot = map[string]bool{
	"the": true, "this": true, "our": true, "we": true, "incident": true, "system": true, "service": true,
	"current": true, "overall": true, "page": true, "all": true, "past": true, "previous": true, "recent": true,
	"a": true, "an": true, "some": true, "customers": true, "users": true, "it": true, "there": true,
	"status": true, "resolved": true, "investigating": true, "monitoring": true, "identified": true,
	"update": true, "major": true, "minor": true, "partial": true, "degraded": true, "historical": true,
	"platform": true, "api": true, "today": true, "yesterday": true, "summary": true, "postmortem": true,
	"uptime": true, "view": true, "is": true, "check": true, "live": true, "latest": true,
	"explore": true, "read": true, "see": true, "browse": true, "search": true, "find": true, "global": true,
	"regional": true, "multiple": true, "several": true, "total": true, "full": true, "scheduled": true,
	"unscheduled": true, "planned": true, "emergency": true, "network": true, "internal": true, "external": true,
	"customer": true, "technical": true, "no": true, "for": true, "please": true, "continued": true, "normal": true, "regular": true, "their": true, "product": true, "engineering": true, "operations": true, "support": true,
	"power": true, "email": true, "dns": true, "database": true, "internet": true, "carrier": true, "server": true,
	"website": true, "web": true, "phone": true, "login": true, "data": true, "cloud": true,
}

var tvDomain = regexp.MustCompile(`(?i)\.(?:com|io|net|org|dev|app|co|ai)$`)

func tvOK(v string) bool {
	v = strings.TrimSpace(v)
	if v == "" || len(v) > 60 {
		return false
	}
	return !tvNot[strings.ToLower(strings.Fields(v)[0])]
}

// textVendor names the company the text is about, or "".
func textVendor(lines []string) string {
	head := lines[:min(len(lines), 200)]
	// the lines' opening 300 bytes, lower-cased once for the literal
	// filters below
	low := make([]string, len(head))
	for i, l := range head {
		low[i] = strings.ToLower(l[:min(len(l), 300)])
	}
	// tryWith reads the first of the first n lines that keep admits and
	// re matches
	tryWith := func(re *regexp.Regexp, n int, keep func(i int) bool) string {
		for i, l := range head[:min(len(head), n)] {
			if !keep(i) {
				continue
			}
			t := strings.TrimSpace(strings.Trim(strings.TrimSpace(l), "#*_"))
			if len(t) > 300 { // the phrases open a line or its first sentences
				t = t[:300]
			}
			if strings.Contains(low[i], "powered by") {
				continue
			}
			if m := re.FindStringSubmatch(t); m != nil {
				for _, g := range m[1:] {
					if v, ok := tvName(g); ok {
						return v
					}
				}
			}
		}
		return ""
	}
	// try admits the lines that hold one of lits (lower case), a cheap
	// filter before the regular expression; no lits admits every line
	try := func(re *regexp.Regexp, n int, lits ...string) string {
		return tryWith(re, n, func(i int) bool {
			if len(lits) == 0 {
				return true
			}
			for _, lit := range lits {
				if strings.Contains(low[i], lit) {
					return true
				}
			}
			return false
		})
	}
	for _, f := range []func() string{
		func() string { return try(tvReportFor, 200, "report for") },
		func() string {
			return try(tvField, 60, "company", "vendor", "provider", "service", "organi", "org")
		},
		func() string { return try(tvStatusTitle, 20, "status") },
		func() string { return try(tvDetails, 5, "incident details", "incident report") },
		func() string { return try(tvIsDown, 20, "down") },
	} {
		if v := f(); v != "" {
			return v
		}
	}
	// the weaker phrases each name a candidate; the one the text names
	// most often wins ("the Colorado 811 IT Department" four times over
	// "the Managed Firewall team" once), the earlier phrase on a tie
	var cands []string
	for _, f := range []func() string{
		func() string { return try(tvExperienced, 60, "experienc", "suffered") },
		func() string { return try(tvOutage, 10, "outage", "incident", "disruption", "status", "issue") },
		func() string {
			// a heading "Zoom Outage" names the company when the text
			// names it again ("Zoom websites", "Zoom users")
			if v := try(tvOutageLine, 5, "outage"); v != "" && tvCount(strings.Join(head, "\n"), v) >= 3 {
				return v
			}
			return ""
		},
		func() string {
			return try(tvForVendor, 20, "incidents for", "incidents of", "outages for", "outages of", "downtime for", "downtime of",
				"data for", "data of", "status for", "status of", "history for", "history of")
		},
		func() string { return try(tvPartOf, 20, "part of", "affecting") },
		func() string { return try(tvPossessive, 20, "'s ", "’s ") },
		func() string { return tvTheOutageIn(head[:min(len(head), 20)], low) },
		func() string {
			return try(tvTeam, 40, "engineer", "operations", "support", "monitoring", "infrastructure", "sre", "team", "staff", "department")
		},
		func() string { return textVendorHost(head) },
		func() string {
			for _, l := range head[:min(len(head), 5)] {
				if m := tvWikiFrom.FindStringSubmatch(strings.TrimSpace(l)); m != nil {
					if m[2] != "" {
						return m[2] // the site's owner, named in its tagline
					}
					return strings.TrimSuffix(strings.TrimSuffix(m[1], " Meta"), " Wiki")
				}
			}
			return ""
		},
		func() string { return try(tvYour, 60, "your ") },
		func() string { return try(tvBrandDomain, 40, ".com", ".io", ".net", ".org") },
	} {
		if v := f(); v != "" {
			cands = append(cands, v)
		}
	}
	if len(cands) == 0 {
		return ""
	}
	text := strings.Join(head, "\n")
	best, bestN := cands[0], tvCount(text, cands[0])
	for _, c := range cands[1:] {
		if n := tvCount(text, c); n > bestN {
			best, bestN = c, n
		}
	}
	return best
}

// tvCount counts the whole-word occurrences of name in text.
func tvCount(text, name string) int {
	n := 0
	for off := 0; ; {
		k := strings.Index(text[off:], name)
		if k < 0 {
			return n
		}
		k += off
		end := k + len(name)
		if (k == 0 || !isWordByte(text[k-1]|0x20)) && (end == len(text) || !isWordByte(text[end]|0x20)) {
			n++
		}
		off = end
	}
}

// textVendorHost reads status.x.com, x.statuspage.io and the like, and
// spells the name as the text does when it writes it elsewhere.
// tvTheOutageLeads are the words before the name in tvTheOutage.
var tvTheOutageLeads = []string{"the ", "The ", "a ", "A ", "an ", "An ", "each ", "Each ", "at ", "from ", "by ", "rely on "}

// tvName is a phrase's captured name as the vendor, cut where a sentence
// ends inside it ("Google Cloud. Check back") and without a trailing
// ".com"; ok is false when it is no name (tvOK).
func tvName(g string) (string, bool) {
	if k := strings.Index(g, ". "); k > 0 {
		g = g[:k]
	}
	if g == "" || !tvOK(g) {
		return "", false
	}
	return tvDomain.ReplaceAllString(strings.TrimSpace(g), ""), true
}

// tvTheOutageIn reads the first "the X service" (and the like) name of
// lines, skipping a phrase that follows "affecting" or "impacting": that
// names the part that failed ("errors affecting the Presence service"),
// not the company. low holds the lines' lower-cased openings.
func tvTheOutageIn(lines, low []string) string {
	for i, l := range lines {
		t := strings.TrimSpace(strings.Trim(strings.TrimSpace(l), "#*_"))
		t = t[:min(len(t), 300)]
		if !tvTheOutageMay(t) || strings.Contains(low[i], "powered by") {
			continue
		}
		for _, m := range tvTheOutage.FindAllStringSubmatchIndex(t, -1) {
			lead := strings.ToLower(t[max(0, m[0]-12):m[0]])
			if strings.HasSuffix(lead, "affecting ") || strings.HasSuffix(lead, "impacting ") {
				continue
			}
			for g := 2; g+1 < len(m); g += 2 {
				if m[g] < 0 {
					continue
				}
				if v, ok := tvName(t[m[g]:m[g+1]]); ok {
					return v
				}
			}
		}
	}
	return ""
}

// tvTheOutageAdjs may stand between a lead word and the name ("the main
// Tarsnap server").
var tvTheOutageAdjs = []string{"main ", "primary ", "entire ", "whole ", "central ", "core ", "public ", "production "}

// tvTheOutageMay reports whether l can match tvTheOutage: one of its lead
// words is followed by a capital letter.
func tvTheOutageMay(l string) bool {
	for _, w := range tvTheOutageLeads {
		for off := 0; ; {
			k := strings.Index(l[off:], w)
			if k < 0 {
				break
			}
			k += off + len(w)
			off = k
			for _, adj := range tvTheOutageAdjs {
				if strings.HasPrefix(l[k:], adj) {
					k += len(adj)
					break
				}
			}
			if k < len(l) && l[k] >= 'A' && l[k] <= 'Z' {
				return true
			}
		}
	}
	return false
}

func textVendorHost(lines []string) string {
	text := strings.Join(lines, "\n")
	text = text[:min(len(text), 16384)]
	lower := strings.ToLower(text)
	if !strings.Contains(lower, "status") && !strings.Contains(lower, ".incident.io") && !strings.Contains(lower, "betteruptime") {
		return ""
	}
	var ms [][]string
	for rest := lower; rest != "" && len(ms) < 8; {
		line := rest
		if k := strings.IndexByte(rest, '\n'); k >= 0 {
			line, rest = rest[:k], rest[k+1:]
		} else {
			rest = ""
		}
		// every host tvHost knows holds "status." or ".io": only such
		// lines are worth the expression
		if strings.Contains(line, "status.") || strings.Contains(line, ".io") {
			ms = append(ms, tvHost.FindAllStringSubmatch(line, 8-len(ms))...)
		}
	}
	for _, m := range ms { // tvHost is lower case
		name := ""
		for _, g := range m[1:] {
			if g != "" {
				name = strings.ToLower(g)
				break
			}
		}
		if name == "" || tvNot[name] || name == "www" {
			continue
		}
		for off := 0; ; {
			k := strings.Index(lower[off:], name)
			if k < 0 {
				break
			}
			k += off
			w := text[k : k+len(name)]
			before := k == 0 || !isWordByte(lower[k-1])
			after := k+len(name) == len(lower) || !isWordByte(lower[k+len(name)])
			if before && after && w != strings.ToLower(w) {
				return w
			}
			off = k + len(name)
		}
		return strings.ToUpper(name[:1]) + name[1:]
	}
	return ""
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_'
}

var (
	tcChrome = regexp.MustCompile(`(?i)^(?:back to .*|.*\boverview|summary|all systems operational|.*\bincidents?$|.*\bincident history|last (?:checked|updated).*|subscribe.*|get updates|sign in|log ?in|.*powered by.*|update timeline|affected (?:components|services)|timeline|updates?|current status.*|status|overall status.*|view (?:history|incident history|past incidents)|uptime.*|.*cookies?.*|skip to .*|home|menu|share|report an issue|no incidents reported.*|this incident (?:has been resolved|affected).*|components?|impact|duration.*|severity.*|category.*|service:.*|resolved|investigating|monitoring|identified|official status.*|.*\bstatus page$|.*\bstatus$|is .* down.*|.*this summary is created by.*|(?:executive |incident )?summary|incident (?:resolved|lasted) in .*|(?:resolved|lasted) in \d.*|(?:historical record of )?(?:incidents|outages) (?:for|of) .*|.*·.*|.*free trial.*|.*sign up.*|.*credit card.*|.*\bindex|explore.*|skip navigation|read (?:it|more|the (?:full )?(?:write-?up|report|postmortem|post-?mortem|rca)) here|read more|learn more|click here|(?:for support|please see|please visit|contact (?:us|support)).*|(?:some|all|many|several) (?:systems?|services?|components?) (?:are |is )?(?:experiencing|operational|degraded|down|affected).*|recovering|(?:time ?frame|date|time|when|duration|impact|status|severity|priority|affected)\s*:.*|.*status dashboard|.*\bstatus history|incident details|incident overview|service health(?: dashboard)?|(?:comment|posted|reply|answer) by .*|jump to (?:content|navigation|search)|from .+, .*\b(?:wiki|encyclopedia)\b.*|\S+_signature|.*\.(?:asc|sig|pgp)|(?:write-?up|post-?mortem|report) (?:published|available)|degraded(?: performance)?|(?:major|partial|minor) outage|operational|under maintenance|//.*|.*:|no components? (?:were )?(?:marked as )?affected.*|\d+ (?:comments?|replies|likes?|views?)|for more information.*|.*\[edit(?: \| edit source)?\]|.*,|\W.*<\w+>.*)$`)
	tcPhone  = regexp.MustCompile(`^[+(]?\d[\d\s().-]{6,}$`)
	// tcMonthYear is a month heading of a history view ("July 2022").
	tcMonthYear = regexp.MustCompile(`(?i)^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,? \d{4}$`)
	// tcIDLine is an identifier or a note on times, not a heading.
	tcIDLine = regexp.MustCompile(`(?i)^(?:uuid|id|ref(?:erence)?|ticket|tracking id)\s*[:#]|^all (?:dates(?:/| and )times|times|timestamps) (?:are |shown |listed )?(?:in |relative to |displayed in )?`)
	// tcSection is a section heading of a write-up or a table header row.
	tcSection = regexp.MustCompile(`(?i)^(?:what (?:happened|went wrong|we(?:'re| are) doing|is next|next)|why (?:did )?(?:it|this) happen(?:ed)?|(?:incident |event )?timeline(?: of events)?|root cause|impact|resolution|remediation|mitigation|detection|next steps|lessons learned|action items|follow[- ]ups?|background|details|description|customer impact|contributing factors|prevent(?:ion|ive)(?: measures| actions)?|corrective (?:measures|actions)|(?:how|what) we(?:'re| are| will)? .*)(?:\s*(?:\(.*\)|analysis|items|actions|steps|plan|measures|summary|details|overview))?\??$|^(?:date|time|timestamp)\b.*\b(?:event|description|action|update|details)$|^(?:the|this) incident (?:has been|is|was) .*|^\d{1,2}:\d\d\b`)
	// tcFinite is a finite verb that makes a line ending in a period a sentence.
	tcFinite = regexp.MustCompile(`(?i)\b(?:was|were|is|are|has|have|had|will|we|our)\b`)
	// tcDetails is a page title "Vendor - Incident title – Incident details".
	tcDetails = regexp.MustCompile(`^(.{2,60}?) [-–—|] (.+?) [-–—|] (?i:incident details|incident report|status)$`)
	// tcComponentTag is a component name before a bracketed tag and the title.
	tcComponentTag = regexp.MustCompile(`^[A-Z][A-Za-z]+ (\[[A-Z0-9-]{2,12}\] .+)$`)
	// tcZoneNote is a trailing note on the zone of times in a heading.
	tcZoneNote = regexp.MustCompile(`(?i)\s+all (?:dates(?:/| and )times|times|timestamps) (?:are )?(?:in |relative to ).*$`)
)

// titleCandidate reports whether a line can be an incident's heading.
func titleCandidate(l string) bool {
	t := strings.TrimSpace(l)
	if strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* ") || strings.HasPrefix(t, "• ") || strings.HasPrefix(t, "|") || strings.HasSuffix(t, "|") {
		return false // a list item (components, statuses) or a table row, not a heading
	}
	if strings.HasSuffix(t, "?") {
		return false // a section question ("What went wrong, and why?")
	}
	if strings.HasPrefix(t, "[") && strings.HasSuffix(t, "]") && strings.Contains(t, "][") {
		return false // navigation: "[Date Prev][Date Next][Thread Index]"
	}
	t = strings.TrimSpace(strings.Trim(tcClean(t), "#*_| "))
	if strings.HasSuffix(t, ".") && tcFinite.MatchString(t) {
		return false // a statement ("Render databases were down."), not a heading
	}
	if t == "" || len(t) > 140 || len(t) < 4 || tcMonthYear.MatchString(t) || tcIDLine.MatchString(t) || tcSection.MatchString(t) || tcChrome.MatchString(t) || tcPhone.MatchString(t) {
		return false
	}
	if strings.HasSuffix(t, ".") && strings.Count(t, " ") > 8 {
		return false // a sentence, not a heading
	}
	if tvReportFor.MatchString(t) || tvStatusTitle.MatchString(t) {
		return false
	}
	if _, _, ok := tlDayHeading(t); ok {
		return false
	}
	return strings.ContainsFunc(t, func(r rune) bool { return r >= 'A' && r <= 'z' || r > 127 })
}

var tcQuoted = regexp.MustCompile(`(?i)^(?:Report|Incident|Title|incident_name|name)\s*:\s*["“]?(.+?)["”]?\s*$|^(?:title|incident_name)[ \t]+(\S.{3,}?)\s*$`)

// textTitle is the incident's heading: the line before "Incident Report
// for", a quoted "Report: \"X\"" line, a Markdown heading, else the first
// line that can be a title, above the first timeline entry (limit, a line
// index) and outside an "Affected components" block. "" when the text has
// no heading: a body line is never a title.
func textTitle(lines []string, vendor string, limit int) string {
	// The last line heads nothing: on a page cut short it is a fragment
	// ("We are implementing service re").
	last := len(lines) - 1
	for last >= 0 && strings.TrimSpace(lines[last]) == "" {
		last--
	}
	lines = lines[:max(0, min(last, limit))]
	for _, l := range lines {
		if m := tcQuoted.FindStringSubmatch(strings.TrimSpace(l)); m != nil {
			return strings.TrimSpace(m[1] + m[2])
		}
	}
	lines = tcDropBlocks(lines)
	for i, l := range lines[:min(len(lines), 200)] {
		if tvReportFor.MatchString(l) {
			for j := i - 1; j >= 0; j-- {
				if titleCandidate(lines[j]) {
					return tcClean(lines[j])
				}
			}
		}
	}
	for _, l := range lines[:min(len(lines), 60)] {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "# ") && titleCandidate(t) {
			return tcClean(t)
		}
	}
	for _, l := range lines[:min(len(lines), 60)] {
		if titleCandidate(l) && !tlIsStampish(l) {
			return tcClean(l)
		}
	}
	return ""
}

var tcBlockHead = regexp.MustCompile(`(?i)^(?:affected (?:components|services|products|regions)|components affected|services affected|this incident affected:?)$`)

// tcDropBlocks blanks the lines of "Affected components" lists, which name
// components, not the incident.
func tcDropBlocks(lines []string) []string {
	out := make([]string, len(lines))
	in := false
	for i, l := range lines {
		t := strings.TrimSpace(l)
		switch {
		case tcBlockHead.MatchString(t):
			in = true
		case t == "" || len(t) <= 160 && tcChrome.MatchString(t):
			in = false
			out[i] = l
		case !in:
			out[i] = l
		}
	}
	return out
}

func tlIsStampish(l string) bool {
	k := tlClassify(l).kind
	return k == tlStamp || k == tlStatus
}

func tcClean(l string) string {
	t := strings.TrimSpace(strings.Trim(strings.TrimSpace(l), "#*_"))
	if rest := pmTitlePrefix.ReplaceAllString(t, ""); strings.TrimSpace(rest) != "" {
		t = strings.TrimSpace(strings.Trim(strings.TrimSpace(rest), "#*_"))
	}
	if rest := tcZoneNote.ReplaceAllString(t, ""); rest != "" {
		t = rest
	}
	if m := tcDetails.FindStringSubmatch(t); m != nil {
		t = m[2] // "PingPlotter Cloud - Performance Issue – Incident details"
	}
	return tcTidy(t)
}

// tcTidy takes off what a page's text glues to a title: a component before
// a [TAG], a status badge, a component label the title repeats.
func tcTidy(t string) string {
	if m := tcComponentTag.FindStringSubmatch(t); m != nil {
		t = m[1] // "Infrastructure [PAR] An hypervisor has been lost"
	}
	t = tcGluedBadge(t)
	return tcDoubled(strings.TrimSpace(t))
}

// tcDoubled drops a first word the title repeats: a component label
// glued to a title that starts with it ("Network Network connectivity
// fault", "Email Email Service Issues").
func tcDoubled(t string) string {
	k := strings.IndexByte(t, ' ')
	if k <= 0 || len(t) < 2*k+1 {
		return t
	}
	if w := t[:k]; w == t[k+1:2*k+1] && (len(t) == 2*k+1 || t[2*k+1] == ' ') {
		return t[k+1:]
	}
	return t
}

// tcBadges are the status badges a page prints before an incident's title.
var tcBadges = []string{"DEGRADED", "MAJOR OUTAGE", "PARTIAL OUTAGE", "OUTAGE", "RESOLVED", "MAINTENANCE",
	"INVESTIGATING", "IDENTIFIED", "MONITORING", "OPERATIONAL", "MINOR", "MAJOR", "CRITICAL"}

// tcGluedBadge drops a capitalised status badge that a page's text glued
// to the title: "DEGRADEDOutbound messages are delayed".
func tcGluedBadge(t string) string {
	for _, b := range tcBadges {
		if len(t) > len(b)+1 && strings.HasPrefix(t, b) && t[len(b)] >= 'A' && t[len(b)] <= 'Z' && t[len(b)+1] >= 'a' && t[len(b)+1] <= 'z' {
			return t[len(b):]
		}
	}
	return t
}
