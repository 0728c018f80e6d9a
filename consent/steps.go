package consent

import (
	"fmt"
	"time"
)

// StepReason is the code of why a workflow step is not possible now;
// front ends word it (app.StepMessage), never by matching the message.
type StepReason string

// Why a step of a request, an erasure plan, a deletion batch or a breach
// is refused.
const (
	StepWrongState        StepReason = "wrong-state"         // From → To is not a step of the workflow
	StepNotVerified       StepReason = "not-verified"        // the requester's identity is not verified
	StepClosed            StepReason = "closed"              // the request is closed (From)
	StepAlreadyExtended   StepReason = "already-extended"    // the deadline was extended once
	StepErasureNotRunning StepReason = "erasure-not-running" // not an erasure request in progress
	StepAlreadyApproved   StepReason = "already-approved"    // the plan or batch is approved already
	StepNotApproved       StepReason = "not-approved"        // the plan or batch is not approved yet
	StepNoRestriction     StepReason = "no-restriction"      // no active completed restriction to lift
	StepArt34Undecided    StepReason = "art34-undecided"     // whether to tell the patients is not decided
	StepArt34NoNotice     StepReason = "art34-no-notice"     // the decision is not to tell the patients (Decision)
	StepExtensionLate     StepReason = "extension-too-late"  // extended after the original due date (Date)
	StepErasureByPlan     StepReason = "erasure-by-plan"     // an erasure closes through its plan, not by completing it
)

// StepReasons lists every reason a StepError can carry.
func StepReasons() []StepReason {
	return []StepReason{StepWrongState, StepNotVerified, StepClosed, StepAlreadyExtended, StepErasureNotRunning,
		StepAlreadyApproved, StepNotApproved, StepNoRestriction, StepArt34Undecided, StepArt34NoNotice,
		StepExtensionLate, StepErasureByPlan}
}

// StepError says why a workflow step is not possible now. It wraps
// ErrTransition (ErrNotDecided for StepArt34Undecided); its message names
// ids and states only.
type StepError struct {
	Reason   StepReason
	From, To State // the states involved, where the reason names them
	// Decision is the breach's Art. 34 decision code (StepArt34NoNotice).
	Decision string
	// Date is the day the reason names (the original due date of
	// StepExtensionLate); zero otherwise.
	Date time.Time
	msg  string
	kind error
}

func (e *StepError) Error() string { return e.msg + ": " + e.kind.Error() }

// Unwrap makes errors.Is(err, ErrTransition) (or ErrNotDecided) hold.
func (e *StepError) Unwrap() error { return e.kind }

// stepError is a refused step of reason; format and args make the English
// message as before.
func stepError(reason StepReason, from, to State, format string, args ...any) error {
	kind := ErrTransition
	if reason == StepArt34Undecided || reason == StepArt34NoNotice {
		kind = ErrNotDecided
	}
	return &StepError{Reason: reason, From: from, To: to, msg: fmt.Sprintf(format, args...), kind: kind}
}

// ErasureClosesByPlan refuses to complete an erasure request directly: it
// closes through its plan (PlanErasure, then the vault's erasure), so
// nothing is closed without the plan's approval. Nil for other requests.
func ErasureClosesByPlan(r Request) error {
	if r.Type != ReqErasure {
		return nil
	}
	return stepError(StepErasureByPlan, r.State, "", "request %s: erasures are completed by ExecuteErasure", r.ID)
}
