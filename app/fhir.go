package app

import (
	"bytes"
	"time"

	"custodia/assets"
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

// FHIRImport configures ImportConsentsFHIR.
type FHIRImport struct {
	// Patient files the events under this patient id of this vault (when
	// the patient moved from another practice); "" keeps Patient/<id>.
	Patient string
	// Mapping is the JSON mapping table for Consents written by other
	// systems (HL7 R4, IHE PCF); nil means the shipped table
	// (assets/fhir-consent-map.json).
	Mapping []byte
	// Purpose names the purpose of foreign Consents whose codes do not.
	Purpose string
	// Location is the practice's time zone for date-only ends (nil: UTC).
	Location *time.Location
	// DryRun checks everything and stores nothing.
	DryRun bool
}

// ImportConsentsFHIR reads a Bundle or one Consent — written by
// ExportConsentsFHIR, or by another system and mapped onto this vault's
// purposes, categories and recipients through the mapping table — files
// the events under in.Patient when given, checks that every patient exists
// and the whole batch against the catalogue and the ledger, and appends it
// in one step (all or nothing). With in.DryRun it only checks. It returns
// what was read, with how each foreign element was mapped.
func (s *Session) ImportConsentsFHIR(data []byte, in FHIRImport) ([]consent.Imported, error) {
	cat, err := s.Catalogue()
	if err != nil {
		return nil, err
	}
	if in.Patient != "" && !consent.ValidID(in.Patient) {
		return nil, &consent.ValidationError{Fields: []consent.FieldError{{Field: "patient", Message: "not a patient id", Rule: consent.RuleNotAnID}}}
	}
	mapping := in.Mapping
	if mapping == nil {
		mapping = assets.FHIRConsentMap()
	}
	m, err := consent.LoadFHIRMapping(bytes.NewReader(mapping))
	if err != nil {
		return nil, errorf(ErrBadMapping, err, "mapping table: %v", err)
	}
	imported, err := consent.ImportConsents(data, cat, consent.ImportOptions{Mapping: m, PatientID: in.Patient,
		PurposeID: in.Purpose, RecordedBy: s.Actor().UserID, Location: in.Location})
	if err != nil {
		return nil, err
	}
	if len(imported) == 0 {
		return nil, consent.NoConsentsError()
	}
	events := make([]consent.Event, len(imported))
	for i, im := range imported {
		events[i] = im.Event
	}
	seen := map[string]bool{}
	for _, e := range events {
		if !seen[e.PatientID] {
			seen[e.PatientID] = true
			if err := s.RequirePatient(e.PatientID, false); err != nil {
				return nil, err
			}
		}
	}
	if in.DryRun {
		return imported, s.checkBatch(cat, events)
	}
	return imported, s.Store().AppendEvents(s.ctx, events...)
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
