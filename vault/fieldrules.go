package vault

import (
	"custodia/consent"
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

// Refusals of data-subject requests, erasure plans and kept data. Their
// wording names no request, patient or user: the front end shows which
// one the user acted on. Allowed carries codes the wording names by their
// labels (a request's state, request types, a record category).
const (
	// RuleNoSuchRequest: the request id names no data-subject request.
	RuleNoSuchRequest FieldRule = "no-such-request"
	// RuleRequestOfPatient: the request is not one of this patient or not
	// of a kind the step accepts (Allowed: the accepted request types).
	RuleRequestOfPatient FieldRule = "request-of-patient"
	// RuleIdentityUnverified: the requester's identity is not verified yet.
	RuleIdentityUnverified FieldRule = "identity-unverified"
	// RuleRequestInProgress: the step needs a request in progress
	// (Allowed: the request's current state).
	RuleRequestInProgress FieldRule = "request-in-progress"
	// RuleAccessRequestState: an access package needs a request in
	// progress or completed (Allowed: the request's current state).
	RuleAccessRequestState FieldRule = "access-request-state"
	// RulePlanUncovered: the vault holds records of a category the erasure
	// plan does not cover (Allowed: the record category).
	RulePlanUncovered FieldRule = "plan-uncovered"
	// RuleNotAUser: the id names no user of this vault.
	RuleNotAUser FieldRule = "not-a-user"
	// RuleNoChange: a rectification changes no field.
	RuleNoChange FieldRule = "no-change"
	// RuleKeepNotDue: a deletion batch names a patient whose kept data is
	// not due for deletion yet.
	RuleKeepNotDue FieldRule = "keep-not-due"
	// RulePlanNotApproved: an erasure plan needs its approval (who, when).
	RulePlanNotApproved FieldRule = "plan-not-approved"
	// RuleKeepBasis: a kept category needs an Art. 17(3) basis and a
	// keep-until date.
	RuleKeepBasis FieldRule = "keep-basis"
	// RuleUnknownCode: a code Custodia does not know (the same code as
	// consent's).
	RuleUnknownCode FieldRule = "unknown-code"
	// RuleDuplicate: an entry appears twice (the same code as consent's).
	RuleDuplicate FieldRule = "duplicate"
	// RuleErasedEvent: an erased event is recorded by carrying out an
	// erasure request, never appended (on a consent.FieldError).
	RuleErasedEvent FieldRule = "erased-event"
	// RuleMediaType: a scan's media type, such as application/pdf.
	RuleMediaType FieldRule = "media-type"
	// RuleScanSize: a scan holds 1 byte to Allowed[0] MiB.
	RuleScanSize FieldRule = "scan-size"
	// RuleScanOtherPatient: a scan reference names another patient's scan.
	RuleScanOtherPatient FieldRule = "scan-other-patient"
	// RuleScanChanged: a scan's hash does not match the stored scan.
	RuleScanChanged FieldRule = "scan-changed"
	// RuleNoSuchEncounter: an observation names no encounter of its patient.
	RuleNoSuchEncounter FieldRule = "no-such-encounter"
)

// Refusals of lists, audit anchors, files, backups, studies and sessions.
const (
	// RuleNegative: a number must not be negative.
	RuleNegative FieldRule = "negative"
	// RulePageLimit: a page size must be between 1 and Allowed[0].
	RulePageLimit FieldRule = "page-limit"
	// RuleShownRanges: an audit entry's record of shown entries is damaged.
	RuleShownRanges FieldRule = "shown-ranges"
	// RuleAuditAnchor: an audit anchor needs a sequence number and a hash.
	RuleAuditAnchor FieldRule = "audit-anchor"
	// RuleAnchorFile: the file is not an anchor file.
	RuleAnchorFile FieldRule = "anchor-file"
	// RuleAnchorFormat: an anchor file of a format this version does not read.
	RuleAnchorFormat FieldRule = "anchor-format"
	// RuleAtLeastOne: a count or sequence number must be 1 or more (the
	// same code as consent's).
	RuleAtLeastOne FieldRule = "at-least-one"
	// RuleHexDigits: must be Allowed[0] hexadecimal digits.
	RuleHexDigits FieldRule = "hex-digits"
	// RuleAnchorKey: an anchor's signing key needs an id and a public key.
	RuleAnchorKey FieldRule = "anchor-key"
	// RuleOtherVault: the anchor belongs to another vault.
	RuleOtherVault FieldRule = "other-vault"
	// RuleSignature: the anchor's signature does not verify.
	RuleSignature FieldRule = "signature"
	// RuleAbsolutePath: a file setting must be an absolute path.
	RuleAbsolutePath FieldRule = "absolute-path"
	// RuleFileExtension: a file name must end in Allowed[0].
	RuleFileExtension FieldRule = "file-extension"
	// RuleBackupRecipient: a backup needs an age recipient or a passphrase.
	RuleBackupRecipient FieldRule = "backup-recipient"
	// RuleNoJournal: a restore found no erasure journal to apply again.
	RuleNoJournal FieldRule = "no-journal"
	// RulePathCharacters: a vault path must not contain ? or #.
	RulePathCharacters FieldRule = "path-characters"
	// RuleNewerVault: the vault was written by a newer version of Custodia.
	RuleNewerVault FieldRule = "newer-vault"
	// RuleNotABackup: the file is not an age-encrypted Custodia backup.
	RuleNotABackup FieldRule = "not-a-backup"
	// RuleJournalOtherVault: the erasure journal belongs to another vault
	// than the backup.
	RuleJournalOtherVault FieldRule = "journal-other-vault"
	// RuleNotAJournal: the file is not a Custodia erasure journal.
	RuleNotAJournal FieldRule = "not-a-journal"
	// RuleEmptyFile: the file is empty.
	RuleEmptyFile FieldRule = "empty-file"
	// RuleNotAVault: the file is not a Custodia vault.
	RuleNotAVault FieldRule = "not-a-vault"
	// RuleStudyID: a study id is 1 to 32 lower-case letters, digits or dashes.
	RuleStudyID FieldRule = "study-id"
	// RuleResearcherAccount: an export's recipient must be an enabled
	// researcher account.
	RuleResearcherAccount FieldRule = "researcher-account"
	// RuleReasonRequired: a reason is required, up to 2,000 characters.
	RuleReasonRequired FieldRule = "reason-required"
	// RuleExportID: the id is not an export of the study.
	RuleExportID FieldRule = "export-id"
	// RuleOtherExport: a disclosure belongs to another export.
	RuleOtherExport FieldRule = "other-export"
	// RuleRecoveryNoUser: a recovery session has no user to enrol a second
	// factor for.
	RuleRecoveryNoUser FieldRule = "recovery-no-user"
	// RuleTOTPRequired: the practice requires a second factor for the role.
	RuleTOTPRequired FieldRule = "totp-required"
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
	RuleNoSuchRequest:      "no data-subject request %s",
	RuleRequestOfPatient:   "request %s is not %s request of patient %s",
	RuleIdentityUnverified: "request %s: the requester's identity is not verified",
	RuleRequestInProgress:  "request %s is %s, not in progress",
	RuleAccessRequestState: "request %s is %s",
	RulePlanUncovered:      "the vault holds %s records of patient %s that the plan does not cover",
	RuleNotAUser:           "is not a user of this vault",
	RuleNoChange:           "changes no field",
	RuleKeepNotDue:         "patient %s: no kept data whose keep-until date has passed",
	RulePlanNotApproved:    "is not approved",
	RuleKeepBasis:          "a kept category needs an Art. 17(3) basis and a keep-until date",
	RuleUnknownCode:        "unknown code",
	RuleDuplicate:          "listed twice",
	RuleErasedEvent:        "erased events are recorded by carrying out an erasure request, not appended",
	RuleMediaType:          "must be a media type such as application/pdf",
	RuleScanSize:           "must hold 1 byte to %d MiB",
	RuleScanOtherPatient:   "scan belongs to another patient",
	RuleScanChanged:        "does not match the stored scan",
	RuleNoSuchEncounter:    "names no encounter of patient %s",
	RuleNegative:           "must not be negative",
	RulePageLimit:          "must be between 1 and %d",
	RuleShownRanges:        "shown ranges are not numbers",
	RuleAuditAnchor:        "must be a sequence number and a 64-digit hex hash",
	RuleAnchorFile:         "is not an anchor file: %v",
	RuleAnchorFormat:       "must be %s",
	RuleAtLeastOne:         "must be at least 1",
	RuleHexDigits:          "must be %d hex digits",
	RuleAnchorKey:          "must have an id and a 64-hex-digit public key",
	RuleOtherVault:         "the anchor belongs to another vault",
	RuleSignature:          "does not verify with the signer's key listed in the anchor",
	RuleAbsolutePath:       "must be an absolute path",
	RuleFileExtension:      "must end in %s",
	RuleBackupRecipient:    "a backup needs an age recipient or a passphrase",
	RuleNoJournal:          "no erasure journal found: give the journal file next to the vault (<vault>.erasures) or the current vault file, so erasures made after the backup are applied again",
	RulePathCharacters:     "must not contain '?' or '#'",
	RuleNewerVault:         "vault has schema migration %d, unknown to this program (newer version?)",
	RuleNotABackup:         "not an age-encrypted backup: %v",
	RuleJournalOtherVault:  "the journal %s belongs to vault %s, the backup to %s",
	RuleNotAJournal:        "%s line 1: not a Custodia erasure journal with an Ed25519 key",
	RuleEmptyFile:          "%s is empty",
	RuleNotAVault:          "is not a Custodia vault file",
	RuleStudyID:            "must be 1 to 32 lower-case letters, digits or dashes",
	RuleResearcherAccount:  "must be an enabled researcher account of this vault",
	RuleReasonRequired:     "required (up to 2,000 characters)",
	RuleExportID:           "not an export id of the study",
	RuleOtherExport:        "not this export",
	RuleRecoveryNoUser:     "a recovery session has no user to enrol",
	RuleTOTPRequired:       "the practice requires a second factor for your role; ask an administrator",
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

// invalidValues is invalidRule with the values its wording names
// (FieldError.Allowed): codes and numbers, never an id or a name.
func invalidValues(field string, rule FieldRule, allowed []string, args ...any) error {
	err := invalidRule(field, rule, args...)
	err.(*ValidationError).Fields[0].Allowed = allowed
	return err
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

// requestTypes are request types as codes for a FieldError's Allowed.
func requestTypes(types []consent.RequestType) []string {
	out := make([]string, len(types))
	for i, t := range types {
		out[i] = string(t)
	}
	return out
}
