package kit

import (
	"io"
	"time"

	"custodia/consent"
	"custodia/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// PDFButton is a "… as PDF" button.
func PDFButton(label string, tapped func()) *widget.Button {
	return widget.NewButtonWithIcon(label, theme.DocumentPrintIcon(), tapped)
}

// BreachDay is the breach's awareness date, which names its documents.
func BreachDay(loc *i18n.Localizer, b consent.Breach) string {
	return loc.T("governance.breach.day", "Date", b.AwareAt.In(time.Local).Format(DateLayout))
}

// SaveHTML asks for a file and writes a printable page to it; saved is
// called with the path.
func SaveHTML(env *Env, name string, write func(io.Writer) error, saved func(path string)) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			env.ShowError(err)
			return
		}
		if w == nil {
			return
		}
		if err := WriteToURI(w, write); err != nil {
			env.ShowError(err)
			return
		}
		if saved != nil {
			saved(w.URI().Path())
		}
	}, env.Win)
	d.SetFileName(name)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".html"}))
	d.Resize(fyne.NewSize(820, 560))
	d.Show()
}

// ActionImportance is how loudly a button for a retention or erasure
// action speaks: erasing is dangerous, keeping a warning.
func ActionImportance(a consent.Action) widget.Importance {
	switch a {
	case consent.ActErase:
		return widget.DangerImportance
	case consent.ActKeep:
		return widget.WarningImportance
	}
	return widget.HighImportance
}

// IDTail shortens a patient id to its last eight characters: the ids are
// UUIDv7, whose leading characters are a timestamp shared by every patient
// created in the same minute, so only the tail tells rows apart.
func IDTail(id string) string {
	if len(id) > 8 {
		return "…" + ShortRef(id)
	}
	return id
}

// OrDash is s, or a dash when s is empty.
func OrDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
