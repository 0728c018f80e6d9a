package users

import (
	"context"
	"custodia/i18n"
	"custodia/ui/kit"
	"errors"
	"strings"

	usecase "custodia/app"
	"custodia/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// View lists the practice's users and lets an administrator add
// users, change roles, disable or re-enable them and reset passphrases.
type View struct {
	env     *kit.Env
	session kit.Session
	content fyne.CanvasObject
	bar     *widget.ProgressBarInfinite // spins while a key is derived

	list     *widget.List
	users    []vault.User
	selected int

	selTitle *widget.Label
	role     *kit.EscSelect
	setRole  *widget.Button
	disable  *widget.Button
	resetBtn *widget.Button
	totpOff  *widget.Button // nil when the session cannot manage second factors
	selBox   *fyne.Container
	selfNote *widget.Label

	name    *kit.EscEntry
	newRole *kit.EscSelect
	pass    *kit.PassphraseInput
	add     *widget.Button
	// addCancel stops adding a user while the key is derived (armed after
	// kit.OfferCancelAfter where the vault can stop it).
	addCancel *kit.CancelButton
	status    *widget.Label
	loaded    bool
	// asked is the passphrase input of the last reset or enable dialog.
	asked *kit.PassphraseInput
}

// NewView makes the users screen over session s.
func NewView(env *kit.Env, s kit.Session) *View {
	v := &View{env: env, session: s, selected: -1}
	v.list = widget.NewList(func() int { return len(v.users) }, func() fyne.CanvasObject { return newUserRow(env.Loc) }, v.updateRow)
	v.list.OnSelected = func(id widget.ListItemID) { env.Touch(); v.Select(id) }
	v.selTitle = kit.Heading("")
	v.role = kit.NewEscSelect(kit.RoleLabels(env.Loc), func(string) {})
	v.setRole = widget.NewButton(env.Loc.T("users.changerole"), v.changeRole)
	v.disable = widget.NewButton(env.Loc.T("users.disable"), v.toggleDisabled)
	v.resetBtn = widget.NewButtonWithIcon(env.Loc.T("users.reset"), theme.ViewRefreshIcon(), v.resetPassphrase)
	if _, ok := s.(kit.SecondFactor); ok {
		v.totpOff = widget.NewButton(env.Loc.T("users.totpoff"), v.removeSecondFactor)
	}
	v.name = kit.NewEscEntry()
	v.name.SetPlaceHolder(env.Loc.T("users.name.placeholder"))
	v.newRole = kit.NewEscSelect(kit.RoleLabels(env.Loc), nil)
	v.newRole.SetSelected(kit.RoleLabel(env.Loc, vault.RoleFrontDesk))
	v.pass = kit.NewPassphraseInput(env.Loc)
	v.pass.OnChanged = v.refreshAdd
	v.name.OnChanged = func(string) { env.Touch(); v.refreshAdd() }
	v.add = widget.NewButtonWithIcon(env.Loc.T("users.add"), theme.ContentAddIcon(), v.addUser)
	v.add.Importance = widget.HighImportance
	v.addCancel = kit.NewCancelButton(env)
	v.status = widget.NewLabel("")
	v.status.Wrapping = fyne.TextWrapWord
	v.newRole.OnChanged = func(string) { v.refreshAdd() }
	v.refreshAdd()
	v.content = v.layout()
	return v
}

func (v *View) layout() fyne.CanvasObject {
	// adding a user and setting a passphrase derive a key (about a second):
	// the bar shows the work is under way
	v.bar = kit.NewBusyBar()
	v.selfNote = widget.NewLabel(v.env.Loc.T("users.selfnote"))
	v.selfNote.Wrapping = fyne.TextWrapWord
	v.selfNote.Importance = widget.WarningImportance
	v.selBox = container.NewVBox(v.selTitle, v.selfNote,
		widget.NewForm(widget.NewFormItem(v.env.Loc.T("users.role"), container.NewBorder(nil, nil, nil, v.setRole, v.role))),
		v.selButtons())
	v.selBox.Hide()
	addForm := widget.NewForm(widget.NewFormItem(v.env.T("users.name"), v.name), widget.NewFormItem(v.env.T("users.role"), v.newRole))
	for _, it := range v.pass.FormItems(v.env.Loc.T("users.initialpass")) {
		addForm.AppendItem(it)
	}
	// the bar runs beside the buttons and the outcome shows under them, where
	// the person looks after pressing Add user; neither moves the form
	addRow := container.NewBorder(nil, nil, nil, container.NewHBox(v.addCancel.Button, v.add), v.bar)
	kit.SubmitOnEnter(v.add, addForm)
	addCard := kit.WrappedCard(v.env.T("users.addcard.title"), v.env.T("users.addcard.sub"),
		container.NewVBox(addForm, addRow, kit.AtLeastLines(1, v.status)))
	right := container.NewVBox(v.selBox, addCard)
	if c := requireTOTPCheck(v.env, v.session); c != nil {
		right.Add(kit.WrappedCard(v.env.T("users.security.title"), v.env.T("users.security.sub"), c))
	}
	head := widget.NewLabel(v.env.Loc.T("users.head"))
	head.TextStyle.Bold = true
	split := container.NewHSplit(container.NewBorder(head, nil, nil, nil, v.list), container.NewVScroll(right))
	split.Offset = 0.4
	return split
}

func newUserRow(loc *i18n.Localizer) fyne.CanvasObject {
	name := widget.NewLabel(loc.T("unlock.user.placeholder"))
	name.TextStyle.Bold = true
	name.Truncation = fyne.TextTruncateEllipsis
	role := widget.NewLabel(loc.T("users.state.disabled", "Role", kit.RoleLabel(loc, vault.RoleDPO)))
	return container.NewBorder(nil, nil, widget.NewIcon(theme.AccountIcon()), role, name)
}

func (v *View) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	c := o.(*fyne.Container)
	u := v.users[i]
	c.Objects[0].(*widget.Label).SetText(u.Name)
	role := c.Objects[2].(*widget.Label)
	role.SetText(userState(v.env.Loc, u))
	role.Importance = widget.MediumImportance
	if u.Disabled {
		role.Importance = widget.DangerImportance
	}
	role.Refresh()
}

// userState describes a user's role and whether they are disabled.
func userState(loc *i18n.Localizer, u vault.User) string {
	if u.Disabled {
		return loc.T("users.state.disabled", "Role", kit.RoleLabel(loc, u.Role))
	}
	return kit.RoleLabel(loc, u.Role)
}

// Fill selects a row and types into the add-user form, as a person would
// (the screenshot tour).
func (v *View) Fill(row int, name, pass string) {
	v.list.Select(row)
	v.name.SetText(name)
	v.pass.Set(pass, "")
}

// Content is the screen, for the shell's tab.
func (v *View) Content() fyne.CanvasObject { return v.content }

// Activate loads the screen the first time its tab is shown.
func (v *View) Activate() {
	if !v.loaded {
		v.Reload()
	}
}

// Reload fetches the users.
func (v *View) Reload() {
	v.loaded = true
	var us []vault.User
	var err error
	v.env.Run(func() { us, err = usecase.ListUsers(v.session) }, func() {
		if err != nil {
			v.env.ShowError(err)
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

// AskedPassphrase is the passphrase input of the reset or enable dialog
// last opened (nil before), as a person would type into it.
func (v *View) AskedPassphrase() *kit.PassphraseInput { return v.asked }

// Users is the list as shown.
func (v *View) Users() []vault.User { return v.users }

// Select shows the actions for user i.
func (v *View) Select(i int) {
	if i < 0 || i >= len(v.users) {
		return
	}
	v.selected = i
	u := v.users[i]
	self := u.Name == v.session.User().Name
	v.selTitle.SetText(u.Name)
	v.role.SetSelected(kit.RoleLabel(v.env.Loc, u.Role))
	if u.Disabled {
		v.disable.SetText(v.env.Loc.T("users.enable"))
		v.disable.Importance = widget.MediumImportance
	} else {
		v.disable.SetText(v.env.T("users.disable"))
		v.disable.Importance = widget.DangerImportance
	}
	kit.SetEnabled(!self, v.disable, v.role, v.setRole)
	v.offerSecondFactorRemoval(u.Name)
	v.disable.Refresh()
	v.selfNote.Hidden = !self
	v.selBox.Show()
	v.selBox.Refresh()
}

func (v *View) current() (vault.User, bool) {
	if v.selected < 0 || v.selected >= len(v.users) {
		return vault.User{}, false
	}
	return v.users[v.selected], true
}

func (v *View) changeRole() {
	u, ok := v.current()
	role, okRole := kit.RoleFromLabel(v.env.Loc, v.role.Selected)
	if !ok || !okRole || role == u.Role {
		return
	}
	v.do(v.env.Loc.T("users.role.changed", "Name", u.Name, "Role", kit.RoleLabel(v.env.Loc, role)), func() error { return usecase.SetRole(v.session, u.Name, role) })
}

func (v *View) toggleDisabled() {
	u, ok := v.current()
	if !ok {
		return
	}
	if u.Disabled {
		// Disabling destroyed the user's keys: enabling sets a new passphrase.
		v.askPassphrase(u, v.env.Loc.T("users.enable.title", "Name", u.Name), v.env.T("users.enable"), v.env.Loc.T("users.enable.done", "Name", u.Name),
			func(pass []byte) error { return usecase.EnableUser(v.session, u.Name, pass) })
		return
	}
	dialog.ShowConfirm(v.env.T("users.disable.title"), v.env.Loc.T("users.disable.confirm", "Name", u.Name),
		func(ok bool) {
			if ok {
				v.do(v.env.Loc.T("users.disable.done", "Name", u.Name), func() error { return usecase.DisableUser(v.session, u.Name) })
			}
		}, v.env.Win)
}

func (v *View) resetPassphrase() {
	u, ok := v.current()
	if !ok {
		return
	}
	v.askPassphrase(u, v.env.Loc.T("users.reset.title", "Name", u.Name), v.env.T("users.reset.ok"), v.env.Loc.T("users.reset.done", "Name", u.Name),
		func(pass []byte) error { return usecase.ResetPassphrase(v.session, u.Name, pass) })
}

// askPassphrase asks for a new passphrase for u and runs set with it.
func (v *View) askPassphrase(u vault.User, title, confirm, success string, set func([]byte) error) {
	in := kit.NewPassphraseInput(v.env.Loc, u.Name)
	v.asked = in
	form := widget.NewForm(in.FormItems(v.env.T("unlock.reset.newpass"))...)
	d := dialog.NewCustomConfirm(title, confirm, v.env.T("common.cancel"), form, func(ok bool) {
		if !ok {
			return
		}
		if !in.Ready() {
			v.status.SetText(v.env.Loc.T("users.nochange"))
			return
		}
		pass := in.Value()
		in.Clear()
		v.do(success, func() error {
			defer clear(pass)
			return set(pass)
		})
	}, v.env.Win)
	kit.ConfirmOnEnter(d, form)
	d.Resize(kit.FitDialogTo(v.env.Win, form.MinSize(), fyne.NewSize(480, 0)))
	d.Show()
	v.env.Win.Canvas().Focus(in.FirstField())
}

func (v *View) selButtons() *fyne.Container {
	box := container.NewHBox(v.disable, v.resetBtn)
	if v.totpOff != nil {
		box.Add(v.totpOff)
	}
	return box
}

// offerSecondFactorRemoval enables "Remove second factor" only for a user
// who has one (when the vault cannot say, it stays enabled and the vault
// answers the attempt).
func (v *View) offerSecondFactorRemoval(name string) {
	sf, ok := v.session.(kit.SecondFactor)
	if v.totpOff == nil || !ok {
		return
	}
	v.totpOff.Disable()
	var st vault.TOTPStatus
	var err error
	v.env.Run(func() { st, err = usecase.TOTPStatus(sf, name) }, func() {
		if u, ok := v.current(); ok && u.Name == name {
			kit.SetEnabled(err != nil || st.Enrolled, v.totpOff)
		}
	})
}

// removeSecondFactor removes the selected user's second factor, e.g. after
// a lost phone; they enrol again at their next unlock if it is required.
func (v *View) removeSecondFactor() {
	u, ok := v.current()
	sf, isSF := v.session.(kit.SecondFactor)
	if !ok || !isSF {
		return
	}
	dialog.ShowConfirm(v.env.T("users.totpoff.title"), v.env.Loc.T("users.totpoff.confirm", "Name", u.Name),
		func(ok bool) {
			if ok {
				v.do(v.env.Loc.T("users.totpoff.done", "Name", u.Name), func() error { return usecase.DisableTOTP(sf, u.Name) })
			}
		}, v.env.Win)
}

// do runs a change off the UI goroutine, then reports and reloads.
func (v *View) do(success string, change func() error) {
	v.env.Touch()
	var err error
	v.env.RunBusy(v.bar, func() { err = change() }, func() {
		if err != nil {
			v.env.ShowError(err)
			return
		}
		v.status.SetText(success)
		v.Reload()
	})
}

func (v *View) refreshAdd() {
	_, okRole := kit.RoleFromLabel(v.env.Loc, v.newRole.Selected)
	kit.SetEnabled(strings.TrimSpace(v.name.Text) != "" && okRole && v.pass.Ready(), v.add)
}

func (v *View) addUser() {
	name := strings.TrimSpace(v.name.Text)
	role, ok := kit.RoleFromLabel(v.env.Loc, v.newRole.Selected)
	if !ok || !v.pass.Ready() {
		return
	}
	pass := v.pass.Value()
	v.add.Disable()
	v.status.SetText("")
	var err error
	sw := kit.SlowWork{
		Progress: func() {
			v.status.SetText(v.env.Loc.T("users.add.working", "Name", name))
			v.bar.Show()
			v.bar.Start()
		},
		Done: func() {
			v.bar.Stop()
			v.bar.Hide()
			v.addCancel.Disarm()
			clear(pass)
			v.added(name, role, err)
		},
	}
	if usecase.CanCancelKeyWork(v.session) {
		sw.Cancellable = v.addCancel.Arm
	}
	v.env.RunSlow(func(ctx context.Context) { _, err = usecase.AddUserContext(ctx, v.session, name, role, pass) }, sw)
}

// added reports how adding name ended: cancelled or refused (the form
// keeps what was typed, to try again), or done.
func (v *View) added(name string, role vault.Role, err error) {
	switch {
	case errors.Is(err, context.Canceled):
		v.refreshAdd()
		v.status.SetText(v.env.Loc.T("users.add.cancelled", "Name", name))
	case err != nil:
		v.status.SetText("")
		v.refreshAdd()
		v.env.ShowError(err)
	default:
		v.name.SetText("")
		v.pass.Clear()
		v.status.SetText(v.env.Loc.T("users.added", "Name", name, "Role", kit.RoleLabel(v.env.Loc, role)))
		v.Reload()
	}
}
