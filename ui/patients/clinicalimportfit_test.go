package patients

import (
	"fmt"
	"strings"
	"testing"

	"custodia/i18n"
	"custodia/ui/internal/uitest"
)

// badClinicalCSV is an encounters file with n lines, each with a bad
// record number, date, kind and code, so the problems dialog lists 4n
// problems (up to the importer's 100).
func badClinicalCSV(n int) []byte {
	var b strings.Builder
	b.WriteString("mrn;date;kind;diagnoses;ref\n")
	for i := range n {
		fmt.Fprintf(&b, "K-9%d;2024-13-%02d;OP;Diabetes;r%d\n", i, i%28+1, i)
	}
	return []byte(b.String())
}

// TestClinicalImportDialogsShowWhole opens each dialog of the clinical
// import (the form, the confirmation, the problems, short and long) in
// English and German at 1280×800 and 1920×1080: each is sized to its
// content, at most the window, and no text in it is cut.
func TestClinicalImportDialogsShowWhole(t *testing.T) {
	good := []byte("mrn,date,kind,diagnoses\nK-1,2024-01-02,Hausbesuch,\"E11.9 Diabetes; I10\"\n")
	for _, lang := range []string{"en", "de"} {
		for _, size := range importSizes {
			t.Run(fmt.Sprintf("%s-%.0fx%.0f", lang, size.Width, size.Height), func(t *testing.T) {
				env, v, _, _ := clinicalImportFixture(t)
				env.Loc = i18n.MustLoad().Localizer(lang)
				env.Win.Resize(size)
				ci := newClinicalImporter(env, v.ClinicalImporter.session, nil)
				open := func(what string, show func()) {
					t.Helper()
					show()
					uitest.AssertShowsWhole(t, env.Win, what)
					uitest.AssertFits(t, env.Win, what)
					ov := env.Win.Canvas().Overlays()
					for top := ov.Top(); top != nil; top = ov.Top() {
						ov.Remove(top)
					}
				}
				check := func(data []byte) func() {
					return func() { ci.SetFile(encountersFile, "kontakte-mit-langem-namen.csv", data); ci.Check() }
				}
				open("clinical import form", func() { ci.Open(); ci.SetFile(observationsFile, "messwerte.csv", good) })
				open("clinical import confirmation", check(good))
				open("a few clinical problems", check(badClinicalCSV(1)))
				open("more clinical problems than the window", check(badClinicalCSV(40)))
			})
		}
	}
}
