package pull

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Fetcher is the polite HTTP client: at most PerHost requests in flight
// per host, Rate requests a second per host, Retry-After honoured on 429
// and 503, exponential backoff with jitter on 5xx and network errors
// (Tries attempts in all), a timeout and a size cap per response, at most
// MaxRedirects redirects and only to http(s), a User-Agent naming the tool,
// robots.txt for HTML pages, and conditional requests from the archive's
// validators.
type Fetcher struct {
	Client       *http.Client
	UserAgent    string
	Rate         float64       // requests per second per host; 0: no limit
	PerHost      int           // requests in flight per host
	Timeout      time.Duration // per request, body included
	MaxSize      int64         // bytes per response body
	Tries        int           // attempts for a transient failure
	MaxRedirects int
	BackoffBase  time.Duration // first backoff; doubled each retry, with full jitter
	MaxWait      time.Duration // longest Retry-After honoured; longer is a failure

	// OnRequest, when set, is called before each request goes out (for
	// counting in dry runs and tests).
	OnRequest func(*http.Request)

	mu     sync.Mutex
	hosts  map[string]*host
	robots map[string]*robots
}

// host is the per-host politeness state.
type host struct {
	slots   chan struct{}
	limiter *rate.Limiter
}

// Defaults of a Fetcher.
const (
	DefaultTimeout      = 30 * time.Second
	DefaultMaxSize      = 16 << 20
	DefaultPerHost      = 2
	DefaultTries        = 3
	DefaultMaxRedirects = 5
)

// UserAgent is the User-Agent of version.
func UserAgent(version string) string {
	return "postmortem/" + version + " (+https://github.com/postmortem-dev/postmortem)"
}

// NewFetcher returns a Fetcher with the defaults filled in.
func NewFetcher(version string) *Fetcher {
	return &Fetcher{UserAgent: UserAgent(version), PerHost: DefaultPerHost, Timeout: DefaultTimeout,
		MaxSize: DefaultMaxSize, Tries: DefaultTries, MaxRedirects: DefaultMaxRedirects,
		BackoffBase: 500 * time.Millisecond, MaxWait: 2 * time.Minute}
}

// Response is a fetched document.
type Response struct {
	Record
	NotModified bool // 304: the archived copy is current
}

// ErrTooLarge is a response bigger than MaxSize.
var ErrTooLarge = errors.New("response too large")

// ErrRobots is a page robots.txt disallows.
var ErrRobots = errors.New("disallowed by robots.txt")

// ErrRobotsUnreadable is a robots.txt that failed (5xx, network): no HTML
// page of that host is fetched in this run.
var ErrRobotsUnreadable = errors.New("robots.txt unreadable")

// HTTPError is a final non-2xx status (after retries).
type HTTPError struct {
	URL    string
	Status int
}

func (e *HTTPError) Error() string {
	return fmt.Sprintf("%s: HTTP %d %s", e.URL, e.Status, http.StatusText(e.Status))
}

// Validators are the conditional-request fields of an earlier response.
type Validators struct{ ETag, LastModified string }

// Get fetches u. html says the page is HTML for a browser (robots.txt
// applies); v, when set, makes the request conditional. A 304 gives a
// Response with NotModified set. A final 4xx or 5xx is an *HTTPError with
// the Response (for 404 and 410, which callers may record).
func (f *Fetcher) Get(ctx context.Context, u string, html bool, v Validators) (*Response, error) {
	pu, err := parseURL(u)
	if err != nil {
		return nil, err
	}
	if html {
		ok, err := f.allowed(ctx, pu)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, fmt.Errorf("%s: %w", u, ErrRobots)
		}
	}
	var last error
	for try := 1; ; try++ {
		resp, wait, err := f.once(ctx, pu, v)
		if err == nil {
			return resp, nil
		}
		last = err
		if wait < 0 || try >= f.Tries {
			return resp, last
		}
		if wait == 0 {
			wait = f.backoff(try)
		}
		if wait > f.MaxWait {
			return resp, fmt.Errorf("%w (the server asks to wait %s, more than %s)", last, wait.Round(time.Second), f.MaxWait)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
	}
}

// backoff is the wait before try+1: base·2^(try-1), with full jitter.
func (f *Fetcher) backoff(try int) time.Duration {
	d := f.BackoffBase << (try - 1)
	return d/2 + rand.N(d/2+1)
}

// once makes one attempt. wait says what to do after an error: -1 give
// up, 0 back off, >0 wait that long (Retry-After).
func (f *Fetcher) once(ctx context.Context, u *url.URL, v Validators) (*Response, time.Duration, error) {
	h := f.host(u.Host)
	select {
	case h.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, -1, ctx.Err()
	}
	defer func() { <-h.slots }()
	if h.limiter != nil {
		if err := h.limiter.Wait(ctx); err != nil {
			return nil, -1, err
		}
	}
	ctx, cancel := context.WithTimeout(ctx, f.Timeout)
	defer cancel()
	var ip string
	trace := &httptrace.ClientTrace{GotConn: func(c httptrace.GotConnInfo) {
		if a, ok := c.Conn.RemoteAddr().(*net.TCPAddr); ok {
			ip = a.IP.String()
		}
	}}
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(ctx, trace), http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, -1, err
	}
	req.Header.Set("User-Agent", f.UserAgent)
	req.Header.Set("Accept", "application/json, application/atom+xml, application/rss+xml, text/html;q=0.9, */*;q=0.5")
	if v.ETag != "" {
		req.Header.Set("If-None-Match", v.ETag)
	}
	if v.LastModified != "" {
		req.Header.Set("If-Modified-Since", v.LastModified)
	}
	if f.OnRequest != nil {
		f.OnRequest(req)
	}
	resp, err := f.client().Do(req)
	if err != nil {
		var re *redirectError
		if errors.As(err, &re) {
			return nil, -1, fmt.Errorf("%s: %s", u, re.msg)
		}
		if ctx.Err() == context.DeadlineExceeded {
			return nil, 0, fmt.Errorf("%s: no response within %s", u, f.Timeout)
		}
		return nil, 0, fmt.Errorf("%s: %w", u, unwrapURLError(err))
	}
	defer resp.Body.Close()
	if resp.ContentLength > f.MaxSize {
		return nil, -1, fmt.Errorf("%s: %w: Content-Length %d is over the %s cap (--max-size)", u, ErrTooLarge, resp.ContentLength, size(f.MaxSize))
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, f.MaxSize+1))
	switch {
	case err != nil && ctx.Err() == context.DeadlineExceeded:
		return nil, 0, fmt.Errorf("%s: body not read within %s", u, f.Timeout)
	case err != nil:
		return nil, 0, fmt.Errorf("%s: truncated body after %d bytes: %w", u, len(body), unwrapURLError(err))
	case int64(len(body)) > f.MaxSize:
		return nil, -1, fmt.Errorf("%s: %w: more than the %s cap (--max-size)", u, ErrTooLarge, size(f.MaxSize))
	}
	r := &Response{Record: Record{URL: resp.Request.URL.String(), Date: time.Now().UTC(), ReqHeader: req.Header.Clone(),
		Status: resp.StatusCode, StatusText: resp.Status, Proto: resp.Proto, Header: resp.Header, Body: body, IP: ip}}
	r.ReqHeader.Del("Accept-Encoding")
	switch c := resp.StatusCode; {
	case c == http.StatusNotModified:
		r.NotModified = true
		return r, 0, nil
	case c >= 200 && c < 300:
		return r, 0, nil
	case c == http.StatusTooManyRequests || c == http.StatusServiceUnavailable:
		return r, retryAfter(resp.Header.Get("Retry-After"), f.BackoffBase), &HTTPError{URL: u.String(), Status: c}
	case c >= 500:
		return r, 0, &HTTPError{URL: u.String(), Status: c}
	default:
		return r, -1, &HTTPError{URL: u.String(), Status: c}
	}
}

// retryAfter reads a Retry-After value (seconds or an HTTP date); without
// one it is the backoff (0).
func retryAfter(v string, floor time.Duration) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return max(time.Duration(s)*time.Second, time.Millisecond)
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(time.Until(t), time.Millisecond)
	}
	return 0
}

// unwrapURLError drops the "Get URL:" prefix net/http adds.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// redirectError is a redirect the fetcher refuses to follow.
type redirectError struct{ msg string }

func (e *redirectError) Error() string { return e.msg }

func (f *Fetcher) client() *http.Client {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.Client == nil {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.MaxConnsPerHost = f.PerHost
		f.Client = &http.Client{Transport: tr}
	}
	if f.Client.CheckRedirect == nil {
		f.Client.CheckRedirect = func(req *http.Request, via []*http.Request) error {
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return &redirectError{fmt.Sprintf("redirect to %q refused: only http and https are followed", req.URL.Scheme+":")}
			}
			if len(via) > f.MaxRedirects {
				return &redirectError{fmt.Sprintf("more than %d redirects (a loop?); last to %s", f.MaxRedirects, req.URL)}
			}
			req.Header.Set("User-Agent", f.UserAgent)
			return nil
		}
	}
	return f.Client
}

// host returns the politeness state of a host (host:port).
func (f *Fetcher) host(name string) *host {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.hosts == nil {
		f.hosts = map[string]*host{}
	}
	h := f.hosts[name]
	if h == nil {
		h = &host{slots: make(chan struct{}, max(f.PerHost, 1))}
		if f.Rate > 0 {
			h.limiter = rate.NewLimiter(rate.Limit(f.Rate), 1)
		}
		f.hosts[name] = h
	}
	return h
}

// parseURL parses an absolute http(s) URL.
func parseURL(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil {
		return nil, err
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return nil, fmt.Errorf("%q is not an http(s) URL", s)
	}
	return u, nil
}

// size formats a byte count.
func size(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20:
		return fmt.Sprintf("%.4g MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.4g KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
