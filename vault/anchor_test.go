package vault

import (
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"testing"
)

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestAuditAnchorDetectsRollback: a whole-file rollback passes VerifyAudit
// (the old file is self-consistent) but fails against an anchor kept outside.
func TestAuditAnchorDetectsRollback(t *testing.T) {
	v, s := NewTestVault(t)
	r := rand.New(rand.NewPCG(6, 6))
	mustAdd(t, s, fakePatient(r, 1))
	if err := checkpoint(v.db); err != nil {
		t.Fatal(err)
	}
	old := v.Path() + ".old"
	copyFile(t, v.Path(), old) // the attacker's old copy

	mustAdd(t, s, fakePatient(r, 2))
	a, err := s.AuditHead()
	if err != nil {
		t.Fatal(err)
	}
	if n, err := s.VerifyAuditAnchor(a); err != nil || n < a.Seq {
		t.Fatalf("current vault against its anchor: %d, %v", n, err)
	}
	s.Lock()
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	copyFile(t, old, v.Path()) // roll back
	weak := WeakKDFParams()
	v2, err := Open(v.Path(), Options{KDF: &weak})
	if err != nil {
		t.Fatal(err)
	}
	defer v2.Close()
	s2, err := v2.Unlock(TestAdminName, []byte(TestAdminPassphrase))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s2.VerifyAudit(); err != nil {
		t.Fatalf("rolled-back file is self-consistent, VerifyAudit = %v", err)
	}
	_, err = s2.VerifyAuditAnchor(a)
	var ae *AuditError
	if !errors.As(err, &ae) || ae.Seq != a.Seq {
		t.Fatalf("rollback against anchor: %v, want *AuditError at %d", err, a.Seq)
	}
	if _, err := s2.VerifyAuditAnchor(AuditAnchor{Seq: 1, MAC: "zz"}); !errors.Is(err, ErrValidation) {
		t.Fatalf("malformed anchor: %v", err)
	}
}
