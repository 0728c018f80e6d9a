package app_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"custodia/app"
	"custodia/consent"
	"custodia/i18n"
	"custodia/vault"
)

func TestAccessDocuments(t *testing.T) {
	v, s, vs := newVault(t)
	p, err := vs.AddPatient(vault.Patient{GivenName: "Quirinus", FamilyName: "Zwetschgenbaum", BirthDate: time.Date(1986, 5, 7, 0, 0, 0, 0, time.UTC),
		Diagnosis: "J45.0", Notes: "Belastungsasthma seit Kindheit"})
	if err != nil {
		t.Fatal(err)
	}
	r := openVerified(t, s, p.ID, consent.ReqAccess)
	if r, err = s.StartRequest(r); err != nil {
		t.Fatal(err)
	}
	var pdf, letter bytes.Buffer
	docs := app.AccessDocs{Localizer: i18n.MustLoad().Localizer("de"), PDFName: "Auskunft.pdf",
		Controller: consent.Controller{Name: "Synthetische Praxis", DPOContact: "dpo@example.org"},
		PDF:        func(write func(io.Writer) error) error { return write(&pdf) },
		Letter:     func(write func(io.Writer) error) error { return write(&letter) }}
	pass, err := s.AccessDocuments(r, docs)
	if err != nil {
		t.Fatal(err)
	}
	if len(pass) > 32 || len(strings.Split(pass, "-")) != 6 {
		t.Errorf("passphrase %d characters, %d words", len(pass), len(strings.Split(pass, "-")))
	}
	for _, secret := range []string{p.FamilyName, p.GivenName, "Belastungsasthma", "J45.0"} {
		if bytes.Contains(pdf.Bytes(), []byte(secret)) {
			t.Errorf("the protected PDF holds %q in clear", secret)
		}
	}
	if err := api.Decrypt(bytes.NewReader(pdf.Bytes()), io.Discard, model.NewAESConfiguration("wrong-"+pass, "", 256)); err == nil {
		t.Error("the PDF opens with a wrong passphrase")
	}
	var plain bytes.Buffer
	if err := api.Decrypt(bytes.NewReader(pdf.Bytes()), &plain, model.NewAESConfiguration(pass, "", 256)); err != nil {
		t.Fatalf("the PDF does not open with its passphrase: %v", err)
	}
	readable(t, pdf.Bytes(), pass, p.FamilyName, "Belastungsasthma seit Kindheit", "Ihre Rechte")
	readable(t, letter.Bytes(), "", "Zwetschgenbaum", "Auskunft.pdf")
	if strings.Contains(pdftext(t, letter.Bytes(), ""), "Belastungsasthma") {
		t.Error("the cover letter mentions the patient's health")
	}
	// Never stored: the vault file and its journal do not hold it.
	for _, f := range []string{v.Path(), v.Path() + "-wal"} {
		if data, err := os.ReadFile(f); err == nil && bytes.Contains(data, []byte(pass)) {
			t.Errorf("%s holds the passphrase", filepath.Base(f))
		}
	}
	// The request stays where it was; the read is audited.
	if got, _ := s.Request(r.ID); got.State != consent.StateInProgress {
		t.Errorf("request state %s after the documents", got.State)
	}
	audited := false
	entries, _ := vs.AuditEntries(0, 1000)
	for _, e := range entries {
		audited = audited || (e.Action == "request.access-report" && e.Object == "request:"+r.ID)
	}
	if !audited {
		t.Error("the report read is not audited")
	}
}

func TestAccessDocumentsNeedsAVerifiedAccessRequest(t *testing.T) {
	_, s, vs := newVault(t)
	p := addPatient(t, vs, "Erase")
	r := openVerified(t, s, p.ID, consent.ReqErasure)
	sink := func(write func(io.Writer) error) error { return write(io.Discard) }
	_, err := s.AccessDocuments(r, app.AccessDocs{Localizer: i18n.MustLoad().Localizer("en"), PDF: sink, Letter: sink,
		Controller: consent.Controller{Name: "Synthetic Practice"}})
	if !errors.Is(err, vault.ErrValidation) {
		t.Fatalf("erasure request: %v", err)
	}
}

// readable checks with poppler's pdftotext, when installed, that the PDF
// opens (with pass, if any) and shows the texts.
func readable(t *testing.T, pdf []byte, pass string, texts ...string) {
	t.Helper()
	got := pdftext(t, pdf, pass)
	if got == "" {
		return
	}
	for _, want := range texts {
		if !strings.Contains(got, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
}

func pdftext(t *testing.T, pdf []byte, pass string) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Log("pdftotext (poppler-utils) not installed: text check left out")
		return ""
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	args := []string{path, "-"}
	if pass != "" {
		args = append([]string{"-upw", pass}, args...)
	}
	out, err := exec.Command("pdftotext", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}
