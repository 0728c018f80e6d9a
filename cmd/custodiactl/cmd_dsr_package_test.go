package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"custodia/consent"
	"custodia/i18n"
)

// dsr package writes the protected PDF and the letter through the use
// case and prints the passphrase once; the request stays open.
func TestDSRPackagePDF(t *testing.T) {
	env, id := gdprVault(t)
	rid := openRequest(t, env, id, "access", "2026-06-10")
	mustFail(t, env, exitUsage, "dsr", "package", rid)
	mustRun(t, env, "dsr", "verify", rid, "--method", consent.VerifyIDDocument)
	dir := t.TempDir()
	pdf := filepath.Join(dir, "Auskunft.pdf")
	out := mustRun(t, with(env, "LANG", "de_DE.UTF-8"), "dsr", "package", rid, "--pdf", pdf, "--archive-name", "Auskunft.tar.age", "--controller", controllerFile(t))
	lines := strings.Split(strings.TrimSpace(out), "\n")
	pass := strings.TrimSpace(lines[len(lines)-1])
	if !strings.Contains(out, "Passphrase") || len(strings.Split(pass, "-")) != 6 {
		t.Fatalf("output:\n%s", out)
	}
	data, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte("Durand")) {
		t.Error("the PDF holds the patient's name in clear")
	}
	if err := api.Decrypt(bytes.NewReader(data), io.Discard, model.NewAESConfiguration(pass, "", 256)); err != nil {
		t.Fatalf("the PDF does not open with the printed passphrase: %v", err)
	}
	if err := api.Decrypt(bytes.NewReader(data), io.Discard, model.NewAESConfiguration("x"+pass, "", 256)); err == nil {
		t.Fatal("the PDF opens with another passphrase")
	}
	// The letter's default name follows the documents' language (here the
	// run's, German), as the desktop app names it.
	de := i18n.MustLoad().Localizer("de")
	if _, err := os.Stat(filepath.Join(dir, "Auskunft – "+de.T("accesspdf.ui.letterFile")+".pdf")); err != nil {
		t.Errorf("no German-named cover letter: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "Auskunft – cover letter.pdf")); err == nil {
		t.Error("the German letter has an English file name")
	}
	if r := requests(t, env)[rid]; r.State != consent.StateInProgress {
		t.Errorf("request %s after dsr package", r.State)
	}
}

// The letter's default file name is worded in the documents' language,
// which --lang may set apart from the run's.
func TestLetterFileNameFollowsLanguage(t *testing.T) {
	cat := i18n.MustLoad()
	for lang, want := range map[string]string{"de": "Brief/Auskunft – Anschreiben.pdf", "en": "Brief/Auskunft – Cover letter.pdf"} {
		if got := letterFileName("Brief/Auskunft.pdf", cat.Localizer(lang)); got != want {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
}
