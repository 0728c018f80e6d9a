package consent

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// EventType is what happened to a consent.
type EventType string

// Ledger event types.
const (
	// Granted: the patient (or representative) agreed to the scope.
	Granted EventType = "granted"
	// Withdrawn: ends the grant RefersTo, or every grant of the purpose
	// given up to then when RefersTo is empty. Effective at Time.
	Withdrawn EventType = "withdrawn"
	// Expired: records that the grant RefersTo lapsed at Time.
	Expired EventType = "expired"
	// Renewed: the grant RefersTo counts again from Time until ValidUntil
	// (possibly on a newer text version).
	Renewed EventType = "renewed"
	// Refused: the patient declined when asked; also ends every earlier
	// grant of the purpose (e.g. a refused re-consent after a material change).
	Refused EventType = "refused"
	// Erased: the patient's data was erased (GDPR Art. 17). It ends every
	// grant of every purpose at Time, and from then on Allowed answers no
	// with the reason "erased" for every purpose, including those that need
	// no consent. It names no purpose (PurposeID empty) and carries the
	// erasure request's id; nothing is appended to the patient's ledger after it.
	Erased EventType = "erased"
)

var eventTypes = []EventType{Granted, Withdrawn, Expired, Renewed, Refused, Erased}

// Method is how the consent decision was collected.
type Method string

// Collection methods.
const (
	MethodPaper    Method = "paper"
	MethodScreen   Method = "screen"
	MethodVerbal   Method = "verbal"
	MethodImported Method = "imported"
)

var methods = []Method{MethodPaper, MethodScreen, MethodVerbal, MethodImported}

// Representative relations.
const (
	RelParent          = "parent"
	RelLegalGuardian   = "legal-guardian"
	RelHealthcareProxy = "healthcare-proxy"
	RelCourtAppointed  = "court-appointed"
	RelOther           = "other"
)

var relations = []string{RelParent, RelLegalGuardian, RelHealthcareProxy, RelCourtAppointed, RelOther}

// Representative acted for a minor or incapacitated patient. Name is personal
// data: the vault stores it encrypted, and this package never logs it.
type Representative struct {
	Name     string `json:"name"`
	Relation string `json:"relation"`
}

// Attachment references a signed scan the vault stores encrypted.
type Attachment struct {
	Ref         string `json:"ref"`         // vault attachment id
	ContentType string `json:"contentType"` // e.g. "application/pdf"
	SHA256      string `json:"sha256"`      // lower-case hex of the plaintext bytes
	// SHA1 is the base64 SHA-1 FHIR Attachment.hash carries (optional).
	SHA1 string `json:"sha1,omitempty"`
}

// Deny is an exception inside a grant: the listed data categories are not
// covered for the listed recipients (all recipients when Recipients is empty).
type Deny struct {
	Categories []string `json:"categories"`
	Recipients []string `json:"recipients,omitempty"`
}

// Event is one append-only ledger entry. The current state of a patient's
// consents is derived from the ledger (see Index), never stored.
type Event struct {
	ID        string    `json:"id"`
	Type      EventType `json:"type"`
	PatientID string    `json:"patientId"`
	PurposeID string    `json:"purposeId"`
	// RefersTo is the grant a withdrawal, expiry or renewal acts on.
	RefersTo string `json:"refersTo,omitempty"`
	// Recipients covered (recipient ids of the purpose). Empty: every
	// recipient named by the purpose. The practice itself ("") is always covered.
	Recipients []string `json:"recipients,omitempty"`
	// Categories covered. Empty: every category of the purpose.
	Categories []string  `json:"categories,omitempty"`
	Deny       []Deny    `json:"deny,omitempty"`
	Time       time.Time `json:"time"`
	// ValidUntil ends a grant or renewal; zero: the purpose's validity from
	// Time (or no end when the purpose has none).
	ValidUntil time.Time `json:"validUntil,omitzero"`
	// DataFrom/DataUntil bound the period of the data covered (optional).
	DataFrom  time.Time `json:"dataFrom,omitzero"`
	DataUntil time.Time `json:"dataUntil,omitzero"`
	// RecordedBy is the user id of the staff member who recorded the event.
	RecordedBy     string          `json:"recordedBy"`
	Method         Method          `json:"method"`
	Representative *Representative `json:"representative,omitempty"`
	// TextLanguage, TextVersion and TextSHA256 identify the exact wording shown.
	TextLanguage string      `json:"textLanguage,omitempty"`
	TextVersion  int         `json:"textVersion,omitempty"`
	TextSHA256   string      `json:"textSha256,omitempty"`
	Scan         *Attachment `json:"scan,omitempty"`
	// RequestID is the erasure request an Erased event carries out.
	RequestID string `json:"requestId,omitempty"`
	// Source names where an imported consent came from (e.g. "FHIR Consent
	// <id>; policy <uri>"): ids and URIs only.
	Source string `json:"source,omitempty"`
}

// Validate checks the event on its own (no catalogue).
func (e Event) Validate() error { return e.validate() }

func (e *Event) validate() error {
	var v fields
	if !ValidID(e.ID) {
		v.rule("id", RuleNotAnID)
	}
	if !slices.Contains(eventTypes, e.Type) {
		v.rule("type", RuleUnknownCode, e.Type)
	}
	if !ValidID(e.PatientID) {
		v.rule("patientId", RuleNotAnID)
	}
	if e.Type == Erased {
		e.validateErased(&v)
		return v.err()
	}
	if !purposeIDPattern.MatchString(e.PurposeID) {
		v.rule("purposeId", RulePurposeCode)
	}
	if e.RequestID != "" {
		v.rule("requestId", RuleRequestOnlyErased)
	}
	e.validateLinks(&v)
	e.validateEvidence(&v)
	e.validateScope(&v)
	return v.err()
}

// validateErased checks an Erased event: patient-wide, tied to its request,
// with no scope, text or evidence of a consent.
func (e *Event) validateErased(v *fields) {
	if e.PurposeID != "" {
		v.rule("purposeId", RuleErasedNoPurpose)
	}
	if !ValidID(e.RequestID) {
		v.rule("requestId", RuleErasedRequest)
	}
	if e.Time.IsZero() {
		v.rule("time", RuleRequired)
	}
	if !ValidID(e.RecordedBy) {
		v.rule("recordedBy", RuleNotAnID)
	}
	if e.RefersTo != "" || len(e.Categories) > 0 || len(e.Recipients) > 0 || len(e.Deny) > 0 || e.TextVersion != 0 ||
		e.Representative != nil || e.Scan != nil || !e.ValidUntil.IsZero() {
		v.rule("type", RuleErasedNoScope)
	}
}

// Erase builds the ledger event that ends every consent of a patient when
// the erasure request requestID is carried out.
func Erase(patientID, requestID, recordedBy string, at time.Time) Event {
	return Event{ID: NewID(), Type: Erased, PatientID: patientID, RequestID: requestID, Time: at,
		RecordedBy: recordedBy, Method: MethodImported}
}

func (e *Event) validateLinks(v *fields) {
	if e.Time.IsZero() {
		v.rule("time", RuleRequired)
	}
	switch e.Type {
	case Renewed, Expired:
		if e.RefersTo == "" {
			v.ruleValues("refersTo", RuleGrantReference, string(e.Type))
		}
	case Granted, Refused:
		if e.RefersTo != "" {
			v.ruleValues("refersTo", RuleNoGrantReference, string(e.Type))
		}
	}
	if e.RefersTo != "" && !ValidID(e.RefersTo) {
		v.rule("refersTo", RuleNotAnID)
	}
	if !e.ValidUntil.IsZero() && !e.ValidUntil.After(e.Time) {
		v.rule("validUntil", RuleAfterStart)
	}
	if !e.DataFrom.IsZero() && !e.DataUntil.IsZero() && e.DataUntil.Before(e.DataFrom) {
		v.rule("dataUntil", RuleNotBeforeStart)
	}
}

func (e *Event) validateEvidence(v *fields) {
	if !ValidID(e.RecordedBy) {
		v.rule("recordedBy", RuleNotAnID)
	}
	if !slices.Contains(methods, e.Method) {
		names := make([]string, len(methods))
		for i, m := range methods {
			names[i] = string(m)
		}
		v.ruleAllowed("method", names)
	}
	if r := e.Representative; r != nil {
		if strings.TrimSpace(r.Name) == "" {
			v.rule("representative.name", RuleRequired)
		}
		if !slices.Contains(relations, r.Relation) {
			v.ruleAllowed("representative.relation", relations)
		}
	}
	if e.TextVersion < 0 {
		v.rule("textVersion", RuleNotNegative)
	}
	if len(e.Source) > maxSource || strings.ContainsAny(e.Source, "\n\r") {
		v.ruleValues("source", RuleSourceLine, strconv.Itoa(maxSource))
	}
	if e.TextVersion > 0 && (!langPattern.MatchString(e.TextLanguage) || !sha256Hex(e.TextSHA256)) {
		v.rule("textVersion", RuleTextReference)
	}
	if s := e.Scan; s != nil {
		if !ValidID(s.Ref) {
			v.rule("scan.ref", RuleNotAnID)
		}
		if !strings.Contains(s.ContentType, "/") {
			v.rule("scan.contentType", RuleMediaType)
		}
		if !sha256Hex(s.SHA256) {
			v.ruleValues("scan.sha256", RuleHexDigits, "64")
		}
	}
}

func (e *Event) validateScope(v *fields) {
	for i, c := range e.Categories {
		if !KnownCategory(c) {
			v.rule(fmt.Sprintf("categories[%d]", i), RuleUnknownCode, c)
		}
	}
	for i, d := range e.Deny {
		if len(d.Categories) == 0 {
			v.rule(fmt.Sprintf("deny[%d].categories", i), RuleCategoryNeeded)
		}
		for j, c := range d.Categories {
			if !KnownCategory(c) {
				v.rule(fmt.Sprintf("deny[%d].categories[%d]", i, j), RuleUnknownCode, c)
			}
		}
	}
	if (len(e.Categories) > 0 || len(e.Recipients) > 0 || len(e.Deny) > 0) && e.Type != Granted && e.Type != Refused {
		v.rule("categories", RuleScopeGrantsOnly)
	}
}

// maxSource is the longest source note an event carries, in bytes.
const maxSource = 300

func sha256Hex(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f') {
			return false
		}
	}
	return true
}

// CheckEvent validates e against the catalogue: the purpose exists (and is
// not retired for new grants), recipients and categories belong to it, and a
// grant or renewal of a consent-based purpose names an existing text
// version whose SHA-256 matches.
func (c *Catalogue) CheckEvent(e Event) error { return c.checkEvent(&e) }

func (c *Catalogue) checkEvent(e *Event) error {
	if err := e.validate(); err != nil {
		return err
	}
	if e.Type == Erased {
		return nil
	}
	pe, ok := c.purposes[e.PurposeID]
	if !ok {
		return fmt.Errorf("purpose %q: %w", e.PurposeID, ErrNotFound)
	}
	p := &pe.p
	var v fields
	if p.Retired && e.Type == Granted {
		v.rule("purposeId", RulePurposeRetired, p.ID)
	}
	for i, r := range e.Recipients {
		if _, ok := p.Recipient(r); !ok {
			v.rule(fmt.Sprintf("recipients[%d]", i), RuleNotPurposeRecipient, r, p.ID)
		}
	}
	for i, cat := range e.Categories {
		if !slices.Contains(p.DataCategories, cat) {
			v.rule(fmt.Sprintf("categories[%d]", i), RuleNotPurposeCategory, cat, p.ID)
		}
	}
	for i, d := range e.Deny {
		for j, r := range d.Recipients {
			if _, ok := p.Recipient(r); !ok {
				v.rule(fmt.Sprintf("deny[%d].recipients[%d]", i, j), RuleNotPurposeRecipient, r, p.ID)
			}
		}
	}
	c.checkText(&v, p, e)
	return v.err()
}

func (c *Catalogue) checkText(v *fields, p *Purpose, e *Event) {
	// A consent imported from another system was given on that system's
	// wording: it names its source instead of a Custodia text version.
	foreignWording := e.Method == MethodImported && e.Source != ""
	needsText := p.ConsentRequired && (e.Type == Granted || e.Type == Renewed) && !foreignWording
	if e.TextVersion == 0 {
		if needsText {
			v.rule("textVersion", RuleTextNeeded, e.Type, p.ID)
		}
		return
	}
	t, ok := c.Text(p.ID, e.TextLanguage, e.TextVersion)
	if !ok {
		v.rule("textVersion", RuleNoSuchText, e.TextVersion, e.TextLanguage, p.ID)
		return
	}
	if t.SHA256 != e.TextSHA256 {
		v.rule("textSha256", RuleTextChanged, e.TextVersion)
	}
	if e.Time.Before(t.EffectiveFrom) {
		v.rule("textVersion", RuleTextNotEffective, t.Version, t.EffectiveFrom.Format(time.DateOnly))
	}
	if sup, ok := c.supersededAt(p.ID, e.TextLanguage, e.TextVersion); ok && needsText && !e.Time.Before(sup.EffectiveFrom) {
		v.rule("textVersion", RuleTextSuperseded,
			t.Version, sup.Version, sup.EffectiveFrom.Format(time.DateOnly))
	}
}

// Withdraw builds the withdrawal of a grant, effective at once: it needs only
// what recording the grant needed (who, when, how). The new event gets a fresh id.
func Withdraw(grant Event, recordedBy string, method Method, at time.Time) Event {
	return Event{ID: NewID(), Type: Withdrawn, PatientID: grant.PatientID, PurposeID: grant.PurposeID,
		RefersTo: grant.ID, Time: at, RecordedBy: recordedBy, Method: method}
}

// TextRef names one text version.
type TextRef struct {
	PurposeID string
	Language  string
	Version   int
}

// WithdrawPurpose builds the withdrawal of every grant of a purpose the
// patient has given up to at (RefersTo empty), e.g. when a consent
// withdrawal request (ReqConsentWithdrawal) is completed.
func WithdrawPurpose(patientID, purposeID, recordedBy string, method Method, at time.Time) Event {
	return Event{ID: NewID(), Type: Withdrawn, PatientID: patientID, PurposeID: purposeID, Time: at,
		RecordedBy: recordedBy, Method: method}
}
