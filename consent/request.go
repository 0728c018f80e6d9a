package consent

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// RequestType is the right a data-subject request exercises.
type RequestType string

// Request types.
const (
	ReqAccess            RequestType = "access"             // GDPR Art. 15
	ReqRectification     RequestType = "rectification"      // Art. 16
	ReqErasure           RequestType = "erasure"            // Art. 17
	ReqRestriction       RequestType = "restriction"        // Art. 18
	ReqPortability       RequestType = "portability"        // Art. 20
	ReqObjection         RequestType = "objection"          // Art. 21
	ReqConsentWithdrawal RequestType = "consent-withdrawal" // Art. 7(3)
	ReqHIPAAAccess       RequestType = "hipaa-access"       // 45 CFR 164.524
	ReqHIPAAAmendment    RequestType = "hipaa-amendment"    // 45 CFR 164.526
)

var requestArticles = map[RequestType]string{
	ReqAccess: "GDPR Art. 15", ReqRectification: "GDPR Art. 16", ReqErasure: "GDPR Art. 17",
	ReqRestriction: "GDPR Art. 18", ReqPortability: "GDPR Art. 20", ReqObjection: "GDPR Art. 21",
	ReqConsentWithdrawal: "GDPR Art. 7(3)", ReqHIPAAAccess: "45 CFR 164.524", ReqHIPAAAmendment: "45 CFR 164.526",
}

// Article returns the legal provision of the request type.
func (t RequestType) Article() string { return requestArticles[t] }

// Valid reports whether t is a known request type.
func (t RequestType) Valid() bool { _, ok := requestArticles[t]; return ok }

// HIPAA reports whether the request runs on HIPAA time limits.
func (t RequestType) HIPAA() bool { return t == ReqHIPAAAccess || t == ReqHIPAAAmendment }

// Channels a request can arrive by.
const (
	ChannelLetter = "letter"
	ChannelEmail  = "email"
	ChannelDesk   = "desk"
	ChannelPhone  = "phone"
	ChannelPortal = "portal"
)

var channels = []string{ChannelLetter, ChannelEmail, ChannelDesk, ChannelPhone, ChannelPortal}

// Requester relations to the data subject.
const (
	RelSelf                = "self"
	RelAuthorisedAgent     = "authorised-agent"
	RelLegalRepresentative = "legal-representative"
)

var requesterRelations = []string{RelSelf, RelParent, RelLegalGuardian, RelHealthcareProxy, RelCourtAppointed, RelLegalRepresentative, RelAuthorisedAgent}

// State of a request in its workflow.
type State string

// Workflow states.
const (
	StateReceived   State = "received"
	StateVerifying  State = "verifying"
	StateInProgress State = "in-progress"
	StateCompleted  State = "completed"
	StateDenied     State = "denied"
	StateWithdrawn  State = "withdrawn"
	// StateClosed: closed without being carried out because the data
	// subject was erased meanwhile (see CloseForErasure); ClosedReason says so.
	StateClosed State = "closed"
)

// States lists every workflow state.
func States() []State {
	return []State{StateReceived, StateVerifying, StateInProgress, StateCompleted, StateDenied, StateWithdrawn, StateClosed}
}

// Closed reports whether no further transition is possible.
func (s State) Closed() bool {
	return s == StateCompleted || s == StateDenied || s == StateWithdrawn || s == StateClosed
}

// transitions is the workflow: from → allowed targets.
var transitions = map[State][]State{
	StateReceived:   {StateVerifying, StateInProgress, StateDenied, StateWithdrawn},
	StateVerifying:  {StateInProgress, StateDenied, StateWithdrawn},
	StateInProgress: {StateCompleted, StateDenied, StateWithdrawn},
}

// CanTransition reports whether the workflow allows from → to.
func CanTransition(from, to State) bool { return slices.Contains(transitions[from], to) }

// Verification records how the requester's identity was checked (Art. 12(6)).
type Verification struct {
	Method   string    `json:"method"` // one of the Verify* constants
	By       string    `json:"by"`     // user id
	At       time.Time `json:"at"`
	Verified bool      `json:"verified"` // false: identity could not be confirmed
}

// Identity verification methods.
const (
	VerifyIDDocument     = "id-document-in-person"
	VerifyKnownToStaff   = "known-to-staff"
	VerifyCallback       = "callback-registered-phone"
	VerifySignedLetter   = "signature-matches-file"
	VerifyPortalLogin    = "portal-login"
	VerifyRepresentative = "proof-of-representation"
)

var verifyMethods = []string{VerifyIDDocument, VerifyKnownToStaff, VerifyCallback, VerifySignedLetter, VerifyPortalLogin, VerifyRepresentative}

// Extension records the one extension of a request's deadline.
type Extension struct {
	Months int       `json:"months"` // GDPR: 1 or 2; HIPAA: always 1 (= 30 days)
	Reason string    `json:"reason"` // told to the requester; no personal data
	By     string    `json:"by"`
	At     time.Time `json:"at"`
	// ToldAt and ToldVia record when and how the requester was told of the
	// extension and its reasons (Art. 12(3)); zero in records made before
	// Custodia asked.
	ToldAt  time.Time `json:"toldAt,omitzero"`
	ToldVia string    `json:"toldVia,omitempty"`
}

// Request is a data-subject request. Requester and Description are personal
// data: the vault stores them encrypted, and this package never puts them in
// errors.
type Request struct {
	ID        string      `json:"id"`
	SubjectID string      `json:"subjectId"` // patient id
	Type      RequestType `json:"type"`
	Channel   string      `json:"channel"`
	// ReceivedAt starts the clock. Deadlines are computed in its location
	// (the practice's time zone).
	ReceivedAt time.Time `json:"receivedAt"`
	// Jurisdiction is the practice's country and region when the request
	// came in ("DE-BY", see ParseJurisdiction): its public holidays move
	// the deadline (Regulation 1182/71 Art. 3(4)). Empty: weekends only.
	Jurisdiction      string `json:"jurisdiction,omitempty"`
	Requester         string `json:"requester"`
	RequesterRelation string `json:"requesterRelation"`
	Description       string `json:"description,omitempty"`
	// PurposeID is what an objection or consent withdrawal is about.
	PurposeID string `json:"purposeId,omitempty"`
	// Categories narrow a rectification, erasure or restriction (empty: all).
	Categories   []string      `json:"categories,omitempty"`
	State        State         `json:"state"`
	Verification *Verification `json:"verification,omitempty"`
	Extension    *Extension    `json:"extension,omitempty"`
	// DenialGround is the legal ground code of a denial (see LegalGrounds).
	DenialGround string    `json:"denialGround,omitempty"`
	ClosedAt     time.Time `json:"closedAt,omitzero"`
	// ClosedReason says why a request was closed without being carried out
	// (state closed); codes and ids only.
	ClosedReason string `json:"closedReason,omitempty"`
	// LiftedAt ends a completed restriction (Art. 18(3)).
	LiftedAt  time.Time `json:"liftedAt,omitzero"`
	CreatedBy string    `json:"createdBy"`
	// Version counts stored updates (optimistic concurrency); 0 before creation.
	Version int64 `json:"version"`
}

// Open reports whether the request still needs work.
func (r Request) Open() bool { return !r.State.Closed() }

// Validate checks a request's fields.
func (r Request) Validate() error {
	var v fields
	if !ValidID(r.ID) {
		v.rule("id", RuleNotAnID)
	}
	if !ValidID(r.SubjectID) {
		v.rule("subjectId", RuleNotAnID)
	}
	if !r.Type.Valid() {
		v.rule("type", RuleUnknownCode, r.Type)
	}
	if !slices.Contains(channels, r.Channel) {
		v.ruleAllowed("channel", channels)
	}
	if r.ReceivedAt.IsZero() {
		v.rule("receivedAt", RuleRequired)
	}
	if strings.TrimSpace(r.Requester) == "" {
		v.rule("requester", RuleRequired)
	}
	if !slices.Contains(requesterRelations, r.RequesterRelation) {
		v.ruleAllowed("requesterRelation", requesterRelations)
	}
	if (r.Type == ReqObjection || r.Type == ReqConsentWithdrawal) && !purposeIDPattern.MatchString(r.PurposeID) {
		v.rule("purposeId", RulePurposeNeeded)
	}
	for i, c := range r.Categories {
		if !KnownCategory(c) {
			v.rule(fmt.Sprintf("categories[%d]", i), RuleUnknownCode, c)
		}
	}
	if err := CheckJurisdiction(ParseJurisdiction(r.Jurisdiction)); err != nil {
		v.rule("jurisdiction", RuleJurisdiction)
	}
	if !slices.Contains(States(), r.State) {
		v.rule("state", RuleUnknownCode, r.State)
	}
	if !ValidID(r.CreatedBy) {
		v.rule("createdBy", RuleNotAnID)
	}
	return v.err()
}

// Intake is what the front desk enters for a new request.
type Intake struct {
	SubjectID         string
	Type              RequestType
	Channel           string
	ReceivedAt        time.Time
	Requester         string
	RequesterRelation string
	Description       string
	PurposeID         string
	Categories        []string
	// Jurisdiction is the practice's country and region (Request.Jurisdiction).
	Jurisdiction string
	// AcceptDuplicate records the request even if an open one of the same
	// subject and type exists (the user confirmed it is a different matter).
	AcceptDuplicate bool
}

// NewRequest validates an intake, checks for duplicates among existing
// requests, and returns the new request in state received with a fresh id.
// It returns a *DuplicateError (ErrDuplicate) unless AcceptDuplicate is set,
// and ErrPermission if the actor may not take in requests.
func NewRequest(in Intake, existing []Request, a Actor, now time.Time) (Request, error) {
	if err := a.need(PermIntake); err != nil {
		return Request{}, err
	}
	r := Request{ID: NewID(), SubjectID: in.SubjectID, Type: in.Type, Channel: in.Channel,
		ReceivedAt: in.ReceivedAt, Requester: in.Requester, RequesterRelation: in.RequesterRelation,
		Description: in.Description, PurposeID: in.PurposeID, Categories: in.Categories,
		Jurisdiction: in.Jurisdiction, State: StateReceived, CreatedBy: a.UserID}
	if err := r.Validate(); err != nil {
		return Request{}, err
	}
	if r.ReceivedAt.After(now) {
		return Request{}, invalidField("receivedAt", RuleFuture)
	}
	if dups := Duplicates(r, existing); len(dups) > 0 && !in.AcceptDuplicate {
		return Request{}, &DuplicateError{IDs: dups}
	}
	return r, nil
}

// Duplicates returns the ids of open requests of the same subject and type
// (and, for objections and withdrawals, the same purpose) other than r.
func Duplicates(r Request, existing []Request) []string {
	var ids []string
	for _, o := range existing {
		samePurpose := o.PurposeID == r.PurposeID || (r.Type != ReqObjection && r.Type != ReqConsentWithdrawal)
		if o.ID != r.ID && o.Open() && o.SubjectID == r.SubjectID && o.Type == r.Type && samePurpose {
			ids = append(ids, o.ID)
		}
	}
	return ids
}

// Transition is the audit record of one workflow step: who did what, when,
// from which state to which.
type Transition struct {
	RequestID string    `json:"requestId"`
	Action    string    `json:"action"` // "create", "transition", "verify", "extend", "lift-restriction"
	From      State     `json:"from"`
	To        State     `json:"to"`
	By        string    `json:"by"`
	Role      string    `json:"role"`
	At        time.Time `json:"at"`
	Detail    string    `json:"detail,omitempty"` // codes only: ground, method, months
}

// Created returns the audit record of a request's intake.
func Created(r Request, a Actor, at time.Time) Transition {
	return Transition{RequestID: r.ID, Action: "create", To: r.State, By: a.UserID, Role: a.Role, At: at,
		Detail: string(r.Type) + " via " + r.Channel}
}

// Advance moves a request to another state. Completing or denying needs
// the DPO or administrator role; denying needs a known legal ground (see
// LegalGrounds); going in progress or completing needs a verified identity.
// It returns ErrTransition for steps the workflow forbids, ErrPermission for
// roles, ErrInvalid for a missing ground.
func Advance(r Request, to State, a Actor, at time.Time, ground string) (Request, Transition, error) {
	if !CanTransition(r.State, to) {
		return r, Transition{}, stepError(StepWrongState, r.State, to, "request %s: %s → %s", r.ID, r.State, to)
	}
	if err := a.need(permFor(to)); err != nil {
		return r, Transition{}, fmt.Errorf("request %s → %s: %w", r.ID, to, err)
	}
	if err := checkTarget(r, to, ground); err != nil {
		return r, Transition{}, err
	}
	t := Transition{RequestID: r.ID, Action: "transition", From: r.State, To: to, By: a.UserID, Role: a.Role, At: at}
	r.State = to
	if to == StateDenied {
		r.DenialGround, t.Detail = ground, ground
	}
	if to.Closed() {
		r.ClosedAt = at
	}
	return r, t, nil
}

func permFor(to State) Permission {
	if to == StateCompleted || to == StateDenied {
		return PermDecide
	}
	return PermIntake
}

func checkTarget(r Request, to State, ground string) error {
	verified := r.Verification != nil && r.Verification.Verified
	switch to {
	case StateInProgress, StateCompleted:
		if !verified {
			return stepError(StepNotVerified, r.State, to, "request %s → %s: identity not verified", r.ID, to)
		}
	case StateDenied:
		g, ok := FindLegalGround(ground)
		if !ok {
			return invalidField("ground", RuleDenialGround, ground)
		}
		if !g.applies(r.Type) {
			return invalidField("ground", RuleGroundNotApplies, ground, r.Type)
		}
	}
	return nil
}

// Verify records the identity check. An open request in state received
// moves to verifying; the state otherwise stays.
func Verify(r Request, v Verification, a Actor) (Request, Transition, error) {
	if err := a.need(PermIntake); err != nil {
		return r, Transition{}, err
	}
	if !r.Open() {
		return r, Transition{}, stepError(StepClosed, r.State, "", "request %s is %s", r.ID, r.State)
	}
	var f fields
	if !slices.Contains(verifyMethods, v.Method) {
		f.ruleAllowed("verification.method", verifyMethods)
	}
	if v.At.IsZero() {
		f.rule("at", RuleRequired)
	}
	if err := f.err(); err != nil {
		return r, Transition{}, err
	}
	v.By = a.UserID
	t := Transition{RequestID: r.ID, Action: "verify", From: r.State, To: r.State, By: a.UserID, Role: a.Role, At: v.At,
		Detail: fmt.Sprintf("%s verified=%v", v.Method, v.Verified)}
	r.Verification = &v
	if r.State == StateReceived {
		r.State, t.To = StateVerifying, StateVerifying
	}
	return r, t, nil
}

// LiftRestriction ends a completed restriction request's effect (Art. 18(3):
// the subject is told before the restriction is lifted).
func LiftRestriction(r Request, a Actor, at time.Time) (Request, Transition, error) {
	if err := a.need(PermDecide); err != nil {
		return r, Transition{}, err
	}
	if r.Type != ReqRestriction || r.State != StateCompleted || !r.LiftedAt.IsZero() || at.Before(r.ClosedAt) {
		return r, Transition{}, stepError(StepNoRestriction, r.State, "", "request %s: only an active completed restriction can be lifted", r.ID)
	}
	r.LiftedAt = at
	return r, Transition{RequestID: r.ID, Action: "lift-restriction", From: r.State, To: r.State, By: a.UserID, Role: a.Role, At: at}, nil
}

// BlocksFromRequests turns completed objections and restrictions into
// blocks for the Index: an objection stops its purpose from completion on;
// a restriction stops every purpose (or the categories named) until lifted.
func BlocksFromRequests(reqs []Request) []Block {
	var out []Block
	for _, r := range reqs {
		if r.State != StateCompleted {
			continue
		}
		switch r.Type {
		case ReqObjection:
			out = append(out, Block{Kind: BlockObjection, PatientID: r.SubjectID, PurposeID: r.PurposeID,
				Categories: r.Categories, From: r.ClosedAt, RequestID: r.ID})
		case ReqRestriction:
			out = append(out, Block{Kind: BlockRestriction, PatientID: r.SubjectID, Categories: r.Categories,
				From: r.ClosedAt, Until: r.LiftedAt, RequestID: r.ID})
		case ReqErasure:
			out = append(out, Block{Kind: BlockErasure, PatientID: r.SubjectID, From: r.ClosedAt, RequestID: r.ID})
		}
	}
	return out
}
