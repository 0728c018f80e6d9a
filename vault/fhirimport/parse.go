package fhirimport

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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
		return Result{}, &Error{Problems: []Problem{{Path: "$", Message: fmt.Sprintf("the bundle is larger than %d MiB", MaxBytes>>20)}}}
	}
	m := newMapper(opts)
	m.run(data)
	m.validate()
	if opts.Strict {
		for _, p := range m.refused {
			m.errs.add(p.Path, "%s", p.Message)
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

func (m *mapper) refuse(path, format string, a ...any) {
	m.refused = append(m.refused, Problem{Path: path, Message: fmt.Sprintf(format, a...)})
}

func (m *mapper) run(data []byte) {
	var b bundle
	if err := decode(data, &b); err != nil {
		m.errs.add(jsonPath("$", err), "%s", jsonProblem(err))
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
		m.errs.add("$.entry", "holds no Patient")
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
		m.errs.add("$.resourceType", "must be \"Bundle\"")
	case b.Type != "transaction" && b.Type != "batch" && b.Type != "collection" && b.Type != "searchset":
		m.errs.add("$.type", "must be transaction, batch, collection or searchset")
	case len(b.Entry) == 0:
		m.errs.add("$.entry", "is empty")
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
			m.errs.add(path+".resource", "is missing")
			continue
		}
		if err := decode(e.Resource, &heads[i]); err != nil {
			m.errs.add(jsonPath(path+".resource", err), "%s", jsonProblem(err))
			continue
		}
		if heads[i].ResourceType == "" {
			m.errs.add(path+".resource.resourceType", "is missing")
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
		m.errs.add(path, "is also used by entry[%d]", j)
		return
	}
	m.byRef[ref] = i
}

// resolve finds the entry a reference names, checking its type.
func (m *mapper) resolve(path string, ref reference, want string) (int, bool) {
	i, ok := m.byRef[ref.Reference]
	if !ok {
		m.errs.add(path, "refers to no entry of the bundle")
		return -1, false
	}
	if m.types[i] != want {
		m.errs.add(path, "must refer to a %s", want)
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
		m.errs.add(jsonPath(path, err), "%s", jsonProblem(err))
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

// jsonPath extends path with the field of a type error.
func jsonPath(path string, err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return path + "." + te.Field
	}
	return path
}

// jsonProblem describes a decoding error without quoting the input.
func jsonProblem(err error) string {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		return "has the wrong JSON type (want " + te.Type.String() + ")"
	case errors.As(err, &se):
		return fmt.Sprintf("is not valid JSON (at byte %d)", se.Offset)
	case errors.Is(err, errTrailing):
		return "has data after the JSON value"
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return "is not valid JSON (ends early)"
	}
	return "is not valid JSON"
}
