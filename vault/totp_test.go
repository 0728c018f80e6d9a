package vault

import (
	"errors"
	"net/url"
	"testing"
)

func enrol(t *testing.T, s *Session, c *clock) TOTPEnrolment {
	t.Helper()
	e, err := s.BeginTOTP()
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(e.URI)
	if err != nil || u.Scheme != "otpauth" || u.Query().Get("secret") != e.Secret {
		t.Fatalf("URI %q does not carry the secret", e.URI)
	}
	if err := s.ConfirmTOTP("000000x"); !errors.Is(err, ErrWrongTOTP) {
		t.Fatalf("confirm with a bad code: %v", err)
	}
	code, _ := TOTPCode(e.Secret, c.now())
	if err := s.ConfirmTOTP(code); err != nil {
		t.Fatal(err)
	}
	return e
}

func TestTOTPUnlock(t *testing.T) {
	v, c, _ := clockVault(t)
	s, err := v.Unlock(TestAdminName, []byte(TestAdminPassphrase))
	if err != nil {
		t.Fatal(err)
	}
	e := enrol(t, s, c)
	scanFiles(t, v.Path(), append([]any{e.Secret}, stringsAny(e.BackupCodes)...)...)
	c.advance(totpPeriod * 1e9)
	if _, err := v.Unlock(TestAdminName, []byte(TestAdminPassphrase)); !errors.Is(err, ErrTOTPRequired) {
		t.Fatalf("no code: %v, want ErrTOTPRequired", err)
	}
	code, _ := TOTPCode(e.Secret, c.now())
	wrong := "000000"
	if wrong == code {
		wrong = "000001"
	}
	if _, err := v.UnlockWithCode(TestAdminName, []byte(TestAdminPassphrase), wrong); !errors.Is(err, ErrWrongTOTP) {
		t.Fatalf("wrong code: %v", err)
	}
	if _, err := v.UnlockWithCode(TestAdminName, []byte(TestAdminPassphrase), code); err != nil {
		t.Fatalf("right code: %v", err)
	}
	c.advance(accountRule.cap)
	if _, err := v.UnlockWithCode(TestAdminName, []byte(TestAdminPassphrase), code); !errors.Is(err, ErrWrongTOTP) {
		t.Fatalf("replayed code within its window: %v, want ErrWrongTOTP", err)
	}
	// Backup codes work once each, in any case.
	if _, err := v.UnlockWithCode(TestAdminName, []byte(TestAdminPassphrase), " "+e.BackupCodes[0]+" "); err != nil {
		t.Fatalf("backup code: %v", err)
	}
	c.advance(accountRule.cap)
	if _, err := v.UnlockWithCode(TestAdminName, []byte(TestAdminPassphrase), e.BackupCodes[0]); !errors.Is(err, ErrWrongTOTP) {
		t.Fatalf("backup code reused: %v", err)
	}
	c.advance(accountRule.cap)
	s2, err := v.UnlockWithCode(TestAdminName, []byte(TestAdminPassphrase), e.BackupCodes[1])
	if err != nil {
		t.Fatal(err)
	}
	st, err := s2.TOTPStatus(TestAdminName)
	if err != nil || !st.Enrolled || st.BackupCodesLeft != backupCodeCount-2 {
		t.Fatalf("status %+v, %v", st, err)
	}
}

// TestTOTPSealed: the secret is not in the file in clear, and flipping the
// confirmed flag in the file is an integrity error, not a way around it.
func TestTOTPSealed(t *testing.T) {
	v, c, _ := clockVault(t)
	s, err := v.Unlock(TestAdminName, []byte(TestAdminPassphrase))
	if err != nil {
		t.Fatal(err)
	}
	enrol(t, s, c)
	atk := attacker(t, v)
	rawExec(t, atk, "UPDATE user_totp SET confirmed = 0")
	c.advance(accountRule.cap)
	if _, err := v.Unlock(TestAdminName, []byte(TestAdminPassphrase)); !errors.Is(err, ErrIntegrity) {
		t.Fatalf("unlock after the flag was cleared in the file: %v, want ErrIntegrity", err)
	}
	if _, err := s.TOTPStatus(TestAdminName); !errors.Is(err, ErrIntegrity) {
		t.Fatalf("flag flipped: %v, want ErrIntegrity", err)
	}
}

func TestTOTPRequiredGatesSession(t *testing.T) {
	v, c, _ := clockVault(t)
	s, err := v.Unlock(TestAdminName, []byte(TestAdminPassphrase))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddUser("doc", RoleClinician, []byte("doc-Passphrase-42")); err != nil {
		t.Fatal(err)
	}
	if err := s.SetRequireTOTP(true); err != nil {
		t.Fatal(err)
	}
	a, err := v.Unlock(TestAdminName, []byte(TestAdminPassphrase))
	if err != nil {
		t.Fatal(err)
	}
	if !a.EnrolmentRequired() {
		t.Fatal("admin without a second factor not gated")
	}
	if _, err := a.CountPatients(); !errors.Is(err, ErrTOTPEnrolment) {
		t.Fatalf("gated session: %v, want ErrTOTPEnrolment", err)
	}
	enrol(t, a, c)
	if _, err := a.CountPatients(); err != nil {
		t.Fatalf("after enrolling: %v", err)
	}
	doc, err := v.Unlock("doc", []byte("doc-Passphrase-42"))
	if err != nil || doc.EnrolmentRequired() {
		t.Fatalf("clinician is not covered by the requirement: %v", err)
	}
	atk := attacker(t, v)
	rawExec(t, atk, "UPDATE vault_settings SET value = 'off'")
	if _, err := a.RequireTOTP(); !errors.Is(err, ErrIntegrity) {
		t.Fatalf("edited setting: %v, want ErrIntegrity", err)
	}
}

// An administrator removes another user's second factor (lost phone).
func TestAdminRemovesSecondFactor(t *testing.T) {
	v, c, _ := clockVault(t)
	admin, err := v.Unlock(TestAdminName, []byte(TestAdminPassphrase))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.AddUser("doc", RoleClinician, []byte("doc-Passphrase-42")); err != nil {
		t.Fatal(err)
	}
	doc, err := v.Unlock("doc", []byte("doc-Passphrase-42"))
	if err != nil {
		t.Fatal(err)
	}
	enrol(t, doc, c)
	if _, err := v.Unlock("doc", []byte("doc-Passphrase-42")); !errors.Is(err, ErrTOTPRequired) {
		t.Fatalf("enrolled: %v", err)
	}
	if err := doc.DisableTOTP(TestAdminName); !errors.Is(err, ErrPermission) {
		t.Fatalf("clinician removes the admin's factor: %v", err)
	}
	if err := admin.DisableTOTP("doc"); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Unlock("doc", []byte("doc-Passphrase-42")); err != nil {
		t.Fatalf("after removal: %v", err)
	}
}

func stringsAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
