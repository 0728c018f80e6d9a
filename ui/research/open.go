package research

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	core "custodia/research"
	"custodia/ui/kit"
)

// PackageOpener is "Open research package": choose the file and an empty
// folder to unpack into, give the passphrase of a passphrase package (a
// package addressed to the signed-in researcher opens with their vault
// key), then see what was verified and the report.
type PackageOpener struct {
	v       *View
	content fyne.CanvasObject

	file    *widget.Entry
	dir     *widget.Entry
	pass    *widget.Entry
	openBtn *widget.Button
	cancel  *widget.Button
	bar     *widget.ProgressBarInfinite
	status  *widget.Label
	result  *fyne.Container
	scroll  *container.Scroll
	job     task[*core.Opened]
	// Opened is what the last successful open verified.
	Opened *core.Opened
}

// OpenPackage shows the opener in place of the lists.
func (v *View) OpenPackage() {
	v.opts.Touch()
	o := v.newOpener()
	v.Opener = o
	v.content.Objects = []fyne.CanvasObject{o.content}
	v.content.Refresh()
}

func (v *View) newOpener() *PackageOpener {
	loc := v.loc
	o := &PackageOpener{v: v}
	o.job.run = v.opts.Run
	o.file, o.dir, o.pass = widget.NewEntry(), widget.NewEntry(), widget.NewPasswordEntry()
	o.file.SetPlaceHolder(loc.T("research.open.filePlaceholder"))
	o.dir.SetPlaceHolder(loc.T("research.open.dirPlaceholder"))
	o.pass.SetPlaceHolder(loc.T("research.open.passPlaceholder"))
	chooseFile := widget.NewButtonWithIcon(loc.T("research.open.chooseFile"), theme.FileIcon(), o.chooseFile)
	chooseDir := widget.NewButtonWithIcon(loc.T("research.open.chooseDir"), theme.FolderIcon(), o.chooseDir)
	passItem := widget.NewFormItem(loc.T("research.open.pass"), o.pass)
	passItem.HintText = loc.T("research.open.passHint")
	dirItem := widget.NewFormItem(loc.T("research.open.dir"), container.NewBorder(nil, nil, nil, chooseDir, o.dir))
	dirItem.HintText = loc.T("research.open.dirHint")
	form := widget.NewForm(
		widget.NewFormItem(loc.T("research.open.file"), container.NewBorder(nil, nil, nil, chooseFile, o.file)),
		dirItem, passItem)
	o.openBtn = widget.NewButtonWithIcon(loc.T("research.open.open"), theme.FolderOpenIcon(), o.Open)
	o.openBtn.Importance = widget.HighImportance
	kit.SubmitOnEnter(o.openBtn, form)
	o.cancel = widget.NewButtonWithIcon(loc.T("research.preview.cancel"), theme.CancelIcon(), o.stop)
	o.cancel.Hide()
	o.bar = widget.NewProgressBarInfinite()
	o.bar.Stop()
	o.bar.Hide()
	o.status = widget.NewLabel("")
	o.status.Wrapping = fyne.TextWrapWord
	o.result = container.NewVBox()
	back := widget.NewButtonWithIcon(loc.T("research.open.back"), theme.NavigateBackIcon(), v.ShowHome)
	head := container.NewBorder(nil, nil, nil, back, heading(loc.T("research.open.title")))
	top := container.NewVBox(head, hint(loc.T("research.open.intro")), form, container.NewHBox(o.openBtn, o.cancel), o.bar, o.status)
	o.scroll = container.NewVScroll(container.NewPadded(container.NewVBox(top, o.result)))
	o.content = o.scroll
	return o
}

func (o *PackageOpener) chooseFile() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		o.file.SetText(r.URI().Path())
		r.Close()
	}, o.v.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".age"}))
	d.Resize(kit.FileDialogSize(o.v.win))
	kit.TitleFileDialog(d, o.v.loc, kit.FileOpen)
	d.Show()
}

func (o *PackageOpener) chooseDir() {
	d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil || u == nil {
			return
		}
		o.dir.SetText(u.Path())
	}, o.v.win)
	d.Resize(kit.FileDialogSize(o.v.win))
	kit.TitleFileDialog(d, o.v.loc, kit.FolderOpen)
	d.Show()
}

// Fill sets the form (as a person would type it).
func (o *PackageOpener) Fill(file, dir, passphrase string) {
	o.file.SetText(file)
	o.dir.SetText(dir)
	o.pass.SetText(passphrase)
}

// Open decrypts, checks the manifest and re-verifies the data off the UI
// goroutine, then shows what was verified and the report.
func (o *PackageOpener) Open() {
	o.v.opts.Touch()
	file, dir, pass := strings.TrimSpace(o.file.Text), strings.TrimSpace(o.dir.Text), o.pass.Text
	if file == "" || dir == "" {
		o.status.SetText(o.v.loc.T("research.open.missing"))
		return
	}
	o.busy(true)
	o.status.SetText(o.v.loc.T("research.open.opening"))
	// the last package's result goes: it must not read as this one's
	o.Opened, o.result.Objects = nil, nil
	o.result.Refresh()
	o.job.start(func(ctx context.Context) (*core.Opened, error) {
		return o.v.svc.OpenPackage(ctx, file, dir, pass)
	}, func(op *core.Opened, err error) {
		o.busy(false)
		o.pass.SetText("")
		if err != nil {
			o.status.SetText(o.v.errorText(err))
			return
		}
		o.Opened = op
		o.status.SetText("")
		objs := []fyne.CanvasObject{}
		if op.Report != nil {
			objs = append(objs, o.v.reportView(op.Report, op))
		} else {
			objs = append(objs, o.v.openedSummary(op))
		}
		o.result.Objects = objs
		o.result.Refresh()
		o.scroll.Refresh()
	})
}

func (o *PackageOpener) stop() {
	if o.job.stop() {
		o.busy(false)
		o.status.SetText(o.v.loc.T("research.open.cancelled"))
	}
}

func (o *PackageOpener) busy(on bool) {
	if on {
		o.bar.Show()
		o.bar.Start()
		o.cancel.Show()
		o.openBtn.Disable()
		return
	}
	o.bar.Stop()
	o.bar.Hide()
	o.cancel.Hide()
	o.openBtn.Enable()
}

// Status is the opener's status line.
func (o *PackageOpener) Status() string { return o.status.Text }
