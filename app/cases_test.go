package app_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"custodia/app"
	"custodia/vault"
	"custodia/vault/patientcsv"
)

// openAs unlocks another session of the test vault's file.
func openAs(t *testing.T, v *vault.Vault, name, pass string) (*vault.Session, error) {
	t.Helper()
	s, err := v.Unlock(name, []byte(pass))
	if err == nil {
		t.Cleanup(s.Lock)
	}
	return s, err
}

func TestPatientUseCases(t *testing.T) {
	v, s := vault.NewTestVault(t)
	p, err := app.AddPatient(s, vault.Patient{GivenName: "Testa", FamilyName: "Beispiel",
		BirthDate: time.Date(1970, 3, 4, 0, 0, 0, 0, time.UTC), Diagnosis: "synthetic-dx", Notes: "synthetic"})
	if err != nil {
		t.Fatal(err)
	}
	var verr *vault.ValidationError
	if _, err := app.AddPatient(s, vault.Patient{GivenName: "NoBirth"}); !errors.As(err, &verr) {
		t.Fatalf("a patient without birth date: %v, want *vault.ValidationError", err)
	}
	p.Notes = "changed"
	if _, err := app.EditPatient(s, p); err != nil {
		t.Fatal(err)
	}
	if _, err := app.EditPatient(s, p); !errors.Is(err, vault.ErrConflict) {
		t.Fatalf("an edit of a stale version: %v, want vault.ErrConflict", err)
	}
	rec, err := app.ShowPatient(s, p.ID)
	if err != nil || rec.ClinicalWithheld || rec.Notes != "changed" {
		t.Fatalf("admin reads %+v, %v; want the changed notes, nothing withheld", rec.ClinicalWithheld, err)
	}
	if _, err := app.AddUser(s, "desk", vault.RoleFrontDesk, []byte("desk-passphrase-long")); err != nil {
		t.Fatal(err)
	}
	desk, err := openAs(t, v, "desk", "desk-passphrase-long")
	if err != nil {
		t.Fatal(err)
	}
	rec, err = app.ShowPatient(desk, p.ID)
	if err != nil || !rec.ClinicalWithheld || rec.Diagnosis != "" {
		t.Fatalf("front desk reads withheld=%v diagnosis empty=%v, %v; want clinical fields withheld", rec.ClinicalWithheld, rec.Diagnosis == "", err)
	}
	_, err = app.ShowPatient(s, "Greta Neumann")
	if !errors.Is(err, app.ErrUnknownPatient) || !errors.Is(err, vault.ErrNotFound) {
		t.Fatalf("unknown id: %v, want ErrUnknownPatient and vault.ErrNotFound", err)
	}
	if strings.Contains(err.Error(), "Neumann") {
		t.Fatalf("the error echoes what was typed as an id: %q", err)
	}
	if n, err := app.CountPatients(s); err != nil || n != 1 {
		t.Fatalf("count %d, %v; want 1", n, err)
	}
	if list, err := app.ListPatients(s, 0, 10); err != nil || len(list) != 1 || list[0].ID != p.ID {
		t.Fatalf("list %v, %v", list, err)
	}
	for _, page := range [][2]int{{-1, 10}, {0, 0}} {
		if _, err := app.ListPatients(s, page[0], page[1]); !errors.Is(err, app.ErrBadPage) {
			t.Errorf("page %v: %v, want ErrBadPage", page, err)
		}
	}
}

const csvHead = "given_name,family_name,birth_date,mrn\n"

func TestPatientCSVUseCases(t *testing.T) {
	_, s := vault.NewTestVault(t)
	if _, err := app.AddPatient(s, vault.Patient{GivenName: "Erst", FamilyName: "Person",
		BirthDate: time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC), MRN: "M-2"}); err != nil {
		t.Fatal(err)
	}
	clash := csvHead + "Anna,Muster,1990-01-01,M-1\nBert,Muster,1991-02-02,M-2\n"
	_, err := app.CheckPatientCSV(s, strings.NewReader(clash), patientcsv.Options{})
	var perr *patientcsv.Error
	if !errors.As(err, &perr) || len(perr.Lines) != 1 || perr.Lines[0].Line != 3 || perr.Lines[0].Field != "mrn" {
		t.Fatalf("check of a file with a taken MRN on line 3: %v", err)
	}
	if !errors.Is(err, patientcsv.ErrInvalid) {
		t.Fatalf("the clash does not wrap patientcsv.ErrInvalid: %v", err)
	}
	bad := csvHead + "Anna,Muster,1990-01-01,M-1\nBert,Muster,1991-02-02,M-2\n" + "Carl,,1992-13-01,\n"
	_, err = app.CheckPatientCSV(s, strings.NewReader(bad), patientcsv.Options{})
	if !errors.As(err, &perr) || len(perr.Lines) < 2 || perr.Lines[0].Line != 4 {
		t.Fatalf("a file with invalid lines is reported before any MRN is looked up: %v", err)
	}
	if n, _ := app.CountPatients(s); n != 1 {
		t.Fatalf("a check stored patients: %d, want 1", n)
	}
	good := csvHead + "Anna,Muster,1990-01-01,M-1\nCarl,Muster,1992-03-03,\n"
	ps, err := app.CheckPatientCSV(s, strings.NewReader(good), patientcsv.Options{})
	if err != nil || len(ps) != 2 {
		t.Fatalf("check: %d patients, %v", len(ps), err)
	}
	if added, err := app.ImportPatients(context.Background(), s, ps); err != nil || len(added) != 2 {
		t.Fatalf("import: %d, %v", len(added), err)
	}
	if _, err := app.ImportPatients(context.Background(), s, ps); !errors.Is(err, vault.ErrExists) {
		t.Fatalf("the same patients again: %v, want vault.ErrExists", err)
	}
	if n, _ := app.CountPatients(s); n != 3 {
		t.Fatalf("%d patients after the imports, want 3", n)
	}
}

func TestUserUseCases(t *testing.T) {
	v, s := vault.NewTestVault(t)
	const pass = "clinic-passphrase-long"
	if _, err := app.AddUser(s, "doc", vault.RoleClinician, []byte(pass)); err != nil {
		t.Fatal(err)
	}
	if _, err := app.AddUser(s, "doc", vault.RoleClinician, []byte(pass)); !errors.Is(err, app.ErrUserExists) || !errors.Is(err, vault.ErrExists) {
		t.Fatalf("a taken name: %v, want ErrUserExists and vault.ErrExists", err)
	}
	for name, err := range map[string]error{
		"SetRole":         app.SetRole(s, "nobody", vault.RoleDPO),
		"DisableUser":     app.DisableUser(s, "nobody"),
		"ResetPassphrase": app.ResetPassphrase(s, "nobody", []byte(pass)),
		"DisableTOTP":     app.DisableTOTP(s, "nobody"),
	} {
		if !errors.Is(err, app.ErrUnknownUser) || !errors.Is(err, vault.ErrNotFound) {
			t.Errorf("%s of an unknown user: %v, want ErrUnknownUser and vault.ErrNotFound", name, err)
		}
	}
	if err := app.SetRole(s, "doc", vault.RoleDPO); err != nil {
		t.Fatal(err)
	}
	us, err := app.ListUsers(s)
	if err != nil || len(us) != 2 || us[1].Role != vault.RoleDPO {
		t.Fatalf("users %+v, %v; want doc as DPO", us, err)
	}
	if err := app.DisableUser(s, "doc"); err != nil {
		t.Fatal(err)
	}
	if _, err := openAs(t, v, "doc", pass); err == nil {
		t.Fatal("a disabled user unlocked")
	}
	if err := app.EnableUser(s, "doc", []byte("second-passphrase-long")); err != nil {
		t.Fatal(err)
	}
	doc, err := openAs(t, v, "doc", "second-passphrase-long")
	if err != nil {
		t.Fatalf("enabled user with the new passphrase: %v", err)
	}
	if err := app.ChangePassphrase(doc, []byte("wrong-passphrase-long"), []byte("third-passphrase-long")); !errors.Is(err, vault.ErrWrongPassphrase) {
		t.Fatalf("own change with a wrong passphrase: %v", err)
	}
	if err := app.ChangePassphrase(doc, []byte("second-passphrase-long"), []byte("third-passphrase-long")); err != nil {
		t.Fatal(err)
	}
	if err := app.ResetPassphrase(s, "doc", []byte("fourth-passphrase-long")); err != nil {
		t.Fatal(err)
	}
	if _, err := openAs(t, v, "doc", "fourth-passphrase-long"); err != nil {
		t.Fatalf("after the reset: %v", err)
	}
	code, err := app.NewRecoveryCode(s)
	if err != nil {
		t.Fatal(err)
	}
	if rs, err := v.UnlockWithRecovery(code); err != nil {
		t.Fatalf("the new recovery code: %v", err)
	} else {
		rs.Lock()
	}
}

func TestSecondFactorUseCases(t *testing.T) {
	_, s := vault.NewTestVault(t)
	if err := app.ConfirmTOTP(s, "123456"); !errors.Is(err, app.ErrNoEnrolment) || !errors.Is(err, vault.ErrNotFound) {
		t.Fatalf("confirm without enrolment: %v, want ErrNoEnrolment", err)
	}
	e, err := app.BeginTOTP(s)
	if err != nil {
		t.Fatal(err)
	}
	code, err := totp.GenerateCode(e.Secret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := app.ConfirmTOTP(s, code); err != nil {
		t.Fatal(err)
	}
	if _, err := app.BeginTOTP(s); !errors.Is(err, app.ErrTOTPEnrolled) {
		t.Fatalf("a second enrolment: %v, want ErrTOTPEnrolled", err)
	}
	st, err := app.TOTPStatus(s, vault.TestAdminName)
	if err != nil || !st.Enrolled {
		t.Fatalf("status %+v, %v; want enrolled", st, err)
	}
	if err := app.DisableTOTP(s, vault.TestAdminName); err != nil {
		t.Fatal(err)
	}
	if err := app.SetRequireTOTP(s, true); err != nil {
		t.Fatal(err)
	}
	if on, err := app.RequireTOTP(s); err != nil || !on {
		t.Fatalf("require: %v, %v", on, err)
	}
}

func TestAuditUseCases(t *testing.T) {
	_, s := vault.NewTestVault(t)
	n, err := app.VerifyAudit(s)
	if err != nil || n == 0 {
		t.Fatalf("verify: %d, %v", n, err)
	}
	an, data, err := app.AnchorAudit(s)
	if err != nil {
		t.Fatal(err)
	}
	if _, seq, err := app.LastAnchor(s); err != nil || seq != an.Seq {
		t.Fatalf("last anchor %d, %v; want %d", seq, err, an.Seq)
	}
	if _, err := app.VerifyAuditAnchor(s, data); err != nil {
		t.Fatalf("verify against the fresh anchor: %v", err)
	}
	var verr *vault.ValidationError
	if _, err := app.VerifyAuditAnchor(s, []byte("{}")); !errors.Is(err, app.ErrBadAnchor) || !errors.As(err, &verr) {
		t.Fatalf("a file that is no anchor: %v, want ErrBadAnchor with the field", err)
	}
	es, err := app.ReadAudit(s).Entries(0, 10000)
	if err != nil || len(es) == 0 {
		t.Fatalf("entries: %d, %v", len(es), err)
	}
	if _, err := app.ReadAudit(s).Entries(-1, 10); !errors.Is(err, app.ErrBadPage) {
		t.Fatalf("negative after: %v, want ErrBadPage", err)
	}
	if _, err := app.ParseAuditFormat("csv"); !errors.Is(err, app.ErrBadAuditFormat) {
		t.Fatalf("format csv: %v", err)
	}
	var buf bytes.Buffer
	last := es[len(es)-1].Seq
	got, err := app.ExportAudit(s, &buf, app.AuditExport{Format: app.AuditJSONL, After: last - 2})
	if err != nil {
		t.Fatal(err)
	}
	if lines := countLines(buf.Bytes()); got != lines || got < 2 {
		t.Fatalf("export wrote %d lines and says %d; want the same, at least the 2 entries after %d", lines, got, last-2)
	}
}

// pagedFeed serves n synthetic entries in the pages AuditFeed asks for.
type pagedFeed struct{ n int64 }

func (f pagedFeed) VaultID() string { return "vault-test" }

func (f pagedFeed) AuditFeed(after int64, limit int) ([]vault.AuditEntry, error) {
	var out []vault.AuditEntry
	for seq := after + 1; seq <= f.n && len(out) < limit; seq++ {
		out = append(out, vault.AuditEntry{Seq: seq, Time: time.Unix(seq, 0).UTC(), UserID: "u1", Action: "patient.read",
			Object: fmt.Sprintf("patient:%d", seq), Outcome: "ok"})
	}
	return out, nil
}

func TestExportAuditReadsEveryPage(t *testing.T) {
	for _, n := range []int64{0, 1, 9999, 10000, 10001, 25003} {
		var buf bytes.Buffer
		got, err := app.ExportAudit(pagedFeed{n}, &buf, app.AuditExport{Format: app.AuditSyslog, Host: "-", After: 0})
		if err != nil {
			t.Fatal(err)
		}
		if int64(got) != n || int64(countLines(buf.Bytes())) != n {
			t.Errorf("%d entries: export says %d, wrote %d lines", n, got, countLines(buf.Bytes()))
		}
	}
}

func countLines(b []byte) int {
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<20)
	n := 0
	for sc.Scan() {
		n++
	}
	return n
}
