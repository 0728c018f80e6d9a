package requests

import (
	"io"
	"strings"

	usecase "custodia/app"
	"custodia/consent"
	"custodia/i18n"
	"custodia/ui/kit"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// protectedDocs is the part of the package dialog that makes the access
// package a patient can open without special software: the data as a PDF
// protected with a generated passphrase, and a cover letter. Both go to a
// folder the DPO picks; the passphrase is shown once, to be handed over
// separately, and is never stored.
type protectedDocs struct {
	p       *PackageDialog
	cat     *i18n.Catalog
	content fyne.CanvasObject
	lang    *kit.EscSelect
	langs   map[string]string // label → language code
	button  *widget.Button
	// PDFName and LetterName are the files written last; Shown is the
	// passphrase dialog while open.
	PDFName, LetterName string
	Shown               *passphraseShown
}

func newProtectedDocs(p *PackageDialog) *protectedDocs {
	cat := p.detail.view.cat
	ui := p.env.Loc
	d := &protectedDocs{p: p, cat: cat, langs: map[string]string{}}
	var labels []string
	for _, code := range i18n.Languages() {
		l := ui.T("common.language." + code)
		d.langs[l] = code
		labels = append(labels, l)
	}
	d.lang = kit.NewEscSelect(labels, nil)
	d.lang.SetSelected(ui.T("common.language." + ui.Lang()))
	d.button = widget.NewButtonWithIcon(ui.T("accesspdf.ui.button"), theme.DocumentPrintIcon(), d.choose)
	intro := kit.WrapLabel(ui.T("accesspdf.ui.intro"))
	d.content = container.NewVBox(widget.NewSeparator(), intro,
		container.NewHBox(widget.NewLabel(ui.T("accesspdf.ui.language")), d.lang, kit.Spacer(), d.button))
	return d
}

// Language is the documents' language code.
func (d *protectedDocs) Language() string { return d.langs[d.lang.Selected] }

// setLanguage picks the documents' language by code; for tests.
func (d *protectedDocs) setLanguage(code string) {
	for label, c := range d.langs {
		if c == code {
			d.lang.SetSelected(label)
		}
	}
}

func (d *protectedDocs) choose() {
	fd := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil {
			d.p.env.ShowError(err)
			return
		}
		if dir != nil {
			d.Write(dir)
		}
	}, d.p.env.Win)
	fd.Resize(fyne.NewSize(820, 560))
	kit.TitleFileDialog(fd, d.p.env.Loc, kit.FolderOpen)
	fd.Show()
}

// Write makes both documents in dir through the use case (off the UI
// goroutine) and then shows the passphrase once.
func (d *protectedDocs) Write(dir fyne.URI) {
	p := d.p
	ui := p.env.Loc
	docs := d.cat.Localizer(d.Language())
	now := p.uc.Now()
	d.PDFName = kit.PDFFileName(docs.T("accesspdf.ui.pdfFile"), p.patient.Name(), now)
	d.LetterName = kit.PDFFileName(docs.T("accesspdf.ui.letterFile"), p.patient.Name(), now)
	archive := ""
	if p.Written != "" {
		archive = storage.NewFileURI(p.Written).Name()
	}
	in := usecase.AccessDocs{Localizer: docs, PDFName: d.PDFName, ArchiveName: archive,
		PDF: d.sink(dir, d.PDFName), Letter: d.sink(dir, d.LetterName)}
	d.button.Disable()
	p.status.SetText(ui.T("accesspdf.ui.working"))
	saved := ui.T("accesspdf.ui.saved", "PDF", d.PDFName, "Letter", d.LetterName, "Folder", dir.Path())
	if p.detail.req.State != consent.StateCompleted {
		d.complete(in, saved)
		return
	}
	req := p.detail.req
	var pass string
	var err error
	p.env.RunBusy(p.bar, func() { pass, err = p.uc.AccessDocuments(req, in) }, func() {
		d.button.Enable()
		if err != nil {
			p.status.SetText("")
			p.env.ShowError(err)
			return
		}
		p.status.SetText(saved)
		d.Shown = showPassphrase(p.env, ui, pass)
		p.detail.Reload()
	})
}

// complete answers a request not yet completed with the documents through
// the use case that completes it, as the age package does (audited, the
// request closed); a request the age package already completed only
// gets the documents (Write).
func (d *protectedDocs) complete(in usecase.AccessDocs, saved string) {
	p := d.p
	var pass string
	in.Passphrase = func(s string) { pass = s }
	p.detail.completeThenOr(saved, usecase.Work{Documents: &in}, func() {
		d.button.Enable()
		p.status.SetText(saved)
		d.Shown = showPassphrase(p.env, p.env.Loc, pass)
	}, func() {
		d.button.Enable()
		p.status.SetText("")
	})
}

// sink writes one document into dir, in memory first so a failure
// leaves no partial file.
func (d *protectedDocs) sink(dir fyne.URI, name string) func(write func(io.Writer) error) error {
	return func(write func(io.Writer) error) error {
		file, err := storage.Child(dir, name)
		if err != nil {
			return err
		}
		w, err := storage.Writer(file)
		if err != nil {
			return err
		}
		return kit.WriteToURI(w, func(out io.Writer) error { return bufferedTo(out)(write) })
	}
}

// passphraseShown is the one-time display of a generated passphrase.
type passphraseShown struct {
	dlg  dialog.Dialog
	text *widget.Label
}

// Text is the passphrase shown; "" once the dialog closed.
func (s *passphraseShown) Text() string { return s.text.Text }

// Close closes the dialog and forgets the passphrase.
func (s *passphraseShown) Close() { s.dlg.Hide() }

// showPassphrase shows pass once, large and in a typewriter face, with
// what to do with it; closing the dialog forgets it.
func showPassphrase(env *kit.Env, ui *i18n.Localizer, pass string) *passphraseShown {
	s := &passphraseShown{text: widget.NewLabelWithStyle(pass, fyne.TextAlignCenter, fyne.TextStyle{Monospace: true})}
	s.text.SizeName = theme.SizeNameSubHeadingText
	spelled := kit.WrapLabel(ui.T("accesspdf.ui.spelled", "Words", strings.ReplaceAll(pass, "-", " · ")))
	body := container.NewVBox(kit.WrapLabel(ui.T("accesspdf.ui.passIntro")), s.text, spelled, kit.WrapLabel(ui.T("accesspdf.ui.passNever")))
	s.dlg = dialog.NewCustom(ui.T("accesspdf.ui.passTitle"), ui.T("accesspdf.ui.passDone"), container.New(&kit.FixedWidth{Width: 520}, body), env.Win)
	s.dlg.SetOnClosed(func() { s.text.SetText(""); spelled.SetText("") })
	s.dlg.Show()
	return s
}
