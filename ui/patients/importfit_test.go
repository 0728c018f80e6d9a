package patients

import (
	"fmt"
	"strings"
	"testing"

	"custodia/ui/internal/uitest"
	"custodia/ui/kit"
	"custodia/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// importSizes are the screen sizes of issue 10 the import's dialogs are
// checked at.
var importSizes = []fyne.Size{{Width: 1280, Height: 800}, {Width: 1920, Height: 1080}}

// badCSV is a patient file with n lines the check refuses (no family
// name), so the problems dialog lists n problems.
func badCSV(n int) []byte {
	var b strings.Builder
	b.WriteString("given_name,family_name,birth_date,sex\n")
	for i := range n {
		fmt.Fprintf(&b, "Given%d,,1970-01-%02d,female\n", i, i%28+1)
	}
	return []byte(b.String())
}

// TestImportDialogsShowWhole opens each dialog of the CSV import (the file
// dialog, the confirmation, the list of problems, short and long) in
// English and German at both sizes: each is sized to its content (at most
// the window, scrolling only when the window is too small), and no text in
// it is cut.
func TestImportDialogsShowWhole(t *testing.T) {
	good := []byte("given_name,family_name,birth_date,sex\nAda,Example,1970-01-31,female\nBo,Sample,1980-02-28,male\n")
	for _, lang := range []string{"en", "de"} {
		for _, size := range importSizes {
			t.Run(fmt.Sprintf("%s-%.0fx%.0f", lang, size.Width, size.Height), func(t *testing.T) {
				f := newFixtureIn(t, 3, vault.RoleAdmin, lang)
				f.env.Win.Resize(size)
				im := f.v.Importer
				open := func(what string, show func()) {
					t.Helper()
					show()
					uitest.AssertShowsWhole(t, f.env.Win, what)
					uitest.AssertFits(t, f.env.Win, what)
					f.closeOverlays()
				}
				open("file dialog", func() {
					im.choose()
					pop, ok := f.env.Win.Canvas().Overlays().Top().(*widget.PopUp)
					// the pop-up's content is the dialog less its frame
					want, frame := kit.FileDialogSize(f.env.Win), 2*theme.InnerPadding()
					if !ok || !near(pop.Content.Size(), want, frame) {
						t.Errorf("file dialog content %v: not sized as kit.FileDialogSize %v", pop.Content.Size(), want)
					}
				})
				open("import confirmation", func() { im.Check(good) })
				open("a few problems", func() { im.Check(badCSV(3)) })
				open("many problems", func() { im.Check(badCSV(12)) })
				open("more problems than the window", func() { im.Check(badCSV(150)) })
			})
		}
	}
}

// near is whether got is at most by frame smaller than want (and not larger).
func near(got, want fyne.Size, frame float32) bool {
	return got.Width <= want.Width && got.Height <= want.Height &&
		want.Width-got.Width <= frame && want.Height-got.Height <= frame
}
