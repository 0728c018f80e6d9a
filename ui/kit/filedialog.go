package kit

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"custodia/i18n"
)

// File dialog kinds, for TitleFileDialog.
const (
	FileOpen   = "open"
	FileSave   = "save"
	FolderOpen = "folder"
)

// TitleFileDialog shows one of Fyne's file dialogs in the reader's
// language, closing on Esc. Fyne words its buttons, the file-name
// placeholder, "New Folder" and "Show Hidden Files" through its lang
// package, which follows the app's language (ui.FollowLanguage); the
// rest it writes in English, so this mends the shown dialog:
//   - the title: Fyne builds it as verb + noun ("Speichern Datei" in
//     German), which reads wrong;
//   - the favourite places ("Home", "Computer", "Desktop", …), which
//     Fyne names in English whatever the language;
//   - the question before a file is overwritten, and the refusal to
//     replace a folder, which Fyne asks in English;
//   - the refusal to make a new folder, also English (and Enter in the
//     new folder's name creates it, filedialogfolder.go);
//   - Esc typed into the file-name field, which has the cursor when a
//     save dialog opens and which swallowed Esc: it now cancels the
//     dialog as its Cancel button does.
//
// Every file dialog of the app calls this; it shows the dialog (a Show
// after it is harmless: the dialog is shown already).
func TitleFileDialog(d *dialog.FileDialog, loc *i18n.Localizer, kind string) {
	title := loc.T("common.filedialog." + kind)
	d.SetTitleText(title)
	d.Show()
	c, pop := fileDialogPopUp(title)
	if pop == nil {
		return
	}
	var parts fileDialogParts
	parts.collect(pop.Content)
	if parts.places != nil {
		namePlaces(parts.places, loc)
		widenPlaces(parts.split, loc)
	}
	if parts.name != nil && parts.nameScroll != nil {
		c.Focus(escNameField(parts.name, parts.nameScroll, d))
	}
	if parts.open != nil {
		wordOverwrite(parts.open, c, loc)
	}
	if parts.newFolder != nil {
		wordNewFolder(parts.newFolder, c, loc)
	}
}

// fileDialogPopUp finds the shown file dialog titled title: the pop-up on
// top of one of the app's windows that carries the title.
func fileDialogPopUp(title string) (fyne.Canvas, *widget.PopUp) {
	app := fyne.CurrentApp()
	if app == nil {
		return nil, nil
	}
	for _, w := range app.Driver().AllWindows() {
		c := w.Canvas()
		pop, ok := c.Overlays().Top().(*widget.PopUp)
		if !ok {
			continue
		}
		var parts fileDialogParts
		parts.collect(pop.Content)
		if parts.title == title {
			return c, pop
		}
	}
	return nil, nil
}

// fileDialogParts are the parts of Fyne's file dialog (v2.7) this file
// mends, found by walking its containers: the favourite places (the list
// on the left of the split), the file-name field (a save dialog's entry
// in a horizontal scroller) and the open/save button (the one of high
// importance).
type fileDialogParts struct {
	title      string
	split      *container.Split
	places     *widget.List
	name       *widget.Entry
	nameScroll *container.Scroll
	open       *widget.Button
	newFolder  *widget.Button
}

func (p *fileDialogParts) collect(o fyne.CanvasObject) {
	switch x := o.(type) {
	case *fyne.Container:
		for _, child := range x.Objects {
			p.collect(child)
		}
	case *container.Split:
		if p.split == nil {
			p.split = x
			p.places, _ = x.Leading.(*widget.List)
		}
		p.collect(x.Trailing)
	case *container.Scroll:
		if e, ok := x.Content.(*widget.Entry); ok && x.Direction == container.ScrollHorizontalOnly {
			p.name, p.nameScroll = e, x
			return
		}
		if x.Content != nil {
			p.collect(x.Content)
		}
	case *widget.Label:
		if x.TextStyle.Bold && p.title == "" {
			p.title = x.Text
		}
	case *widget.Button:
		if x.Importance == widget.HighImportance {
			p.open = x
		}
		if isNewFolderButton(x) {
			p.newFolder = x
		}
	}
}

// placeNames are the message ids of the favourite places Fyne names in
// English (file_unix.go and file.go of fyne v2.7), by that name.
var placeNames = map[string]string{
	"Home":      "dialogs9.file.home",
	"Computer":  "dialogs9.file.computer",
	"App Files": "dialogs9.file.appfiles",
	"Desktop":   "dialogs9.file.desktop",
	"Documents": "dialogs9.file.documents",
	"Downloads": "dialogs9.file.downloads",
	"Music":     "dialogs9.file.music",
	"Pictures":  "dialogs9.file.pictures",
	"Videos":    "dialogs9.file.videos",
	"Movies":    "dialogs9.file.videos",
}

// namePlaces makes the favourites list name its places in loc's language:
// after Fyne fills a row with the English name, the row's label gets the
// reader's word. The list refills rows as it scrolls, so this wraps its
// fill function rather than changing the labels once.
func namePlaces(l *widget.List, loc *i18n.Localizer) {
	fill := l.UpdateItem
	if fill == nil {
		return
	}
	l.UpdateItem = func(id widget.ListItemID, item fyne.CanvasObject) {
		fill(id, item)
		for _, lbl := range labelsIn(item) {
			if msg, ok := placeNames[lbl.Text]; ok {
				lbl.SetText(loc.T(msg))
			}
		}
	}
	l.Refresh()
}

// placeTemplate is the text of the row Fyne measures its favourites
// column by (file.go: "Template Object"): the column is as wide as a row
// with it.
const placeTemplate = "Template Object"

// widenPlaces makes the favourites column wide enough for the longest
// place name in loc's language ("Persönlicher Ordner" is longer than the
// row Fyne measures): the column is Fyne's list in a container that asks
// for the extra width, so the split, which gives the column its least
// width, makes room whatever the dialog's size. Fyne keeps its own
// reference to the list, so it still selects the place shown.
func widenPlaces(split *container.Split, loc *i18n.Localizer) {
	longest := float32(0)
	for _, id := range placeNames {
		longest = max(longest, widget.NewLabel(loc.T(id)).MinSize().Width)
	}
	extra := longest - widget.NewLabel(placeTemplate).MinSize().Width
	if extra <= 0 {
		return
	}
	split.Leading = &fyne.Container{Layout: widerBy(extra), Objects: []fyne.CanvasObject{split.Leading}}
	split.Refresh()
}

// widerBy lays out one object at full size and asks for that much more
// width than it does.
type widerBy float32

func (l widerBy) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return objs[0].MinSize().AddWidthHeight(float32(l), 0)
}

func (l widerBy) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(size)
}

// labelsIn lists the labels in o's containers.
func labelsIn(o fyne.CanvasObject) []*widget.Label {
	switch x := o.(type) {
	case *widget.Label:
		return []*widget.Label{x}
	case *fyne.Container:
		var out []*widget.Label
		for _, child := range x.Objects {
			out = append(out, labelsIn(child)...)
		}
		return out
	}
	return nil
}

// fileNameEntry is the file-name field of a save dialog: it cancels the
// dialog on Esc, which Fyne's own field swallowed.
type fileNameEntry struct {
	widget.Entry
	cancel func()
	// fyneName is Fyne's field it stands in for (kept in step)
	fyneName *widget.Entry
}

// TypedKey cancels the dialog on Esc and types everything else.
func (e *fileNameEntry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape {
		e.cancel()
		return
	}
	e.Entry.TypedKey(ev)
}

// escNameField puts a field that closes on Esc in place of Fyne's
// file-name entry and returns it. Fyne's entry stays the dialog's record
// of the name (the save button reads it, choosing a file writes it), so
// the two keep the same text: typing into the new field sets Fyne's
// (which enables or disables Save), and a name Fyne sets (a file chosen)
// shows in the new field.
func escNameField(fyneName *widget.Entry, scroll *container.Scroll, d *dialog.FileDialog) *fileNameEntry {
	e := &fileNameEntry{cancel: d.Dismiss, fyneName: fyneName}
	e.ExtendBaseWidget(e)
	e.PlaceHolder = fyneName.PlaceHolder
	e.SetText(fyneName.Text)
	e.OnSubmitted = fyneName.OnSubmitted
	e.OnChanged = func(s string) {
		if fyneName.Text != s {
			fyneName.SetText(s)
		}
	}
	fyneChanged := fyneName.OnChanged
	fyneName.OnChanged = func(s string) {
		if fyneChanged != nil {
			fyneChanged(s)
		}
		if e.Text != s {
			e.SetText(s)
		}
	}
	scroll.Content = e
	scroll.Refresh()
	return e
}

// wordOverwrite words the question Fyne asks before a save replaces a
// file (and its refusal to replace a folder) in loc's language: the save
// button runs as before, and a dialog it opened gets the reader's words.
func wordOverwrite(open *widget.Button, c fyne.Canvas, loc *i18n.Localizer) {
	save := open.OnTapped
	open.OnTapped = func() {
		before := len(c.Overlays().List())
		save()
		if len(c.Overlays().List()) <= before {
			return
		}
		if pop, ok := c.Overlays().Top().(*widget.PopUp); ok {
			for _, lbl := range labelsIn(pop.Content) {
				if s, ok := overwriteWords(lbl.Text, loc); ok {
					lbl.SetText(s)
				}
			}
			pop.Refresh()
		}
	}
}

// overwriteQuestion starts the question Fyne asks before it overwrites a
// file; the file's name and "?" follow.
const overwriteQuestion = "Are you sure you want to overwrite the file\n"

// overwriteWords is the reader's wording of one of Fyne's English texts
// around overwriting; ok is false for any other text.
func overwriteWords(text string, loc *i18n.Localizer) (string, bool) {
	switch {
	case text == "Overwrite?":
		return loc.T("dialogs9.file.overwrite.title"), true
	case strings.HasPrefix(text, overwriteQuestion):
		name := strings.TrimSuffix(strings.TrimPrefix(text, overwriteQuestion), "?")
		return loc.T("dialogs9.file.overwrite", "Name", name), true
	case text == "Cannot overwrite":
		return loc.T("dialogs9.file.isfolder.title"), true
	case strings.HasPrefix(text, "Files cannot replace a directory"):
		return loc.T("dialogs9.file.isfolder"), true
	}
	return "", false
}
