package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/postmortem-dev/postmortem/cmd/postmortem/pull"
)

const pullHelp = `
Usage: postmortem pull [flags] URL...

Collects vendors' status pages into one WARC 1.1 archive that 'postmortem
analyze' reads. For each status-page URL it finds what the page publishes
by probing and reading content (never by host name): Statuspage (summary,
incidents, maintenances, history.atom, /history pages and every incident's
own page, which carries the postmortem), incident.io's Statuspage-
compatible API, Google Cloud incidents.json, AWS data.json, Slack's status
API, and the feed any other page advertises.

With an existing archive it fetches only what changed: index documents are
asked for conditionally and appended only when different, incident pages
only when new or when their updated_at changed. Records are appended whole
and synced one by one, so an interrupted run loses at most the record in
flight. Fetching is polite: 2 requests in flight per host, --rate per host,
Retry-After on 429/503, 3 tries with backoff on 5xx and timeouts, robots.txt
for HTML pages.

Examples:
  postmortem pull --into status.warc.gz https://www.githubstatus.com https://status.cloud.google.com
  postmortem pull --into status.warc.gz --vendors vendors.txt --rate 1/s
  postmortem pull --into status.warc.gz --vendors vendors.txt --shard 2/4
  postmortem pull --dry-run --into status.warc.gz https://www.githubstatus.com
  postmortem analyze -o md=report.md status.warc.gz
`

func cmdPull(args []string, ios IO) (int, error) {
	fs := newFlags("pull")
	into := fs.String("into", "", "append to the WARC archive `FILE` (.warc.gz; created when missing)")
	vendorsFile := fs.String("vendors", "", "read status-page URLs from `FILE`, one a line, # comments")
	rateFlag := fs.String("rate", "2/s", "at most `N/s` requests a second per host (also N/m, N/h; 0: no limit)")
	timeout := fs.Duration("timeout", pull.DefaultTimeout, "give up on a request after `DURATION` (each of its 3 tries)")
	maxSize := fs.String("max-size", "16MiB", "refuse responses larger than `SIZE` (bytes, or with KiB/MiB/GiB, KB/MB/GB)")
	shardFlag := fs.String("shard", "", "pull only part `I/N` of the vendors (stable hash of each URL), for splitting the list across machines")
	dryRun := fs.Bool("dry-run", false, "fetch only the index documents, write nothing, print what would be fetched or appended")
	quiet := fs.BoolP("quiet", "q", false, "no notes, summary or progress bar on stderr (errors are still printed)")
	if err := parseFlags(fs, pullHelp, args, ios); err != nil {
		return 0, err
	}
	if *into == "" && !*dryRun {
		return 0, usageError{"pull needs --into FILE (the archive to append to), or --dry-run"}
	}
	perSec, err := parseRate(*rateFlag)
	if err != nil {
		return 0, usageError{"--rate: " + err.Error()}
	}
	capBytes, err := parseSize(*maxSize)
	if err != nil {
		return 0, usageError{"--max-size: " + err.Error()}
	}
	if *timeout <= 0 {
		return 0, usageError{"--timeout must be positive, e.g. 30s"}
	}
	sh, err := parseShard(*shardFlag)
	if err != nil {
		return 0, err
	}
	urls := fs.Args()
	if *vendorsFile != "" {
		more, err := readVendors(*vendorsFile)
		if err != nil {
			return 0, err
		}
		urls = append(urls, more...)
	}
	if len(urls) == 0 {
		return 0, usageError{"pull needs at least one status-page URL, or --vendors FILE"}
	}
	var mine []string
	seen := map[string]bool{}
	for _, u := range urls {
		if !seen[u] && sh.keeps(u) {
			seen[u] = true
			mine = append(mine, u)
		}
	}

	f := pull.NewFetcher(version)
	f.Rate, f.Timeout, f.MaxSize = perSec, *timeout, capBytes
	if pullFetcherHook != nil {
		pullFetcherHook(f)
	}
	bar := newPullBar(len(mine), ios.ErrTTY && !*quiet, ios)
	var logMu sync.Mutex
	logf := func(format string, a ...any) {
		logMu.Lock()
		defer logMu.Unlock()
		bar.clear()
		fmt.Fprintf(ios.Err, "postmortem: "+format+"\n", a...)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	opt := pull.Options{Into: *into, DryRun: *dryRun, Fetcher: f, Version: version, Out: ios.Out,
		Log: logf, Quiet: *quiet}
	if bar != nil {
		opt.Progress = bar
	}
	res, err := pull.Run(ctx, mine, opt)
	bar.finish()
	if err != nil {
		return 0, err
	}
	code := exitOK
	if res.Failed > 0 {
		fmt.Fprintf(ios.Err, "postmortem: %d of %d vendors failed\n", res.Failed, res.Vendors)
		code = exitFail
	}
	if !*quiet {
		vendors := fmt.Sprintf("%d vendors", res.Vendors)
		if res.Vendors == 1 {
			vendors = "1 vendor"
		}
		if *dryRun {
			fmt.Fprintf(ios.Err, "postmortem: %s: %d responses (%s); dry run, nothing written\n",
				vendors, res.Requests, humanBytes(res.Bytes))
		} else {
			fmt.Fprintf(ios.Err, "postmortem: %s: %d responses (%s), %d not modified, %d unchanged; %d appended to %s\n",
				vendors, res.Requests, humanBytes(res.Bytes), res.NotModified, res.Unchanged, res.Appended, *into)
		}
	}
	return code, nil
}

// pullFetcherHook lets tests shorten the fetcher's backoff.
var pullFetcherHook func(*pull.Fetcher)

// readVendors reads a vendor list: one URL a line, blank lines and # comments skipped.
func readVendors(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("--vendors: %w", err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line, _, _ := strings.Cut(sc.Text(), "#")
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if strings.ContainsAny(line, " \t") {
			return nil, fmt.Errorf("--vendors %s:%d: %q is not one URL", path, n, line)
		}
		out = append(out, line)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("--vendors %s: %w", path, err)
	}
	return out, nil
}

// parseRate reads N, N/s, N/m or N/h as requests a second.
func parseRate(s string) (float64, error) {
	num, unit, _ := strings.Cut(strings.TrimSpace(s), "/")
	n, err := strconv.ParseFloat(num, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%q: want N/s, e.g. 2/s or 30/m", s)
	}
	switch unit {
	case "", "s":
		return n, nil
	case "m":
		return n / 60, nil
	case "h":
		return n / 3600, nil
	}
	return 0, fmt.Errorf("%q: the unit is s, m or h", s)
}

// parseSize reads a byte count with an optional unit.
func parseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	units := []struct {
		suffix string
		mult   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"KB", 1000}, {"MB", 1000_000}, {"GB", 1000_000_000},
		{"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30}, {"B", 1}}
	mult := int64(1)
	for _, u := range units {
		if strings.HasSuffix(strings.ToUpper(t), strings.ToUpper(u.suffix)) {
			t, mult = strings.TrimSpace(t[:len(t)-len(u.suffix)]), u.mult
			break
		}
	}
	n, err := strconv.ParseFloat(t, 64)
	if err != nil || n <= 0 || n*float64(mult) > 1<<40 {
		return 0, fmt.Errorf("%q: want a size like 16MiB or 20000000", s)
	}
	return int64(n * float64(mult)), nil
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// pullBar is the progress bar of pull: vendors done, pages and bytes.
// nil (every method a no-op) when stderr is no terminal or -q is set.
type pullBar struct {
	mu    sync.Mutex
	bar   *progressbar.ProgressBar
	pages int
	bytes int64
}

func newPullBar(vendors int, show bool, ios IO) *pullBar {
	if !show {
		return nil
	}
	return &pullBar{bar: progressbar.NewOptions(vendors,
		progressbar.OptionSetWriter(ios.Err),
		progressbar.OptionSetDescription("pulling"),
		progressbar.OptionShowCount(),
		progressbar.OptionSetItsString("vendors"),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)}
}

func (p *pullBar) Page(n int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.pages++
	p.bytes += n
	p.bar.Describe(fmt.Sprintf("pulling (%d pages, %s)", p.pages, humanBytes(p.bytes)))
}

func (p *pullBar) VendorDone() {
	p.mu.Lock()
	defer p.mu.Unlock()
	_ = p.bar.Add(1)
}

func (p *pullBar) clear() {
	if p != nil {
		p.mu.Lock()
		defer p.mu.Unlock()
		_ = p.bar.Clear()
	}
}

func (p *pullBar) finish() {
	if p != nil {
		_ = p.bar.Finish()
	}
}
