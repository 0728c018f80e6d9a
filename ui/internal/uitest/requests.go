package uitest

import (
	"context"
	"testing"
	"time"

	"custodia/consent"
)

// AddRequest stores a request of typ for subject, received on a date and
// made at now, moved through steps ("verify", "start") as the DPO.
func (s *ConsentSession) AddRequest(t testing.TB, now time.Time, subject string, typ consent.RequestType, received time.Time, steps ...string) consent.Request {
	t.Helper()
	ctx := context.Background()
	dpo := consent.Actor{UserID: "u-dpo", Role: consent.RoleDPO}
	r, err := consent.NewRequest(consent.Intake{SubjectID: subject, Type: typ, Channel: consent.ChannelLetter, ReceivedAt: received,
		Requester: "the patient", RequesterRelation: consent.RelSelf, PurposeID: "recall", AcceptDuplicate: true}, nil, dpo, now)
	if err != nil {
		t.Fatal(err)
	}
	if r, err = s.Store.CreateRequest(ctx, r, consent.Created(r, dpo, now)); err != nil {
		t.Fatal(err)
	}
	for _, step := range steps {
		var tr consent.Transition
		switch step {
		case "verify":
			r, tr, err = consent.Verify(r, consent.Verification{Method: consent.VerifyIDDocument, At: now, Verified: true}, dpo)
		case "start":
			r, tr, err = consent.Advance(r, consent.StateInProgress, dpo, now, "")
		default:
			t.Fatalf("unknown step %q", step)
		}
		if err != nil {
			t.Fatal(err)
		}
		if r, err = s.Store.UpdateRequest(ctx, r, tr); err != nil {
			t.Fatal(err)
		}
	}
	return r
}
