// Package pull collects vendors' status pages into a WARC 1.1 archive that
// `postmortem analyze` reads, incrementally and politely.
//
// For each status-page URL the providers (one file each) probe the paths a
// real page serves and recognise the content, never the host name:
// Statuspage (statuspage.go), incident.io's Statuspage-compatible API
// (incidentio.go), Google Cloud (gcp.go), AWS (aws.go), Slack (slack.go),
// and any page that advertises a feed (feed.go). Fetching is fetch.go,
// the archive warc.go.
//
// Incremental state comes from the archive itself: the newest response
// per URL (its validators, payload digest and byte offset) and, for
// incident pages, a metadata record with the incident's versions
// (updated_at and the like) at the time of the fetch. Index documents are
// fetched conditionally every run and appended only when their payload
// changed; incident pages are fetched only when new or when a version
// changed.
package pull

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
)

// Progress receives what a run does, for a progress bar. Its methods are
// called from several goroutines.
type Progress interface {
	Page(bytes int64) // one response arrived
	VendorDone()      // one vendor finished (or failed)
}

// Options configure a run.
type Options struct {
	Into    string   // the archive; ignored (may be empty) when DryRun
	DryRun  bool     // fetch only what discovery needs, write nothing, print the plan
	Fetcher *Fetcher // required
	Version string   // for the warcinfo record
	// Out receives the dry-run plan; Log the notes and errors, one line
	// each without the "postmortem: " prefix.
	Out      io.Writer
	Log      func(format string, args ...any)
	Quiet    bool // no notes (errors are still logged)
	Progress Progress
	Parallel int // vendors at a time; default 4
	// MaxHistoryPages bounds the /history?page=N walk; default 100.
	MaxHistoryPages int
}

// Result sums up a run.
type Result struct {
	Vendors     int
	Failed      int   // vendors with at least one error
	Requests    int   // responses received
	Appended    int   // responses appended to the archive
	NotModified int   // 304s
	Unchanged   int   // 200s whose payload equals the archived one
	Bytes       int64 // response bytes received
	Trimmed     int64 // byte offset of an incomplete record cut off the archive, -1 when none
}

// Run pulls every vendor URL. A failing vendor is logged and the others
// go on; Run returns an error only when the archive cannot be opened.
func Run(ctx context.Context, vendors []string, opt Options) (Result, error) {
	res := Result{Vendors: len(vendors), Trimmed: -1}
	if opt.Log == nil {
		opt.Log = func(string, ...any) {}
	}
	if opt.Out == nil {
		opt.Out = io.Discard
	}
	if opt.Parallel <= 0 {
		opt.Parallel = 4
	}
	if opt.MaxHistoryPages <= 0 {
		opt.MaxHistoryPages = 100
	}
	r := &run{opt: opt, res: &res, st: &State{URLs: map[string]*Seen{}}}
	if opt.DryRun {
		if opt.Into != "" {
			st, _, err := ReadState(opt.Into)
			if err != nil && !isNotExist(err) {
				return res, err
			}
			r.st = st
		}
	} else {
		w, st, trimmed, err := Open(opt.Into, "postmortem/"+opt.Version)
		if err != nil {
			return res, err
		}
		defer w.Close()
		r.w, r.st, res.Trimmed = w, st, trimmed
		if trimmed >= 0 {
			opt.Log("note: %s: cut off an incomplete record at byte %d (an interrupted run); it is fetched again", opt.Into, trimmed)
		}
	}
	sem := make(chan struct{}, opt.Parallel)
	var wg sync.WaitGroup
	for _, v := range vendors {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			j := &job{run: r, vendor: v}
			j.pull(ctx)
			if j.failed {
				r.mu.Lock()
				res.Failed++
				r.mu.Unlock()
			}
			if opt.Progress != nil {
				opt.Progress.VendorDone()
			}
		}()
	}
	wg.Wait()
	return res, nil
}

// run is the shared state of one Run.
type run struct {
	opt Options
	st  *State
	w   *Writer // nil in a dry run

	mu   sync.Mutex // guards res, w, out
	res  *Result
	plan []string
}

// job pulls one vendor.
type job struct {
	*run
	vendor string
	base   *url.URL // the page root, with a trailing slash
	failed bool
}

// errorf logs an error of this vendor and marks it failed.
func (j *job) errorf(format string, args ...any) {
	j.failed = true
	j.opt.Log("%s: "+format, append([]any{j.vendor}, args...)...)
}

// notef logs a note unless quiet.
func (j *job) notef(format string, args ...any) {
	if !j.opt.Quiet {
		j.opt.Log("note: %s: "+format, append([]any{j.vendor}, args...)...)
	}
}

// providers in probing order; the one whose probe URL the archive already
// holds goes first.
var providers = []provider{statuspageProvider{}, gcpProvider{}, awsProvider{}, slackProvider{}}

// provider is what one kind of status page publishes.
type provider interface {
	// probe is the path (relative to the page root) whose content tells
	// whether the page is this provider's.
	probe() string
	// recognise inspects the probe's content and returns the collector,
	// nil when the content is not this provider's.
	recognise(body []byte) collector
}

// collector fetches the rest of a recognised page.
type collector interface {
	name() string
	collect(ctx context.Context, j *job, first *doc)
}

// pull detects what the vendor's page publishes and collects it.
func (j *job) pull(ctx context.Context) {
	base, err := pageRoot(j.vendor)
	if err != nil {
		j.errorf("%v", err)
		return
	}
	j.base = base
	order := append([]provider(nil), providers...)
	sort.SliceStable(order, func(a, b int) bool {
		return j.st.Get(j.abs(order[a].probe())) != nil && j.st.Get(j.abs(order[b].probe())) == nil
	})
	for _, p := range order {
		d, err := j.fetch(ctx, j.abs(p.probe()), false)
		if err != nil {
			if ctx.Err() != nil {
				j.errorf("%v", ctx.Err())
				return
			}
			continue // not this provider (404, HTML for everything, ...)
		}
		if c := p.recognise(d.body); c != nil {
			j.keep(d, nil)
			c.collect(ctx, j, d)
			return
		}
	}
	feedCollect(ctx, j)
}

// pageRoot is the status page's root: the URL with a trailing slash, or,
// for the URL of one of the documents probed, the root it belongs to.
func pageRoot(s string) (*url.URL, error) {
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := parseURL(s)
	if err != nil {
		return nil, err
	}
	u.RawQuery, u.Fragment = "", ""
	for _, p := range append(probePaths(), "api/v2/incidents.json", "api/v2/scheduled-maintenances.json", "history.atom", "history.rss") {
		if strings.HasSuffix(u.Path, "/"+p) {
			u.Path = strings.TrimSuffix(u.Path, p)
		}
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	u.RawPath = ""
	return u, nil
}

func probePaths() []string {
	var ps []string
	for _, p := range providers {
		ps = append(ps, p.probe())
	}
	return ps
}

// abs resolves a path or URL against the page root.
func (j *job) abs(ref string) string {
	r, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	return j.base.ResolveReference(r).String()
}

// sameHost reports whether u is on the vendor's host.
func (j *job) sameHost(u string) bool {
	pu, err := url.Parse(u)
	return err == nil && strings.EqualFold(pu.Host, j.base.Host) && (pu.Scheme == "http" || pu.Scheme == "https")
}

// doc is a fetched (or archived, when the server said 304) document.
type doc struct {
	url     string
	body    []byte
	resp    *Response // nil when the document comes from the archive
	changed bool      // the payload differs from the archived one
}

// fetch GETs u, conditionally when the archive has validators for it. A
// 304 gives the archived payload. html applies robots.txt.
func (j *job) fetch(ctx context.Context, u string, html bool) (*doc, error) {
	seen := j.st.Get(u)
	var v Validators
	if seen != nil && seen.Status == 200 {
		v = Validators{seen.ETag, seen.LastModified}
	}
	resp, err := j.opt.Fetcher.Get(ctx, u, html, v)
	if resp != nil {
		j.mu.Lock()
		j.res.Requests++
		j.res.Bytes += int64(len(resp.Body))
		j.mu.Unlock()
		if j.opt.Progress != nil {
			j.opt.Progress.Page(int64(len(resp.Body)))
		}
	}
	if err != nil {
		return &doc{url: u, resp: resp}, err
	}
	if resp.NotModified {
		j.count(func(r *Result) { r.NotModified++ })
		body, err := j.archived(u)
		if err != nil {
			return nil, err
		}
		return &doc{url: u, body: body}, nil
	}
	d := &doc{url: resp.URL, body: resp.Body, resp: resp, changed: j.differs(resp)}
	if !d.changed {
		j.count(func(r *Result) { r.Unchanged++ })
	}
	return d, nil
}

func (j *job) count(f func(*Result)) {
	j.mu.Lock()
	f(j.res)
	j.mu.Unlock()
}

// archived returns the archived payload of u.
func (j *job) archived(u string) ([]byte, error) {
	s := j.st.Get(u)
	if s == nil {
		return nil, fmt.Errorf("%s: 304 Not Modified but the archive holds no copy", u)
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	return ReadPayload(j.opt.Into, s)
}

// keep appends d to the archive when it changed (with fields, for
// incident pages, in a metadata record); when only fields changed it
// appends a metadata record about the archived copy. In a dry run it adds
// d to the plan instead.
func (j *job) keep(d *doc, fields map[string]string) {
	if !d.changed && fields == nil {
		return
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.w == nil {
		if d.changed {
			why := "new"
			if j.st.Get(d.url) != nil {
				why = "changed"
			}
			fmt.Fprintf(j.opt.Out, "%s\t%s\t%s\n", j.vendor, why, d.url)
		}
		return
	}
	var err error
	if d.changed {
		rec := d.resp.Record
		rec.Fields = fields
		err = j.w.Write(&rec)
	} else if seen := j.st.Get(d.url); seen != nil {
		err = j.w.Meta(d.url, seen.RecordID, fields)
	}
	if err != nil {
		j.failed = true
		j.opt.Log("%s: %v", j.vendor, err)
		return
	}
	if d.changed {
		j.res.Appended++
	}
}

// differs reports whether resp differs from the archived copy of its URL.
func (j *job) differs(resp *Response) bool {
	s := j.st.Get(resp.URL)
	return s == nil || s.Status != resp.Status || s.Digest != digest(resp.Body)
}

// planned lists, in a dry run, a page that would be fetched but is not.
func (j *job) planned(u, why string) {
	j.mu.Lock()
	defer j.mu.Unlock()
	fmt.Fprintf(j.opt.Out, "%s\t%s\t%s\n", j.vendor, why, u)
}

func isNotExist(err error) bool { return errors.Is(err, os.ErrNotExist) }
