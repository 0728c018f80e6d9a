package fhirimport

import (
	"slices"

	"custodia/consent"
	"custodia/vault"
)

// Rule is the code of the rule a bundle broke. Codes share one namespace
// with vault.FieldRule and consent.FieldRule: a code they use means the
// same here, and the vault's own validation codes pass through as they
// are. Front ends word a code through custodia/i18n (FieldRule), never
// by matching Message.
type Rule string

// Rules of the vault and of consent imports that say the same here.
const (
	// RuleRequired: an element the import needs is missing.
	RuleRequired = Rule(vault.RuleRequired)
	// RuleISODate: a birth date is a full date, YYYY-MM-DD.
	RuleISODate = Rule(consent.RuleISODate)
	// RuleOneOf: must be one of Allowed (codes as the file writes them).
	RuleOneOf = Rule(consent.RuleOneOf)
	// RuleICD10: an ICD-10 coding whose code is not an ICD-10 code.
	RuleICD10 = Rule(vault.RuleICD10)
	// RuleLOINC: a LOINC code with a wrong check digit (a refusal).
	RuleLOINC = Rule(vault.RuleLOINC)
	// RuleDecimal: a quantity's value is not a usable decimal number.
	RuleDecimal = Rule(vault.RuleDecimal)
	// RuleMRNExists: a patient with the MRN is already in the vault.
	RuleMRNExists = Rule(vault.RuleCSVMRNExists)
	// RuleJSONSyntax: the file is not JSON (the path is "line L, column C").
	RuleJSONSyntax = Rule(consent.RuleJSONSyntax)
	// RuleJSONType: the element has the wrong JSON type (Allowed: the JSON
	// type wanted: string, number, boolean, array or object).
	RuleJSONType = Rule(consent.RuleJSONType)
	// RuleJSONTruncated: the file is empty or its JSON is cut off.
	RuleJSONTruncated = Rule(consent.RuleJSONTruncated)
)

// Rules of FHIR patient bundles only.
const (
	// RuleTooLarge: the bundle is larger than Allowed[0] MiB.
	RuleTooLarge Rule = "fhir-too-large"
	// RuleJSONTrailing: more data follows the JSON value.
	RuleJSONTrailing Rule = "json-trailing"
	// RuleNotABundle: resourceType must be "Bundle".
	RuleNotABundle Rule = "fhir-not-a-bundle"
	// RuleNoEntries: the bundle has no entries.
	RuleNoEntries Rule = "fhir-no-entries"
	// RuleNoPatient: the bundle holds no Patient resource.
	RuleNoPatient Rule = "fhir-no-patient"
	// RuleReferenceTwice: a fullUrl or Type/id is also used by the entry
	// Allowed[0] (its index).
	RuleReferenceTwice Rule = "fhir-reference-twice"
	// RuleReferenceUnresolved: a reference names no entry of the bundle.
	RuleReferenceUnresolved Rule = "fhir-reference-unresolved"
	// RuleReferenceType: a reference must name a resource of type
	// Allowed[0].
	RuleReferenceType Rule = "fhir-reference-type"
	// RulePatientName: a Patient needs a name with family and given parts.
	RulePatientName Rule = "fhir-patient-name"
	// RuleFHIRDate: a date or dateTime (YYYY-MM-DD, with a time or not).
	RuleFHIRDate Rule = "fhir-date"
	// RuleConditionDate: a Condition without encounter needs recordedDate
	// or onsetDateTime.
	RuleConditionDate Rule = "fhir-condition-date"
	// RuleObservationDate: an Observation needs effectiveDateTime,
	// effectivePeriod.start or issued.
	RuleObservationDate Rule = "fhir-observation-date"
	// RuleEncounterOtherPatient: a Condition names an encounter of another
	// patient.
	RuleEncounterOtherPatient Rule = "fhir-encounter-other-patient"
	// RuleNoICD10: a Condition has no ICD-10 coding and no SNOMED CT code
	// the import maps (a refusal).
	RuleNoICD10 Rule = "fhir-no-icd10"
	// RuleNoLOINC: an Observation has no LOINC coding (a refusal).
	RuleNoLOINC Rule = "fhir-no-loinc"
	// RuleNoQuantity: an Observation has no valueQuantity; only numeric
	// observations are imported (a refusal).
	RuleNoQuantity Rule = "fhir-no-quantity"
	// RuleMRNTwice: two Patients of the bundle have the same MRN
	// (Allowed: the JSON path of the first).
	RuleMRNTwice Rule = "fhir-mrn-twice"
)

// ruleMessages are the English messages (fmt formats, filled with
// Allowed) of the rules.
var ruleMessages = map[Rule]string{
	RuleRequired:              "is missing",
	RuleISODate:               "must be a full date (YYYY-MM-DD)",
	RuleOneOf:                 "must be one of %s, %s, %s or %s",
	RuleICD10:                 "is not an ICD-10 code",
	RuleLOINC:                 "has a LOINC code with a wrong check digit",
	RuleDecimal:               "is not a usable decimal number",
	RuleMRNExists:             "a patient with this MRN is already in the vault",
	RuleJSONSyntax:            "is not valid JSON",
	RuleJSONType:              "has the wrong JSON type (want %s)",
	RuleJSONTruncated:         "is not valid JSON (ends early)",
	RuleTooLarge:              "the bundle is larger than %s MiB",
	RuleJSONTrailing:          "has data after the JSON value",
	RuleNotABundle:            `must be "Bundle"`,
	RuleNoEntries:             "is empty",
	RuleNoPatient:             "holds no Patient",
	RuleReferenceTwice:        "is also used by entry[%s]",
	RuleReferenceUnresolved:   "refers to no entry of the bundle",
	RuleReferenceType:         "must refer to a %s",
	RulePatientName:           "has no family and given name",
	RuleFHIRDate:              "must be a date or dateTime",
	RuleConditionDate:         "is needed (or onsetDateTime) when the condition has no encounter",
	RuleObservationDate:       "must be a date or dateTime (or effectivePeriod.start, or issued)",
	RuleEncounterOtherPatient: "refers to an encounter of another patient",
	RuleNoICD10:               "has no ICD-10 coding and no SNOMED CT code the import can map",
	RuleNoLOINC:               "has no LOINC coding",
	RuleNoQuantity:            "has no valueQuantity (only numeric observations are imported)",
	RuleMRNTwice:              "has the same MRN as %s",
}

// Rules lists every code this package gives a Problem itself, sorted
// (a vault validation error of a mapped record passes through with the
// vault's code: vault.FieldRules).
func Rules() []Rule {
	out := make([]Rule, 0, len(ruleMessages))
	for r := range ruleMessages {
		out = append(out, r)
	}
	slices.Sort(out)
	return out
}
