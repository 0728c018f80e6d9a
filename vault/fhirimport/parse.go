package fhirimport

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"time"

	"custodia/vault"
)

// MaxBytes bounds a bundle.
const MaxBytes = 64 << 20

// Options tune Parse and Import.
type Options struct {
	// Strict turns every refusal into an error.
	Strict bool
	// Now is the clock for "not in the future" checks; nil: time.Now.
	Now func() time.Time
}

// Result is what a bundle maps to.
type Result struct {
	Records []vault.PatientRecord
	// Refused lists well-formed content that was not imported, by JSON path.
	Refused []Problem
	// Skipped counts entries of resource types the vault does not hold
	// (Claim, Immunization, Organization, ...), by type.
	Skipped map[string]int
	// PatientPaths is the JSON path of each record's Patient resource.
	PatientPaths []string
}

// Parse reads a whole bundle. On malformed content it returns an *Error
// (wrapping ErrInvalid) naming every problem by JSON path, and no records.
func Parse(r io.Reader, opts Options) (Result, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return Result{}, fmt.Errorf("fhirimport: read: %w", err)
	}
	if len(data) > MaxBytes {
		return Result{}, &Error{Problems: []Problem{newProblem("$", RuleTooLarge, strconv.Itoa(MaxBytes>>20))}}
	}
	m := newMapper(opts)
	m.run(data)
	m.validate()
	if opts.Strict {
		for _, p := range m.refused {
			m.errs.push(p)
		}
	}
	if err := m.errs.err(); err != nil {
		return Result{}, err
	}
	res := Result{Records: m.records(), Refused: m.refused, Skipped: m.skipped}
	for _, st := range m.patients {
		res.PatientPaths = append(res.PatientPaths, st.path)
	}
	return res, nil
}

// mapper holds the state of one Parse.
type mapper struct {
	now     time.Time
	errs    problemList
	refused []Problem
	skipped map[string]int

	byRef    map[string]int // fullUrl or Type/id → entry index
	types    []string       // resource type per entry
	patients []*patientState
	byEntry  map[int]*patientState // Patient entry → state
	encRefs  map[int]encRef        // Encounter entry → where it lives
}

type patientState struct {
	path    string
	rec     vault.PatientRecord
	encs    []*pendingEncounter
	obs     []pendingObservation
	ownEncs map[string]int // date → index of an encounter made for unattached conditions
}

type pendingEncounter struct {
	path string
	enc  vault.Encounter
}

type pendingObservation struct {
	path           string
	encounterEntry int // -1: none
	obs            vault.Observation
}

type encRef struct {
	patient *patientState
	index   int // in patient.encs
}

func newMapper(opts Options) *mapper {
	now := time.Now()
	if opts.Now != nil {
		now = opts.Now()
	}
	return &mapper{now: now, skipped: map[string]int{}, byRef: map[string]int{}, byEntry: map[int]*patientState{}, encRefs: map[int]encRef{}}
}

func (m *mapper) refuse(path string, rule Rule, allowed ...string) {
	m.refused = append(m.refused, newProblem(path, rule, allowed...))
}

func (m *mapper) run(data []byte) {
	var b bundle
	if err := decode(data, &b); err != nil {
		m.errs.push(jsonProblem("$", data, err))
		return
	}
	if !m.checkBundle(b) {
		return
	}
	heads := m.indexEntries(b)
	// Patients first, then encounters, then what refers to them.
	for _, kind := range []string{"Patient", "Encounter", "Condition", "Observation"} {
		for i, e := range b.Entry {
			if heads[i].ResourceType == kind {
				m.mapEntry(i, kind, e.Resource)
			}
		}
	}
}

// validate checks the mapped encounters and observations as the vault will,
// so that problems are named by JSON path.
func (m *mapper) validate() {
	if len(m.patients) == 0 && len(m.errs.Problems) == 0 {
		m.errs.add("$.entry", RuleNoPatient)
	}
	paths := map[string]string{"Date": "period.start", "Kind": "class", "Diagnoses": "(conditions)"}
	for _, st := range m.patients {
		for _, pe := range st.encs {
			if len(pe.enc.Diagnoses) == 0 {
				continue
			}
			e := pe.enc
			e.PatientID = "-"
			m.checkFields(pe.path, paths, e.Validate())
		}
		for _, po := range st.obs {
			o := po.obs
			o.PatientID = "-"
			m.checkFields(po.path, map[string]string{"Date": "effectiveDateTime", "Unit": "valueQuantity.unit", "Value": "valueQuantity.value"}, o.Validate())
		}
	}
}

func (m *mapper) checkBundle(b bundle) bool {
	switch {
	case b.ResourceType != "Bundle":
		m.errs.add("$.resourceType", RuleNotABundle)
	case b.Type != "transaction" && b.Type != "batch" && b.Type != "collection" && b.Type != "searchset":
		m.errs.add("$.type", RuleOneOf, "transaction", "batch", "collection", "searchset")
	case len(b.Entry) == 0:
		m.errs.add("$.entry", RuleNoEntries)
	default:
		return true
	}
	return false
}

// indexEntries reads each entry's type and id and indexes its references.
func (m *mapper) indexEntries(b bundle) []resourceHead {
	heads := make([]resourceHead, len(b.Entry))
	defer func() {
		m.types = make([]string, len(heads))
		for i, h := range heads {
			m.types[i] = h.ResourceType
		}
	}()
	for i, e := range b.Entry {
		path := fmt.Sprintf("entry[%d]", i)
		if len(bytes.TrimSpace(e.Resource)) == 0 {
			m.errs.add(path+".resource", RuleRequired)
			continue
		}
		if err := decode(e.Resource, &heads[i]); err != nil {
			m.errs.push(jsonProblem(path+".resource", e.Resource, err))
			continue
		}
		if heads[i].ResourceType == "" {
			m.errs.add(path+".resource.resourceType", RuleRequired)
		}
		m.addRef(path+".fullUrl", e.FullURL, i)
		if heads[i].ID != "" {
			m.addRef(path+".resource.id", heads[i].ResourceType+"/"+heads[i].ID, i)
		}
		switch heads[i].ResourceType {
		case "Patient", "Encounter", "Condition", "Observation", "":
		default:
			m.skipped[heads[i].ResourceType]++
		}
	}
	return heads
}

func (m *mapper) addRef(path, ref string, i int) {
	if ref == "" {
		return
	}
	if j, ok := m.byRef[ref]; ok && j != i {
		m.errs.add(path, RuleReferenceTwice, strconv.Itoa(j))
		return
	}
	m.byRef[ref] = i
}

// resolve finds the entry a reference names, checking its type.
func (m *mapper) resolve(path string, ref reference, want string) (int, bool) {
	i, ok := m.byRef[ref.Reference]
	if !ok {
		m.errs.add(path, RuleReferenceUnresolved)
		return -1, false
	}
	if m.types[i] != want {
		m.errs.add(path, RuleReferenceType, want)
		return -1, false
	}
	return i, true
}

func (m *mapper) mapEntry(i int, kind string, raw json.RawMessage) {
	path := fmt.Sprintf("entry[%d].resource", i)
	var err error
	switch kind {
	case "Patient":
		var p patientResource
		if err = decode(raw, &p); err == nil {
			m.mapPatient(i, path, p)
		}
	case "Encounter":
		var e encounterResource
		if err = decode(raw, &e); err == nil {
			m.mapEncounter(i, path, e)
		}
	case "Condition":
		var c conditionResource
		if err = decode(raw, &c); err == nil {
			m.mapCondition(path, c)
		}
	case "Observation":
		var o observationResource
		if err = decode(raw, &o); err == nil {
			m.mapObservation(path, o)
		}
	}
	if err != nil {
		m.errs.push(jsonProblem(path, raw, err))
	}
}

// decode unmarshals strictly enough: numbers stay json.Number.
func decode(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errTrailing
	}
	return nil
}

var errTrailing = errors.New("trailing data")

// jsonProblem is the coded problem of a decoding error at path, without
// quoting the input: a type error names the field and the JSON type
// wanted, a syntax error its line and column in data.
func jsonProblem(path string, data []byte, err error) Problem {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		if te.Field != "" {
			path += "." + te.Field
		}
		return newProblem(path, RuleJSONType, jsonKind(te.Type))
	case errors.As(err, &se):
		line, col := lineColumn(data, se.Offset)
		return newProblem(fmt.Sprintf("line %d, column %d", line, col), RuleJSONSyntax)
	case errors.Is(err, errTrailing):
		return newProblem(path, RuleJSONTrailing)
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return newProblem(path, RuleJSONTruncated)
	}
	return newProblem(path, RuleJSONSyntax)
}

// jsonKind names the JSON type a Go type decodes from.
func jsonKind(t reflect.Type) string {
	if t == reflect.TypeOf(json.Number("")) {
		return "number"
	}
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Slice, reflect.Array:
		return "array"
	case reflect.Struct, reflect.Map:
		return "object"
	}
	return "number"
}

// lineColumn is the 1-based line and column of a byte offset in data.
func lineColumn(data []byte, offset int64) (line, col int) {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	before := data[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(offset) - (bytes.LastIndexByte(before, '\n') + 1)
	if col < 1 {
		col = 1
	}
	return line, col
}
