package vault_test

// This file is also compiled, as package main, by the program that made
// testdata/format1/dump.json with the code of commit c8530fa (see
// testdata/format1/README.md): it must build against both APIs.

import (
	"context"
	"fmt"

	"custodia/consent"
	"custodia/vault"
)

// format1Dump is everything a session reads back from the fixture.
type format1Dump struct {
	Patients     []vault.Patient                 `json:"patients"`
	History      map[string][]vault.FieldChange  `json:"history"`
	Erased       map[string]vault.ErasedPatient  `json:"erased"`
	Events       []consent.Event                 `json:"events"`
	Requests     []consent.Request               `json:"requests"`
	Transitions  map[string][]consent.Transition `json:"transitions"`
	Disclosures  []consent.Disclosure            `json:"disclosures"`
	Breaches     []consent.Breach                `json:"breaches"`
	Certificates []consent.Certificate           `json:"certificates"`
	Practice     consent.Controller              `json:"practice"`
}

// dumpSession reads every patient, history row, erased record, consent
// event, request with its transitions, disclosure, breach, certificate and
// the practice details with an administrator session. erased names the
// erased patients.
func dumpSession(s *vault.Session, erased []string) (format1Dump, error) {
	ctx := context.Background()
	d := format1Dump{History: map[string][]vault.FieldChange{}, Erased: map[string]vault.ErasedPatient{}, Transitions: map[string][]consent.Transition{}}
	list, err := s.ListPatients(0, 1000)
	if err != nil {
		return d, fmt.Errorf("list patients: %w", err)
	}
	for _, sum := range list {
		p, err := s.GetPatient(sum.ID)
		if err != nil {
			return d, fmt.Errorf("patient %s: %w", sum.ID, err)
		}
		d.Patients = append(d.Patients, p)
		h, err := s.PatientHistory(sum.ID)
		if err != nil {
			return d, fmt.Errorf("history %s: %w", sum.ID, err)
		}
		if len(h) > 0 {
			d.History[sum.ID] = h
		}
	}
	for _, id := range erased {
		e, err := s.ErasedRecord(id)
		if err != nil {
			return d, fmt.Errorf("erased %s: %w", id, err)
		}
		d.Erased[id] = e
	}
	cs := s.ConsentStore()
	if d.Events, err = cs.ListEvents(ctx, consent.EventFilter{}); err != nil {
		return d, fmt.Errorf("events: %w", err)
	}
	if d.Requests, err = cs.ListRequests(ctx, consent.RequestFilter{}); err != nil {
		return d, fmt.Errorf("requests: %w", err)
	}
	for _, r := range d.Requests {
		if d.Transitions[r.ID], err = cs.ListTransitions(ctx, r.ID); err != nil {
			return d, fmt.Errorf("transitions %s: %w", r.ID, err)
		}
	}
	if d.Disclosures, err = cs.ListDisclosures(ctx, ""); err != nil {
		return d, fmt.Errorf("disclosures: %w", err)
	}
	if d.Breaches, err = cs.ListBreaches(ctx); err != nil {
		return d, fmt.Errorf("breaches: %w", err)
	}
	if d.Certificates, err = cs.ListCertificates(ctx); err != nil {
		return d, fmt.Errorf("certificates: %w", err)
	}
	if d.Practice, err = s.Practice(); err != nil {
		return d, fmt.Errorf("practice: %w", err)
	}
	return d, nil
}
