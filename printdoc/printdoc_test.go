package printdoc

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
	"time"

	"custodia/assets"
	"custodia/consent"
	"custodia/i18n"
)

var (
	now     = time.Date(2026, 12, 4, 10, 30, 0, 0, time.UTC)
	patient = Person{Family: "Müller-Lüdenscheidt", Given: "Jürgen Öskar", BirthDate: time.Date(1961, 3, 5, 0, 0, 0, 0, time.UTC), Ref: "P-7"}
	ctrl    = consent.Controller{Name: "Praxis Dr. Weiß", Address: "Hauptstraße 12, 10115 Berlin", Country: "DE",
		Email: "datenschutz@praxis-weiss.example", Phone: "+49 30 0000000", URL: "https://praxis-weiss.example/datenschutz",
		DPOContact: "Dr. Änne Groß"}
	// longValue has a word longer than any column, so wrapping must break inside it.
	longValue = "§ 630f Abs. 3 BGB (Aufbewahrungspflicht zehn Jahre nach Abschluss der Behandlung) " +
		strings.Repeat("Überlangeswortohneleerzeichen", 6) + " und weitere Vorschriften der Berufsordnung für Ärztinnen und Ärzte"
)

const recoveryCode = "ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567"

// document is one rendered sample: its layout, its bytes and the values
// whose every character must reach the page.
type document struct {
	name   string
	page   *page
	values []string
}

func samples(t *testing.T) []document { return samplesIn(t, i18n.MustLoad().Localizer("en")) }

// samplesIn renders every document in loc's language (the receipt in the
// consent text's, German).
func samplesIn(t *testing.T, loc *i18n.Localizer) []document {
	t.Helper()
	must := func(p *page, err error) *page {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	cert := sampleCertificate(t)
	b := sampleBreach()
	return []document{
		{"recovery", must(recoveryPage(Recovery{VaultName: "Praxis Weiß.vault", VaultPath: "/home/änne/" + strings.Repeat("Unterordner/", 12) + "Praxis Weiß.vault",
			Admin: "änne.admin", Code: recoveryCode, Created: now, Loc: loc})), []string{recoveryCode, "Praxis Weiß.vault", "änne.admin"}},
		{"receipt", must(receiptPage(ReceiptDoc{Receipt: sampleReceipt(t), Patient: patient, Loc: receiptLoc(loc)})), []string{personLabel(loc, patient), ctrl.Address, ctrl.DPOContact}},
		{"certificate", must(certificatePage(CertificateDoc{Cert: cert, Controller: ctrl, Patient: patient, ApprovedBy: "änne.dpo", IssuedBy: "änne.dpo", Loc: loc})),
			[]string{personLabel(loc, patient), longValue, cert.SHA256, "Art. 17(3)(b): gesetzliche Aufbewahrungspflicht"}},
		{"authority", authorityPage(loc, b, ctrl, now), []string{b.Description, b.Measures, b.Consequences, ctrl.DPOContact}},
		{"subject", subjectPage(loc, b, ctrl, patient, now), []string{b.Description, b.Measures, addressee(loc, patient)}},
		{"cover", coverPage(CoverLetter{Controller: ctrl, Patient: patient, RequestType: consent.ReqAccess, Received: now.AddDate(0, 0, -10),
			Issued: now, FileName: "Access package – Müller-Lüdenscheidt Jürgen Öskar – 2026-12-04.tar.age", Loc: loc,
			Files: []PackageFile{{"access/index.html", CoverFileText(loc, "html")}, {"access/record.csv", longValue}}}),
			[]string{"Access package – Müller-Lüdenscheidt Jürgen Öskar – 2026-12-04.tar.age", longValue, "Jürgen Öskar Müller-Lüdenscheidt"}},
	}
}

func sampleReceipt(t *testing.T) consent.Receipt {
	t.Helper()
	cat := shippedCatalogue(t)
	p := cat.Purposes()[0]
	e := consent.Event{ID: consent.NewID(), Type: consent.Granted, PatientID: consent.NewID(), PurposeID: p.ID, Method: consent.MethodPaper, Time: now}
	r, err := consent.NewReceipt(cat, consent.ReceiptInput{Controller: ctrl, Jurisdiction: "DE", PolicyURL: ctrl.URL, Language: "de", Service: "Behandlung in der Praxis Dr. Weiß", Events: []consent.Event{e}})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func sampleCertificate(t *testing.T) consent.Certificate {
	t.Helper()
	a := consent.Actor{UserID: consent.NewID(), Role: consent.RoleDPO}
	plan := consent.ErasurePlan{ID: consent.NewID(), RequestID: consent.NewID(), SubjectID: consent.NewID(), CreatedAt: now,
		Items: []consent.PlanItem{
			{Category: consent.RecordCategories()[0], Action: consent.ActKeep, Basis: "Art. 17(3)(b): gesetzliche Aufbewahrungspflicht", LegalSource: longValue, KeepUntil: now.AddDate(10, 0, 0)},
			{Category: consent.RecordCategories()[1], Action: consent.ActErase},
		}}
	plan, err := plan.Approve(a, now)
	if err != nil {
		t.Fatal(err)
	}
	res := []consent.ExecutionResult{{Category: plan.Items[0].Category, Action: consent.ActKeep, Records: 3}, {Category: plan.Items[1].Category, Action: consent.ActErase, Records: 12}}
	c, err := consent.ErasureCertificate(plan, res, a, now)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func sampleBreach() consent.Breach {
	return consent.Breach{ID: consent.NewID(), AwareAt: now.Add(-30 * time.Hour), RecordedBy: consent.NewID(), Nature: []string{"confidentiality"},
		Description: "Ein Laptop der Praxis wurde aus dem Auto gestohlen. " + longValue, DataCategories: []string{"contact"},
		SubjectsApprox: consent.ApproxOf(40), RecordsApprox: consent.ApproxOf(120), Consequences: "Mögliche Kenntnisnahme von Kontaktdaten durch Unbefugte.",
		Measures: "Geräte gesperrt, Passwörter geändert, Anzeige erstattet.", Risk: consent.RiskHigh, SubjectsDecision: consent.SubjNotify,
		DecisionReason: "Gesundheitsdaten möglicherweise betroffen."}
}

// squeeze drops all white space: wrapping may drop the space it breaks at,
// nothing else.
func squeeze(s string) string { return strings.Join(strings.Fields(s), "") }

// TestNothingCut checks every placed line against the width it had to fit
// in, and that each value's characters all reach the page in order.
func TestNothingCut(t *testing.T) {
	for _, d := range samples(t) {
		t.Run(d.name, func(t *testing.T) {
			var all strings.Builder
			for _, l := range d.page.lines {
				if l.measured > l.width+0.01 {
					t.Errorf("line %q is %.1f mm wide in a %.1f mm column", l.text, l.measured, l.width)
				}
				all.WriteString(l.text)
			}
			placedText := squeeze(all.String())
			for _, v := range d.values {
				if !strings.Contains(placedText, squeeze(v)) {
					t.Errorf("value %q does not reach the page whole", v)
				}
			}
			if err := d.page.pdf.Error(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestLongValuesWrap checks the oracle above can fail: the long value must
// take several lines of the certificate.
func TestLongValuesWrap(t *testing.T) {
	for _, d := range samples(t) {
		if d.name != "certificate" {
			continue
		}
		n := 0
		for _, l := range d.page.lines {
			if strings.Contains(longValue, l.text) && l.text != "" {
				n++
			}
		}
		if n < 3 {
			t.Errorf("the legal source took %d lines, want it wrapped over several", n)
		}
	}
}

// pdfText extracts the text of a PDF with pdftotext (poppler-utils).
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not installed (apt package poppler-utils; scripts/setup.sh --gui-tools)")
	}
	cmd := exec.Command(bin, "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// TestPDFText renders each document to PDF bytes and reads the text back.
func TestPDFText(t *testing.T) {
	for _, d := range samples(t) {
		t.Run(d.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := d.page.output(&buf); err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
				t.Fatal("output is not a PDF")
			}
			text := squeeze(pdfText(t, buf.Bytes()))
			for _, v := range d.values {
				if !strings.Contains(text, squeeze(v)) {
					t.Errorf("PDF text lacks %q", v)
				}
			}
			for _, u := range []string{"ü", "ß"} {
				if d.name != "recovery" && !strings.Contains(text, u) {
					t.Errorf("umlaut %q lost", u)
				}
			}
		})
	}
}

func TestRecoveryCodeOnce(t *testing.T) {
	var buf bytes.Buffer
	if err := RecoverySheet(&buf, Recovery{VaultName: "Praxis Weiß.vault", Admin: "admin", Code: recoveryCode, Created: now}); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, buf.Bytes())
	if n := strings.Count(squeeze(text), squeeze(recoveryCode)); n != 1 {
		t.Errorf("recovery code appears %d times, want exactly once", n)
	}
	if !strings.Contains(text, "Praxis Weiß.vault") || !strings.Contains(text, "4 Dec 2026") {
		t.Error("sheet lacks the vault name or date")
	}
	if err := RecoverySheet(&buf, Recovery{VaultName: "x"}); err != ErrNoCode {
		t.Errorf("empty code: %v, want ErrNoCode", err)
	}
}

func TestSubjectLetterNeedsNotifyDecision(t *testing.T) {
	b := sampleBreach()
	b.SubjectsDecision = consent.SubjExemptCrypto
	var buf bytes.Buffer
	if err := SubjectLetter(&buf, nil, b, ctrl, patient, now); err == nil || buf.Len() > 0 {
		t.Fatal("letter written although the decision is an exemption")
	}
}

func TestTamperedCertificateRefused(t *testing.T) {
	c := sampleCertificate(t)
	c.Items[1].Records = 0
	if err := ErasureCertificate(&bytes.Buffer{}, CertificateDoc{Cert: c, Patient: patient}); err == nil {
		t.Fatal("tampered certificate printed")
	}
}

// A receipt in German (the consent text's language) is worded in German
// and prints the German consent text shown, whole.
func TestReceiptInGermanShowsTheGermanText(t *testing.T) {
	texts, err := consent.LoadTexts(assets.ConsentTexts())
	if err != nil {
		t.Fatal(err)
	}
	var de consent.Text
	for _, x := range texts {
		if x.PurposeID == "recall" && x.Language == "de" && x.Version == 1 {
			de = x
		}
	}
	if de.Body == "" {
		t.Fatal("no German recall text shipped")
	}
	p, err := receiptPage(ReceiptDoc{Receipt: sampleReceipt(t), Patient: Person{Family: "Weiß", Given: "Jürgen"},
		Loc: i18n.MustLoad().Localizer("de"), Texts: []consent.Text{de}})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := p.output(&buf); err != nil {
		t.Fatal(err)
	}
	text := squeeze(pdfText(t, buf.Bytes()))
	for _, want := range []string{"Einwilligungsquittung", "Nachweis", "Gezeigter Text (Version 1, Deutsch)",
		"Ich willige ein, dass die Praxis meinen Namen", "meine Behandlung hängt nicht davon ab"} {
		if !strings.Contains(text, squeeze(want)) {
			t.Errorf("German receipt lacks %q", want)
		}
	}
	for _, english := range []string{"Consent receipt", "Evidence", "You can withdraw"} {
		if strings.Contains(text, squeeze(english)) {
			t.Errorf("German receipt shows %q", english)
		}
	}
}

// receiptLoc is nil for English: the receipt's own default.
func receiptLoc(loc *i18n.Localizer) *i18n.Localizer {
	if loc.Lang() == "en" {
		return nil
	}
	return loc
}

// shippedCatalogue is the consent catalogue of the shipped purposes and
// their consent texts.
func shippedCatalogue(t *testing.T) *consent.Catalogue {
	t.Helper()
	ps, err := consent.LoadPurposes(bytes.NewReader(assets.PurposesJSON()))
	if err != nil {
		t.Fatal(err)
	}
	ts, err := consent.LoadTexts(assets.ConsentTexts())
	if err != nil {
		t.Fatal(err)
	}
	cat, err := consent.NewCatalogue(ps, ts)
	if err != nil {
		t.Fatal(err)
	}
	return cat
}
