package requests

import (
	"custodia/i18n"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// planRow is one record category of an erasure plan or certificate in
// words: what happens to it, on which legal basis, until when, and the
// law that says so ("—" where the plan has none).
type planRow struct {
	Category, Action, Basis, Until, Source string
	Imp                                    widget.Importance
}

// planList shows an erasure plan one category under the other: the
// category and its action on the first line, the legal basis and the date
// kept until on the next, the legal source wrapped underneath. A table of
// five columns was wider than the dialog at 1280×800 (the legal source,
// up to 520 px, was cut at the edge, issue 10).
type planList struct {
	loc    *i18n.Localizer
	rows   []planRow
	box    *fyne.Container
	scroll *container.Scroll
	// maxHeight is the most the list asks for before it scrolls.
	maxHeight func() float32
	content   *fyne.Container
}

func newPlanList(loc *i18n.Localizer, maxHeight func() float32) *planList {
	l := &planList{loc: loc, box: container.NewVBox(), maxHeight: maxHeight}
	l.scroll = container.NewVScroll(l.box)
	l.content = &fyne.Container{Layout: cappedHeight{l}, Objects: []fyne.CanvasObject{l.scroll}}
	return l
}

// set replaces the rows shown.
func (l *planList) set(rows []planRow) {
	l.rows = rows
	objs := make([]fyne.CanvasObject, 0, 2*len(rows))
	for i, r := range rows {
		if i > 0 {
			objs = append(objs, widget.NewSeparator())
		}
		objs = append(objs, l.rowText(r))
	}
	l.box.Objects = objs
	l.box.Refresh()
	l.scroll.ScrollToTop()
}

// rowText is one category as wrapped paragraphs; the lines without a
// value (an erased category has no legal basis) are left out.
func (l *planList) rowText(r planRow) *widget.RichText {
	head := widget.RichTextStyleStrong // inline: the action follows on the same line
	action := widget.RichTextStyleParagraph
	action.ColorName = importanceColor(r.Imp)
	action.TextStyle.Bold = true
	segs := []widget.RichTextSegment{
		&widget.TextSegment{Text: r.Category + " · ", Style: head},
		&widget.TextSegment{Text: r.Action, Style: action},
	}
	if r.Basis != "—" || r.Until != "—" {
		segs = append(segs, &widget.TextSegment{Text: l.loc.T("erasure.item.basis", "Basis", r.Basis, "Date", r.Until), Style: widget.RichTextStyleParagraph})
	}
	if r.Source != "—" {
		segs = append(segs, &widget.TextSegment{Text: l.loc.T("erasure.item.source", "Source", r.Source), Style: widget.RichTextStyleParagraph})
	}
	rt := widget.NewRichText(segs...)
	rt.Wrapping = fyne.TextWrapWord
	return rt
}

// importanceColor is the theme colour a label of importance imp shows in.
func importanceColor(imp widget.Importance) fyne.ThemeColorName {
	switch imp {
	case widget.DangerImportance:
		return theme.ColorNameError
	case widget.WarningImportance:
		return theme.ColorNameWarning
	case widget.HighImportance:
		return theme.ColorNamePrimary
	case widget.SuccessImportance:
		return theme.ColorNameSuccess
	}
	return theme.ColorNameForeground
}

// Len is the number of categories shown.
func (l *planList) Len() int { return len(l.rows) }

// cappedHeight asks for the list's whole height up to maxHeight; the list
// scrolls beyond.
type cappedHeight struct{ l *planList }

func (c cappedHeight) MinSize(objs []fyne.CanvasObject) fyne.Size {
	need := c.l.box.MinSize()
	return fyne.NewSize(0, min(need.Height, c.l.maxHeight()))
}

func (c cappedHeight) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(size)
}
