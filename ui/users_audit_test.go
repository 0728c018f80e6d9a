package ui

import (
	"strings"
	"testing"
	"time"

	"custodia/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestAuditVerifyShowsBrokenEntry(t *testing.T) {
	f := newFixture(t, 5, vault.RoleDPO)
	f.session(vault.RoleDPO).verify = &vault.AuditError{Seq: 17, Reason: "entry MAC does not match"}
	f.openAndUnlock(t, "dpo", testPass)
	m := f.app.Main()
	if !m.Show(SectionAudit) {
		t.Fatal("no audit section for the DPO")
	}
	a := m.Audit
	if len(a.Entries()) != 30 {
		t.Fatalf("%d entries loaded", len(a.Entries()))
	}
	test.Tap(a.verify)
	if got := a.Result(); !strings.Contains(got, "BROKEN at entry 17") || !strings.Contains(got, "MAC") {
		t.Fatalf("result = %q", got)
	}
	f.session(vault.RoleDPO).verify = nil
	test.Tap(a.verify)
	if got := a.Result(); got != "Chain intact: 30 entries verified." {
		t.Fatalf("result = %q", got)
	}
}

func TestAuditCells(t *testing.T) {
	e := vault.AuditEntry{Seq: 3, UserID: "u-1234567890", Action: "unlock", Object: "user:u-1", Outcome: "ok"}
	if got := AuditCell(testLoc(), e, 2, map[string]string{"u-1234567890": "anna"}); got != "anna" {
		t.Errorf("user cell %q", got)
	}
	if got := AuditCell(testLoc(), e, 2, nil); got != "u-123456…" {
		t.Errorf("unknown user cell %q", got)
	}
	e.UserID = ""
	if got := AuditCell(testLoc(), e, 2, nil); got != "—" {
		t.Errorf("no-user cell %q", got)
	}
}

func TestUsersScreenAddsChangesAndDisables(t *testing.T) {
	f := newFixture(t, 0, vault.RoleAdmin)
	f.openAndUnlock(t, "admin", testPass)
	m := f.app.Main()
	if !m.Show(SectionUsers) {
		t.Fatal("no users section for the administrator")
	}
	u := m.Users
	s := f.session(vault.RoleAdmin)
	test.Type(u.name, "maria")
	u.newRole.SetSelected(RoleLabel(testLoc(), vault.RoleFrontDesk))
	test.Type(u.pass.pass, "weak")
	if !u.add.Disabled() {
		t.Fatal("add enabled with a weak passphrase")
	}
	u.pass.pass.SetText("Tulip-Harbour-Violin-42")
	u.pass.confirm.SetText("Tulip-Harbour-Violin-42")
	test.Tap(u.add)
	if len(u.Users()) != 2 || u.Users()[1].Role != vault.RoleFrontDesk {
		t.Fatalf("users = %+v; status %q", u.Users(), u.status.Text)
	}
	u.list.Select(1)
	u.role.SetSelected(RoleLabel(testLoc(), vault.RoleClinician))
	test.Tap(u.setRole)
	if s.users[1].Role != vault.RoleClinician {
		t.Fatalf("role not changed: %+v", s.users[1])
	}
	u.list.Select(1)
	u.toggleDisabled()
	confirmTopDialog(t, f)
	if !s.users[1].Disabled || UserState(testLoc(), s.users[1]) != "Clinician · disabled" {
		t.Fatalf("not disabled: %+v", s.users[1])
	}
	u.list.Select(0) // self: no self-demotion or self-disabling offered
	if !u.disable.Disabled() || !u.setRole.Disabled() {
		t.Fatal("an administrator is offered to disable or demote themself")
	}
}

// confirmTopDialog taps the confirm button of the dialog on top.
func confirmTopDialog(t *testing.T, f *fixture) {
	t.Helper()
	top := f.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog")
	}
	for _, b := range buttonsIn(top) {
		if b.Text == "Yes" || b.Text == "OK" || b.Text == "Confirm" {
			test.Tap(b)
			return
		}
	}
	t.Fatal("no confirm button in the dialog")
}

func buttonsIn(o fyne.CanvasObject) []*widget.Button {
	var out []*widget.Button
	for _, c := range test.LaidOutObjects(o) {
		if b, ok := c.(*widget.Button); ok {
			out = append(out, b)
		}
	}
	return out
}

func TestAuditLatestLoadsEverything(t *testing.T) {
	f := newFixture(t, 0, vault.RoleAdmin)
	s := f.session(vault.RoleAdmin)
	for i := len(s.audit); i < 1234; i++ {
		s.audit = append(s.audit, vault.AuditEntry{Seq: int64(i + 1), Action: "patient.read", Outcome: "ok"})
	}
	f.openAndUnlock(t, "admin", testPass)
	m := f.app.Main()
	m.Show(SectionAudit)
	if n := len(m.Audit.Entries()); n >= 1234 {
		t.Fatalf("%d entries loaded before asking for them", n)
	}
	test.Tap(m.Audit.latest)
	es := m.Audit.Entries()
	if len(es) != 1234 {
		t.Fatalf("%d entries after Latest", len(es))
	}
	for i, e := range es {
		if e.Seq != int64(i+1) {
			t.Fatalf("entry %d has seq %d: gap or duplicate", i, e.Seq)
		}
	}
}

// TestAnchorAge words the anchor's age and asks for a new one after a week.
func TestAnchorAge(t *testing.T) {
	now := time.Date(2026, 6, 10, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		at   time.Time
		want string
	}{
		{time.Time{}, "No anchor has been written yet."},
		{now.Add(-time.Hour), "Last anchor written today (entry 42)."},
		{now.Add(-30 * time.Hour), "Last anchor written yesterday (entry 42)."},
		{now.Add(-8 * 24 * time.Hour), "Last anchor written 8 days ago (entry 42). Write a new one."},
	} {
		if got := AnchorAge(testLoc(), c.at, 42, now); !strings.HasPrefix(got, c.want) {
			t.Errorf("AnchorAge(%v) = %q, want prefix %q", c.at, got, c.want)
		}
	}
}
