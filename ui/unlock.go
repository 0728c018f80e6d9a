package ui

import (
	"context"
	"custodia/i18n"
	"custodia/ui/kit"
	"path/filepath"
	"strings"

	usecase "custodia/app"
	"custodia/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// unlockView asks for a user name and passphrase, or the recovery code.
// Key derivation takes about a second, so unlocking runs off the UI
// goroutine with an activity indicator.
type unlockView struct {
	app     *App
	vault   Vault
	content fyne.CanvasObject

	user     *widget.Entry
	pass     *widget.Entry
	totp     *widget.Entry
	code     *widget.Entry
	unlock   *widget.Button
	recovery *widget.Button
	closeBtn *widget.Button
	message  *widget.Label
	activity *widget.Activity
	cancel   *kit.CancelButton // offered after kit.OfferCancelAfter (unlockcancel.go)

	userForm, codeForm *widget.Form
	box                *fyne.Container
	useRecovery        bool
	busy               bool
}

func newUnlockView(a *App, v Vault, demo *DemoVault) *unlockView {
	u := &unlockView{app: a, vault: v}
	u.user = widget.NewEntry()
	u.user.SetPlaceHolder(a.env.Loc.T("unlock.user.placeholder"))
	u.pass = widget.NewPasswordEntry()
	u.pass.SetPlaceHolder(a.env.Loc.T("unlock.pass.placeholder"))
	u.pass.OnSubmitted = func(string) { u.Submit() }
	u.totp = widget.NewEntry()
	u.totp.SetPlaceHolder(a.env.Loc.T("unlock.totp.placeholder"))
	u.totp.OnSubmitted = func(string) { u.Submit() }
	u.user.OnSubmitted = func(string) { a.env.Win.Canvas().Focus(u.pass) }
	u.code = widget.NewEntry()
	u.code.SetPlaceHolder("XXXX-XXXX-…")
	u.code.OnSubmitted = func(string) { u.Submit() }
	u.unlock = widget.NewButtonWithIcon(a.env.Loc.T("unlock.unlock"), theme.LoginIcon(), u.Submit)
	u.unlock.Importance = widget.HighImportance
	// drawn as a button: a low-importance button has no background and read
	// as a caption, not as the way in when every passphrase is lost (no
	// icon: "Benutzername und Passphrase verwenden" must fit the row)
	u.recovery = widget.NewButton(a.env.Loc.T("unlock.userecovery"), u.toggleRecovery)
	u.closeBtn = widget.NewButtonWithIcon(a.env.Loc.T("menus.closevault"), theme.CancelIcon(), a.closeVault)
	u.message = widget.NewLabel("")
	u.message.Wrapping = fyne.TextWrapWord
	u.message.Importance = widget.DangerImportance
	u.activity = widget.NewActivity()
	u.activity.Hide()
	u.cancel = kit.NewCancelButton(a.env)
	u.userForm = widget.NewForm(widget.NewFormItem(a.env.Loc.T("unlock.user"), u.user), widget.NewFormItem(a.env.Loc.T("unlock.pass"), u.pass))
	if _, ok := v.(kit.CodeUnlocker); ok {
		u.userForm.AppendItem(widget.NewFormItem(a.env.Loc.T("unlock.totp"), u.totp))
	}
	u.codeForm = widget.NewForm(widget.NewFormItem(a.env.Loc.T("unlock.code"), u.code))
	u.codeForm.Hide()
	switch {
	case a.lastUser != "":
		u.user.SetText(a.lastUser)
	case demo != nil && len(demo.Users) > 0:
		u.user.SetText(demo.Users[0].Name)
	}
	u.content = u.layout(demo)
	return u
}

func (u *unlockView) layout(demo *DemoVault) fyne.CanvasObject {
	file := widget.NewLabel(filepath.Base(u.vault.Path()))
	file.TextStyle.Monospace = true
	file.Truncation = fyne.TextTruncateEllipsis
	parts := []fyne.CanvasObject{
		kit.Heading(u.app.env.Loc.T("unlock.title")),
		container.NewBorder(nil, nil, widget.NewIcon(theme.StorageIcon()), nil, file),
	}
	if demo != nil {
		parts = append(parts, demoCredentials(u.app.env.Loc, demo))
	}
	parts = append(parts, u.userForm, u.codeForm,
		container.NewHBox(u.closeBtn, kit.Spacer(), u.recovery, u.unlock),
		steadyLines(container.NewBorder(nil, nil, u.activity, u.cancel.Button, u.message), 3))
	u.box = container.NewVBox(parts...)
	return kit.Centered(u.box, 600)
}

// Message is the error or status text shown under the form.
func (u *unlockView) Message() string { return u.message.Text }

// Busy reports whether an unlock is running.
func (u *unlockView) Busy() bool { return u.busy }

func (u *unlockView) toggleRecovery() {
	u.useRecovery = !u.useRecovery
	u.message.SetText("")
	if u.useRecovery {
		u.userForm.Hide()
		u.codeForm.Show()
		u.recovery.SetText(u.app.env.Loc.T("unlock.usepassphrase"))
		u.box.Refresh()
		u.app.env.Win.Canvas().Focus(u.code)
		return
	}
	u.codeForm.Hide()
	u.userForm.Show()
	u.recovery.SetText(u.app.env.Loc.T("unlock.userecovery"))
	u.box.Refresh()
	u.app.env.Win.Canvas().Focus(u.pass)
}

// Submit starts unlocking with what was typed.
func (u *unlockView) Submit() {
	if u.busy {
		return
	}
	if msg := u.missing(); msg != "" {
		u.message.Importance = widget.DangerImportance
		u.message.SetText(msg)
		return
	}
	u.setBusy(true)
	user, pass, code, recovery := strings.TrimSpace(u.user.Text), []byte(u.pass.Text), u.code.Text, u.useRecovery
	totp := strings.TrimSpace(u.totp.Text)
	var s kit.Session
	var err error
	u.app.env.RunSlow(func(ctx context.Context) { s, err = u.unlockWith(ctx, user, pass, totp, code, recovery) }, kit.SlowWork{
		Progress:    u.showWorking,
		Cancellable: u.cancellable(),
		Done: func() {
			clear(pass)
			u.setBusy(false)
			u.pass.SetText("")
			u.totp.SetText("")
			if err != nil {
				u.showFailure(err)
				u.app.env.Win.Canvas().Focus(u.pass)
				return
			}
			u.code.SetText("")
			u.app.unlocked(s, recovery)
		},
	})
}

func (u *unlockView) missing() string {
	if u.useRecovery {
		if strings.TrimSpace(u.code.Text) == "" {
			return u.app.env.Loc.T("unlock.missing.code")
		}
		return ""
	}
	if strings.TrimSpace(u.user.Text) == "" {
		return u.app.env.Loc.T("unlock.missing.user")
	}
	if u.pass.Text == "" {
		return u.app.env.Loc.T("unlock.missing.pass")
	}
	return ""
}

func (u *unlockView) setBusy(on bool) {
	u.busy = on
	kit.SetEnabled(!on, u.unlock, u.recovery, u.closeBtn, u.user, u.pass, u.totp, u.code)
	if on {
		u.message.SetText("")
		return
	}
	u.cancel.Disarm()
	u.activity.Stop()
	u.activity.Hide()
}

// resetView forces a new passphrase after unlocking with the recovery code.
type resetView struct {
	app     *App
	session kit.Session
	content fyne.CanvasObject

	user    *widget.Select
	pass    *kit.PassphraseInput
	save    *widget.Button
	message *widget.Label
}

func newResetView(a *App, s kit.Session) *resetView {
	r := &resetView{app: a, session: s}
	r.user = widget.NewSelect(nil, func(string) { r.refresh() })
	r.pass = kit.NewPassphraseInput(a.env.Loc)
	r.save = widget.NewButtonWithIcon(a.env.Loc.T("unlock.reset.save"), theme.ConfirmIcon(), r.submit)
	r.save.Importance = widget.HighImportance
	r.pass.OnChanged = r.refresh
	r.save.Disable()
	r.message = widget.NewLabel("")
	r.message.Wrapping = fyne.TextWrapWord
	r.message.Importance = widget.DangerImportance
	cancel := widget.NewButton(a.env.Loc.T("unlock.reset.cancel"), a.lock)
	explain := widget.NewLabel(a.env.Loc.T("unlock.reset.explain"))
	explain.Wrapping = fyne.TextWrapWord
	form := widget.NewForm(widget.NewFormItem(a.env.Loc.T("sweepres.adminAccount"), r.user))
	for _, it := range r.pass.FormItems(a.env.Loc.T("unlock.reset.newpass")) {
		form.AppendItem(it)
	}
	r.content = kit.Centered(container.NewVBox(kit.Heading(a.env.Loc.T("unlock.reset.title")), explain, form,
		container.NewHBox(cancel, kit.Spacer(), r.save), r.message), 600)
	r.loadAdmins()
	return r
}

// loadAdmins offers the enabled administrators, the session's own user first.
func (r *resetView) loadAdmins() {
	var us []vault.User
	var err error
	r.app.env.Run(func() { us, err = usecase.ListUsers(r.session) }, func() {
		if err != nil {
			p := r.app.env.Describe(err)
			r.message.SetText(p.Title + ". " + p.Message)
			return
		}
		r.user.SetOptions(resetCandidates(us, r.session.User().Name))
		if len(r.user.Options) > 0 {
			r.user.SetSelectedIndex(0)
		}
	})
}

// resetCandidates lists the enabled administrators, self first if present.
func resetCandidates(us []vault.User, self string) []string {
	var out []string
	for _, u := range us {
		if u.Role != vault.RoleAdmin || u.Disabled {
			continue
		}
		if u.Name == self {
			out = append([]string{u.Name}, out...)
		} else {
			out = append(out, u.Name)
		}
	}
	return out
}

func (r *resetView) refresh() {
	kit.SetEnabled(r.user.Selected != "" && r.pass.Ready(), r.save)
}

func (r *resetView) submit() {
	name, pass := r.user.Selected, r.pass.Value()
	r.save.Disable()
	var err error
	r.app.env.Run(func() { err = usecase.ResetPassphrase(r.session, name, pass) }, func() {
		clear(pass)
		if err != nil {
			p := r.app.env.Describe(err)
			r.message.SetText(p.Title + ". " + p.Message)
			r.save.Enable()
			return
		}
		r.pass.Clear()
		r.app.showMain()
	})
}

// demoCredentials lists the demo accounts; the data is synthetic and the
// passphrases are published, so showing them is safe.
func demoCredentials(loc *i18n.Localizer, demo *DemoVault) fyne.CanvasObject {
	note := widget.NewLabel(loc.T("unlock.demo.note"))
	note.Wrapping = fyne.TextWrapWord
	grid := container.New(layout.NewFormLayout())
	for _, u := range demo.Users {
		name := widget.NewRichText(
			&widget.TextSegment{Text: u.Name + " ", Style: widget.RichTextStyleStrong},
			&widget.TextSegment{Text: "(" + kit.RoleLabel(loc, u.Role) + ")", Style: widget.RichTextStyleInline})
		pass := widget.NewLabel(u.Passphrase)
		pass.TextStyle.Monospace = true
		grid.Add(name)
		grid.Add(pass)
	}
	return widget.NewCard("", "", container.NewVBox(note, grid))
}
