package charts

import (
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Category labels never print over each other: measured on the drawn data
// area, a label set either fits side by side or is slanted. Short labels
// stay level.
func TestCategoryLabelsDoNotOverlap(t *testing.T) {
	cases := []struct {
		labels []string
		width  vg.Length
	}{
		{[]string{"Identität", "Kontaktdaten", "Behandlungsdokumentation", "Einwilligungen"}, SmallWidth},
		{[]string{"Identity", "Contact details", "Clinical record", "Consents"}, SmallWidth},
		{[]string{"Received", "Identity check", "In progress"}, SmallWidth},
		{[]string{"A", "B", "C"}, SmallWidth},
		{[]string{"überfällig", "binnen 7 Tagen", "später"}, Width},
	}
	for _, c := range cases {
		b := Bars{Labels: c.labels, Series: []Series{{Values: make([]float64, len(c.labels))}}, Width: c.width, Height: SmallHeight}
		p, err := b.plot()
		if err != nil {
			t.Fatal(err)
		}
		canvas := vgimg.New(c.width, SmallHeight)
		slot := p.DataCanvas(draw.New(canvas)).Size().X / vg.Length(len(c.labels))
		var widest vg.Length
		for _, l := range c.labels {
			widest = max(widest, p.X.Tick.Label.Width(l))
		}
		slanted := p.X.Tick.Label.Rotation != 0
		if widest > slot && !slanted {
			t.Errorf("%q: widest label %.0f pt in a %.0f pt slot, drawn level", c.labels, widest, slot)
		}
		if widest < slot/2 && slanted {
			t.Errorf("%q: short labels slanted", c.labels)
		}
	}
}
