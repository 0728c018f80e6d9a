package kit

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"custodia/i18n"
)

// newFolderIn opens a save dialog in dir in loc's language, taps its
// "new folder" button and types name into the folder-name field; it
// returns that field.
func newFolderIn(t *testing.T, env *Env, loc *i18n.Localizer, dir, name string) *widget.Entry {
	t.Helper()
	d := dialog.NewFileSave(func(fyne.URIWriteCloser, error) {}, env.Win)
	lister, err := storage.ListerForURI(storage.NewFileURI(dir))
	if err != nil {
		t.Fatal(err)
	}
	d.SetLocation(lister)
	d.Resize(FileDialogSize(env.Win))
	TitleFileDialog(d, loc, FileSave)
	var parts fileDialogParts
	parts.collect(env.Win.Canvas().Overlays().Top().(*widget.PopUp).Content)
	if parts.newFolder == nil {
		t.Fatal("the file dialog has no new-folder button")
	}
	test.Tap(parts.newFolder)
	var field *widget.Entry
	walkObjects(env.Win.Canvas().Overlays().Top().(*widget.PopUp).Content, func(o fyne.CanvasObject) {
		if e, ok := o.(*widget.Entry); ok {
			field = e
		}
	})
	if field == nil {
		t.Fatal("the new-folder form has no name field")
	}
	if env.Win.Canvas().Focused() != field {
		t.Error("the new-folder form opened with no cursor in its name field")
	}
	field.SetText(name)
	return field
}

// TestNewFolderRefusalInTheReadersLanguage: a folder that cannot be made
// (its name runs through a file) is refused in the reader's language,
// saying what to check, with no English left; Enter in the name field
// creates the folder as the Create button does.
func TestNewFolderRefusalInTheReadersLanguage(t *testing.T) {
	for _, lang := range []string{"de", "en"} {
		t.Run(lang, func(t *testing.T) {
			if lang == "de" {
				speakGerman(t)
			}
			loc := i18n.MustLoad().Localizer(lang)
			env := testEnv(t)
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "notiz.txt"), []byte("x"), 0o600); err != nil {
				t.Fatal(err)
			}
			field := newFolderIn(t, env, loc, dir, "notiz.txt/neu")
			field.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
			texts := strings.Join(shownTexts(env.Win), " ")
			want := strings.Fields(loc.T("uifix.file.nofolder"))[0]
			if !strings.Contains(texts, want) || !strings.Contains(texts, loc.T("uifix.fyne.error")) || strings.Contains(texts, "cannot be created") {
				t.Errorf("the refusal reads %q, want %q… and the title %q", texts, want, loc.T("uifix.fyne.error"))
			}
			if w := env.Win.Canvas().Overlays().Top().(*widget.PopUp).Content.Size().Width; w < refusalWidth-2*theme.Padding()-1 {
				t.Errorf("the refusal is %.0f px wide, want about %d (Fyne sized it to its three English words)", w, refusalWidth)
			}

			env.Win.Canvas().Overlays().Top().Hide()
			newFolderIn(t, env, loc, dir, "Befunde").TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
			if st, err := os.Stat(filepath.Join(dir, "Befunde")); err != nil || !st.IsDir() {
				t.Errorf("Enter in the folder name made no folder: %v", err)
			}
		})
	}
}

// fyneWordSources are the Fyne v2.7 files whose lang keys a person of the
// app can read: the file dialog and the dialogs it opens, the entries'
// context menu and the desktop driver's Quit.
var fyneWordSources = []string{"dialog/file.go", "dialog/fileitem.go", "dialog/information.go", "dialog/confirm.go",
	"dialog/form.go", "widget/entry.go", "widget/selectable.go", "internal/driver/glfw/menu_notweb.go"}

// TestEveryFyneWordIsOurs: every key those files pass to Fyne's lang
// package (lang.L, lang.X) is worded by the app (fyneWords), so nothing
// falls back to Fyne's English or its own German.
func TestEveryFyneWordIsOurs(t *testing.T) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "fyne.io/fyne/v2").Output()
	if err != nil {
		t.Fatalf("finding Fyne's sources: %v", err)
	}
	root := strings.TrimSpace(string(out))
	fset := token.NewFileSet()
	for _, rel := range fyneWordSources {
		f, err := parser.ParseFile(fset, filepath.Join(root, rel), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			c, ok := n.(*ast.CallExpr)
			if !ok || len(c.Args) == 0 {
				return true
			}
			sel, ok := c.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if pkg, isID := sel.X.(*ast.Ident); !isID || pkg.Name != "lang" || (sel.Sel.Name != "L" && sel.Sel.Name != "X") {
				return true
			}
			lit, ok := c.Args[0].(*ast.BasicLit)
			if !ok {
				return true
			}
			key, _ := strconv.Unquote(lit.Value)
			if _, ok := fyneWords[key]; !ok {
				t.Errorf("%s: Fyne's %q has no word of the app (fyneWords)", fset.Position(c.Pos()), key)
			}
			return true
		})
	}
	for _, lang := range []string{"en", "de"} {
		loc := i18n.MustLoad().Localizer(lang)
		for key, id := range fyneWords {
			if s := loc.T(id); s == "" || strings.Contains(s, "⟦") {
				t.Errorf("%s: %q (%s) has no text", lang, key, id)
			}
		}
	}
}
