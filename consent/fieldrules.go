package consent

import (
	"fmt"
	"slices"
	"strings"
)

// FieldRule is the code of the rule an invalid field broke. Message keeps
// the English text for logs; front ends word the code through
// custodia/i18n (FieldRule), never by matching the message. The codes
// share one namespace with vault.FieldRule: a code both use means the same.
type FieldRule string

// Validation rules of requests, breaches, retention rules and erasure plans.
const (
	RuleRequired          FieldRule = "required"
	RuleFuture            FieldRule = "future"
	RuleNotAnID           FieldRule = "not-an-id"
	RuleUnknownCode       FieldRule = "unknown-code"
	RuleOneOf             FieldRule = "one-of"
	RulePurposeNeeded     FieldRule = "purpose-required"
	RuleJurisdiction      FieldRule = "jurisdiction"
	RuleDenialGround      FieldRule = "denial-ground"
	RuleGroundNotApplies  FieldRule = "ground-not-applicable"
	RuleAwareNeeded       FieldRule = "aware-required"
	RuleAfterAware        FieldRule = "after-aware"
	RuleBeforeAware       FieldRule = "before-aware"
	RuleNatureNeeded      FieldRule = "nature-required"
	RuleNotNegative       FieldRule = "not-negative"
	RuleConsequences      FieldRule = "consequences"
	RuleDecisionReason    FieldRule = "decision-reason"
	RuleDelayReason       FieldRule = "delay-reason"
	RuleHighRiskDecision  FieldRule = "high-risk-decision"
	RuleNotifiedNoNotice  FieldRule = "notified-without-decision"
	RuleRetentionPeriod   FieldRule = "retention-period"
	RuleLegalSourceNeeded FieldRule = "legal-source-required"
	RuleArt17Exception    FieldRule = "art17-exception"
	RuleOnExpiry          FieldRule = "on-expiry"
	RuleCountryOrEmpty    FieldRule = "country-code-or-empty"
	RuleMissingDate       FieldRule = "missing-date"
)

// Validation rules of consent decisions (ledger events).
const (
	RuleAfterStart          FieldRule = "after-start"
	RuleNotBeforeStart      FieldRule = "not-before-start"
	RuleCategoryNeeded      FieldRule = "category-required"
	RulePurposeRetired      FieldRule = "purpose-retired"
	RuleNotPurposeRecipient FieldRule = "not-purpose-recipient"
	RuleNotPurposeCategory  FieldRule = "not-purpose-category"
	RuleTextNeeded          FieldRule = "text-version-required"
	RuleNoSuchText          FieldRule = "no-such-text"
	RuleTextChanged         FieldRule = "text-changed"
	RuleTextNotEffective    FieldRule = "text-not-effective"
	RuleTextSuperseded      FieldRule = "text-superseded"
)

// Validation rules of purposes, consent texts, disclosures and receipts.
const (
	RuleLanguageTag      FieldRule = "language-tag"
	RuleAtLeastOne       FieldRule = "at-least-one"
	RuleTextHash         FieldRule = "text-hash"
	RulePurposeCode      FieldRule = "purpose-code"
	RuleResearchID       FieldRule = "research-id"
	RuleQualifier        FieldRule = "qualifier"
	RuleValidityMonths   FieldRule = "validity-months"
	RuleArt6Point        FieldRule = "art6-point"
	RuleArt9Point        FieldRule = "art9-point"
	RuleConsentBasis     FieldRule = "consent-basis"
	RuleCareArt9         FieldRule = "care-art9"
	RuleResearchArt9     FieldRule = "research-art9"
	RuleMarketingConsent FieldRule = "marketing-consent"
	RuleHealthArt9       FieldRule = "health-art9"
	RuleDuplicate        FieldRule = "duplicate"
	RuleRecipientNeeded  FieldRule = "recipient-required"
	RuleCode             FieldRule = "code"
	RuleCountryCode      FieldRule = "country-code"
	RuleSafeguard        FieldRule = "safeguard"
)

// Validation rules of request extensions, ledger events, receipts,
// catalogues, shipped retention rules and imported files.
const (
	// RuleExtensionMonths: an extension adds 1 to N months (Allowed: N).
	RuleExtensionMonths FieldRule = "extension-months"
	// RuleExtensionReason: an extension records its reason.
	RuleExtensionReason FieldRule = "extension-reason"
	// RuleToldRequired: an extension records when the requester was told.
	RuleToldRequired FieldRule = "told-required"
	// RuleToldAfterExtension: the requester was told after the extension
	// was recorded.
	RuleToldAfterExtension FieldRule = "told-after-extension"
	// RuleToldByDueDate: the requester must be told by the original due
	// date (Allowed: that date, YYYY-MM-DD).
	RuleToldByDueDate FieldRule = "told-by-due-date"
	// RuleBeforeReceived: a date before the request was received.
	RuleBeforeReceived FieldRule = "before-received"
	// RuleRequestOnlyErased: only an erased event names a request.
	RuleRequestOnlyErased FieldRule = "request-only-erased"
	// RuleErasedNoPurpose: an erased event ends every purpose and names none.
	RuleErasedNoPurpose FieldRule = "erased-no-purpose"
	// RuleErasedRequest: an erased event names its erasure request.
	RuleErasedRequest FieldRule = "erased-request-required"
	// RuleErasedNoScope: an erased event carries no grant reference,
	// scope, text or evidence.
	RuleErasedNoScope FieldRule = "erased-no-scope"
	// RuleGrantReference: a renewal or expiry names the grant it acts on
	// (Allowed: the event type).
	RuleGrantReference FieldRule = "grant-reference-required"
	// RuleNoGrantReference: a grant or refusal refers to no other event
	// (Allowed: the event type).
	RuleNoGrantReference FieldRule = "no-grant-reference"
	// RuleSourceLine: a source is one line of at most N characters
	// (Allowed: N).
	RuleSourceLine FieldRule = "source-line"
	// RuleTextReference: a text version needs its language and SHA-256.
	RuleTextReference FieldRule = "text-reference"
	// RuleMediaType: a MIME type such as application/pdf (the same code
	// as the vault's).
	RuleMediaType FieldRule = "media-type"
	// RuleHexDigits: N hexadecimal digits (Allowed: N; the same code as
	// the vault's).
	RuleHexDigits FieldRule = "hex-digits"
	// RuleScopeGrantsOnly: only grants and refusals carry a scope.
	RuleScopeGrantsOnly FieldRule = "scope-grants-only"
	// RuleGrantNeeded: a receipt covers at least one grant.
	RuleGrantNeeded FieldRule = "grant-required"
	// RuleReceiptGrants: receipts are issued for grants and renewals.
	RuleReceiptGrants FieldRule = "receipt-grants-only"
	// RuleReceiptOnePatient: one receipt covers one patient.
	RuleReceiptOnePatient FieldRule = "receipt-one-patient"
	// RuleShippedCountry: a shipped retention rule names its country.
	RuleShippedCountry FieldRule = "shipped-rule-country"
	// RuleFHIRBundle: the file's resourceType must be Bundle.
	RuleFHIRBundle FieldRule = "fhir-bundle"
	// RuleForeignNoMapping: a Consent not written by Custodia needs a
	// mapping for foreign Consents.
	RuleForeignNoMapping FieldRule = "foreign-no-mapping"
	// RuleISODate: a date written YYYY-MM-DD.
	RuleISODate FieldRule = "iso-date"
	// RuleTextFile: the consent text file the manifest names cannot be read.
	RuleTextFile FieldRule = "text-file"
	// RuleInvalid: a nested value failed a check without a code of its own.
	RuleInvalid FieldRule = "invalid"
)

// ruleMessages are the English messages (fmt formats) of the rules.
var ruleMessages = map[FieldRule]string{
	RuleRequired:            "required",
	RuleFuture:              "must not be in the future",
	RuleNotAnID:             "must be an id",
	RuleUnknownCode:         "unknown code %q",
	RuleOneOf:               "must be one of %s",
	RulePurposeNeeded:       "an objection or consent withdrawal names the purpose",
	RuleJurisdiction:        "unknown region for the country",
	RuleDenialGround:        "a denial cites a known legal ground, got %q",
	RuleGroundNotApplies:    "%s does not apply to %s requests",
	RuleAwareNeeded:         "required: the 72-hour clock starts here",
	RuleAfterAware:          "must not be after awareAt",
	RuleBeforeAware:         "must not be before awareAt",
	RuleNatureNeeded:        "at least one of confidentiality, integrity, availability",
	RuleNotNegative:         "must not be negative (leave it unknown instead)",
	RuleConsequences:        "describe the likely consequences, or write %q when they are not known yet",
	RuleDecisionReason:      "record why the breach is unlikely to result in a risk (Art. 33(5))",
	RuleDelayReason:         "required: notified more than 72 hours after awareness (Art. 33(1))",
	RuleHighRiskDecision:    "a high risk requires notifying the subjects or an Art. 34(3) exemption",
	RuleNotifiedNoNotice:    "set only when the decision is to notify",
	RuleRetentionPeriod:     "the period must be positive and at most 100 years",
	RuleLegalSourceNeeded:   "required: name the law or reason that sets the period",
	RuleArt17Exception:      "must be a point of Art. 17(3): b, c, d or e (or empty)",
	RuleOnExpiry:            "must be erase or anonymise",
	RuleCountryOrEmpty:      "must be a country's two-letter ISO code, such as DE, or empty",
	RuleMissingDate:         "rule %s needs the %s date",
	RuleAfterStart:          "must be after time",
	RuleNotBeforeStart:      "must not be before dataFrom",
	RuleCategoryNeeded:      "at least one category",
	RulePurposeRetired:      "purpose %q is retired and accepts no new grants",
	RuleNotPurposeRecipient: "%q is not a recipient of purpose %q",
	RuleNotPurposeCategory:  "%q is not a data category of purpose %q",
	RuleTextNeeded:          "a %s event for consent-based purpose %q names the text version shown",
	RuleNoSuchText:          "no text version %d in %q for purpose %q",
	RuleTextChanged:         "does not match text version %d",
	RuleTextNotEffective:    "text version %d is not effective before %s",
	RuleTextSuperseded:      "text version %d was superseded by material version %d on %s: show the current text",
	RuleLanguageTag:         "must be a BCP 47 tag like \"en\" or \"de-CH\"",
	RuleAtLeastOne:          "must be 1 or more",
	RuleTextHash:            "does not match the SHA-256 of body",
	RulePurposeCode:         "must be a lower-case code like \"billing\" or \"research:<study>\"",
	RuleResearchID:          "a research purpose id must be \"research:<study>\"",
	RuleQualifier:           "only research and sharing purposes may carry a \":<qualifier>\"",
	RuleValidityMonths:      "must be between 0 (until withdrawn) and 120",
	RuleArt6Point:           "must be a point of Art. 6(1), \"a\" to \"f\"",
	RuleArt9Point:           "must be a point of Art. 9(2), \"a\" to \"j\", or empty",
	RuleConsentBasis:        "must be %v: consent is required exactly when the basis is Art. 6(1)(a) or Art. 9(2)(a)",
	RuleCareArt9:            "care purposes run on Art. 9(2)(h)",
	RuleResearchArt9:        "research runs on Art. 9(2)(a) (consent) or 9(2)(j) (research exemption)",
	RuleMarketingConsent:    "marketing requires consent, Art. 6(1)(a)",
	RuleHealthArt9:          "required: category %q is health data (Art. 9(1))",
	RuleDuplicate:           "duplicate %v",
	RuleRecipientNeeded:     "a sharing purpose names at least one recipient",
	RuleCode:                "must be a lower-case code",
	RuleCountryCode:         "must be a country's two-letter ISO code, such as DE",
	RuleSafeguard:           "required for a transfer outside the EEA (Art. 44-46)",
	RuleExtensionMonths:     "must be between 1 and %s",
	RuleExtensionReason:     "an extension records its reason",
	RuleToldRequired:        "record when the requester was told of the extension and its reasons",
	RuleToldAfterExtension:  "must not be after the extension is recorded",
	RuleToldByDueDate:       "the requester must be told by the original due date %s",
	RuleBeforeReceived:      "must not be before the request was received",
	RuleRequestOnlyErased:   "only an erased event names a request",
	RuleErasedNoPurpose:     "an erased event ends every purpose and names none",
	RuleErasedRequest:       "an erased event names its erasure request",
	RuleErasedNoScope:       "an erased event carries no grant reference, scope, text or evidence",
	RuleGrantReference:      "a %s event names the grant it acts on",
	RuleNoGrantReference:    "must be empty for a %s event",
	RuleSourceLine:          "at most %s characters on one line",
	RuleTextReference:       "a text version needs textLanguage and a hex textSha256",
	RuleMediaType:           "must be a MIME type",
	RuleHexDigits:           "must be %s lower-case hex digits",
	RuleScopeGrantsOnly:     "only grants and refusals carry a scope",
	RuleGrantNeeded:         "at least one grant",
	RuleReceiptGrants:       "receipts are issued for grants and renewals",
	RuleReceiptOnePatient:   "one receipt covers one patient",
	RuleShippedCountry:      "a shipped rule names its country",
	RuleFHIRBundle:          "must be \"Bundle\"",
	RuleForeignNoMapping:    "not a Custodia export and no mapping for foreign Consents given",
	RuleISODate:             "must be YYYY-MM-DD",
	RuleTextFile:            "cannot be read: %v",
	RuleInvalid:             "%v",
}

// FieldRules lists every rule code a FieldError can carry, sorted.
func FieldRules() []FieldRule {
	out := make([]FieldRule, 0, len(ruleMessages)+len(fhirRuleMessages))
	for r := range ruleMessages {
		out = append(out, r)
	}
	for r := range fhirRuleMessages {
		out = append(out, r)
	}
	slices.Sort(out)
	return out
}

// ruleError is the FieldError of a broken rule (args fill its message).
func ruleError(field string, rule FieldRule, args ...any) FieldError {
	msg := ruleMessage(rule)
	if len(args) > 0 {
		msg = fmt.Sprintf(msg, args...)
	}
	return FieldError{Field: field, Message: msg, Rule: rule}
}

// rule adds a coded field problem.
func (v *fields) rule(field string, rule FieldRule, args ...any) {
	v.list = append(v.list, ruleError(v.path(field), rule, args...))
}

// invalidField is a *ValidationError of one coded field.
func invalidField(field string, rule FieldRule, args ...any) *ValidationError {
	return &ValidationError{Fields: []FieldError{ruleError(field, rule, args...)}}
}

// FieldRule is the rule a missing date breaks (its field is the record
// category of the plan item).
func (e *MissingDateError) FieldRule() FieldRule { return RuleMissingDate }

// ruleValues adds a coded problem whose wording names values (numbers,
// ISO dates, event types): they fill the English message and go to
// Allowed for the front ends.
func (v *fields) ruleValues(field string, rule FieldRule, values ...string) {
	args := make([]any, len(values))
	for i, s := range values {
		args[i] = s
	}
	v.rule(field, rule, args...)
	v.list[len(v.list)-1].Allowed = values
}

// ruleAllowed adds a "must be one of" problem listing the accepted codes.
func (v *fields) ruleAllowed(field string, allowed []string) {
	v.rule(field, RuleOneOf, strings.Join(allowed, ", "))
	v.list[len(v.list)-1].Allowed = slices.Clone(allowed)
}
