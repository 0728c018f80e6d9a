package audit

import (
	"strings"
	"testing"
	"time"

	usecase "custodia/app"
	"custodia/i18n"
	"custodia/ui/internal/uitest"
	"custodia/vault"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// newScreen shows the audit screen for a DPO over a fake session.
func newScreen(t *testing.T, s *uitest.Session) *View {
	t.Helper()
	env := uitest.Env(t, s)
	v := NewView(env, s)
	uitest.Show(env, v.Content())
	v.Activate()
	return v
}

func dpo() *uitest.Session {
	return uitest.NewSession(vault.User{ID: "u-dpo", Name: "dpo", Role: vault.RoleDPO})
}

func TestAuditVerifyShowsBrokenEntry(t *testing.T) {
	s := dpo()
	s.VerifyErr = &vault.AuditError{Seq: 17, Reason: "entry MAC does not match"}
	a := newScreen(t, s)
	if len(a.Entries()) != 30 {
		t.Fatalf("%d entries loaded", len(a.Entries()))
	}
	test.Tap(a.verify)
	if got := a.resultText(); !strings.Contains(got, "BROKEN at entry 17") || !strings.Contains(got, "MAC") {
		t.Fatalf("result = %q", got)
	}
	s.VerifyErr = nil
	test.Tap(a.verify)
	if got := a.resultText(); got != "Chain intact: 30 entries verified." {
		t.Fatalf("result = %q", got)
	}
}

func TestAuditCells(t *testing.T) {
	e := vault.AuditEntry{Seq: 3, UserID: "u-1234567890", Action: "unlock", Object: "user:u-1", Outcome: "ok"}
	if got := auditCell(uitest.Loc(), e, 2, map[string]string{"u-1234567890": "anna"}); got != "anna" {
		t.Errorf("user cell %q", got)
	}
	if got := auditCell(uitest.Loc(), e, 2, nil); got != "u-123456…" {
		t.Errorf("unknown user cell %q", got)
	}
	e.UserID = ""
	if got := auditCell(uitest.Loc(), e, 2, nil); got != "—" {
		t.Errorf("no-user cell %q", got)
	}
}

func TestAuditLatestLoadsEverything(t *testing.T) {
	s := uitest.NewSession(vault.User{ID: "u-admin", Name: "admin", Role: vault.RoleAdmin})
	for i := len(s.Audit); i < 1234; i++ {
		s.Audit = append(s.Audit, vault.AuditEntry{Seq: int64(i + 1), Action: "patient.read", Outcome: "ok"})
	}
	a := newScreen(t, s)
	if n := len(a.Entries()); n >= 1234 {
		t.Fatalf("%d entries loaded before asking for them", n)
	}
	test.Tap(a.latest)
	es := a.Entries()
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
		if got := anchorAge(uitest.Loc(), c.at, 42, now); !strings.HasPrefix(got, c.want) {
			t.Errorf("anchorAge(%v) = %q, want prefix %q", c.at, got, c.want)
		}
	}
}

type anchorFileSession struct{ path string }

func (s anchorFileSession) AnchorFile() (string, error) { return s.path, nil }

// TestLockAnchorNoteNamesTheFile: the audit screen names the file anchors
// are written to on every lock, and says nothing when there is none.
func TestLockAnchorNoteNamesTheFile(t *testing.T) {
	if note := lockAnchorNote(uitest.Loc(), anchorFileSession{"/practice/anchor.json"}); !strings.Contains(note, "/practice/anchor.json") {
		t.Fatalf("note %q does not name the file", note)
	}
	if note := lockAnchorNote(uitest.Loc(), anchorFileSession{}); note != "" {
		t.Fatalf("note %q without an anchor file", note)
	}
	if note := lockAnchorNote(uitest.Loc(), dpo()); note != "" {
		t.Fatalf("note %q for a session without anchor files", note)
	}
}

// TestSelectedEntryShowsDetailInWords: selecting an entry shows its
// detail worded by usecase.AuditDetail (the CLI's wording), in German
// without the stored codes.
func TestSelectedEntryShowsDetailInWords(t *testing.T) {
	de := i18n.MustLoad().Localizer("de")
	e := vault.AuditEntry{Seq: 7, Action: "permission.denied", Detail: "action=patient.read perm=patient.read role=researcher"}
	got := detailText(de, e)
	want := de.T("auditdetail.selected", "Seq", 7, "Action", de.AuditAction(e.Action), "Detail", usecase.AuditDetail(de, e))
	if got != want || strings.Contains(got, "perm=") || strings.Contains(got, "researcher") {
		t.Errorf("detail %q, want %q", got, want)
	}
	v := newScreen(t, dpo())
	if len(v.entries) == 0 {
		t.Skip("the fake session has no entries")
	}
	v.table.Select(widget.TableCellID{Row: 0, Col: 0})
	obj := uitest.Loc().T("audit.objectof", "Object", auditObject(uitest.Loc(), v.entries[0].Object, v.names))
	if v.detail.Text != detailText(uitest.Loc(), v.entries[0])+"\n"+obj || obj == uitest.Loc().T("audit.objectof", "Object", "") {
		t.Errorf("selected entry shows %q", v.detail.Text)
	}
}

// One view of the audit screen over a real vault is one recorded read,
// however many 500-entry pages it loads (scrolling, "Latest"); Refresh
// starts a new view, recorded once more (issue 10).
func TestAuditViewIsOneRecordedRead(t *testing.T) {
	_, s := vault.NewTestVault(t)
	for range 1100 { // each a read of its own: 1100 entries to page through
		if _, err := s.AuditEntries(0, 1); err != nil {
			t.Fatal(err)
		}
	}
	reads := func() int {
		es, err := s.AuditEntries(0, 10000) // itself one more read
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range es {
			if e.Action == "audit.read" {
				n++
			}
		}
		return n - 1
	}
	before := reads() + 1 // counting was a read too
	env := uitest.Env(t, s)
	v := NewView(env, s)
	uitest.Show(env, v.Content())
	v.Activate()
	test.Tap(v.latest)
	if n := len(v.Entries()); n < 1100 {
		t.Fatalf("%d entries after Latest", n)
	}
	if got := reads() - before; got != 1 {
		t.Errorf("loading %d entries in pages of %d recorded %d reads, want 1", len(v.Entries()), auditPage, got)
	}
	before = reads() + 1
	test.Tap(v.refresh)
	if got := reads() - before; got != 1 {
		t.Errorf("a refreshed view recorded %d reads, want 1", got)
	}
}
