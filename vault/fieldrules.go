package vault

import (
	"fmt"
	"slices"
)

// FieldRule is the code of the rule an invalid field broke. The vault's
// English Message says the same for logs; front ends word the code
// through custodia/i18n (FieldRule), never by matching the message.
type FieldRule string

// Validation rules of patients, encounters and observations.
const (
	RuleRequired         FieldRule = "required"
	RuleTooLong          FieldRule = "too-long"
	RuleNotUTF8          FieldRule = "not-utf8"
	RuleControl          FieldRule = "control-characters"
	RuleInvisible        FieldRule = "invisible-character"
	RuleUTCMidnight      FieldRule = "utc-midnight"
	RuleFuture           FieldRule = "future"
	RuleTooEarly         FieldRule = "before-1870"
	RuleSex              FieldRule = "sex"
	RulePhoneCharacters  FieldRule = "phone-characters"
	RulePhoneDigits      FieldRule = "phone-digits"
	RuleEmail            FieldRule = "email"
	RuleEncounterKind    FieldRule = "encounter-kind"
	RuleNoDiagnosis      FieldRule = "no-diagnosis"
	RuleTooManyDiagnoses FieldRule = "too-many-diagnoses"
	RuleICD10            FieldRule = "icd10"
	RuleLOINC            FieldRule = "loinc"
	RuleDecimal          FieldRule = "decimal"
)

// Validation rules of the practice details (CheckPractice).
const (
	RuleCountryCode   FieldRule = "country-code"
	RuleRegion        FieldRule = "region"
	RuleNoRegions     FieldRule = "no-regions"
	RuleEmailOrPhone  FieldRule = "email-or-phone"
	RuleOneEmail      FieldRule = "one-email"
	RuleURLScheme     FieldRule = "url-scheme"
	RuleDPOEmail      FieldRule = "dpo-email"
	RuleCountryNeeded FieldRule = "country-required"
)

// ruleMessages are the English messages (fmt formats) of the rules.
var ruleMessages = map[FieldRule]string{
	RuleRequired:         "is required",
	RuleTooLong:          "is too long",
	RuleNotUTF8:          "is not valid UTF-8",
	RuleControl:          "contains control characters",
	RuleInvisible:        "contains an invisible formatting character (U+%04X); retype it",
	RuleUTCMidnight:      "must be a date at UTC midnight",
	RuleFuture:           "is in the future",
	RuleTooEarly:         "is before 1870",
	RuleSex:              `must be "female", "male", "other" or "unknown"`,
	RulePhoneCharacters:  "may contain only digits, spaces and + ( ) - . /",
	RulePhoneDigits:      "has too few digits",
	RuleEmail:            "is not a valid e-mail address",
	RuleEncounterKind:    `must be "visit", "home-visit", "telephone" or "video"`,
	RuleNoDiagnosis:      "needs at least one ICD-10 code",
	RuleTooManyDiagnoses: "has more than %d codes",
	RuleICD10:            "is not an ICD-10 code (like E11.9 or J45)",
	RuleLOINC:            "is not a LOINC code with a valid check digit (like 29463-7)",
	RuleDecimal:          "must be a decimal number (like 82.5)",
	RuleCountryCode:      "must be a two-letter country code such as DE",
	RuleCountryNeeded:    "required (two-letter country code such as DE)",
	RuleRegion:           "must be one of %s (or empty)",
	RuleNoRegions:        "no regions are known for this country: leave it empty",
	RuleEmailOrPhone:     "e-mail or phone required",
	RuleOneEmail:         "must be one e-mail address such as privacy@practice.example",
	RuleURLScheme:        "must start with https://",
	RuleDPOEmail:         "the DPO's e-mail is not an e-mail address",
}

// FieldRules lists every rule code a FieldError can carry, sorted.
func FieldRules() []FieldRule {
	out := make([]FieldRule, 0, len(ruleMessages))
	for r := range ruleMessages {
		out = append(out, r)
	}
	slices.Sort(out)
	return out
}

// ruleAdder appends a FieldError for a broken rule (args fill its message).
type ruleAdder func(field string, rule FieldRule, args ...any)

func ruleErrors(fs *[]FieldError) ruleAdder {
	return func(field string, rule FieldRule, args ...any) {
		msg := ruleMessages[rule]
		if len(args) > 0 {
			msg = fmt.Sprintf(msg, args...)
		}
		*fs = append(*fs, FieldError{Field: field, Message: msg, Rule: rule})
	}
}
