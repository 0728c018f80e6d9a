package charts

import (
	"bytes"
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
)

// The palette of Custodia's charts.
var (
	// Before is the colour of data before a step (and of warnings).
	Before color.Color = color.RGBA{R: 0xb0, G: 0x3a, B: 0x2e, A: 0xff}
	// After is the colour of data after a step (and the neutral colour).
	After color.Color = color.RGBA{R: 0x2e, G: 0x6d, B: 0xb0, A: 0xff}
	// Red, Amber and Green colour deadline states.
	Red   color.Color = color.RGBA{R: 0xc6, G: 0x28, B: 0x28, A: 0xff}
	Amber color.Color = color.RGBA{R: 0xe0, G: 0x8e, B: 0x0b, A: 0xff}
	Green color.Color = color.RGBA{R: 0x2e, G: 0x7d, B: 0x32, A: 0xff}
)

// Sizes: the research report's charts and the dashboard's small ones.
const (
	Width       = 16 * vg.Centimeter
	Height      = 8 * vg.Centimeter
	SmallWidth  = 9 * vg.Centimeter
	SmallHeight = 6 * vg.Centimeter
)

// Series is one set of bars. Colours, when given, colour each bar apart
// (one per label); otherwise every bar has Colour.
type Series struct {
	Name    string
	Values  []float64
	Colour  color.Color
	Colours []color.Color
}

// Bars is a bar chart: one bar per label for each series, side by side.
type Bars struct {
	Title, XLabel, YLabel string
	Labels                []string
	Series                []Series
	// Width and Height default to Width and Height.
	Width, Height vg.Length
	// Integer marks the value axis with whole numbers only (counts).
	Integer bool
}

// PNG renders the chart.
func (b Bars) PNG() ([]byte, error) {
	p, err := b.plot()
	if err != nil {
		return nil, err
	}
	w, h := b.Width, b.Height
	if w == 0 || h == 0 {
		w, h = Width, Height
	}
	wt, err := p.WriterTo(w, h, "png")
	if err != nil {
		return nil, fmt.Errorf("charts: %q: %w", b.Title, err)
	}
	var buf bytes.Buffer
	if _, err := wt.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("charts: %q: %w", b.Title, err)
	}
	return buf.Bytes(), nil
}

func (b Bars) plot() (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = b.Title
	p.X.Label.Text = b.XLabel
	p.Y.Label.Text = b.YLabel
	p.Y.Min = 0
	width := b.Width
	if width == 0 {
		width = Width
	}
	n := float64(len(b.Series) + 1)
	w := vg.Points(float64(width) / float64(max(len(b.Labels), 1)) / n * 0.8)
	top := 0.0
	for i, s := range b.Series {
		offset := w * vg.Length(float64(i)-float64(len(b.Series)-1)/2)
		bars, err := seriesBars(s, w, offset)
		if err != nil {
			return nil, fmt.Errorf("charts: %q: %w", b.Title, err)
		}
		for _, bc := range bars {
			p.Add(bc)
		}
		if len(b.Series) > 1 {
			p.Legend.Add(s.Name, bars[0])
		}
		for _, v := range s.Values {
			top = max(top, v)
		}
	}
	p.Legend.Top = true
	p.NominalX(b.Labels...)
	slantLongLabels(p, b.Labels, width)
	// Half a category of room at both ends, so the outer bars are whole,
	// and room above the bars for a legend.
	p.X.Min, p.X.Max = -0.5, float64(len(b.Labels))-0.5
	if len(b.Series) > 1 {
		p.Y.Max = top * 1.25
	}
	if b.Integer {
		p.Y.Max = max(p.Y.Max, top, 1)
		p.Y.Tick.Marker = integerTicks{}
	}
	return p, nil
}

// slantLongLabels turns the category labels by 30 degrees when the widest
// one is wider than its share of the chart, so neighbouring labels
// ("Contact details", "Clinical record") never print over each other.
func slantLongLabels(p *plot.Plot, labels []string, width vg.Length) {
	if len(labels) == 0 {
		return
	}
	var widest vg.Length
	for _, l := range labels {
		widest = max(widest, p.X.Tick.Label.Width(l))
	}
	// The value axis and its label take about a sixth of the width.
	slot := width * 5 / 6 / vg.Length(len(labels))
	if widest <= slot*9/10 {
		return
	}
	p.X.Tick.Label.Rotation = math.Pi / 6
	p.X.Tick.Label.XAlign = text.XRight
	p.X.Tick.Label.YAlign = text.YCenter
}

// seriesBars draws a series as one bar chart, or one per bar when the
// bars have their own colours.
func seriesBars(s Series, w, offset vg.Length) ([]*plotter.BarChart, error) {
	if len(s.Colours) == 0 {
		bc, err := plotter.NewBarChart(plotter.Values(s.Values), w)
		if err != nil {
			return nil, err
		}
		style(bc, s.Colour, offset)
		return []*plotter.BarChart{bc}, nil
	}
	var out []*plotter.BarChart
	for i := range s.Values {
		one := make(plotter.Values, len(s.Values))
		one[i] = s.Values[i]
		bc, err := plotter.NewBarChart(one, w)
		if err != nil {
			return nil, err
		}
		style(bc, s.Colours[i%len(s.Colours)], offset)
		out = append(out, bc)
	}
	return out, nil
}

func style(bc *plotter.BarChart, c color.Color, offset vg.Length) {
	if c == nil {
		c = After
	}
	bc.Color = c
	bc.LineStyle.Width = 0
	bc.Offset = offset
}

// integerTicks marks whole numbers only, in steps of 1, 2, 5, 10, 20,
// 50, ... so that at most six steps span the axis.
type integerTicks struct{}

func (integerTicks) Ticks(min, max float64) []plot.Tick {
	step := niceStep(max - min)
	var out []plot.Tick
	for v := 0.0; v <= max+1e-9; v += step {
		if v >= min {
			out = append(out, plot.Tick{Value: v, Label: fmt.Sprintf("%.0f", v)})
		}
	}
	return out
}

// niceStep is the smallest of 1, 2, 5, 10, 20, 50, ... that spans span in
// at most six steps.
func niceStep(span float64) float64 {
	for mag := 1.0; ; mag *= 10 {
		for _, m := range []float64{1, 2, 5} {
			if span/(m*mag) <= 6 {
				return m * mag
			}
		}
	}
}
