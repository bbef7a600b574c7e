package pull

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// robots is the part of a host's robots.txt that applies to postmortem:
// the rules of the group naming "postmortem", else those of "*".
type robots struct {
	rules []rule // longest match wins; Allow wins a tie
	err   error  // robots.txt could not be read: HTML pages are not fetched
}

type rule struct {
	allow bool
	path  string
}

// allowed reports whether robots.txt lets postmortem fetch u. It is read
// once per host and run: a 4xx (no robots.txt) allows everything; a 5xx
// or a network failure allows nothing, as for the big crawlers.
func (f *Fetcher) allowed(ctx context.Context, u *url.URL) (bool, error) {
	key := u.Scheme + "://" + u.Host
	f.mu.Lock()
	if f.robots == nil {
		f.robots = map[string]*robots{}
	}
	r := f.robots[key]
	f.mu.Unlock()
	if r == nil {
		r = &robots{}
		resp, err := f.Get(ctx, key+"/robots.txt", false, Validators{})
		var he *HTTPError
		switch {
		case errors.As(err, &he) && he.Status >= 400 && he.Status < 500:
		case err != nil:
			r.err = fmt.Errorf("%w, HTML pages of %s are not fetched: %w", ErrRobotsUnreadable, u.Host, err)
		default:
			r.rules = parseRobots(resp.Body, "postmortem")
		}
		f.mu.Lock()
		f.robots[key] = r
		f.mu.Unlock()
	}
	if r.err != nil {
		return false, r.err
	}
	return r.allows(u.EscapedPath()), nil
}

// allows applies the rules to a path.
func (r *robots) allows(path string) bool {
	best, allow := -1, true
	for _, ru := range r.rules {
		if ru.path == "" {
			continue // "Disallow:" with no path allows everything
		}
		if n := matchRobots(ru.path, path); n > best || n == best && ru.allow {
			if n >= 0 {
				best, allow = n, ru.allow
			}
		}
	}
	return allow
}

// matchRobots returns the length of pattern when it matches the start of
// path ("*" any run, "$" end), -1 otherwise.
func matchRobots(pattern, path string) int {
	anchored := strings.HasSuffix(pattern, "$")
	p := strings.TrimSuffix(pattern, "$")
	parts := strings.Split(p, "*")
	if !strings.HasPrefix(path, parts[0]) {
		return -1
	}
	rest := path[len(parts[0]):]
	for _, part := range parts[1:] {
		i := strings.Index(rest, part)
		if i < 0 {
			return -1
		}
		rest = rest[i+len(part):]
	}
	if anchored && rest != "" && !strings.HasSuffix(p, "*") {
		return -1
	}
	return len(pattern)
}

// parseRobots returns the rules for agent: its own group if robots.txt
// has one, else the "*" group.
func parseRobots(body []byte, agent string) []rule {
	var mine, star []rule
	var agents []string
	inRules := false
	haveMine := false
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		switch k {
		case "user-agent":
			if inRules {
				agents, inRules = nil, false
			}
			agents = append(agents, strings.ToLower(v))
		case "allow", "disallow":
			inRules = true
			for _, a := range agents {
				ru := rule{allow: k == "allow", path: v}
				switch {
				case strings.Contains(agent, a) && a != "*" && a != "":
					mine, haveMine = append(mine, ru), true
				case a == "*":
					star = append(star, ru)
				}
			}
		}
	}
	if haveMine {
		return mine
	}
	return star
}
