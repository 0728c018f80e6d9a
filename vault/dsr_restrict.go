package vault

import (
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"custodia/consent"
)

// dsrRequest reads the clear fields of a data-subject request and checks it
// is one of types, about patientID. The check failing is a *ValidationError
// on "requestID" (the request decides what may be done to the record).
func dsrRequest(tx *txn, requestID, patientID string, types ...consent.RequestType) (consent.Request, error) {
	var body string
	err := tx.QueryRow("SELECT body FROM dsr_requests WHERE id = ?", requestID).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return consent.Request{}, invalidRule("requestID", RuleNoSuchRequest, requestID)
	}
	if err != nil {
		return consent.Request{}, fmt.Errorf("vault: read request %s: %w", requestID, err)
	}
	var r consent.Request
	if err := decodeBody(body, "request "+requestID, &r); err != nil {
		return consent.Request{}, err
	}
	if r.SubjectID != patientID || !slices.Contains(types, r.Type) {
		return consent.Request{}, invalidValues("requestID", RuleRequestOfPatient, requestTypes(types), requestID, "a "+string(types[0]), patientID)
	}
	return r, nil
}

// SetRestricted sets or lifts the restriction of processing (GDPR Art. 18)
// of a patient, citing the restriction request. Needs PermRequestDecide.
// A restricted patient is read-only (UpdatePatient and Rectify return
// ErrRestricted), flagged Restricted in lists and excluded from exports
// (RestrictedPatients). Setting and lifting are audited with the request
// id. Returns ErrNotFound for an unknown patient and *ValidationError when
// requestID is not a restriction request of this patient.
func (s *Session) SetRestricted(patientID string, on bool, requestID string) error {
	action := "patient.restrict"
	if !on {
		action = "patient.unrestrict"
	}
	object := "patient:" + patientID
	return s.run(PermRequestDecide, action, object, func(tx *txn, k *keys) error {
		if _, err := dsrRequest(tx, requestID, patientID, consent.ReqRestriction); err != nil {
			return err
		}
		old, err := k.loadPatient(tx, patientID, s.readableColumns())
		if err != nil {
			return err
		}
		if old.Restricted == on {
			return s.audit(tx, k, action, object, outcomeOK, "request="+requestID+" unchanged")
		}
		// A new version re-seals the fields (their associated data binds it).
		p := old
		p.Restricted, p.Version, p.UpdatedAt = on, old.Version+1, s.v.now().UTC()
		if err := rewritePatient(tx, k, old, p); err != nil {
			return fmt.Errorf("vault: restrict patient %s: %w", patientID, err)
		}
		return s.audit(tx, k, action, object, outcomeOK, "request="+requestID)
	})
}

// RestrictedPatients returns the ids of restricted patients, in creation
// order, for exports to leave out. Needs PermPatientRead or
// PermResearchExport (ids only).
func (s *Session) RestrictedPatients() ([]string, error) {
	perm := PermPatientRead
	if !s.User().Role.Can(perm) {
		perm = PermResearchExport
	}
	var ids []string
	err := s.run(perm, "patient.restricted-list", "", func(tx *txn, k *keys) error {
		var err error
		ids, err = queryIDs(tx, "list restricted patients", "SELECT id FROM patients WHERE restricted = 1 ORDER BY seq")
		if err != nil {
			return err
		}
		return s.audit(tx, k, "patient.restricted-list", "", outcomeOK, fmt.Sprintf("count=%d", len(ids)))
	})
	return ids, err
}
