package vault

import (
	"errors"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// clock is a settable test clock.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

// clockVault creates a vault with an injected clock and returns its recovery code.
func clockVault(t *testing.T) (*Vault, *clock, string) {
	t.Helper()
	c := &clock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	weak := WeakKDFParams()
	opts := Options{KDF: &weak, Now: c.now}
	path := filepath.Join(t.TempDir(), "c.vault")
	code, err := Create(path, TestAdminName, []byte(TestAdminPassphrase), opts)
	if err != nil {
		t.Fatal(err)
	}
	v, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	return v, c, code
}

func auditActions(t *testing.T, s *Session) []AuditEntry {
	t.Helper()
	es, err := s.AuditEntries(0, 10000)
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func hasEntry(es []AuditEntry, action, outcome string) bool {
	return slices.ContainsFunc(es, func(e AuditEntry) bool { return e.Action == action && e.Outcome == outcome })
}

func TestWrongPassphrase(t *testing.T) {
	v, _, _ := clockVault(t)
	s, err := v.Unlock(TestAdminName, []byte("not-the-passphrase"))
	if !errors.Is(err, ErrWrongPassphrase) || s != nil {
		t.Fatalf("Unlock = %v, %v; want ErrWrongPassphrase", s, err)
	}
	s, err = v.Unlock(TestAdminName, []byte(TestAdminPassphrase))
	if err != nil {
		t.Fatal(err)
	}
	es := auditActions(t, s)
	if !hasEntry(es, "unlock.failed", outcomeFailed) {
		t.Fatal("failed unlock not in the audit trail after the next unlock")
	}
	if _, err := s.VerifyAudit(); err != nil {
		t.Fatal(err)
	}
}

func TestUnknownUser(t *testing.T) {
	v, _, _ := clockVault(t)
	_, err := v.Unlock("nobody", []byte(TestAdminPassphrase))
	if !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("Unlock(unknown) = %v, want ErrWrongPassphrase", err)
	}
	_, errWrong := v.Unlock(TestAdminName, []byte("wrong-passphrase"))
	if err.Error() != errWrong.Error() {
		t.Fatalf("unknown user and wrong passphrase differ: %q vs %q", err, errWrong)
	}
	s, err := v.Unlock(TestAdminName, []byte(TestAdminPassphrase))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range auditActions(t, s) {
		if strings.Contains(e.Detail+e.Object, "nobody") {
			t.Fatalf("audit entry %d records the attempted name", e.Seq)
		}
	}
}

func TestWrongRecoveryCode(t *testing.T) {
	v, _, code := clockVault(t)
	raw, err := parseRecoveryCode(code)
	if err != nil {
		t.Fatal(err)
	}
	other, _ := newRecoveryCode()
	for _, bad := range []string{"", "not a code", other, recoveryEncoding.EncodeToString(flip(raw, 0))} {
		if _, err := v.UnlockWithRecovery(bad); !errors.Is(err, ErrWrongRecoveryCode) {
			t.Fatalf("UnlockWithRecovery(bad) = %v, want ErrWrongRecoveryCode", err)
		}
		rawExec(t, v.db, "DELETE FROM unlock_backoff")
	}
}

func TestDisabledUser(t *testing.T) {
	v, admin := NewTestVault(t)
	if _, err := admin.AddUser("desk", RoleFrontDesk, []byte("desk-passphrase")); err != nil {
		t.Fatal(err)
	}
	desk, err := v.Unlock("desk", []byte("desk-passphrase"))
	if err != nil {
		t.Fatal(err)
	}
	if err := admin.DisableUser("desk"); err != nil {
		t.Fatal(err)
	}
	// Disabling destroyed the slot: no passphrase opens anything any more.
	if n := countRows(t, v.db, "SELECT count(*) FROM key_slots WHERE user_id = ?", desk.User().ID); n != 0 {
		t.Fatalf("disabled user still has %d key slots", n)
	}
	if _, err := v.Unlock("desk", []byte("wrong-passphrase")); !errors.Is(err, ErrUserDisabled) {
		t.Fatalf("disabled user, wrong passphrase: %v, want ErrUserDisabled", err)
	}
	if _, err := v.Unlock("desk", []byte("desk-passphrase")); !errors.Is(err, ErrUserDisabled) {
		t.Fatalf("disabled user: %v, want ErrUserDisabled", err)
	}
	if _, err := desk.CountPatients(); !errors.Is(err, ErrUserDisabled) {
		t.Fatalf("open session of disabled user: %v, want ErrUserDisabled", err)
	}
	if err := admin.EnableUser("desk"); !errors.Is(err, ErrValidation) {
		t.Fatalf("EnableUser without a new passphrase: %v, want ErrValidation", err)
	}
	if err := admin.EnableUserWithPassphrase("desk", []byte("desk-passphrase-2")); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Unlock("desk", []byte("desk-passphrase")); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("re-enabled user, old passphrase: %v, want ErrWrongPassphrase", err)
	}
	rawExec(t, v.db, "DELETE FROM unlock_backoff")
	if _, err := v.Unlock("desk", []byte("desk-passphrase-2")); err != nil {
		t.Fatalf("re-enabled user: %v", err)
	}
}

func TestKeepOneEnabledAdmin(t *testing.T) {
	_, admin := NewTestVault(t)
	if err := admin.DisableUser(TestAdminName); !errors.Is(err, ErrValidation) {
		t.Fatalf("disable last admin: %v, want ErrValidation", err)
	}
	if err := admin.SetRole(TestAdminName, RoleDPO); !errors.Is(err, ErrValidation) {
		t.Fatalf("demote last admin: %v, want ErrValidation", err)
	}
	if _, err := admin.AddUser("boss2", RoleAdmin, []byte("boss2-passphrase")); err != nil {
		t.Fatal(err)
	}
	if err := admin.SetRole("boss2", RoleDPO); err != nil {
		t.Fatal(err)
	}
	if err := admin.DisableUser(TestAdminName); !errors.Is(err, ErrValidation) {
		t.Fatalf("boss2 is no admin any more: %v, want ErrValidation", err)
	}
	if _, err := admin.AddUser(TestAdminName, RoleDPO, []byte("x-passphrase")); !errors.Is(err, ErrExists) {
		t.Fatalf("duplicate name: %v, want ErrExists", err)
	}
}

func TestThrottleGrowsAndPersists(t *testing.T) {
	v, c, _ := clockVault(t)
	for range accountRule.free {
		if _, err := v.Unlock(TestAdminName, []byte("wrong-passphrase")); !errors.Is(err, ErrWrongPassphrase) {
			t.Fatal(err)
		}
	}
	_, err := v.Unlock(TestAdminName, []byte(TestAdminPassphrase))
	var te *ThrottledError
	if !errors.As(err, &te) || te.Wait != time.Second {
		t.Fatalf("4th attempt at once: %v, want wait 1s", err)
	}
	c.advance(time.Second)
	if _, err := v.Unlock(TestAdminName, []byte("wrong-passphrase")); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatal(err)
	}
	// Persisted: a reopened vault still throttles, now for 2 s.
	weak := WeakKDFParams()
	v.Close()
	v2, err := Open(v.Path(), Options{KDF: &weak, Now: c.now})
	if err != nil {
		t.Fatal(err)
	}
	defer v2.Close()
	if _, err := v2.Unlock(TestAdminName, []byte(TestAdminPassphrase)); !errors.As(err, &te) || te.Wait != 2*time.Second {
		t.Fatalf("after reopen: %v, want wait 2s", err)
	}
	c.advance(2 * time.Second)
	if _, err := v2.Unlock(TestAdminName, []byte(TestAdminPassphrase)); err != nil {
		t.Fatalf("after waiting: %v", err)
	}
	if _, err := v2.Unlock(TestAdminName, []byte(TestAdminPassphrase)); err != nil {
		t.Fatalf("counter not reset by success: %v", err)
	}
}

// contractMatrix is the permission matrix as written in docs/vault-api.md.
var contractMatrix = map[Role][]Permission{
	RoleAdmin: Permissions(),
	RoleDPO: {PermPatientRead, PermPatientClinical, PermPatientWrite, PermPatientDelete, PermAuditRead,
		PermConsentRead, PermConsentWrite, PermRequestIntake, PermRequestDecide, PermGovernance, PermResearchExport},
	RoleClinician:  {PermPatientRead, PermPatientClinical, PermPatientWrite, PermConsentRead, PermConsentWrite},
	RoleFrontDesk:  {PermPatientRead, PermPatientWrite, PermConsentRead, PermConsentWrite, PermRequestIntake},
	RoleResearcher: {PermResearchExport},
}

func TestRoleCanMatchesContract(t *testing.T) {
	for _, r := range Roles() {
		for _, p := range Permissions() {
			if got, want := r.Can(p), slices.Contains(contractMatrix[r], p); got != want {
				t.Errorf("%s.Can(%s) = %v, want %v", r, p, got, want)
			}
		}
	}
	if Role("root").Can(PermPatientRead) {
		t.Error("unknown role holds a permission")
	}
}

// sessionCalls exercise each permission the vault enforces through a
// Session method.
var sessionCalls = []struct {
	perm Permission
	call func(s *Session, patientID string) error
}{
	{PermPatientRead, func(s *Session, id string) error { _, err := s.GetPatient(id); return err }},
	{PermPatientRead, func(s *Session, id string) error { _, err := s.FindPatients(Query{MRN: "MRNZ-0000001"}); return err }},
	{PermPatientRead, func(s *Session, id string) error { _, err := s.ListPatients(0, 10); return err }},
	{PermPatientRead, func(s *Session, id string) error { _, err := s.CountPatients(); return err }},
	{PermPatientWrite, func(s *Session, id string) error {
		p := fakePatient(rand.New(rand.NewPCG(9, 9)), 900)
		p.Diagnosis, p.Notes = "", ""
		_, err := s.AddPatient(p)
		return err
	}},
	{PermPatientClinical, func(s *Session, id string) error {
		_, err := s.AddPatient(fakePatient(rand.New(rand.NewPCG(9, 8)), 901))
		return err
	}},
	{PermPatientDelete, func(s *Session, id string) error { return s.DeletePatient(id) }},
	{PermUserManage, func(s *Session, id string) error {
		_, err := s.AddUser("new-user", RoleClinician, []byte("new-passphrase"))
		return err
	}},
	{PermUserManage, func(s *Session, id string) error { return s.ResetPassphrase(TestAdminName, []byte("other-passphrase")) }},
	{PermAuditRead, func(s *Session, id string) error { _, err := s.AuditEntries(0, 10); return err }},
	{PermAuditRead, func(s *Session, id string) error { _, err := s.VerifyAudit(); return err }},
	{permSignedIn, func(s *Session, id string) error { _, err := s.StaffNames(); return err }},
}

// TestPermissionMatrix runs every guarded Session method as every role: it
// must succeed exactly when the role holds the permission, and each denial
// must be audited.
func TestPermissionMatrix(t *testing.T) {
	for _, role := range Roles() {
		for i, c := range sessionCalls {
			v, admin := NewTestVault(t)
			p := mustAdd(t, admin, fakePatient(rand.New(rand.NewPCG(1, 1)), 1))
			if _, err := admin.AddUser("u", role, []byte("u-passphrase")); err != nil {
				t.Fatal(err)
			}
			s, err := v.Unlock("u", []byte("u-passphrase"))
			if err != nil {
				t.Fatal(err)
			}
			err = c.call(s, p.ID)
			allowed := contractMatrix[role]
			want := c.perm == permSignedIn || slices.Contains(allowed, c.perm) && (c.perm != PermPatientClinical || slices.Contains(allowed, PermPatientWrite))
			var pe *PermissionError
			if want && err != nil {
				t.Errorf("%s call %d (%s): %v, want success", role, i, c.perm, err)
			}
			if !want && (!errors.As(err, &pe) || pe.Role != role || !errors.Is(err, ErrPermission)) {
				t.Errorf("%s call %d (%s): %v, want *PermissionError", role, i, c.perm, err)
			}
			if !want && !hasEntry(auditActions(t, admin), "permission.denied", outcomeDenied) {
				t.Errorf("%s call %d (%s): denial not audited", role, i, c.perm)
			}
		}
	}
}

func TestClinicalFieldsHiddenFromFrontDesk(t *testing.T) {
	v, admin := NewTestVault(t)
	p := mustAdd(t, admin, fakePatient(rand.New(rand.NewPCG(1, 1)), 1))
	if _, err := admin.AddUser("desk", RoleFrontDesk, []byte("desk-passphrase")); err != nil {
		t.Fatal(err)
	}
	desk, err := v.Unlock("desk", []byte("desk-passphrase"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := desk.GetPatient(p.ID)
	if err != nil || got.Notes != "" || got.Diagnosis != "" || got.FamilyName != p.FamilyName {
		t.Fatalf("front desk read: %v; clinical fields visible = %v", err, got.Notes != "")
	}
	got.Phone = "+99 123 4567"
	if _, err := desk.UpdatePatient(got); err != nil {
		t.Fatal(err)
	}
	full, err := admin.GetPatient(p.ID)
	if err != nil || full.Notes != p.Notes || full.Diagnosis != p.Diagnosis || full.Phone != "+99 123 4567" {
		t.Fatalf("front desk update lost clinical data or phone: %v", err)
	}
	full.Notes = "desk writes notes"
	if _, err := desk.UpdatePatient(full); !errors.Is(err, ErrPermission) {
		t.Fatalf("front desk writing notes: %v, want ErrPermission", err)
	}
}

// TestPermissionDenialAudited checks the denial entry itself: who, what,
// which permission, and that the MAC chain still verifies.
func TestPermissionDenialAudited(t *testing.T) {
	v, admin := NewTestVault(t)
	p := mustAdd(t, admin, fakePatient(rand.New(rand.NewPCG(1, 1)), 1))
	u, err := admin.AddUser("res", RoleResearcher, []byte("res-passphrase"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := v.Unlock("res", []byte("res-passphrase"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = res.GetPatient(p.ID)
	var pe *PermissionError
	if !errors.As(err, &pe) || pe.Perm != PermPatientRead || pe.Role != RoleResearcher || pe.User != "res" {
		t.Fatalf("GetPatient as researcher: %v", err)
	}
	es := auditActions(t, admin)
	i := slices.IndexFunc(es, func(e AuditEntry) bool { return e.Action == "permission.denied" })
	if i < 0 {
		t.Fatal("no permission.denied entry")
	}
	e := es[i]
	if e.UserID != u.ID || e.Object != "patient:"+p.ID || e.Outcome != outcomeDenied ||
		!strings.Contains(e.Detail, "action=patient.read") || !strings.Contains(e.Detail, "perm=patient.read") {
		t.Fatalf("denial entry = %+v", e)
	}
	if _, err := admin.VerifyAudit(); err != nil {
		t.Fatal(err)
	}
}
