package ui

import (
	"os"
	"strings"

	"custodia/i18n"
	"custodia/ui/kit"

	"fyne.io/fyne/v2"
)

// prefLanguage is the preference holding the language the user chose in
// the Language menu ("en", "de"); unset: the system locale. A language
// code is not personal data.
const prefLanguage = "ui.language"

// systemLanguage is the shipped language matching the locale environment
// (LC_ALL, LC_MESSAGES, LANG, the first one set, as POSIX reads them).
func systemLanguage(getenv func(string) string) string {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(name); v != "" {
			return i18n.Match(v)
		}
	}
	return i18n.Match("")
}

// StartLanguage is the language the app starts in: the stored choice if
// it names a shipped language, else the system locale's.
func StartLanguage(prefs fyne.Preferences, getenv func(string) string) string {
	if prefs != nil {
		if l := prefs.String(prefLanguage); l != "" && i18n.Match(l) == l {
			return l
		}
	}
	return systemLanguage(getenv)
}

// FollowLanguage makes Fyne's own words (dialog buttons, file dialogs)
// speak lang. Fyne's lang package reads the locale environment when it
// starts and whenever translations are added, so this sets LANGUAGE for
// this process (and a message locale where the environment names C or
// none, which would hide LANGUAGE) and gives Fyne the app's words for its
// own texts in that language (kit.SpeakFyneWords), which makes Fyne read
// the environment again. Dialogs made afterwards use the new language; none
// needs a restart. The composition root passes this as Options.FyneLanguage.
func FollowLanguage(code string) {
	_ = os.Setenv("LANGUAGE", code)
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := os.Getenv(name)
		if v == "" {
			continue
		}
		if v == "C" || v == "POSIX" || strings.HasPrefix(v, "C.") {
			_ = os.Setenv(name, posixLocale(code))
		}
		break
	}
	if os.Getenv("LC_ALL")+os.Getenv("LC_MESSAGES")+os.Getenv("LANG") == "" {
		_ = os.Setenv("LC_MESSAGES", posixLocale(code))
	}
	// the app's words for Fyne's own texts; adding them makes Fyne read
	// the environment again
	_ = kit.SpeakFyneWords(i18n.MustLoad().Localizer(code))
}

func posixLocale(code string) string {
	if code == "de" {
		return "de_DE.UTF-8"
	}
	return "en_US.UTF-8"
}

// setLanguage switches the app to a shipped language, remembers the
// choice and rebuilds the current screen (what was typed into a form on
// it is lost; an unlocked vault stays unlocked). Fyne's own dialogs follow
// through Options.FyneLanguage.
func (a *App) setLanguage(code string) {
	code = i18n.Match(code)
	if a.opts.Prefs != nil {
		a.opts.Prefs.SetString(prefLanguage, code)
	}
	if code == a.env.Loc.Lang() {
		return
	}
	a.env.Loc = a.opts.Catalog.Localizer(code)
	if a.opts.FyneLanguage != nil {
		a.opts.FyneLanguage(code)
	}
	a.rebuild()
}

// rebuild shows the current screen again in the current language.
func (a *App) rebuild() {
	a.closeOverlays()
	switch {
	case a.main != nil:
		section := ""
		if sel := a.main.tabs.Selected(); sel != nil {
			section = a.main.sectionOf(sel)
		}
		a.buildMain()
		if section != "" {
			a.main.Show(section)
		}
	case a.unlock != nil:
		a.showUnlock(a.vault)
	case a.create != nil:
		a.showCreate()
	case a.start != nil:
		a.showStart()
	default:
		a.env.Win.SetMainMenu(a.baseMenu())
	}
}

// languageMenu lets the user switch between the shipped languages; each
// language is named in itself ("English", "Deutsch").
func (a *App) languageMenu() *fyne.Menu {
	var items []*fyne.MenuItem
	for _, code := range i18n.Languages() {
		it := fyne.NewMenuItem(a.env.Loc.T("common.language."+code), func() { a.setLanguage(code) })
		it.Checked = code == a.env.Loc.Lang()
		items = append(items, it)
	}
	return fyne.NewMenu(a.env.Loc.T("menus.language"), items...)
}
