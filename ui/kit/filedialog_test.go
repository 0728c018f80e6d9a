package kit

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"

	"custodia/i18n"
)

// TestFileDialogTitleReadsInGerman: Fyne titles its file dialogs verb +
// noun ("Speichern Datei"); TitleFileDialog gives them a German title.
func TestFileDialogTitleReadsInGerman(t *testing.T) {
	env := testEnv(t)
	de := i18n.MustLoad().Localizer("de")
	for _, c := range []struct{ kind, want, wrong string }{
		{FileOpen, "Datei öffnen", "Öffnen Datei"}, {FileSave, "Datei speichern", "Speichern Datei"},
		{FolderOpen, "Ordner wählen", "Öffnen Ordner"},
	} {
		var d *dialog.FileDialog
		switch c.kind {
		case FileSave:
			d = dialog.NewFileSave(func(fyne.URIWriteCloser, error) {}, env.Win)
		case FolderOpen:
			d = dialog.NewFolderOpen(func(fyne.ListableURI, error) {}, env.Win)
		default:
			d = dialog.NewFileOpen(func(fyne.URIReadCloser, error) {}, env.Win)
		}
		TitleFileDialog(d, de, c.kind)
		d.Show()
		var texts []string
		for _, o := range test.LaidOutObjects(env.Win.Canvas().Overlays().Top()) {
			if x, ok := o.(*canvas.Text); ok {
				texts = append(texts, x.Text)
			}
		}
		if !slices.Contains(texts, c.want) || slices.Contains(texts, c.wrong) {
			t.Errorf("%s dialog shows %q, want the title %q", c.kind, texts, c.want)
		}
		d.Hide()
	}
}

// TestEveryFileDialogIsTitled: every file dialog the app makes gets its
// title through TitleFileDialog (as many calls as dialogs, file by file).
func TestEveryFileDialogIsTitled(t *testing.T) {
	made := regexp.MustCompile(`dialog\.New(FileOpen|FileSave|FolderOpen)\(`)
	seen := 0
	err := filepath.WalkDir("..", func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		n := len(made.FindAll(src, -1))
		seen += n
		if titled := strings.Count(string(src), "TitleFileDialog("); n > 0 && titled < n {
			t.Errorf("%s makes %d file dialogs and titles %d", path, n, titled)
		}
		return nil
	})
	if err != nil || seen == 0 {
		t.Fatalf("scan found %d dialogs: %v", seen, err)
	}
}
