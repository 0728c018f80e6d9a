package requests

import (
	"testing"

	"custodia/consent"
	"custodia/printdoc"
	"custodia/vault"
)

// The package's pages follow the language chosen for the documents.
func TestPackagePagesFollowDocumentLanguage(t *testing.T) {
	f, v := newTestQueue(t, vault.RoleDPO)
	r := f.addRequest(t, "p000008", consent.ReqAccess, consentNow.AddDate(0, 0, -4), "verify", "start")
	v.Activate()
	v.Show(r.ID)
	v.Detail.Complete()
	p := v.Detail.Package
	for _, lang := range []string{"de", "en"} {
		p.Protected.setLanguage(lang)
		pages, ok := p.recipient().Pages.(printdoc.AccessPages)
		if !ok || pages.Loc == nil || pages.Loc.Lang() != lang {
			t.Errorf("documents in %s: package pages %#v", lang, p.recipient().Pages)
		}
	}
}
