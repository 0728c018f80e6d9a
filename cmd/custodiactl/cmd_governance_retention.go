package main

import (
	"errors"
	"fmt"
	"io"
	"time"

	"custodia/consent"
)

// retentionItems lists the stored records the retention schedule applies
// to: closed requests, disclosures and ended consents from the consent
// store, plus the patient records the vault reports (when it can). Open
// requests are on hold. A note on w says when patient records are missing.
func (g *gdpr) retentionItems(w io.Writer) ([]consent.RetentionItem, error) {
	items, err := g.requestItems()
	if err != nil {
		return nil, err
	}
	more, err := g.disclosureItems()
	if err != nil {
		return nil, err
	}
	items = append(items, more...)
	if more, err = g.consentItems(); err != nil {
		return nil, err
	}
	items = append(items, more...)
	if more, err = g.vault.KeptRetentionItems(); err != nil {
		return nil, err
	}
	items = append(items, more...)
	records, err := g.vault.RetentionItems()
	if errors.Is(err, errNoRecordItems) {
		fmt.Fprintln(w, "note: patient records (identity, contact, clinical, billing) are not listed: this vault version does not report last-treatment dates")
		return items, nil
	}
	return append(items, records...), err
}

func (g *gdpr) requestItems() ([]consent.RetentionItem, error) {
	reqs, err := g.store.ListRequests(g.ctx, consent.RequestFilter{})
	if err != nil {
		return nil, err
	}
	var out []consent.RetentionItem
	for _, r := range reqs {
		out = append(out, consent.RetentionItem{RecordID: "request:" + r.ID, SubjectID: r.SubjectID,
			Category: consent.RecRequests, TriggerAt: r.ClosedAt, Hold: r.Open()})
	}
	return out, nil
}

func (g *gdpr) disclosureItems() ([]consent.RetentionItem, error) {
	ds, err := g.store.ListDisclosures(g.ctx, "")
	if err != nil {
		return nil, err
	}
	var out []consent.RetentionItem
	for _, d := range ds {
		out = append(out, consent.RetentionItem{RecordID: "disclosure:" + d.ID, SubjectID: d.PatientID,
			Category: consent.RecDisclosures, TriggerAt: d.At})
	}
	return out, nil
}

// consentItems lists grants that no longer count, dated when they ended;
// active grants are proof of consent still in use and are not listed.
func (g *gdpr) consentItems() ([]consent.RetentionItem, error) {
	ix, err := g.index()
	if err != nil {
		return nil, err
	}
	events, err := g.store.ListEvents(g.ctx, consent.EventFilter{})
	if err != nil {
		return nil, err
	}
	byID := make(map[string]consent.Event, len(events))
	patients := map[string]bool{}
	var order []string
	for _, e := range events {
		byID[e.ID] = e
		if !patients[e.PatientID] {
			patients[e.PatientID] = true
			order = append(order, e.PatientID)
		}
	}
	var out []consent.RetentionItem
	for _, pid := range order {
		for _, s := range ix.Status(pid, g.now) {
			if at, ended := endOf(s, byID); ended {
				out = append(out, consent.RetentionItem{RecordID: "consent:" + s.GrantID, SubjectID: pid,
					Category: consent.RecConsents, TriggerAt: at})
			}
		}
	}
	return out, nil
}

// endOf returns when a grant stopped counting.
func endOf(s consent.GrantStatus, byID map[string]consent.Event) (at time.Time, ended bool) {
	switch {
	case s.EndedBy != "":
		return byID[s.EndedBy].Time, true
	case s.Status == "expired":
		return s.ValidUntil, true
	}
	return at, false
}
