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
// window too small for it.
func DialogBody(main, bottom fyne.CanvasObject) (body fyne.CanvasObject, need fyne.Size) {
	need = main.MinSize().AddWidthHeight(theme.Padding(), bottom.MinSize().Height+theme.Padding())
	return container.NewBorder(nil, bottom, nil, nil, container.NewVScroll(main)), need
}
