package ui

import (
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

// shortcutRows lists the keys for the Help menu.
var shortcutRows = [][2]string{
	{"Ctrl+F", "Search patients (Patients section)"},
	{"Ctrl+N", "New patient (roles that may add patients)"},
	{"Ctrl+L", "Lock the vault: keys are dropped, every dialog closes"},
	{"Ctrl+Q", "Quit Custodia (locks first), from every screen"},
	{"Esc", "Close the dialog on top (when no text field has the focus: click outside the field or press Tab first)"},
	{"F1", "This list"},
	{"Tab / Shift+Tab", "Next / previous field"},
	{"Enter", "Submit the focused form field (unlock, search)"},
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
	a.win.Canvas().Focus(a.main.Patients.search)
}

// NewPatient opens the new-patient form (Ctrl+N) where the role may add
// patients.
func (a *App) NewPatient() {
	if a.main == nil || a.main.Patients == nil || a.main.Patients.newBtn.Disabled() {
		return
	}
	a.Touch()
	a.main.Show(SectionPatients)
	a.main.Patients.newPatient()
}

// baseMenu is the menu of the start, create and unlock screens.
func (a *App) baseMenu() *fyne.MainMenu {
	return fyne.NewMainMenu(fyne.NewMenu("File", a.quitItem()), a.helpMenu())
}

func (a *App) quitItem() *fyne.MenuItem {
	q := fyne.NewMenuItem("Quit", a.Quit)
	q.IsQuit = true
	q.Shortcut = ShortcutQuit
	return q
}

// helpMenu holds the keyboard shortcuts, the user guide and About.
func (a *App) helpMenu() *fyne.Menu {
	keys := fyne.NewMenuItem("Keyboard shortcuts", a.ShowShortcuts)
	guide := fyne.NewMenuItem("User guide", a.ShowGuide)
	guide.Icon = theme.HelpIcon()
	about := fyne.NewMenuItem("About Custodia", a.ShowAbout)
	about.Icon = theme.InfoIcon()
	return fyne.NewMenu("Help", keys, guide, fyne.NewMenuItemSeparator(), about)
}

// patientsMenu holds the main screen's shortcuts as menu items, so they
// work even while a text field has the focus.
func (a *App) patientsMenu() *fyne.Menu {
	search := fyne.NewMenuItem("Search patients", a.FocusSearch)
	search.Shortcut = ShortcutSearch
	search.Icon = theme.SearchIcon()
	add := fyne.NewMenuItem("New patient…", a.NewPatient)
	add.Shortcut = ShortcutNewPatient
	add.Icon = theme.ContentAddIcon()
	add.Disabled = a.main == nil || a.main.Patients == nil || a.main.Patients.newBtn.Disabled()
	return fyne.NewMenu("Patients", search, add)
}

// Version is the version shown in Help and About.
func (a *App) Version() string {
	if a.opts.Version != "" {
		return a.opts.Version
	}
	return "development build"
}

// ShowShortcuts lists the keyboard shortcuts (Help, F1).
func (a *App) ShowShortcuts() {
	rows := container.New(layout.NewFormLayout())
	for _, r := range shortcutRows {
		k := widget.NewLabel(r[0])
		k.TextStyle.Monospace = true
		rows.Add(k)
		rows.Add(wrapLabel(r[1]))
	}
	d := dialog.NewCustom("Keyboard shortcuts", "Close", container.New(&fixedWidth{width: 620}, rows), a.win)
	d.Show()
}

// ShowAbout names the application, its version and what it is for.
func (a *App) ShowAbout() {
	text := "Custodia " + a.Version() + "\n\n" +
		"An encrypted patient vault with GDPR consents, data-subject requests, retention and breach records, " +
		"for small medical practices.\n\n" +
		"Patient data stays in the vault file on this computer, encrypted; nothing is sent anywhere. " +
		"Documents are printed as PDF.\n\nBuilt with Go and Fyne. Fonts: Go fonts (BSD licence)."
	dialog.NewCustom("About Custodia", "Close", container.New(&fixedWidth{width: 520}, wrapLabel(text)), a.win).Show()
}

// ShowGuide shows the short user guide.
func (a *App) ShowGuide() {
	guide := widget.NewRichTextFromMarkdown(userGuide)
	guide.Wrapping = fyne.TextWrapWord
	scroll := container.NewVScroll(guide)
	d := dialog.NewCustom("User guide — Custodia "+a.Version(), "Close", scroll, a.win)
	d.Resize(fyne.NewSize(760, 600))
	d.Show()
}

// userGuide is the short guide of the Help menu.
const userGuide = `## Getting started

**Open or create a vault.** The vault is one encrypted file. On the start screen choose the file and *Open*, or *Create a new vault…*; *Open the demo vault* shows Custodia with synthetic patients.

**Recovery code.** A new vault shows its recovery code once. Print it (*Print…* or *Save as PDF…*), keep the sheet in the practice safe and delete the PDF. With it an administrator opens the vault when every passphrase is lost.

**Unlock and lock.** Sign in with your user name and passphrase. *Lock* (Ctrl+L) drops the keys and closes every dialog; the vault also locks itself after some minutes without activity.

## Daily work

**Patients.** Search by name, birth date (YYYY-MM-DD) or record number (Ctrl+F). *New patient* (Ctrl+N) adds one; what you may see and change depends on your role.

**Consents.** Open a patient's consents to see per purpose whether processing is allowed and why. *Grant…* and *Withdraw…* record the patient's decision; *Receipt as PDF…* gives the patient a receipt.

**Requests.** Access, rectification, erasure and other requests of patients are taken in under *Requests*, with their legal deadline. An access request is answered with an encrypted package and a cover letter (PDF) explaining how to open it; an erasure shows the plan per record category and asks a final confirmation naming the patient before anything is destroyed. The erasure certificate is saved as PDF.

**Governance.** The data-protection officer keeps the breach log with its 72-hour clock, saves the notice to the authority and the letter to patients as PDF, and approves deletions when retention periods end.

## Printed documents

Every document is a PDF, named after the patient and the date. PDFs with patient data are personal data: save them only to protected folders and delete them when they are printed or sent.
`
