package clinicalcsv

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"custodia/vault"
)

// Input names the two files; either reader may be nil.
type Input struct {
	EncountersName   string
	Encounters       io.Reader
	ObservationsName string
	Observations     io.Reader
}

// Patients looks up the patients a file names; *vault.Session is one.
// Each distinct record number or id is looked up once (and audited by the
// vault as a search or a read).
type Patients interface {
	// FindPatients finds a patient by record number (vault.Query.MRN).
	FindPatients(q vault.Query) ([]vault.PatientSummary, error)
	// GetPatient returns vault.ErrNotFound for an unknown id.
	GetPatient(id string) (vault.Patient, error)
}

// Result is what the files hold, in file order. An observation taken at an
// encounter of the file names it "#n" (its index in Encounters) until the
// vault stores both.
type Result struct {
	Encounters   []vault.Encounter
	Observations []vault.Observation
}

// Patients counts the distinct patients of the result.
func (r Result) Patients() int {
	seen := map[string]bool{}
	for _, e := range r.Encounters {
		seen[e.PatientID] = true
	}
	for _, o := range r.Observations {
		seen[o.PatientID] = true
	}
	return len(seen)
}

// Parse reads both files and checks every line, storing nothing. Record
// numbers and ids are looked up with look; with a nil look only patient_id
// columns work and ids are not checked. It returns an *Error (wrapping
// ErrInvalid) naming every problem by file, line and column, or the
// error of a lookup (permission, locked vault).
func Parse(in Input, look Patients) (Result, error) {
	return ParseContext(context.Background(), in, look)
}

// ParseContext is Parse that a cancelled ctx stops between lines (it
// returns ctx's error; nothing was stored).
func ParseContext(ctx context.Context, in Input, look Patients) (Result, error) {
	p := &parser{ctx: ctx, in: in, look: look, refs: map[string]ref{}, found: map[string]found{}}
	var res Result
	encFailed := false
	if in.Encounters != nil {
		res.Encounters, encFailed = p.encounters()
	}
	if in.Observations != nil && p.fatal == nil {
		res.Observations = p.observations(encFailed)
	}
	if p.fatal != nil {
		return Result{}, p.fatal
	}
	if len(p.errs.Problems)+p.errs.More > 0 {
		e := p.errs
		return Result{}, &e
	}
	return res, nil
}

type parser struct {
	ctx   context.Context
	in    Input
	look  Patients
	errs  Error
	fatal error            // a lookup failed: stop
	refs  map[string]ref   // encounter ref → encounter
	found map[string]found // "mrn:"/"id:" key → patient
}

type ref struct {
	index, line int
	patient     string
}

type found struct {
	id         string
	restricted bool
}

// row is one line being checked: its problems go to the file, and a
// column that already failed is not reported again by validation.
type row struct {
	f      fileProblems
	t      *table
	rec    []string
	line   int
	failed map[string]bool
}

func (r *row) get(col string) string { return r.t.get(r.rec, col) }

func (r *row) add(col string, rule vault.FieldRule, message string, args ...any) {
	r.failed[col] = true
	r.f.add(r.line, col, rule, message, args...)
}

func (p *parser) rows(name string, rd io.Reader, spec fileSpec, each func(r *row)) bool {
	f := fileProblems{errs: &p.errs, name: name}
	start := len(p.errs.Problems)
	defer func() { // the file's problems by line, as people read it
		slices.SortStableFunc(p.errs.Problems[start:], func(a, b Problem) int { return a.Line - b.Line })
	}()
	t := read(f, rd, spec)
	if t == nil {
		return false
	}
	for i, rec := range t.rows {
		if p.fatal == nil {
			p.fatal = p.ctx.Err()
		}
		if p.fatal != nil {
			return true
		}
		each(&row{f: f, t: t, rec: rec, line: t.lines[i], failed: map[string]bool{}})
	}
	return true
}

// encounters checks the encounters file; failed reports that its rows
// could not be read, so observations' refs are not checked against it.
func (p *parser) encounters() (out []vault.Encounter, failed bool) {
	ok := p.rows(p.in.EncountersName, p.in.Encounters, encounterSpec, func(r *row) {
		e := vault.Encounter{PatientID: p.patient(r), Date: date(r), Kind: kind(r), Diagnoses: diagnoses(r.get(ColDiagnoses))}
		check(r, e.Validate(), map[string]string{"Date": ColDate, "Kind": ColKind, "Diagnoses": ColDiagnoses})
		if key := r.get(ColRef); key != "" {
			if first, dup := p.refs[key]; dup {
				r.add(ColRef, RuleDuplicateRef, fmt.Sprintf("the same ref as line %d", first.line), "First", first.line)
			} else {
				p.refs[key] = ref{index: len(out), line: r.line, patient: e.PatientID}
			}
		}
		out = append(out, e)
	})
	return out, !ok
}

func (p *parser) observations(encFailed bool) []vault.Observation {
	var out []vault.Observation
	p.rows(p.in.ObservationsName, p.in.Observations, observationSpec, func(r *row) {
		o := vault.Observation{PatientID: p.patient(r), Date: date(r), Code: r.get(ColLOINC),
			Value: strings.Replace(r.get(ColValue), ",", ".", 1), Unit: r.get(ColUnit)}
		if key := r.get(ColEncounter); key != "" {
			o.EncounterID = p.encounterRef(r, key, o.PatientID, encFailed)
		}
		check(r, o.Validate(), map[string]string{"Date": ColDate, "Code": ColLOINC, "Value": ColValue, "Unit": ColUnit, "EncounterID": ColEncounter})
		out = append(out, o)
	})
	return out
}

// encounterRef resolves an observation's encounter column to "#n".
func (p *parser) encounterRef(r *row, key, patient string, encFailed bool) string {
	e, ok := p.refs[key]
	switch {
	case !ok && encFailed:
		r.failed[ColEncounter] = true // the encounters file has problems of its own
	case !ok:
		r.add(ColEncounter, RuleUnknownRef, "names no ref of the encounters file")
	case patient != "" && e.patient != "" && patient != e.patient:
		r.add(ColEncounter, RuleRefOtherPatient, fmt.Sprintf("names the encounter of line %d, which is another patient's", e.line), "Line", e.line)
	default:
		return fmt.Sprintf("#%d", e.index)
	}
	return ""
}

// patient returns the row's patient id from patient_id or mrn, looked up
// in the vault.
func (p *parser) patient(r *row) string {
	id, mrn := r.get(ColPatientID), r.get(ColMRN)
	col, key, q := ColPatientID, "id:"+id, func() (found, error) { return p.byID(id) }
	switch {
	case id == "" && mrn == "":
		r.add(ColMRN, RulePatientRequired, "names no patient: give mrn or patient_id")
		return ""
	case id != "" && p.look == nil:
		return id
	case id == "" && p.look == nil:
		r.add(ColMRN, RuleMRNNoLookup, "record numbers cannot be looked up here; use patient_id")
		return ""
	case id == "":
		norm := strings.ToUpper(strings.Join(strings.Fields(mrn), ""))
		col, key, q = ColMRN, "mrn:"+norm, func() (found, error) { return p.byMRN(mrn) }
	}
	fd, ok := p.found[key]
	if !ok {
		var err error
		if fd, err = q(); err != nil {
			p.fatal = err
			return ""
		}
		p.found[key] = fd
	}
	switch {
	case fd.id == "":
		r.add(col, RuleUnknownPatient, "names no patient in the vault")
	case fd.restricted:
		r.add(col, RuleRestrictedPatient, "the patient's processing is restricted (GDPR Art. 18)")
	}
	return fd.id
}

// byMRN finds a patient by record number; no id when there is none.
func (p *parser) byMRN(mrn string) (found, error) {
	ps, err := p.look.FindPatients(vault.Query{MRN: mrn})
	if err != nil || len(ps) == 0 {
		return found{}, err
	}
	return found{id: ps[0].ID, restricted: ps[0].Restricted}, nil
}

// byID checks that a patient id is in the vault; no id when it is not.
func (p *parser) byID(id string) (found, error) {
	pt, err := p.look.GetPatient(id)
	if errors.Is(err, vault.ErrNotFound) {
		return found{}, nil
	}
	if err != nil {
		return found{}, err
	}
	return found{id: pt.ID, restricted: pt.Restricted}, nil
}

// date reads the date column: YYYY-MM-DD or DD.MM.YYYY.
func date(r *row) time.Time {
	s := r.get(ColDate)
	if s == "" {
		r.add(ColDate, vault.RuleRequired, "is required")
		return time.Time{}
	}
	for _, layout := range []string{"2006-01-02", "02.01.2006", "2.1.2006"} {
		if d, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return d
		}
	}
	r.add(ColDate, vault.RuleCSVDate, "is not a valid date (write YYYY-MM-DD or DD.MM.YYYY)")
	return time.Time{}
}

// kindWords are the German words the kind column accepts besides the
// format's own (vault.ParseEncounterKind: visit, home visit, telephone,
// video).
var kindWords = map[string]vault.EncounterKind{
	"praxisbesuch": vault.EncounterVisit, "besuch": vault.EncounterVisit, "hausbesuch": vault.EncounterHomeVisit,
	"telefon": vault.EncounterTelephone, "telefonisch": vault.EncounterTelephone, "video": vault.EncounterVideo,
	"videosprechstunde": vault.EncounterVideo, "telefonsprechstunde": vault.EncounterTelephone,
}

// kind reads the kind column; empty is a visit.
func kind(r *row) vault.EncounterKind {
	s := r.get(ColKind)
	if s == "" {
		return vault.EncounterVisit
	}
	if k, ok := kindWords[strings.ToLower(s)]; ok {
		return k
	}
	k, err := vault.ParseEncounterKind(s)
	if err != nil {
		r.add(ColKind, RuleKind, "must be visit, home visit, telephone or video")
		return vault.EncounterVisit
	}
	return k
}

// diagnoses splits "E11.9 Type 2 diabetes; I10" into coded diagnoses.
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

// check reports a vault validation error under the file's columns,
// leaving out columns that already failed; Diagnoses[1].Code is the
// diagnoses column's second diagnosis.
func check(r *row, err error, cols map[string]string) {
	var ve *vault.ValidationError
	if !errors.As(err, &ve) {
		return
	}
	for _, fe := range ve.Fields {
		base, rest, _ := strings.Cut(fe.Field, "[")
		col, ok := cols[base]
		if !ok || r.failed[col] {
			continue // PatientID: reported by patient()
		}
		item := 0
		if rest != "" {
			fmt.Sscanf(rest, "%d]", &item)
			item++
		}
		r.f.errs.add(Problem{File: r.f.name, Line: r.line, Column: col, Item: item, Rule: fe.Rule, Allowed: fe.Allowed, Message: fe.Message})
	}
}
