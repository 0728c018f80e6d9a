package consent

// ReasonCode is why Index.Allowed decided as it did, as a code: callers
// count, filter and word decisions by it (front ends through
// custodia/i18n), never by Decision.Reason's text.
type ReasonCode string

// Decision reasons.
const (
	// ReasonActiveConsent: an active grant covers the question.
	ReasonActiveConsent ReasonCode = "active-consent"
	// ReasonNoConsentNeeded: the purpose's lawful basis needs no consent.
	ReasonNoConsentNeeded ReasonCode = "no-consent-needed"
	// ReasonNoConsent: no consent was recorded for the purpose.
	ReasonNoConsent ReasonCode = "no-consent"
	// ReasonNotYetGiven: the consent was given only after the time asked.
	ReasonNotYetGiven ReasonCode = "not-yet-given"
	// ReasonWithdrawn: the consent was withdrawn.
	ReasonWithdrawn ReasonCode = "withdrawn"
	// ReasonRefused: the patient refused consent.
	ReasonRefused ReasonCode = "refused"
	// ReasonExpired: the consent's validity period ended.
	ReasonExpired ReasonCode = "expired"
	// ReasonReconsent: the consent text changed materially; re-consent needed.
	ReasonReconsent ReasonCode = "re-consent-needed"
	// ReasonRecipientNotCovered: the consent does not name the recipient.
	ReasonRecipientNotCovered ReasonCode = "recipient-not-covered"
	// ReasonCategoryNotCovered: the consent does not cover the category.
	ReasonCategoryNotCovered ReasonCode = "category-not-covered"
	// ReasonDenyException: a deny exception of the consent covers the category.
	ReasonDenyException ReasonCode = "deny-exception"
	// ReasonRestricted: processing is restricted (Art. 18); Decision.Block says so too.
	ReasonRestricted ReasonCode = "restricted"
	// ReasonObjected: the patient objected (Art. 21); Decision.Block says so too.
	ReasonObjected ReasonCode = "objected"
	// ReasonErasedCode: the patient's data was erased (Art. 17).
	ReasonErasedCode ReasonCode = "erased"
	// ReasonUnknownPurpose: the catalogue has no such purpose.
	ReasonUnknownPurpose ReasonCode = "unknown-purpose"
	// ReasonRecipientNotNamed: the purpose does not name the recipient.
	ReasonRecipientNotNamed ReasonCode = "recipient-not-named"
	// ReasonCategoryNotProcessed: the purpose does not process the category.
	ReasonCategoryNotProcessed ReasonCode = "category-not-processed"
)

// ReasonCodes lists every code a Decision can carry, in declaration order;
// the front ends' catalogue tests word each one.
func ReasonCodes() []ReasonCode {
	return []ReasonCode{ReasonActiveConsent, ReasonNoConsentNeeded, ReasonNoConsent, ReasonNotYetGiven, ReasonWithdrawn,
		ReasonRefused, ReasonExpired, ReasonReconsent, ReasonRecipientNotCovered, ReasonCategoryNotCovered,
		ReasonDenyException, ReasonRestricted, ReasonObjected, ReasonErasedCode, ReasonUnknownPurpose,
		ReasonRecipientNotNamed, ReasonCategoryNotProcessed}
}
