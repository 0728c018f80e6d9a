package ui

import (
	"sort"
	"strings"
	"testing"

	"custodia/i18n"
	"custodia/ui/kit"
	"custodia/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestGuideRendersCleanly lays the user guide out as the Help menu shows
// it (kit.TextPage near 720 px) and at other widths, in English and
// German, and reads it back row by row as drawn: no row starts with a
// space or a lone ellipsis (a break right after a bold run, or inside a
// button name), and no opening bracket is followed by a space (Fyne's
// Markdown adds one between text and an emphasised run).
func TestGuideRendersCleanly(t *testing.T) {
	test.NewTempApp(t)
	cat := i18n.MustLoad()
	for _, lang := range layoutLanguages {
		md := cat.Localizer(lang).T("menus.guide.text", "Date", cat.Localizer(lang).Date(guideDateExample))
		for _, width := range []float32{520, 600, 640, 680, 720, 760, 900} {
			rt := widget.NewRichTextFromMarkdown(md)
			rt.Wrapping = fyne.TextWrapWord
			page, need := kit.TextPage(rt, width)
			w := test.NewTempWindow(t, page)
			w.Resize(need.AddWidthHeight(40, 40))
			for _, row := range drawnRows(rt) {
				if strings.HasPrefix(row, " ") || strings.HasPrefix(row, "…") || strings.Contains(row, "( ") {
					t.Errorf("%s at %.0f px: row %q", lang, width, row)
				}
			}
		}
	}
}

// drawnRows are the texts rt draws, joined per row (by their position).
func drawnRows(rt *widget.RichText) []string {
	rows := map[float32]string{}
	for _, o := range test.LaidOutObjects(rt) {
		if tx, ok := o.(*canvas.Text); ok && tx.Visible() {
			y := fyne.CurrentApp().Driver().AbsolutePositionForObject(tx).Y
			rows[y] += tx.Text
		}
	}
	ys := make([]float32, 0, len(rows))
	for y := range rows {
		ys = append(ys, y)
	}
	sort.Slice(ys, func(i, j int) bool { return ys[i] < ys[j] })
	out := make([]string, len(ys))
	for i, y := range ys {
		out[i] = rows[y]
	}
	return out
}

// The guide's example birth date is written as the reader writes dates,
// and the patient search reads it as a birth date (the guide said
// YYYY-MM-DD in English while the search field showed "14 Mar 1985").
func TestGuideDateExampleIsWhatSearchReads(t *testing.T) {
	f := newFixture(t, 0, vault.RoleAdmin)
	cat := i18n.MustLoad()
	for _, lang := range layoutLanguages {
		f.app.env.Loc = cat.Localizer(lang)
		text, example := f.app.guideText(), f.app.env.Loc.Date(guideDateExample)
		if !strings.Contains(text, example) || strings.Contains(text, "YYYY") || strings.Contains(text, "JJJJ") {
			t.Errorf("%s guide lacks the example %q or names a pattern", lang, example)
		}
		qs := kit.SearchQueries(f.app.env.Loc, example)
		if len(qs) != 1 || !qs[0].BirthDate.Equal(guideDateExample) {
			t.Errorf("%s: the search reads %q as %+v", lang, example, qs)
		}
	}
}
