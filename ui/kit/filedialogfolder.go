package kit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"custodia/i18n"
)

// folderRefused is the text Fyne's file dialog (v2.7, dialog/file.go)
// shows when a new folder cannot be made (a name the system refuses, a
// folder one may not write in, a disk that is full): its English error
// "folder cannot be created", first letter raised by dialog.ShowError.
const folderRefused = "Folder cannot be created"

// isNewFolderButton tells the file dialog's icon-only "new folder" button.
func isNewFolderButton(b *widget.Button) bool {
	return b.Text == "" && b.Icon != nil && b.Icon.Name() == theme.FolderNewIcon().Name()
}

// wordNewFolder mends what Fyne's "new folder" button opens: Enter in the
// folder-name field creates the folder as the Create button does (every
// form of the app submits on Enter), and Fyne's English refusal when the
// folder cannot be made reads in loc's language and says what to check.
func wordNewFolder(b *widget.Button, c fyne.Canvas, loc *i18n.Localizer) {
	open := b.OnTapped
	b.OnTapped = func() {
		before := len(c.Overlays().List())
		open()
		pop, ok := c.Overlays().Top().(*widget.PopUp)
		if !ok || len(c.Overlays().List()) <= before {
			return
		}
		var create *widget.Button
		var name *widget.Entry
		walkObjects(pop.Content, func(o fyne.CanvasObject) {
			switch x := o.(type) {
			case *widget.Button:
				if x.Importance == widget.HighImportance {
					create = x
				}
			case *widget.Entry:
				name = x
			}
		})
		if create == nil {
			return
		}
		made := create.OnTapped
		create.OnTapped = func() {
			made()
			wordFolderRefusal(c, loc)
		}
		if name != nil {
			if name.OnSubmitted == nil {
				name.OnSubmitted = func(string) { create.OnTapped() }
			}
			c.Focus(name) // Fyne's form opens with no field focused: typed letters went nowhere
		}
	}
}

// wordFolderRefusal words Fyne's refusal to make a folder, when it is the
// dialog on top of c.
func wordFolderRefusal(c fyne.Canvas, loc *i18n.Localizer) {
	pop, ok := c.Overlays().Top().(*widget.PopUp)
	if !ok {
		return
	}
	for _, lbl := range labelsIn(pop.Content) {
		if lbl.Text == folderRefused {
			lbl.SetText(loc.T("uifix.file.nofolder"))
			widenPopUp(pop, c, refusalWidth)
		}
	}
}

// refusalWidth is how wide the reworded refusal is shown: Fyne sized its
// dialog to its three English words, where the sentences that replace
// them ran to eight narrow lines.
const refusalWidth = 440

// widenPopUp lays a dialog's modal pop-up out at width (at most c's), as
// tall as its content then needs; a modal pop-up stays centred.
func widenPopUp(pop *widget.PopUp, c fyne.Canvas, width float32) {
	w := min(width, c.Size().Width)
	pop.Resize(fyne.NewSize(w, pop.Content.Size().Height))
	h := min(pop.Content.MinSize().Height+2*theme.Padding(), c.Size().Height)
	pop.Resize(fyne.NewSize(w, h))
}

// walkObjects calls visit for o and everything in its containers and
// forms (Fyne's form dialog holds its fields in a widget.Form).
func walkObjects(o fyne.CanvasObject, visit func(fyne.CanvasObject)) {
	if o == nil {
		return
	}
	visit(o)
	for _, c := range childrenOf(o) {
		walkObjects(c, visit)
	}
}
