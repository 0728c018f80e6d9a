package vault

import (
	"errors"
	"testing"
)

// TestAuthorizeAuditsDenialOnly: a denied check is an audited
// permission.denied entry naming the action; an allowed one writes nothing.
func TestAuthorizeAuditsDenialOnly(t *testing.T) {
	v, admin := NewTestVault(t)
	if _, err := admin.AddUser("frida", RoleFrontDesk, []byte("front-desk-passphrase")); err != nil {
		t.Fatal(err)
	}
	fd, err := v.Unlock("frida", []byte("front-desk-passphrase"))
	if err != nil {
		t.Fatal(err)
	}
	before := entriesAbout(t, admin, "request:r1")
	if err := admin.Authorize(PermRequestDecide, "request.complete", "request:r1"); err != nil {
		t.Fatalf("admin Authorize(decide) = %v, want nil", err)
	}
	if n := entriesAbout(t, admin, "request:r1"); n != before {
		t.Fatalf("allowed check wrote %d audit entries", n-before)
	}
	err = fd.Authorize(PermRequestDecide, "request.complete", "request:r1")
	var pe *PermissionError
	if !errors.Is(err, ErrPermission) || !errors.As(err, &pe) || pe.Perm != PermRequestDecide {
		t.Fatalf("front desk Authorize(decide) = %v, want a PermissionError for %s", err, PermRequestDecide)
	}
	if n := entriesAbout(t, admin, "request:r1"); n != before+1 {
		t.Fatalf("denied check wrote %d entries about the request, want 1", n-before)
	}
	if _, err := admin.VerifyAudit(); err != nil {
		t.Fatal(err)
	}
	fd.Lock()
	if err := fd.Authorize(PermRequestIntake, "request.verify", "request:r1"); !errors.Is(err, ErrLocked) {
		t.Fatalf("Authorize after Lock = %v, want ErrLocked", err)
	}
}

// entriesAbout counts the permission.denied entries about object.
func entriesAbout(t *testing.T, s *Session, object string) int {
	t.Helper()
	es, err := s.AuditEntries(0, 10000)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range es {
		if e.Object == object && e.Action == "permission.denied" && e.Outcome == "denied" {
			n++
		}
	}
	return n
}
