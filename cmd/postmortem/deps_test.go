package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDependencyDirection enforces the package layering:
// cmd → export → analyze → parse/incident ← parse. The model and the
// timestamp engine import the standard library only, analyze imports no
// reader, export imports no reader.
func TestDependencyDirection(t *testing.T) {
	const mod = "github.com/postmortem-dev/postmortem/"
	rules := []struct {
		pkg       string
		forbidden []string
		stdOnly   bool
	}{
		{pkg: "parse/incident", stdOnly: true},
		{pkg: "parse/incident/when", stdOnly: true},
		{pkg: "analyze", forbidden: []string{mod + "parse", mod + "export"}},
		{pkg: "export", forbidden: []string{mod + "parse"}},
		{pkg: "parse", forbidden: []string{mod + "analyze", mod + "export"}},
	}
	for _, r := range rules {
		out, err := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", mod+r.pkg).Output()
		if err != nil {
			t.Fatalf("go list %s: %v", r.pkg, err)
		}
		for _, dep := range strings.Fields(string(out)) {
			if dep == mod+r.pkg {
				continue
			}
			if r.stdOnly && !strings.HasPrefix(dep, mod+"parse/incident") {
				t.Errorf("%s imports %s; it must use the standard library only", r.pkg, dep)
			}
			for _, f := range r.forbidden {
				if dep == f || strings.HasPrefix(dep, f+"/") && !strings.HasPrefix(dep, mod+"parse/incident") {
					t.Errorf("%s imports %s", r.pkg, dep)
				}
			}
		}
	}
}
