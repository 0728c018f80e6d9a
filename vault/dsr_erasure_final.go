package vault

import (
	"database/sql"
	"errors"
	"fmt"

	"custodia/consent"
)

// Erasure is final for the consent domain (see consent.Erase): inside the
// erasure's transaction the vault appends the Erased ledger event, closes
// the patient's other open requests with the reason recorded, counts the
// rows that really stay (append-only ledger, requests, disclosures) and
// names approver, issuer and practice on the certificate. Afterwards
// AppendEvents refuses every event for the patient and CreateRequest every
// request but an access request (Art. 15 still covers what Art. 17(3) kept),
// both with a *consent.ErasedError.

// erasedSubject returns a *consent.ErasedError when the patient was erased.
func erasedSubject(tx *txn, patientID string) error {
	var at int64
	var requestID string
	err := tx.QueryRow("SELECT erased_at, request_id FROM erased_patients WHERE patient_id = ?", patientID).Scan(&at, &requestID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("vault: read erasure of patient %s: %w", patientID, err)
	}
	return &consent.ErasedError{SubjectID: patientID, RequestID: requestID, At: timeOrZero(at)}
}

// checkEventsNotErased refuses events for erased patients, and erased
// events: only ExecuteErasure writes those, together with the erasure.
func checkEventsNotErased(tx *txn, events []consent.Event) error {
	seen := map[string]bool{}
	for i, e := range events {
		if e.Type == consent.Erased {
			return &consent.ValidationError{Fields: []consent.FieldError{{Field: fmt.Sprintf("events[%d].type", i),
				Message: "erased events are recorded by carrying out an erasure request, not appended", Rule: consent.FieldRule(RuleErasedEvent)}}}
		}
		if seen[e.PatientID] {
			continue
		}
		seen[e.PatientID] = true
		if err := erasedSubject(tx, e.PatientID); err != nil {
			return fmt.Errorf("events[%d] %s: %w", i, e.ID, err)
		}
	}
	return nil
}

// checkRequestNotErased refuses a new request about an erased patient,
// except access requests (the patient may ask what was kept).
func checkRequestNotErased(tx *txn, r consent.Request) error {
	if consent.AllowedAfterErasure(r.Type) {
		return nil
	}
	return erasedSubject(tx, r.SubjectID)
}

// appendErased records the erasure in the consent ledger.
func (e *erasure) appendErased() error {
	ev := consent.Erase(e.old.ID, e.plan.RequestID, e.s.User().ID, e.now)
	if err := ev.Validate(); err != nil {
		return err
	}
	if err := e.k.insertEvent(e.tx, ev); err != nil {
		return err
	}
	return e.s.audit(e.tx, e.k, "consent.append", "consent:"+ev.ID, outcomeOK, "patient="+e.old.ID+" type=erased")
}

// closeOpenRequests closes the patient's other open requests: once the
// data is erased there is nothing left to act on.
func (e *erasure) closeOpenRequests() error {
	open, err := listRequests(e.tx, e.k, consent.RequestFilter{SubjectID: e.old.ID, OpenOnly: true})
	if err != nil {
		return err
	}
	actor := e.s.ConsentActor()
	for _, r := range open {
		if r.ID == e.plan.RequestID {
			continue
		}
		closed, t, err := consent.CloseForErasure(r, e.plan.RequestID, actor, e.now)
		if err != nil {
			return err
		}
		closed.Version++
		if err := e.k.writeRequest(e.tx, closed, false); err != nil {
			return err
		}
		if err := appendTransition(e.tx, t); err != nil {
			return err
		}
		detail := fmt.Sprintf("action=%s from=%s to=%s version=%d", t.Action, r.State, closed.State, closed.Version)
		if err := e.s.audit(e.tx, e.k, "request.transition", "request:"+r.ID, outcomeOK, detail); err != nil {
			return err
		}
	}
	return nil
}

// rowsOf counts the stored rows of an append-only record category of the
// patient: they stay whatever the plan's action (the action decides what
// happens to their personal fields).
func (e *erasure) rowsOf(c consent.RecordCategory) (int, string, error) {
	var q, note string
	switch c {
	case consent.RecConsents:
		q, note = "SELECT count(*) FROM consent_events WHERE patient_id = ?", "ledger events stay as pseudonymous entries (ids, purposes, times)"
	case consent.RecRequests:
		q, note = "SELECT count(*) FROM dsr_requests WHERE subject_id = ?", "request records stay (type, state, dates); requester name and description go with the action"
	case consent.RecDisclosures:
		q, note = "SELECT count(*) FROM disclosures WHERE patient_id = ?", "disclosure log stays (recipient codes, categories, times) for GDPR Art. 19"
	default:
		return 0, "", nil
	}
	var n int
	if err := e.tx.QueryRow(q, e.old.ID).Scan(&n); err != nil {
		return 0, "", fmt.Errorf("vault: erasure of patient %s: %w", e.old.ID, err)
	}
	return n, note, nil
}

// details names the approver, the issuer and the practice for the certificate.
func (e *erasure) details() (consent.CertificateDetails, error) {
	approver, err := findUser(e.tx, "id", e.plan.ApprovedBy)
	if err != nil {
		return consent.CertificateDetails{}, invalidRule("plan.approvedBy", RuleNotAUser)
	}
	issuer := e.s.User()
	d := consent.CertificateDetails{ApproverName: approver.Name, ApproverRole: string(approver.Role),
		IssuerName: issuer.Name, IssuerRole: string(issuer.Role)}
	var ct []byte
	err = e.tx.QueryRow("SELECT ciphertext FROM practice WHERE id = 1").Scan(&ct)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return d, nil // practice details never set: the certificate cannot name them
	case err != nil:
		return d, fmt.Errorf("vault: read practice details: %w", err)
	}
	return d, e.k.openVault(catCommon, "practice", "1", ct, &d.Controller)
}
