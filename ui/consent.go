package ui

import (
	"custodia/i18n"
	"io"
	"time"

	usecase "custodia/app"
	"custodia/consent"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// ConsentSession is a Session with a consent side: what the use cases of
// package app need of an unlocked vault (usecase.Vault). cmd/custodia
// passes the vault's session through usecase.FromVault; tests use a fake
// over consent/memstore. The vault checks every permission and writes the
// audit trail; the screens only hide what a role cannot do.
type ConsentSession interface {
	Session
	usecase.Vault
}

// ErrNoController: the practice's controller details (name, address,
// DPO contact) are not configured, so no receipt or package can be made.
// It is usecase.ErrNoController.
var ErrNoController = usecase.ErrNoController

// useCases returns the use cases (package app) of a consent session, with
// the app's clock and the configured practice details as fallback.
func (a *App) useCases(s ConsentSession) *usecase.Session {
	return usecase.New(s, usecase.Options{Now: a.opts.Now, Controller: a.controller})
}

// runBusy does work off the UI goroutine with bar spinning, then done on it.
func (a *App) runBusy(bar *widget.ProgressBarInfinite, work func(), done func()) {
	if bar != nil {
		bar.Show()
		bar.Start()
	}
	a.opts.Run(work, func() {
		if bar != nil {
			bar.Stop()
			bar.Hide()
		}
		done()
	})
}

// clockImportance colours a deadline state: red danger, amber warning,
// green success; closed requests stay plain.
func clockImportance(c consent.Clock) widget.Importance {
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

// dateText formats a date, or "—" for none.
func dateText(loc *i18n.Localizer, t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return loc.Date(t)
}

// timeText formats a time of day in the local zone.
func timeText(loc *i18n.Localizer, t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return loc.DateTime(t.Local())
}

// writeToURI writes through a Fyne file-save writer and closes it; an
// error removes nothing the user had (the dialog made a new file).
func writeToURI(w fyne.URIWriteCloser, write func(io.Writer) error) error {
	err := write(w)
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = removeEmpty(w.URI().Path())
	}
	return err
}

// boldLabel is a bold label.
func boldLabel(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.TextStyle.Bold = true
	return l
}

// wrapLabel is a word-wrapping label.
func wrapLabel(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// newBusyBar is a hidden infinite progress bar for slow steps.
func newBusyBar() *widget.ProgressBarInfinite {
	b := widget.NewProgressBarInfinite()
	b.Stop()
	b.Hide()
	return b
}
