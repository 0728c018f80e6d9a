package ui

import (
	"custodia/i18n"
	"strings"

	usecase "custodia/app"
	"custodia/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// UsersView lists the practice's users and lets an administrator add
// users, change roles, disable or re-enable them and reset passphrases.
type UsersView struct {
	app     *App
	session Session
	content fyne.CanvasObject
	bar     *widget.ProgressBarInfinite // spins while a key is derived

	list     *widget.List
	users    []vault.User
	selected int

	selTitle *widget.Label
	role     *widget.Select
	setRole  *widget.Button
	disable  *widget.Button
	resetBtn *widget.Button
	totpOff  *widget.Button // nil when the session cannot manage second factors
	selBox   *fyne.Container
	selfNote *widget.Label

	name    *EscEntry
	newRole *widget.Select
	pass    *PassphraseInput
	add     *widget.Button
	status  *widget.Label
	loaded  bool
}

func newUsersView(a *App, s Session) *UsersView {
	v := &UsersView{app: a, session: s, selected: -1}
	v.list = widget.NewList(func() int { return len(v.users) }, func() fyne.CanvasObject { return newUserRow(a.loc) }, v.updateRow)
	v.list.OnSelected = func(id widget.ListItemID) { a.Touch(); v.Select(id) }
	v.selTitle = heading("")
	v.role = widget.NewSelect(roleLabels(a.loc), func(string) {})
	v.setRole = widget.NewButton(a.loc.T("users.changerole"), v.changeRole)
	v.disable = widget.NewButton(a.loc.T("users.disable"), v.toggleDisabled)
	v.resetBtn = widget.NewButtonWithIcon(a.loc.T("users.reset"), theme.ViewRefreshIcon(), v.resetPassphrase)
	if _, ok := s.(SecondFactor); ok {
		v.totpOff = widget.NewButton(a.loc.T("users.totpoff"), v.removeSecondFactor)
	}
	v.name = NewEscEntry()
	v.name.SetPlaceHolder(a.loc.T("users.name.placeholder"))
	v.newRole = widget.NewSelect(roleLabels(a.loc), nil)
	v.newRole.SetSelected(RoleLabel(a.loc, vault.RoleFrontDesk))
	v.pass = NewPassphraseInput(a.loc)
	v.pass.OnChanged = v.refreshAdd
	v.name.OnChanged = func(string) { a.Touch(); v.refreshAdd() }
	v.add = widget.NewButtonWithIcon(a.loc.T("users.add"), theme.ContentAddIcon(), v.addUser)
	v.add.Importance = widget.HighImportance
	v.status = widget.NewLabel("")
	v.status.Wrapping = fyne.TextWrapWord
	v.newRole.OnChanged = func(string) { v.refreshAdd() }
	v.refreshAdd()
	v.content = v.layout()
	return v
}

func (v *UsersView) layout() fyne.CanvasObject {
	// adding a user and setting a passphrase derive a key (about a second):
	// the bar shows the work is under way
	v.bar = newBusyBar()
	v.selfNote = widget.NewLabel(v.app.loc.T("users.selfnote"))
	v.selfNote.Wrapping = fyne.TextWrapWord
	v.selfNote.Importance = widget.WarningImportance
	v.selBox = container.NewVBox(v.selTitle, v.selfNote,
		widget.NewForm(widget.NewFormItem(v.app.loc.T("users.role"), container.NewBorder(nil, nil, nil, v.setRole, v.role))),
		v.selButtons())
	v.selBox.Hide()
	addForm := widget.NewForm(widget.NewFormItem(v.app.T("users.name"), v.name), widget.NewFormItem(v.app.T("users.role"), v.newRole))
	for _, it := range v.pass.FormItems(v.app.loc.T("users.initialpass")) {
		addForm.AppendItem(it)
	}
	addCard := wrappedCard(v.app.T("users.addcard.title"), v.app.T("users.addcard.sub"),
		container.NewVBox(addForm, v.bar, container.NewHBox(layoutSpacer(), v.add)))
	right := container.NewVBox(v.selBox, addCard)
	if c := requireTOTPCheck(v.app, v.session); c != nil {
		right.Add(wrappedCard(v.app.T("users.security.title"), v.app.T("users.security.sub"), c))
	}
	right.Add(v.status)
	head := widget.NewLabel(v.app.loc.T("users.head"))
	head.TextStyle.Bold = true
	split := container.NewHSplit(container.NewBorder(head, nil, nil, nil, v.list), container.NewVScroll(right))
	split.Offset = 0.4
	return split
}

func newUserRow(loc *i18n.Localizer) fyne.CanvasObject {
	name := widget.NewLabel(loc.T("unlock.user.placeholder"))
	name.TextStyle.Bold = true
	name.Truncation = fyne.TextTruncateEllipsis
	role := widget.NewLabel(loc.T("users.state.disabled", "Role", RoleLabel(loc, vault.RoleDPO)))
	return container.NewBorder(nil, nil, widget.NewIcon(theme.AccountIcon()), role, name)
}

func (v *UsersView) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	c := o.(*fyne.Container)
	u := v.users[i]
	c.Objects[0].(*widget.Label).SetText(u.Name)
	role := c.Objects[2].(*widget.Label)
	role.SetText(UserState(v.app.loc, u))
	role.Importance = widget.MediumImportance
	if u.Disabled {
		role.Importance = widget.DangerImportance
	}
	role.Refresh()
}

// UserState describes a user's role and whether they are disabled.
func UserState(loc *i18n.Localizer, u vault.User) string {
	if u.Disabled {
		return loc.T("users.state.disabled", "Role", RoleLabel(loc, u.Role))
	}
	return RoleLabel(loc, u.Role)
}

func (v *UsersView) activate() {
	if !v.loaded {
		v.Reload()
	}
}

// Reload fetches the users.
func (v *UsersView) Reload() {
	v.loaded = true
	var us []vault.User
	var err error
	v.app.opts.Run(func() { us, err = usecase.ListUsers(v.session) }, func() {
		if err != nil {
			v.app.showError(err)
			return
		}
		keep := ""
		if v.selected >= 0 && v.selected < len(v.users) {
			keep = v.users[v.selected].Name
		}
		v.users = us
		v.list.UnselectAll()
		v.list.Refresh()
		v.selected = -1
		v.selBox.Hide()
		for i, u := range us {
			if u.Name == keep {
				v.list.Select(i)
			}
		}
	})
}

// Users is the list as shown.
func (v *UsersView) Users() []vault.User { return v.users }

// Select shows the actions for user i.
func (v *UsersView) Select(i int) {
	if i < 0 || i >= len(v.users) {
		return
	}
	v.selected = i
	u := v.users[i]
	self := u.Name == v.session.User().Name
	v.selTitle.SetText(u.Name)
	v.role.SetSelected(RoleLabel(v.app.loc, u.Role))
	if u.Disabled {
		v.disable.SetText(v.app.loc.T("users.enable"))
		v.disable.Importance = widget.MediumImportance
	} else {
		v.disable.SetText(v.app.T("users.disable"))
		v.disable.Importance = widget.DangerImportance
	}
	setEnabled(!self, v.disable, v.role, v.setRole)
	v.disable.Refresh()
	v.selfNote.Hidden = !self
	v.selBox.Show()
	v.selBox.Refresh()
}

func (v *UsersView) current() (vault.User, bool) {
	if v.selected < 0 || v.selected >= len(v.users) {
		return vault.User{}, false
	}
	return v.users[v.selected], true
}

func (v *UsersView) changeRole() {
	u, ok := v.current()
	role, okRole := roleFromLabel(v.app.loc, v.role.Selected)
	if !ok || !okRole || role == u.Role {
		return
	}
	v.do(v.app.loc.T("users.role.changed", "Name", u.Name, "Role", RoleLabel(v.app.loc, role)), func() error { return usecase.SetRole(v.session, u.Name, role) })
}

func (v *UsersView) toggleDisabled() {
	u, ok := v.current()
	if !ok {
		return
	}
	if u.Disabled {
		// Disabling destroyed the user's keys: enabling sets a new passphrase.
		v.askPassphrase(u, v.app.loc.T("users.enable.title", "Name", u.Name), v.app.T("users.enable"), v.app.loc.T("users.enable.done", "Name", u.Name),
			func(pass []byte) error { return usecase.EnableUser(v.session, u.Name, pass) })
		return
	}
	dialog.ShowConfirm(v.app.T("users.disable.title"), v.app.loc.T("users.disable.confirm", "Name", u.Name),
		func(ok bool) {
			if ok {
				v.do(v.app.loc.T("users.disable.done", "Name", u.Name), func() error { return usecase.DisableUser(v.session, u.Name) })
			}
		}, v.app.win)
}

func (v *UsersView) resetPassphrase() {
	u, ok := v.current()
	if !ok {
		return
	}
	v.askPassphrase(u, v.app.loc.T("users.reset.title", "Name", u.Name), v.app.T("users.reset.ok"), v.app.loc.T("users.reset.done", "Name", u.Name),
		func(pass []byte) error { return usecase.ResetPassphrase(v.session, u.Name, pass) })
}

// askPassphrase asks for a new passphrase for u and runs set with it.
func (v *UsersView) askPassphrase(u vault.User, title, confirm, success string, set func([]byte) error) {
	in := NewPassphraseInput(v.app.loc, u.Name)
	form := widget.NewForm(in.FormItems(v.app.T("unlock.reset.newpass"))...)
	d := dialog.NewCustomConfirm(title, confirm, v.app.T("common.cancel"), form, func(ok bool) {
		if !ok {
			return
		}
		if !in.Ready() {
			v.status.SetText(v.app.loc.T("users.nochange"))
			return
		}
		pass := in.Value()
		in.Clear()
		v.do(success, func() error {
			defer clear(pass)
			return set(pass)
		})
	}, v.app.win)
	d.Resize(fyne.NewSize(560, 360))
	d.Show()
}

func (v *UsersView) selButtons() *fyne.Container {
	box := container.NewHBox(v.disable, v.resetBtn)
	if v.totpOff != nil {
		box.Add(v.totpOff)
	}
	return box
}

// removeSecondFactor removes the selected user's second factor, e.g. after
// a lost phone; they enrol again at their next unlock if it is required.
func (v *UsersView) removeSecondFactor() {
	u, ok := v.current()
	sf, isSF := v.session.(SecondFactor)
	if !ok || !isSF {
		return
	}
	dialog.ShowConfirm(v.app.T("users.totpoff.title"), v.app.loc.T("users.totpoff.confirm", "Name", u.Name),
		func(ok bool) {
			if ok {
				v.do(v.app.loc.T("users.totpoff.done", "Name", u.Name), func() error { return usecase.DisableTOTP(sf, u.Name) })
			}
		}, v.app.win)
}

// do runs a change off the UI goroutine, then reports and reloads.
func (v *UsersView) do(success string, change func() error) {
	v.app.Touch()
	var err error
	v.app.runBusy(v.bar, func() { err = change() }, func() {
		if err != nil {
			v.app.showError(err)
			return
		}
		v.status.SetText(success)
		v.Reload()
	})
}

func (v *UsersView) refreshAdd() {
	_, okRole := roleFromLabel(v.app.loc, v.newRole.Selected)
	setEnabled(strings.TrimSpace(v.name.Text) != "" && okRole && v.pass.Ready(), v.add)
}

func (v *UsersView) addUser() {
	name := strings.TrimSpace(v.name.Text)
	role, ok := roleFromLabel(v.app.loc, v.newRole.Selected)
	if !ok || !v.pass.Ready() {
		return
	}
	pass := v.pass.Value()
	v.add.Disable()
	var err error
	v.app.runBusy(v.bar, func() {
		_, err = usecase.AddUser(v.session, name, role, pass)
	}, func() {
		clear(pass)
		if err != nil {
			v.refreshAdd()
			v.app.showError(err)
			return
		}
		v.name.SetText("")
		v.pass.Clear()
		v.status.SetText(v.app.loc.T("users.added", "Name", name, "Role", RoleLabel(v.app.loc, role)))
		v.Reload()
	})
}
