package kit

import (
	"io"

	"fyne.io/fyne/v2/dialog"
)

// SaveDocumentAs is the one document-save flow of the desktop app: it
// asks where to save a document (proposing name, offering files ending in
// one of exts), writes it with the writer writeFor returns for the chosen
// path (a format per extension), restricts the file to the user and calls
// saved with the path. SaveDocument and SavePDF use it.
func SaveDocumentAs(env *Env, name string, exts []string, writeFor func(path string) func(io.Writer) error, saved func(path string)) dialog.Dialog {
	return showFileSave(env, name, exts, writeDocument(env, writeFor, saved))
}
