package requests

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"custodia/consent"
	"custodia/ui/kit"
	"custodia/vault"

	"fyne.io/fyne/v2/storage"
)

// The package dialog writes the protected PDF and the letter into a
// folder through the use case and shows the passphrase once.
func TestProtectedAccessDocuments(t *testing.T) {
	f, v := newTestQueue(t, vault.RoleDPO)
	r := f.addRequest(t, "p000008", consent.ReqAccess, consentNow.AddDate(0, 0, -4), "verify", "start")
	v.Activate()
	v.Show(r.ID)
	v.Detail.Complete()
	d := v.Detail.Package.Protected
	d.setLanguage("de")
	dir := t.TempDir()
	d.Write(storage.NewFileURI(dir))
	day := consentNow.Format(kit.DateLayout)
	if want := "Ihre personenbezogenen Daten – Family Given8 – " + day + ".pdf"; d.PDFName != want {
		t.Errorf("PDF named %q, want %q", d.PDFName, want)
	}
	pdf, err := os.ReadFile(filepath.Join(dir, d.PDFName))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, d.LetterName)); err != nil || !strings.HasPrefix(d.LetterName, "Anschreiben – ") {
		t.Errorf("letter %q: %v", d.LetterName, err)
	}
	pass := d.Shown.Text()
	if len(strings.Split(pass, "-")) != 6 {
		t.Fatalf("passphrase shown %q", pass)
	}
	if bytes.Contains(pdf, []byte("Given8")) {
		t.Error("the PDF holds the patient's name in clear")
	}
	if err := api.Decrypt(bytes.NewReader(pdf), io.Discard, model.NewAESConfiguration(pass, "", 256)); err != nil {
		t.Fatalf("the PDF does not open with the passphrase shown: %v", err)
	}
	d.Shown.Close()
	if d.Shown.Text() != "" {
		t.Error("the passphrase stays on screen after closing")
	}
}
