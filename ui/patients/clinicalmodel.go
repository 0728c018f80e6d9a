package patients

import (
	usecase "custodia/app"
	"custodia/i18n"
	"custodia/internal/ucum"
	"custodia/ui/kit"
	"errors"
	"fmt"
	"strings"
	"time"

	"custodia/vault"
)

// clinicalSession is what the clinical part of the patient detail calls;
// *vault.Session implements it. Every method may return a
// *vault.PermissionError; writes return vault.ErrRestricted for a
// restricted patient and a *vault.ValidationError for bad fields.
type clinicalSession interface {
	Encounters(patientID string) ([]vault.Encounter, error)
	Observations(patientID string) ([]vault.Observation, error)
	AddEncounter(e vault.Encounter) (vault.Encounter, error)
	// UpdateEncounter returns vault.ErrConflict on a stale Version.
	UpdateEncounter(e vault.Encounter) (vault.Encounter, error)
	DeleteEncounter(id string) error
	AddObservation(o vault.Observation) (vault.Observation, error)
	DeleteObservation(id string) error
}

// encounterFields is the text of the encounter editor: Diagnoses holds one
// diagnosis per line, the ICD-10 code first ("E11.9 Type 2 diabetes").
type encounterFields struct {
	Date, Kind, Diagnoses string
}

// Encounter editor field names (as in vault.FieldError.Field).
const (
	fieldEncDate      = "Date"
	fieldEncKind      = "Kind"
	fieldEncDiagnoses = "Diagnoses"
	fieldObsCode      = "Code"
	fieldObsValue     = "Value"
	fieldObsUnit      = "Unit"
)

// encounterFieldsOf fills the editor from a stored encounter.
func encounterFieldsOf(loc *i18n.Localizer, e vault.Encounter) encounterFields {
	lines := make([]string, len(e.Diagnoses))
	for i, d := range e.Diagnoses {
		lines[i] = strings.TrimSpace(d.Code + " " + d.Text)
	}
	return encounterFields{Date: kit.DateInput(loc, e.Date), Kind: e.Kind.Label(), Diagnoses: strings.Join(lines, "\n")}
}

// buildEncounter applies the editor text to base and validates it. A
// non-empty FieldErrors means it must not be saved; diagnosis problems
// name the line ("line 2: is not an ICD-10 code ...").
func buildEncounter(loc *i18n.Localizer, base vault.Encounter, f encounterFields, now time.Time) (vault.Encounter, kit.FieldErrors) {
	e := base
	errs := kit.FieldErrors{}
	d, msg := kit.ParseDateField(loc, f.Date)
	e.Date = d
	if msg != "" {
		errs[fieldEncDate] = msg
	}
	k, err := vault.ParseEncounterKind(f.Kind)
	if err != nil {
		errs[fieldEncKind] = kit.MsgChooseOne
	}
	e.Kind = k
	e.Diagnoses = nil
	for _, line := range strings.Split(f.Diagnoses, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			code, text, _ := strings.Cut(line, " ")
			e.Diagnoses = append(e.Diagnoses, vault.Diagnosis{Code: vault.NormaliseICD10(code), Text: strings.TrimSpace(text)})
		}
	}
	var ve *vault.ValidationError
	if err := e.Validate(); errors.As(err, &ve) {
		for _, fe := range ve.Fields {
			field, line := diagnosisLine(fe.Field)
			msg := ruleMessage(fe)
			if line > 0 { // worded now: the line number goes around the rule's words
				msg = loc.T("patients.clinical.diagline", "Line", line, "Message", kit.FieldMessage(loc, msg))
			}
			if _, seen := errs[field]; !seen && field != "PatientID" {
				errs[field] = msg
			}
		}
	}
	if e.Date.After(now) {
		errs[fieldEncDate] = kit.MsgFuture
	}
	return e, errs
}

// ruleMessage is what an editor keeps of a vault field error: its rule's
// message id, which kit.FieldMessage words in the reader's language, or
// the vault's own message when the rule has no code.
func ruleMessage(fe vault.FieldError) string {
	if fe.Rule == "" {
		return fe.Message
	}
	return i18n.FieldRuleID(string(fe.Rule))
}

// diagnosisLine maps "Diagnoses[1].Code" to ("Diagnoses", 2).
func diagnosisLine(field string) (string, int) {
	base, rest, ok := strings.Cut(field, "[")
	if !ok {
		return field, 0
	}
	var n int
	fmt.Sscanf(rest, "%d]", &n)
	return base, n + 1
}

// observationFields is the text of the observation editor. Code may be a
// LOINC code or one of the labels of commonObservations.
type observationFields struct {
	Date, Code, Value, Unit string
}

// commonObservation is an entry of the observation picker: a LOINC code
// (named in the reader's language, usecase.LOINCLabel) and its UCUM unit.
type commonObservation struct {
	Code, Unit string
}

// commonObservations are offered in the observation editor.
var commonObservations = []commonObservation{
	{"29463-7", "kg"}, {"8302-2", "cm"}, {"39156-5", "kg/m2"}, {"8480-6", "mm[Hg]"}, {"8462-4", "mm[Hg]"},
	{"8867-4", "/min"}, {"4548-4", "%"}, {"2339-0", "mg/dL"}, {"2093-3", "mg/dL"}, {"8310-5", "Cel"}, {"59408-5", "%"},
}

// observationChoice is how the picker shows an entry: its name in the
// reader's language and its LOINC code.
func observationChoice(loc *i18n.Localizer, c commonObservation) string {
	return usecase.LOINCLabel(loc, c.Code) + " (" + c.Code + ")"
}

// observationChoices are the picker's entries in the reader's language.
func observationChoices(loc *i18n.Localizer) []string {
	out := make([]string, len(commonObservations))
	for i, c := range commonObservations {
		out[i] = observationChoice(loc, c)
	}
	return out
}

// unitLabel is a stored UCUM unit as people write it ("mm[Hg]" → "mmHg").
func unitLabel(code string) string { return ucum.Label(code) }

// unitCode is the UCUM code of a unit typed or shown as people write it.
func unitCode(text string) string { return ucum.Code(text) }

// buildObservation applies the editor text to base and validates it.
func buildObservation(loc *i18n.Localizer, base vault.Observation, f observationFields, now time.Time) (vault.Observation, kit.FieldErrors) {
	o := base
	errs := kit.FieldErrors{}
	d, msg := kit.ParseDateField(loc, f.Date)
	o.Date = d
	if msg != "" {
		errs[fieldEncDate] = msg
	}
	o.Code = strings.TrimSpace(f.Code)
	for _, c := range commonObservations {
		if o.Code == observationChoice(loc, c) || strings.HasSuffix(o.Code, " ("+c.Code+")") { // picked in either language
			o.Code = c.Code
		}
	}
	o.Value = strings.Replace(strings.TrimSpace(f.Value), ",", ".", 1)
	o.Unit = unitCode(f.Unit)
	var ve *vault.ValidationError
	if err := o.Validate(); errors.As(err, &ve) {
		for _, fe := range ve.Fields {
			if _, seen := errs[fe.Field]; !seen && fe.Field != "PatientID" {
				errs[fe.Field] = ruleMessage(fe)
			}
		}
	}
	if o.Date.After(now) {
		errs[fieldEncDate] = kit.MsgFuture
	}
	return o, errs
}

// encounterRow is how the list shows an encounter.
func encounterRow(loc *i18n.Localizer, e vault.Encounter) string {
	parts := make([]string, len(e.Diagnoses))
	for i, d := range e.Diagnoses {
		parts[i] = strings.TrimSpace(d.Code + " " + d.Text)
	}
	return loc.Date(e.Date) + " · " + kit.EncounterLabel(loc, e.Kind) + " — " + strings.Join(parts, "; ")
}

// observationRow is how the table shows an observation: date, name, value, unit.
func observationRow(loc *i18n.Localizer, o vault.Observation) []string {
	name := usecase.LOINCLabel(loc, o.Code) // as custodiactl observation list
	if name == "" {
		name = "LOINC " + o.Code
	}
	return []string{loc.Date(o.Date), name, usecase.ObservationValue(loc, o.Value), unitLabel(o.Unit)}
}
