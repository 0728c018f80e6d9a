package app

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"custodia/consent"
	"custodia/printdoc"
	"custodia/vault"
)

// OpenRequest takes a data-subject request in: the patient must exist (or
// have been erased: people may ask what was kept), an open request of the
// same patient and type is a *consent.DuplicateError unless
// in.AcceptDuplicate, and the request is stored with its intake transition.
// A role that may not read patients skips the existence check (the vault
// would refuse it) and relies on the id it was given.
func (s *Session) OpenRequest(in consent.Intake) (consent.Request, error) {
	if s.User().Role.Can(vault.PermPatientRead) {
		if err := s.RequirePatient(in.SubjectID, true); err != nil {
			return consent.Request{}, err
		}
	}
	existing, err := s.Store().ListRequests(s.ctx, consent.RequestFilter{SubjectID: in.SubjectID, Type: in.Type, OpenOnly: true})
	if err != nil {
		return consent.Request{}, err
	}
	j, err := s.Jurisdiction()
	if err != nil {
		return consent.Request{}, err
	}
	in.Jurisdiction = j.String()
	now := s.Now()
	r, err := consent.NewRequest(in, existing, s.Actor(), now)
	if err != nil {
		return r, err
	}
	return s.Store().CreateRequest(s.ctx, r, consent.Created(r, s.Actor(), now))
}

// Request returns a stored request; ErrUnknownRequest (with
// consent.ErrNotFound) for an unknown id. A request recorded before
// Custodia knew the practice's country gets the current one (see
// withJurisdiction).
func (s *Session) Request(id string) (consent.Request, error) {
	r, err := s.Store().GetRequest(s.ctx, id)
	if errors.Is(err, consent.ErrNotFound) {
		return r, errorf(ErrUnknownRequest, err, "no request with id %s", id)
	}
	if err != nil {
		return r, err
	}
	reqs, err := s.withJurisdiction([]consent.Request{r})
	return reqs[0], err
}

// Requests lists stored requests, legacy ones with the practice's
// jurisdiction (see withJurisdiction).
func (s *Session) Requests(f consent.RequestFilter) ([]consent.Request, error) {
	reqs, err := s.Store().ListRequests(s.ctx, f)
	if err != nil {
		return nil, err
	}
	return s.withJurisdiction(reqs)
}

// withJurisdiction gives requests recorded before Custodia knew the
// practice's country the practice's current one, so their deadlines count
// its public holidays; the next workflow step stores it. A request's
// recorded jurisdiction is never changed.
func (s *Session) withJurisdiction(reqs []consent.Request) ([]consent.Request, error) {
	j, err := s.Jurisdiction()
	if err != nil {
		return reqs, err
	}
	return consent.WithJurisdiction(reqs, j), nil
}

// RequestHistory returns a request and its transitions, oldest first.
func (s *Session) RequestHistory(id string) (consent.Request, []consent.Transition, error) {
	r, err := s.Request(id)
	if err != nil {
		return r, nil, err
	}
	ts, err := s.Store().ListTransitions(s.ctx, id)
	return r, ts, err
}

// stepFunc is one workflow step of the consent package (consent.Advance,
// consent.Verify, consent.Extend, ...) bound to its arguments.
type stepFunc func(r consent.Request, a consent.Actor, now time.Time) (consent.Request, consent.Transition, error)

// step checks the permission (the vault audits a denial under action),
// applies fn to r and stores the result with its transition.
func (s *Session) step(r consent.Request, perm vault.Permission, action string, fn stepFunc) (consent.Request, error) {
	if err := s.v.Authorize(perm, action, "request:"+r.ID); err != nil {
		return r, err
	}
	next, t, err := fn(r, s.Actor(), s.Now())
	if err != nil {
		return r, err
	}
	return s.Store().UpdateRequest(s.ctx, next, t)
}

// VerifyIdentity records the identity check of the requester.
func (s *Session) VerifyIdentity(r consent.Request, method string, verified bool) (consent.Request, error) {
	return s.step(r, vault.PermRequestIntake, "request.verify", func(r consent.Request, a consent.Actor, now time.Time) (consent.Request, consent.Transition, error) {
		return consent.Verify(r, consent.Verification{Method: method, At: now, Verified: verified}, a)
	})
}

// StartRequest moves a verified request to in progress.
func (s *Session) StartRequest(r consent.Request) (consent.Request, error) {
	return s.advance(r, vault.PermRequestIntake, "request.start", consent.StateInProgress, "")
}

// ExtendRequest extends the deadline once (x.Months), with the reason and
// when and how the requester was told of it (GDPR Art. 12(3)); the months
// are added to the original end and a period ending on a weekend or public
// holiday ends on the next working day.
func (s *Session) ExtendRequest(r consent.Request, x consent.ExtensionNotice) (consent.Request, error) {
	x.Reason = strings.TrimSpace(x.Reason)
	return s.step(r, vault.PermRequestDecide, "request.extend", func(r consent.Request, a consent.Actor, now time.Time) (consent.Request, consent.Transition, error) {
		return consent.Extend(r, x, a, now)
	})
}

// DenyRequest denies a request citing a legal ground code.
func (s *Session) DenyRequest(r consent.Request, ground string) (consent.Request, error) {
	return s.advance(r, vault.PermRequestDecide, "request.deny", consent.StateDenied, ground)
}

// WithdrawRequest records that the requester withdrew the request.
func (s *Session) WithdrawRequest(r consent.Request) (consent.Request, error) {
	return s.advance(r, vault.PermRequestIntake, "request.withdraw", consent.StateWithdrawn, "")
}

func (s *Session) advance(r consent.Request, perm vault.Permission, action string, to consent.State, ground string) (consent.Request, error) {
	return s.step(r, perm, action, func(r consent.Request, a consent.Actor, now time.Time) (consent.Request, consent.Transition, error) {
		return consent.Advance(r, to, a, now, ground)
	})
}

// LiftRestriction ends a completed restriction: the vault clears the
// record's flag, then the request records the lift.
func (s *Session) LiftRestriction(r consent.Request) (consent.Request, error) {
	next, t, err := consent.LiftRestriction(r, s.Actor(), s.Now())
	if err != nil {
		return r, err
	}
	if err := s.v.SetRestricted(r.SubjectID, false, r.ID); err != nil {
		return r, err
	}
	return s.Store().UpdateRequest(s.ctx, next, t)
}

// Notifications lists the Art. 19 recipients to tell of a rectification,
// erasure or restriction; nil for other types.
func (s *Session) Notifications(r consent.Request) ([]consent.Notification, error) {
	if r.Type != consent.ReqRectification && r.Type != consent.ReqErasure && r.Type != consent.ReqRestriction {
		return nil, nil
	}
	ds, err := s.Store().ListDisclosures(s.ctx, r.SubjectID)
	if err != nil {
		return nil, err
	}
	ns, err := consent.RecipientsToNotify(r, ds)
	if err != nil {
		return nil, err
	}
	return s.nameStudyRecipients(ns), nil
}

// Work is what completing a request does besides closing it.
type Work struct {
	// Package receives the access or portability archive: the front end
	// opens its file (or buffer) and calls write with it.
	Package func(write func(io.Writer) error) error
	// PackageTo is who can open the archive; an empty Controller is filled
	// from Controller(). Its Pages word the archive's page in the reader's
	// language; nil takes the Documents' language, and without Documents
	// the vault refuses the package (*vault.ValidationError).
	PackageTo vault.AccessRecipient
	// Documents, for an access or portability request, makes the
	// documents a patient opens without special software (the protected
	// PDF and its cover letter, as AccessDocuments) with or instead of
	// the archive; Documents.Passphrase receives their passphrase.
	Documents *AccessDocs
	// Rectify corrects the patient's fields (rectification, HIPAA amendment).
	Rectify func(p *vault.Patient) error
}

// CheckComplete reports, changing nothing, whether the user may complete
// the request now: the decide permission (a denial is audited) and the
// workflow (received or verifying requests move to in progress first).
func (s *Session) CheckComplete(r consent.Request) error {
	if err := s.v.Authorize(vault.PermRequestDecide, "request.complete", "request:"+r.ID); err != nil {
		return err
	}
	working, err := s.inProgress(r)
	if err != nil {
		return err
	}
	_, _, err = consent.Advance(working, consent.StateCompleted, s.Actor(), s.Now(), "")
	return err
}

// CompleteRequest carries out what a non-erasure request asks (access
// package, restriction flag, rectification, consent withdrawal; an
// objection takes effect as a block once completed) and closes it. It
// returns the closed request and the recipients to notify (Art. 19).
// Erasures go through PlanErasure and ExecuteErasure.
func (s *Session) CompleteRequest(r consent.Request, w Work) (consent.Request, []consent.Notification, error) {
	if err := consent.ErasureClosesByPlan(r); err != nil {
		return r, nil, err
	}
	if err := s.CheckComplete(r); err != nil {
		return r, nil, err
	}
	if err := s.checkWork(r, w); err != nil {
		return r, nil, err
	}
	r, err := s.storeInProgress(r)
	if err != nil {
		return r, nil, err
	}
	if err := s.doWork(r, w); err != nil {
		return r, nil, err
	}
	return s.close(r)
}

func (s *Session) checkWork(r consent.Request, w Work) error {
	switch r.Type {
	case consent.ReqAccess, consent.ReqPortability, consent.ReqHIPAAAccess:
		if w.Package == nil && w.Documents == nil {
			return fmt.Errorf("request %s: an access package needs somewhere to go: %w", r.ID, consent.ErrInvalid)
		}
		if w.Documents != nil {
			return checkDocs(r, *w.Documents)
		}
	case consent.ReqRectification, consent.ReqHIPAAAmendment:
		if w.Rectify == nil {
			return fmt.Errorf("request %s: a rectification needs the corrected fields: %w", r.ID, consent.ErrInvalid)
		}
	}
	return nil
}

// inProgress returns the request moved to in progress, in memory only.
func (s *Session) inProgress(r consent.Request) (consent.Request, error) {
	if r.State == consent.StateReceived || r.State == consent.StateVerifying {
		next, _, err := consent.Advance(r, consent.StateInProgress, s.Actor(), s.Now(), "")
		return next, err
	}
	return r, nil
}

// storeInProgress stores the move to in progress when there is one.
func (s *Session) storeInProgress(r consent.Request) (consent.Request, error) {
	if r.State != consent.StateReceived && r.State != consent.StateVerifying {
		return r, nil
	}
	return s.StartRequest(r)
}

func (s *Session) close(r consent.Request) (consent.Request, []consent.Notification, error) {
	r, err := s.advance(r, vault.PermRequestDecide, "request.complete", consent.StateCompleted, "")
	if err != nil {
		return r, nil, err
	}
	notify, err := s.Notifications(r)
	return r, notify, err
}

func (s *Session) doWork(r consent.Request, w Work) error {
	switch r.Type {
	case consent.ReqAccess, consent.ReqPortability, consent.ReqHIPAAAccess:
		return s.accessWork(r, w)
	case consent.ReqRestriction:
		return s.v.SetRestricted(r.SubjectID, true, r.ID)
	case consent.ReqRectification, consent.ReqHIPAAAmendment:
		return s.rectify(r, w.Rectify)
	case consent.ReqConsentWithdrawal:
		e := consent.WithdrawPurpose(r.SubjectID, r.PurposeID, s.Actor().UserID, MethodOfChannel(r.Channel), s.Now())
		return s.Store().AppendEvents(s.ctx, e)
	}
	return nil
}

// accessWork writes the archive and/or the documents of an access request.
// The archive's pages are in the documents' language unless PackageTo
// names its own.
func (s *Session) accessWork(r consent.Request, w Work) error {
	if w.PackageTo.Pages == nil && w.Documents != nil && w.Documents.Localizer != nil {
		w.PackageTo.Pages = printdoc.AccessPages{Loc: w.Documents.Localizer}
	}
	if w.Package != nil {
		if err := s.AccessPackage(r, w.PackageTo, w.Package); err != nil {
			return err
		}
	}
	if w.Documents == nil {
		return nil
	}
	pass, err := s.writeAccessDocuments(r, *w.Documents)
	if err == nil && w.Documents.Passphrase != nil {
		w.Documents.Passphrase(pass)
	}
	return err
}

func (s *Session) rectify(r consent.Request, change func(*vault.Patient) error) error {
	p, err := s.v.GetPatient(r.SubjectID)
	if err != nil {
		return err
	}
	if err := change(&p); err != nil {
		return err
	}
	_, err = s.v.Rectify(r.SubjectID, p, r.ID)
	return err
}

// MethodOfChannel maps how a request arrived to how a withdrawal was received.
func MethodOfChannel(channel string) consent.Method {
	switch channel {
	case consent.ChannelLetter:
		return consent.MethodPaper
	case consent.ChannelPortal, consent.ChannelEmail:
		return consent.MethodScreen
	}
	return consent.MethodVerbal
}

// AccessPackage writes the age-encrypted access or portability archive of
// a request's subject through sink, with the practice's details on its
// page (ErrNoController when there are none).
func (s *Session) AccessPackage(r consent.Request, to vault.AccessRecipient, sink func(write func(io.Writer) error) error) error {
	if to.Controller.Name == "" {
		c, err := s.Controller()
		if err != nil {
			return err
		}
		to.Controller = c
	}
	return sink(func(w io.Writer) error { return s.v.AccessPackage(r.SubjectID, r.ID, w, to) })
}
