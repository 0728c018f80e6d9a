package requests

import (
	"bytes"
	"testing"

	"fyne.io/fyne/v2/test"

	"custodia/consent"
	"custodia/printdoc"
	"custodia/ui/kit"
	"custodia/vault"
)

func TestAccessPackageCoverLetter(t *testing.T) {
	f, v := newTestQueue(t, vault.RoleDPO)
	r := f.addRequest(t, "p000008", consent.ReqAccess, consentNow.AddDate(0, 0, -4), "verify", "start")
	v.Activate()
	v.Show(r.ID)
	v.Detail.Complete()
	p := v.Detail.Package
	day := consentNow.Format(kit.DateLayout)
	if got, want := p.packageName(), "Access package – Family Given8 – "+day+".tar.age"; got != want {
		t.Errorf("package name %q, want %q", got, want)
	}
	before := overlays(f)
	test.Tap(p.cover)
	if overlays(f) != before+1 {
		t.Fatal("no save dialog for the cover letter")
	}
	if want := "Access package cover letter – Family Given8 – " + day + ".pdf"; p.LastPDFName != want {
		t.Errorf("cover letter %q, want %q", p.LastPDFName, want)
	}
	l, err := p.coverLetter()
	if err != nil {
		t.Fatal(err)
	}
	if l.Patient.Name() != "Family Given8" || l.FileName != p.packageName() || len(l.Files) != 4 || l.RequestType != consent.ReqAccess || l.Loc == nil {
		t.Errorf("cover letter %+v", l)
	}
	var buf bytes.Buffer
	if err := printdoc.AccessCoverLetter(&buf, l); err != nil || !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Errorf("cover letter PDF: %v", err)
	}
}
