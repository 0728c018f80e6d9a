package kit

import (
	"custodia/consent"
	"custodia/i18n"
	"io"
	"os"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

func Heading(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.TextStyle.Bold = true
	l.SizeName = theme.SizeNameHeadingText
	return l
}

func Spacer() fyne.CanvasObject { return layout.NewSpacer() }

// RemoveEmpty deletes path if it is an empty file (left by a save dialog).
func RemoveEmpty(path string) error {
	st, err := os.Stat(path)
	if err != nil || st.Size() != 0 {
		return err
	}
	return os.Remove(path)
}

func SetEnabled(on bool, ws ...fyne.Disableable) {
	for _, w := range ws {
		if on {
			w.Enable()
		} else {
			w.Disable()
		}
	}
}

// ClockImportance colours a deadline state: red danger, amber warning,
// green success; closed requests stay plain.
func ClockImportance(c consent.Clock) widget.Importance {
	switch c {
	case consent.ClockRed:
		return widget.DangerImportance
	case consent.ClockAmber:
		return widget.WarningImportance
	case consent.ClockGreen:
		return widget.SuccessImportance
	}
	return widget.MediumImportance
}

// DateText formats a date, or "—" for none.
func DateText(loc *i18n.Localizer, t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return loc.Date(t)
}

// TimeText formats a time of day in the local zone.
func TimeText(loc *i18n.Localizer, t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return loc.DateTime(t.Local())
}

// WriteToURI writes through a Fyne file-save writer and closes it; an
// error removes nothing the user had (the dialog made a new file).
func WriteToURI(w fyne.URIWriteCloser, write func(io.Writer) error) error {
	err := write(w)
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = RemoveEmpty(w.URI().Path())
	}
	return err
}

// BoldLabel is a bold label.
func BoldLabel(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.TextStyle.Bold = true
	return l
}

// WrapLabel is a word-wrapping label.
func WrapLabel(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// NewBusyBar is a hidden infinite progress bar for slow steps.
func NewBusyBar() *widget.ProgressBarInfinite {
	b := widget.NewProgressBarInfinite()
	b.Stop()
	b.Hide()
	return b
}

// Centered places body in the middle of the window, at most width wide.
func Centered(body fyne.CanvasObject, width float32) fyne.CanvasObject {
	return container.NewCenter(container.New(&FixedWidth{Width: width}, body))
}

// FixedWidth lays out its objects at a set width and their natural height.
// An object that needs more than the set width (a row of radio buttons in
// German) widens it: a narrower box would draw the row past a dialog's edge.
type FixedWidth struct{ Width float32 }

func (l *FixedWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	w, h := l.Width, float32(0)
	for _, o := range objs {
		m := o.MinSize()
		w, h = max(w, m.Width), max(h, m.Height)
	}
	return fyne.NewSize(w, h)
}

func (l *FixedWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}
