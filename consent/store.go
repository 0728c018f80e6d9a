package consent

import (
	"context"
	"fmt"
	"slices"
)

// EventFilter selects ledger events; empty fields match everything.
type EventFilter struct {
	PatientID string
	PurposeID string
}

// Match reports whether e passes the filter.
func (f EventFilter) Match(e Event) bool {
	return (f.PatientID == "" || f.PatientID == e.PatientID) && (f.PurposeID == "" || f.PurposeID == e.PurposeID)
}

// RequestFilter selects data-subject requests; empty fields match everything.
type RequestFilter struct {
	SubjectID string
	Type      RequestType
	OpenOnly  bool
}

// Match reports whether r passes the filter.
func (f RequestFilter) Match(r Request) bool {
	return (f.SubjectID == "" || f.SubjectID == r.SubjectID) && (f.Type == "" || f.Type == r.Type) && (!f.OpenOnly || r.Open())
}

// Store is the persistence the consent domain needs. The vault implements it
// (encrypting personal fields: representative names, requesters,
// descriptions); consent/memstore is the in-memory reference
// implementation, and consent/storetest checks any implementation against
// this contract.
//
// Every method returns errors wrapping the package sentinels (test with
// errors.Is), adds ids but never personal data to messages, and is atomic:
// on error nothing is stored. Lists return copies the caller may modify.
type Store interface {
	// ListPurposes returns the catalogue, sorted by id.
	ListPurposes(ctx context.Context) ([]Purpose, error)
	// GetPurpose returns ErrNotFound if no purpose has the id.
	GetPurpose(ctx context.Context, id string) (Purpose, error)
	// PutPurpose creates or replaces a purpose. ErrInvalid if it fails
	// Validate; ErrImmutable if ledger events use it and the change touches
	// what they relied on (see CheckPurposeChange).
	PutPurpose(ctx context.Context, p Purpose) error

	// PutText creates a text version, or replaces one no event uses.
	// ErrInvalid (validation, hash); ErrNotFound if the purpose does not
	// exist; ErrImmutable if an event points at this version.
	PutText(ctx context.Context, t Text) error
	// GetText returns ErrNotFound for an unknown purpose, language or version.
	GetText(ctx context.Context, purposeID, language string, version int) (Text, error)
	// ListTexts returns the versions of a purpose ("" = all purposes), sorted
	// by purpose, language, version.
	ListTexts(ctx context.Context, purposeID string) ([]Text, error)

	// AppendEvents appends events to the ledger, all or none, after
	// Catalogue.CheckBatch: ErrInvalid (fields, scope, text hash), ErrNotFound
	// (purpose, text version, or grant named by RefersTo), ErrExists (event id
	// already in the ledger or twice in the batch), ErrErased (an
	// *ErasedError) for a patient the ledger records as erased. A store that
	// carries out erasures itself (the vault) writes Erased events only
	// then and refuses them here (ErrInvalid). Events are never changed
	// or deleted.
	AppendEvents(ctx context.Context, events ...Event) error
	// ListEvents returns matching events in append order.
	ListEvents(ctx context.Context, f EventFilter) ([]Event, error)

	// CreateRequest stores a new request with its intake record and returns
	// it with Version 1. ErrInvalid; ErrExists if the id is taken; ErrErased
	// for an erased subject unless AllowedAfterErasure(type).
	CreateRequest(ctx context.Context, r Request, t Transition) (Request, error)
	// GetRequest returns ErrNotFound for an unknown id.
	GetRequest(ctx context.Context, id string) (Request, error)
	// ListRequests returns matching requests sorted by receipt time, then id.
	ListRequests(ctx context.Context, f RequestFilter) ([]Request, error)
	// UpdateRequest stores r and appends t in one transaction. r.Version must
	// equal the stored version (else ErrConflict); the stored request gets
	// Version+1 and is returned. ErrNotFound for an unknown id; ErrInvalid if
	// r fails Validate or t is not about r; ErrImmutable if the stored
	// request is closed and the update is not a restriction lift.
	UpdateRequest(ctx context.Context, r Request, t Transition) (Request, error)
	// ListTransitions returns a request's audit records in order; ErrNotFound
	// for an unknown request.
	ListTransitions(ctx context.Context, requestID string) ([]Transition, error)
	// DeleteRequest removes a closed request and its transitions when its
	// retention period ended (see DueForDeletion). ErrNotFound; ErrConflict
	// on a stale version; ErrImmutable while the request is open.
	DeleteRequest(ctx context.Context, id string, version int64) error

	// AddDisclosure records a disclosure. ErrInvalid; ErrExists for a taken id.
	AddDisclosure(ctx context.Context, d Disclosure) error
	// ListDisclosures returns a patient's disclosures ("" = all) in time order.
	ListDisclosures(ctx context.Context, patientID string) ([]Disclosure, error)

	// PutRetentionRule creates a rule (Version 0 → stored as 1; ErrExists if
	// the id is taken) or updates one (Version must match, else ErrConflict;
	// ErrNotFound if missing). Returns the stored rule. ErrInvalid.
	PutRetentionRule(ctx context.Context, r RetentionRule) (RetentionRule, error)
	// ListRetentionRules returns the rules sorted by id.
	ListRetentionRules(ctx context.Context) ([]RetentionRule, error)
	// DeleteRetentionRule removes a rule: ErrNotFound, ErrConflict on a stale version.
	DeleteRetentionRule(ctx context.Context, id string, version int64) error

	// PutBreach creates or updates a breach log entry with the same
	// versioning as PutRetentionRule. ErrInvalid.
	PutBreach(ctx context.Context, b Breach) (Breach, error)
	// GetBreach returns ErrNotFound for an unknown id.
	GetBreach(ctx context.Context, id string) (Breach, error)
	// ListBreaches returns the log sorted by awareness time.
	ListBreaches(ctx context.Context) ([]Breach, error)

	// AddCertificate stores an erasure or deletion certificate (append-only).
	// ErrInvalid if its seal does not verify; ErrExists for a taken id.
	AddCertificate(ctx context.Context, c Certificate) error
	// GetCertificate returns ErrNotFound for an unknown id.
	GetCertificate(ctx context.Context, id string) (Certificate, error)
	// ListCertificates returns certificates sorted by issue time.
	ListCertificates(ctx context.Context) ([]Certificate, error)
}

// CheckBatch checks events about to be appended: each passes CheckEvent, ids
// are new (lookup finds the ledger's events by id) and unique in the batch,
// and RefersTo names a grant of the same patient and purpose, in the ledger
// or earlier in the batch.
func (c *Catalogue) CheckBatch(batch []Event, lookup func(id string) (Event, bool)) error {
	inBatch := map[string]Event{}
	for i, e := range batch {
		if err := c.CheckEvent(e); err != nil {
			return fmt.Errorf("events[%d] %s: %w", i, e.ID, err)
		}
		if _, dup := inBatch[e.ID]; dup {
			return batchConflict(fmt.Sprintf("events[%d].id", i), RuleIDTwice, ErrExists, e.ID)
		}
		if _, dup := lookup(e.ID); dup {
			return batchConflict(fmt.Sprintf("events[%d].id", i), RuleIDInLedger, ErrExists, e.ID)
		}
		if e.RefersTo != "" {
			g, ok := inBatch[e.RefersTo]
			if !ok {
				g, ok = lookup(e.RefersTo)
			}
			if !ok || g.Type != Granted || g.PatientID != e.PatientID || g.PurposeID != e.PurposeID {
				return batchConflict(fmt.Sprintf("events[%d].refersTo", i), RuleNotAGrant, ErrNotFound, e.RefersTo)
			}
		}
		inBatch[e.ID] = e
	}
	return nil
}

// CheckPurposeChange decides whether old may become new. Once ledger events
// use a purpose, its kind and lawful basis are fixed, and data categories
// and recipients can be added but not removed (so history keeps its
// meaning): ErrImmutable otherwise. Name, description, validity and
// retirement stay editable.
func CheckPurposeChange(old, new Purpose, used bool) error {
	if err := new.Validate(); err != nil {
		return err
	}
	if !used {
		return nil
	}
	if old.Kind != new.Kind || old.Art6 != new.Art6 || old.Art9 != new.Art9 || old.ConsentRequired != new.ConsentRequired {
		return fmt.Errorf("purpose %s is used by the ledger: kind and lawful basis cannot change: %w", old.ID, ErrImmutable)
	}
	for _, c := range old.DataCategories {
		if !slices.Contains(new.DataCategories, c) {
			return fmt.Errorf("purpose %s is used by the ledger: category %s cannot be removed: %w", old.ID, c, ErrImmutable)
		}
	}
	for _, r := range old.Recipients {
		if _, ok := new.Recipient(r.ID); !ok {
			return fmt.Errorf("purpose %s is used by the ledger: recipient %s cannot be removed: %w", old.ID, r.ID, ErrImmutable)
		}
	}
	return nil
}

// CheckRequestUpdate checks an update against the stored request: same id
// and subject, version matches, the transition is about this request, and
// a closed request only changes by lifting a restriction.
func CheckRequestUpdate(stored, r Request, t Transition) error {
	if err := r.Validate(); err != nil {
		return err
	}
	if t.RequestID != r.ID || t.By == "" || t.At.IsZero() {
		return fmt.Errorf("request %s: transition must name the request, the user and the time: %w", r.ID, ErrInvalid)
	}
	if r.Version != stored.Version {
		return fmt.Errorf("request %s: version %d, stored %d: %w", r.ID, r.Version, stored.Version, ErrConflict)
	}
	if r.SubjectID != stored.SubjectID || r.Type != stored.Type || !r.ReceivedAt.Equal(stored.ReceivedAt) {
		return fmt.Errorf("request %s: subject, type and receipt are fixed at intake: %w", r.ID, ErrImmutable)
	}
	if stored.Jurisdiction != "" && r.Jurisdiction != stored.Jurisdiction {
		return fmt.Errorf("request %s: the jurisdiction of its deadline is fixed once recorded: %w", r.ID, ErrImmutable)
	}
	if stored.State.Closed() && t.Action != "lift-restriction" {
		return fmt.Errorf("request %s is %s: %w", r.ID, stored.State, ErrImmutable)
	}
	return nil
}

// CheckVersion implements the create/update rule of versioned objects:
// given is the caller's version, stored the stored one (exists false when
// missing). It returns ErrExists, ErrNotFound or ErrConflict.
func CheckVersion(kind, id string, given int64, stored int64, exists bool) error {
	switch {
	case given == 0 && exists:
		return fmt.Errorf("%s %s: %w", kind, id, ErrExists)
	case given != 0 && !exists:
		return fmt.Errorf("%s %s: %w", kind, id, ErrNotFound)
	case given != 0 && given != stored:
		return fmt.Errorf("%s %s: version %d, stored %d: %w", kind, id, given, stored, ErrConflict)
	}
	return nil
}

// LoadIndex builds an Index from a store: purposes, texts, every event, and
// the blocks of completed objections and restrictions.
func LoadIndex(ctx context.Context, s Store) (*Index, error) {
	ps, err := s.ListPurposes(ctx)
	if err != nil {
		return nil, err
	}
	ts, err := s.ListTexts(ctx, "")
	if err != nil {
		return nil, err
	}
	cat, err := NewCatalogue(ps, ts)
	if err != nil {
		return nil, err
	}
	events, err := s.ListEvents(ctx, EventFilter{})
	if err != nil {
		return nil, err
	}
	reqs, err := s.ListRequests(ctx, RequestFilter{})
	if err != nil {
		return nil, err
	}
	return BuildIndex(cat, events, BlocksFromRequests(reqs))
}

// Seed fills an empty store with a catalogue, texts and retention rules
// (the shipped defaults, typically), skipping what already exists. A
// purpose the store already defines keeps its own texts: shipped texts
// of it are not added (a later shipped version would otherwise supersede
// the practice's text and invalidate the consents given on it).
func Seed(ctx context.Context, s Store, purposes []Purpose, texts []Text, rules []RetentionRule) error {
	own := map[string]bool{}
	for _, p := range purposes {
		if _, err := s.GetPurpose(ctx, p.ID); err == nil {
			own[p.ID] = true
			continue
		}
		if err := s.PutPurpose(ctx, p); err != nil {
			return err
		}
	}
	for _, t := range texts {
		if own[t.PurposeID] {
			continue
		}
		if _, err := s.GetText(ctx, t.PurposeID, t.Language, t.Version); err == nil {
			continue
		}
		if err := s.PutText(ctx, t); err != nil {
			return err
		}
	}
	have, err := s.ListRetentionRules(ctx)
	if err != nil {
		return err
	}
	for _, r := range rules {
		if slices.ContainsFunc(have, func(h RetentionRule) bool { return h.ID == r.ID }) {
			continue
		}
		r.Version = 0
		if _, err := s.PutRetentionRule(ctx, r); err != nil {
			return err
		}
	}
	return nil
}
