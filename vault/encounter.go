package vault

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

// EncounterKind is how a patient was seen.
type EncounterKind string

// The encounter kinds.
const (
	EncounterVisit     EncounterKind = "visit"      // in the practice
	EncounterHomeVisit EncounterKind = "home-visit" // at the patient's home
	EncounterTelephone EncounterKind = "telephone"
	EncounterVideo     EncounterKind = "video"
)

// EncounterKinds lists the kinds in a stable order.
func EncounterKinds() []EncounterKind {
	return []EncounterKind{EncounterVisit, EncounterHomeVisit, EncounterTelephone, EncounterVideo}
}

// Label is the kind's name for people.
func (k EncounterKind) Label() string {
	switch k {
	case EncounterVisit:
		return "Visit"
	case EncounterHomeVisit:
		return "Home visit"
	case EncounterTelephone:
		return "Telephone"
	case EncounterVideo:
		return "Video"
	}
	return string(k)
}

// ParseEncounterKind accepts a kind as stored or its label, in any case
// ("home visit", "home-visit", "Home visit").
func ParseEncounterKind(s string) (EncounterKind, error) {
	norm := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), " ", "-")
	for _, k := range EncounterKinds() {
		if norm == string(k) {
			return k, nil
		}
	}
	return "", invalidRule("Kind", RuleEncounterKind)
}

// Diagnosis is one ICD-10 code of an encounter with an optional text.
type Diagnosis struct {
	Code string `json:"code"` // ICD-10 (WHO or -CM), e.g. "E11.9"
	Text string `json:"text,omitempty"`
}

// Encounter is one contact with a patient and its diagnoses. Everything
// but ID, PatientID, Version and the write times is sealed under the
// patient's key.
type Encounter struct {
	ID        string // set by the vault
	PatientID string
	Date      time.Time // UTC midnight, not in the future
	Kind      EncounterKind
	Diagnoses []Diagnosis // one or more
	Version   int64       // optimistic concurrency
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Limits of clinical rows.
const (
	maxDiagnoses     = 20
	maxClinicalText  = 200
	earliestCareYear = 1870
)

// icd10Pattern is an ICD-10 code after NormaliseICD10: a letter, two
// characters (digits, or a digit and a letter as in C4A or U07), then
// optionally a dot and one to four characters (WHO uses one, ICD-10-CM up
// to four, e.g. S52.521A).
var icd10Pattern = regexp.MustCompile(`^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$`)

// NormaliseICD10 upper-cases a code, drops spaces and a trailing dot, and
// puts the dot after the category when it was left out ("e119" → "E11.9").
func NormaliseICD10(code string) string {
	c := strings.ToUpper(strings.Join(strings.Fields(code), ""))
	c = strings.TrimSuffix(c, ".")
	if len(c) > 3 && !strings.Contains(c, ".") {
		c = c[:3] + "." + c[3:]
	}
	return c
}

// ValidICD10 reports whether code (normalised) has the shape of an ICD-10 code.
func ValidICD10(code string) bool { return icd10Pattern.MatchString(NormaliseICD10(code)) }

// ICD10Category is the 3-character category of a code ("E11.9" → "E11").
func ICD10Category(code string) string {
	c, _, _ := strings.Cut(NormaliseICD10(code), ".")
	return c
}

// Validate checks the fields a caller sets. It returns a *ValidationError
// naming the fields ("Diagnoses[1].Code"); messages never repeat values.
func (e Encounter) Validate() error { return e.validate(time.Now()) }

func (e Encounter) validate(now time.Time) error {
	var fs []FieldError
	add := ruleErrors(&fs)
	if e.PatientID == "" {
		add("PatientID", RuleRequired)
	}
	checkCareDate(add, "Date", e.Date, now)
	if !slices.Contains(EncounterKinds(), e.Kind) {
		add("Kind", RuleEncounterKind)
	}
	switch {
	case len(e.Diagnoses) == 0:
		add("Diagnoses", RuleNoDiagnosis)
	case len(e.Diagnoses) > maxDiagnoses:
		add("Diagnoses", RuleTooManyDiagnoses, maxDiagnoses)
	}
	for i, d := range e.Diagnoses {
		if !icd10Pattern.MatchString(d.Code) {
			add(fmt.Sprintf("Diagnoses[%d].Code", i), RuleICD10)
		}
		checkText(add, fmt.Sprintf("Diagnoses[%d].Text", i), d.Text, maxClinicalText, false)
	}
	if len(fs) > 0 {
		return &ValidationError{Fields: fs}
	}
	return nil
}

// normalised returns e with its codes normalised and texts trimmed.
func (e Encounter) normalised() Encounter {
	ds := make([]Diagnosis, len(e.Diagnoses))
	for i, d := range e.Diagnoses {
		ds[i] = Diagnosis{Code: NormaliseICD10(d.Code), Text: strings.TrimSpace(d.Text)}
	}
	e.Diagnoses = ds
	if k, err := ParseEncounterKind(string(e.Kind)); err == nil {
		e.Kind = k
	}
	return e
}

func checkCareDate(add ruleAdder, field string, d, now time.Time) {
	switch {
	case d.IsZero():
		add(field, RuleRequired)
	case d.Location() != time.UTC || d.Hour() != 0 || d.Minute() != 0 || d.Second() != 0 || d.Nanosecond() != 0:
		add(field, RuleUTCMidnight)
	case d.After(now):
		add(field, RuleFuture)
	case d.Year() < earliestCareYear:
		add(field, RuleTooEarly)
	}
}

// DiagnosisCodes joins the codes of an encounter: "E11.9, I10".
func (e Encounter) DiagnosisCodes() string {
	codes := make([]string, len(e.Diagnoses))
	for i, d := range e.Diagnoses {
		codes[i] = d.Code
	}
	return strings.Join(codes, ", ")
}

// String renders the encounter for people (access packages, history):
// "2024-03-02 Visit: E11.9 Type 2 diabetes; I10".
func (e Encounter) String() string {
	parts := make([]string, len(e.Diagnoses))
	for i, d := range e.Diagnoses {
		parts[i] = strings.TrimSpace(d.Code + " " + d.Text)
	}
	return e.Date.Format(dateLayout) + " " + e.Kind.Label() + ": " + strings.Join(parts, "; ")
}

// parseEncounterString reads back what String wrote: the day, the kind and
// the diagnoses as one text. ok is false for any other text (String of a
// kind without a label, or a value not written by String).
func parseEncounterString(s string) (day time.Time, kind EncounterKind, diagnoses string, ok bool) {
	date, rest, found := strings.Cut(s, " ")
	label, diagnoses, found2 := strings.Cut(rest, ": ")
	if !found || !found2 {
		return time.Time{}, "", "", false
	}
	day, err := time.Parse(dateLayout, date)
	if err != nil {
		return time.Time{}, "", "", false
	}
	kind, err = ParseEncounterKind(label)
	if err != nil || kind.Label() != label {
		return time.Time{}, "", "", false
	}
	return day, kind, diagnoses, true
}
