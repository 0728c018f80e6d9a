package ui

import (
	"time"

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
	shortcutSearch     fyne.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutNewPatient fyne.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutQuit       fyne.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: fyne.KeyModifierShortcutDefault}
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
	c := a.env.Win.Canvas()
	c.AddShortcut(shortcutQuit, func(fyne.Shortcut) { a.quit() })
	c.AddShortcut(shortcutSearch, func(fyne.Shortcut) { a.focusSearch() })
	c.AddShortcut(shortcutNewPatient, func(fyne.Shortcut) { a.newPatient() })
	c.SetOnTypedKey(func(ev *fyne.KeyEvent) {
		switch ev.Name {
		case fyne.KeyEscape:
			a.closeTopDialog()
		case fyne.KeyF1:
			a.showShortcuts()
		}
	})
}

// quit stops the application; its stop hook locks and closes the vault
// (Shutdown). Without a running application it only shuts down.
func (a *App) quit() {
	if app := fyne.CurrentApp(); app != nil {
		a.Shutdown()
		app.Quit()
		return
	}
	a.Shutdown()
}

// closeTopDialog hides the dialog on top of the window, if any (Esc).
// It reports whether one was closed.
func (a *App) closeTopDialog() bool {
	top := a.env.Win.Canvas().Overlays().Top()
	if top == nil {
		return false
	}
	if a.env.Dialogs.Dismiss(len(a.env.Win.Canvas().Overlays().List())) { // a dialog whose closing runs its callback
		return true
	}
	if p, ok := top.(*widget.PopUp); ok {
		p.Hide()
	} else {
		a.env.Win.Canvas().Overlays().Remove(top)
	}
	return true
}

// focusSearch shows the patient list and puts the cursor in its search
// field (Ctrl+F); nothing when the role has no patient list.
func (a *App) focusSearch() {
	if a.main == nil || a.main.Patients == nil {
		return
	}
	a.touch()
	a.main.Show(sectionPatients)
	a.main.Patients.FocusSearch()
}

// newPatient opens the new-patient form (Ctrl+N) where the role may add
// patients.
func (a *App) newPatient() {
	if a.main == nil || a.main.Patients == nil || !a.main.Patients.CanAdd() {
		return
	}
	a.touch()
	a.main.Show(sectionPatients)
	a.main.Patients.NewPatient()
}

// baseMenu is the menu of the start, create and unlock screens.
func (a *App) baseMenu() *fyne.MainMenu {
	return fyne.NewMainMenu(fyne.NewMenu(a.env.Loc.T("menus.file"), a.quitItem()), a.languageMenu(), a.helpMenu())
}

func (a *App) quitItem() *fyne.MenuItem {
	q := fyne.NewMenuItem(a.env.Loc.T("menus.quit"), a.quit)
	q.IsQuit = true
	q.Shortcut = shortcutQuit
	return q
}

// helpMenu holds the keyboard shortcuts, the user guide and About.
func (a *App) helpMenu() *fyne.Menu {
	keys := fyne.NewMenuItem(a.env.Loc.T("menus.shortcuts"), a.showShortcuts)
	keys.Icon = theme.ListIcon() // every item of the menu has one, so their words line up
	guide := fyne.NewMenuItem(a.env.Loc.T("menus.guide"), a.showGuide)
	guide.Icon = theme.HelpIcon()
	about := fyne.NewMenuItem(a.env.Loc.T("menus.about"), a.showAbout)
	about.Icon = theme.InfoIcon()
	return fyne.NewMenu(a.env.Loc.T("menus.help"), keys, guide, fyne.NewMenuItemSeparator(), about)
}

// patientsMenu holds the main screen's shortcuts as menu items, so they
// work even while a text field has the focus.
func (a *App) patientsMenu() *fyne.Menu {
	search := fyne.NewMenuItem(a.env.Loc.T("menus.searchpatients"), a.focusSearch)
	search.Shortcut = shortcutSearch
	search.Icon = theme.SearchIcon()
	add := fyne.NewMenuItem(a.env.Loc.T("menus.newpatient"), a.newPatient)
	add.Shortcut = shortcutNewPatient
	add.Icon = theme.ContentAddIcon()
	add.Disabled = a.main == nil || a.main.Patients == nil || !a.main.Patients.CanAdd()
	return fyne.NewMenu(a.env.Loc.T("menus.section.patients"), search, add)
}

// version is the version shown in Help and About.
func (a *App) version() string {
	if a.opts.Version != "" {
		return a.opts.Version
	}
	return a.env.Loc.T("menus.devbuild")
}

// showShortcuts lists the keyboard shortcuts (Help, F1).
func (a *App) showShortcuts() {
	rows := container.New(layout.NewFormLayout())
	for _, r := range shortcutRows {
		k := widget.NewLabel(r[0])
		k.TextStyle.Monospace = true
		rows.Add(k)
		rows.Add(kit.WrapLabel(a.env.Loc.T(r[1])))
	}
	d := dialog.NewCustom(a.env.Loc.T("menus.shortcuts"), a.env.Loc.T("common.close"), container.New(&kit.FixedWidth{Width: 620}, rows), a.env.Win)
	d.Show()
}

// showAbout names the application, its version and what it is for.
func (a *App) showAbout() {
	text := a.env.Loc.T("menus.about.text", "Version", a.version())
	dialog.NewCustom(a.env.Loc.T("menus.about"), a.env.Loc.T("common.close"), container.New(&kit.FixedWidth{Width: 520}, kit.WrapLabel(text)), a.env.Win).Show()
}

// guideDateExample is the birth date the guide shows in the reader's
// date format: the search field reads it so.
var guideDateExample = time.Date(1985, time.March, 14, 0, 0, 0, 0, time.UTC)

// guideText is the user guide in the current language.
func (a *App) guideText() string {
	return a.env.Loc.T("menus.guide.text", "Date", a.env.Loc.Date(guideDateExample))
}

// showGuide shows the short user guide.
func (a *App) showGuide() {
	guide := widget.NewRichTextFromMarkdown(a.guideText())
	guide.Wrapping = fyne.TextWrapWord
	page, need := kit.TextPage(guide, 720)
	d := dialog.NewCustom(a.env.Loc.T("menus.guide.title", "Version", a.version()), a.env.Loc.T("common.close"), container.NewVScroll(page), a.env.Win)
	d.Resize(kit.FitDialogTo(a.env.Win, need, fyne.Size{})) // the whole guide where the window allows, else it scrolls
	d.Show()
}
