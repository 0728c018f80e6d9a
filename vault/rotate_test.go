package vault

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"custodia/consent"
)

// TestRotate re-keys a vault holding patients (with and without clinical
// data), consent secrets, a request, a rectification history and practice
// details. Afterwards every value reads back the same for every role, and
// the keys of the old generation (taken from a copy of the file made
// before) open no patient field of the rotated file, while they still open
// every field of the old copy.
func TestRotate(t *testing.T) {
	f := newDSRFixture(t)
	f.grantStudy(t, "ev-rot")
	r := f.request(t, f.admin, consent.ReqRectification, true)
	fixed := f.p
	fixed.FamilyName = "Rotatedzyx"
	if _, err := f.admin.Rectify(f.p.ID, fixed, r.ID); err != nil {
		t.Fatal(err)
	}
	must(t, f.admin.SetPractice(syntheticPractice()))
	rnd := rand.New(rand.NewPCG(44, 44))
	for i := range 5 {
		mustAdd(t, f.admin, fakePatient(rnd, 100+i))
	}
	desk := userSession(t, f.v, f.admin, "desk", RoleFrontDesk)
	np := fakePatient(rnd, 200)
	np.Diagnosis, np.Notes = "", ""
	if _, err := desk.AddPatient(np); err != nil {
		t.Fatal(err)
	}
	before := readEverything(t, f.admin)
	old := fileCopy(t, f.v)

	rep, err := f.admin.Rotate()
	if err != nil {
		t.Fatal(err)
	}
	if rep.Generation != 2 || rep.Patients != 7 || rep.Grants != 3 || rep.Sealed == 0 {
		t.Fatalf("report %+v", rep)
	}
	if after := readEverything(t, f.admin); after != before {
		t.Fatalf("values changed by the rotation: %s", firstDiff(before, after))
	}
	if _, err := f.admin.VerifyAudit(); err != nil {
		t.Fatal(err)
	}
	again, err := f.v.Unlock(TestAdminName, []byte(TestAdminPassphrase))
	if err != nil {
		t.Fatal(err)
	}
	if after := readEverything(t, again); after != before {
		t.Fatal("a new administrator session reads other values")
	}
	desk2, err := f.v.Unlock("desk", []byte("desk-passphrase"))
	if err != nil {
		t.Fatal(err)
	}
	if res, err := desk2.FindPatients(Query{Name: "Rotatedzyx"}); err != nil || len(res) != 1 {
		t.Fatalf("front desk search after rotation: %v, %d", err, len(res))
	}

	oldDB := rawOpen(t, old)
	b, c := fileKeys(t, oldDB, TestAdminName, TestAdminPassphrase)
	// 7 patients, 6 with clinical data (the front desk's has none).
	if id, cl := fileOpens(t, oldDB, b, c); id != 7 || cl != 6 {
		t.Fatalf("old keys on the old copy: %d/%d fields, want 7/6", id, cl)
	}
	if err := checkpoint(f.v.db); err != nil {
		t.Fatal(err)
	}
	if id, cl := fileOpens(t, rawOpen(t, f.v.Path()), b, c); id+cl != 0 {
		t.Fatalf("old keys open %d identity and %d clinical fields of the rotated file", id, cl)
	}
}

// readEverything renders what an administrator reads: patients, history,
// consent events, requests and the practice.
func readEverything(t *testing.T, s *Session) string {
	t.Helper()
	ps, err := s.ListPatients(0, 100)
	must(t, err)
	out := ""
	for _, sum := range ps {
		p, err := s.GetPatient(sum.ID)
		must(t, err)
		h, err := s.PatientHistory(sum.ID)
		must(t, err)
		evs, err := s.ConsentStore().ListEvents(bg, consent.EventFilter{PatientID: sum.ID})
		must(t, err)
		reqs, err := s.ConsentStore().ListRequests(bg, consent.RequestFilter{SubjectID: sum.ID})
		must(t, err)
		p.Version, p.UpdatedAt = 0, p.UpdatedAt.Round(0)
		js, err := json.Marshal([]any{p, h, evs, reqs})
		must(t, err)
		out += string(js) + "\n"
	}
	c, err := s.Practice()
	must(t, err)
	return out + fmt.Sprintf("%+v", c)
}

// firstDiff names the first line where a and b differ (no values printed).
func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			for j := range min(len(la[i]), len(lb[i])) {
				if la[i][j] != lb[i][j] {
					return fmt.Sprintf("line %d, byte %d, near %q", i, j, la[i][max(0, j-20):j])
				}
			}
			return fmt.Sprintf("line %d differs in length", i)
		}
	}
	return "line count differs"
}
