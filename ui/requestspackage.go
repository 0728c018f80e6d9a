package ui

import (
	"bytes"
	"io"

	"custodia/printdoc"
	"custodia/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"
)

// PackageDialog answers an access or portability request: it writes the
// age-encrypted package (printable page, JSON and CSV) to a file the user
// picks, encrypted with a passphrase entered twice, then completes the
// request. The passphrase reaches the patient by another channel.
type PackageDialog struct {
	detail *RequestDetail
	env    consentEnv
	dlg    dialog.Dialog

	pass  *PassphraseInput
	save  *widget.Button
	cover *widget.Button
	// patient names the package and the cover letter; LastPDFName is the
	// cover letter's proposed file name.
	patient     printdoc.Person
	LastPDFName string
	status      *widget.Label
	bar         *widget.ProgressBarInfinite
	// Written is the path of the package once saved.
	Written string
}

// OpenPackage shows the package dialog.
func (d *RequestDetail) OpenPackage() {
	p := &PackageDialog{detail: d, env: d.env}
	p.pass = NewPassphraseInput(d.req.SubjectID)
	p.save = widget.NewButton("Save encrypted package…", p.choose)
	p.save.Importance = widget.HighImportance
	p.cover = pdfButton("Cover letter (PDF)…", p.SaveCoverLetterPDF)
	p.status = wrapLabel("")
	p.bar = newBusyBar()
	p.pass.OnChanged = p.apply
	p.patient = refPerson(d.req.SubjectID)
	intro := wrapLabel("The package holds the patient's record, consents, requests and disclosures as a printable page and as JSON and CSV, " +
		"encrypted with age. Tell the patient the passphrase by another channel than the package (for example by phone). " +
		"Send the cover letter with the package: it explains how to open it.")
	form := widget.NewForm(p.pass.FormItems("Passphrase")...)
	body := container.NewVBox(intro, form, p.bar, p.status, container.NewHBox(layoutSpacer(), p.cover, p.save))
	p.dlg = dialog.NewCustom("Access package", "Close", container.New(&fixedWidth{width: 560}, body), d.env.app.win)
	p.dlg.Show()
	p.apply()
	d.Package = p
	loadPerson(p.env, d.req.SubjectID, func(who printdoc.Person) { p.patient = who })
}

func (p *PackageDialog) apply() { setEnabled(p.pass.Ready(), p.save) }

// SetPassphrase types both entries; for tests and the tour.
func (p *PackageDialog) SetPassphrase(pass, confirm string) {
	p.pass.pass.SetText(pass)
	p.pass.confirm.SetText(confirm)
}

// CanSave reports whether the Save button is enabled.
func (p *PackageDialog) CanSave() bool { return !p.save.Disabled() }

// WritePackage writes the encrypted package to w (in memory first, so a
// failure leaves no partial file).
func (p *PackageDialog) WritePackage(w io.Writer) error {
	ctrl, err := p.env.s.Controller()
	if err != nil {
		return err
	}
	r := p.detail.req
	var buf bytes.Buffer
	if err := p.env.s.AccessPackage(r.SubjectID, r.ID, &buf, vault.AccessRecipient{Passphrase: string(p.pass.Value()), Controller: ctrl}); err != nil {
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}

func (p *PackageDialog) choose() {
	if !p.pass.Ready() {
		return
	}
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			p.env.app.showError(err)
			return
		}
		if w != nil {
			p.write(w)
		}
	}, p.env.app.win)
	d.SetFileName(p.packageName())
	d.SetFilter(storage.NewExtensionFileFilter([]string{".age"}))
	d.Resize(fyne.NewSize(820, 560))
	d.Show()
}

// write builds the package off the UI goroutine, then completes the request.
func (p *PackageDialog) write(w fyne.URIWriteCloser) {
	var err error
	p.save.Disable()
	p.status.SetText("Building the package…")
	p.env.run(p.bar, func() { err = writeToURI(w, p.WritePackage) }, func() {
		if err != nil {
			p.status.SetText("Not written.")
			p.apply()
			p.env.app.showError(err)
			return
		}
		p.Written = w.URI().Path()
		p.pass.Clear()
		p.status.SetText("Package written to " + p.Written + ". Now save the cover letter for the patient (Cover letter (PDF)…).")
		p.detail.CompleteWith("Encrypted package written to "+p.Written+"; request completed.", nil)
	})
}
