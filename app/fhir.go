package app

import (
	"encoding/json"

	"custodia/consent"
)

// ExportConsentsFHIR writes a patient's consent events as a FHIR R4
// collection Bundle; ErrNoActiveConsent-free: a patient without events is
// consent.ErrNotFound. It returns the Bundle and the number of events.
func (s *Session) ExportConsentsFHIR(patient string, org consent.Organization) ([]byte, int, error) {
	l, err := s.PatientLedger(patient)
	if err != nil {
		return nil, 0, err
	}
	if len(l.Events) == 0 {
		return nil, 0, errorf(ErrNoActiveConsent, consent.ErrNotFound, "patient %s has no consent events", patient)
	}
	data, err := l.Index.ExportPatientFHIR(patient, l.Events, org, s.Now())
	return data, len(l.Events), err
}

// ImportConsentsFHIR reads a Bundle written by ExportConsentsFHIR (or one
// Consent), files the events under patient when given, checks that every
// patient exists and the whole batch against the catalogue and the
// ledger, and appends it in one step (all or nothing). With dryRun it
// only checks. It returns the number of events.
func (s *Session) ImportConsentsFHIR(data []byte, patient string, dryRun bool) (int, error) {
	cat, err := s.Catalogue()
	if err != nil {
		return 0, err
	}
	events, err := parseFHIR(data, cat)
	if err != nil {
		return 0, err
	}
	if len(events) == 0 {
		return 0, &consent.ValidationError{Fields: []consent.FieldError{{Field: "entry", Message: "no Consent resources"}}}
	}
	if patient != "" {
		if !consent.ValidID(patient) {
			return 0, &consent.ValidationError{Fields: []consent.FieldError{{Field: "patient", Message: "not a patient id"}}}
		}
		for i := range events {
			events[i].PatientID = patient
		}
	}
	seen := map[string]bool{}
	for _, e := range events {
		if !seen[e.PatientID] {
			seen[e.PatientID] = true
			if err := s.RequirePatient(e.PatientID, false); err != nil {
				return 0, err
			}
		}
	}
	if dryRun {
		return len(events), s.checkBatch(cat, events)
	}
	return len(events), s.Store().AppendEvents(s.ctx, events...)
}

// parseFHIR reads a Bundle or a single Consent.
func parseFHIR(data []byte, cat *consent.Catalogue) ([]consent.Event, error) {
	var head struct {
		ResourceType string `json:"resourceType"`
	}
	if err := json.Unmarshal(data, &head); err == nil && head.ResourceType == "Consent" {
		e, err := consent.ImportFHIR(data, cat)
		if err != nil {
			return nil, err
		}
		return []consent.Event{e}, nil
	}
	return consent.ImportFHIRBundle(data, cat)
}

// checkBatch runs the store's append checks without appending.
func (s *Session) checkBatch(cat *consent.Catalogue, events []consent.Event) error {
	existing, err := s.Store().ListEvents(s.ctx, consent.EventFilter{})
	if err != nil {
		return err
	}
	byID := make(map[string]consent.Event, len(existing))
	for _, e := range existing {
		byID[e.ID] = e
	}
	return cat.CheckBatch(events, func(id string) (consent.Event, bool) { e, ok := byID[id]; return e, ok })
}
