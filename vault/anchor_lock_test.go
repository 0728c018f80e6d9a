package vault

import (
	"errors"
	"path/filepath"
	"testing"
)

// TestLockAnchor: the administrator sets the anchor file (an absolute
// .json path; nobody else may); any role's lock then makes an anchor
// signed with its own key that "audit verify --anchor" accepts and that
// LastAnchor counts; without the setting nothing is made.
func TestLockAnchor(t *testing.T) {
	v, admin := NewTestVault(t)
	const docPass = "doc-Passphrase-4711"
	_, err := admin.AddUser("doc", RoleClinician, []byte(docPass))
	must(t, err)
	doc, err := v.Unlock("doc", []byte(docPass))
	must(t, err)
	if a, path, err := doc.LockAnchor(); err != nil || path != "" || a.Seq != 0 {
		t.Fatalf("no anchor file set: %q %d %v", path, a.Seq, err)
	}
	for _, bad := range []string{"anchor.json", filepath.Join(t.TempDir(), "anchor.txt"), "/tmp/a\nb.json"} {
		if err := admin.SetAnchorFile(bad); !errors.Is(err, ErrValidation) {
			t.Errorf("SetAnchorFile(%q) = %v, want ErrValidation", bad, err)
		}
	}
	path := filepath.Join(t.TempDir(), "anchor.json")
	if err := doc.SetAnchorFile(path); !errors.Is(err, ErrPermission) {
		t.Fatalf("clinician sets the anchor file: %v, want ErrPermission", err)
	}
	must(t, admin.SetAnchorFile(path))
	if got, err := doc.AnchorFile(); err != nil || got != path {
		t.Fatalf("AnchorFile = %q, %v", got, err)
	}
	mustAdd(t, doc, fakePatient(randFor(21), 21))
	a, got, err := doc.LockAnchor()
	must(t, err)
	if got != path || a.Signer != doc.k.signer {
		t.Fatalf("lock anchor: path %q, signer %s", got, a.Signer)
	}
	if _, err := admin.VerifyAnchor(a); err != nil {
		t.Fatalf("the lock anchor does not verify: %v", err)
	}
	if at, seq, err := admin.LastAnchor(); err != nil || seq != a.Seq || at.IsZero() {
		t.Fatalf("LastAnchor = %v %d %v, want entry %d", at, seq, err, a.Seq)
	}
	// The next lock checks from this anchor on.
	mustAdd(t, admin, fakePatient(randFor(22), 22))
	a2, _, err := admin.LockAnchor()
	must(t, err)
	if a2.Seq <= a.Seq {
		t.Fatalf("second anchor %d not after %d", a2.Seq, a.Seq)
	}
	if _, err := admin.VerifyAnchor(a); err != nil {
		t.Fatalf("the first anchor after more entries: %v", err)
	}
}

// TestLockAnchorRefusesBrokenTrail: an entry written since the last
// anchor, changed in the file, stops the lock anchor (ErrAuditBroken, and
// the refusal is in the trail); one changed before it is left to the full
// check, which finds it.
func TestLockAnchorRefusesBrokenTrail(t *testing.T) {
	v, admin := NewTestVault(t)
	must(t, admin.SetAnchorFile(filepath.Join(t.TempDir(), "anchor.json")))
	mustAdd(t, admin, fakePatient(randFor(23), 23))
	first, _, err := admin.LockAnchor()
	must(t, err)
	mustAdd(t, admin, fakePatient(randFor(24), 24))
	atk := attacker(t, v)
	rawExec(t, atk, "DROP TRIGGER audit_log_no_update")
	var last int64
	must(t, atk.QueryRow("SELECT max(seq) FROM audit_log").Scan(&last))
	rawExec(t, atk, "UPDATE audit_log SET detail = detail || ' ' WHERE seq = ?", last)
	if _, _, err := admin.LockAnchor(); !errors.Is(err, ErrAuditBroken) {
		t.Fatalf("entry after the anchor changed: %v, want ErrAuditBroken", err)
	}
	rawExec(t, atk, "UPDATE audit_log SET detail = rtrim(detail) WHERE seq = ?", last)
	rawExec(t, atk, "UPDATE audit_log SET detail = detail || ' ' WHERE seq = ?", first.Seq-1)
	if _, _, err := admin.LockAnchor(); err != nil {
		t.Fatalf("entry before the last anchor changed: the lock check covers only what came since: %v", err)
	}
	if _, err := admin.VerifyAnchor(first); !errors.Is(err, ErrAuditBroken) {
		t.Fatalf("full check: %v, want ErrAuditBroken", err)
	}
}
