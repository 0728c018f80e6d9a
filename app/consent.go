package app

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"time"

	"custodia/consent"
)

// Catalogue reads the purposes and consent texts; ErrCatalogueEmpty when
// none are stored (a vault never unlocked by an administrator or the DPO
// since it was made by an older version).
func (s *Session) Catalogue() (*consent.Catalogue, error) {
	ps, err := s.Store().ListPurposes(s.ctx)
	if err != nil {
		return nil, err
	}
	if len(ps) == 0 {
		return nil, ErrCatalogueEmpty
	}
	ts, err := s.Store().ListTexts(s.ctx, "")
	if err != nil {
		return nil, err
	}
	return consent.NewCatalogue(ps, ts)
}

// Ledger is one patient's consent data: the catalogue, the events, and
// the index built from them with the blocks of completed objections and
// restrictions.
type Ledger struct {
	Catalogue *consent.Catalogue
	Events    []consent.Event
	Index     *consent.Index
}

// PatientLedger reads one patient's events and requests only, without
// reading (and decrypting) the whole ledger (consent.LoadPatientIndex).
func (s *Session) PatientLedger(patientID string) (Ledger, error) {
	if err := s.requireCatalogue(); err != nil {
		return Ledger{}, err
	}
	ix, events, err := consent.LoadPatientIndex(s.ctx, s.Store(), patientID)
	if err != nil {
		return Ledger{}, err
	}
	return Ledger{Catalogue: ix.Catalogue(), Events: events, Index: ix}, nil
}

// requireCatalogue returns ErrCatalogueEmpty when no purposes are stored.
func (s *Session) requireCatalogue() error {
	ps, err := s.Store().ListPurposes(s.ctx)
	if err == nil && len(ps) == 0 {
		return ErrCatalogueEmpty
	}
	return err
}

// Index builds the consent index over the whole ledger, with the blocks
// of completed objections and restrictions; Events are returned with it.
func (s *Session) Index() (*consent.Index, []consent.Event, error) {
	cat, err := s.Catalogue()
	if err != nil {
		return nil, nil, err
	}
	events, err := s.Store().ListEvents(s.ctx, consent.EventFilter{})
	if err != nil {
		return nil, nil, err
	}
	reqs, err := s.Store().ListRequests(s.ctx, consent.RequestFilter{})
	if err != nil {
		return nil, nil, err
	}
	ix, err := consent.BuildIndex(cat, events, consent.BlocksFromRequests(reqs))
	return ix, events, err
}

// Scan is a signed consent form to store with a grant.
type Scan struct {
	ContentType string // application/pdf, image/png or image/jpeg
	Data        []byte
}

// Grant is a consent to record. Event carries patient, purpose, method and
// scope (recipients, categories, deny rules, representative, valid until);
// its id, time and recorder are filled in. Without a text version in the
// event, the text in effect now in Language is recorded (purposes that need
// no consent take none).
type Grant struct {
	Event    consent.Event
	Language string
	Scan     *Scan
}

// GrantConsent checks the patient and the event against the catalogue,
// stores the scan (if any) encrypted and appends the grant. A refused
// grant leaves no scan behind.
func (s *Session) GrantConsent(g Grant) (consent.Event, error) {
	e := g.Event
	if err := s.RequirePatient(e.PatientID, false); err != nil {
		return e, err
	}
	cat, err := s.Catalogue()
	if err != nil {
		return e, err
	}
	if e.ID == "" {
		e.ID = consent.NewID()
	}
	if e.Time.IsZero() {
		e.Time = s.Now()
	}
	e.Type, e.RecordedBy = consent.Granted, s.Actor().UserID
	if err := s.pointAtText(cat, &e, g.Language); err != nil {
		return e, err
	}
	if err := cat.CheckEvent(e); err != nil {
		return e, err
	}
	if g.Scan != nil {
		att, err := s.v.PutScan(e.PatientID, g.Scan.ContentType, g.Scan.Data)
		if err != nil {
			return e, err
		}
		if att.SHA256 == "" {
			sum := sha256.Sum256(g.Scan.Data)
			att.SHA256 = hex.EncodeToString(sum[:])
		}
		e.Scan = &att
	}
	return e, s.Store().AppendEvents(s.ctx, e)
}

// pointAtText sets the consent text the event refers to: the version
// given (checked to exist), else the one in effect at the event's time.
func (s *Session) pointAtText(cat *consent.Catalogue, e *consent.Event, lang string) error {
	p, ok := cat.Purpose(e.PurposeID)
	if !ok {
		return errorf(ErrUnknownPurpose, consent.ErrNotFound, "no purpose %q in the catalogue", e.PurposeID)
	}
	if lang == "" {
		lang = e.TextLanguage
	}
	if !p.ConsentRequired && e.TextVersion == 0 {
		return nil
	}
	var t consent.Text
	var err error
	if e.TextVersion > 0 {
		t, err = s.Store().GetText(s.ctx, e.PurposeID, lang, e.TextVersion)
	} else {
		t, err = s.currentText(e.PurposeID, lang, e.Time)
	}
	if errors.Is(err, consent.ErrNotFound) {
		return errorf(ErrNoText, err, "no consent text for purpose %s in language %q%s", e.PurposeID, lang, versionSuffix(e.TextVersion))
	}
	if err != nil {
		return err
	}
	e.TextLanguage, e.TextVersion, e.TextSHA256 = t.Language, t.Version, t.SHA256
	return nil
}

// currentText returns the highest version of a text effective at a time.
func (s *Session) currentText(purpose, lang string, at time.Time) (consent.Text, error) {
	ts, err := s.Store().ListTexts(s.ctx, purpose)
	if err != nil {
		return consent.Text{}, err
	}
	var best consent.Text
	for _, t := range ts {
		if t.Language == lang && !t.EffectiveFrom.After(at) && t.Version > best.Version {
			best = t
		}
	}
	if best.Version == 0 {
		return best, fmt.Errorf("text %s/%s: %w", purpose, lang, consent.ErrNotFound)
	}
	return best, nil
}

// WithdrawConsent ends, effective now, every active grant of a purpose;
// with a recipient only for that recipient (the grants covering it end
// and their other recipients are recorded again in the same step). It
// returns the events appended, in one batch.
func (s *Session) WithdrawConsent(patient, purpose, recipient string, m consent.Method) ([]consent.Event, error) {
	l, err := s.PatientLedger(patient)
	if err != nil {
		return nil, err
	}
	p, ok := l.Catalogue.Purpose(purpose)
	if !ok {
		return nil, errorf(ErrUnknownPurpose, consent.ErrNotFound, "no purpose %q in the catalogue", purpose)
	}
	now := s.Now()
	active := activeGrants(l.Index, patient, purpose, now)
	if len(active) == 0 {
		return nil, errorf(ErrNoActiveConsent, consent.ErrNotFound, "patient %s has no active consent for purpose %s", patient, purpose)
	}
	var batch []consent.Event
	if recipient == "" {
		batch = []consent.Event{consent.WithdrawPurpose(patient, purpose, s.Actor().UserID, m, now)}
	} else if batch, err = s.withdrawRecipient(p, l.Events, recipient, m, active, now); err != nil {
		return nil, err
	}
	return batch, s.Store().AppendEvents(s.ctx, batch...)
}

func (s *Session) withdrawRecipient(p consent.Purpose, events []consent.Event, recipient string, m consent.Method, active []string, now time.Time) ([]consent.Event, error) {
	if _, ok := p.Recipient(recipient); !ok {
		return nil, errorf(ErrNotRecipient, consent.ErrInvalid, "%q is not a recipient of purpose %s", recipient, p.ID)
	}
	var batch []consent.Event
	for _, e := range events {
		if e.Type != consent.Granted || e.PurposeID != p.ID || !slices.Contains(active, e.ID) {
			continue
		}
		covered := e.Recipients
		if len(covered) == 0 {
			for _, r := range p.Recipients {
				covered = append(covered, r.ID)
			}
		}
		if !slices.Contains(covered, recipient) {
			continue
		}
		batch = append(batch, consent.Withdraw(e, s.Actor().UserID, m, now))
		if rest := slices.DeleteFunc(slices.Clone(covered), func(r string) bool { return r == recipient }); len(rest) > 0 {
			again := e
			again.ID, again.Time, again.Recipients, again.RecordedBy = consent.NewID(), now, rest, s.Actor().UserID
			batch = append(batch, again)
		}
	}
	if len(batch) == 0 {
		return nil, errorf(ErrNoActiveConsent, consent.ErrNotFound, "no active consent of purpose %s covers recipient %s", p.ID, recipient)
	}
	return batch, nil
}

// activeGrants returns the ids of a patient's grants of a purpose active at a time.
func activeGrants(ix *consent.Index, patient, purpose string, at time.Time) []string {
	var ids []string
	for _, st := range ix.Status(patient, at) {
		if st.PurposeID == purpose && st.Status == "active" {
			ids = append(ids, st.GrantID)
		}
	}
	return ids
}

func versionSuffix(v int) string {
	if v == 0 {
		return " in effect now"
	}
	return fmt.Sprintf(", version %d", v)
}
