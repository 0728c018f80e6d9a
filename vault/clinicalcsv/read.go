package clinicalcsv

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"custodia/vault"
	"custodia/vault/patientcsv"
)

// MaxFileBytes is the largest file read; a larger one is refused whole,
// never cut short.
const MaxFileBytes = 64 << 20

// The columns of the two files, by the names the format gives them.
const (
	ColMRN       = "mrn"
	ColPatientID = "patient_id"
	ColDate      = "date"
	ColKind      = "kind"
	ColDiagnoses = "diagnoses"
	ColRef       = "ref"
	ColLOINC     = "loinc"
	ColValue     = "value"
	ColUnit      = "unit"
	ColEncounter = "encounter"
)

// Columns lists every column of either file by its name in the format.
func Columns() []string {
	return []string{ColMRN, ColPatientID, ColDate, ColKind, ColDiagnoses, ColRef, ColLOINC, ColValue, ColUnit, ColEncounter}
}

// headerNames maps a normalised header to its column; "code" is another
// name of loinc.
var headerNames = map[string]string{
	"mrn": ColMRN, "patientid": ColPatientID, "date": ColDate, "kind": ColKind, "diagnoses": ColDiagnoses,
	"ref": ColRef, "loinc": ColLOINC, "code": ColLOINC, "value": ColValue, "unit": ColUnit, "encounter": ColEncounter,
}

// fileSpec is what one of the two files may and must hold.
type fileSpec struct {
	known    []string
	required []string
}

var (
	encounterSpec   = fileSpec{known: []string{ColMRN, ColPatientID, ColDate, ColKind, ColDiagnoses, ColRef}, required: []string{ColDate, ColDiagnoses}}
	observationSpec = fileSpec{known: []string{ColMRN, ColPatientID, ColDate, ColLOINC, ColValue, ColUnit, ColEncounter}, required: []string{ColDate, ColLOINC, ColValue}}
)

// table is a read CSV file: columns by name, records with their lines.
type table struct {
	name  string
	cols  map[string]int
	rows  [][]string
	lines []int
}

func (t *table) get(row []string, col string) string {
	i, ok := t.cols[col]
	if !ok || i >= len(row) {
		return ""
	}
	return strings.TrimSpace(row[i])
}

func normal(s string) string {
	return strings.NewReplacer(" ", "", "_", "", "-", "").Replace(strings.ToLower(strings.TrimSpace(s)))
}

// fileProblems adds the problems of one file.
type fileProblems struct {
	errs *Error
	name string
}

func (f fileProblems) add(line int, col string, rule vault.FieldRule, message string, args ...any) {
	f.errs.add(Problem{File: f.name, Line: line, Column: col, Rule: rule, Message: message, Args: args})
}

// read reads a whole file and checks its header and the shape of its
// lines; nil when the rows cannot be checked.
func read(f fileProblems, r io.Reader, spec fileSpec) *table {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	switch {
	case err != nil:
		f.add(0, "", vault.RuleCSVUnreadable, "the file cannot be read")
		return nil
	case len(data) > MaxFileBytes:
		f.add(0, "", RuleFileTooLarge, fmt.Sprintf("the file is larger than %d MiB", MaxFileBytes>>20), "Max", MaxFileBytes>>20)
		return nil
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if len(bytes.TrimSpace(data)) == 0 {
		f.add(1, "", vault.RuleCSVNoHeader, "the header line is missing")
		return nil
	}
	first, _, _ := bytes.Cut(data, []byte("\n"))
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = patientcsv.DetectSeparator(first)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		malformed(f, err, 1)
		return nil
	}
	t := &table{name: f.name, cols: map[string]int{}}
	if !header(f, t, head, spec) {
		return nil
	}
	readRows(f, t, cr, len(head))
	if len(t.rows) == 0 && len(f.errs.Problems) == 0 {
		f.add(0, "", RuleNoRows, "the file has a header but no rows")
	}
	return t
}

func malformed(f fileProblems, err error, line int) {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		f.add(pe.Line, "", vault.RuleCSVMalformed, fmt.Sprintf("not valid CSV near column %d", pe.Column), "Column", pe.Column)
		return
	}
	f.add(line, "", vault.RuleCSVUnreadable, "the file cannot be read")
}

// header resolves the header line into t.cols; it reports whether the
// rows can be checked. Columns are named by position, never by the
// header's text: a file without a header would show a patient's data.
func header(f fileProblems, t *table, head []string, spec fileSpec) bool {
	before := len(f.errs.Problems) + f.errs.More
	var unknown []int
	first := map[string]int{}
	for i, h := range head {
		if !utf8.ValidString(h) {
			f.add(1, "", vault.RuleCSVHeaderUTF8, fmt.Sprintf("the header of column %d is not UTF-8", i+1), "Column", i+1)
			continue
		}
		col, ok := headerNames[normal(h)]
		switch {
		case !ok || !contains(spec.known, col):
			unknown = append(unknown, i+1)
		case first[col] != 0:
			f.add(1, col, RuleDuplicateColumn, fmt.Sprintf("columns %d and %d are both %s", first[col], i+1, col), "First", first[col], "Column", i+1)
		default:
			first[col] = i + 1
			t.cols[col] = i
		}
	}
	if len(t.cols) == 0 {
		f.add(1, "", RuleNotHeader, "the first line names no column of this file", "Known", strings.Join(spec.known, ", "))
		return false
	}
	for _, n := range unknown {
		f.add(1, "", RuleUnknownColumn, fmt.Sprintf("column %d is not a column of this file", n), "Column", n, "Known", strings.Join(spec.known, ", "))
	}
	if _, id := t.cols[ColPatientID]; !id {
		if _, mrn := t.cols[ColMRN]; !mrn {
			f.add(1, "", RuleNoPatientColumn, "the file has neither an mrn nor a patient_id column")
		}
	}
	for _, col := range spec.required {
		if _, ok := t.cols[col]; !ok {
			f.add(1, col, RuleMissingColumn, "the column is missing")
		}
	}
	return len(f.errs.Problems)+f.errs.More == before
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// readRows reads the records after the header, skipping blank ones.
func readRows(f fileProblems, t *table, cr *csv.Reader, width int) {
	names := make(map[int]string, len(t.cols))
	for col, i := range t.cols {
		names[i] = col
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			malformed(f, err, line)
			return
		}
		if blank(rec) {
			continue
		}
		if !wellFormed(f, line, rec, width, names) {
			continue
		}
		t.rows, t.lines = append(t.rows, rec), append(t.lines, line)
	}
}

// wellFormed checks a record's width and text; a record that fails is not
// checked further.
func wellFormed(f fileProblems, line int, rec []string, width int, names map[int]string) bool {
	if len(rec) > width {
		f.add(line, "", vault.RuleCSVColumnCount, fmt.Sprintf("has %d fields, the header %d", len(rec), width), "Got", len(rec), "Want", width)
		return false
	}
	ok := true
	for i, v := range rec {
		if !utf8.ValidString(v) && names[i] != "" {
			f.add(line, names[i], vault.RuleCSVNotUTF8, "is not valid UTF-8")
			ok = false
		}
	}
	return ok
}

func blank(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}
