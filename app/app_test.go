package app_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"path/filepath"
	"testing"
	"time"

	"custodia/app"
	"custodia/consent"
	"custodia/i18n"
	"custodia/printdoc"
	"custodia/vault"
)

var t0 = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

// newVault creates a vault through the use case (weak KDF, fixed clock)
// and unlocks it as the administrator.
func newVault(t *testing.T) (*vault.Vault, *app.Session, app.VaultSession) {
	t.Helper()
	return newVaultAt(t, func() time.Time { return t0 })
}

// newVaultAt creates a weak-KDF vault with the clock now, opens it and
// unlocks it as its administrator (locked and closed at the test's end).
func newVaultAt(t *testing.T, now func() time.Time) (*vault.Vault, *app.Session, app.VaultSession) {
	t.Helper()
	weak := vault.WeakKDFParams()
	opts := vault.Options{KDF: &weak, Now: now}
	path := filepath.Join(t.TempDir(), "practice.vault")
	if _, err := app.CreateVault(context.Background(), path, "admin", []byte("admin-passphrase"), opts); err != nil {
		t.Fatal(err)
	}
	v, err := vault.Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	s, vs, err := app.Unlock(context.Background(), v, "admin", []byte("admin-passphrase"), app.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(vs.Lock)
	return v, s, vs
}

func addPatient(t *testing.T, vs app.VaultSession, given string) vault.Patient {
	t.Helper()
	p, err := vs.AddPatient(vault.Patient{GivenName: given, FamilyName: "Testperson", BirthDate: time.Date(1980, 1, 2, 0, 0, 0, 0, time.UTC),
		Diagnosis: "synthetic", Notes: "synthetic"})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCreateVaultSeedsOnce(t *testing.T) {
	_, s, _ := newVault(t)
	cat, err := s.Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	if len(cat.Purposes()) == 0 {
		t.Fatal("a new vault has no purposes")
	}
	rules, err := s.Store().ListRetentionRules(s.Context())
	if err != nil || len(rules) != len(consent.DefaultRetentionRules()) {
		t.Fatalf("retention rules: %d, %v; want %d", len(rules), err, len(consent.DefaultRetentionRules()))
	}
}

// TestUpgradeSeedsLegacyVault: a vault made without seeding (an older
// version) gets the catalogue on the first unlock by a role that may write
// it; a front-desk user before that sees ErrCatalogueEmpty.
func TestUpgradeSeedsLegacyVault(t *testing.T) {
	weak := vault.WeakKDFParams()
	opts := vault.Options{KDF: &weak}
	path := filepath.Join(t.TempDir(), "legacy.vault")
	if _, err := vault.Create(path, "admin", []byte("admin-passphrase"), opts); err != nil {
		t.Fatal(err)
	}
	v, err := vault.Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	raw, err := v.Unlock("admin", []byte("admin-passphrase"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.AddUser("desk", vault.RoleFrontDesk, []byte("desk-passphrase-1")); err != nil {
		t.Fatal(err)
	}
	raw.Lock()

	desk, dvs, err := app.Unlock(context.Background(), v, "desk", []byte("desk-passphrase-1"), app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := desk.Catalogue(); !errors.Is(err, app.ErrCatalogueEmpty) {
		t.Fatalf("front desk on a legacy vault: %v, want ErrCatalogueEmpty", err)
	}
	dvs.Lock()
	admin, avs, err := app.Unlock(context.Background(), v, "admin", []byte("admin-passphrase"), app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer avs.Lock()
	if _, err := admin.Catalogue(); err != nil {
		t.Fatalf("after the administrator's unlock: %v", err)
	}
}

// A researcher may not read the consent catalogue: unlocking must not try.
func TestResearcherUnlocks(t *testing.T) {
	v, _, vs := newVault(t)
	if _, err := vs.AddUser("rita", vault.RoleResearcher, []byte("researcher-passphrase-1")); err != nil {
		t.Fatal(err)
	}
	_, rvs, err := app.Unlock(context.Background(), v, "rita", []byte("researcher-passphrase-1"), app.Options{})
	if err != nil {
		t.Fatalf("researcher unlock: %v", err)
	}
	rvs.Lock()
}

func TestRequirePatient(t *testing.T) {
	_, s, _ := newVault(t)
	err := s.RequirePatient("00000000-0000-4000-8000-000000000000", false)
	if !errors.Is(err, app.ErrUnknownPatient) || !errors.Is(err, vault.ErrNotFound) {
		t.Fatalf("unknown patient: %v", err)
	}
}

func TestGrantAndWithdrawOneRecipient(t *testing.T) {
	_, s, vs := newVault(t)
	p := addPatient(t, vs, "Grant")
	e, err := s.GrantConsent(app.Grant{Language: "en", Event: consent.Event{PatientID: p.ID, PurposeID: "sharing:specialist-network",
		Method: consent.MethodPaper}, Scan: &app.Scan{ContentType: "application/pdf", Data: []byte("%PDF-1.4 synthetic")}})
	if err != nil {
		t.Fatal(err)
	}
	if e.TextVersion == 0 || e.Scan == nil || e.Scan.SHA256 == "" {
		t.Fatalf("grant lacks text version or scan: %+v", e)
	}
	if _, err := s.WithdrawConsent(p.ID, "sharing:specialist-network", "nobody", consent.MethodVerbal); !errors.Is(err, app.ErrNotRecipient) {
		t.Fatalf("withdraw for a non-recipient: %v", err)
	}
	batch, err := s.WithdrawConsent(p.ID, "sharing:specialist-network", "telemedicine-service", consent.MethodVerbal)
	if err != nil {
		t.Fatal(err)
	}
	if len(batch) != 2 || batch[1].Recipients[0] != "cardiology-practice" {
		t.Fatalf("want a withdrawal and a re-grant for the remaining recipient, got %+v", batch)
	}
	l, err := s.PatientLedger(p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if l.Index.Allowed(p.ID, "sharing:specialist-network", "telemedicine-service", "", t0).Allowed ||
		!l.Index.Allowed(p.ID, "sharing:specialist-network", "cardiology-practice", "", t0).Allowed {
		t.Fatal("the withdrawal did not end exactly the one recipient")
	}
	if _, err := s.WithdrawConsent(p.ID, "recall", "", consent.MethodVerbal); !errors.Is(err, app.ErrNoActiveConsent) {
		t.Fatalf("withdraw without a grant: %v", err)
	}
}

func openVerified(t *testing.T, s *app.Session, patient string, typ consent.RequestType) consent.Request {
	t.Helper()
	r, err := s.OpenRequest(consent.Intake{SubjectID: patient, Type: typ, Channel: consent.ChannelLetter,
		ReceivedAt: t0.AddDate(0, 0, -3), Requester: "the patient", RequesterRelation: consent.RelSelf})
	if err != nil {
		t.Fatal(err)
	}
	if r, err = s.VerifyIdentity(r, consent.VerifyIDDocument, true); err != nil {
		t.Fatal(err)
	}
	return r
}

func TestErasureEndToEnd(t *testing.T) {
	_, s, vs := newVault(t)
	p := addPatient(t, vs, "Erase")
	r := openVerified(t, s, p.ID, consent.ReqErasure)
	if _, err := s.PlanErasure(r, t0.AddDate(0, 0, 1)); !errors.Is(err, app.ErrFutureDate) {
		t.Fatalf("future last treatment: %v", err)
	}
	plan, err := s.PlanErasure(r, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if plan.KnownLastTreatment.IsZero() || len(plan.Items) == 0 {
		t.Fatalf("plan without the vault's last treatment or items: %+v", plan)
	}
	cert, _, err := s.ExecuteErasure(r, plan.ErasurePlan)
	if err != nil {
		t.Fatal(err)
	}
	if err := cert.Verify(); err != nil {
		t.Fatal(err)
	}
	done, err := s.Request(r.ID)
	if err != nil || done.State != consent.StateCompleted {
		t.Fatalf("request after erasure: %s, %v", done.State, err)
	}
	if err := s.RequirePatient(p.ID, false); !errors.Is(err, app.ErrPatientErased) {
		t.Fatalf("erased patient: %v", err)
	}
}

func TestCompleteRestrictionAndAccess(t *testing.T) {
	_, s, vs := newVault(t)
	p := addPatient(t, vs, "Restrict")
	r := openVerified(t, s, p.ID, consent.ReqRestriction)
	closed, _, err := s.CompleteRequest(r, app.Work{})
	if err != nil || closed.State != consent.StateCompleted {
		t.Fatalf("restriction: %s, %v", closed.State, err)
	}
	if _, err := vs.UpdatePatient(mustGet(t, vs, p.ID)); !errors.Is(err, vault.ErrRestricted) {
		t.Fatalf("record not restricted: %v", err)
	}
	q := addPatient(t, vs, "Access")
	a := openVerified(t, s, q.ID, consent.ReqAccess)
	if _, _, err := s.CompleteRequest(a, app.Work{}); !errors.Is(err, consent.ErrInvalid) {
		t.Fatalf("access without a destination: %v", err)
	}
	if _, err := s.Request(a.ID); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w := app.Work{PackageTo: vault.AccessRecipient{Passphrase: "package-passphrase", Controller: consent.Controller{Name: "Synthetic Practice"},
		Pages: printdoc.AccessPages{Loc: i18n.MustLoad().Localizer("de")}},
		Package: func(write func(io.Writer) error) error { return write(&buf) }}
	if _, _, err := s.CompleteRequest(a, w); err != nil {
		t.Fatal(err)
	}
	if buf.Len() == 0 {
		t.Fatal("no package written")
	}
}

func mustGet(t *testing.T, vs app.VaultSession, id string) vault.Patient {
	t.Helper()
	p, err := vs.GetPatient(id)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
