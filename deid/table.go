package deid

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Role says how a column takes part in de-identification.
type Role int

const (
	// RoleInsensitive columns are copied to the output unchanged.
	RoleInsensitive Role = iota
	// RoleIdentifying columns (names, record numbers) are removed from the
	// output; pseudonymisation, if wanted, happens outside the search.
	RoleIdentifying
	// RoleQuasiIdentifying columns are generalised by the search.
	RoleQuasiIdentifying
	// RoleSensitive columns are copied unchanged and protected by
	// l-diversity or t-closeness models.
	RoleSensitive
)

// String returns the lower-case name of the role.
func (r Role) String() string {
	switch r {
	case RoleInsensitive:
		return "insensitive"
	case RoleIdentifying:
		return "identifying"
	case RoleQuasiIdentifying:
		return "quasi-identifying"
	case RoleSensitive:
		return "sensitive"
	}
	return "role(" + strconv.Itoa(int(r)) + ")"
}

// ParseRole parses the names returned by Role.String (also "qi", "id").
func ParseRole(s string) (Role, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "insensitive", "":
		return RoleInsensitive, nil
	case "identifying", "id":
		return RoleIdentifying, nil
	case "quasi-identifying", "qi", "quasi":
		return RoleQuasiIdentifying, nil
	case "sensitive":
		return RoleSensitive, nil
	}
	return 0, fmt.Errorf("%w: unknown role %q", ErrInvalidConfig, s)
}

// Type is the data type of a column. It decides how values are ordered
// (ordered t-closeness distance, Mondrian splits) and parsed by builders.
type Type int

const (
	// TypeString values are unordered categories.
	TypeString Type = iota
	// TypeOrderedString values are ordered categories; the order is given by
	// Column.Order (by default the order of first appearance).
	TypeOrderedString
	// TypeInteger values are base-10 integers.
	TypeInteger
	// TypeDecimal values are decimal numbers.
	TypeDecimal
	// TypeDate values are dates in DateLayout (ISO 8601, 2006-01-02).
	TypeDate
)

// DateLayout is the layout of TypeDate values.
const DateLayout = "2006-01-02"

// String returns the lower-case name of the type.
func (t Type) String() string {
	switch t {
	case TypeString:
		return "string"
	case TypeOrderedString:
		return "ordered"
	case TypeInteger:
		return "integer"
	case TypeDecimal:
		return "decimal"
	case TypeDate:
		return "date"
	}
	return "type(" + strconv.Itoa(int(t)) + ")"
}

// ParseType parses the names returned by Type.String.
func ParseType(s string) (Type, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "string", "":
		return TypeString, nil
	case "ordered", "ordered-string":
		return TypeOrderedString, nil
	case "integer", "int":
		return TypeInteger, nil
	case "decimal", "float":
		return TypeDecimal, nil
	case "date":
		return TypeDate, nil
	}
	return 0, fmt.Errorf("%w: unknown type %q", ErrInvalidConfig, s)
}

// Column is one dictionary-encoded column: Codes[row] indexes Dict.
// Codes are assigned in order of first appearance.
type Column struct {
	Name  string
	Role  Role
	Type  Type
	Dict  []string
	Codes []uint32

	index map[string]uint32
}

// Code returns the code of value, adding it to the dictionary if new.
func (c *Column) Code(value string) uint32 {
	c.ensureIndex()
	if code, ok := c.index[value]; ok {
		return code
	}
	code := uint32(len(c.Dict))
	value = strings.Clone(value) // do not pin the reader's line buffer
	c.Dict = append(c.Dict, value)
	c.index[value] = code
	return code
}

// Lookup returns the code of value and whether it is in the dictionary.
func (c *Column) Lookup(value string) (uint32, bool) {
	c.ensureIndex()
	code, ok := c.index[value]
	return code, ok
}

func (c *Column) ensureIndex() {
	if c.index != nil && len(c.index) == len(c.Dict) {
		return
	}
	c.index = make(map[string]uint32, len(c.Dict))
	for i, v := range c.Dict {
		c.index[v] = uint32(i)
	}
}

// Value returns the value in row.
func (c *Column) Value(row int) string { return c.Dict[c.Codes[row]] }

// Counts returns how many rows hold each code.
func (c *Column) Counts() []int {
	n := make([]int, len(c.Dict))
	for _, code := range c.Codes {
		n[code]++
	}
	return n
}

// Table is a column-major, dictionary-encoded table.
type Table struct {
	Columns []*Column
	rows    int
}

// NewTable returns an empty table with the given column names, all
// insensitive strings. It fails on empty or duplicate names.
func NewTable(names []string) (*Table, error) {
	t := &Table{}
	seen := map[string]bool{}
	for i, n := range names {
		n = strings.TrimSpace(n)
		if n == "" {
			e := inputError(ErrInvalidTable, ProblemColumnUnnamed, fmt.Sprintf("column %d has no name", i+1))
			e.Field = i + 1
			return nil, e
		}
		if seen[n] {
			e := inputError(ErrInvalidTable, ProblemColumnTwice, fmt.Sprintf("column %d: duplicate name %q", i+1, n))
			e.Field, e.Column = i+1, n
			return nil, e
		}
		seen[n] = true
		t.Columns = append(t.Columns, &Column{Name: n})
	}
	return t, nil
}

// Rows returns the number of records.
func (t *Table) Rows() int { return t.rows }

// ColumnIndex returns the index of the named column, or -1.
func (t *Table) ColumnIndex(name string) int {
	for i, c := range t.Columns {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// Column returns the named column or nil.
func (t *Table) Column(name string) *Column {
	if i := t.ColumnIndex(name); i >= 0 {
		return t.Columns[i]
	}
	return nil
}

// Names returns the column names in order.
func (t *Table) Names() []string {
	out := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		out[i] = c.Name
	}
	return out
}

// SetRole sets the role of the named column.
func (t *Table) SetRole(name string, r Role) error {
	c := t.Column(name)
	if c == nil {
		return noColumn("", name)
	}
	c.Role = r
	return nil
}

// SetType sets the type of the named column and checks that every value
// parses as that type; the error names the first bad row (1-based record
// number, header excluded) without quoting the value.
func (t *Table) SetType(name string, typ Type) error {
	c := t.Column(name)
	if c == nil {
		return noColumn("", name)
	}
	bad := make([]bool, len(c.Dict))
	anyBad := false
	for code, v := range c.Dict {
		if checkType(v, typ) != nil {
			bad[code], anyBad = true, true
		}
	}
	if anyBad {
		for row, code := range c.Codes {
			if bad[code] {
				return fmt.Errorf("%w: column %q record %d is not a valid %s", ErrInvalidTable, name, row+1, typ)
			}
		}
	}
	c.Type = typ
	return nil
}

func checkType(v string, typ Type) error {
	var err error
	switch typ {
	case TypeInteger:
		_, err = strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	case TypeDecimal:
		_, err = strconv.ParseFloat(strings.TrimSpace(v), 64)
	case TypeDate:
		_, err = time.Parse(DateLayout, strings.TrimSpace(v))
	}
	return err
}

// AppendRow appends one record; len(values) must equal the column count.
func (t *Table) AppendRow(values []string) error {
	if len(values) != len(t.Columns) {
		return fmt.Errorf("%w: record %d has %d fields, want %d", ErrInvalidTable, t.rows+1, len(values), len(t.Columns))
	}
	for i, v := range values {
		c := t.Columns[i]
		c.Codes = append(c.Codes, c.Code(v))
	}
	t.rows++
	return nil
}

// Row returns the values of one record.
func (t *Table) Row(row int) []string {
	out := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		out[i] = c.Value(row)
	}
	return out
}

// Value returns the value at row, column index col.
func (t *Table) Value(row, col int) string { return t.Columns[col].Value(row) }

// Progress receives progress reports from long operations. Calls come one
// at a time but possibly from goroutines other than the caller's, so
// implementations must be cheap and must not touch UI state directly
// (a Fyne view would hand the values to fyne.Do); total is -1 when unknown.
type Progress interface {
	Report(stage string, done, total int64)
}

// CSVOptions configures ReadCSV.
type CSVOptions struct {
	// Separator is the field separator; 0 means ','.
	Separator rune
	// NoHeader says the first row is data; columns are then named c1, c2, ...
	NoHeader bool
	// Progress, if set, receives ("read", records, -1) after every block
	// of about 1 MiB of input, then ("read", records, records).
	Progress Progress
	// SizeHint, if positive, is the input's expected size in bytes (a
	// file's size): columns are then sized from it while reading, instead
	// of keeping every block's codes and joining them at the end, which
	// touches half the memory. Any value gives the same table.
	SizeHint int64
}

// ReadCSV reads a table from CSV. Errors name the line (1-based, counting
// the header) and column, never the value. Blocks of about 1 MiB are parsed on up to four
// goroutines and merged in order; ctx is checked after every block.
func ReadCSV(ctx context.Context, r io.Reader, opt CSVOptions) (*Table, error) {
	sep := opt.Separator
	if sep == 0 {
		sep = ','
	}
	cr, err := newCSVReader(r, sep)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidTable, err)
	}
	first, err := cr.read()
	if err == io.EOF {
		return nil, inputError(ErrInvalidTable, ProblemTableEmpty, "empty input")
	}
	if err != nil {
		return nil, csvError(err)
	}
	names := make([]string, len(first))
	for i, f := range first {
		names[i] = string(f)
	}
	var t *Table
	if opt.NoHeader {
		for i := range names {
			names[i] = "c" + strconv.Itoa(i+1)
		}
		if t, err = NewTable(names); err != nil {
			return nil, err
		}
	} else {
		if len(names) > 0 {
			names[0] = strings.TrimPrefix(names[0], "\ufeff")
		}
		if t, err = NewTable(names); err != nil {
			var ie *InputError
			if errors.As(err, &ie) {
				ie.Line = 1
			}
			return nil, fmt.Errorf("line 1: %w", err)
		}
	}
	parts := make([][]codePart, len(t.Columns))
	if opt.NoHeader {
		if len(first) != len(t.Columns) {
			return nil, fieldCountError(cr.start, len(first), len(t.Columns))
		}
		for i, f := range first {
			parts[i] = append(parts[i], codePart{codes: []uint32{t.Columns[i].Code(string(f))}})
		}
		t.rows = 1
	}
	if err := t.readRecords(ctx, cr, sep, readBlock, opt.SizeHint, opt.Progress, parts); err != nil {
		return nil, err
	}
	if opt.Progress != nil {
		opt.Progress.Report("read", int64(t.rows), int64(t.rows))
	}
	return t, nil
}

// fieldCountError is the error for a record with the wrong number of fields.
func fieldCountError(line, got, want int) error {
	e := inputError(ErrInvalidTable, ProblemTableFields, fmt.Sprintf("line %d: %d fields, want %d", line, got, want))
	e.Line, e.Got, e.Want = line, got, want
	return e
}

// csvError rewrites encoding/csv errors so they never quote the input.
func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		e := inputError(ErrInvalidTable, ProblemTableSyntax, fmt.Sprintf("line %d column %d: %v", pe.StartLine, pe.Column, pe.Err))
		e.Line, e.Char = pe.StartLine, pe.Column
		return e
	}
	return fmt.Errorf("%w: %v", ErrInvalidTable, err)
}
