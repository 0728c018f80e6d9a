package memstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"

	"custodia/consent"
)

// Store is an in-memory consent.Store. The zero value is not usable; call New.
type Store struct {
	mu           sync.Mutex
	purposes     map[string]consent.Purpose
	texts        map[consent.TextRef]consent.Text
	events       []consent.Event
	eventByID    map[string]int
	requests     map[string]consent.Request
	transitions  map[string][]consent.Transition
	disclosures  []consent.Disclosure
	rules        map[string]consent.RetentionRule
	breaches     map[string]consent.Breach
	certificates map[string]consent.Certificate
}

var _ consent.Store = (*Store)(nil)

// New returns an empty store.
func New() *Store {
	return &Store{
		purposes:     map[string]consent.Purpose{},
		texts:        map[consent.TextRef]consent.Text{},
		eventByID:    map[string]int{},
		requests:     map[string]consent.Request{},
		transitions:  map[string][]consent.Transition{},
		rules:        map[string]consent.RetentionRule{},
		breaches:     map[string]consent.Breach{},
		certificates: map[string]consent.Certificate{},
	}
}

// ListPurposes implements consent.Store.
func (s *Store) ListPurposes(ctx context.Context) ([]consent.Purpose, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]consent.Purpose, 0, len(s.purposes))
	for _, p := range s.purposes {
		out = append(out, clonePurpose(p))
	}
	slices.SortFunc(out, func(a, b consent.Purpose) int { return cmp.Compare(a.ID, b.ID) })
	return out, ctx.Err()
}

// GetPurpose implements consent.Store.
func (s *Store) GetPurpose(_ context.Context, id string) (consent.Purpose, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.purposes[id]
	if !ok {
		return consent.Purpose{}, fmt.Errorf("purpose %q: %w", id, consent.ErrNotFound)
	}
	return clonePurpose(p), nil
}

// PutPurpose implements consent.Store.
func (s *Store) PutPurpose(_ context.Context, p consent.Purpose) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	old, exists := s.purposes[p.ID]
	if err := consent.CheckPurposeChange(old, p, exists && s.purposeUsed(p.ID)); err != nil {
		return fmt.Errorf("purpose %q: %w", p.ID, err)
	}
	s.purposes[p.ID] = clonePurpose(p)
	return nil
}

func (s *Store) purposeUsed(id string) bool {
	return slices.ContainsFunc(s.events, func(e consent.Event) bool { return e.PurposeID == id })
}

// textUsed reports whether an event points at the text version, which
// PutText then refuses to replace.
func (s *Store) textUsed(ref consent.TextRef) bool {
	return slices.ContainsFunc(s.events, func(e consent.Event) bool {
		return e.TextVersion > 0 && ref == consent.TextRef{PurposeID: e.PurposeID, Language: e.TextLanguage, Version: e.TextVersion}
	})
}

// PutText implements consent.Store.
func (s *Store) PutText(_ context.Context, t consent.Text) error {
	if err := t.Validate(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.purposes[t.PurposeID]; !ok {
		return fmt.Errorf("text for purpose %q: %w", t.PurposeID, consent.ErrNotFound)
	}
	ref := consent.TextRef{PurposeID: t.PurposeID, Language: t.Language, Version: t.Version}
	if _, exists := s.texts[ref]; exists && s.textUsed(ref) {
		return fmt.Errorf("text %s/%s v%d is used by the ledger: %w", t.PurposeID, t.Language, t.Version, consent.ErrImmutable)
	}
	s.texts[ref] = t
	return nil
}

// GetText implements consent.Store.
func (s *Store) GetText(_ context.Context, purposeID, language string, version int) (consent.Text, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.texts[consent.TextRef{PurposeID: purposeID, Language: language, Version: version}]
	if !ok {
		return consent.Text{}, fmt.Errorf("text %s/%s v%d: %w", purposeID, language, version, consent.ErrNotFound)
	}
	return t, nil
}

// ListTexts implements consent.Store.
func (s *Store) ListTexts(_ context.Context, purposeID string) ([]consent.Text, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []consent.Text
	for _, t := range s.texts {
		if purposeID == "" || t.PurposeID == purposeID {
			out = append(out, t)
		}
	}
	slices.SortFunc(out, func(a, b consent.Text) int {
		return cmp.Or(cmp.Compare(a.PurposeID, b.PurposeID), cmp.Compare(a.Language, b.Language), cmp.Compare(a.Version, b.Version))
	})
	return out, nil
}

func (s *Store) catalogue() (*consent.Catalogue, error) {
	ps := make([]consent.Purpose, 0, len(s.purposes))
	for _, p := range s.purposes {
		ps = append(ps, p)
	}
	ts := make([]consent.Text, 0, len(s.texts))
	for _, t := range s.texts {
		ts = append(ts, t)
	}
	return consent.NewCatalogue(ps, ts)
}

// AppendEvents implements consent.Store.
func (s *Store) AppendEvents(_ context.Context, events ...consent.Event) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	cat, err := s.catalogue()
	if err != nil {
		return err
	}
	lookup := func(id string) (consent.Event, bool) {
		i, ok := s.eventByID[id]
		if !ok {
			return consent.Event{}, false
		}
		return s.events[i], true
	}
	if err := cat.CheckBatch(events, lookup); err != nil {
		return err
	}
	for i, e := range events {
		if err := consent.CheckNotErased(s.events, e.PatientID); err != nil {
			return fmt.Errorf("events[%d] %s: %w", i, e.ID, err)
		}
	}
	for _, e := range events {
		s.eventByID[e.ID] = len(s.events)
		s.events = append(s.events, cloneEvent(e))
	}
	return nil
}

// ListEvents implements consent.Store.
func (s *Store) ListEvents(_ context.Context, f consent.EventFilter) ([]consent.Event, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []consent.Event
	for _, e := range s.events {
		if f.Match(e) {
			out = append(out, cloneEvent(e))
		}
	}
	return out, nil
}

// CreateRequest implements consent.Store.
func (s *Store) CreateRequest(_ context.Context, r consent.Request, t consent.Transition) (consent.Request, error) {
	if err := r.Validate(); err != nil {
		return consent.Request{}, err
	}
	if t.RequestID != r.ID {
		return consent.Request{}, fmt.Errorf("request %s: intake record is about another request: %w", r.ID, consent.ErrInvalid)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, exists := s.requests[r.ID]; exists {
		return consent.Request{}, fmt.Errorf("request %s: %w", r.ID, consent.ErrExists)
	}
	if err := consent.CheckRequestNotErased(r, s.events); err != nil {
		return consent.Request{}, err
	}
	r.Version = 1
	s.requests[r.ID] = cloneRequest(r)
	s.transitions[r.ID] = []consent.Transition{t}
	return cloneRequest(r), nil
}

// GetRequest implements consent.Store.
func (s *Store) GetRequest(_ context.Context, id string) (consent.Request, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.requests[id]
	if !ok {
		return consent.Request{}, fmt.Errorf("request %s: %w", id, consent.ErrNotFound)
	}
	return cloneRequest(r), nil
}

// ListRequests implements consent.Store.
func (s *Store) ListRequests(_ context.Context, f consent.RequestFilter) ([]consent.Request, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []consent.Request
	for _, r := range s.requests {
		if f.Match(r) {
			out = append(out, cloneRequest(r))
		}
	}
	slices.SortFunc(out, func(a, b consent.Request) int {
		return cmp.Or(a.ReceivedAt.Compare(b.ReceivedAt), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

// UpdateRequest implements consent.Store.
func (s *Store) UpdateRequest(_ context.Context, r consent.Request, t consent.Transition) (consent.Request, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	stored, ok := s.requests[r.ID]
	if !ok {
		return consent.Request{}, fmt.Errorf("request %s: %w", r.ID, consent.ErrNotFound)
	}
	if err := consent.CheckRequestUpdate(stored, r, t); err != nil {
		return consent.Request{}, err
	}
	r.Version++
	s.requests[r.ID] = cloneRequest(r)
	s.transitions[r.ID] = append(s.transitions[r.ID], t)
	return cloneRequest(r), nil
}

// ListTransitions implements consent.Store.
func (s *Store) ListTransitions(_ context.Context, requestID string) ([]consent.Transition, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ts, ok := s.transitions[requestID]
	if !ok {
		return nil, fmt.Errorf("request %s: %w", requestID, consent.ErrNotFound)
	}
	return slices.Clone(ts), nil
}

// DeleteRequest implements consent.Store.
func (s *Store) DeleteRequest(_ context.Context, id string, version int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.requests[id]
	switch {
	case !ok:
		return fmt.Errorf("request %s: %w", id, consent.ErrNotFound)
	case r.Version != version:
		return fmt.Errorf("request %s: version %d, stored %d: %w", id, version, r.Version, consent.ErrConflict)
	case r.Open():
		return fmt.Errorf("request %s is open: %w", id, consent.ErrImmutable)
	}
	delete(s.requests, id)
	delete(s.transitions, id)
	return nil
}

// AddDisclosure implements consent.Store.
func (s *Store) AddDisclosure(_ context.Context, d consent.Disclosure) error {
	if err := d.Validate(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if slices.ContainsFunc(s.disclosures, func(o consent.Disclosure) bool { return o.ID == d.ID }) {
		return fmt.Errorf("disclosure %s: %w", d.ID, consent.ErrExists)
	}
	d.Categories = slices.Clone(d.Categories)
	s.disclosures = append(s.disclosures, d)
	return nil
}

// ListDisclosures implements consent.Store.
func (s *Store) ListDisclosures(_ context.Context, patientID string) ([]consent.Disclosure, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []consent.Disclosure
	for _, d := range s.disclosures {
		if patientID == "" || d.PatientID == patientID {
			d.Categories = slices.Clone(d.Categories)
			out = append(out, d)
		}
	}
	slices.SortStableFunc(out, func(a, b consent.Disclosure) int { return a.At.Compare(b.At) })
	return out, nil
}

// PutRetentionRule implements consent.Store.
func (s *Store) PutRetentionRule(_ context.Context, r consent.RetentionRule) (consent.RetentionRule, error) {
	if err := r.Validate(); err != nil {
		return consent.RetentionRule{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old, exists := s.rules[r.ID]
	if err := consent.CheckVersion("retention rule", r.ID, r.Version, old.Version, exists); err != nil {
		return consent.RetentionRule{}, err
	}
	r.Version++
	s.rules[r.ID] = r
	return r, nil
}

// ListRetentionRules implements consent.Store.
func (s *Store) ListRetentionRules(_ context.Context) ([]consent.RetentionRule, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]consent.RetentionRule, 0, len(s.rules))
	for _, r := range s.rules {
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b consent.RetentionRule) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

// DeleteRetentionRule implements consent.Store.
func (s *Store) DeleteRetentionRule(_ context.Context, id string, version int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	old, exists := s.rules[id]
	if !exists {
		return fmt.Errorf("retention rule %s: %w", id, consent.ErrNotFound)
	}
	if old.Version != version {
		return fmt.Errorf("retention rule %s: version %d, stored %d: %w", id, version, old.Version, consent.ErrConflict)
	}
	delete(s.rules, id)
	return nil
}

// PutBreach implements consent.Store.
func (s *Store) PutBreach(_ context.Context, b consent.Breach) (consent.Breach, error) {
	if err := b.Validate(); err != nil {
		return consent.Breach{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old, exists := s.breaches[b.ID]
	if err := consent.CheckVersion("breach", b.ID, b.Version, old.Version, exists); err != nil {
		return consent.Breach{}, err
	}
	b.Version++
	s.breaches[b.ID] = cloneBreach(b)
	return cloneBreach(b), nil
}

// GetBreach implements consent.Store.
func (s *Store) GetBreach(_ context.Context, id string) (consent.Breach, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.breaches[id]
	if !ok {
		return consent.Breach{}, fmt.Errorf("breach %s: %w", id, consent.ErrNotFound)
	}
	return cloneBreach(b), nil
}

// ListBreaches implements consent.Store.
func (s *Store) ListBreaches(_ context.Context) ([]consent.Breach, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]consent.Breach, 0, len(s.breaches))
	for _, b := range s.breaches {
		out = append(out, cloneBreach(b))
	}
	slices.SortFunc(out, func(a, b consent.Breach) int { return cmp.Or(a.AwareAt.Compare(b.AwareAt), cmp.Compare(a.ID, b.ID)) })
	return out, nil
}

// AddCertificate implements consent.Store.
func (s *Store) AddCertificate(_ context.Context, c consent.Certificate) error {
	if err := c.Verify(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, exists := s.certificates[c.ID]; exists {
		return fmt.Errorf("certificate %s: %w", c.ID, consent.ErrExists)
	}
	c.Items = slices.Clone(c.Items)
	s.certificates[c.ID] = c
	return nil
}

// GetCertificate implements consent.Store.
func (s *Store) GetCertificate(_ context.Context, id string) (consent.Certificate, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.certificates[id]
	if !ok {
		return consent.Certificate{}, fmt.Errorf("certificate %s: %w", id, consent.ErrNotFound)
	}
	c.Items = slices.Clone(c.Items)
	return c, nil
}

// ListCertificates implements consent.Store.
func (s *Store) ListCertificates(_ context.Context) ([]consent.Certificate, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]consent.Certificate, 0, len(s.certificates))
	for _, c := range s.certificates {
		c.Items = slices.Clone(c.Items)
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b consent.Certificate) int {
		return cmp.Or(a.IssuedAt.Compare(b.IssuedAt), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}
