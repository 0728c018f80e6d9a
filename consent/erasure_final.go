package consent

import (
	"fmt"
	"slices"
	"time"
)

// Erasure is final for the consent domain. When the vault carries out an
// erasure plan it appends an Erased event (Erase), which ends every grant
// and makes Allowed answer no with the reason "erased" for every purpose;
// closes the patient's other open requests (CloseForErasure); refuses new
// requests and events for the patient (*ErasedError); and issues a
// certificate that names the approver and the controller (CertificateDetails).

// ActionCloseErased is the Transition action of CloseForErasure.
const ActionCloseErased = "close-erased"

// CloseForErasure closes an open request of a patient whose data the
// erasure request erasureID erased: there is nothing left to act on. The
// request goes to state closed with ClosedAt and ClosedReason recorded; the
// transition names the erasure request. The erasure request itself is not
// closed this way (it is completed). Needs PermDecide; ErrTransition for a
// closed request or the erasure request itself.
func CloseForErasure(r Request, erasureID string, a Actor, at time.Time) (Request, Transition, error) {
	if err := a.need(PermDecide); err != nil {
		return r, Transition{}, err
	}
	if !r.Open() || r.ID == erasureID {
		return r, Transition{}, stepError(StepClosed, r.State, "", "request %s is %s", r.ID, r.State)
	}
	t := Transition{RequestID: r.ID, Action: ActionCloseErased, From: r.State, To: StateClosed, By: a.UserID, Role: a.Role,
		At: at, Detail: "subject erased by request " + erasureID}
	r.State, r.ClosedAt, r.ClosedReason = StateClosed, at, "subject-erased:"+erasureID
	return r, t, nil
}

// ErasedIn returns the erasure of a patient recorded in a ledger: its
// Erased event, if any (the first one).
func ErasedIn(events []Event, patientID string) (Event, bool) {
	i := slices.IndexFunc(events, func(e Event) bool { return e.Type == Erased && e.PatientID == patientID })
	if i < 0 {
		return Event{}, false
	}
	return events[i], true
}

// CheckNotErased returns an *ErasedError when the ledger holds an erasure
// of the patient: stores call it before accepting new events or requests.
func CheckNotErased(events []Event, patientID string) error {
	if e, ok := ErasedIn(events, patientID); ok {
		return &ErasedError{SubjectID: patientID, RequestID: e.RequestID, At: e.Time}
	}
	return nil
}

// AllowedAfterErasure reports whether a request of type t may still be
// opened for an erased patient: only access (GDPR Art. 15, HIPAA access),
// since what Art. 17(3) kept is still processed and the patient may ask
// about it. Everything else is refused with an *ErasedError.
func AllowedAfterErasure(t RequestType) bool { return t == ReqAccess || t == ReqHIPAAAccess }

// CheckRequestNotErased refuses a new request about a patient the ledger
// records as erased, unless AllowedAfterErasure.
func CheckRequestNotErased(r Request, events []Event) error {
	if AllowedAfterErasure(r.Type) {
		return nil
	}
	return CheckNotErased(events, r.SubjectID)
}

// roleLabels are the English names of the roles, for the access report's
// consultations (Consultation.Role; pages word RoleCode); certificates
// stored them before they stored role codes (RoleCode reads them back).
var roleLabels = map[string]string{
	RoleAdmin: "administrator", RoleDPO: "data protection officer", RoleClinician: "clinician",
	RoleFrontDesk: "front desk", RoleResearcher: "researcher",
}

// RoleLabel returns the English name of a role ("data protection
// officer" for "dpo"); unknown roles are returned as they are.
func RoleLabel(role string) string {
	if l, ok := roleLabels[role]; ok {
		return l
	}
	return role
}

// RoleCode is the role code of a certificate's ApproverRole or
// IssuerRole: the stored code, or the code of the English role name an
// older certificate stored (its seal covers that text, which stays as it
// was), so every certificate names roles through the front ends' one role
// lookup; anything else as stored.
func RoleCode(stored string) string {
	for code, name := range roleLabels {
		if name == stored {
			return code
		}
	}
	return stored
}

// CertificateDetails are the people and the controller a certificate names:
// staff by name and role (never a user id alone) and the practice.
type CertificateDetails struct {
	ApproverName string
	ApproverRole string // a Role* constant
	IssuerName   string
	IssuerRole   string
	Controller   Controller
}

// WithDetails returns the certificate with the approver, issuer and
// controller filled in, sealed again. ErrInvalid when a name is missing.
func (c Certificate) WithDetails(d CertificateDetails) (Certificate, error) {
	if d.ApproverName == "" || d.ApproverRole == "" || d.IssuerName == "" {
		return c, fmt.Errorf("certificate %s: approver and issuer are named by name and role: %w", c.ID, ErrInvalid)
	}
	c.ApproverName, c.ApproverRole = d.ApproverName, d.ApproverRole
	c.IssuerName, c.IssuerRole = d.IssuerName, d.IssuerRole
	if d.Controller.Name != "" {
		ctl := d.Controller
		c.Controller = &ctl
	}
	return c.seal(), nil
}

// Kept returns the certificate's kept item of a record category.
func (c Certificate) Kept(cat RecordCategory) (CertificateItem, bool) {
	for _, it := range c.Items {
		if it.Category == cat && it.Action == ActKeep {
			return it, true
		}
	}
	return CertificateItem{}, false
}
