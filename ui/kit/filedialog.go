package kit

import (
	"fyne.io/fyne/v2/dialog"

	"custodia/i18n"
)

// File dialog kinds, for TitleFileDialog.
const (
	FileOpen   = "open"
	FileSave   = "save"
	FolderOpen = "folder"
)

// TitleFileDialog gives one of Fyne's file dialogs a title in the reader's
// language. Fyne builds it as verb + noun ("Speichern Datei" in German),
// which reads wrong; every file dialog of the app calls this before Show.
func TitleFileDialog(d *dialog.FileDialog, loc *i18n.Localizer, kind string) {
	d.SetTitleText(loc.T("common.filedialog." + kind))
}
