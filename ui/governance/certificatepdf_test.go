package governance

import (
	"testing"

	usecase "custodia/app"
	"custodia/consent"
	"custodia/vault"
)

// TestRetentionCertificateWordsLegalSource: the deletion certificate PDF
// of a retention batch words each shipped legal source in the reader's
// language (through CertificateDoc.Source), a practice's own text as
// written, and its categories by label.
func TestRetentionCertificateWordsLegalSource(t *testing.T) {
	v := retentionView(t, vault.RoleDPO, "de")
	if _, err := v.uc.SetPractice(consent.Controller{Name: "Synthetic Practice (test)", Address: "Teststraße 1, 10115 Berlin", Email: "praxis@example.org", Country: "DE"}); err != nil {
		t.Fatal(err)
	}
	rule := v.RuleList()[0]
	doc, err := v.certificateDoc(consent.Certificate{Kind: "retention"})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Source == nil {
		t.Fatal("certificate has no legal-source wording: the stored English would print")
	}
	want := usecase.LegalSourceText(v.env.Loc, rule.ID, rule.LegalSource)
	if want == rule.LegalSource {
		t.Fatalf("shipped source %q has no German wording to test with", rule.LegalSource)
	}
	if got := doc.Source(rule.LegalSource); got != want {
		t.Errorf("legal source %q, want %q", got, want)
	}
	if own := "Unsere Praxisregel 7"; doc.Source(own) != own {
		t.Errorf("own source %q changed to %q", own, doc.Source(own))
	}
	if got := doc.Category(consent.RecClinical); got != v.env.Loc.T("erasure.category.clinical") {
		t.Errorf("category %q, want its label", got)
	}
	if doc.Loc != v.env.Loc {
		t.Error("certificate not in the reader's language")
	}
}
