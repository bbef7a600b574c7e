package pull

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base32"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The archive is a WARC 1.1 file of gzip members, one record per member.
// Every record is built whole in memory, then appended with one write to a
// file opened with O_APPEND and synced: an interrupted run leaves at most
// one incomplete member at the end, which the next run cuts off (Open)
// before appending. The state that makes runs incremental (what was
// fetched, its validators and digests, each incident page's updated_at) is
// read back from the archive itself: no side file.

// Record is one fetched HTTP exchange to archive.
type Record struct {
	URL        string      // final URL (after redirects)
	Date       time.Time   // when the response arrived
	ReqHeader  http.Header // request header as sent
	Status     int
	StatusText string // "200 OK"
	Proto      string // "HTTP/1.1"
	Header     http.Header
	Body       []byte // payload, content coding undone
	IP         string // remote address, when known
	// Fields go into a metadata record about the response (incident
	// versions); nil writes none.
	Fields map[string]string
}

// Writer appends records to a WARC file.
type Writer struct {
	f    *os.File
	path string
	n    int // records written by this Writer
}

// Open opens (creating if needed) the archive at path for appending and
// reads its state. An incomplete last member (an interrupted run) is cut
// off and reported in trimmed (its byte offset, -1 when none); any other
// damage is an error and nothing is appended, so no data is lost. A new
// file starts with a warcinfo record.
func Open(path, software string) (w *Writer, st *State, trimmed int64, err error) {
	st, end, err := ReadState(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, nil, -1, err
	}
	trimmed = -1
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return nil, nil, -1, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, -1, err
	}
	if fi.Size() > end {
		if err := f.Truncate(end); err != nil {
			f.Close()
			return nil, nil, -1, fmt.Errorf("%s: cutting off the incomplete record at byte %d: %w", path, end, err)
		}
		trimmed = end
	}
	w = &Writer{f: f, path: path}
	if end == 0 {
		info := fmt.Sprintf("software: %s\r\nformat: WARC File Format 1.1\r\nconformsTo: https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n", software)
		if err := w.write(warcHeader("warcinfo", "", time.Now(), newID(), "application/warc-fields", nil), []byte(info)); err != nil {
			f.Close()
			return nil, nil, -1, err
		}
	}
	return w, st, trimmed, nil
}

// Close closes the file.
func (w *Writer) Close() error { return w.f.Close() }

// Records returns how many records this Writer appended.
func (w *Writer) Records() int { return w.n }

// Write appends rec as a response record, its request record and, when
// rec.Fields is set, a metadata record. Each is one gzip member, written
// and synced before the next.
func (w *Writer) Write(rec *Record) error {
	respID, reqID := newID(), newID()
	block := responseBlock(rec)
	payload := rec.Body
	h := warcHeader("response", rec.URL, rec.Date, respID, "application/http;msgtype=response", [][2]string{
		{"WARC-Payload-Digest", digest(payload)},
		{"WARC-Concurrent-To", reqID},
	})
	if rec.IP != "" {
		h = append(h, [2]string{"WARC-IP-Address", rec.IP})
	}
	if err := w.write(h, block); err != nil {
		return err
	}
	if err := w.write(warcHeader("request", rec.URL, rec.Date, reqID, "application/http;msgtype=request",
		[][2]string{{"WARC-Concurrent-To", respID}}), requestBlock(rec)); err != nil {
		return err
	}
	if rec.Fields == nil {
		return nil
	}
	return w.Meta(rec.URL, respID, rec.Fields)
}

// Meta appends a metadata record about the response record refersTo:
// fields as application/warc-fields.
func (w *Writer) Meta(uri, refersTo string, fields map[string]string) error {
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b bytes.Buffer
	for _, k := range keys {
		fmt.Fprintf(&b, "%s: %s\r\n", k, oneLine(fields[k]))
	}
	return w.write(warcHeader("metadata", uri, time.Now(), newID(), "application/warc-fields",
		[][2]string{{"WARC-Refers-To", refersTo}}), b.Bytes())
}

// write appends one record (header fields and block) as one gzip member
// in a single write, then syncs.
func (w *Writer) write(fields [][2]string, block []byte) error {
	var rec bytes.Buffer
	rec.WriteString("WARC/1.1\r\n")
	fields = append(fields,
		[2]string{"WARC-Block-Digest", digest(block)},
		[2]string{"Content-Length", strconv.Itoa(len(block))})
	for _, f := range fields {
		rec.WriteString(f[0] + ": " + f[1] + "\r\n")
	}
	rec.WriteString("\r\n")
	rec.Write(block)
	rec.WriteString("\r\n\r\n")
	var member bytes.Buffer
	zw := gzip.NewWriter(&member)
	_, _ = zw.Write(rec.Bytes()) // writes to a bytes.Buffer do not fail
	_ = zw.Close()
	if _, err := w.f.Write(member.Bytes()); err != nil {
		return fmt.Errorf("%s: %w", w.path, err)
	}
	if err := w.f.Sync(); err != nil {
		return fmt.Errorf("%s: %w", w.path, err)
	}
	w.n++
	return nil
}

// warcHeader returns the named fields every record has, then extra.
func warcHeader(typ, uri string, date time.Time, id, ctype string, extra [][2]string) [][2]string {
	h := [][2]string{{"WARC-Type", typ}, {"WARC-Record-ID", id}, {"WARC-Date", date.UTC().Format("2006-01-02T15:04:05.000000Z")}}
	if uri != "" {
		h = append(h, [2]string{"WARC-Target-URI", uri})
	}
	h = append(h, [2]string{"Content-Type", ctype})
	return append(h, extra...)
}

// hopHeaders are not recorded: the body is stored decoded and whole, so
// the framing and coding fields of the wire no longer describe it.
var hopHeaders = map[string]bool{
	"Content-Length": true, "Content-Encoding": true, "Transfer-Encoding": true,
	"Connection": true, "Keep-Alive": true, "Trailer": true, "Upgrade": true,
}

// responseBlock is the HTTP response as recorded: status line, header
// (Content-Length set to the stored body), blank line, body.
func responseBlock(rec *Record) []byte {
	var b bytes.Buffer
	proto := rec.Proto
	if proto == "" || strings.HasPrefix(proto, "HTTP/2") || strings.HasPrefix(proto, "HTTP/3") {
		proto = "HTTP/1.1" // the recorded form is HTTP/1.1 framing whatever the wire was
	}
	st := rec.StatusText
	if st == "" {
		st = fmt.Sprintf("%d %s", rec.Status, http.StatusText(rec.Status))
	}
	fmt.Fprintf(&b, "%s %s\r\n", proto, st)
	keys := make([]string, 0, len(rec.Header))
	for k := range rec.Header {
		if !hopHeaders[http.CanonicalHeaderKey(k)] {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range rec.Header[k] {
			fmt.Fprintf(&b, "%s: %s\r\n", k, oneLine(v))
		}
	}
	fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n", len(rec.Body))
	b.Write(rec.Body)
	return b.Bytes()
}

// requestBlock is the GET request as sent.
func requestBlock(rec *Record) []byte {
	var b bytes.Buffer
	path, host := "/", ""
	if u, err := parseURL(rec.URL); err == nil {
		path, host = u.RequestURI(), u.Host
	}
	fmt.Fprintf(&b, "GET %s HTTP/1.1\r\nHost: %s\r\n", path, host)
	keys := make([]string, 0, len(rec.ReqHeader))
	for k := range rec.ReqHeader {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range rec.ReqHeader[k] {
			fmt.Fprintf(&b, "%s: %s\r\n", k, oneLine(v))
		}
	}
	b.WriteString("\r\n")
	return b.Bytes()
}

// oneLine keeps a header value on one line.
func oneLine(s string) string {
	return strings.NewReplacer("\r", " ", "\n", " ").Replace(s)
}

// digest is the WARC digest of b: sha1, base32.
func digest(b []byte) string {
	sum := sha1.Sum(b)
	return "sha1:" + base32.StdEncoding.EncodeToString(sum[:])
}

// newID returns a fresh WARC-Record-ID (a random UUID URN).
func newID() string {
	var u [16]byte
	_, _ = rand.Read(u[:]) // crypto/rand.Read never fails
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("<urn:uuid:%x-%x-%x-%x-%x>", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

// Seen is what the archive holds about one URL: its latest 2xx (or
// recorded 404/410) response.
type Seen struct {
	Status       int
	Date         time.Time
	ETag         string
	LastModified string
	Digest       string            // WARC-Payload-Digest
	Fields       map[string]string // metadata fields (incident versions)
	Offset       int64             // where the gzip member holding the record starts
	RecordID     string
}

// State is what earlier runs archived, by URL.
type State struct {
	URLs    map[string]*Seen
	Records int // records read
}

// Get returns what the archive holds about url, nil when nothing.
func (s *State) Get(url string) *Seen {
	if s == nil {
		return nil
	}
	return s.URLs[url]
}

// ReadState reads the archive at path and returns its state and the byte
// offset where its last complete gzip member ends. An incomplete last
// member is not an error (end is where it starts); damage before the last
// member, or a file that is not gzip, is.
func ReadState(path string) (*State, int64, error) {
	st := &State{URLs: map[string]*Seen{}}
	f, err := os.Open(path)
	if err != nil {
		return st, 0, err
	}
	defer f.Close()
	cr := &countReader{r: bufio.NewReaderSize(f, 64<<10)}
	ids := map[string]string{} // response record id → URL
	var end int64
	var zr *gzip.Reader
	for {
		start := cr.n
		if _, err := cr.r.Peek(1); err == io.EOF {
			return st, end, nil
		}
		if zr == nil {
			zr, err = gzip.NewReader(cr)
		} else {
			err = zr.Reset(cr)
		}
		if err == nil {
			zr.Multistream(false)
			err = readRecords(zr, st, ids, start)
		}
		switch {
		case err == nil:
			end = cr.n
		case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
			if _, perr := cr.r.Peek(1); perr == io.EOF {
				return st, start, nil // the last member is incomplete: an interrupted run
			}
			return st, start, fmt.Errorf("%s: damaged record at byte %d: %v (not appending, so nothing is lost)", path, start, err)
		default:
			if start == 0 {
				return st, 0, fmt.Errorf("%s: not a gzip-compressed WARC file (%v); give a new file or an archive written by pull", path, err)
			}
			return st, start, fmt.Errorf("%s: damaged record at byte %d: %v (not appending, so nothing is lost)", path, start, err)
		}
	}
}

// countReader counts the bytes consumed through it. It implements
// io.ByteReader so that gzip reads no further than its member.
type countReader struct {
	r *bufio.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func (c *countReader) ReadByte() (byte, error) {
	b, err := c.r.ReadByte()
	if err == nil {
		c.n++
	}
	return b, err
}

// readRecords reads the WARC records of one gzip member into st.
func readRecords(r io.Reader, st *State, ids map[string]string, off int64) error {
	br := bufio.NewReader(r)
	for {
		line, err := br.ReadString('\n')
		if err == io.EOF && strings.TrimSpace(line) == "" {
			return nil
		}
		if err != nil {
			return err
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		if !strings.HasPrefix(line, "WARC/1.") {
			return fmt.Errorf("%q where a WARC version line was expected", strings.TrimSpace(line))
		}
		h := map[string]string{}
		for {
			l, err := br.ReadString('\n')
			if err != nil {
				return io.ErrUnexpectedEOF
			}
			l = strings.TrimRight(l, "\r\n")
			if l == "" {
				break
			}
			k, v, _ := strings.Cut(l, ":")
			h[strings.ToLower(strings.TrimSpace(k))] = strings.TrimSpace(v)
		}
		n, err := strconv.ParseInt(h["content-length"], 10, 64)
		if err != nil || n < 0 {
			return fmt.Errorf("record without a valid Content-Length")
		}
		var block []byte
		typ := h["warc-type"]
		if typ == "response" || typ == "metadata" {
			// only the HTTP header (responses) or the fields (metadata)
			// are needed; the rest of the block is skipped unread.
			block, err = readHead(br, n, 64<<10)
		} else {
			_, err = io.CopyN(io.Discard, br, n)
		}
		if err != nil {
			return io.ErrUnexpectedEOF
		}
		st.Records++
		uri := strings.Trim(h["warc-target-uri"], "<>")
		switch typ {
		case "response":
			noteResponse(st, ids, h, uri, block, off)
		case "metadata":
			if s := st.URLs[ids[h["warc-refers-to"]]]; s != nil {
				s.Fields = warcFields(block)
			}
		}
	}
}

// readHead reads a block of n bytes and returns its first max bytes.
func readHead(br *bufio.Reader, n, max int64) ([]byte, error) {
	head := make([]byte, min(n, max))
	if _, err := io.ReadFull(br, head); err != nil {
		return nil, err
	}
	_, err := io.CopyN(io.Discard, br, n-int64(len(head)))
	return head, err
}

// noteResponse records a response record's HTTP status and validators.
func noteResponse(st *State, ids map[string]string, h map[string]string, uri string, block []byte, off int64) {
	head, _, _ := bytes.Cut(block, []byte("\r\n\r\n"))
	lines := strings.Split(string(head), "\r\n")
	f := strings.Fields(lines[0])
	if len(f) < 2 {
		return
	}
	code, err := strconv.Atoi(f[1])
	if err != nil || !(code >= 200 && code < 300 || code == 404 || code == 410) {
		return
	}
	s := &Seen{Status: code, Digest: h["warc-payload-digest"], Offset: off, RecordID: h["warc-record-id"]}
	s.Date, _ = time.Parse(time.RFC3339Nano, h["warc-date"])
	for _, l := range lines[1:] {
		k, v, _ := strings.Cut(l, ":")
		switch strings.ToLower(strings.TrimSpace(k)) {
		case "etag":
			s.ETag = strings.TrimSpace(v)
		case "last-modified":
			s.LastModified = strings.TrimSpace(v)
		}
	}
	if old := st.URLs[uri]; old != nil && old.Date.After(s.Date) {
		return // an older capture appended later (another tool): keep the newest
	}
	st.URLs[uri] = s
	ids[h["warc-record-id"]] = uri
}

// warcFields parses an application/warc-fields block.
func warcFields(block []byte) map[string]string {
	m := map[string]string{}
	for _, l := range strings.Split(string(block), "\n") {
		if k, v, ok := strings.Cut(strings.TrimRight(l, "\r"), ":"); ok {
			m[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	return m
}

// ReadPayload returns the HTTP payload of the response record s points
// to in the archive at path.
func ReadPayload(path string, s *Seen) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if _, err := f.Seek(s.Offset, io.SeekStart); err != nil {
		return nil, err
	}
	zr, err := gzip.NewReader(bufio.NewReader(f))
	if err != nil {
		return nil, fmt.Errorf("%s: record at byte %d: %w", path, s.Offset, err)
	}
	zr.Multistream(false)
	br := bufio.NewReader(zr)
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			return nil, fmt.Errorf("%s: record %s not found at byte %d", path, s.RecordID, s.Offset)
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		h := map[string]string{}
		for {
			l, err := br.ReadString('\n')
			if err != nil {
				return nil, fmt.Errorf("%s: record at byte %d: %w", path, s.Offset, io.ErrUnexpectedEOF)
			}
			if l = strings.TrimRight(l, "\r\n"); l == "" {
				break
			}
			k, v, _ := strings.Cut(l, ":")
			h[strings.ToLower(strings.TrimSpace(k))] = strings.TrimSpace(v)
		}
		n, err := strconv.ParseInt(h["content-length"], 10, 64)
		if err != nil || n < 0 {
			return nil, fmt.Errorf("%s: record at byte %d without a valid Content-Length", path, s.Offset)
		}
		block, err := io.ReadAll(io.LimitReader(br, n)) // grows with the data, not with the claim
		if err == nil && int64(len(block)) < n {
			err = io.ErrUnexpectedEOF
		}
		if err != nil {
			return nil, fmt.Errorf("%s: record at byte %d: %w", path, s.Offset, err)
		}
		if h["warc-record-id"] == s.RecordID {
			if _, body, ok := bytes.Cut(block, []byte("\r\n\r\n")); ok {
				return body, nil
			}
			return nil, fmt.Errorf("%s: record at byte %d has no HTTP header", path, s.Offset)
		}
	}
}
