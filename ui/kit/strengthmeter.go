package kit

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// meterSegments is how many segments the strength meter has: one per
// score above VeryWeak.
const meterSegments = VeryStrong

// StrengthMeter shows a passphrase's score as segments coloured from
// danger to success. Nothing is lit while the entry is empty, so an empty
// meter never reads as a full bar (Fyne's progress bar draws its track in
// the primary colour, which looked full).
type StrengthMeter struct {
	widget.BaseWidget
	segs  [meterSegments]*canvas.Rectangle
	score int
	typed bool
}

// NewStrengthMeter builds an empty meter.
func NewStrengthMeter() *StrengthMeter {
	m := &StrengthMeter{}
	for i := range m.segs {
		m.segs[i] = canvas.NewRectangle(color.Transparent)
		m.segs[i].CornerRadius = 2
		m.segs[i].SetMinSize(fyne.NewSize(24, 8))
	}
	m.ExtendBaseWidget(m)
	return m
}

// Set shows score (VeryWeak..VeryStrong); typed is false for an empty
// passphrase, which lights nothing.
func (m *StrengthMeter) Set(score int, typed bool) {
	m.score, m.typed = score, typed
	m.Refresh()
}

// Lit is how many segments are lit (tests).
func (m *StrengthMeter) Lit() int {
	if !m.typed {
		return 0
	}
	return max(1, m.score) // a very weak passphrase lights one danger segment
}

func (m *StrengthMeter) colours() (lit, unlit color.Color) {
	v := fyne.CurrentApp().Settings().ThemeVariant()
	th := m.Theme()
	unlit = th.Color(theme.ColorNameInputBackground, v)
	switch {
	case m.score <= Weak:
		lit = th.Color(theme.ColorNameError, v)
	case m.score == Fair:
		lit = th.Color(theme.ColorNameWarning, v)
	default:
		lit = th.Color(theme.ColorNameSuccess, v)
	}
	return lit, unlit
}

// Refresh recolours the segments.
func (m *StrengthMeter) Refresh() {
	lit, unlit := m.colours()
	for i, s := range m.segs {
		s.FillColor = unlit
		if i < m.Lit() {
			s.FillColor = lit
		}
		s.Refresh()
	}
}

// CreateRenderer lays the segments out side by side, centred in a row as
// tall as a label so that the form's "Strength" label lines up with them.
func (m *StrengthMeter) CreateRenderer() fyne.WidgetRenderer {
	objs := make([]fyne.CanvasObject, len(m.segs))
	for i, s := range m.segs {
		objs[i] = s
	}
	m.Refresh()
	row := canvas.NewRectangle(color.Transparent)
	row.SetMinSize(fyne.NewSize(0, widget.NewLabel("").MinSize().Height))
	bar := container.NewVBox(layout.NewSpacer(), container.NewGridWithColumns(len(objs), objs...), layout.NewSpacer())
	return widget.NewSimpleRenderer(container.NewStack(row, bar))
}
