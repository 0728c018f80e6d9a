package printdoc

import (
	"bytes"
	"strings"
	"testing"

	"custodia/consent"
	"custodia/i18n"
)

// sweepData is one set of synthetic data every document is rendered
// from, once in German and once in English, so the two renders differ
// only in their words.
type sweepData struct {
	cert    consent.Certificate
	breach  consent.Breach
	receipt consent.Receipt
	grant   consent.Event
	cat     *consent.Catalogue
	ropa    consent.ROPA
}

func newSweepData(t *testing.T) sweepData {
	t.Helper()
	cat, _, e, rc := registryReceipt(t)
	cert := sweepCertificate(t)
	b := sampleBreach()
	b.ID = "breach-7"
	return sweepData{cert: cert, breach: b, receipt: rc, grant: e, cat: cat, ropa: sampleROPA(t)}
}

// sweepCertificate is an erasure certificate that keeps the consent
// ledger and the requests with the notes the vault stores in English.
func sweepCertificate(t *testing.T) consent.Certificate {
	t.Helper()
	en := i18n.MustLoad().Localizer("en")
	a := consent.Actor{UserID: consent.NewID(), Role: consent.RoleDPO}
	keep := func(c consent.RecordCategory) consent.PlanItem {
		return consent.PlanItem{Category: c, Action: consent.ActKeep, Basis: "GDPR Art. 17(3)(e)", LegalSource: longValue, KeepUntil: now.AddDate(3, 0, 0)}
	}
	plan := consent.ErasurePlan{ID: consent.NewID(), RequestID: consent.NewID(), SubjectID: consent.NewID(), CreatedAt: now,
		Items: []consent.PlanItem{keep(consent.RecIdentity), {Category: consent.RecContact, Action: consent.ActErase},
			keep(consent.RecConsents), keep(consent.RecRequests)}}
	plan, err := plan.Approve(a, now)
	if err != nil {
		t.Fatal(err)
	}
	res := []consent.ExecutionResult{{Category: consent.RecIdentity, Action: consent.ActKeep, Records: 3},
		{Category: consent.RecContact, Action: consent.ActErase, Records: 12},
		{Category: consent.RecConsents, Action: consent.ActKeep, Records: 2, Note: en.T("docsweep.cert.note.consents")},
		{Category: consent.RecRequests, Action: consent.ActKeep, Records: 1, Note: en.T("docsweep.cert.note.requests")}}
	c, err := consent.ErasureCertificate(plan, res, a, now)
	if err != nil {
		t.Fatal(err)
	}
	c, err = c.WithDetails(consent.CertificateDetails{ApproverName: "änne.dpo", ApproverRole: consent.RoleDPO,
		IssuerName: "änne.dpo", IssuerRole: consent.RoleDPO, Controller: ctrl})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// sweepDocs renders every document printdoc makes (the access report
// aside) in loc's language, as text: PDFs as the lines they placed, HTML
// pages and text notices as their text.
func sweepDocs(t *testing.T, loc *i18n.Localizer, d sweepData) map[string]string {
	t.Helper()
	must := func(p *page, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return placedText(p)
	}
	category := func(c consent.RecordCategory) string { return loc.T("erasure.category." + string(c)) }
	out := map[string]string{
		"recovery": must(recoveryPage(Recovery{VaultName: "Praxis Weiß.vault", VaultPath: "/home/änne/Praxis Weiß.vault",
			Admin: "änne.admin", Code: recoveryCode, Created: now, Loc: loc})),
		"backup codes": placedText(backupCodesPage(BackupCodes{User: "änne", Codes: []string{"1234-5678", "2345-6789"}, Created: now, Loc: loc})),
		"receipt": must(receiptPage(ReceiptDoc{Receipt: d.receipt, Patient: patient, Loc: loc,
			Grants: []consent.Event{d.grant}, Catalogue: d.cat})),
		"certificate": must(certificatePage(CertificateDoc{Cert: d.cert, Controller: ctrl, Patient: patient,
			ApprovedBy: "änne.dpo", IssuedBy: "änne.dpo", Category: category, Loc: loc})),
		"authority": placedText(authorityPage(loc, d.breach, ctrl, now)),
		"subject":   placedText(subjectPage(loc, d.breach, ctrl, patient, now)),
		"cover": placedText(coverPage(CoverLetter{Controller: ctrl, Patient: patient, RequestType: consent.ReqAccess,
			Received: now.AddDate(0, 0, -10), Issued: now, FileName: "Auskunft.tar.age", Loc: loc,
			Files: []PackageFile{{"access/index.html", CoverFileText(loc, "html")}, {"access/record.csv", CoverFileText(loc, "csv")}}})),
		"package letter": placedText(packageLetterPage(loc, PackageLetter{Controller: ctrl, Patient: patient,
			Received: now.AddDate(0, 0, -10), Issued: now, PDFName: "Auskunft.pdf", ArchiveName: "Auskunft.tar.age"})),
	}
	var b bytes.Buffer
	if err := CertificateHTML(&b, loc, CertificatePage{Cert: d.cert, Category: category, Patient: patient}); err != nil {
		t.Fatal(err)
	}
	out["certificate page"] = htmlText(b.String())
	b.Reset()
	if err := ReceiptHTML(&b, loc, ReceiptPage{Receipt: d.receipt, Grants: []consent.Event{d.grant}, Catalogue: d.cat, Patient: patient}); err != nil {
		t.Fatal(err)
	}
	out["receipt page"] = htmlText(b.String())
	b.Reset()
	if err := ROPAHTML(&b, loc, d.ropa); err != nil {
		t.Fatal(err)
	}
	out["ropa page"] = htmlText(b.String())
	b.Reset()
	if err := AuthorityNoticeText(&b, loc, d.breach, ctrl, now); err != nil {
		t.Fatal(err)
	}
	out["authority text"] = b.String()
	b.Reset()
	if err := SubjectLetterText(&b, loc, d.breach, ctrl, patient, now); err != nil {
		t.Fatal(err)
	}
	out["subject text"] = b.String()
	return out
}

// sweepKeep are the values every document shows as given, in any
// language: synthetic names, the practice's details, what the practice
// wrote, codes and file names, and the references a document must show
// (the certificate's number and request, the breach's reference).
func sweepKeep(d sweepData) []string {
	b := d.breach
	return []string{patient.Name(), patient.Salutation(), ctrl.Name, ctrl.Address, ctrl.Email, ctrl.Phone, ctrl.URL, ctrl.DPOContact,
		b.ID, b.Description, b.Consequences, b.Measures, b.DecisionReason, longValue, recoveryCode,
		"Praxis Weiß.vault", "/home/änne/Praxis Weiß.vault", "änne.admin", "änne.dpo",
		"Auskunft.tar.age", "Auskunft.pdf", "access/index.html", "access/record.csv", "age --decrypt -o access.tar", "age --decrypt -o data.tar",
		"tar -xf access.tar", "tar -xf data.tar", "https://age-encryption.org", "Behandlung in der Praxis Dr. Weiß",
		d.cert.ID, d.cert.RequestID, d.cert.SHA256, d.receipt.ConsentReceiptID, d.receipt.Version, d.ropa.Controller.Name,
		"Art. 17(3)(b): gesetzliche Aufbewahrungspflicht",
		// product names and the example passphrase, the same in every language
		"Adobe Acrobat Reader", "oak-tulip-sworn-mango-plaza-ruby", "Administrator", "1234-5678", "2345-6789",
		// the sample ROPA's study, recipients and processors
		"Diabetes-Verlauf 2026", "Universität Beispielstadt", "Institut für Versorgungsforschung", "Qualitätszirkel Nord"}
}

// Every document, rendered in German, repeats no English passage of its
// English render (the oracle englishLeft) and shows no internal id, the
// English render no German passage of the German one; and
// the words this sweep put in are there: the country by name, the letter
// addressed given name first, the certificate's notes and the letter's
// rights in German.
func TestNoEnglishLeftInGermanDocuments(t *testing.T) {
	cat := i18n.MustLoad()
	de, en := cat.Localizer("de"), cat.Localizer("en")
	d := newSweepData(t)
	deDocs, enDocs := sweepDocs(t, de, d), sweepDocs(t, en, d)
	keep := sweepKeep(d)
	for name, deText := range deDocs {
		if left := englishLeft(enDocs[name], deText, keep...); len(left) > 0 {
			t.Errorf("%s: the German document shows English or ids: %q", name, left)
		}
		// and the other way round: no German passage in the English one
		if left := englishLeft(deText, enDocs[name], keep...); len(left) > 0 {
			t.Errorf("%s: the English document shows German or ids: %q", name, left)
		}
	}
	has := func(doc, s string) bool { return strings.Contains(normSpace(deDocs[doc]), normSpace(s)) }
	for _, doc := range []string{"certificate", "authority", "subject", "cover", "package letter", "authority text", "subject text"} {
		if !has(doc, de.Country("DE")) || strings.Contains(deDocs[doc], ", DE\n") || strings.Contains(deDocs[doc], " · DE · ") {
			t.Errorf("%s: the practice's country is not named %q", doc, de.Country("DE"))
		}
	}
	to := de.T("pdfdocs.to", "Name", de.T("pdfdocs.born", "Name", patient.Salutation(), "Date", de.Date(patient.BirthDate)))
	for _, doc := range []string{"subject", "cover", "subject text"} {
		if !has(doc, to) {
			t.Errorf("%s: not addressed %q", doc, to)
		}
	}
	if !has("package letter", de.T("accesspdf.letter.to", "Name", de.T("pdfdocs.born", "Name", patient.Salutation(), "Date", de.Date(patient.BirthDate)))) {
		t.Error("package letter: not addressed given name first")
	}
	if !has("package letter", de.T("pdfdocs.cover.rights.text")) {
		t.Error("package letter: does not name the rights under its rights heading")
	}
	for _, note := range []string{"docsweep.cert.note.consents", "docsweep.cert.note.requests"} {
		if !has("certificate page", de.T(note)) {
			t.Errorf("certificate page: lacks the German note %s", note)
		}
	}
	if has("certificate page", d.cert.SubjectID) || !has("certificate page", personLabel(de, patient)) {
		t.Error("certificate page: names the patient by id, not by name")
	}
	if has("receipt page", d.receipt.PIIPrincipalID) || !has("receipt page", de.T("printdoc.receipt.born", "Name", patient.Name(), "Date", de.Date(patient.BirthDate))) {
		t.Error("receipt page: names the patient by id, not by name")
	}
	if !has("receipt", de.T("printdoc.receipt.title")+" – "+patient.Name()+" – "+de.Date(now)) && !strings.Contains(deDocs["receipt"], de.Date(now)) {
		t.Error("receipt: the date is not German")
	}
}

// A note the vault did not write in the catalogue's English (an older
// wording, or the practice's own) prints as stored.
func TestCertificateNoteKeepsOtherText(t *testing.T) {
	cat := i18n.MustLoad()
	n := noteWords{loc: cat.Localizer("de"), en: cat.Localizer("en")}
	if got := n.text(consent.RecConsents, "eigene Notiz"); got != "eigene Notiz" {
		t.Errorf("own note worded as %q", got)
	}
	if got := n.text(consent.RecConsents, cat.Localizer("en").T("docsweep.cert.note.consents")); got != cat.Localizer("de").T("docsweep.cert.note.consents") {
		t.Errorf("stored English note printed as %q", got)
	}
	if got := n.text(consent.RecIdentity, cat.Localizer("en").T("docsweep.cert.note.consents")); got == cat.Localizer("de").T("docsweep.cert.note.consents") {
		t.Error("a note worded under another category's id")
	}
}

// The certificate's table keeps every German heading, action and record
// category whole: no word of them is broken across lines.
func TestCertificateWordsWhole(t *testing.T) {
	cat := i18n.MustLoad()
	d := newSweepData(t)
	for _, lang := range []string{"de", "en"} {
		loc := cat.Localizer(lang)
		category := func(c consent.RecordCategory) string { return loc.T("erasure.category." + string(c)) }
		p, err := certificatePage(CertificateDoc{Cert: d.cert, Controller: ctrl, Patient: patient, Category: category, Loc: loc})
		if err != nil {
			t.Fatal(err)
		}
		words := map[string]bool{}
		for _, l := range p.lines {
			for _, w := range strings.Fields(l.text) {
				words[w] = true
			}
		}
		for _, id := range []string{"pdfdocs.cert.col.category", "pdfdocs.cert.col.action", "pdfdocs.cert.col.records", "pdfdocs.cert.col.basis",
			"pdfdocs.cert.col.until", "pdfdocs.cert.col.source", "pdfdocs.cert.action.keep", "pdfdocs.cert.action.erase", "pdfdocs.breach.contact"} {
			if id == "pdfdocs.breach.contact" {
				p = authorityPage(loc, d.breach, ctrl, now)
				for _, l := range p.lines {
					for _, w := range strings.Fields(l.text) {
						words[w] = true
					}
				}
			}
			for _, w := range strings.Fields(loc.T(id)) {
				if !words[w] {
					t.Errorf("%s: %q of %s is broken across lines", lang, w, id)
				}
			}
		}
		for _, it := range d.cert.Items {
			for _, w := range strings.Fields(category(it.Category)) {
				if !words[w] {
					t.Errorf("%s: %q of the category %s is broken across lines", lang, w, it.Category)
				}
			}
		}
	}
}

// A retention batch's certificate is footed with its own title and no
// empty name ("Erasure certificate –  – date" before).
func TestRetentionCertificateFooter(t *testing.T) {
	cat := i18n.MustLoad()
	c := sweepCertificate(t)
	for _, lang := range []string{"de", "en"} {
		loc := cat.Localizer(lang)
		c.Kind = "retention"
		if got, want := certificateFooter(loc, c, Person{}), loc.T("pdfdocs.cert.title.retention")+" – "+loc.Date(c.IssuedAt); got != want {
			t.Errorf("%s retention footer %q, want %q", lang, got, want)
		}
		c.Kind = "erasure"
		if got := certificateFooter(loc, c, patient); !strings.Contains(got, patient.Name()) || strings.Contains(got, " –  – ") {
			t.Errorf("%s erasure footer %q", lang, got)
		}
		if got := certificateFooter(loc, c, Person{}); strings.Contains(got, " –  – ") {
			t.Errorf("%s footer without a name %q", lang, got)
		}
	}
}

// A receipt of two consents given at one sitting, printed by a caller that
// hands over only one of the grants (the desktop's selected row), still
// names both purposes in German.
func TestReceiptNamesEveryPurposeOfTheSitting(t *testing.T) {
	cat := shippedCatalogue(t)
	de := i18n.MustLoad().Localizer("de")
	var events []consent.Event
	for _, id := range []string{"research:registry", "recall"} {
		if _, ok := cat.Purpose(id); !ok {
			t.Fatalf("%s not shipped", id)
		}
		events = append(events, consent.Event{ID: consent.NewID(), Type: consent.Granted, PatientID: "p-1", PurposeID: id,
			Method: consent.MethodPaper, Time: now})
	}
	rc, err := consent.NewReceipt(cat, consent.ReceiptInput{Controller: ctrl, Jurisdiction: "DE", PolicyURL: ctrl.URL, Language: "de",
		Service: "Behandlung", Events: events})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := ReceiptHTML(&b, de, ReceiptPage{Receipt: rc, Grants: events[:1], Catalogue: cat}); err != nil {
		t.Fatal(err)
	}
	p, err := receiptPage(ReceiptDoc{Receipt: rc, Patient: patient, Loc: de, Grants: events[:1], Catalogue: cat})
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{"page": normSpace(htmlText(b.String())), "pdf": normSpace(placedText(p))} {
		for _, e := range events {
			pp, _ := cat.Purpose(e.PurposeID)
			if german := de.Translate("purpose", pp.ID, pp.Name); !strings.Contains(text, german) {
				t.Errorf("%s: lacks the purpose %q", name, german)
			}
			if strings.Contains(text, pp.Name) && pp.Name != de.Translate("purpose", pp.ID, pp.Name) {
				t.Errorf("%s: shows the English purpose %q", name, pp.Name)
			}
		}
	}
}
