package requests

import (
	"bytes"
	"io"

	usecase "custodia/app"
	"custodia/printdoc"
	"custodia/ui/kit"
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
	env    *kit.Env
	uc     *usecase.Session
	dlg    dialog.Dialog

	pass  *kit.PassphraseInput
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
	// Protected makes the passphrase-protected PDF and its cover letter
	// (requestspackagepdf.go).
	Protected *protectedDocs
}

// OpenPackage shows the package dialog.
func (d *RequestDetail) OpenPackage() {
	p := &PackageDialog{detail: d, env: d.env, uc: d.uc}
	p.pass = kit.NewPassphraseInput(d.env.Loc, d.req.SubjectID)
	p.save = widget.NewButton(d.env.Loc.T("requests.package.save"), p.choose)
	p.save.Importance = widget.HighImportance
	p.cover = kit.PDFButton(d.env.Loc.T("requests.package.cover"), p.saveCoverLetterPDF)
	p.status = kit.WrapLabel("")
	p.bar = kit.NewBusyBar()
	p.pass.OnChanged = p.apply
	p.patient = kit.RefPerson(d.env.Loc, d.req.SubjectID)
	intro := kit.WrapLabel(d.env.T("requests.package.intro"))
	form := widget.NewForm(p.pass.FormItems(d.env.T("unlock.pass"))...)
	kit.SubmitOnEnter(p.save, form)
	p.Protected = newProtectedDocs(p)
	body := container.NewVBox(intro, form, p.bar, p.status, container.NewHBox(kit.Spacer(), p.cover, p.save), p.Protected.content)
	p.dlg = dialog.NewCustom(d.env.T("requests.package.title"), d.env.T("common.close"), container.New(&kit.FixedWidth{Width: 560}, body), d.env.Win)
	p.dlg.Show()
	p.apply()
	d.Package = p
	kit.LoadPerson(d.env, d.uc, d.req.SubjectID, func(who printdoc.Person) { p.patient = who })
}

func (p *PackageDialog) apply() { kit.SetEnabled(p.pass.Ready(), p.save) }

// SetPassphrase types both entries; for tests and the tour.
func (p *PackageDialog) SetPassphrase(pass, confirm string) {
	p.pass.Set(pass, confirm)
}

// canSave reports whether the Save button is enabled.
func (p *PackageDialog) canSave() bool { return !p.save.Disabled() }

// writePackage writes the encrypted package to w (in memory first, so a
// failure leaves no partial file).
func (p *PackageDialog) writePackage(w io.Writer) error {
	return p.uc.AccessPackage(p.detail.req, p.recipient(), bufferedTo(w))
}

// recipient is who can open the package: the passphrase typed; the
// practice details are filled in by the use case. Its pages are in the
// language chosen for the protected documents (the patient's).
func (p *PackageDialog) recipient() vault.AccessRecipient {
	lang := p.env.Loc.Lang()
	if p.Protected != nil {
		lang = p.Protected.Language()
	}
	return vault.AccessRecipient{Passphrase: string(p.pass.Value()),
		Pages: printdoc.AccessPages{Loc: p.detail.view.cat.Localizer(lang)}}
}

// bufferedTo returns a package sink that builds the package in memory and
// writes it to w only when complete.
func bufferedTo(w io.Writer) func(write func(io.Writer) error) error {
	return func(write func(io.Writer) error) error {
		var buf bytes.Buffer
		if err := write(&buf); err != nil {
			return err
		}
		_, err := w.Write(buf.Bytes())
		return err
	}
}

func (p *PackageDialog) choose() {
	if !p.pass.Ready() {
		return
	}
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			p.env.ShowError(err)
			return
		}
		if w != nil {
			p.write(w)
		}
	}, p.env.Win)
	d.SetFileName(p.packageName())
	d.SetFilter(storage.NewExtensionFileFilter([]string{".age"}))
	d.Resize(fyne.NewSize(820, 560))
	kit.TitleFileDialog(d, p.env.Loc, kit.FileSave)
	d.Show()
}

// write completes the request through the use case, which builds the
// package (off the UI goroutine) into the chosen file and closes the
// request; a failure removes the new file.
func (p *PackageDialog) write(w fyne.URIWriteCloser) {
	p.save.Disable()
	p.status.SetText(p.env.Loc.T("requests.package.building"))
	path := w.URI().Path()
	work := usecase.Work{PackageTo: p.recipient(), Package: func(write func(io.Writer) error) error {
		return kit.WriteToURI(w, func(out io.Writer) error { return bufferedTo(out)(write) })
	}}
	p.detail.completeThen(p.env.Loc.T("requests.package.done", "Path", path), work, func() {
		p.Written = path
		p.pass.Clear()
		p.status.SetText(p.env.Loc.T("requests.package.written", "Path", p.Written))
	})
}
