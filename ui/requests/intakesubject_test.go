package requests

import (
	"strings"
	"testing"

	"custodia/consent"
	"custodia/i18n"
	"custodia/ui/kit"
	"custodia/vault"
)

// The new-request dialog asks for no id: the person is found by the
// search and, once picked, shown by name and birth date (never the id),
// with a button to choose someone else; without a pick, the dialog names
// the Person field instead of storing anything (issue 10).
func TestIntakeShowsThePickedPatientByName(t *testing.T) {
	_, v := newTestQueue(t, vault.RoleFrontDesk)
	v.OpenIntake()
	in := v.Intake
	if in.Picked() != "" || !in.searchRow.Visible() {
		t.Fatalf("a new dialog shows %q picked", in.Picked())
	}
	in.Search("T-000007")
	p := synthPatient(7)
	want := p.FamilyName + ", " + p.GivenName + " (born " + v.env.Loc.Date(p.BirthDate) + ")"
	if got := in.Picked(); got != want || in.Subject() != p.ID {
		t.Fatalf("picked %q (subject %q), want %q", got, in.Subject(), want)
	}
	if in.searchRow.Visible() || strings.Contains(in.Picked(), p.ID) {
		t.Errorf("after the pick the search stays open or the id shows: %q", in.Picked())
	}
	in.ClearPick()
	if in.Subject() != "" || in.Picked() != "" || !in.searchRow.Visible() {
		t.Fatalf("after clearing: subject %q, picked %q", in.Subject(), in.Picked())
	}
	in.SetIntake("", consent.ReqAccess, consent.ChannelDesk, consentNow.Format(kit.DateLayout))
	in.Submit()
	if in.Created != nil || !strings.Contains(in.Problem(), v.env.T("requests.intake.patient")) {
		t.Errorf("no person picked: created %v, problem %q", in.Created, in.Problem())
	}
	in.Search("T-000007")
	in.Submit()
	if in.Created == nil || in.Created.SubjectID != p.ID {
		t.Fatalf("after picking again: %v, problem %q", in.Created, in.Problem())
	}
}

// A role that may not read identities sees a picked patient by a short
// reference (the last characters of the id), never the name.
func TestIntakePickedByReferenceWithoutIdentities(t *testing.T) {
	p := synthPatient(3)
	sum := vault.PatientSummary{ID: p.ID, FamilyName: p.FamilyName, GivenName: p.GivenName, BirthDate: p.BirthDate}
	for _, c := range []struct {
		role vault.Role
		want string
	}{{vault.RoleFrontDesk, p.FamilyName + ", " + p.GivenName}, {vault.RoleResearcher, kit.ShortRef(p.ID)}} {
		f := newFixture(t, c.role)
		v := New(f.env, i18n.MustLoad(), f.uc())
		in := newIntakeForm(v, "")
		got := pickedName(in, sum)
		if !strings.Contains(got, c.want) || (c.role == vault.RoleResearcher && strings.Contains(got, p.FamilyName)) {
			t.Errorf("%s sees %q, want it to contain %q", c.role, got, c.want)
		}
	}
}
