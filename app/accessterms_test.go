package app_test

import (
	"bytes"
	"encoding/json"
	"html"
	"strings"
	"testing"

	"custodia/app"
	"custodia/consent"
	"custodia/i18n"
	"custodia/printdoc"
	"custodia/vault"
)

// TestPackageTermsInGerman: a real German access package of a patient with
// a corrected record and a consent given by a legal guardian: the page
// words retention and sources in German, and none of the English lines of
// the package's own report.json appears on it.
func TestPackageTermsInGerman(t *testing.T) {
	_, s, vs := newVault(t)
	de := i18n.MustLoad().Localizer("de")
	p := addPatient(t, vs, "Terms")
	fix := openVerified(t, s, p.ID, consent.ReqRectification)
	if _, _, err := s.CompleteRequest(fix, app.Work{Rectify: func(p *vault.Patient) error {
		p.Notes = "synthetic, corrected"
		return nil
	}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GrantConsent(app.Grant{Language: "en", Event: consent.Event{PatientID: p.ID, PurposeID: "recall", Method: consent.MethodPaper,
		Representative: &consent.Representative{Name: "Synthetic Guardian", Relation: consent.RelLegalGuardian}}}); err != nil {
		t.Fatal(err)
	}
	r := openVerified(t, s, p.ID, consent.ReqAccess)
	var buf bytes.Buffer
	if _, _, err := s.CompleteRequest(r, packageWork(&buf, printdoc.AccessPages{Loc: de})); err != nil {
		t.Fatal(err)
	}
	files := packageFiles(t, &buf)
	var rep consent.AccessReport
	if err := json.Unmarshal(files[vault.AccessFileJSON], &rep); err != nil {
		t.Fatal(err)
	}
	page := html.UnescapeString(string(files[vault.AccessFileHTML]))
	var english []string
	english = append(english, rep.Sources...)
	for _, ap := range rep.Purposes {
		english = append(english, ap.Retention...)
		english = append(english, ap.MayReceive...)
	}
	if len(english) < 5 {
		t.Fatalf("the report has too few English lines to test: %q", english)
	}
	for _, en := range english {
		if strings.Contains(page, en) {
			t.Errorf("German page says %q", en)
		}
	}
	for _, want := range []string{de.T("accessterms.source.patient-or-representative"), de.T("accessterms.source.corrections"),
		de.T("accessterms.source.representative", "Relation", de.Label("relation", consent.RelLegalGuardian, "")),
		de.T("accessterms.consentRecord"), de.Label("record", "identity", ""), de.Label("trigger", "last-treatment", ""),
		de.Label("recipient", "lab-partner", "")} {
		if !strings.Contains(page, want) {
			t.Errorf("German page lacks %q", want)
		}
	}
}
