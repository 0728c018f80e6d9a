package requests

import (
	"custodia/consent"
	"custodia/i18n"
	"custodia/ui/kit"

	usecase "custodia/app"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// historyStep is one transition of a request in words; Moved is its
// second line, the states and who ("Received › Verifying identity · by dpo").
type historyStep struct {
	When, Step, FromTo, Who, Moved, Detail string
}

// historyList shows a request's transitions one under the other: the
// time and step in bold, the states it moved between and who did it, and
// the worded detail wrapped underneath. It fits the narrow detail pane
// (a five-column table there scrolled sideways, issue 10).
type historyList struct {
	steps  []historyStep
	box    *fyne.Container
	scroll *container.Scroll
}

func newHistoryList() *historyList {
	h := &historyList{box: container.NewVBox()}
	h.scroll = container.NewVScroll(h.box)
	return h
}

// historySteps words the transitions for loc; who names the person and role.
func historySteps(loc *i18n.Localizer, ts []consent.Transition, who func(by, role string) string) []historyStep {
	out := make([]historyStep, len(ts))
	for i, t := range ts {
		fromTo := kit.RequestStateLabel(loc, t.To) // the intake has no state before ("— › Received" read as a gap)
		if t.From != "" {
			fromTo = loc.T("requests.history.fromTo", "From", kit.RequestStateLabel(loc, t.From), "To", fromTo)
		}
		s := historyStep{When: kit.TimeText(loc, t.At), Step: loc.Label("step", t.Action, ""),
			FromTo: fromTo, Who: who(t.By, t.Role),
			Detail: usecase.TransitionDetail(loc, t)}
		s.Moved = loc.T("requests.history.moved", "FromTo", s.FromTo, "Who", s.Who)
		out[i] = s
	}
	return out
}

// set replaces the steps shown.
func (h *historyList) set(steps []historyStep) {
	h.steps = steps
	objs := make([]fyne.CanvasObject, 0, 2*len(steps))
	for i, s := range steps {
		if i > 0 {
			objs = append(objs, widget.NewSeparator())
		}
		objs = append(objs, stepText(s))
	}
	h.box.Objects = objs
	h.box.Refresh()
	h.scroll.ScrollToTop()
}

var (
	stepHeadStyle   = boldParagraph()
	stepDetailStyle = widget.RichTextStyleParagraph
)

func boldParagraph() widget.RichTextStyle {
	s := widget.RichTextStyleParagraph
	s.TextStyle.Bold = true
	return s
}

// stepText is one step as wrapped paragraphs.
func stepText(s historyStep) *widget.RichText {
	segs := []widget.RichTextSegment{
		&widget.TextSegment{Text: s.When + " · " + s.Step, Style: stepHeadStyle},
		&widget.TextSegment{Text: s.Moved, Style: widget.RichTextStyleParagraph},
	}
	if s.Detail != "" {
		segs = append(segs, &widget.TextSegment{Text: s.Detail, Style: stepDetailStyle})
	}
	rt := widget.NewRichText(segs...)
	rt.Wrapping = fyne.TextWrapWord
	return rt
}

// Len is the number of steps shown.
func (h *historyList) Len() int { return len(h.steps) }

// Step returns step i as shown, the zero step outside the list.
func (h *historyList) Step(i int) historyStep {
	if i < 0 || i >= len(h.steps) {
		return historyStep{}
	}
	return h.steps[i]
}
