package parse

import "testing"

func TestHasAttrToken(t *testing.T) {
	tests := []struct {
		name, data, attr, token string
		want                    bool
	}{
		{"class value", `<div class="incident-updates-container">`, "class", "incident-updates-container", true},
		{"one of several, single quotes", `<div class='update font-regular resolved'>`, "class", "font-regular", true},
		{"spaces around =", `<div class = "status-day font-regular ">`, "class", "status-day", true},
		{"CSS rule names it", `<style>.layout-content .status-day { color: red }</style><p>status-day</p>`, "class", "status-day", false},
		{"longer class", `<div class="status-day-list">`, "class", "status-day", false},
		{"other attribute", `<div data-class="status-day">`, "class", "status-day", false},
		{"react marker", `<div data-react-class="HistoryIndex" data-react-props="{}">`, "data-react-class", "HistoryIndex", true},
		{"react marker is not a class", `<div data-react-class="HistoryIndex">`, "class", "HistoryIndex", false},
		{"text mentions it", `<p>see "status-day" in the docs</p>`, "class", "status-day", false},
		{"at the very end", `class="x status-day`, "class", "status-day", false},
	}
	for _, tt := range tests {
		if got := hasAttrToken([]byte(tt.data), tt.attr, tt.token); got != tt.want {
			t.Errorf("%s: hasAttrToken(%q, %q) = %v, want %v", tt.name, tt.attr, tt.token, got, tt.want)
		}
	}
}

func TestHasClass(t *testing.T) {
	page := `<html><head><style>.status-day { color: red } .incident-name {}</style></head>
<body><div class = "page-status status-none"><div class='update font-regular resolved'>
<span class=name>x</span><div data-react-class="HistoryIndex"></div><p>class="incident-name" as text</p>`
	in := &Input{Data: []byte(page)}
	for class, want := range map[string]bool{
		"status-none": true, "page-status": true, "font-regular": true, "resolved": true, "name": true,
		"status-day":    false, // only in CSS
		"HistoryIndex":  false, // data-react-class is not class
		"incident-name": false, // in CSS, and in text where no attribute can start
	} {
		if got := in.HasClass(class); got != want {
			t.Errorf("HasClass(%q) = %v, want %v", class, got, want)
		}
	}
}
