package pull

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// testFetcher is a Fetcher with short waits, so that faults are quick.
func testFetcher() *Fetcher {
	f := NewFetcher("test")
	f.BackoffBase = time.Millisecond
	f.Timeout = 2 * time.Second
	return f
}

// counted serves h and counts the requests.
func counted(t *testing.T, h func(n int, w http.ResponseWriter, r *http.Request)) (*httptest.Server, *atomic.Int32) {
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h(int(n.Add(1)), w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

// TestFetchFaults: each fault of a server gives the documented behaviour:
// what Get returns and how many requests it made.
func TestFetchFaults(t *testing.T) {
	big := strings.Repeat("x", 20<<20) // a 20 MB body, over the 16 MiB default cap
	cases := []struct {
		name     string
		handler  func(n int, w http.ResponseWriter, r *http.Request)
		tune     func(*Fetcher)
		wantErr  string // "" success
		requests int32
	}{
		{"200", func(n int, w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "{}") }, nil, "", 1},
		{"500 twice then 200", func(n int, w http.ResponseWriter, r *http.Request) {
			if n <= 2 {
				http.Error(w, "oops", http.StatusInternalServerError)
				return
			}
			fmt.Fprint(w, "{}")
		}, nil, "", 3},
		{"500 always: 3 tries", func(n int, w http.ResponseWriter, r *http.Request) {
			http.Error(w, "oops", http.StatusBadGateway)
		}, nil, "HTTP 502", 3},
		{"429 with Retry-After then 200", func(n int, w http.ResponseWriter, r *http.Request) {
			if n == 1 {
				w.Header().Set("Retry-After", "1")
				w.WriteHeader(http.StatusTooManyRequests)
				return
			}
			fmt.Fprint(w, "{}")
		}, nil, "", 2},
		{"503 Retry-After longer than the longest wait", func(n int, w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "3600")
			w.WriteHeader(http.StatusServiceUnavailable)
		}, nil, "asks to wait 1h0m0s", 1},
		{"404 is final", func(n int, w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) }, nil, "HTTP 404", 1},
		{"slow past the timeout", func(n int, w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		}, func(f *Fetcher) { f.Timeout = 50 * time.Millisecond }, "no response within 50ms", 3},
		{"truncated body", func(n int, w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "1000")
			fmt.Fprint(w, `{"page":`)
			w.(http.Flusher).Flush()
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.Close()
		}, nil, "truncated body", 3},
		{"redirect loop", func(n int, w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, map[string]string{"/a": "/b", "/b": "/a"}[r.URL.Path], http.StatusFound)
		}, nil, "more than 5 redirects", 6},
		{"redirect out of http(s)", func(n int, w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "file:///etc/passwd", http.StatusMovedPermanently)
		}, nil, `redirect to "file:" refused`, 1},
		{"20 MB body, no Content-Length", func(n int, w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			for i := 0; i < len(big); i += 1 << 20 {
				_, _ = w.Write([]byte(big[i : i+1<<20]))
				w.(http.Flusher).Flush() // chunked: the size is known only by reading
			}
		}, nil, "more than the 16 MiB cap", 1},
		{"20 MB body with Content-Length", func(n int, w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", fmt.Sprint(len(big)))
			_, _ = w.Write([]byte(big))
		}, nil, "Content-Length 20971520 is over the 16 MiB cap", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv, n := counted(t, c.handler)
			f := testFetcher()
			f.MaxWait = 10 * time.Second
			if c.tune != nil {
				c.tune(f)
			}
			resp, err := f.Get(context.Background(), srv.URL+"/a", false, Validators{})
			switch {
			case c.wantErr == "" && err != nil:
				t.Fatalf("error %v", err)
			case c.wantErr == "" && string(resp.Body) != "{}":
				t.Fatalf("body %q", resp.Body)
			case c.wantErr != "" && (err == nil || !strings.Contains(err.Error(), c.wantErr)):
				t.Fatalf("error %v, want one containing %q", err, c.wantErr)
			}
			if got := n.Load(); got != c.requests {
				t.Errorf("%d requests, want %d", got, c.requests)
			}
		})
	}
}

// TestFetchRetryAfterWaits: the retry after a 429 waits what Retry-After
// says (measured by the server between the two requests).
func TestFetchRetryAfterWaits(t *testing.T) {
	var mu sync.Mutex
	var times []time.Time
	srv, _ := counted(t, func(n int, w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		times = append(times, time.Now())
		mu.Unlock()
		if n == 1 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		fmt.Fprint(w, "ok")
	})
	if _, err := testFetcher().Get(context.Background(), srv.URL, false, Validators{}); err != nil {
		t.Fatal(err)
	}
	if len(times) != 2 || times[1].Sub(times[0]) < 900*time.Millisecond {
		t.Fatalf("requests at %v: the retry did not wait the second Retry-After asks", times)
	}
}

// TestFetchPolite: at most 2 requests in flight per host, the rate limit
// spaces requests, the User-Agent names the tool, validators make the
// request conditional and a 304 comes back as NotModified.
func TestFetchPolite(t *testing.T) {
	var inFlight, most atomic.Int32
	var mu sync.Mutex
	var agents []string
	srv, _ := counted(t, func(n int, w http.ResponseWriter, r *http.Request) {
		k := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			m := most.Load()
			if k <= m || most.CompareAndSwap(m, k) {
				break
			}
		}
		mu.Lock()
		agents = append(agents, r.UserAgent())
		mu.Unlock()
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		time.Sleep(30 * time.Millisecond)
		w.Header().Set("ETag", `"v1"`)
		fmt.Fprint(w, "doc")
	})
	f := testFetcher()
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := f.Get(context.Background(), srv.URL, false, Validators{}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if m := most.Load(); m != 2 {
		t.Errorf("%d requests in flight at most, want 2", m)
	}
	if want := "postmortem/test (+https://github.com/postmortem-dev/postmortem)"; agents[0] != want {
		t.Errorf("User-Agent %q, want %q", agents[0], want)
	}
	resp, err := f.Get(context.Background(), srv.URL, false, Validators{ETag: `"v1"`})
	if err != nil || !resp.NotModified {
		t.Fatalf("conditional request: %+v, %v", resp, err)
	}

	// --rate 10/s: five requests take at least 0.4 s (burst of one).
	f = testFetcher()
	f.Rate = 10
	start := time.Now()
	for i := 0; i < 5; i++ {
		if _, err := f.Get(context.Background(), srv.URL, false, Validators{}); err != nil {
			t.Fatal(err)
		}
	}
	if d := time.Since(start); d < 390*time.Millisecond {
		t.Errorf("5 requests at 10/s took %s", d)
	}
}

// TestRobots: HTML pages honour robots.txt (the postmortem group over *),
// JSON documents do not ask; an unreadable robots.txt (5xx) blocks HTML.
func TestRobots(t *testing.T) {
	robots := "User-agent: *\nDisallow: /\n\nUser-agent: postmortem\nDisallow: /incidents/private\nAllow: /\n"
	srv, _ := counted(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			fmt.Fprint(w, robots)
			return
		}
		fmt.Fprint(w, "<html></html>")
	})
	f := testFetcher()
	for path, ok := range map[string]bool{"/incidents/abc": true, "/incidents/private1": false, "/": true} {
		_, err := f.Get(context.Background(), srv.URL+path, true, Validators{})
		if ok != (err == nil) || !ok && !errors.Is(err, ErrRobots) {
			t.Errorf("%s: error %v, want allowed=%v", path, err, ok)
		}
	}
	down, _ := counted(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.Error(w, "down", http.StatusInternalServerError)
			return
		}
		fmt.Fprint(w, "{}")
	})
	if _, err := f.Get(context.Background(), down.URL+"/page", true, Validators{}); err == nil || !strings.Contains(err.Error(), "robots.txt unreadable") {
		t.Errorf("HTML page with robots.txt failing: %v", err)
	}
	if _, err := f.Get(context.Background(), down.URL+"/api/v2/summary.json", false, Validators{}); err != nil {
		t.Errorf("JSON document: %v", err)
	}
}

func TestRobotsRules(t *testing.T) {
	cases := []struct {
		robots, path string
		allow        bool
	}{
		{"User-agent: *\nDisallow: /private\n", "/private/x", false},
		{"User-agent: *\nDisallow: /private\n", "/public", true},
		{"User-agent: *\nDisallow:\n", "/anything", true},
		{"User-agent: *\nDisallow: /*.json$\n", "/a/b.json", false},
		{"User-agent: *\nDisallow: /*.json$\n", "/a/b.json?x", true},
		{"User-agent: *\nDisallow: /incidents\nAllow: /incidents/\n", "/incidents/x", true},
		{"User-agent: Googlebot\nDisallow: /\n", "/x", true},
		{"User-agent: a\nUser-agent: postmortem\nDisallow: /x # comment\n", "/x", false},
	}
	for _, c := range cases {
		r := &robots{rules: parseRobots([]byte(c.robots), "postmortem")}
		if got := r.allows(c.path); got != c.allow {
			t.Errorf("%q on %s: allowed %v, want %v", c.robots, c.path, got, c.allow)
		}
	}
}
