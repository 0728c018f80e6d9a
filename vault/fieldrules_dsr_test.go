package vault

import (
	"slices"
	"strings"
	"testing"

	"custodia/consent"
)

// A refused request step carries its rule and, as codes, the values its
// wording names (the request's state, the accepted request types), never
// the request's or the patient's id: those stay in the English message
// for logs only.
func TestRequestStepRefusalsCoded(t *testing.T) {
	const patient, other = "0b7e2a8e-1111-4c3d-9e0f-000000000001", "0b7e2a8e-2222-4c3d-9e0f-000000000002"
	verified := &consent.Verification{Verified: true}
	req := func(subject string, typ consent.RequestType, v *consent.Verification, st consent.State) consent.Request {
		return consent.Request{ID: "0b7e2a8e-3333-4c3d-9e0f-000000000003", SubjectID: subject, Type: typ, Verification: v, State: st}
	}
	for _, c := range []struct {
		r       consent.Request
		rule    FieldRule
		allowed []string
	}{
		{req(other, consent.ReqAccess, verified, consent.StateInProgress), RuleRequestOfPatient, []string{"access", "portability", "hipaa-access"}},
		{req(patient, consent.ReqErasure, verified, consent.StateInProgress), RuleRequestOfPatient, []string{"access", "portability", "hipaa-access"}},
		{req(patient, consent.ReqAccess, nil, consent.StateInProgress), RuleIdentityUnverified, nil},
		{req(patient, consent.ReqAccess, &consent.Verification{}, consent.StateInProgress), RuleIdentityUnverified, nil},
		{req(patient, consent.ReqPortability, verified, consent.StateDenied), RuleAccessRequestState, []string{string(consent.StateDenied)}},
	} {
		var ve *ValidationError
		if !asValidation(checkAccessRequest(c.r, patient), &ve) || len(ve.Fields) != 1 {
			t.Fatalf("%+v: %v", c.r, checkAccessRequest(c.r, patient))
		}
		fe := ve.Fields[0]
		if fe.Rule != c.rule || !slices.Equal(fe.Allowed, c.allowed) || fe.Field != "requestID" {
			t.Errorf("%s %s: %+v, want %s %v", c.r.Type, c.r.State, fe, c.rule, c.allowed)
		}
		for _, v := range fe.Allowed {
			if strings.Contains(v, "-0000") {
				t.Errorf("%s: an id among the values %v", fe.Rule, fe.Allowed)
			}
		}
	}
	for _, st := range []consent.State{consent.StateInProgress, consent.StateCompleted} {
		if err := checkAccessRequest(req(patient, consent.ReqHIPAAAccess, verified, st), patient); err != nil {
			t.Errorf("%s: %v", st, err)
		}
	}
}
