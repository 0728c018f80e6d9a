package kit

import (
	"io"
	"time"

	"custodia/consent"
	"custodia/i18n"

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

// SaveHTML asks for a file and writes a printable page to it, readable by
// the user only, like a saved PDF; saved is called with the path.
func SaveHTML(env *Env, name string, write func(io.Writer) error, saved func(path string)) {
	SaveDocument(env, name, ".html", write, saved)
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
