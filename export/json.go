package export

import (
	"encoding/json"
	"io"

	"github.com/postmortem-dev/postmortem/analyze"
)

// JSON writes the whole report as one indented JSON document.
func JSON(w io.Writer, r *analyze.Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

// JSONL writes one analysed incident per line.
func JSONL(w io.Writer, r *analyze.Report) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for i := range r.Incidents {
		if err := enc.Encode(&r.Incidents[i]); err != nil {
			return err
		}
	}
	return nil
}
