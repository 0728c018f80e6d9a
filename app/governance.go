package app

import (
	"errors"
	"fmt"
	"slices"
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
	// Mismatch is set when the stored rules are another country's
	// schedule than the practice's (see ScheduleMismatch).
	Mismatch *Mismatch
}

// RetentionDue lists the records the schedule applies to (closed
// requests, disclosures, grants that no longer count, and the patient
// records the vault reports; open requests and restricted patients on
// hold) and those whose period ended by now.
func (s *Session) RetentionDue() (Retention, error) {
	reqs, err := s.Store().ListRequests(s.ctx, consent.RequestFilter{})
	if err != nil {
		return Retention{}, err
	}
	ix, events, err := s.Index()
	if err != nil && !errors.Is(err, ErrCatalogueEmpty) {
		return Retention{}, err
	}
	return s.retentionDue(reqs, ix, events)
}

// retentionDue is RetentionDue over the requests and the consent index
// (nil when the catalogue is empty) the caller already read.
func (s *Session) retentionDue(reqs []consent.Request, ix *consent.Index, events []consent.Event) (Retention, error) {
	rules, err := s.Store().ListRetentionRules(s.ctx)
	if err != nil {
		return Retention{}, err
	}
	items, err := s.storeItems(reqs, ix, events)
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
	kept, err := s.v.KeptRetentionItems()
	if err != nil {
		return Retention{}, err
	}
	items = append(items, kept...)
	rt.Items = append(items, records...)
	if rt.Mismatch, err = s.ScheduleMismatch(rules); err != nil {
		return Retention{}, err
	}
	rt.Due = consent.DueForDeletion(rt.Items, rules, s.Now())
	return rt, nil
}

func (s *Session) storeItems(reqs []consent.Request, ix *consent.Index, events []consent.Event) ([]consent.RetentionItem, error) {
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
	return append(out, s.endedConsents(ix, events)...), nil
}

// endedConsents lists grants that no longer count, dated when they ended;
// active grants are proof of consent still in use and are not listed. A
// nil index (empty catalogue) has none.
func (s *Session) endedConsents(ix *consent.Index, events []consent.Event) []consent.RetentionItem {
	if ix == nil {
		return nil
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
			if at, ended := endOf(ix, st, byID, now); ended {
				out = append(out, consent.RetentionItem{RecordID: "consent:" + st.GrantID, SubjectID: pid,
					Category: consent.RecConsents, TriggerAt: at})
			}
		}
	}
	return out
}

// endOf returns when a grant stopped counting (status at now). A grant of a patient
// erased through a completed request (no ledger event: EndedBy is the
// request) ended when the consent ended, see erasedEnd.
func endOf(ix *consent.Index, st consent.GrantStatus, byID map[string]consent.Event, now time.Time) (time.Time, bool) {
	if _, isEvent := byID[st.EndedBy]; st.Status == string(consent.Erased) && !isEvent {
		return erasedEnd(ix, st, byID, now)
	}
	switch {
	case st.EndedBy != "":
		e, ok := byID[st.EndedBy]
		return e.Time, ok
	case st.Status == "expired":
		return st.ValidUntil, true
	}
	return time.Time{}, false
}

// erasedEnd dates a grant the erasure of its patient ended: proof of
// consent is kept from when the consent ended, so a grant withdrawn,
// refused or expired before the erasure keeps that date, and one still in
// force counts from the erasure (the request's closing time).
func erasedEnd(ix *consent.Index, st consent.GrantStatus, byID map[string]consent.Event, now time.Time) (time.Time, bool) {
	b, ok := ix.Erased(st.PatientID, now)
	if !ok || b.From.IsZero() {
		return time.Time{}, false
	}
	before := b.From.Add(-time.Nanosecond)
	for _, prev := range ix.Status(st.PatientID, before) {
		if prev.GrantID != st.GrantID {
			continue
		}
		if at, ended := endOf(ix, prev, byID, before); ended && !at.After(b.From) {
			return at, true
		}
	}
	return b.From, true
}

// DeleteDue makes a deletion batch of due records, records the DPO's
// approval, destroys the kept data of erased patients in it (the vault,
// audited per patient), deletes the closed requests in it and issues the
// certificate. Patient records are not deleted here: they go through
// erasure requests.
func (s *Session) DeleteDue(items []consent.DueItem) (consent.Certificate, error) {
	now := s.Now()
	b, err := consent.NewDeletionBatch(items, s.Actor(), now)
	if err != nil {
		return consent.Certificate{}, err
	}
	if b, err = b.Approve(s.Actor(), now); err != nil {
		return consent.Certificate{}, err
	}
	if slices.ContainsFunc(b.Items, IsKept) {
		if _, err := s.v.PurgeKept(b); err != nil {
			return consent.Certificate{}, err
		}
	}
	var results []consent.ExecutionResult
	for _, d := range b.Items {
		if IsKept(d) {
			results = append(results, consent.ExecutionResult{Category: d.Item.Category, RecordID: d.Item.RecordID, Action: d.Action, Records: 1})
			continue
		}
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
	if err := s.Store().AddCertificate(s.ctx, cert); err != nil {
		return cert, fmt.Errorf("records deleted, but the deletion certificate %s was not stored (keep this message): %w", cert.ID, err)
	}
	return cert, nil
}

// IsKept reports whether a due item is data an erasure kept under
// Art. 17(3) (record kept:PATIENT).
func IsKept(d consent.DueItem) bool { return d.Item.Category == consent.RecKept }

// KeptDue lists the kept data of erased patients whose keep-until date has
// passed by now.
func (s *Session) KeptDue() ([]consent.DueItem, error) {
	items, err := s.v.KeptRetentionItems()
	if err != nil {
		return nil, err
	}
	return consent.DueForDeletion(items, nil, s.Now()), nil
}

// PurgeKept destroys what erasures kept under Art. 17(3) once its
// keep-until date passed: the due kept items form a deletion batch the
// signed-in user approves (the domain refuses anyone but the DPO), the
// vault destroys the retention keys with everything kept under them
// (audited per patient), and the deletion certificate is stored. The
// certificate has no items when nothing was due (nothing is written).
func (s *Session) PurgeKept() (consent.Certificate, error) {
	due, err := s.KeptDue()
	if err != nil || len(due) == 0 {
		return consent.Certificate{}, err
	}
	return s.DeleteDue(due)
}

// ROPA builds the records of processing activities (Art. 30) for a
// controller; the security measures are those the vault reports having.
func (s *Session) ROPA(ctrl consent.Controller) (consent.ROPA, error) {
	ps, err := s.Store().ListPurposes(s.ctx)
	if err != nil {
		return consent.ROPA{}, err
	}
	rules, err := s.Store().ListRetentionRules(s.ctx)
	if err != nil {
		return consent.ROPA{}, err
	}
	r := consent.BuildROPA(ctrl, ps, rules, s.v.Controls(), s.Now())
	studies, err := s.ropaStudies()
	if err != nil {
		return consent.ROPA{}, err
	}
	r.AddStudies(ps, studies)
	return r, nil
}

// Breaches lists the breach log.
func (s *Session) Breaches() ([]consent.Breach, error) { return s.Store().ListBreaches(s.ctx) }

// SaveBreach stores a new or changed breach (governance, audited).
func (s *Session) SaveBreach(b consent.Breach) (consent.Breach, error) {
	return s.Store().PutBreach(s.ctx, b)
}
