package printdoc

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"custodia/consent"
	"custodia/i18n"
)

const testPassphrase = "oak-tulip-sworn-mango-plaza-ruby"

func sampleReport() consent.AccessReport {
	return consent.AccessReport{RequestType: consent.ReqAccess, SubjectID: "p-1", RequestID: "r-1", GeneratedAt: now, Controller: ctrl,
		Purposes: []consent.AccessPurpose{
			{PurposeID: "treatment", Name: "Medical treatment", Basis: "GDPR Art. 6(1)(c), Art. 9(2)(h)", Categories: []string{"health"},
				MayReceive: []string{"Labor Nord GmbH"}, Retention: []string{"clinical record: 10 years after the last treatment"}},
			{PurposeID: "recall", Name: "Appointment reminders", Basis: "GDPR Art. 6(1)(a)", Categories: []string{"contact"}, Consent: "active",
				Recipients: []string{"SMS-Dienst AG"}, Retention: []string{"contact details: 1 year after the last treatment"}},
		},
		Consents:    []consent.GrantStatus{{PurposeID: "recall", Status: "active", Since: now.AddDate(-1, 0, 0)}},
		Disclosures: []consent.Disclosure{{Recipient: "Labor Nord GmbH", PurposeID: "treatment", Categories: []string{"health"}, At: now.AddDate(0, -2, 0)}},
		Requests:    []consent.AccessRequestSummary{{Type: consent.ReqAccess, State: consent.StateInProgress, ReceivedAt: now.AddDate(0, 0, -5)}},
		Sections: []consent.RecordSection{{Title: "Identity and contact details", Rows: [][2]string{
			{"Family name", patient.Family}, {"Given name", patient.Given}, {"Diagnoses (ICD-10)", "J45.0 Asthma bronchiale"}}}},
		Sources:       []string{"you, at registration and during your care"},
		Consultations: []consent.Consultation{{At: now.AddDate(0, 0, -3), By: "dr.weiss", Role: "clinician", Action: "read the record"}},
	}
}

// The report covers every section, in the reader's language.
func TestAccessReportSections(t *testing.T) {
	cat := i18n.MustLoad()
	for _, lang := range []string{"en", "de"} {
		loc := cat.Localizer(lang)
		p := accessReportPage(loc, sampleReport(), now.AddDate(0, 0, -5))
		text := pageText(p)
		for _, id := range []string{"accesspdf.title", "accesspdf.held", "accesspdf.purposes", "accesspdf.recipients", "accesspdf.disclosures",
			"accesspdf.retention", "accesspdf.sources", "accesspdf.transfers", "accesspdf.automated", "accesspdf.consents",
			"accesspdf.requests", "accesspdf.consultations", "accesspdf.rights", "accesspdf.right.7"} {
			if !strings.Contains(text, loc.T(id)) {
				t.Errorf("%s: the report lacks %s (%q)", lang, id, loc.T(id))
			}
		}
		for _, v := range []string{patient.Family, "J45.0 Asthma bronchiale", "Labor Nord GmbH", "SMS-Dienst AG", "10 years after the last treatment"} {
			if !strings.Contains(text, v) {
				t.Errorf("%s: the report lacks %q", lang, v)
			}
		}
	}
}

// The protected PDF does not open without the passphrase, opens with it,
// and its bytes never hold the patient's name or diagnosis in clear.
func TestProtectedReport(t *testing.T) {
	loc := i18n.MustLoad().Localizer("de")
	var plain, enc bytes.Buffer
	if err := AccessReportPDF(&plain, loc, sampleReport(), now); err != nil {
		t.Fatal(err)
	}
	if err := Protect(&enc, plain.Bytes(), testPassphrase); err != nil {
		t.Fatal(err)
	}
	data := enc.Bytes()
	for _, secret := range []string{patient.Family, "Müller", "Asthma", "J45.0", utf16be("Müller")} {
		if bytes.Contains(data, []byte(secret)) {
			t.Errorf("the protected PDF holds %q in clear", secret)
		}
	}
	if !bytes.Contains(data, []byte("/AESV3")) {
		t.Error("not encrypted with AES-256 (no /AESV3 crypt filter)")
	}
	// The library's own decryption: wrong passphrase refused, right one opens.
	wrong := model.NewAESConfiguration("not-the-passphrase", "", 256)
	if err := api.Decrypt(bytes.NewReader(data), &bytes.Buffer{}, wrong); err == nil {
		t.Error("decrypted with a wrong passphrase")
	}
	var dec bytes.Buffer
	if err := api.Decrypt(bytes.NewReader(data), &dec, model.NewAESConfiguration(testPassphrase, "", 256)); err != nil {
		t.Fatalf("decrypting with the passphrase: %v", err)
	}
	// A reader (poppler's pdftotext) refuses it without the passphrase and
	// shows the text with it.
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Log("pdftotext (poppler-utils) not installed: reader check left out")
		return
	}
	path := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("pdftotext", path, "-").CombinedOutput(); err == nil {
		t.Errorf("pdftotext opened the PDF without the passphrase:\n%s", out)
	}
	out, err := exec.Command("pdftotext", "-upw", testPassphrase, path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext with the passphrase: %v\n%s", err, out)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, want := range []string{loc.T("accesspdf.title"), loc.T("accesspdf.rights"), loc.T("accesspdf.purposes"), patient.Family, "Asthma bronchiale"} {
		if !strings.Contains(text, strings.Join(strings.Fields(want), " ")) {
			t.Errorf("pdftotext output lacks %q", want)
		}
	}
}

func TestProtectNeedsAPassphrase(t *testing.T) {
	if err := Protect(&bytes.Buffer{}, []byte("%PDF-1.4"), ""); err != ErrNoPassphrase {
		t.Fatalf("empty passphrase: %v", err)
	}
}

// The cover letter explains both files and holds nothing about health.
func TestPackageLetter(t *testing.T) {
	loc := i18n.MustLoad().Localizer("en")
	l := PackageLetter{Controller: ctrl, Patient: patient, Received: now.AddDate(0, 0, -5), Issued: now,
		PDFName: "Your data – 2026-12-04.pdf", ArchiveName: "Your data – 2026-12-04.tar.age"}
	text := pageText(packageLetterPage(loc, l))
	for _, want := range []string{"Your data – 2026-12-04.pdf", "Your data – 2026-12-04.tar.age", "PDF reader", "age --decrypt",
		"Dear Jürgen Öskar Müller-Lüdenscheidt", "born 5 Mar 1961", "AES-256", loc.T("accesspdf.rights"), loc.T("pdfdocs.cover.rights.text")} {
		if !strings.Contains(text, want) {
			t.Errorf("letter lacks %q", want)
		}
	}
	for _, health := range []string{"Asthma", "J45", "Diagnos", "treatment", "health"} {
		if strings.Contains(strings.ToLower(text), strings.ToLower(health)) {
			t.Errorf("the letter mentions %q", health)
		}
	}
	l.ArchiveName = ""
	if text := pageText(packageLetterPage(loc, l)); strings.Contains(text, "age --decrypt") {
		t.Error("the archive is explained though none is sent")
	}
}

// pageText joins the lines a page placed, with wrapped lines rejoined.
func pageText(p *page) string {
	var b strings.Builder
	for _, l := range p.lines {
		b.WriteString(l.text)
		b.WriteString(" ")
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// utf16be is s as a PDF text string in UTF-16BE, as metadata may hold it.
func utf16be(s string) string {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r>>8), byte(r))
	}
	return string(b)
}
