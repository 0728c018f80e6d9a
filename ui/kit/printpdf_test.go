package kit

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"custodia/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// testEnv is an Env on a test window that logs to t.
func testEnv(t *testing.T) *Env {
	t.Helper()
	test.NewTempApp(t)
	win := test.NewTempWindow(t, widget.NewLabel(""))
	win.Resize(fyne.NewSize(1280, 800))
	return &Env{Win: win, Loc: i18n.MustLoad().Localizer("en"), Run: SyncRunner,
		After: func(time.Duration, func()) func() { return func() {} }, Now: time.Now, Logf: t.Logf,
		Touch: func() {}, Dialogs: &Dialogs{}}
}

// opened is what the file dialog hands over for path: a writer that
// creates (or empties) the file.
func opened(t *testing.T, path string) fyne.URIWriteCloser {
	t.Helper()
	w, err := storage.Writer(storage.NewFileURI(path))
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// TestChoosePathLeavesTheWriterTheFile: the path chooser removes the empty
// file the dialog made (a vault or research package is written whole by
// its own writer), and hands over the path.
func TestChoosePathLeavesTheWriterTheFile(t *testing.T) {
	env := testEnv(t)
	path := filepath.Join(t.TempDir(), "study.age")
	var got string
	choosePath(env, func(p string) { got = p })(opened(t, path))
	if got != path {
		t.Fatalf("chosen %q, want %q", got, path)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the dialog's empty file is still there: %v", err)
	}
}

// TestSaveDocumentWritesForTheUserOnly: a saved document holds what was
// written and only its owner may read it; a failed write leaves no file.
func TestSaveDocumentWritesForTheUserOnly(t *testing.T) {
	env := testEnv(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "anchor.json")
	var saved string
	writeDocument(env, func(string) func(io.Writer) error {
		return func(w io.Writer) error { _, err := io.WriteString(w, "{}"); return err }
	}, func(p string) { saved = p })(opened(t, path))
	data, err := os.ReadFile(path)
	if err != nil || string(data) != "{}" || saved != path {
		t.Fatalf("saved %q, file %q, %v", saved, data, err)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("saved document has mode %v, want 0600", st.Mode().Perm())
	}
	failed := filepath.Join(dir, "failed.json")
	writeDocument(env, func(string) func(io.Writer) error {
		return func(io.Writer) error { return errors.New("render failed") }
	}, func(string) { t.Error("saved called after a failure") })(opened(t, failed))
	if _, err := os.Stat(failed); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed save left a file: %v", err)
	}
}

// TestFileDialogSizeStaysInTheWindow: a file dialog gets its usual room,
// never more than the window.
func TestFileDialogSizeStaysInTheWindow(t *testing.T) {
	env := testEnv(t)
	for _, win := range []fyne.Size{{Width: 1280, Height: 800}, {Width: 700, Height: 500}} {
		env.Win.Resize(win)
		got := FileDialogSize(env.Win)
		c := env.Win.Canvas().Size()
		if got.Width > c.Width || got.Height > c.Height || got.Width < min(820, c.Width*0.9) {
			t.Errorf("window %v: file dialog %v", c, got)
		}
	}
}
