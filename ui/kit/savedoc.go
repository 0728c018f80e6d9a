package kit

import (
	"io"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
)

// SaveDocumentAs is the one file-save flow of the desktop app: it asks
// where to save a document (proposing name, offering files ending in one
// of exts), writes it with the writer writeFor returns for the chosen
// path (a format per extension), restricts the file to the user and calls
// saved with the path. SaveDocument and SavePDF use it.
func SaveDocumentAs(env *Env, name string, exts []string, writeFor func(path string) func(io.Writer) error, saved func(path string)) dialog.Dialog {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			env.ShowError(err)
			return
		}
		if w == nil {
			return
		}
		if err := WriteToURI(w, writeFor(w.URI().Path())); err != nil {
			env.ShowError(err)
			return
		}
		if w.URI().Scheme() == "file" {
			// documents hold personal data (the recovery sheet a secret):
			// readable by the user only, like the vault file
			if err := os.Chmod(w.URI().Path(), 0o600); err != nil {
				env.Logf("custodia: restricting a saved document: %v", err)
			}
		}
		if saved != nil {
			saved(w.URI().Path())
		}
	}, env.Win)
	d.SetFileName(name)
	d.SetFilter(storage.NewExtensionFileFilter(exts))
	d.Resize(fyne.NewSize(820, 560))
	d.Show()
	return d
}
