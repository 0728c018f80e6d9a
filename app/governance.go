package app

import (
	"errors"
	"strings"
	"time"

	"custodia/consent"
)

// Retention is the retention schedule and what is due under it.
type Retention struct {
	Rules []consent.RetentionRule
	Items []consent.RetentionItem
	Due   []consent.DueItem
	// NoRecords says the vault did not list patient records (identity,
	// contact, clinical), so they are missing from Items.
	NoRecords bool
}

// RetentionDue lists the records the schedule applies to (closed
// requests, disclosures, grants that no longer count, and the patient
// records the vault reports; open requests and restricted patients on
// hold) and those whose period ended by now.
func (s *Session) RetentionDue() (Retention, error) {
	rules, err := s.Store().ListRetentionRules(s.ctx)
	if err != nil {
		return Retention{}, err
	}
	items, err := s.storeItems()
	if err != nil {
		return Retention{}, err
	}
	rt := Retention{Rules: rules}
	records, err := s.v.RetentionItems()
	switch {
	case errors.Is(err, ErrNoRecordItems):
		rt.NoRecords = true
	case err != nil:
		return Retention{}, err
	}
	rt.Items = append(items, records...)
	rt.Due = consent.DueForDeletion(rt.Items, rules, s.Now())
	return rt, nil
}

func (s *Session) storeItems() ([]consent.RetentionItem, error) {
	reqs, err := s.Store().ListRequests(s.ctx, consent.RequestFilter{})
	if err != nil {
		return nil, err
	}
	var out []consent.RetentionItem
	for _, r := range reqs {
		out = append(out, consent.RetentionItem{RecordID: "request:" + r.ID, SubjectID: r.SubjectID,
			Category: consent.RecRequests, TriggerAt: r.ClosedAt, Hold: r.Open()})
	}
	ds, err := s.Store().ListDisclosures(s.ctx, "")
	if err != nil {
		return nil, err
	}
	for _, d := range ds {
		out = append(out, consent.RetentionItem{RecordID: "disclosure:" + d.ID, SubjectID: d.PatientID,
			Category: consent.RecDisclosures, TriggerAt: d.At})
	}
	more, err := s.endedConsents()
	return append(out, more...), err
}

// endedConsents lists grants that no longer count, dated when they ended;
// active grants are proof of consent still in use and are not listed.
func (s *Session) endedConsents() ([]consent.RetentionItem, error) {
	ix, events, err := s.Index()
	if errors.Is(err, ErrCatalogueEmpty) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	byID := make(map[string]consent.Event, len(events))
	seen := map[string]bool{}
	var order []string
	for _, e := range events {
		byID[e.ID] = e
		if !seen[e.PatientID] {
			seen[e.PatientID] = true
			order = append(order, e.PatientID)
		}
	}
	var out []consent.RetentionItem
	now := s.Now()
	for _, pid := range order {
		for _, st := range ix.Status(pid, now) {
			if at, ended := endOf(st, byID); ended {
				out = append(out, consent.RetentionItem{RecordID: "consent:" + st.GrantID, SubjectID: pid,
					Category: consent.RecConsents, TriggerAt: at})
			}
		}
	}
	return out, nil
}

// endOf returns when a grant stopped counting.
func endOf(st consent.GrantStatus, byID map[string]consent.Event) (time.Time, bool) {
	switch {
	case st.EndedBy != "":
		return byID[st.EndedBy].Time, true
	case st.Status == "expired":
		return st.ValidUntil, true
	}
	return time.Time{}, false
}

// DeleteDue makes a deletion batch of due records, records the DPO's
// approval, deletes the closed requests in it and issues the certificate.
// Patient records are not deleted here: they go through erasure requests.
func (s *Session) DeleteDue(items []consent.DueItem) (consent.Certificate, error) {
	now := s.Now()
	b, err := consent.NewDeletionBatch(items, s.Actor(), now)
	if err != nil {
		return consent.Certificate{}, err
	}
	if b, err = b.Approve(s.Actor(), now); err != nil {
		return consent.Certificate{}, err
	}
	var results []consent.ExecutionResult
	for _, d := range b.Items {
		id := strings.TrimPrefix(d.Item.RecordID, "request:")
		r, err := s.Store().GetRequest(s.ctx, id)
		if err != nil {
			return consent.Certificate{}, err
		}
		if err := s.Store().DeleteRequest(s.ctx, id, r.Version); err != nil {
			return consent.Certificate{}, err
		}
		results = append(results, consent.ExecutionResult{Category: d.Item.Category, RecordID: d.Item.RecordID, Action: d.Action, Records: 1})
	}
	cert, err := consent.RetentionCertificate(b, results, s.Actor(), now)
	if err != nil {
		return cert, err
	}
	return cert, s.Store().AddCertificate(s.ctx, cert)
}

// PurgeRetention destroys what erasures kept under Art. 17(3) once its
// keep-until date passed and returns how many patients it purged.
func (s *Session) PurgeRetention() (int, error) { return s.v.PurgeRetention() }

// ROPA builds the records of processing activities (Art. 30) for a controller.
func (s *Session) ROPA(ctrl consent.Controller) (consent.ROPA, error) {
	ps, err := s.Store().ListPurposes(s.ctx)
	if err != nil {
		return consent.ROPA{}, err
	}
	rules, err := s.Store().ListRetentionRules(s.ctx)
	if err != nil {
		return consent.ROPA{}, err
	}
	return consent.BuildROPA(ctrl, ps, rules, consent.DefaultSecurityMeasures(), s.Now()), nil
}

// Breaches lists the breach log.
func (s *Session) Breaches() ([]consent.Breach, error) { return s.Store().ListBreaches(s.ctx) }

// SaveBreach stores a new or changed breach (governance, audited).
func (s *Session) SaveBreach(b consent.Breach) (consent.Breach, error) {
	return s.Store().PutBreach(s.ctx, b)
}
