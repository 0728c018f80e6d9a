package kit

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"custodia/i18n"
)

// saveDialogIn shows a German save dialog on env's window, starting in
// dir; got receives what the dialog hands over.
func saveDialogIn(t *testing.T, env *Env, dir string, got *[]fyne.URIWriteCloser) *dialog.FileDialog {
	t.Helper()
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			t.Errorf("save dialog: %v", err)
		}
		if w != nil {
			defer w.Close()
		}
		*got = append(*got, w)
	}, env.Win)
	lister, err := storage.ListerForURI(storage.NewFileURI(dir))
	if err != nil {
		t.Fatal(err)
	}
	d.SetLocation(lister)
	d.SetFileName("sicherung.age")
	d.Resize(FileDialogSize(env.Win))
	TitleFileDialog(d, i18n.MustLoad().Localizer("de"), FileSave)
	return d
}

// shownTexts are the texts drawn in the dialog on top of win.
func shownTexts(win fyne.Window) []string {
	var out []string
	for _, o := range test.LaidOutObjects(win.Canvas().Overlays().Top()) {
		if x, ok := o.(*canvas.Text); ok && x.Visible() {
			out = append(out, x.Text)
		}
	}
	return out
}

// speakGerman makes Fyne's lang package speak German for the test, as
// ui.FollowLanguage does in the app, and English again after it.
func speakGerman(t *testing.T) {
	t.Helper()
	en := i18n.MustLoad().Localizer("en")
	t.Cleanup(func() { _ = SpeakFyneWords(en) }) // runs after the environment is restored
	t.Setenv("LANGUAGE", "de")
	t.Setenv("LC_ALL", "de_DE.UTF-8")
	if err := SpeakFyneWords(i18n.MustLoad().Localizer("de")); err != nil {
		t.Fatal(err)
	}
}

// TestFileDialogNamesPlacesInGerman: Fyne names the favourite places in
// English ("Home", "Computer"); in German they read "Persönlicher Ordner"
// and "Computer", whole in the favourites column; its buttons and
// placeholder come in the app's German words through Fyne's lang package
// (SpeakFyneWords).
func TestFileDialogNamesPlacesInGerman(t *testing.T) {
	speakGerman(t)
	env := testEnv(t)
	var got []fyne.URIWriteCloser
	saveDialogIn(t, env, t.TempDir(), &got)
	texts := shownTexts(env.Win)
	for _, want := range []string{"Persönlicher Ordner", "Computer", "Datei speichern", "Abbrechen", "Speichern", "Dateiname"} {
		if !slices.Contains(texts, want) {
			t.Errorf("the German save dialog shows %q, want %q among them", texts, want)
		}
	}
	if slices.Contains(texts, "Home") {
		t.Errorf("the German save dialog still says Home: %q", texts)
	}
	// Fyne's favourites list is as wide as a row with placeTemplate; a
	// longer name needs the difference on top
	var parts fileDialogParts
	parts.collect(env.Win.Canvas().Overlays().Top().(*widget.PopUp).Content)
	places := parts.places
	if places == nil {
		places = parts.split.Leading.(*fyne.Container).Objects[0].(*widget.List)
	}
	extra := widget.NewLabel("Persönlicher Ordner").MinSize().Width - widget.NewLabel(placeTemplate).MinSize().Width
	if got := places.Size().Width - places.MinSize().Width; got+1 < extra {
		t.Errorf("the favourites column has %.0f px beyond Fyne's row, Persönlicher Ordner needs %.0f: cut", got, extra)
	}
}

// fileNameField is the field with the cursor in the dialog on top.
func fileNameField(t *testing.T, win fyne.Window) *fileNameEntry {
	t.Helper()
	e, ok := win.Canvas().Focused().(*fileNameEntry)
	if !ok {
		t.Fatalf("the file-name field has no cursor (focused: %T)", win.Canvas().Focused())
	}
	return e
}

// TestFileDialogEscFromNameField: a save dialog opens with the cursor in
// its file-name field; Esc typed there closes the dialog as Cancel does
// (the callback learns nothing was chosen). Fyne's own field swallowed Esc.
func TestFileDialogEscFromNameField(t *testing.T) {
	env := testEnv(t)
	var got []fyne.URIWriteCloser
	saveDialogIn(t, env, t.TempDir(), &got)
	field := fileNameField(t, env.Win)
	test.Type(field, "x")
	field.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if top := env.Win.Canvas().Overlays().Top(); top != nil {
		t.Fatalf("Esc in the file-name field left the dialog open")
	}
	if len(got) != 1 || got[0] != nil {
		t.Errorf("the dialog handed over %v, want one nil (cancelled)", got)
	}
}

// TestFileDialogSavesTheTypedName: the name typed into the field is the
// file written, and the field shows a file picked in the list; an empty
// name disables Save, as in Fyne's own field.
func TestFileDialogSavesTheTypedName(t *testing.T) {
	env := testEnv(t)
	dir := t.TempDir()
	var got []fyne.URIWriteCloser
	saveDialogIn(t, env, dir, &got)
	field := fileNameField(t, env.Win)
	var parts fileDialogParts
	parts.collect(env.Win.Canvas().Overlays().Top().(*widget.PopUp).Content)
	field.SetText("")
	if !parts.open.Disabled() {
		t.Error("Save is enabled with no file name")
	}
	field.SetText("praxis-2026.age")
	if parts.open.Disabled() {
		t.Fatal("Save stays disabled with a file name")
	}
	field.fyneName.SetText("gewählt.age") // as Fyne does when a file is picked
	if field.Text != "gewählt.age" {
		t.Errorf("the field shows %q after a file was picked", field.Text)
	}
	field.SetText("praxis-2026.age")
	test.Tap(parts.open)
	if len(got) != 1 || got[0] == nil || filepath.Base(got[0].URI().Path()) != "praxis-2026.age" {
		t.Fatalf("the dialog handed over %v, want a writer for praxis-2026.age", got)
	}
}

// TestFileDialogAsksBeforeReplacingInGerman: saving over a file asks in
// the reader's language, naming the file; Fyne asked in English.
func TestFileDialogAsksBeforeReplacingInGerman(t *testing.T) {
	speakGerman(t)
	env := testEnv(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "sicherung.age"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	var got []fyne.URIWriteCloser
	saveDialogIn(t, env, dir, &got)
	var parts fileDialogParts
	parts.collect(env.Win.Canvas().Overlays().Top().(*widget.PopUp).Content)
	test.Tap(parts.open)
	texts := strings.Join(shownTexts(env.Win), " ")
	if !strings.Contains(texts, "Datei ersetzen?") || !strings.Contains(texts, "„sicherung.age“") || strings.Contains(texts, "Overwrite") || !strings.Contains(texts, "Ja") {
		t.Errorf("the question before replacing reads %q", texts)
	}
}
