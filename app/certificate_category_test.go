package app

import (
	"testing"

	"custodia/consent"
	"custodia/i18n"
)

// Every record category a certificate can list reads as words in both
// languages, never as its code; "kept" (a purge of data an erasure kept)
// included.
func TestCertificateCategoryTextNeverACode(t *testing.T) {
	cat := i18n.MustLoad()
	cats := []consent.RecordCategory{consent.RecIdentity, consent.RecContact, consent.RecClinical, consent.RecBilling,
		consent.RecConsents, consent.RecRequests, consent.RecDisclosures, consent.RecAudit, consent.RecKept}
	for _, lang := range []string{"en", "de"} {
		loc := cat.Localizer(lang)
		for _, c := range cats {
			if got := CertificateCategoryText(loc, c); got == "" || got == string(c) {
				t.Errorf("%s: category %q reads %q", lang, c, got)
			}
		}
	}
}
