package ui

import (
	"fmt"
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

	name    *widget.Entry
	newRole *widget.Select
	pass    *PassphraseInput
	add     *widget.Button
	status  *widget.Label
	loaded  bool
}

func newUsersView(a *App, s Session) *UsersView {
	v := &UsersView{app: a, session: s, selected: -1}
	v.list = widget.NewList(func() int { return len(v.users) }, newUserRow, v.updateRow)
	v.list.OnSelected = func(id widget.ListItemID) { a.Touch(); v.Select(id) }
	v.selTitle = heading("")
	v.role = widget.NewSelect(roleLabels(), func(string) {})
	v.setRole = widget.NewButton("Change role", v.changeRole)
	v.disable = widget.NewButton("Disable", v.toggleDisabled)
	v.resetBtn = widget.NewButtonWithIcon("Reset passphrase…", theme.ViewRefreshIcon(), v.resetPassphrase)
	if _, ok := s.(SecondFactor); ok {
		v.totpOff = widget.NewButton("Remove second factor…", v.removeSecondFactor)
	}
	v.name = widget.NewEntry()
	v.name.SetPlaceHolder("e.g. maria.frontdesk")
	v.newRole = widget.NewSelect(roleLabels(), nil)
	v.newRole.SetSelected(RoleLabel(vault.RoleFrontDesk))
	v.pass = NewPassphraseInput()
	v.pass.OnChanged = v.refreshAdd
	v.name.OnChanged = func(string) { a.Touch(); v.refreshAdd() }
	v.add = widget.NewButtonWithIcon("Add user", theme.ContentAddIcon(), v.addUser)
	v.add.Importance = widget.HighImportance
	v.status = widget.NewLabel("")
	v.status.Wrapping = fyne.TextWrapWord
	v.newRole.OnChanged = func(string) { v.refreshAdd() }
	v.refreshAdd()
	v.content = v.layout()
	return v
}

func (v *UsersView) layout() fyne.CanvasObject {
	v.selfNote = widget.NewLabel("This is your own account: another administrator must change its role or disable it.")
	v.selfNote.Wrapping = fyne.TextWrapWord
	v.selfNote.Importance = widget.WarningImportance
	v.selBox = container.NewVBox(v.selTitle, v.selfNote,
		widget.NewForm(widget.NewFormItem("Role", container.NewBorder(nil, nil, nil, v.setRole, v.role))),
		v.selButtons())
	v.selBox.Hide()
	addForm := widget.NewForm(widget.NewFormItem("User name", v.name), widget.NewFormItem("Role", v.newRole))
	for _, it := range v.pass.FormItems("Initial passphrase") {
		addForm.AppendItem(it)
	}
	addCard := widget.NewCard("Add a user", "Tell the new user their initial passphrase in person; they can change it after signing in.",
		container.NewVBox(addForm, container.NewHBox(layoutSpacer(), v.add)))
	right := container.NewVBox(v.selBox, addCard)
	if c := requireTOTPCheck(v.app, v.session); c != nil {
		right.Add(widget.NewCard("Security", "Administrators and DPOs then unlock with a code from an authenticator app as well.", c))
	}
	right.Add(v.status)
	head := widget.NewLabel("Users of this vault")
	head.TextStyle.Bold = true
	split := container.NewHSplit(container.NewBorder(head, nil, nil, nil, v.list), container.NewVScroll(right))
	split.Offset = 0.4
	return split
}

func newUserRow() fyne.CanvasObject {
	name := widget.NewLabel("user name")
	name.TextStyle.Bold = true
	name.Truncation = fyne.TextTruncateEllipsis
	role := widget.NewLabel("Data-protection officer · disabled")
	return container.NewBorder(nil, nil, widget.NewIcon(theme.AccountIcon()), role, name)
}

func (v *UsersView) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	c := o.(*fyne.Container)
	u := v.users[i]
	c.Objects[0].(*widget.Label).SetText(u.Name)
	role := c.Objects[2].(*widget.Label)
	role.SetText(UserState(u))
	role.Importance = widget.MediumImportance
	if u.Disabled {
		role.Importance = widget.DangerImportance
	}
	role.Refresh()
}

// UserState describes a user's role and whether they are disabled.
func UserState(u vault.User) string {
	if u.Disabled {
		return RoleLabel(u.Role) + " · disabled"
	}
	return RoleLabel(u.Role)
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
	v.role.SetSelected(RoleLabel(u.Role))
	if u.Disabled {
		v.disable.SetText("Enable")
		v.disable.Importance = widget.MediumImportance
	} else {
		v.disable.SetText("Disable")
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
	role, okRole := roleFromLabel(v.role.Selected)
	if !ok || !okRole || role == u.Role {
		return
	}
	v.do(fmt.Sprintf("%s is now %s.", u.Name, RoleLabel(role)), func() error { return usecase.SetRole(v.session, u.Name, role) })
}

func (v *UsersView) toggleDisabled() {
	u, ok := v.current()
	if !ok {
		return
	}
	if u.Disabled {
		// Disabling destroyed the user's keys: enabling sets a new passphrase.
		v.askPassphrase(u, "Enable "+u.Name+" with a new passphrase", "Enable", u.Name+" can sign in again with the new passphrase.",
			func(pass []byte) error { return usecase.EnableUser(v.session, u.Name, pass) })
		return
	}
	dialog.ShowConfirm("Disable user", fmt.Sprintf("Disable %s? They will no longer be able to unlock the vault. Their audit history is kept.", u.Name),
		func(ok bool) {
			if ok {
				v.do(u.Name+" is disabled.", func() error { return usecase.DisableUser(v.session, u.Name) })
			}
		}, v.app.win)
}

func (v *UsersView) resetPassphrase() {
	u, ok := v.current()
	if !ok {
		return
	}
	v.askPassphrase(u, "Reset passphrase of "+u.Name, "Reset", "Passphrase of "+u.Name+" reset.",
		func(pass []byte) error { return usecase.ResetPassphrase(v.session, u.Name, pass) })
}

// askPassphrase asks for a new passphrase for u and runs set with it.
func (v *UsersView) askPassphrase(u vault.User, title, confirm, success string, set func([]byte) error) {
	in := NewPassphraseInput(u.Name)
	form := widget.NewForm(in.FormItems("New passphrase")...)
	d := dialog.NewCustomConfirm(title, confirm, "Cancel", form, func(ok bool) {
		if !ok {
			return
		}
		if !in.Ready() {
			v.status.SetText("Nothing changed: the passphrase was not strong enough or the entries differed.")
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
	dialog.ShowConfirm("Remove second factor", fmt.Sprintf("Remove the second factor of %s? Do this when their phone is lost; they can enrol a new one.", u.Name),
		func(ok bool) {
			if ok {
				v.do("Second factor of "+u.Name+" removed.", func() error { return usecase.DisableTOTP(sf, u.Name) })
			}
		}, v.app.win)
}

// do runs a change off the UI goroutine, then reports and reloads.
func (v *UsersView) do(success string, change func() error) {
	v.app.Touch()
	var err error
	v.app.opts.Run(func() { err = change() }, func() {
		if err != nil {
			v.app.showError(err)
			return
		}
		v.status.SetText(success)
		v.Reload()
	})
}

func (v *UsersView) refreshAdd() {
	_, okRole := roleFromLabel(v.newRole.Selected)
	setEnabled(strings.TrimSpace(v.name.Text) != "" && okRole && v.pass.Ready(), v.add)
}

func (v *UsersView) addUser() {
	name := strings.TrimSpace(v.name.Text)
	role, ok := roleFromLabel(v.newRole.Selected)
	if !ok || !v.pass.Ready() {
		return
	}
	pass := v.pass.Value()
	v.add.Disable()
	var err error
	v.app.opts.Run(func() {
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
		v.status.SetText(fmt.Sprintf("%s added as %s.", name, RoleLabel(role)))
		v.Reload()
	})
}
