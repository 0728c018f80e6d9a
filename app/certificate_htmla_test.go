package app

import (
	"bytes"
	"html"
	"strings"
	"testing"
	"time"

	"custodia/consent"
	"custodia/i18n"
)

// oldCertificatePhrases are the words of consent's former English
// certificate page; none may reach the German page.
var oldCertificatePhrases = []string{"Erasure certificate", "Deletion certificate", ">Certificate<", ">Request<", "Data subject (patient id)",
	">Batch<", ">Controller<", "Data protection officer", "Approved by", "Issued by", ">Category<", ">Record<", ">Action<", ">Records<",
	">Basis<", "Kept until", "Legal source", ">Note<", "SHA-256 seal:", ">erase<", ">keep<", ">anonymise<", "GDPR Art. 17(3)"}

// The certificate page is worded in the reader's language from the
// catalogue as the certificate PDF is: title, labels, categories,
// actions, the Art. 17(3) basis, legal source, roles and dates in the
// reader's format; stored values are escaped and shown as stored, the
// seal unchanged and still valid.
func TestCertificateHTMLInTheReadersLanguage(t *testing.T) {
	approved := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	issued := time.Date(2026, 12, 3, 14, 0, 0, 0, time.UTC)
	until := time.Date(2036, 12, 31, 0, 0, 0, 0, time.UTC)
	src := "§ 630f Abs. 3 BGB"
	c := consent.Certificate{ID: "cert-7", Kind: "erasure", RequestID: "req-7", PlanID: "plan-7", SubjectID: "p-synthetic-7",
		ApprovedBy: "u-1", ApprovedAt: approved, IssuedBy: "u-2", IssuedAt: issued,
		Items: []consent.CertificateItem{{Category: consent.RecContact, Action: consent.ActErase, Records: 1234},
			{Category: consent.RecClinical, Action: consent.ActKeep, Records: 3, Basis: "GDPR Art. 17(3)(c)", LegalSource: src, KeepUntil: until},
			{Category: consent.RecConsents, Action: consent.ActAnonymise, Records: 2, Note: "ledger kept as <pseudonymous> ids"}},
		ApproverName: `dr-<i>synthetic</i>`, ApproverRole: consent.RoleDPO, IssuerName: "desk-synthetic", IssuerRole: consent.RoleFrontDesk,
		Controller: &consent.Controller{Name: "Praxis Synthetisch & Partner", Address: "Musterweg 1, 10115 Berlin", Country: "DE",
			Email: "office@practice.invalid", DPOContact: "dpo@practice.invalid"}}
	c.SHA256 = "0123abcd"
	before, _ := c.JSON()
	cl := i18n.MustLoad()
	for _, lang := range []string{"de", "en"} {
		loc := cl.Localizer(lang)
		var b bytes.Buffer
		if err := CertificateHTML(c, loc)(&b); err != nil {
			t.Fatal(err)
		}
		page := b.String()
		if !strings.Contains(page, `<html lang="`+lang+`">`) {
			t.Errorf("%s page: html tag lacks lang=%q", lang, lang)
		}
		var want []string
		for _, id := range []string{"pdfdocs.cert.title", "htmla.cert.id", "htmla.cert.request", "htmla.cert.subject", "pdfdocs.cert.controller",
			"printdoc.receipt.dpo", "pdfdocs.cert.approved", "pdfdocs.cert.issued", "pdfdocs.cert.col.category", "pdfdocs.cert.col.action",
			"pdfdocs.cert.col.records", "pdfdocs.cert.col.basis", "pdfdocs.cert.col.until", "pdfdocs.cert.col.source", "htmla.cert.col.note",
			"pdfdocs.cert.explain", "htmla.cert.seal", "pdfdocs.cert.action.erase", "pdfdocs.cert.action.keep", "pdfdocs.cert.action.anonymise"} {
			want = append(want, loc.T(id))
		}
		want = append(want, loc.T("erasure.category.contact"), loc.T("erasure.category.clinical"), loc.Int(1234),
			KeptBasisText(loc, "GDPR Art. 17(3)(c)"), LegalSourceText(loc, "", src), loc.Country("DE"),
			loc.Date(approved), loc.Date(issued), loc.Date(until),
			`dr-<i>synthetic</i> (`+loc.Role(consent.RoleDPO)+`)`, "desk-synthetic ("+loc.Role(consent.RoleFrontDesk)+")",
			"Praxis Synthetisch & Partner", "ledger kept as <pseudonymous> ids", "cert-7", "req-7", "p-synthetic-7", "0123abcd")
		for _, w := range want {
			if !strings.Contains(page, html.EscapeString(w)) {
				t.Errorf("%s page lacks %q", lang, w)
			}
		}
		if strings.Contains(page, "<i>synthetic") || strings.Contains(page, "<pseudonymous>") {
			t.Errorf("%s page: stored values must be escaped", lang)
		}
		if after, _ := c.JSON(); !bytes.Equal(before, after) {
			t.Errorf("%s: writing the page changed the certificate", lang)
		}
		if lang != "de" {
			continue
		}
		for _, old := range oldCertificatePhrases {
			if strings.Contains(page, old) {
				t.Errorf("German page still has the English %q", old)
			}
		}
		for _, d := range []time.Time{approved, issued, until} {
			if strings.Contains(page, d.Format(time.DateOnly)) {
				t.Errorf("German page has the ISO date %s, want the reader's format", d.Format(time.DateOnly))
			}
		}
	}
	// The retention kind has its own title and the record column.
	c.Kind, c.Items[0].RecordID, c.BatchID = "retention", "rec-9", "batch-9"
	de := cl.Localizer("de")
	var b bytes.Buffer
	if err := CertificateHTML(c, de)(&b); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{de.T("pdfdocs.cert.title.retention"), de.T("htmla.cert.col.record"), de.T("htmla.cert.batch"), "rec-9", "batch-9"} {
		if !strings.Contains(b.String(), html.EscapeString(w)) {
			t.Errorf("retention page lacks %q", w)
		}
	}
}
