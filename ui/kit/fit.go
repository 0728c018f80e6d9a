package kit

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// PlaceholderNeed is the width an entry needs to show its placeholder
// whole: the text, the inner padding and the input border on both sides,
// and the action item or password eye if any.
func PlaceholderNeed(e *widget.Entry) float32 {
	if e.PlaceHolder == "" {
		return 0
	}
	th := theme.Current()
	w := fyne.MeasureText(e.PlaceHolder, th.Size(theme.SizeNameText), e.TextStyle).Width +
		2*th.Size(theme.SizeNameInnerPadding) + 2*th.Size(theme.SizeNameInputBorder)
	if e.ActionItem != nil {
		w += e.ActionItem.MinSize().Width + th.Size(theme.SizeNamePadding)
	} else if e.Password {
		w += th.Size(theme.SizeNameInlineIcon) + th.Size(theme.SizeNamePadding)
	}
	return w
}

// placeholderFit lays out one entry at full size and asks for the width
// its placeholder needs, measured each time (the words change with the
// language), so the window or dialog makes room instead of cutting it.
type placeholderFit struct{ entry *widget.Entry }

func (l placeholderFit) MinSize(objs []fyne.CanvasObject) fyne.Size {
	m := objs[0].MinSize()
	return fyne.NewSize(max(m.Width, PlaceholderNeed(l.entry)), m.Height)
}

func (l placeholderFit) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(size)
}

// FitPlaceholder wraps an entry (a *widget.Entry or *PrivateEntry) so its
// placeholder is never cut.
func FitPlaceholder(o fyne.CanvasObject) fyne.CanvasObject {
	e := entryOf(o)
	if e == nil {
		return o
	}
	return &fyne.Container{Layout: placeholderFit{e}, Objects: []fyne.CanvasObject{o}}
}

func entryOf(o fyne.CanvasObject) *widget.Entry {
	switch x := o.(type) {
	case *widget.Entry:
		return x
	case *PrivateEntry:
		return &x.Entry
	case *EscEntry:
		return &x.Entry
	}
	return nil
}

// WrappedCard is a card whose subtitle wraps: a card draws its subtitle
// on one line, which runs out of a narrow card (and longer in German).
func WrappedCard(title, subtitle string, content fyne.CanvasObject) *widget.Card {
	sub := widget.NewLabel(subtitle)
	sub.Wrapping = fyne.TextWrapWord
	return widget.NewCard(title, "", container.NewVBox(sub, content))
}

// SharedWidth lays out one object per container at the widest member's
// width, so label columns of separate grids line up at the width their
// longest label needs (in any language).
type SharedWidth struct{ members []fyne.CanvasObject }

// add wraps o in a container of the group.
func (l *SharedWidth) Add(o fyne.CanvasObject) *fyne.Container {
	l.members = append(l.members, o)
	return &fyne.Container{Layout: l, Objects: []fyne.CanvasObject{o}}
}

func (l *SharedWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	w := float32(0)
	for _, m := range l.members {
		w = max(w, m.MinSize().Width)
	}
	return fyne.NewSize(w, objs[0].MinSize().Height)
}

func (l *SharedWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(size)
}

// DialogBody puts main in a vertical scroller above bottom (a problem line
// and the buttons) and says what the dialog needs to show main whole, for
// FitDialogTo: the dialog then shows all of it and scrolls only in a
// window too small for it. The need keeps MessageLines of room for the
// problem line, so a refusal does not push the form into scrolling.
func DialogBody(main, bottom fyne.CanvasObject) (body fyne.CanvasObject, need fyne.Size) {
	need = main.MinSize().AddWidthHeight(theme.Padding(), bottom.MinSize().Height+theme.Padding()+TextLines(MessageLines))
	return container.NewBorder(nil, bottom, nil, nil, container.NewVScroll(main)), need
}

// MessageLines is how many lines of room a dialog keeps for a validation
// message that may come (longer ones scroll).
const MessageLines = 2

// TextLines is the height of n lines of body text.
func TextLines(n int) float32 {
	th := theme.Current()
	line := fyne.MeasureText("M", th.Size(theme.SizeNameText), fyne.TextStyle{}).Height + th.Size(theme.SizeNameLineSpacing)
	return float32(n) * line
}

// TextPage lays out a word-wrapping rich text (a guide in Markdown) at one
// width near width and returns it with the size it needs there. Fyne's
// rich text breaks a styled run one letter per line at some widths (when
// the run before it ends right at the edge); of the widths up to 24 px
// narrower, the page takes the one whose text is shortest, which never is
// such a width.
func TextPage(rt *widget.RichText, width float32) (fyne.CanvasObject, fyne.Size) {
	best, bestH := width, float32(0)
	for w := width; w >= width-24; w -= 2 {
		rt.Resize(fyne.NewSize(w, rt.MinSize().Height))
		if h := rt.MinSize().Height; bestH == 0 || h < bestH {
			best, bestH = w, h
		}
	}
	rt.Resize(fyne.NewSize(best, bestH))
	need := fyne.NewSize(best, rt.MinSize().Height)
	return &fyne.Container{Layout: exactWidth(best), Objects: []fyne.CanvasObject{rt}}, need
}

// exactWidth lays out its object at exactly that width, however wide the
// container, at its natural height.
type exactWidth float32

func (l exactWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return fyne.NewSize(float32(l), objs[0].MinSize().Height)
}

func (l exactWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(float32(l), max(size.Height, objs[0].MinSize().Height)))
}

// AtLeastLines keeps room for n lines of body text for o (a message label
// whose text comes and goes), so that what is below it does not move when
// it does; a longer text makes it taller.
func AtLeastLines(n int, o fyne.CanvasObject) *fyne.Container {
	return &fyne.Container{Layout: atLeastHeight(TextLines(n) + 2*theme.InnerPadding()), Objects: []fyne.CanvasObject{o}}
}

// atLeastHeight lays out its object at the full width, at least that high.
type atLeastHeight float32

func (l atLeastHeight) MinSize(objs []fyne.CanvasObject) fyne.Size {
	m := objs[0].MinSize()
	return fyne.NewSize(m.Width, max(m.Height, float32(l)))
}

func (l atLeastHeight) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(size.Width, max(objs[0].MinSize().Height, min(size.Height, float32(l)))))
}
