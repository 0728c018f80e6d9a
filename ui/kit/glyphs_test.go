package kit

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"golang.org/x/image/font/sfnt"

	"custodia/i18n"
)

// screenFontMisses are the characters of s the app's text font (Fyne's
// Noto Sans, regular and bold) has no glyph for: Fyne draws them from a
// fallback font with other metrics, which set the text 1–2 px off the line
// of the cells beside it (the request queue's "●" deadline marks).
func screenFontMisses(t *testing.T, s string) []rune {
	t.Helper()
	var out []rune
	for _, style := range []fyne.TextStyle{{}, {Bold: true}} {
		f, err := sfnt.Parse(theme.DefaultTheme().Font(style).Content())
		if err != nil {
			t.Fatal(err)
		}
		var buf sfnt.Buffer
		for _, r := range s {
			if unicode.IsSpace(r) || unicode.IsControl(r) || slices.Contains(out, r) {
				continue
			}
			if i, err := f.GlyphIndex(&buf, r); err != nil || i == 0 {
				out = append(out, r)
			}
		}
	}
	return out
}

// tableMarks are the messages that open a table cell with a mark (the
// request queue's and the breach log's deadline): a mark drawn from a
// fallback font set those cells 1–2 px above the others of their row.
var tableMarks = []string{"requests.deadline.overdue", "requests.deadline.today", "requests.deadline.left",
	"governance.breach.late", "governance.breach.left"}

// TestTableMarksHaveGlyphs: the deadline marks are drawn in the app's own
// font, in English and German.
func TestTableMarksHaveGlyphs(t *testing.T) {
	c := i18n.MustLoad()
	for _, lang := range []string{"en", "de"} {
		loc := c.Localizer(lang)
		for _, id := range tableMarks {
			text := loc.T(id)
			if strings.HasPrefix(text, "⟦") { // a plural message
				text = loc.N(id, 1) + loc.N(id, 2)
			}
			if strings.HasPrefix(text, "⟦") {
				t.Errorf("%s: %s is not in the catalogue", lang, id)
			}
			if miss := screenFontMisses(t, text); len(miss) > 0 {
				t.Errorf("%s %s: %s has no glyph in the app's font", lang, id, fmt.Sprintf("%q", miss))
			}
		}
	}
}

// notOnScreen are the catalogue messages that Fyne never draws, with
// the only non-test source files allowed to name them: the FHIR import's
// mapping lines (custodiactl consent import-fhir, a terminal) and
// report.html's date-shift sentence (read in a browser); both keep
// their '→' and '−'.
var notOnScreen = map[string][]string{
	"fhirmap.":                 {"app/wording_fhir.go"},
	"research2.html.dateShift": {"research/html.go"},
}

// TestCatalogueHasGlyphs: every message of the catalogue that the
// desktop may show, in every language and plural form, is drawn in the
// app's own font (Noto Sans): a character it lacks ('→', '📎', '−')
// comes from a fallback font with other metrics and shifts the text
// beside it.
func TestCatalogueHasGlyphs(t *testing.T) {
	if miss := screenFontMisses(t, "→äß›–"); !slices.Equal(miss, []rune{'→'}) {
		t.Fatalf("the font check finds %q missing in \"→äß›–\", want only '→'", miss)
	}
	files, err := filepath.Glob(filepath.Join("..", "..", "i18n", "locales", "*.json"))
	if err != nil || len(files) < 10 {
		t.Fatalf("catalogue files: %v, %d found", err, len(files))
	}
	for _, f := range files {
		msgs := map[string]any{}
		data, err := os.ReadFile(f)
		if err == nil {
			err = json.Unmarshal(data, &msgs)
		}
		if err != nil {
			t.Fatal(err)
		}
		for id, m := range msgs {
			if shownElsewhere(id) {
				continue
			}
			if miss := screenFontMisses(t, fmt.Sprint(m)); len(miss) > 0 {
				t.Errorf("%s %s: %q has no glyph in the app's font", filepath.Base(f), id, miss)
			}
		}
	}
}

func shownElsewhere(id string) bool {
	for prefix := range notOnScreen {
		if strings.HasPrefix(id, prefix) {
			return true
		}
	}
	return false
}

// TestNotOnScreenStaysOffScreen: the messages the glyph check leaves out
// are named by no other source file than the ones listed, and no desktop
// file words FHIR mapping lines, so a screen that starts to show them
// fails here and is checked again.
func TestNotOnScreenStaysOffScreen(t *testing.T) {
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		desktop := strings.HasPrefix(rel, "ui"+string(filepath.Separator)) || strings.HasPrefix(rel, filepath.Join("cmd", "custodia")+string(filepath.Separator))
		if desktop && (strings.Contains(string(src), "MappingText(") || strings.Contains(string(src), "MappingLineID(")) {
			t.Errorf("%s shows FHIR mapping lines, which the glyph check leaves out", rel)
		}
		for prefix, allowed := range notOnScreen {
			if strings.Contains(string(src), `"`+prefix) && !slices.Contains(allowed, filepath.ToSlash(rel)) {
				t.Errorf("%s names %s… which the glyph check leaves out as not shown on screen", rel, prefix)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
