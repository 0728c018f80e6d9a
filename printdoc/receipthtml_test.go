package printdoc

import (
	"html"
	"strings"
	"testing"

	"custodia/consent"
	"custodia/i18n"
)

// oldReceiptPhrases are the words of consent's former English receipt
// page; none may reach the German page.
var oldReceiptPhrases = []string{"Consent receipt", "Patient id", ">Receipt<", ">Given<", ">Controller<", "Data protection officer",
	">Jurisdiction<", "Privacy policy", ">Purpose<", ">Data<", "Shared with", ">Valid<", "What each recipient may receive",
	">Recipient<", "Data shared", ">Transfer<", "within the EEA", "outside the EEA", "Evidence", "Text shown", "Given by",
	"the patient", "representative (", "You can withdraw", "nobody outside the practice", "This consent covers health data",
	"signed paper form", "until withdrawn", " or earlier withdrawal", "version 1", "UTC"}

// The receipt page is worded in the reader's language from the
// catalogue: headings, labels, how and when it was given, how long it
// lasts, categories, recipients and their transfers, the representative;
// dates in the reader's format; the stored values escaped.
func TestReceiptHTMLInTheReadersLanguage(t *testing.T) {
	cat := shippedCatalogue(t)
	p, ok := cat.Purpose("sharing:specialist-network")
	if !ok {
		t.Fatal("sharing:specialist-network not shipped")
	}
	e := consent.Event{ID: consent.NewID(), Type: consent.Granted, PatientID: "p-synthetic-7", PurposeID: p.ID,
		Method: consent.MethodPaper, Time: now, TextLanguage: "de", TextVersion: 1,
		Representative: &consent.Representative{Name: "Synthetic Parent", Relation: consent.RelParent}}
	c := ctrl
	c.Name = `Praxis <b>Weiß</b> & "Partner"`
	rc, err := consent.NewReceipt(cat, consent.ReceiptInput{Controller: c, Jurisdiction: "DE", PolicyURL: c.URL,
		Language: "de", Service: "Behandlung", Events: []consent.Event{e}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rc.Shares()) < 2 || !rc.Sensitive {
		t.Fatalf("the synthetic receipt should share with two recipients and cover health data: %+v", rc.Shares())
	}
	cl := i18n.MustLoad()
	until := consent.AddMonthsClamped(now, p.ValidityMonths)
	for _, lang := range []string{"de", "en"} {
		loc := cl.Localizer(lang)
		var b strings.Builder
		if err := ReceiptHTML(&b, loc, ReceiptPage{Receipt: rc, Grants: []consent.Event{e}, Catalogue: cat}); err != nil {
			t.Fatal(err)
		}
		page := b.String()
		if !strings.Contains(page, `<html lang="`+lang+`">`) {
			t.Errorf("%s page: html tag lacks lang=%q", lang, lang)
		}
		var want []string
		for _, id := range []string{"printdoc.receipt.title", "htmla.receipt.patientid", "printdoc.receipt.given", "printdoc.receipt.controller",
			"printdoc.receipt.dpo", "printdoc.receipt.jurisdiction", "printdoc.receipt.policy", "printdoc.receipt.purpose", "printdoc.receipt.data",
			"printdoc.receipt.shared", "printdoc.receipt.valid", "htmla.receipt.shares", "htmla.receipt.recipient", "htmla.receipt.datashared",
			"htmla.receipt.transfer", "htmla.receipt.eea", "printdoc.receipt.evidence", "printdoc.receipt.textshown", "printdoc.receipt.sha",
			"printdoc.receipt.by", "printdoc.receipt.withdraw"} {
			want = append(want, loc.T(id))
		}
		want = append(want, loc.T("sweeproles.receipt.given", "Time", loc.DateTime(now.Local()), "Method", loc.T("sweeproles.receipt.method.paper")),
			loc.T("sweeproles.receipt.until", "Date", loc.Date(until)), loc.Country("DE"), loc.Translate("purpose", p.ID, p.Name),
			loc.T("htmla.receipt.thirdcountry", "Country", loc.Country("CH"), "Safeguard", loc.Safeguard("adequacy decision (Art. 45)")),
			loc.T("printdoc.receipt.byrep", "Relation", loc.Label("relation", consent.RelParent, "")),
			loc.T("sweeproles.receipt.textref", "Purpose", loc.Translate("purpose", p.ID, p.Name), "Language", loc.Label("language", "de", ""), "Version", 1),
			strings.Join((receiptWords{loc: loc}).categories(rc.SPICat), ", "),
			c.Name, "p-synthetic-7")
		for _, r := range p.Recipients {
			want = append(want, loc.Translate("recipient", r.ID, r.Name))
		}
		for _, w := range want {
			if !strings.Contains(page, html.EscapeString(w)) {
				t.Errorf("%s page lacks %q", lang, w)
			}
		}
		if strings.Contains(page, "<b>Weiß") || strings.Contains(page, "Synthetic Parent") {
			t.Errorf("%s page: values must be escaped and the representative's name never shown", lang)
		}
		if lang != "de" {
			continue
		}
		for _, old := range oldReceiptPhrases {
			if strings.Contains(page, old) {
				t.Errorf("German page still has the English %q", old)
			}
		}
		if strings.Contains(page, until.Format("2006-01-02")) || strings.Contains(page, now.Format("2006-01-02")) {
			t.Error("German page has ISO dates, want the reader's format")
		}
	}
}
