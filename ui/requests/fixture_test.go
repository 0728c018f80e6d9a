package requests

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	usecase "custodia/app"
	"custodia/consent"
	"custodia/i18n"
	"custodia/ui/internal/uitest"
	"custodia/ui/kit"
	"custodia/vault"
)

var consentNow = time.Date(2026, 3, 16, 10, 0, 0, 0, time.Local)

// testPractice is the synthetic practice on packages and certificates.
var testPractice = consent.Controller{Name: "Synthetic Practice (test)", Address: "1 Example Street, 10115 Berlin",
	Country: "DE", Email: "privacy@practice.example", URL: "https://practice.example/privacy", DPOContact: "DPO, Synthetic Practice"}

// synthPatient is synthetic patient i: p00000i, "Family, Given<i>".
func synthPatient(i int) vault.Patient {
	return vault.Patient{ID: fmt.Sprintf("p%06d", i), GivenName: "Given" + fmt.Sprint(i), FamilyName: "Family",
		BirthDate: time.Date(1950+i%60, 1, 1+i%28, 0, 0, 0, 0, time.UTC), Sex: "unknown", MRN: fmt.Sprintf("T-%06d", i), Version: 1}
}

// patientBase is uitest.Session with 20 synthetic patients whose reads
// it counts.
type patientBase struct {
	*uitest.Session
	patients map[string]vault.Patient
	getCalls *[]string
}

func (b patientBase) GetPatient(id string) (vault.Patient, error) {
	*b.getCalls = append(*b.getCalls, id)
	if u := b.User(); !u.Role.Can(vault.PermPatientRead) {
		return vault.Patient{}, &vault.PermissionError{User: u.Name, Role: u.Role, Perm: vault.PermPatientRead}
	}
	p, ok := b.patients[id]
	if !ok {
		return vault.Patient{}, vault.ErrNotFound
	}
	return p, nil
}

func (b patientBase) FindPatients(q vault.Query) ([]vault.PatientSummary, error) {
	var out []vault.PatientSummary
	for _, p := range b.patients {
		if (q.MRN != "" && p.MRN == q.MRN) || (q.Name != "" && strings.EqualFold(p.GivenName, q.Name)) {
			out = append(out, vault.PatientSummary{ID: p.ID, GivenName: p.GivenName, FamilyName: p.FamilyName, MRN: p.MRN, BirthDate: p.BirthDate})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}
func (b patientBase) HasPatient(id string) bool  { _, ok := b.patients[id]; return ok }
func (b patientBase) PutPatient(p vault.Patient) { b.patients[p.ID] = p }
func (b patientBase) DeletePatient(id string)    { delete(b.patients, id) }

// fixture is a consent session on the test driver with a settable clock.
type fixture struct {
	env      *kit.Env
	cs       *uitest.ConsentSession
	base     patientBase
	getCalls []string
	now      time.Time
}

func newFixture(t *testing.T, role vault.Role) *fixture {
	t.Helper()
	f := &fixture{now: consentNow}
	f.base = patientBase{Session: uitest.NewSession(vault.User{ID: "u-" + string(role), Name: string(role), Role: role}),
		patients: map[string]vault.Patient{}, getCalls: &f.getCalls}
	for i := range 20 {
		p := synthPatient(i)
		f.base.patients[p.ID] = p
	}
	f.cs = uitest.NewConsentSession(f.base, testPractice)
	f.env = uitest.Env(t, f.cs)
	f.env.Win.Resize(f.env.Win.Canvas().Size().AddWidthHeight(100, 80)) // 1200×800 as the shell's tests
	f.env.Now = func() time.Time { return f.now }
	return f
}

// uc is the use cases on the fixture's session and clock.
func (f *fixture) uc() *usecase.Session {
	return usecase.New(f.cs, usecase.Options{Now: func() time.Time { return f.now }, Controller: f.cs.Controller})
}

// seed loads the shipped catalogue, as creating a vault does.
func (f *fixture) seed(t *testing.T) {
	t.Helper()
	if err := usecase.Seed(context.Background(), f.cs.Store); err != nil {
		t.Fatal(err)
	}
}

func newTestQueue(t *testing.T, role vault.Role) (*fixture, *View) {
	t.Helper()
	f := newFixture(t, role)
	f.seed(t)
	return f, New(f.env, i18n.MustLoad(), f.uc())
}

// days returns the receipt date that leaves n days until a GDPR due date at consentNow.
func receivedFor(daysLeft int) time.Time {
	due := consentNow.AddDate(0, 0, daysLeft)
	return time.Date(due.Year(), due.Month()-1, due.Day(), 9, 0, 0, 0, time.Local)
}

// addRequest stores a request received on a date, moved through the
// given steps as the DPO.
func (f *fixture) addRequest(t *testing.T, subject string, typ consent.RequestType, received time.Time, steps ...string) consent.Request {
	t.Helper()
	ctx := context.Background()
	dpo := consent.Actor{UserID: "u-dpo", Role: consent.RoleDPO}
	r, err := consent.NewRequest(consent.Intake{SubjectID: subject, Type: typ, Channel: consent.ChannelLetter, ReceivedAt: received,
		Requester: "the patient", RequesterRelation: consent.RelSelf, PurposeID: "recall", AcceptDuplicate: true}, nil, dpo, f.now)
	if err != nil {
		t.Fatal(err)
	}
	if r, err = f.cs.Store.CreateRequest(ctx, r, consent.Created(r, dpo, f.now)); err != nil {
		t.Fatal(err)
	}
	for _, s := range steps {
		var tr consent.Transition
		switch s {
		case "verify":
			r, tr, err = consent.Verify(r, consent.Verification{Method: consent.VerifyIDDocument, At: f.now, Verified: true}, dpo)
		case "start":
			r, tr, err = consent.Advance(r, consent.StateInProgress, dpo, f.now, "")
		}
		if err != nil {
			t.Fatal(err)
		}
		if r, err = f.cs.Store.UpdateRequest(ctx, r, tr); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

func testLoc() *i18n.Localizer { return uitest.Loc() }

// overlays counts the dialogs over the window.
func overlays(f *fixture) int { return len(f.env.Win.Canvas().Overlays().List()) }
