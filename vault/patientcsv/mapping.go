package patientcsv

import (
	"fmt"
	"strings"

	"custodia/vault"
)

// Field names a patient field as written in CSV headers.
type Field string

// The patient fields a column can map to. Ignore drops a column.
const (
	GivenName       Field = "given_name"
	FamilyName      Field = "family_name"
	BirthDate       Field = "birth_date"
	Sex             Field = "sex"
	Address         Field = "address"
	Postcode        Field = "postcode"
	Phone           Field = "phone"
	Email           Field = "email"
	InsuranceNumber Field = "insurance_number"
	MRN             Field = "mrn"
	Diagnosis       Field = "diagnosis"
	Notes           Field = "notes"
	Ignore          Field = "-"
)

// PatientField is the name of the vault.Patient field a column fills
// ("BirthDate" for birth_date), the name the field labels use; "" for
// Ignore and unknown names.
func (f Field) PatientField() string { return patientFields[f] }

var patientFields = map[Field]string{
	GivenName: "GivenName", FamilyName: "FamilyName", BirthDate: "BirthDate", Sex: "Sex",
	Address: "Address", Postcode: "Postcode", Phone: "Phone", Email: "Email",
	InsuranceNumber: "InsuranceNumber", MRN: "MRN", Diagnosis: "Diagnosis", Notes: "Notes",
}

// Fields lists every patient field in the order of a written file.
func Fields() []Field {
	return []Field{GivenName, FamilyName, BirthDate, Sex, Address, Postcode,
		Phone, Email, InsuranceNumber, MRN, Diagnosis, Notes}
}

// required are the fields every file must have a column for.
var required = []Field{GivenName, FamilyName, BirthDate}

// Mapping maps a column header to a field. Keys are compared after
// normalising (see normalizeHeader).
type Mapping map[string]Field

// DefaultMapping returns the field names and their aliases.
func DefaultMapping() Mapping {
	m := Mapping{}
	for _, f := range Fields() {
		m[string(f)] = f
	}
	aliases := map[Field][]string{
		GivenName:       {"given", "first_name", "firstname", "forename", "vorname", "prenom", "prénom"},
		FamilyName:      {"family", "last_name", "lastname", "surname", "nachname", "nom"},
		BirthDate:       {"birthdate", "dob", "date_of_birth", "birthday", "geburtsdatum", "date_de_naissance"},
		Sex:             {"gender", "geschlecht", "sexe"},
		Address:         {"street", "street_address", "adresse", "anschrift"},
		Postcode:        {"postal_code", "zip", "zip_code", "zipcode", "plz", "code_postal"},
		Phone:           {"telephone", "tel", "phone_number", "mobile", "telefon", "téléphone"},
		Email:           {"e_mail", "mail", "email_address"},
		InsuranceNumber: {"insurance", "insurance_no", "insurance_id", "versichertennummer"},
		MRN:             {"medical_record_number", "record_number", "patient_number"},
		Diagnosis:       {"diagnoses", "icd10", "icd_10", "icd"},
		Notes:           {"note", "comment", "comments"},
	}
	for f, names := range aliases {
		for _, n := range names {
			m[normalizeHeader(n)] = f
		}
	}
	return m
}

// MappingError is a bad entry of a mapping (ParseMapping): Pair as
// written (the person typed it, it is not from a file), Field the unknown
// field it names, "" when the entry is not header=field at all. Front
// ends word it (app.CSVMappingProblem), listing the fields by label.
type MappingError struct {
	Pair, Field string
}

func (e *MappingError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("%v: mapping %q is not header=field", ErrInvalid, e.Pair)
	}
	return fmt.Sprintf("%v: mapping: unknown field %q (want one of %s or -)", ErrInvalid, e.Field, fieldList())
}

// Unwrap returns ErrInvalid.
func (e *MappingError) Unwrap() error { return ErrInvalid }

// ParseMapping reads "header=field,header=field"; a field "-" ignores the
// column. Headers are normalised as in the file. A bad entry is a
// *MappingError.
func ParseMapping(s string) (Mapping, error) {
	m := Mapping{}
	valid := map[Field]bool{Ignore: true}
	for _, f := range Fields() {
		valid[f] = true
	}
	for _, pair := range strings.Split(s, ",") {
		if strings.TrimSpace(pair) == "" {
			continue
		}
		header, field, ok := strings.Cut(pair, "=")
		f := Field(strings.TrimSpace(field))
		if !ok || normalizeHeader(header) == "" {
			return nil, &MappingError{Pair: pair}
		}
		if !valid[f] {
			return nil, &MappingError{Pair: pair, Field: string(f)}
		}
		m[normalizeHeader(header)] = f
	}
	return m, nil
}

func fieldList() string {
	names := make([]string, 0, len(Fields()))
	for _, f := range Fields() {
		names = append(names, string(f))
	}
	return strings.Join(names, ", ")
}

// normalizeHeader lower-cases a header, trims it and turns spaces, dots
// and hyphens into underscores.
func normalizeHeader(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '.' {
			return '_'
		}
		return r
	}, h)
}

// columns is the result of matching a header line against a mapping:
// the field of each column (Ignore for ignored ones).
type columns struct {
	fields []Field
}

// headerProblem is one unknown, duplicate or missing column.
type headerProblem struct {
	rule    vault.FieldRule
	message string
	args    []any
}

// resolveHeader maps each header to a field; explicit wins over defaults.
// It returns one message per unknown, duplicate or missing column. Columns
// are named by number, never by their header text: a file without a header
// line would otherwise have a patient's data echoed back.
func resolveHeader(header []string, explicit Mapping) (columns, []headerProblem) {
	defaults := DefaultMapping()
	cols := columns{fields: make([]Field, len(header))}
	var problems []headerProblem
	seen := map[Field]int{}
	for i, h := range header {
		key := normalizeHeader(h)
		f, ok := explicit[key]
		if !ok {
			f, ok = defaults[key]
		}
		switch {
		case !ok:
			problems = append(problems, headerProblem{rule: vault.RuleCSVUnknownColumn, args: []any{"Column", i + 1},
				message: fmt.Sprintf("column %d is not a patient field (map its header with header=field, or header=- to ignore it)", i+1)})
			f = Ignore
		case f != Ignore && seen[f] != 0:
			problems = append(problems, headerProblem{rule: vault.RuleCSVDuplicateColumn, args: []any{"First", seen[f], "Column", i + 1, "Field", string(f)},
				message: fmt.Sprintf("columns %d and %d both map to %s", seen[f], i+1, f)})
		}
		if f != Ignore && seen[f] == 0 {
			seen[f] = i + 1
		}
		cols.fields[i] = f
	}
	for _, f := range required {
		if seen[f] == 0 {
			problems = append(problems, headerProblem{rule: vault.RuleCSVMissingColumn, args: []any{"Field", string(f)}, message: fmt.Sprintf("missing required column %s", f)})
		}
	}
	if len(problems) > 0 && looksLikeData(header) {
		problems = append([]headerProblem{{rule: vault.RuleCSVNotHeader, message: "the first line looks like a patient, not a header: the first line must name the columns"}}, problems...)
	}
	return cols, problems
}

// looksLikeData reports whether a header line holds a date or an e-mail
// address, as a patient's line would.
func looksLikeData(header []string) bool {
	for _, h := range header {
		h = strings.TrimSpace(h)
		if _, _, err := parseDate(h); err == nil || strings.Contains(h, "@") {
			return true
		}
	}
	return false
}
