package clinicalcsv

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"custodia/vault"
)

// ErrInvalid is wrapped by every error about the content of a file.
var ErrInvalid = errors.New("clinicalcsv: invalid file")

// Problem is one error at a file, line and column. Message holds no value.
type Problem struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  string `json:"column,omitempty"`
	Message string `json:"message"`
}

func (p Problem) String() string {
	if p.Column == "" {
		return fmt.Sprintf("%s line %d: %s", p.File, p.Line, p.Message)
	}
	return fmt.Sprintf("%s line %d: %s: %s", p.File, p.Line, p.Column, p.Message)
}

// Error lists the problems found (up to maxProblems, then a count).
type Error struct {
	Problems []Problem
	More     int
}

const maxProblems = 100

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "clinicalcsv: %d problem(s)", len(e.Problems)+e.More)
	for _, p := range e.Problems {
		b.WriteString("\n  " + p.String())
	}
	if e.More > 0 {
		fmt.Fprintf(&b, "\n  and %d more", e.More)
	}
	return b.String()
}

// Unwrap returns ErrInvalid.
func (e *Error) Unwrap() error { return ErrInvalid }

// Input names the two files; either reader may be nil.
type Input struct {
	EncountersName   string
	Encounters       io.Reader
	ObservationsName string
	Observations     io.Reader
}

// Resolver finds a patient id by MRN ("" when there is none).
type Resolver func(mrn string) (string, error)

// Result is what the files hold.
type Result struct {
	Encounters   []vault.Encounter
	Observations []vault.Observation
}

type parser struct {
	in      Input
	resolve Resolver
	errs    Error
	refs    map[string]int // encounter ref → index
}

func (p *parser) add(file string, line int, col, format string, a ...any) {
	if len(p.errs.Problems) >= maxProblems {
		p.errs.More++
		return
	}
	p.errs.Problems = append(p.errs.Problems, Problem{File: file, Line: line, Column: col, Message: fmt.Sprintf(format, a...)})
}

// Parse reads both files and checks every line. MRNs are looked up with
// resolve (nil: only patient_id columns work).
func Parse(in Input, resolve Resolver) (Result, error) {
	p := &parser{in: in, resolve: resolve, refs: map[string]int{}}
	var res Result
	if in.Encounters != nil {
		res.Encounters = p.encounters()
	}
	if in.Observations != nil {
		res.Observations = p.observations()
	}
	if len(p.errs.Problems) > 0 {
		e := p.errs
		return Result{}, &e
	}
	return res, nil
}

// table is a read CSV file: columns by normalised name, records with lines.
type table struct {
	name  string
	cols  map[string]int
	rows  [][]string
	lines []int
}

func normal(s string) string {
	return strings.NewReplacer(" ", "", "_", "", "-", "").Replace(strings.ToLower(strings.TrimSpace(s)))
}

func (p *parser) read(name string, r io.Reader, known []string) *table {
	data, err := io.ReadAll(io.LimitReader(r, 64<<20))
	if err != nil {
		p.add(name, 0, "", "cannot be read")
		return nil
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	cr := csv.NewReader(bytes.NewReader(data))
	first, _, _ := bytes.Cut(data, []byte("\n"))
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		cr.Comma = ';'
	}
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		p.add(name, 1, "", "has no header line")
		return nil
	}
	t := &table{name: name, cols: map[string]int{}}
	for i, h := range head {
		n := normal(h)
		if !contains(known, n) {
			p.add(name, 1, h, "is not a known column (known: %s)", strings.Join(known, ", "))
			continue
		}
		t.cols[n] = i
	}
	for {
		line, _ := cr.FieldPos(0)
		rec, err := cr.Read()
		if err == io.EOF {
			return t
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				p.add(name, pe.Line, "", "is not valid CSV")
				return t
			}
			p.add(name, line, "", "cannot be read")
			return t
		}
		line, _ = cr.FieldPos(0)
		if len(rec) > len(head) {
			p.add(name, line, "", "has %d fields, the header %d", len(rec), len(head))
		}
		t.rows, t.lines = append(t.rows, rec), append(t.lines, line)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func (t *table) get(row []string, col string) string {
	i, ok := t.cols[col]
	if !ok || i >= len(row) {
		return ""
	}
	return strings.TrimSpace(row[i])
}

// patient returns the row's patient id from patient_id or mrn.
func (p *parser) patient(t *table, row []string, line int) string {
	id, mrn := t.get(row, "patientid"), t.get(row, "mrn")
	switch {
	case id != "":
		return id
	case mrn == "":
		p.add(t.name, line, "mrn", "is required (or patient_id)")
	case p.resolve == nil:
		p.add(t.name, line, "mrn", "cannot be looked up here; use patient_id")
	default:
		found, err := p.resolve(mrn)
		if err != nil || found == "" {
			p.add(t.name, line, "mrn", "names no patient in the vault")
		}
		return found
	}
	return ""
}

func (p *parser) date(t *table, row []string, line int) time.Time {
	s := t.get(row, "date")
	for _, layout := range []string{"2006-01-02", "02.01.2006"} {
		if d, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return d
		}
	}
	p.add(t.name, line, "date", "must be a date (YYYY-MM-DD or DD.MM.YYYY)")
	return time.Time{}
}

var encounterColumns = []string{"mrn", "patientid", "date", "kind", "diagnoses", "ref"}

func (p *parser) encounters() []vault.Encounter {
	t := p.read(p.in.EncountersName, p.in.Encounters, encounterColumns)
	if t == nil {
		return nil
	}
	out := make([]vault.Encounter, 0, len(t.rows))
	for i, row := range t.rows {
		line := t.lines[i]
		e := vault.Encounter{PatientID: p.patient(t, row, line), Date: p.date(t, row, line), Kind: vault.EncounterVisit}
		if k := t.get(row, "kind"); k != "" {
			kind, err := vault.ParseEncounterKind(k)
			if err != nil {
				p.add(t.name, line, "kind", "must be visit, home visit, telephone or video")
			}
			e.Kind = kind
		}
		e.Diagnoses = diagnoses(t.get(row, "diagnoses"))
		p.check(t.name, line, e.Validate(), map[string]string{"Diagnoses": "diagnoses", "Date": "date"})
		if ref := t.get(row, "ref"); ref != "" {
			if _, dup := p.refs[ref]; dup {
				p.add(t.name, line, "ref", "is used by an earlier line")
			}
			p.refs[ref] = len(out)
		}
		out = append(out, e)
	}
	return out
}

func diagnoses(s string) []vault.Diagnosis {
	var out []vault.Diagnosis
	for _, part := range strings.Split(s, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		code, text, _ := strings.Cut(part, " ")
		out = append(out, vault.Diagnosis{Code: vault.NormaliseICD10(code), Text: strings.TrimSpace(text)})
	}
	return out
}

// check reports a vault validation error under CSV column names.
func (p *parser) check(file string, line int, err error, cols map[string]string) {
	var ve *vault.ValidationError
	if !errors.As(err, &ve) {
		return
	}
	for _, f := range ve.Fields {
		base, _, _ := strings.Cut(f.Field, "[")
		col, ok := cols[base]
		if !ok {
			continue // PatientID: reported by patient()
		}
		if f.Field != base {
			col += " (" + strings.TrimPrefix(f.Field, base) + ")"
		}
		p.add(file, line, col, "%s", f.Message)
	}
}

var observationColumns = []string{"mrn", "patientid", "date", "loinc", "code", "value", "unit", "encounter"}

func (p *parser) observations() []vault.Observation {
	t := p.read(p.in.ObservationsName, p.in.Observations, observationColumns)
	if t == nil {
		return nil
	}
	out := make([]vault.Observation, 0, len(t.rows))
	for i, row := range t.rows {
		line := t.lines[i]
		code := t.get(row, "loinc")
		if code == "" {
			code = t.get(row, "code")
		}
		o := vault.Observation{PatientID: p.patient(t, row, line), Date: p.date(t, row, line), Code: code,
			Value: strings.Replace(t.get(row, "value"), ",", ".", 1), Unit: t.get(row, "unit")}
		if ref := t.get(row, "encounter"); ref != "" {
			n, ok := p.refs[ref]
			if !ok {
				p.add(t.name, line, "encounter", "names no ref of the encounters file")
			}
			o.EncounterID = fmt.Sprintf("#%d", n)
		}
		p.check(t.name, line, o.Validate(), map[string]string{"Code": "loinc", "Value": "value", "Unit": "unit", "Date": "date"})
		out = append(out, o)
	}
	return out
}

// Import parses both files and stores every row in one transaction.
func Import(s *vault.Session, in Input) (Result, error) {
	resolve := func(mrn string) (string, error) {
		found, err := s.FindPatients(vault.Query{MRN: mrn})
		if err != nil || len(found) == 0 {
			return "", err
		}
		return found[0].ID, nil
	}
	res, err := Parse(in, resolve)
	if err != nil {
		return Result{}, err
	}
	encs, obs, err := s.AddClinical(res.Encounters, res.Observations)
	if err != nil {
		return Result{}, fmt.Errorf("clinicalcsv: import: %w", err)
	}
	return Result{Encounters: encs, Observations: obs}, nil
}
