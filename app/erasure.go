package app

import (
	"errors"
	"time"

	"custodia/consent"
)

// ErasurePlan is a plan with the last-treatment date the vault recorded
// (zero when it has none), so a front end can show it.
type ErasurePlan struct {
	consent.ErasurePlan
	KnownLastTreatment time.Time
}

// PlanErasure plans an erasure request per record category from the
// retention rules: the vault's categories and dates, the last treatment
// it recorded unless lastTreatment (non-zero) overrides it, and records
// closed by this erasure counting from now. It changes nothing. A request
// still received or verifying is planned as if in progress.
// ErrNeedLastTreatment when a rule counts from a last treatment nobody
// knows; ErrFutureDate for a last treatment after now.
func (s *Session) PlanErasure(r consent.Request, lastTreatment time.Time) (ErasurePlan, error) {
	now := s.Now()
	if lastTreatment.After(now) {
		return ErasurePlan{}, errorf(ErrFutureDate, consent.ErrInvalid, "the last treatment is in the future")
	}
	working, err := s.inProgress(r)
	if err != nil {
		return ErasurePlan{}, err
	}
	rules, err := s.Store().ListRetentionRules(s.ctx)
	if err != nil {
		return ErasurePlan{}, err
	}
	facts, err := s.v.ErasureFacts(r.SubjectID)
	if err != nil {
		return ErasurePlan{}, err
	}
	known := facts.Triggers[consent.TriggerLastTreatment]
	if facts.Triggers == nil {
		facts.Triggers = map[consent.Trigger]time.Time{}
	}
	facts.Triggers[consent.TriggerClosed] = now
	if !lastTreatment.IsZero() {
		facts.Triggers[consent.TriggerLastTreatment] = lastTreatment
		facts.Triggers[consent.TriggerYearEnd] = lastTreatment
	}
	plan, err := consent.PlanErasure(working, rules, facts, s.Actor(), now)
	var missing *consent.MissingDateError
	if errors.As(err, &missing) && missing.Trigger == consent.TriggerLastTreatment {
		return ErasurePlan{}, errorf(ErrNeedLastTreatment, err, "the retention rules count from the last treatment (rule %s): give its date", missing.RuleID)
	}
	return ErasurePlan{ErasurePlan: plan, KnownLastTreatment: known}, err
}

// ExecuteErasure checks the user may complete the request, moves it to in
// progress, approves the plan, has the vault execute it (crypto-shredding
// what is erased), finds or issues the certificate, and closes the
// request. It returns the certificate and the recipients to notify.
func (s *Session) ExecuteErasure(r consent.Request, plan consent.ErasurePlan) (consent.Certificate, []consent.Notification, error) {
	if err := s.CheckComplete(r); err != nil {
		return consent.Certificate{}, nil, err
	}
	r, err := s.storeInProgress(r)
	if err != nil {
		return consent.Certificate{}, nil, err
	}
	plan.RequestID = r.ID
	plan, err = plan.Approve(s.Actor(), s.Now())
	if err != nil {
		return consent.Certificate{}, nil, err
	}
	results, err := s.v.ExecuteErasure(plan)
	if err != nil {
		return consent.Certificate{}, nil, err
	}
	cert, err := s.certificateOf(plan, results)
	if err != nil {
		return cert, nil, err
	}
	_, notify, err := s.close(r)
	return cert, notify, err
}

// certificateOf returns the certificate the vault stored with the
// erasure, or issues and stores one.
func (s *Session) certificateOf(plan consent.ErasurePlan, results []consent.ExecutionResult) (consent.Certificate, error) {
	certs, err := s.Store().ListCertificates(s.ctx)
	if err != nil {
		return consent.Certificate{}, err
	}
	for _, c := range certs {
		if c.PlanID == plan.ID {
			return c, c.Verify()
		}
	}
	cert, err := consent.ErasureCertificate(plan, results, s.Actor(), s.Now())
	if err != nil {
		return cert, err
	}
	return cert, s.Store().AddCertificate(s.ctx, cert)
}
