package requests

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"custodia/consent"
	"custodia/vault"

	"fyne.io/fyne/v2/storage"
)

// TestProtectedPDFCompletesTheRequest: the Protected PDF action alone
// answers an access request the way the age package does: through the
// completing use case, so the request is closed and the queue shows it;
// the documents are written and the passphrase is shown.
func TestProtectedPDFCompletesTheRequest(t *testing.T) {
	f, v := newTestQueue(t, vault.RoleDPO)
	r := f.addRequest(t, "p000008", consent.ReqAccess, consentNow.AddDate(0, 0, -4), "verify")
	v.Activate()
	v.Show(r.ID)
	v.Detail.Complete()
	d := v.Detail.Package.Protected
	dir := t.TempDir()
	d.Write(storage.NewFileURI(dir))
	got, err := f.cs.Store.GetRequest(context.Background(), r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != consent.StateCompleted || v.Detail.req.State != consent.StateCompleted {
		t.Fatalf("request %s (shown %s) after the protected PDF, want completed", got.State, v.Detail.req.State)
	}
	if _, err := os.Stat(filepath.Join(dir, d.PDFName)); err != nil || d.Shown == nil || d.Shown.Text() == "" {
		t.Fatalf("PDF %v, passphrase shown %v", err, d.Shown != nil)
	}
	d.Shown.Close()
	// A second set of documents for the completed request (another
	// language, say) is still made, and the request stays completed.
	d.setLanguage("de")
	d.Write(storage.NewFileURI(t.TempDir()))
	if d.Shown == nil || d.Shown.Text() == "" {
		t.Fatal("no documents for a completed request")
	}
}
