package kit

import (
	"encoding/json"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"custodia/i18n"
)

// fyneWords are the message ids of the words Fyne's file dialog passes
// through its lang package, by Fyne's key (fyne v2.7 dialog/file.go and
// fileitem.go). Fyne ships German for most of them; these make them the
// app's own words (one term for one thing) and fill the ones Fyne words
// poorly ("Erstelle Ordner", "../").
var fyneWords = map[string]string{
	"Open":              "dialogs9.fyne.open",
	"Save":              "common.save",
	"Cancel":            "common.cancel",
	"File":              "dialogs9.fyne.file",
	"Folder":            "dialogs9.fyne.folder",
	"Enter filename":    "dialogs9.fyne.entername",
	"Show Hidden Files": "dialogs9.fyne.hidden",
	"New Folder":        "dialogs9.fyne.newfolder",
	"Create Folder":     "dialogs9.fyne.createfolder",
	"file.name":         "dialogs9.fyne.name",
	"file.parent":       "dialogs9.fyne.parent",
	// the answers and titles of Fyne's own dialogs the file dialog opens
	// (the error after a failed new folder, the overwrite question), the
	// entries' context menu, the window menu's Quit (fyne v2.7
	// dialog/information.go, confirm.go, widget/entry.go, internal/driver)
	"OK":         "uifix.fyne.ok",
	"Yes":        "uifix.fyne.yes",
	"No":         "uifix.fyne.no",
	"Error":      "uifix.fyne.error",
	"Confirm":    "uifix.fyne.confirm",
	"Cut":        "uifix.fyne.cut",
	"Copy":       "uifix.fyne.copy",
	"Paste":      "uifix.fyne.paste",
	"Select all": "uifix.fyne.selectall",
	"Undo":       "uifix.fyne.undo",
	"Redo":       "uifix.fyne.redo",
	"Quit":       "menus.quit",
	// not Fyne's (its select placeholder is a fixed English text): the
	// placeholder kit.NewEscSelect takes through the same lang package
	selectOne: "dialogs9.select.placeholder",
}

// selectOne is the lang key of an EscSelect's placeholder; Fyne's own
// select shows the same words, untranslated.
const selectOne = "(Select one)"

// FyneWords is a translation file for Fyne's lang package that words
// Fyne's own file dialog texts in loc's language.
func FyneWords(loc *i18n.Localizer) []byte {
	m := make(map[string]string, len(fyneWords))
	for key, id := range fyneWords {
		m[key] = loc.T(id)
	}
	b, _ := json.Marshal(m) // a map of strings always marshals
	return b
}

// SpeakFyneWords gives Fyne's lang package the app's words in loc's
// language and makes it read the locale environment again (it picks the
// language of LANGUAGE, LC_ALL, LC_MESSAGES or LANG; ui.FollowLanguage
// sets them). Dialogs made afterwards use them.
func SpeakFyneWords(loc *i18n.Localizer) error {
	return lang.AddTranslationsForLocale(FyneWords(loc), fyne.Locale(loc.Lang()))
}
