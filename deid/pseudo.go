package deid

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base32"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrPseudoKey is returned when a pseudonymisation key is missing or too short.
var ErrPseudoKey = errors.New("deid: pseudonymisation key must be at least 32 bytes")

// MinPseudoKeyLen is the shortest study key accepted, in bytes.
const MinPseudoKeyLen = 32

// Default pseudonym shape: prefix plus 20 base32 characters (100 bits).
const (
	DefaultPseudonymPrefix = "P-"
	DefaultPseudonymLen    = 20
)

// Domain-separation labels so that the same key never produces related
// outputs for different purposes.
const (
	labelPseudonym = "custodia/deid/pseudonym/v1\x00"
	labelDateShift = "custodia/deid/dateshift/v1\x00"
	labelKeyID     = "custodia/deid/key-id/v1\x00"
)

var pseudoEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// Pseudonymizer turns direct identifiers into keyed pseudonyms. The same key
// (one per study) and the same input always give the same pseudonym, so
// records of one patient stay linkable within a study and unlinkable across
// studies. Without the key a pseudonym cannot be recomputed from a guess.
type Pseudonymizer struct {
	key    []byte
	prefix string
	length int
}

// NewPseudonymizer returns a Pseudonymizer for the study key. The prefix is
// prepended to every pseudonym; length is the number of base32 characters
// kept (1–52; 0 means DefaultPseudonymLen). It returns ErrPseudoKey if the
// key is shorter than MinPseudoKeyLen.
func NewPseudonymizer(key []byte, prefix string, length int) (*Pseudonymizer, error) {
	if len(key) < MinPseudoKeyLen {
		e := inputError(ErrPseudoKey, ProblemKeyTooShort, fmt.Sprintf("got %d", len(key)))
		e.Got, e.Want = len(key), MinPseudoKeyLen
		return nil, e
	}
	if length == 0 {
		length = DefaultPseudonymLen
	}
	if length < 1 || length > 52 {
		return nil, fmt.Errorf("deid: pseudonym length %d out of range 1-52", length)
	}
	k := make([]byte, len(key))
	copy(k, key)
	return &Pseudonymizer{key: k, prefix: prefix, length: length}, nil
}

func (p *Pseudonymizer) mac(label, value string) []byte {
	h := hmac.New(sha256.New, p.key)
	h.Write([]byte(label))
	h.Write([]byte(value))
	return h.Sum(nil)
}

// Pseudonym returns the pseudonym of value. The empty value stays empty so
// that missing identifiers are not all mapped to one shared pseudonym.
func (p *Pseudonymizer) Pseudonym(value string) string {
	if value == "" {
		return ""
	}
	enc := pseudoEncoding.EncodeToString(p.mac(labelPseudonym, value))
	return p.prefix + enc[:p.length]
}

// KeyID returns a short public identifier of the study key (16 hex
// digits of a keyed hash), to record in reports which key made the
// pseudonyms without revealing it.
func (p *Pseudonymizer) KeyID() string {
	return hex.EncodeToString(p.mac(labelKeyID, "")[:8])
}

// DateShiftDays returns the shift in days for the record identified by its
// pseudonym: a value in [-maxDays, -1] ∪ [1, maxDays], derived from the key,
// so all dates of one patient move by the same amount and intervals between
// them are preserved. A zero shift is never returned (it would leak the
// true date); maxDays < 1 returns 0.
func (p *Pseudonymizer) DateShiftDays(recordPseudonym string, maxDays int) int {
	if maxDays < 1 {
		return 0
	}
	sum := p.mac(labelDateShift, recordPseudonym)
	v := binary.BigEndian.Uint64(sum[:8])
	mag := int(v%uint64(maxDays)) + 1
	if sum[8]&1 == 1 {
		return -mag
	}
	return mag
}

// dateLayouts are the date and timestamp forms recognised in input columns,
// most specific first. Shifted values keep the layout they came in.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
	"2006-01-02",
	"02.01.2006",
	"01/02/2006",
	"20060102",
}

// ParseDate parses s in one of the recognised layouts and returns the time
// with the layout that matched.
func ParseDate(s string) (time.Time, string, error) {
	s = strings.TrimSpace(s)
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, layout, nil
		}
	}
	return time.Time{}, "", errNotDate
}

// ShiftDate moves the date or timestamp s by days, keeping its layout. The
// empty string stays empty.
func ShiftDate(s string, days int) (string, error) {
	if strings.TrimSpace(s) == "" {
		return s, nil
	}
	t, layout, err := ParseDate(s)
	if err != nil {
		return "", err
	}
	return t.AddDate(0, 0, days).Format(layout), nil
}

// ColumnAction says what happens to one direct-identifier column.
type ColumnAction int

// Column actions for direct identifiers.
const (
	ActionKeep         ColumnAction = iota // leave the column unchanged
	ActionRemove                           // drop the column from the output
	ActionPseudonymize                     // replace each value by its keyed pseudonym
	ActionShiftDate                        // shift each date by the record's shift
)

// String returns the action's configuration name.
func (a ColumnAction) String() string {
	switch a {
	case ActionKeep:
		return "keep"
	case ActionRemove:
		return "remove"
	case ActionPseudonymize:
		return "pseudonymize"
	case ActionShiftDate:
		return "shift-date"
	}
	return fmt.Sprintf("ColumnAction(%d)", int(a))
}

// PseudoConfig configures pseudonymisation of a table's direct identifiers.
type PseudoConfig struct {
	// Actions maps column names to actions; unnamed columns are kept.
	Actions map[string]ColumnAction
	// RecordColumn names the column identifying the patient (typically a
	// pseudonymised patient id). Its pseudonym keys the date shift, so every
	// record of one patient gets the same shift. Required when any column
	// uses ActionShiftDate.
	RecordColumn string
	// MaxShiftDays bounds the date shift (±days); required with ActionShiftDate.
	MaxShiftDays int
}

// TransformError reports a value that could not be transformed. It names
// the data row (1-based, header excluded) and the column, never the value,
// so it is safe to log.
type TransformError struct {
	Row    int
	Column string
	Err    error
}

func (e *TransformError) Error() string {
	return fmt.Sprintf("deid: row %d, column %q: %v", e.Row, e.Column, e.Err)
}

func (e *TransformError) Unwrap() error { return e.Err }

// Codes of the values a transformation cannot handle (TransformError.Problem).
const (
	// ProblemNotDate: the value is no date in a recognised layout.
	ProblemNotDate Problem = "not-date"
	// ProblemEmptyRecord: the record column is empty, so the record has
	// no date shift.
	ProblemEmptyRecord Problem = "empty-record"
	// ProblemNotZIP: the value is no 5-digit ZIP or ZIP+4 code.
	ProblemNotZIP Problem = "not-zip"
	// ProblemNotAge: the value is no whole non-negative number of years.
	ProblemNotAge Problem = "not-age"
	// ProblemRowFields: the row has another number of fields than the
	// header.
	ProblemRowFields Problem = "row-fields"
)

var (
	errNotDate     = errors.New("not a date in a recognised format (YYYY-MM-DD, RFC 3339, DD.MM.YYYY, MM/DD/YYYY, YYYYMMDD)")
	errEmptyRecord = errors.New("record column is empty, cannot derive a date shift")
	errNotZIP      = errors.New("not a 5-digit ZIP or ZIP+4 code")
	errNotAge      = errors.New("age is not a whole non-negative number")
	errRowFields   = errors.New("wrong number of fields")
)

// Problem says what is wrong with the value, "" when the cause has no
// code.
func (e *TransformError) Problem() Problem {
	for _, c := range []struct {
		err error
		p   Problem
	}{{errNotDate, ProblemNotDate}, {errEmptyRecord, ProblemEmptyRecord}, {errNotZIP, ProblemNotZIP}, {errNotAge, ProblemNotAge}, {errRowFields, ProblemRowFields}} {
		if errors.Is(e.Err, c.err) {
			return c.p
		}
	}
	return ""
}

// colPlan is what happens to one column: drop it, map each value, or
// shift each date by the shift of its record.
type colPlan struct {
	drop  bool
	value func(v string) (string, error) // nil: keep
	shift func(v, record string) (string, error)
}

// plan is a per-column transformation of a table or of string rows.
type plan struct {
	cols      []colPlan
	recordCol int // column whose original value keys shift, or -1
}

func newPlan(n int) *plan { return &plan{cols: make([]colPlan, n), recordCol: -1} }

// header returns the column names that remain.
func (p *plan) header(header []string) []string {
	var out []string
	for c, cp := range p.cols {
		if !cp.drop {
			out = append(out, header[c])
		}
	}
	return out
}

// applyRows rewrites rows in place and returns the new header.
func (p *plan) applyRows(header []string, rows [][]string) ([]string, error) {
	buf := make([]string, len(header))
	for r, row := range rows {
		if len(row) != len(header) {
			return nil, &TransformError{Row: r + 1, Err: fmt.Errorf("%w: has %d, header has %d", errRowFields, len(row), len(header))}
		}
		copy(buf, row)
		j := 0
		for c, cp := range p.cols {
			if cp.drop {
				continue
			}
			v, err := p.cell(cp, buf, c)
			if err != nil {
				return nil, &TransformError{Row: r + 1, Column: header[c], Err: err}
			}
			row[j] = v
			j++
		}
		rows[r] = row[:j]
	}
	return p.header(header), nil
}

func (p *plan) cell(cp colPlan, row []string, c int) (string, error) {
	switch {
	case cp.shift != nil:
		return cp.shift(row[c], row[p.recordCol])
	case cp.value != nil:
		return cp.value(row[c])
	}
	return row[c], nil
}

// applyTable rewrites t's columns: value maps run once per distinct value,
// shifts once per record; dropped columns leave the table. On error t is
// unchanged.
func (p *plan) applyTable(t *Table) error {
	out := make([]*Column, 0, len(t.Columns))
	for c, col := range t.Columns {
		cp := p.cols[c]
		var nc *Column
		var err error
		switch {
		case cp.drop:
			continue
		case cp.shift != nil:
			nc, err = shiftColumn(col, t.Columns[p.recordCol], cp.shift)
		case cp.value != nil:
			nc, err = mapColumn(col, cp.value)
		default:
			nc = col
		}
		if err != nil {
			return err
		}
		out = append(out, nc)
	}
	t.Columns = out
	return nil
}

// mapColumn returns a copy of col with f applied to every distinct value.
func mapColumn(col *Column, f func(string) (string, error)) (*Column, error) {
	nc := &Column{Name: col.Name, Role: col.Role, Type: col.Type}
	remap := make([]uint32, len(col.Dict))
	for code, v := range col.Dict {
		nv, err := f(v)
		if err != nil {
			return nil, &TransformError{Row: firstRecord(col, uint32(code)), Column: col.Name, Err: err}
		}
		remap[code] = nc.Code(nv)
	}
	nc.Codes = make([]uint32, len(col.Codes))
	for r, code := range col.Codes {
		nc.Codes[r] = remap[code]
	}
	return nc, nil
}

// shiftColumn returns a copy of col with every value shifted by the shift
// of the record's value in rec.
func shiftColumn(col, rec *Column, f func(v, record string) (string, error)) (*Column, error) {
	nc := &Column{Name: col.Name, Role: col.Role, Type: col.Type, Codes: make([]uint32, len(col.Codes))}
	for r := range col.Codes {
		nv, err := f(col.Value(r), rec.Value(r))
		if err != nil {
			return nil, &TransformError{Row: r + 1, Column: col.Name, Err: err}
		}
		nc.Codes[r] = nc.Code(nv)
	}
	return nc, nil
}

// columnIndex returns the index of name in header or an error naming it.
func columnIndex(header []string, name string) (int, error) {
	for i, h := range header {
		if h == name {
			return i, nil
		}
	}
	return -1, noColumn("", name)
}

// Apply pseudonymises rows in place according to cfg and returns the new
// header (removed columns dropped). Rows must be discarded on error.
func (p *Pseudonymizer) Apply(header []string, rows [][]string, cfg PseudoConfig) ([]string, error) {
	pl, err := p.plan(header, cfg)
	if err != nil {
		return nil, err
	}
	return pl.applyRows(header, rows)
}

// ApplyTable pseudonymises t's columns according to cfg: pseudonyms are
// computed once per distinct value, removed columns leave the table. On
// error t is unchanged.
func (p *Pseudonymizer) ApplyTable(t *Table, cfg PseudoConfig) error {
	pl, err := p.plan(t.Names(), cfg)
	if err != nil {
		return err
	}
	return pl.applyTable(t)
}

func (p *Pseudonymizer) plan(header []string, cfg PseudoConfig) (*plan, error) {
	pl := newPlan(len(header))
	needShift := false
	for name, act := range cfg.Actions {
		c, err := columnIndex(header, name)
		if err != nil {
			return nil, err
		}
		switch act {
		case ActionKeep:
		case ActionRemove:
			pl.cols[c].drop = true
		case ActionPseudonymize:
			pl.cols[c].value = func(v string) (string, error) { return p.Pseudonym(v), nil }
		case ActionShiftDate:
			needShift = true
		default:
			return nil, fmt.Errorf("%w: column %q: unknown action %v", ErrInvalidConfig, name, act)
		}
	}
	if needShift {
		if err := p.addShifts(header, pl, cfg); err != nil {
			return nil, err
		}
	}
	return pl, nil
}

// addShifts installs date shifts keyed by the pseudonym of the record
// column's original value.
func (p *Pseudonymizer) addShifts(header []string, pl *plan, cfg PseudoConfig) error {
	if cfg.RecordColumn == "" {
		return configError(ProblemRecordColumn, "", "", "date shifting needs a record column identifying the patient")
	}
	if cfg.MaxShiftDays < 1 {
		return configError(ProblemMaxShift, "", "", "date shifting needs a maximum shift of at least 1 day")
	}
	rc, err := columnIndex(header, cfg.RecordColumn)
	if err != nil {
		return err
	}
	pl.recordCol = rc
	shift := func(v, record string) (string, error) {
		if record == "" {
			return "", errEmptyRecord
		}
		return ShiftDate(v, p.DateShiftDays(p.Pseudonym(record), cfg.MaxShiftDays))
	}
	for name, act := range cfg.Actions {
		if act == ActionShiftDate {
			c, _ := columnIndex(header, name)
			pl.cols[c].shift = shift
		}
	}
	return nil
}
