package consent

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"custodia/internal/csvsafe"
)

// AccessPurpose is one purpose in an access report (Art. 15(1)(a)-(d)).
type AccessPurpose struct {
	PurposeID  string   `json:"purposeId"`
	Name       string   `json:"name"`
	Basis      string   `json:"basis"`
	Categories []string `json:"categories"`
	// RecipientIDs are the recipients the patient consented to (deny
	// exceptions applied) or that received the patient's data
	// (disclosures); Recipients are their people-facing names.
	RecipientIDs []string `json:"recipientIds"`
	Recipients   []string `json:"recipients"`
	// MayReceive names the recipients a purpose without consent (care,
	// billing) discloses to when needed and has not yet (Art. 15(1)(c):
	// "will be disclosed").
	MayReceive []string `json:"mayReceive,omitempty"`
	// RecipientRefs and MayReceiveRefs are Recipients and MayReceive by
	// code, name and category, for documents worded in the reader's language.
	RecipientRefs  []RecipientRef `json:"recipientRefs,omitempty"`
	MayReceiveRefs []RecipientRef `json:"mayReceiveRefs,omitempty"`
	// Retention says until when the patient's records are kept (English);
	// RetentionTerms are the same lines as codes, dates and rules.
	Retention      []string        `json:"retention"`
	RetentionTerms []RetentionTerm `json:"retentionTerms,omitempty"`
	// Consent is the patient's consent state for consent-based purposes:
	// "active", "withdrawn", "expired", "superseded", "refused", "erased" or "none".
	Consent string `json:"consent,omitempty"`
	// Stopped says why processing for the purpose is stopped now (objection,
	// restriction, erasure), "" while it runs.
	Stopped string `json:"stopped,omitempty"`
	// StoppedCode is Stopped as a code (ReasonRestricted, ReasonObjected,
	// ReasonErasedCode).
	StoppedCode ReasonCode `json:"stoppedCode,omitempty"`
}

// RecordSection is a titled block of the patient's record the vault adds
// (identity, clinical notes...). It is personal data. Title and Rows are
// the vault's English words (kept for readers of report.json and of
// reports stored before codes); Kind, Date and Codes say what they are,
// so the printed pages word them in the reader's language.
type RecordSection struct {
	Title string      `json:"title"`
	Rows  [][2]string `json:"rows"`
	// Kind is what the section holds; "" in reports made before codes.
	Kind SectionKind `json:"kind,omitempty"`
	// Date is the erasure date of an erased section.
	Date time.Time `json:"date,omitzero"`
	// Codes says what each row is, parallel to Rows (empty, or one per row).
	Codes []RowCode `json:"codes,omitempty"`
	// Portable marks data the patient provided (identity, contact), which
	// a portability request (Art. 20) hands over; observations and
	// assessments of the practice are not portable (they stay in Art. 15).
	Portable bool `json:"-"`
}

// AccessRequestSummary lists a request in the report.
type AccessRequestSummary struct {
	ID         string      `json:"id"`
	Type       RequestType `json:"type"`
	State      State       `json:"state"`
	ReceivedAt time.Time   `json:"receivedAt"`
	ClosedAt   time.Time   `json:"closedAt,omitzero"`
}

// AccessReport answers an access (Art. 15) or portability (Art. 20)
// request: the purposes, bases, recipients and retention periods, the
// consent history, the disclosures, the requests, the rights, and the
// record sections the vault supplies. The whole report is personal data;
// the vault encrypts it for delivery.
type AccessReport struct {
	Title       string                 `json:"title"`
	RequestType RequestType            `json:"requestType"`
	SubjectID   string                 `json:"subjectId"`
	RequestID   string                 `json:"requestId"`
	GeneratedAt time.Time              `json:"generatedAt"`
	Controller  Controller             `json:"controller"`
	Purposes    []AccessPurpose        `json:"purposes"`
	Consents    []GrantStatus          `json:"consents"`
	Events      []Event                `json:"consentEvents"`
	Disclosures []Disclosure           `json:"disclosures"`
	Requests    []AccessRequestSummary `json:"requests"`
	Rights      []string               `json:"rights"`
	Sections    []RecordSection        `json:"sections,omitempty"`
	// Sources is where the data came from (Art. 15(1)(g)), in English;
	// SourceTerms are the same as codes.
	Sources     []string `json:"sources"`
	SourceTerms []Source `json:"sourceTerms,omitempty"`
	// AutomatedDecisionMaking is the Art. 15(1)(h) statement.
	AutomatedDecisionMaking string `json:"automatedDecisionMaking"`
	// Transfers are the third-country transfers with their safeguards (Art. 15(2)).
	Transfers []Transfer `json:"transfers"`
	// Consultations is who looked at or changed the record, from the audit
	// trail (CJEU C-579/21).
	Consultations []Consultation `json:"consultations"`
}

// AccessInput is what BuildAccessReport reads.
type AccessInput struct {
	Request     Request
	Controller  Controller
	Index       *Index
	Events      []Event // the subject's ledger (others are ignored)
	Disclosures []Disclosure
	Requests    []Request
	Rules       []RetentionRule
	Sections    []RecordSection
	// Triggers are the patient's retention triggers the vault knows
	// (created, last treatment, year end); missing ones give periods, not dates.
	Triggers map[Trigger]time.Time
	// RecordSources are where the stored record came from (Art. 15(1)(g)).
	RecordSources []Source
	// Consultations come from the audit trail.
	Consultations []Consultation
	// NamedRecipients name recipients the catalogue does not name, by
	// recipient code (a research study's recipient for "research:<study>").
	NamedRecipients map[string]RecipientRef
}

// recipientRef is a recipient by code with its name and category: a
// name the vault supplies (a research study), else the catalogue's.
func (in AccessInput) recipientRef(p Purpose, id string) RecipientRef {
	if r, ok := in.NamedRecipients[id]; ok {
		r.ID = id
		return r
	}
	return recipientRef(p, id)
}

// BuildAccessReport assembles the report for an access, portability or
// HIPAA access request at now. It returns ErrInvalid for other request types.
func BuildAccessReport(in AccessInput, now time.Time) (AccessReport, error) {
	r := in.Request
	if r.Type != ReqAccess && r.Type != ReqPortability && r.Type != ReqHIPAAAccess {
		return AccessReport{}, fmt.Errorf("request %s is %s, not an access request: %w", r.ID, r.Type, ErrInvalid)
	}
	a := AccessReport{Title: accessTitle(r.Type), RequestType: r.Type, SubjectID: r.SubjectID, RequestID: r.ID, GeneratedAt: now, Controller: in.Controller,
		Consents: in.Index.Status(r.SubjectID, now), Rights: rights(), Sections: in.Sections,
		AutomatedDecisionMaking: NoAutomatedDecisions, Consultations: in.Consultations, Transfers: []Transfer{}}
	if a.Consultations == nil {
		a.Consultations = []Consultation{}
	}
	for _, e := range in.Events {
		if e.PatientID == r.SubjectID {
			a.Events = append(a.Events, e)
		}
	}
	for _, d := range in.Disclosures {
		if d.PatientID == r.SubjectID {
			a.Disclosures = append(a.Disclosures, d)
		}
	}
	for _, q := range in.Requests {
		if q.SubjectID == r.SubjectID {
			a.Requests = append(a.Requests, AccessRequestSummary{ID: q.ID, Type: q.Type, State: q.State, ReceivedAt: q.ReceivedAt, ClosedAt: q.ClosedAt})
		}
	}
	a.SourceTerms = sourcesOf(in.RecordSources, a.Events)
	a.Sources = make([]string, len(a.SourceTerms))
	for i, s := range a.SourceTerms {
		a.Sources[i] = s.English()
	}
	for _, p := range in.Index.cat.Purposes() {
		ap, ok := a.patientPurpose(p, in, now)
		if !ok {
			continue
		}
		a.Purposes = append(a.Purposes, ap)
		ids := ap.RecipientIDs
		if !p.ConsentRequired {
			for _, r := range covered(Event{}, p) {
				if !slices.Contains(ids, r) {
					ids = append(slices.Clone(ids), r)
				}
			}
		}
		a.Transfers = append(a.Transfers, transfersOf(p, ids)...)
	}
	return a, nil
}

// accessTitle is the heading of the report for the request type.
func accessTitle(t RequestType) string {
	switch t {
	case ReqPortability:
		return "Your data in a portable format (GDPR Art. 20)"
	case ReqHIPAAAccess:
		return "Access to your protected health information (45 CFR 164.524)"
	}
	return "Information about your data (GDPR Art. 15)"
}

// patientPurpose is one purpose as it applies to this patient: the
// categories and recipients from the patient's own grants (deny exceptions
// applied) and disclosures, and retention dates from the patient's records.
func (a *AccessReport) patientPurpose(p Purpose, in AccessInput, now time.Time) (AccessPurpose, bool) {
	acc, ok := patientScope(p, in.Index, a.Events, a.Disclosures, now)
	if !ok {
		return AccessPurpose{}, false
	}
	ap := AccessPurpose{PurposeID: p.ID, Name: p.Name, Basis: p.Basis(), Categories: acc.cats, RecipientIDs: acc.recips}
	if ap.Categories == nil {
		ap.Categories = []string{}
	}
	if ap.RecipientIDs == nil {
		ap.RecipientIDs = []string{}
	}
	ap.Recipients = make([]string, len(acc.recips))
	for i, id := range acc.recips {
		ref := in.recipientRef(p, id)
		ap.RecipientRefs = append(ap.RecipientRefs, ref)
		ap.Recipients[i] = ref.English()
	}
	if !p.ConsentRequired {
		for _, r := range p.Recipients {
			if !slices.Contains(acc.recips, r.ID) {
				ref := recipientRef(p, r.ID)
				ap.MayReceiveRefs = append(ap.MayReceiveRefs, ref)
				ap.MayReceive = append(ap.MayReceive, ref.English())
			}
		}
	}
	end, active := consentEnd(a.Consents, a.Events, p.ID)
	ap.RetentionTerms = patientRetention(p, ap.Categories, in.Rules, in.Triggers, end, active)
	ap.Retention = make([]string, len(ap.RetentionTerms))
	for i, t := range ap.RetentionTerms {
		ap.Retention[i] = t.English()
	}
	if b := in.Index.patients[a.SubjectID].block(p.ID, "", "", now); b != nil {
		ap.Stopped = blockReason(b)
		ap.StoppedCode = blockCode(b.Kind)
	}
	if !p.ConsentRequired {
		return ap, true
	}
	ap.Consent = "none"
	for _, c := range a.Consents {
		if c.PurposeID == p.ID {
			ap.Consent = c.Status // the latest grant wins (Status is oldest first)
		}
	}
	if ap.Consent == "none" && slices.ContainsFunc(a.Events, func(e Event) bool { return e.PurposeID == p.ID && e.Type == Refused }) {
		ap.Consent = "refused"
	}
	return ap, true
}

func rights() []string {
	return []string{
		"rectification of inaccurate data (GDPR Art. 16)",
		"erasure, within the limits of Art. 17(3) (GDPR Art. 17)",
		"restriction of processing (GDPR Art. 18)",
		"data portability (GDPR Art. 20)",
		"objection to processing (GDPR Art. 21)",
		"withdrawal of consent at any time, with effect for the future (GDPR Art. 7(3))",
		"complaint to a supervisory authority (GDPR Art. 77)",
	}
}

// JSON renders the machine-readable report.
func (a AccessReport) JSON() ([]byte, error) { return json.MarshalIndent(a, "", "  ") }

// WriteDisclosuresCSV writes the disclosures as CSV (recipient, purpose,
// categories, time).
func (a AccessReport) WriteDisclosuresCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"disclosure_id", "recipient", "purpose_id", "categories", "at"}); err != nil {
		return err
	}
	for _, d := range a.Disclosures {
		if err := cw.Write(csvsafe.Row([]string{d.ID, d.Recipient, d.PurposeID, strings.Join(d.Categories, "; "), d.At.UTC().Format(time.RFC3339)})); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
