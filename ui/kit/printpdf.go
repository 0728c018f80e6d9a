package kit

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	usecase "custodia/app"
	"custodia/i18n"
	"custodia/printdoc"
	"custodia/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
)

// PDFFileName names a document file by what it is, whom it is about and
// the date: "Erasure certificate – Neumann Greta – 2026-12-04.pdf". Never
// an id. Characters a file system may refuse are replaced.
func PDFFileName(kind, about string, day time.Time) string {
	parts := []string{kind}
	if s := strings.TrimSpace(about); s != "" {
		parts = append(parts, s)
	}
	parts = append(parts, day.Format(DateLayout))
	return SafeFileName(strings.Join(parts, " – ")) + ".pdf"
}

// SafeFileName replaces path separators and characters Windows refuses.
func SafeFileName(s string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || r < 0x20 {
			return '_'
		}
		return r
	}, s)
}

// PersonOf is how a patient is named on paper (app.PersonOf, which the
// CLI uses too).
func PersonOf(p vault.Patient) printdoc.Person { return usecase.PersonOf(p) }

// RefPerson stands for a patient whose name the role may not read (or
// that is gone): a short reference, never the id (app.RefPerson).
func RefPerson(loc *i18n.Localizer, id string) printdoc.Person { return usecase.RefPerson(loc, id) }

// PersonLabel is a person's name with the birth date, as screens show it.
func PersonLabel(loc *i18n.Localizer, p printdoc.Person) string {
	name := p.Name()
	if family, given := strings.TrimSpace(p.Family), strings.TrimSpace(p.Given); family != "" && given != "" {
		name = family + ", " + given // as the patient list and the request queue name people
	}
	if p.BirthDate.IsZero() || p.Name() == p.Ref {
		return name
	}
	return loc.T("requests.person", "Name", name, "Born", loc.Date(p.BirthDate))
}

// LoadPerson reads a patient's name off the UI goroutine (the vault checks
// and audits the read) and hands it to done; a short reference when the
// role may not read identities or the patient is gone.
func LoadPerson(env *Env, uc *usecase.Session, id string, done func(printdoc.Person)) {
	if !uc.User().Role.Can(vault.PermPatientRead) {
		done(RefPerson(env.Loc, id))
		return
	}
	var p vault.Patient
	var err error
	env.Run(func() { p, err = uc.Patient(id) }, func() {
		if err != nil {
			if !errors.Is(err, vault.ErrNotFound) && !errors.Is(err, vault.ErrPermission) {
				env.Logf("custodia: reading patient %s for a document: %v", id, err)
			}
			done(RefPerson(env.Loc, id))
			return
		}
		done(PersonOf(p))
	})
}

// RenderPDF renders a document into memory, so a failure leaves no file.
func RenderPDF(write func(io.Writer) error) ([]byte, error) {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// SavePDF renders a document, asks where to save it (proposing name) and
// writes it; saved gets the path. Rendering errors are shown before the
// file dialog opens.
func SavePDF(env *Env, name string, write func(io.Writer) error, saved func(path string)) dialog.Dialog {
	data, err := RenderPDF(write)
	if err != nil {
		env.ShowError(err)
		return nil
	}
	return SaveDocument(env, name, ".pdf", func(out io.Writer) error { _, err := out.Write(data); return err }, saved)
}

// SaveDocument asks where to save a document (proposing name, offering
// files ending in ext), writes it and calls saved with the path.
func SaveDocument(env *Env, name, ext string, write func(io.Writer) error, saved func(path string)) dialog.Dialog {
	return SaveDocumentAs(env, name, []string{ext}, func(string) func(io.Writer) error { return write }, saved)
}

// writeDocument writes a document into the file the dialog opened (the
// writer writeFor gives for its path), restricts it to the user and calls
// saved; a failed write leaves no empty file.
func writeDocument(env *Env, writeFor func(path string) func(io.Writer) error, saved func(path string)) func(fyne.URIWriteCloser) {
	return func(w fyne.URIWriteCloser) {
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
	}
}

// ChooseSavePath asks where a file is to be written (proposing name,
// offering files ending in ext; "" offers every file) by a writer that
// makes it itself, whole or not at all (a vault, a research package). The
// empty file the dialog leaves behind is removed before chosen gets the
// path; a file with content is never touched.
func ChooseSavePath(env *Env, name, ext string, chosen func(path string)) dialog.Dialog {
	var exts []string
	if ext != "" {
		exts = []string{ext}
	}
	return showFileSave(env, name, exts, choosePath(env, chosen))
}

// choosePath closes the file the dialog opened, removes it when it is
// empty and hands its path to chosen.
func choosePath(env *Env, chosen func(path string)) func(fyne.URIWriteCloser) {
	return func(w fyne.URIWriteCloser) {
		path := w.URI().Path()
		if err := w.Close(); err != nil {
			env.Logf("custodia: closing the chosen file: %v", err)
		}
		if err := RemoveEmpty(path); err != nil {
			env.Logf("custodia: removing the empty chosen file: %v", err)
		}
		chosen(path)
	}
}

// showFileSave is the one file-save dialog of the app: sized to the
// window, proposing name, filtered by exts (none: every file); use gets
// the writer of the chosen file (never on a cancel).
func showFileSave(env *Env, name string, exts []string, use func(w fyne.URIWriteCloser)) dialog.Dialog {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			env.ShowError(err)
			return
		}
		if w != nil {
			use(w)
		}
	}, env.Win)
	d.SetFileName(name)
	if len(exts) > 0 {
		d.SetFilter(storage.NewExtensionFileFilter(exts))
	}
	d.Resize(FileDialogSize(env.Win))
	TitleFileDialog(d, env.Loc, FileSave) // shows it
	return d
}

// FileDialogSize is the size of a file dialog: room for the folder tree
// and the file list, at most 95 % of the window.
func FileDialogSize(win fyne.Window) fyne.Size {
	return FitDialogTo(win, fyne.Size{}, fyne.NewSize(820, 560))
}

// TempPDF writes data to a new file readable only by the user, in a new
// private directory, and returns its path; remove deletes both.
func TempPDF(name string, data []byte) (path string, remove func(), err error) {
	dir, err := os.MkdirTemp("", "custodia-print-")
	if err != nil {
		return "", nil, fmt.Errorf("temporary folder for printing: %w", err)
	}
	remove = func() { _ = os.RemoveAll(dir) }
	path = filepath.Join(dir, SafeFileName(name))
	if err := os.WriteFile(path, data, 0o600); err != nil {
		remove()
		return "", nil, fmt.Errorf("temporary file for printing: %w", err)
	}
	return path, remove, nil
}

// OpenWithViewer opens a file with the system's default program (the
// PDF viewer, which prints).
func OpenWithViewer(path string) error {
	u := &url.URL{Scheme: "file", Path: path}
	app := fyne.CurrentApp()
	if app == nil {
		return errors.New("no application to open the viewer with")
	}
	return app.OpenURL(u)
}
