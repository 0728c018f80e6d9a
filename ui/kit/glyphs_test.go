package kit

import (
	"fmt"
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
