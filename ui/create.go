package ui

import (
	"custodia/ui/kit"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// createView creates a new vault: file, first administrator, passphrase.
type createView struct {
	app     *App
	content fyne.CanvasObject

	path     *kit.EscEntry
	admin    *kit.EscEntry
	pass     *kit.PassphraseInput
	create   *widget.Button
	back     *widget.Button
	status   *widget.Label
	activity *widget.Activity
}

func newCreateView(a *App) *createView {
	v := &createView{app: a}
	v.path = kit.NewEscEntry()
	v.path.SetText(a.defaultNewPath())
	v.admin = kit.NewEscEntry()
	v.admin.SetPlaceHolder(a.env.Loc.T("start.create.admin.placeholder"))
	v.pass = kit.NewPassphraseInput(a.env.Loc)
	v.create = widget.NewButtonWithIcon(a.env.Loc.T("start.create.submit"), theme.ConfirmIcon(), v.submit)
	v.create.Importance = widget.HighImportance
	v.back = widget.NewButtonWithIcon(a.env.Loc.T("common.back"), theme.NavigateBackIcon(), a.showStart)
	v.status = widget.NewLabel("")
	v.status.Wrapping = fyne.TextWrapWord
	v.activity = widget.NewActivity()
	v.activity.Hide()
	v.admin.OnChanged = func(string) { v.refresh() }
	v.path.OnChanged = func(string) { v.refresh() }
	v.pass.OnChanged = v.refresh
	v.refresh()
	v.content = v.layout()
	return v
}

func (v *createView) layout() fyne.CanvasObject {
	browse := widget.NewButton(v.app.env.Loc.T("start.create.choose"), v.pickFile)
	form := widget.NewForm(
		widget.NewFormItem(v.app.env.Loc.T("start.create.file"), container.NewBorder(nil, nil, nil, browse, v.path)),
		widget.NewFormItem(v.app.env.Loc.T("sweepres.adminAccount"), v.admin),
	)
	for _, it := range v.pass.FormItems(v.app.env.Loc.T("unlock.pass")) {
		form.AppendItem(it)
	}
	kit.SubmitOnEnter(v.create, form)
	note := widget.NewLabel(v.app.env.Loc.T("start.create.note"))
	note.Wrapping = fyne.TextWrapWord
	return kit.Centered(container.NewVBox(
		kit.Heading(v.app.env.Loc.T("start.create.title")), note, form,
		container.NewHBox(v.back, kit.Spacer(), v.create),
		steadyLines(container.NewBorder(nil, nil, v.activity, nil, v.status), 2),
	), 640)
}

func (v *createView) refresh() {
	if strings.TrimSpace(v.admin.Text) != "" && strings.TrimSpace(v.path.Text) != "" && v.pass.Ready() {
		v.create.Enable()
	} else {
		v.create.Disable()
	}
}

func (v *createView) pickFile() {
	// the vault creates its file itself, so only the path is chosen
	kit.ChooseSavePath(v.app.env, "practice.vault", "", v.path.SetText)
}

func (v *createView) submit() {
	if !v.pass.Ready() {
		return
	}
	path, name, pass := strings.TrimSpace(v.path.Text), strings.TrimSpace(v.admin.Text), v.pass.Value()
	v.busy(true, v.app.env.Loc.T("start.create.busy"))
	var code string
	var err error
	v.app.env.Run(func() { code, err = v.app.opts.Backend.Create(path, name, pass) }, func() {
		clear(pass)
		v.busy(false, "")
		if err != nil {
			p := v.app.env.Describe(err)
			v.status.SetText(p.Title + ": " + p.Message)
			return
		}
		v.pass.Clear()
		v.app.rememberPath(path)
		r := newRecoveryView(v.app, path, name, code)
		v.app.setContent(r.content)
		v.app.recovery = r
	})
}

func (v *createView) busy(on bool, msg string) {
	v.status.SetText(msg)
	if on {
		v.create.Disable()
		v.back.Disable()
		v.activity.Show()
		v.activity.Start()
		return
	}
	v.back.Enable()
	v.refresh()
	v.activity.Stop()
	v.activity.Hide()
}

// recoveryView shows the recovery code once and insists it is stored.
type recoveryView struct {
	code    string // kept only while the screen is shown
	content fyne.CanvasObject
	stored  *kit.EscCheck
	next    *widget.Button
	// Sheet saves or prints the recovery sheet (PDF).
	Sheet *recoveryPrint
}

func newRecoveryView(a *App, path, admin, code string) *recoveryView {
	v := &recoveryView{code: code, Sheet: newRecoveryPrint(a, path, admin, code)}
	codeText := canvas.NewText(code, theme.Color(theme.ColorNameForeground))
	codeText.TextStyle.Monospace = true
	codeText.TextSize = 22
	codeText.Alignment = fyne.TextAlignCenter
	explain := widget.NewLabel(a.env.Loc.T("start.recovery.explain"))
	explain.Wrapping = fyne.TextWrapWord
	v.next = widget.NewButtonWithIcon(a.env.Loc.T("start.recovery.next"), theme.NavigateNextIcon(), func() {
		codeText.Text, v.code = "", ""
		v.Sheet.cleanup()
		// the unlock screen fills in the last user and puts the cursor in
		// the passphrase (openPath calls done before it builds that screen,
		// so setting its field from done reached no screen)
		a.lastUser = admin
		a.openPath(path, nil, func(err error) {
			if err != nil {
				a.env.ShowError(err)
				a.showStart()
			}
		})
	})
	v.next.Importance = widget.HighImportance
	v.next.Disable()
	v.stored = kit.NewEscCheck(a.env.Loc.T("start.recovery.stored"), func(on bool) {
		if on {
			v.next.Enable()
		} else {
			v.next.Disable()
		}
	})
	card := widget.NewCard("", a.env.Loc.T("unlock.code"), container.NewPadded(codeText))
	v.content = kit.Centered(container.NewVBox(
		kit.Heading(a.env.Loc.T("start.recovery.title")), explain, card, v.Sheet.row(), v.stored,
		container.NewHBox(kit.Spacer(), v.next),
	), 640)
	return v
}
