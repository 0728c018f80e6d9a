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

// Validation rules of staff accounts and passphrases.
const (
	RuleUserNameSpaces     FieldRule = "user-name-spaces"
	RuleReserved           FieldRule = "reserved"
	RuleKeysDestroyed      FieldRule = "keys-destroyed"
	RuleAccountDisabled    FieldRule = "account-disabled"
	RuleLastAdmin          FieldRule = "last-admin"
	RuleRecoverySession    FieldRule = "recovery-session"
	RuleUnknownRole        FieldRule = "unknown-role"
	RulePassphraseShort    FieldRule = "passphrase-short"
	RulePassphraseCommon   FieldRule = "passphrase-common"
	RulePassphraseRepeat   FieldRule = "passphrase-repeat"
	RulePassphraseSequence FieldRule = "passphrase-sequence"
	RulePassphraseSpatial  FieldRule = "passphrase-spatial"
	RulePassphraseDate     FieldRule = "passphrase-date"
	RulePassphraseWeak     FieldRule = "passphrase-weak"
)

// Validation rules of access packages and patient searches.
const (
	RuleRecipientEither FieldRule = "recipient-either"
	RuleAgeRecipient    FieldRule = "age-recipient"
	RuleMinLength       FieldRule = "min-length"
	RuleUnusable        FieldRule = "unusable"
	RuleSearchQuery     FieldRule = "search-query"
	// RuleAccessPages: an access or portability package needs its
	// printable pages in the reader's language (AccessRecipient.Pages).
	RuleAccessPages FieldRule = "access-pages"
)

// Problems of a patient CSV file (vault/patientcsv); the front ends word
// them with the line and column, from the LineError's Args.
const (
	RuleCSVHeaderUTF8      FieldRule = "csv-header-utf8"
	RuleCSVUnknownColumn   FieldRule = "csv-unknown-column"
	RuleCSVDuplicateColumn FieldRule = "csv-duplicate-column"
	RuleCSVMissingColumn   FieldRule = "csv-missing-column"
	RuleCSVNotHeader       FieldRule = "csv-not-header"
	RuleCSVNoRows          FieldRule = "csv-no-rows"
	RuleCSVLineTooLong     FieldRule = "csv-line-too-long"
	RuleCSVNoHeader        FieldRule = "csv-no-header"
	RuleCSVMalformed       FieldRule = "csv-malformed"
	RuleCSVUnreadable      FieldRule = "csv-unreadable"
	RuleCSVColumnCount     FieldRule = "csv-column-count"
	RuleCSVNotUTF8         FieldRule = "csv-not-utf8"
	RuleCSVDate            FieldRule = "csv-date"
	RuleCSVSex             FieldRule = "csv-sex"
	RuleCSVInvalidRecord   FieldRule = "csv-invalid-record"
	RuleCSVDuplicateMRN    FieldRule = "csv-duplicate-mrn"
	RuleCSVMRNExists       FieldRule = "csv-mrn-exists"
)

// ruleMessages are the English messages (fmt formats) of the rules.
var ruleMessages = map[FieldRule]string{
	RuleRequired:           "is required",
	RuleTooLong:            "is too long",
	RuleNotUTF8:            "is not valid UTF-8",
	RuleControl:            "contains control characters",
	RuleInvisible:          "contains an invisible formatting character (U+%04X); retype it",
	RuleUTCMidnight:        "must be a date at UTC midnight",
	RuleFuture:             "is in the future",
	RuleTooEarly:           "is before 1870",
	RuleSex:                `must be "female", "male", "other" or "unknown"`,
	RulePhoneCharacters:    "may contain only digits, spaces and + ( ) - . /",
	RulePhoneDigits:        "has too few digits",
	RuleEmail:              "is not a valid e-mail address",
	RuleEncounterKind:      `must be "visit", "home-visit", "telephone" or "video"`,
	RuleNoDiagnosis:        "needs at least one ICD-10 code",
	RuleTooManyDiagnoses:   "has more than %d codes",
	RuleICD10:              "is not an ICD-10 code (like E11.9 or J45)",
	RuleLOINC:              "is not a LOINC code with a valid check digit (like 29463-7)",
	RuleDecimal:            "must be a decimal number (like 82.5)",
	RuleCountryCode:        "must be a country's two-letter ISO code, such as DE",
	RuleCountryNeeded:      "required (two-letter country code such as DE)",
	RuleRegion:             "must be one of %s (or empty)",
	RuleNoRegions:          "no regions are known for this country: leave it empty",
	RuleEmailOrPhone:       "e-mail or phone required",
	RuleOneEmail:           "must be one e-mail address such as privacy@practice.example",
	RuleURLScheme:          "must start with https://",
	RuleDPOEmail:           "the DPO's e-mail is not an e-mail address",
	RuleUserNameSpaces:     "must be non-empty without leading or trailing spaces",
	RuleReserved:           "is reserved",
	RuleKeysDestroyed:      "disabling destroyed this account's keys: set a new passphrase to enable it",
	RuleAccountDisabled:    "the account is disabled: enable it with a new passphrase",
	RuleLastAdmin:          "the vault must keep at least one enabled administrator",
	RuleRecoverySession:    "a recovery session has no passphrase; use ResetPassphrase",
	RuleUnknownRole:        "unknown role (want %s)",
	RulePassphraseShort:    "use at least %d characters",
	RulePassphraseCommon:   "this is a commonly used password or your own name",
	RulePassphraseRepeat:   "avoid repeated characters or words",
	RulePassphraseSequence: "avoid sequences such as abc or 123",
	RulePassphraseSpatial:  "avoid keyboard rows such as qwerty",
	RulePassphraseDate:     "avoid dates and years",
	RulePassphraseWeak:     "add more words or characters: several unrelated words are easiest to remember",
	RuleRecipientEither:    "give either a passphrase or an age X25519 recipient",
	RuleAgeRecipient:       "is not an age X25519 recipient (age1...)",
	RuleMinLength:          "must be at least %d characters",
	RuleUnusable:           "cannot be used",
	RuleSearchQuery:        "give a name, a birth date or an MRN",
	RuleAccessPages:        "are required: the package's printable pages in the reader's language",
	RuleCSVHeaderUTF8:      "column %d: header is not valid UTF-8 (save the file as UTF-8)",
	RuleCSVUnknownColumn:   "column %d is not a patient field (map its header with header=field, or header=- to ignore it)",
	RuleCSVDuplicateColumn: "columns %d and %d both map to %s",
	RuleCSVMissingColumn:   "missing required column %s",
	RuleCSVNotHeader:       "the first line looks like a patient, not a header: the first line must name the columns",
	RuleCSVNoRows:          "the file has no patient rows",
	RuleCSVLineTooLong:     "line is longer than %d bytes",
	RuleCSVNoHeader:        "missing header line",
	RuleCSVMalformed:       "malformed CSV: %v",
	RuleCSVUnreadable:      "cannot read the file",
	RuleCSVColumnCount:     "has %d columns, the header has %d",
	RuleCSVNotUTF8:         "is not valid UTF-8 (save the file as UTF-8)",
	RuleCSVDate:            "is not a valid date (want YYYY-MM-DD or DD.MM.YYYY)",
	RuleCSVSex:             "must be female, male, other or unknown (or f, m, o, u)",
	RuleCSVInvalidRecord:   "invalid record",
	RuleCSVDuplicateMRN:    "same MRN as line %d",
	RuleCSVMRNExists:       "a patient with this MRN is already in the vault (id %s)",
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

// invalidRule is a *ValidationError of one coded field.
func invalidRule(field string, rule FieldRule, args ...any) error {
	var fs []FieldError
	ruleErrors(&fs)(field, rule, args...)
	return &ValidationError{Fields: fs}
}

func ruleErrors(fs *[]FieldError) ruleAdder {
	return func(field string, rule FieldRule, args ...any) {
		msg := ruleMessages[rule]
		if len(args) > 0 {
			msg = fmt.Sprintf(msg, args...)
		}
		*fs = append(*fs, FieldError{Field: field, Message: msg, Rule: rule})
	}
}
