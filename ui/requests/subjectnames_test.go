package requests

import (
	"slices"
	"strings"
	"testing"

	"custodia/consent"
	"custodia/i18n"
	"custodia/ui/kit"
	"custodia/vault"

	"fyne.io/fyne/v2/test"
)

// showQueue puts the queue in the fixture's window so that the table
// draws its visible rows (which is what loads the names).
func showQueue(f *fixture, v *View) {
	f.env.Win.SetContent(v.Content())
	v.Activate()
	test.WidgetRenderer(v.table.Table).Refresh()
}

func TestQueueShowsSubjectNamesToIdentityRoles(t *testing.T) {
	f, v := newTestQueue(t, vault.RoleDPO)
	ids := []string{synthPatient(1).ID, synthPatient(2).ID, synthPatient(1).ID, "p999999"} // p999999: no such patient
	for i, id := range ids {
		f.addRequest(t, id, consent.ReqAccess, receivedFor(5+i))
	}
	showQueue(f, v)
	if !slices.Contains(v.Columns(), "Name") {
		t.Fatalf("DPO queue columns %v lack Name", v.Columns())
	}
	for i, r := range v.Shown() {
		want := f.env.T("layout.patient.gone", "Ref", kit.ShortRef(r.SubjectID)) // no patient: a label, never the id
		if p, ok := f.session.Records[r.SubjectID]; ok {
			// the oracle: the stored record, by name (the detail adds the birth date)
			want = p.FamilyName + ", " + p.GivenName
		}
		if got := v.SubjectName(i); got != want {
			t.Errorf("row %d (%s): name %q, want %q", i, r.SubjectID, got, want)
		}
	}
	// Each subject is read once per screen load, however often it is drawn.
	reads := func() map[string]int {
		m := map[string]int{}
		for _, id := range f.session.GetCalls {
			m[id]++
		}
		return m
	}
	test.WidgetRenderer(v.table.Table).Refresh()
	for id, n := range reads() {
		if n != 1 {
			t.Errorf("subject %s read %d times, want once", id, n)
		}
	}
	// The detail names the subject too.
	row := slices.IndexFunc(v.Shown(), func(r consent.Request) bool { return r.SubjectID == synthPatient(2).ID })
	v.Select(row)
	p2 := synthPatient(2)
	if got := v.Detail.Subject(); got != "Family, Given2 (born "+f.env.Loc.Date(p2.BirthDate)+")" || strings.Contains(got, p2.ID) {
		t.Errorf("detail subject %q", got)
	}
	// A reload starts a new cache: names are read again.
	v.Reload()
	test.WidgetRenderer(v.table.Table).Refresh()
	if n := reads()[synthPatient(1).ID]; n != 2 {
		t.Errorf("after reload subject read %d times in all, want 2", n)
	}
}

func TestQueueShowsIDsOnlyWithoutIdentityPermission(t *testing.T) {
	f := newFixture(t, vault.RoleResearcher)
	f.seed(t)
	v := New(f.env, i18n.MustLoad(), f.uc())
	f.addRequest(t, synthPatient(1).ID, consent.ReqAccess, receivedFor(5))
	showQueue(f, v)
	if slices.Contains(v.Columns(), "Name") || len(f.session.GetCalls) != 0 {
		t.Fatalf("researcher: columns %v, %d patient reads", v.Columns(), len(f.session.GetCalls))
	}
	v.Select(0)
	if got := v.Detail.Subject(); got != "patient ref. "+kit.ShortRef(synthPatient(1).ID) || strings.Contains(got, "Family") {
		t.Errorf("researcher detail subject %q", got)
	}
	if len(f.session.GetCalls) != 0 {
		t.Errorf("researcher detail read %d patients", len(f.session.GetCalls))
	}
}

// TestQueueLoadsNamesOfVisibleRowsOnly: rows scrolled out of view are not
// read from the vault.
func TestQueueLoadsNamesOfVisibleRowsOnly(t *testing.T) {
	f, v := newTestQueue(t, vault.RoleDPO)
	for i := range 20 {
		f.addRequest(t, synthPatient(i).ID, consent.ReqAccess, receivedFor(5+i))
	}
	f.env.Win.Resize(f.env.Win.Canvas().Size().SubtractWidthHeight(0, 500))
	showQueue(f, v)
	n := len(f.session.GetCalls)
	if n == 0 || n >= 20 {
		t.Fatalf("%d of 20 subjects read with a short window, want only the visible ones", n)
	}
	v.table.ScrollToBottom()
	test.WidgetRenderer(v.table.Table).Refresh()
	if last := len(v.Shown()) - 1; v.SubjectName(last) == "" || len(f.session.GetCalls) <= n {
		t.Errorf("scrolling down did not load the last rows' names (%d reads)", len(f.session.GetCalls))
	}
}
