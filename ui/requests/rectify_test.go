package requests

import (
	"testing"

	usecase "custodia/app"
	"custodia/consent"
	"custodia/ui/kit"
	"custodia/vault"
)

// TestRectificationKeepsOtherFields: a rectification changes the one
// field through the patient form's checks (kit.BuildPatient); an invalid
// value is refused and leaves the request open.
func TestRectificationKeepsOtherFields(t *testing.T) {
	f, v := newTestQueue(t, vault.RoleDPO)
	r := f.addRequest(t, "p000014", consent.ReqRectification, consentNow.AddDate(0, 0, -1), "verify", "start")
	v.Activate()
	v.Show(r.ID)
	before, _ := f.cs.GetPatient("p000014")
	v.Detail.CompleteWith("done", usecase.Work{Rectify: rectifyField(testLoc(), kit.FieldPhone, "+49 30 1234567", true)})
	if len(f.cs.Rectified) != 1 || v.Detail.Request().State != consent.StateCompleted {
		t.Fatalf("rectified %d, state %s", len(f.cs.Rectified), v.Detail.Request().State)
	}
	got := f.cs.Rectified[0]
	if got.Phone != "+49 30 1234567" || got.FamilyName != before.FamilyName || !got.BirthDate.Equal(before.BirthDate) || got.MRN != before.MRN {
		t.Errorf("rectified patient %+v from %+v", got, before)
	}
	r2 := f.addRequest(t, "p000015", consent.ReqRectification, consentNow.AddDate(0, 0, -1), "verify", "start")
	v.Show(r2.ID)
	v.Detail.CompleteWith("done", usecase.Work{Rectify: rectifyField(testLoc(), kit.FieldBirthDate, "1984-02-30", true)})
	if len(f.cs.Rectified) != 1 || v.Detail.Request().State != consent.StateInProgress {
		t.Errorf("an invalid date was stored or closed the request")
	}
}
