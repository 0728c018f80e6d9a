package consent

// Validation rules of FHIR Consent imports (Custodia's own exports and
// foreign Consents), of the mapping table for foreign ones, and of JSON
// that does not decode. The field is the JSON path of the offending
// element; offending values appear in the English message only where
// they are codes or URIs (quote), never in the worded rule.
const (
	RuleFHIRUnknownCode     FieldRule = "fhir-unknown-code"
	RuleModifierExtension   FieldRule = "modifier-extension"
	RuleFHIRID              FieldRule = "fhir-id"
	RuleFHIRDateTime        FieldRule = "fhir-datetime"
	RuleFHIRReference       FieldRule = "fhir-reference"
	RuleInactiveAmbiguous   FieldRule = "inactive-ambiguous"
	RuleStatusEventType     FieldRule = "status-event-type"
	RulePolicyEventType     FieldRule = "policy-event-type"
	RuleRelatedPerson       FieldRule = "related-person"
	RuleOtherPatient        FieldRule = "other-patient"
	RulePerformer           FieldRule = "performer"
	RuleAttachmentHash      FieldRule = "attachment-hash"
	RuleProvisionType       FieldRule = "provision-type"
	RulePeriodStart         FieldRule = "period-start"
	RuleNestedProvision     FieldRule = "nested-provision"
	RulePurposeCoding       FieldRule = "purpose-coding"
	RuleLawfulBasis         FieldRule = "lawful-basis"
	RuleRecipientRole       FieldRule = "recipient-role"
	RuleMappingEntry        FieldRule = "mapping-entry"
	RuleNoMapping           FieldRule = "no-mapping"
	RuleAdvanceDirective    FieldRule = "advance-directive"
	RuleNoPurposeMatch      FieldRule = "no-purpose-match"
	RuleSeveralPurposes     FieldRule = "several-purposes"
	RuleMappedPurposeAbsent FieldRule = "mapped-purpose-absent"
	RuleConsentDate         FieldRule = "consent-date"
	RuleEndsBeforeStart     FieldRule = "ends-before-start"
	RuleMixedDeny           FieldRule = "mixed-deny"
	RuleInactiveNoEnd       FieldRule = "inactive-without-end"
	RuleTypeUnknown         FieldRule = "provision-type-unknown"
	RuleSecurityLabel       FieldRule = "security-label"
	RuleResourceConsent     FieldRule = "resource-consent"
	RuleDenyEverything      FieldRule = "deny-everything"
	RuleDeniesAllRecipients FieldRule = "denies-all-recipients"
	RuleUnmappedRole        FieldRule = "unmapped-role"
	RuleUnmappedRecipient   FieldRule = "unmapped-recipient"
	RuleNoConsents          FieldRule = "no-consents"
	RuleImportingUser       FieldRule = "importing-user"
	RuleJSONSyntax          FieldRule = "json-syntax"
	RuleJSONType            FieldRule = "json-type"
	RuleJSONTruncated       FieldRule = "json-truncated"
	RuleJSONUnknownField    FieldRule = "json-unknown-field"
)

// Rules of a batch of ledger events (Catalogue.CheckBatch): the field is
// the event's path, "events[2].id".
const (
	RuleIDInLedger FieldRule = "id-in-ledger"
	RuleIDTwice    FieldRule = "id-twice"
	RuleNotAGrant  FieldRule = "not-a-grant"
)

// fhirRuleMessages are the English messages (fmt formats) of the FHIR
// and JSON rules.
var fhirRuleMessages = map[FieldRule]string{
	RuleIDInLedger:          "id %s already in the ledger",
	RuleIDTwice:             "id %s twice in the batch",
	RuleNotAGrant:           "refersTo %s is not a grant of this patient and purpose",
	RuleFHIRUnknownCode:     "unknown code %s",
	RuleModifierExtension:   "not understood: a Consent with modifier extensions cannot be imported safely",
	RuleFHIRID:              "must be a FHIR id (1-64 letters, digits, '-', '.')",
	RuleFHIRDateTime:        "not a FHIR dateTime",
	RuleFHIRReference:       "must be a reference %s",
	RuleInactiveAmbiguous:   "an inactive Consent without Custodia's event-type extension is ambiguous",
	RuleStatusEventType:     "%s does not fit event type %s",
	RulePolicyEventType:     "%s does not fit a %s event",
	RuleRelatedPerson:       "a RelatedPerson performer needs display and a known %s extension",
	RuleOtherPatient:        "names a different patient",
	RulePerformer:           "must be the patient or a RelatedPerson",
	RuleAttachmentHash:      "needs the %s extension (64 hex digits)",
	RuleProvisionType:       "must be %q for a %s event",
	RulePeriodStart:         "must equal dateTime",
	RuleNestedProvision:     "only flat deny exceptions (actor, class, code) can be represented inside a permit",
	RulePurposeCoding:       "needs a %s coding",
	RuleLawfulBasis:         "lawful basis must be %s, as for purpose %q",
	RuleRecipientRole:       "must be %s IRCP (recipient)",
	RuleMappingEntry:        "needs %s",
	RuleNoMapping:           "no mapping for code %s in %s",
	RuleAdvanceDirective:    "advance directives are not consents Custodia records",
	RuleNoPurposeMatch:      "no code maps onto a Custodia purpose: add one to the mapping or name the purpose (--purpose)",
	RuleSeveralPurposes:     "maps onto several purposes (%s): name one (--purpose)",
	RuleMappedPurposeAbsent: "the mapping names purpose %s, which this vault does not have",
	RuleConsentDate:         "required (or provision.period.start): when the consent was given",
	RuleEndsBeforeStart:     "ends before the consent starts",
	RuleMixedDeny:           "a deny with several or mixed nested provisions cannot be one Custodia grant",
	RuleInactiveNoEnd:       "an inactive Consent without provision.period.end: when it ended is unknown",
	RuleTypeUnknown:         "missing, and policyRule does not say permit (OPTIN) or deny (OPTOUT)",
	RuleSecurityLabel:       "security labels cannot be represented: Custodia scopes consents by data category",
	RuleResourceConsent:     "consents about single resources cannot be represented: Custodia scopes consents by data category",
	RuleDenyEverything:      "a deny without actor, class or code would deny the whole permit",
	RuleDeniesAllRecipients: "denies every recipient the permit covers",
	RuleUnmappedRole:        "role %s has no meaning in the mapping (recipient, practice or ignore)",
	RuleUnmappedRecipient:   "%s is not a recipient of purpose %s: Custodia records organisations the purpose names (map it in \"recipients\")",
	RuleNoConsents:          "no Consent resources",
	RuleImportingUser:       "the importing user is needed for foreign Consents",
	RuleJSONSyntax:          "%s",
	RuleJSONType:            "expected %s, got JSON %s (line %d, column %d)",
	RuleJSONTruncated:       "empty or truncated JSON",
	RuleJSONUnknownField:    "%s",
}

// ruleMessage is the English format of a rule.
func ruleMessage(r FieldRule) string {
	if m, ok := ruleMessages[r]; ok {
		return m
	}
	return fhirRuleMessages[r]
}

// NoConsentsError is the *ValidationError of a FHIR file without any
// Consent resource (field "entry").
func NoConsentsError() error { return invalidField("entry", RuleNoConsents) }

// ruleShowing adds a coded problem whose worded form shows allowed: the
// form or the values the field must take ({{.Allowed}}).
func (v *fields) ruleShowing(field string, rule FieldRule, allowed []string, args ...any) {
	v.rule(field, rule, args...)
	v.list[len(v.list)-1].Allowed = allowed
}

// batchConflict is the *ValidationError of an event that conflicts with
// the ledger or its batch; it wraps cause (ErrExists, ErrNotFound) too, as
// the store contract names it.
func batchConflict(field string, rule FieldRule, cause error, args ...any) error {
	ve := invalidField(field, rule, args...)
	ve.causes = []error{cause}
	return ve
}
