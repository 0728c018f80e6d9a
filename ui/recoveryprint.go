package ui

import (
	"io"
	"path/filepath"

	"custodia/printdoc"
	"custodia/ui/kit"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// recoveryPrint offers the recovery sheet as PDF: saved where the user
// picks, or printed through a temporary file (readable only by the user)
// opened in the system's PDF viewer. The temporary file is deleted when
// the recovery screen is left or the app stops.
type recoveryPrint struct {
	app     *App
	sheet   printdoc.Recovery
	save    *widget.Button
	print   *widget.Button
	status  *widget.Label
	removes []func()
	// open shows a file in the system's PDF viewer (kit.OpenWithViewer).
	open func(path string) error
	// TempFiles are the temporary files written for printing, until removed.
	TempFiles []string
}

func newRecoveryPrint(a *App, path, admin, code string) *recoveryPrint {
	p := &recoveryPrint{app: a, sheet: printdoc.Recovery{VaultName: filepath.Base(path), VaultPath: path, Admin: admin,
		Code: code, Created: a.env.Now(), Loc: a.env.Loc}}
	p.save = widget.NewButtonWithIcon(a.env.Loc.T("erasure.savepdf"), theme.DocumentSaveIcon(), p.SavePDF)
	p.print = widget.NewButtonWithIcon(a.env.Loc.T("start.recovery.print"), theme.DocumentPrintIcon(), p.Print)
	p.status = kit.WrapLabel("")
	p.status.Hide()
	p.open = kit.OpenWithViewer
	return p
}

func (p *recoveryPrint) row() fyne.CanvasObject {
	return container.NewVBox(container.NewHBox(p.save, p.print), p.status)
}

// fileName is "Recovery sheet – practice.vault – 2026-12-04.pdf".
func (p *recoveryPrint) fileName() string {
	return kit.PDFFileName(p.app.env.Loc.T("start.recovery.file"), p.sheet.VaultName, p.sheet.Created)
}

func (p *recoveryPrint) write(w io.Writer) error { return printdoc.RecoverySheet(w, p.sheet) }

// SavePDF asks where to save the sheet.
func (p *recoveryPrint) SavePDF() {
	kit.SavePDF(p.app.env, p.fileName(), p.write, func(path string) {
		p.say(p.app.env.Loc.T("start.recovery.saved", "Path", path))
	})
}

// Print writes the sheet to a private temporary file and opens it in the
// PDF viewer, from which it is printed.
func (p *recoveryPrint) Print() {
	data, err := kit.RenderPDF(p.write)
	if err != nil {
		p.app.env.ShowError(err)
		return
	}
	path, remove, err := kit.TempPDF(p.fileName(), data)
	if err != nil {
		p.app.env.ShowError(err)
		return
	}
	if err := p.open(path); err != nil {
		remove()
		p.app.env.Logf("custodia: opening the PDF viewer: %v", err)
		p.say(p.app.env.Loc.T("start.recovery.noviewer"))
		return
	}
	p.removes = append(p.removes, remove)
	p.TempFiles = append(p.TempFiles, path)
	p.say(p.app.env.Loc.T("start.recovery.opened"))
}

// say shows a line under the buttons.
func (p *recoveryPrint) say(msg string) {
	p.status.SetText(msg)
	p.status.Show()
}

// cleanup forgets the code and deletes the temporary files.
func (p *recoveryPrint) cleanup() {
	p.sheet.Code = ""
	for _, r := range p.removes {
		r()
	}
	p.removes, p.TempFiles = nil, nil
}
