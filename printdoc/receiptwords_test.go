package printdoc

import (
	"bytes"
	"strings"
	"testing"

	"custodia/consent"
	"custodia/i18n"
)

// A receipt printed in German words from the grant's codes everything the
// Kantara receipt holds as English text: purpose, how it was given, how
// long it lasts, the text shown and the special categories; in English
// the same words come from the English catalogue. No code or English
// sentence of the receipt reaches the German page.
func TestReceiptWordsFromTheGrant(t *testing.T) {
	cat, p, e, rc := registryReceipt(t)
	cl := i18n.MustLoad()
	for _, lang := range []string{"de", "en"} {
		loc := cl.Localizer(lang)
		pg, err := receiptPage(ReceiptDoc{Receipt: rc, Patient: Person{Family: "Weiß", Given: "Jürgen"}, Loc: loc,
			Grants: []consent.Event{e}, Catalogue: cat})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := pg.output(&buf); err != nil {
			t.Fatal(err)
		}
		text := squeeze(pdfText(t, buf.Bytes()))
		until := consent.AddMonthsClamped(now, p.ValidityMonths)
		want := []string{loc.Translate("purpose", p.ID, p.Name), loc.T("sweeproles.receipt.method.paper"),
			loc.T("sweeproles.receipt.until", "Date", loc.Date(until)), loc.Label("category", "lab-results", ""),
			loc.T("sweeproles.receipt.textref", "Purpose", loc.Translate("purpose", p.ID, p.Name), "Language", loc.Label("language", "de", ""), "Version", 1),
			loc.Country("DE")} // the jurisdiction by name, not its code
		for _, w := range want {
			if !strings.Contains(text, squeeze(w)) {
				t.Errorf("%s receipt lacks %q", lang, w)
			}
		}
		if lang != "de" {
			continue
		}
		for _, english := range []string{rc.CollectionMethod, rc.Services[0].Purposes[0].Termination, p.Name, p.ID + ",", "lab-results", "UTC"} {
			if strings.Contains(text, squeeze(english)) {
				t.Errorf("German receipt shows %q", english)
			}
		}
	}
}

// registryReceipt is a German paper consent to the shipped registry
// purpose at now, with its receipt.
func registryReceipt(t *testing.T) (*consent.Catalogue, consent.Purpose, consent.Event, consent.Receipt) {
	t.Helper()
	cat := shippedCatalogue(t)
	p, ok := cat.Purpose("research:registry")
	if !ok {
		t.Fatal("research:registry not shipped")
	}
	e := consent.Event{ID: consent.NewID(), Type: consent.Granted, PatientID: consent.NewID(), PurposeID: p.ID,
		Method: consent.MethodPaper, Time: now, TextLanguage: "de", TextVersion: 1}
	rc, err := consent.NewReceipt(cat, consent.ReceiptInput{Controller: ctrl, Jurisdiction: "DE", PolicyURL: ctrl.URL,
		Language: "de", Service: "Behandlung in der Praxis Dr. Weiß", Events: []consent.Event{e}})
	if err != nil {
		t.Fatal(err)
	}
	return cat, p, e, rc
}
