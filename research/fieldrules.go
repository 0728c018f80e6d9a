package research

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"custodia/consent"
)

// Rules of a study definition that consent.FieldRule has no code for.
// They share its namespace: a study field problem carries either one of
// these or a consent rule (RuleRequired, RuleOneOf, RuleDuplicate, …).
// Front ends word them through custodia/i18n with the field's Min, Max,
// Count and Code (app.FieldProblems), never by matching the message.
const (
	RuleStudyID            consent.FieldRule = "study-id"                 // id: lower-case letters, digits, dashes
	RuleNotResearchPurpose consent.FieldRule = "not-research-purpose"     // purpose: not a research purpose of the catalogue
	RuleRecipientSeveral   consent.FieldRule = "recipient-several"        // more than one way to encrypt
	RuleRecipientNone      consent.FieldRule = "recipient-none"           // no way to encrypt
	RuleAgeRecipient       consent.FieldRule = "age-recipient"            // not an age X25519 recipient
	RuleDate               consent.FieldRule = "date"                     // not a day YYYY-MM-DD
	RuleRange              consent.FieldRule = "range"                    // outside Min..Max
	RuleICDPrefix          consent.FieldRule = "icd-prefix"               // not an ICD-10 code prefix
	RuleBeforeFrom         consent.FieldRule = "before-from"              // cohort.to before cohort.from
	RuleBelowMin           consent.FieldRule = "below-min"                // cohort.ageMax below cohort.ageMin
	RuleColumnNeeded       consent.FieldRule = "column-required"          // no column at all
	RuleEncounterColumn    consent.FieldRule = "encounter-column"         // an encounter column at patient level
	RuleOnlyPatientIdent   consent.FieldRule = "only-patient-identifying" // Code: the patient id column
	RulePatientIdent       consent.FieldRule = "patient-id-identifying"   // the patient id with another role
	RuleHierarchy          consent.FieldRule = "hierarchy"                // not a valid ARX hierarchy
	RuleEncounterPseudonym consent.FieldRule = "encounter-pseudonym"      // encounter level without pseudonyms
	RuleQuasiNeeded        consent.FieldRule = "quasi-required"           // no quasi-identifying column
	RuleOneSensitive       consent.FieldRule = "one-sensitive"            // l or t without exactly one sensitive column (Count found)
	RuleSensitiveAtMostOne consent.FieldRule = "sensitive-at-most-one"    // more than one sensitive column
	RuleLBound             consent.FieldRule = "l-bound"                  // l between 0 and 1
	RuleCPositive          consent.FieldRule = "c-positive"               // recursive l without c
	RuleEncounterModel     consent.FieldRule = "encounter-model"          // a model the patient-level search lacks
	RuleWrongType          consent.FieldRule = "wrong-type"               // Code: the JSON type expected
)

// StudyRules lists every rule code a study Field can carry, sorted.
func StudyRules() []consent.FieldRule {
	out := []consent.FieldRule{RuleStudyID, RuleNotResearchPurpose, RuleRecipientSeveral, RuleRecipientNone,
		RuleAgeRecipient, RuleDate, RuleRange, RuleICDPrefix, RuleBeforeFrom, RuleBelowMin, RuleColumnNeeded,
		RuleEncounterColumn, RuleOnlyPatientIdent, RulePatientIdent, RuleHierarchy, RuleEncounterPseudonym,
		RuleQuasiNeeded, RuleOneSensitive, RuleSensitiveAtMostOne, RuleLBound, RuleCPositive, RuleEncounterModel,
		RuleWrongType, consent.RuleRequired, consent.RuleOneOf, consent.RuleDuplicate, consent.RuleAtLeastOne,
		consent.RuleResearchID, consent.RuleNotPurposeCategory, consent.RuleNotPurposeRecipient}
	slices.Sort(out)
	return slices.Compact(out)
}

// rule adds a coded field problem and returns it, so a caller can add
// the rule's values (Min, Max, Count, Code).
func (f *fields) rule(path string, rule consent.FieldRule, format string, args ...any) *Field {
	*f = append(*f, Field{Path: path, Message: fmt.Sprintf(format, args...), Rule: rule})
	return &(*f)[len(*f)-1]
}

// between adds a RuleRange problem: the field must lie in min..max.
func (f *fields) between(path string, min, max float64, message string) {
	p := f.rule(path, RuleRange, "%s", message)
	p.Min, p.Max = min, max
}

// addOneOf adds a "must be one of" problem listing the accepted values
// (consent.RuleOneOf), as they are: column names are the dataset's own.
func (f *fields) addOneOf(path, format string, allowed []string) {
	*f = append(*f, Field{Path: path, Message: fmt.Sprintf(format, strings.Join(allowed, ", ")),
		Rule: consent.RuleOneOf, Allowed: slices.Clone(allowed)})
}

// oneOf adds a "must be one of" problem with the message as the domain
// has always written it.
func (f *fields) oneOf(path, message string, allowed ...string) {
	*f = append(*f, Field{Path: path, Message: message, Rule: consent.RuleOneOf, Allowed: allowed})
}

// JSON kinds a study field may expect (the Code of RuleWrongType).
const (
	KindText    = "text"
	KindNumber  = "number"
	KindBoolean = "boolean"
	KindList    = "list"
	KindObject  = "object"
)

// JSONKind names the JSON type a Go type decodes from.
func JSONKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return KindText
	case reflect.Bool:
		return KindBoolean
	case reflect.Slice, reflect.Array:
		return KindList
	case reflect.Struct, reflect.Map:
		return KindObject
	}
	return KindNumber
}
