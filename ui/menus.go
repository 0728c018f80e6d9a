package ui

import (
	"custodia/ui/kit"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Keyboard shortcuts of the desktop app. Ctrl stands for Cmd on macOS.
var (
	ShortcutSearch     fyne.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}
	ShortcutNewPatient fyne.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierShortcutDefault}
	ShortcutQuit       fyne.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: fyne.KeyModifierShortcutDefault}
)

// shortcutRows lists the keys for the Help menu with the message id of
// what each does.
var shortcutRows = [][2]string{
	{"Ctrl+F", "menus.keys.search"},
	{"Ctrl+N", "menus.keys.newpatient"},
	{"Ctrl+L", "menus.keys.lock"},
	{"Ctrl+Q", "menus.keys.quit"},
	{"Esc", "menus.keys.esc"},
	{"F1", "menus.keys.f1"},
	{"Tab / Shift+Tab", "menus.keys.tab"},
	{"Enter", "menus.keys.enter"},
}

// installKeys registers the window-wide keys: Quit, Search, New patient,
// F1 and Esc. Lock (Ctrl+L) is registered from Options.LockShortcut.
func (a *App) installKeys() {
	c := a.win.Canvas()
	c.AddShortcut(ShortcutQuit, func(fyne.Shortcut) { a.Quit() })
	c.AddShortcut(ShortcutSearch, func(fyne.Shortcut) { a.FocusSearch() })
	c.AddShortcut(ShortcutNewPatient, func(fyne.Shortcut) { a.NewPatient() })
	c.SetOnTypedKey(func(ev *fyne.KeyEvent) {
		switch ev.Name {
		case fyne.KeyEscape:
			a.CloseTopDialog()
		case fyne.KeyF1:
			a.ShowShortcuts()
		}
	})
}

// Quit stops the application; its stop hook locks and closes the vault
// (Shutdown). Without a running application it only shuts down.
func (a *App) Quit() {
	if app := fyne.CurrentApp(); app != nil {
		a.Shutdown()
		app.Quit()
		return
	}
	a.Shutdown()
}

// CloseTopDialog hides the dialog on top of the window, if any (Esc).
// It reports whether one was closed.
func (a *App) CloseTopDialog() bool {
	top := a.win.Canvas().Overlays().Top()
	if top == nil {
		return false
	}
	if a.env.Dialogs.Dismiss(len(a.win.Canvas().Overlays().List())) { // a dialog whose closing runs its callback
		return true
	}
	if p, ok := top.(*widget.PopUp); ok {
		p.Hide()
	} else {
		a.win.Canvas().Overlays().Remove(top)
	}
	return true
}

// FocusSearch shows the patient list and puts the cursor in its search
// field (Ctrl+F); nothing when the role has no patient list.
func (a *App) FocusSearch() {
	if a.main == nil || a.main.Patients == nil {
		return
	}
	a.Touch()
	a.main.Show(SectionPatients)
	a.main.Patients.FocusSearch()
}

// NewPatient opens the new-patient form (Ctrl+N) where the role may add
// patients.
func (a *App) NewPatient() {
	if a.main == nil || a.main.Patients == nil || !a.main.Patients.CanAdd() {
		return
	}
	a.Touch()
	a.main.Show(SectionPatients)
	a.main.Patients.NewPatient()
}

// baseMenu is the menu of the start, create and unlock screens.
func (a *App) baseMenu() *fyne.MainMenu {
	return fyne.NewMainMenu(fyne.NewMenu(a.env.Loc.T("menus.file"), a.quitItem()), a.languageMenu(), a.helpMenu())
}

func (a *App) quitItem() *fyne.MenuItem {
	q := fyne.NewMenuItem(a.env.Loc.T("menus.quit"), a.Quit)
	q.IsQuit = true
	q.Shortcut = ShortcutQuit
	return q
}

// helpMenu holds the keyboard shortcuts, the user guide and About.
func (a *App) helpMenu() *fyne.Menu {
	keys := fyne.NewMenuItem(a.env.Loc.T("menus.shortcuts"), a.ShowShortcuts)
	guide := fyne.NewMenuItem(a.env.Loc.T("menus.guide"), a.ShowGuide)
	guide.Icon = theme.HelpIcon()
	about := fyne.NewMenuItem(a.env.Loc.T("menus.about"), a.ShowAbout)
	about.Icon = theme.InfoIcon()
	return fyne.NewMenu(a.env.Loc.T("menus.help"), keys, guide, fyne.NewMenuItemSeparator(), about)
}

// patientsMenu holds the main screen's shortcuts as menu items, so they
// work even while a text field has the focus.
func (a *App) patientsMenu() *fyne.Menu {
	search := fyne.NewMenuItem(a.env.Loc.T("menus.searchpatients"), a.FocusSearch)
	search.Shortcut = ShortcutSearch
	search.Icon = theme.SearchIcon()
	add := fyne.NewMenuItem(a.env.Loc.T("menus.newpatient"), a.NewPatient)
	add.Shortcut = ShortcutNewPatient
	add.Icon = theme.ContentAddIcon()
	add.Disabled = a.main == nil || a.main.Patients == nil || !a.main.Patients.CanAdd()
	return fyne.NewMenu(a.env.Loc.T("menus.section.patients"), search, add)
}

// Version is the version shown in Help and About.
func (a *App) Version() string {
	if a.opts.Version != "" {
		return a.opts.Version
	}
	return a.env.Loc.T("menus.devbuild")
}

// ShowShortcuts lists the keyboard shortcuts (Help, F1).
func (a *App) ShowShortcuts() {
	rows := container.New(layout.NewFormLayout())
	for _, r := range shortcutRows {
		k := widget.NewLabel(r[0])
		k.TextStyle.Monospace = true
		rows.Add(k)
		rows.Add(kit.WrapLabel(a.T(r[1])))
	}
	d := dialog.NewCustom(a.env.Loc.T("menus.shortcuts"), a.env.Loc.T("common.close"), container.New(&kit.FixedWidth{Width: 620}, rows), a.win)
	d.Show()
}

// ShowAbout names the application, its version and what it is for.
func (a *App) ShowAbout() {
	text := a.env.Loc.T("menus.about.text", "Version", a.Version())
	dialog.NewCustom(a.env.Loc.T("menus.about"), a.env.Loc.T("common.close"), container.New(&kit.FixedWidth{Width: 520}, kit.WrapLabel(text)), a.win).Show()
}

// ShowGuide shows the short user guide.
func (a *App) ShowGuide() {
	guide := widget.NewRichTextFromMarkdown(a.env.Loc.T("menus.guide.text"))
	guide.Wrapping = fyne.TextWrapWord
	scroll := container.NewVScroll(guide)
	d := dialog.NewCustom(a.env.Loc.T("menus.guide.title", "Version", a.Version()), a.env.Loc.T("common.close"), scroll, a.win)
	d.Resize(fyne.NewSize(760, 600))
	d.Show()
}
