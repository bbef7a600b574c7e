package export

import (
	"fmt"
	"io"
	"reflect"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/postmortem-dev/postmortem/analyze"
	"github.com/postmortem-dev/postmortem/parse/incident"
)

// parquetBatch is how many rows ParquetWriter buffers before handing them
// to the Parquet encoder.
const parquetBatch = 1024

// parquetRowGroup caps the rows of one row group, so the encoder's memory
// stays bounded however many incidents are streamed.
const parquetRowGroup = 64 * 1024

// pqColumn is one column of the Parquet file: its Go type (which gives the
// Parquet type through the struct tag) and how to fill it.
type pqColumn struct {
	name string
	typ  reflect.Type
	opts string // parquet tag options after the name
	set  func(v reflect.Value, a *analyze.Analysis)
}

var (
	stringType  = reflect.TypeFor[string]()
	stringsType = reflect.TypeFor[[]string]()
	timePtrType = reflect.TypeFor[*time.Time]()
	int64Type   = reflect.TypeFor[int64]()
	int64Ptr    = reflect.TypeFor[*int64]()
	float64Ptr  = reflect.TypeFor[*float64]()
	boolPtrType = reflect.TypeFor[*bool]()
)

// parquetColumns are the columns of Columns() (the CSV columns, in the same
// order and with the same names) with typed values: instants as UTC
// millisecond timestamps, metrics as int64 seconds, scope figures as
// doubles, data_loss as a boolean, all null when unknown; components as a
// list; plus sources, the list of every document path.
func parquetColumns() []pqColumn {
	typed := map[string]pqColumn{
		"components": {typ: stringsType, opts: ",list", set: func(v reflect.Value, a *analyze.Analysis) {
			v.Set(reflect.ValueOf(a.Components))
		}},
		"updates":             {typ: int64Type, set: func(v reflect.Value, a *analyze.Analysis) { v.SetInt(int64(a.Metrics.Updates)) }},
		"accounts":            figureCol(func(s *analyze.Scope) *analyze.Figure { return s.Accounts }),
		"users":               figureCol(func(s *analyze.Scope) *analyze.Figure { return s.Users }),
		"failed_transactions": figureCol(func(s *analyze.Scope) *analyze.Figure { return s.FailedTransactions }),
		"traffic_percent":     figureCol(func(s *analyze.Scope) *analyze.Figure { return s.TrafficPercent }),
		"data_loss": {typ: boolPtrType, opts: ",optional", set: func(v reflect.Value, a *analyze.Analysis) {
			v.Set(reflect.ValueOf(a.Scope.DataLoss))
		}},
	}
	for _, in := range instantCols {
		get := in.get
		typed[in.name+"_at"] = pqColumn{typ: timePtrType, opts: ",optional,timestamp(millisecond)",
			set: func(v reflect.Value, a *analyze.Analysis) {
				if at := get(&a.Instants).At; at != nil {
					t := at.UTC()
					v.Set(reflect.ValueOf(&t))
				}
			}}
	}
	for _, d := range analyze.MetricDefs {
		get := d.Get
		typed[d.Field] = pqColumn{typ: int64Ptr, opts: ",optional", set: func(v reflect.Value, a *analyze.Analysis) {
			v.Set(reflect.ValueOf(get(&a.Metrics)))
		}}
	}
	var cols []pqColumn
	for _, c := range Columns() {
		col, ok := typed[c.Name]
		if !ok {
			value := c.Value
			col = pqColumn{typ: stringType, set: func(v reflect.Value, a *analyze.Analysis) { v.SetString(value(a, Machine)) }}
		}
		col.name = c.Name
		cols = append(cols, col)
	}
	return append(cols, pqColumn{name: "sources", typ: stringsType, opts: ",list", set: func(v reflect.Value, a *analyze.Analysis) {
		v.Set(reflect.ValueOf(sourcePaths(a.Incident)))
	}})
}

func figureCol(get func(*analyze.Scope) *analyze.Figure) pqColumn {
	return pqColumn{typ: float64Ptr, opts: ",optional", set: func(v reflect.Value, a *analyze.Analysis) {
		if f := get(&a.Scope); f != nil {
			x := f.Value
			v.Set(reflect.ValueOf(&x))
		}
	}}
}

// sourcePaths lists the paths of every document an incident came from.
func sourcePaths(inc incident.Incident) []string {
	if len(inc.Sources) == 0 {
		return []string{inc.Source.Path}
	}
	paths := make([]string, len(inc.Sources))
	for i, s := range inc.Sources {
		paths[i] = s.Path
	}
	return paths
}

// parquetRowType builds the Go struct type whose fields are the columns,
// so parquet-go derives the schema (in column order) from its tags.
func parquetRowType(cols []pqColumn) reflect.Type {
	fields := make([]reflect.StructField, len(cols))
	for i, c := range cols {
		fields[i] = reflect.StructField{
			Name: fmt.Sprintf("C%d", i),
			Type: c.typ,
			Tag:  reflect.StructTag(fmt.Sprintf(`parquet:"%s%s"`, c.name, c.opts)),
		}
	}
	return reflect.StructOf(fields)
}

// ParquetWriter streams analysed incidents into a Parquet file, one row per
// incident with the columns of Columns() (see parquetColumns), buffering
// rows in batches. Parquet is binary and finished only by Close: write it
// to a file, never to a terminal (the CLI refuses stdout).
type ParquetWriter struct {
	cols  []pqColumn
	typ   reflect.Type
	w     *parquet.Writer
	batch []parquet.Row
	err   error
}

// NewParquetWriter starts a Parquet file on w (snappy-compressed columns,
// row groups of at most 65,536 rows).
func NewParquetWriter(w io.Writer) *ParquetWriter {
	cols := parquetColumns()
	typ := parquetRowType(cols)
	schema := parquet.SchemaOf(reflect.New(typ).Interface())
	return &ParquetWriter{
		cols: cols, typ: typ,
		w: parquet.NewWriter(w, schema, parquet.Compression(&parquet.Snappy),
			parquet.MaxRowsPerRowGroup(parquetRowGroup)),
		batch: make([]parquet.Row, 0, parquetBatch),
	}
}

// Write adds one analysed incident.
func (p *ParquetWriter) Write(a *analyze.Analysis) error {
	if p.err != nil {
		return p.err
	}
	v := reflect.New(p.typ).Elem()
	for i, c := range p.cols {
		c.set(v.Field(i), a)
	}
	p.batch = append(p.batch, p.w.Schema().Deconstruct(nil, v.Addr().Interface()))
	if len(p.batch) == parquetBatch {
		return p.flush()
	}
	return nil
}

func (p *ParquetWriter) flush() error {
	if _, err := p.w.WriteRows(p.batch); err != nil {
		p.err = fmt.Errorf("parquet: %w", err)
		return p.err
	}
	p.batch = p.batch[:0]
	return nil
}

// Close writes the buffered rows and the file footer. It does not close
// the underlying writer.
func (p *ParquetWriter) Close() error {
	if p.err == nil && len(p.batch) > 0 {
		p.flush()
	}
	if p.err != nil {
		return p.err
	}
	if err := p.w.Close(); err != nil {
		return fmt.Errorf("parquet: %w", err)
	}
	return nil
}

// Parquet writes the report's incidents as a Parquet file (one row per
// incident; see ParquetWriter). w must be a file, not a terminal.
func Parquet(w io.Writer, r *analyze.Report) error {
	p := NewParquetWriter(w)
	for i := range r.Incidents {
		if err := p.Write(&r.Incidents[i]); err != nil {
			return err
		}
	}
	return p.Close()
}
