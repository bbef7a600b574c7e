package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/postmortem-dev/postmortem/parse"
	"github.com/postmortem-dev/postmortem/parse/source"
)

// runWithin runs a command line, failing t when it has not ended after d
// (a bounded guard against a hang, not a timing).
func runWithin(t *testing.T, d time.Duration, args []string) (code int, stdout, stderr string) {
	t.Helper()
	ios, out, errb := testIO("")
	done := make(chan int, 1)
	go func() { done <- run(args, ios) }()
	select {
	case code = <-done:
	case <-time.After(d):
		t.Fatalf("%q still running after %v", args, d)
	}
	return code, out.String(), errb.String()
}

func gz(t *testing.T, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	_, _ = zw.Write(data)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// warcRecord renders one WARC/1.1 response record; length overrides the
// Content-Length when not empty.
func warcRecord(uri, body, length string) string {
	block := "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n" + body
	if length == "" {
		length = fmt.Sprint(len(block))
	}
	return "WARC/1.1\r\nWARC-Type: response\r\nWARC-Date: 2024-01-02T03:04:05Z\r\nWARC-Target-URI: " + uri +
		"\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: " + length + "\r\n\r\n" + block + "\r\n\r\n"
}

// TestFailureReasons is issue 11 case 9: each failure gets its reason in
// the summary and in --errors from its type: WARC framing is "archive"
// (it was "invalid field"), a document over the cap is "too large" (it
// was "invalid field" or "archive"), whichever layer found it.
func TestFailureReasons(t *testing.T) {
	dir := t.TempDir()
	text, err := os.ReadFile(filepath.Join(sample, "trackvia-statuspage.txt"))
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	big := write("big.txt", []byte("x"))
	if err := os.Truncate(big, 65<<20); err != nil {
		t.Skip(err)
	}
	inputs := []struct {
		path, reason string
	}{
		{write("broken.warc", []byte(warcRecord("https://s.example.com/1", string(text), "12x")+warcRecord("https://s.example.com/2", string(text), ""))), "archive"},
		{write("bomb.txt.gz", gz(t, gz(t, bytes.Repeat([]byte("a"), 65<<20)))), "too large"},
		{big, "too large"},
		{write("truncated.txt.gz", gz(t, text)[:40]), "archive"},
		{write("deep.txt.gz", gz(t, gz(t, gz(t, gz(t, gz(t, text)))))), "archive"},
		{write("empty.txt", []byte("  \n")), "empty"},
		{filepath.Join(dir, "missing.txt"), "unreadable"},
	}
	args := []string{"analyze", now, "-q", "--errors", filepath.Join(dir, "errors.jsonl")}
	for _, in := range inputs {
		args = append(args, in.path)
	}
	code, out, errs := runWithin(t, 30*time.Second, args)
	if code != exitFail || !strings.Contains(out, "TrackVia") {
		t.Errorf("exit %d, stdout:\n%s", code, out)
	}
	summary := "postmortem: 7 of 8 inputs failed (3 archive, 2 too large, 1 empty, 1 unreadable); 1 incidents read from the rest"
	if !strings.Contains(errs, summary) {
		t.Errorf("stderr lacks %q:\n%s", summary, errs)
	}
	data, err := os.ReadFile(filepath.Join(dir, "errors.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		var f failure
		if err := json.Unmarshal(sc.Bytes(), &f); err != nil {
			t.Fatal(err)
		}
		got[strings.SplitN(f.Input, "!", 2)[0]] = f.Reason
	}
	for _, in := range inputs {
		if got[in.path] != in.reason {
			t.Errorf("%s: reason %q, want %q", filepath.Base(in.path), got[in.path], in.reason)
		}
	}
}

// TestReasonTyped checks reason() on the typed errors alone: the words
// come from errors.Is, so a message that merely mentions "archive" or
// "gzip" is not classified by it.
func TestReasonTyped(t *testing.T) {
	cases := []struct {
		err  error
		want string
	}{
		{fmt.Errorf("x: %w", source.ErrTooLarge), "too large"},
		{&parse.Error{Source: "a.gz", Err: fmt.Errorf("gzip: %w", parse.ErrTooLarge)}, "too large"},
		{fmt.Errorf("WARC record 2: %w", source.ErrCorrupt), "archive"},
		{fmt.Errorf("x: %w", source.ErrTruncated), "archive"},
		{fmt.Errorf("x: %w", source.ErrNested), "archive"},
		{fmt.Errorf("x: %w", source.ErrUnsafeName), "archive"},
		{&parse.Error{Source: "a", Err: fmt.Errorf("x: %w", parse.ErrContainer)}, "archive"},
		{fmt.Errorf("x: %w", source.ErrNotRegular), "not a regular file"},
		{&fs.PathError{Op: "open", Path: "x", Err: fs.ErrNotExist}, "unreadable"},
		{errors.New("updates[2].at: gzip archive member warc"), "invalid field"},
	}
	for _, c := range cases {
		if got := reason(c.err); got != c.want {
			t.Errorf("reason(%v) = %q, want %q", c.err, got, c.want)
		}
	}
}

// TestOwnOutputsSkipped is issue 11 case 10: the reports of one run,
// written into the input directory, are skipped with a note on the next
// run instead of being read as inputs (the JSON report used to come back
// as incidents of its own, the PDF as a "binary" failure).
func TestOwnOutputsSkipped(t *testing.T) {
	dir := t.TempDir()
	text, err := os.ReadFile(filepath.Join(sample, "trackvia-statuspage.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "trackvia.txt"), text, 0o644); err != nil {
		t.Fatal(err)
	}
	outs := []string{"json", "jsonl", "csv", "md", "pdf", "parquet"}
	args := []string{"analyze", now, "-q"}
	for _, o := range outs {
		args = append(args, "-o", o+"="+filepath.Join(dir, "report."+o))
	}
	if code, _, errs := runWithin(t, 60*time.Second, append(args, dir)); code != exitOK {
		t.Fatalf("first run: exit %d\n%s", code, errs)
	}
	code, out, errs := runWithin(t, 60*time.Second, []string{"analyze", now, "-o", "csv", dir})
	if code != exitOK {
		t.Errorf("second run: exit %d\n%s", code, errs)
	}
	if n := strings.Count(out, "\n"); n != 2 {
		t.Errorf("second run: %d CSV lines, want a header and one incident:\n%s", n, out)
	}
	for _, o := range outs {
		if !strings.Contains(errs, "postmortem: note: "+filepath.Join(dir, "report."+o)+": skipped: ") {
			t.Errorf("no note for report.%s:\n%s", o, errs)
		}
	}
}

// TestEmptyDirectory checks the note for a directory without documents.
func TestEmptyDirectory(t *testing.T) {
	dir := t.TempDir()
	code, _, errs := runWithin(t, 10*time.Second, []string{"analyze", now, "-o", "csv", dir})
	if code != exitOK || errs != "postmortem: note: no documents in "+dir+"\n" {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
}
