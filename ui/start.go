package ui

import (
	"custodia/ui/backup"
	"custodia/ui/kit"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// startView is shown when no vault is open: create, open, or try the demo.
type startView struct {
	app     *App
	content fyne.CanvasObject

	path     *kit.EscEntry
	open     *widget.Button
	browse   *widget.Button
	create   *widget.Button
	demo     *widget.Button
	restore  *widget.Button // nil when the backend cannot restore
	status   *widget.Label
	activity *widget.Activity
}

func newStartView(a *App) *startView {
	v := &startView{app: a}
	v.path = kit.NewEscEntry()
	v.path.SetPlaceHolder(a.env.Loc.T("start.path.placeholder"))
	v.path.SetText(a.initialPath())
	v.open = widget.NewButtonWithIcon(a.env.Loc.T("start.open"), theme.FolderOpenIcon(), v.openExisting)
	v.open.Importance = widget.HighImportance
	kit.SubmitOnEnter(v.open, v.path)
	v.browse = widget.NewButton(a.env.Loc.T("start.browse"), v.pickFile)
	v.create = widget.NewButtonWithIcon(a.env.Loc.T("start.create"), theme.ContentAddIcon(), a.showCreate)
	v.demo = widget.NewButtonWithIcon(a.env.Loc.T("start.demo"), theme.ComputerIcon(), v.openDemo)
	v.status = widget.NewLabel("")
	v.status.Wrapping = fyne.TextWrapWord
	v.activity = widget.NewActivity()
	v.activity.Hide()
	v.content = v.layout()
	return v
}

func (v *startView) layout() fyne.CanvasObject {
	title := canvas.NewText(v.app.env.Loc.T("menus.appname"), theme.Color(theme.ColorNameForeground))
	title.TextSize = 32
	title.TextStyle.Bold = true
	sub := widget.NewLabel(v.app.env.Loc.T("start.subtitle"))
	sub.Wrapping = fyne.TextWrapWord

	openCard := kit.WrappedCard(v.app.env.Loc.T("start.opencard.title"), v.app.env.Loc.T("start.opencard.sub"),
		container.NewVBox(
			container.NewBorder(nil, nil, nil, v.browse, v.path),
			container.NewHBox(v.open),
		))
	newBox := container.NewHBox(v.create)
	if r, ok := v.app.opts.Backend.(backup.Restorer); ok {
		v.restore = widget.NewButtonWithIcon(v.app.env.Loc.T("start.restore"), theme.DownloadIcon(), func() { v.app.showRestore(r) })
		newBox.Add(v.restore)
	}
	newCard := kit.WrappedCard(v.app.env.Loc.T("start.newcard.title"), v.app.env.Loc.T("start.newcard.sub"),
		newBox)
	demoCard := kit.WrappedCard(v.app.env.Loc.T("start.democard.title"), v.app.env.Loc.N("start.democard.sub", v.app.opts.DemoPatients, "N", v.app.env.Loc.Int(v.app.opts.DemoPatients)),
		container.NewHBox(v.demo))
	body := container.NewVBox(title, sub, openCard, newCard, demoCard,
		steadyLines(container.NewBorder(nil, nil, v.activity, nil, v.status), 2))
	return kit.Centered(body, 620)
}

func (v *startView) busy(on bool, msg string) {
	v.status.SetText(msg)
	kit.SetEnabled(!on, v.open, v.browse, v.create, v.demo, v.path)
	if v.restore != nil { // restoring while a vault opens would race it
		kit.SetEnabled(!on, v.restore)
	}
	if on {
		v.activity.Show()
		v.activity.Start()
	} else {
		v.activity.Stop()
		v.activity.Hide()
	}
}

func (v *startView) openExisting() {
	path := strings.TrimSpace(v.path.Text)
	if path == "" {
		v.status.SetText(v.app.env.Loc.T("start.nopath"))
		return
	}
	v.busy(true, v.app.env.Loc.T("start.opening"))
	v.app.openPath(path, nil, func(err error) { v.finish(err) })
}

func (v *startView) finish(err error) {
	v.busy(false, "")
	if err != nil {
		p := v.app.env.Describe(err)
		v.status.SetText(p.Title + ": " + p.Message)
	}
}

func (v *startView) openDemo() {
	v.busy(true, v.app.env.Loc.N("start.demo.preparing", v.app.opts.DemoPatients, "N", v.app.env.Loc.Int(v.app.opts.DemoPatients)))
	var d DemoVault
	var err error
	v.app.env.Run(func() { d, err = v.app.opts.Backend.EnsureDemo() }, func() {
		if err != nil {
			v.finish(err)
			return
		}
		v.app.openPath(d.Path, &d, func(err error) { v.finish(err) })
	})
}

func (v *startView) pickFile() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		_ = r.Close()
		v.path.SetText(r.URI().Path())
	}, v.app.env.Win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".vault"}))
	d.Resize(kit.FileDialogSize(v.app.env.Win)) // the folder tree and the file list, at most the window
	kit.TitleFileDialog(d, v.app.env.Loc, kit.FileOpen)
	d.Show()
}
