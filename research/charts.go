package research

import (
	"bytes"
	"fmt"
	"image/color"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"custodia/deid"
)

// Chart size in the report and the desktop wizard.
const (
	chartWidth  = 16 * vg.Centimeter
	chartHeight = 8 * vg.Centimeter
)

var (
	colourBefore = color.RGBA{R: 0xb0, G: 0x3a, B: 0x2e, A: 0xff}
	colourAfter  = color.RGBA{R: 0x2e, G: 0x6d, B: 0xb0, A: 0xff}
)

// ChartWords are a chart's texts, for a front end that speaks another
// language than the report's English: title, axis labels, the names of the
// bar series (the risk chart's "before" and "after") and the risk chart's
// four measures. Empty fields keep the English.
type ChartWords struct {
	Title, X, Y string
	Series      []string
	Labels      []string
}

func (w ChartWords) or(def ChartWords) ChartWords {
	if w.Title == "" {
		w.Title = def.Title
	}
	if w.X == "" {
		w.X = def.X
	}
	if w.Y == "" {
		w.Y = def.Y
	}
	if len(w.Series) != len(def.Series) {
		w.Series = def.Series
	}
	if len(w.Labels) != len(def.Labels) {
		w.Labels = def.Labels
	}
	return w
}

// ClassSizeChart renders the class-size histogram (classes per size) as PNG.
// Sizes beyond the first maxBars distinct ones are summed into one bar.
func ClassSizeChart(hist []deid.Bin, unit string) ([]byte, error) {
	return ClassSizeChartWords(hist, ChartWords{X: "class size (" + unit + ")"})
}

// ClassSizeChartWords is ClassSizeChart with its words given.
func ClassSizeChartWords(hist []deid.Bin, w ChartWords) ([]byte, error) {
	w = w.or(ChartWords{Title: "Equivalence classes by size", X: "class size (patients)", Y: "classes", Series: []string{"classes"}})
	const maxBars = 16
	var labels []string
	var vals plotter.Values
	for i, b := range hist {
		if i == maxBars-1 && len(hist) > maxBars {
			labels = append(labels, "≥"+strconv.Itoa(b.Size))
			vals = append(vals, 0)
		}
		if i >= maxBars-1 && len(hist) > maxBars {
			vals[len(vals)-1] += float64(b.Classes)
			continue
		}
		labels = append(labels, strconv.Itoa(b.Size))
		vals = append(vals, float64(b.Classes))
	}
	return barChart(w.Title, w.X, w.Y, labels, []series{{name: w.Series[0], values: vals, colour: colourAfter}})
}

// RiskChart renders prosecutor (max, average), journalist and marketer
// risk before and after as grouped bars (PNG).
func RiskChart(before, after deid.Risk) ([]byte, error) {
	return RiskChartWords(before, after, ChartWords{})
}

// RiskChartWords is RiskChart with its words given.
func RiskChartWords(before, after deid.Risk, w ChartWords) ([]byte, error) {
	w = w.or(ChartWords{Title: "Re-identification risk", Y: "risk (0-1)", Series: []string{"before", "after"},
		Labels: []string{"prosecutor max", "prosecutor avg", "journalist max", "marketer"}})
	vals := func(r deid.Risk) plotter.Values {
		return plotter.Values{r.ProsecutorMax, r.ProsecutorAvg, r.JournalistMax, r.Marketer}
	}
	return barChart(w.Title, w.X, w.Y, w.Labels,
		[]series{{name: w.Series[0], values: vals(before), colour: colourBefore}, {name: w.Series[1], values: vals(after), colour: colourAfter}})
}

// ExclusionChart renders the patients left out by the gate, by reason (PNG).
func ExclusionChart(excluded map[string]int, reasons []string) ([]byte, error) {
	return ExclusionChartWords(excluded, reasons, ChartWords{})
}

// ExclusionChartWords is ExclusionChart with its words given; the reasons
// are the bars' labels (a front end passes them in its language).
// Labels, if given, has one entry: the label of the empty chart's bar.
func ExclusionChartWords(excluded map[string]int, reasons []string, w ChartWords) ([]byte, error) {
	w = w.or(ChartWords{Title: "Patients excluded by the consent gate", X: "reason", Y: "patients", Series: []string{"patients"}, Labels: []string{"none"}})
	vals := make(plotter.Values, len(reasons))
	for i, r := range reasons {
		vals[i] = float64(excluded[r])
	}
	if len(reasons) == 0 {
		reasons, vals = w.Labels, plotter.Values{0}
	}
	return barChart(w.Title, w.X, w.Y, reasons, []series{{name: w.Series[0], values: vals, colour: colourBefore}})
}

type series struct {
	name   string
	values plotter.Values
	colour color.Color
}

func barChart(title, xLabel, yLabel string, labels []string, ss []series) ([]byte, error) {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	p.Y.Min = 0
	w := vg.Points(float64(chartWidth) / float64(max(len(labels), 1)) / float64(len(ss)+1) * 0.8)
	for i, s := range ss {
		bars, err := plotter.NewBarChart(s.values, w)
		if err != nil {
			return nil, fmt.Errorf("research: chart %q: %w", title, err)
		}
		bars.Color = s.colour
		bars.LineStyle.Width = 0
		bars.Offset = w * vg.Length(float64(i)-float64(len(ss)-1)/2)
		p.Add(bars)
		if len(ss) > 1 {
			p.Legend.Add(s.name, bars)
		}
	}
	p.Legend.Top = true
	p.NominalX(labels...)
	// Half a category of room at both ends, so the outer bars are whole,
	// and room above the bars for the legend.
	p.X.Min, p.X.Max = -0.5, float64(len(labels))-0.5
	if len(ss) > 1 {
		top := 0.0
		for _, s := range ss {
			for _, v := range s.values {
				top = max(top, v)
			}
		}
		p.Y.Max = top * 1.25
	}
	wt, err := p.WriterTo(chartWidth, chartHeight, "png")
	if err != nil {
		return nil, fmt.Errorf("research: chart %q: %w", title, err)
	}
	var buf bytes.Buffer
	if _, err := wt.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("research: chart %q: %w", title, err)
	}
	return buf.Bytes(), nil
}
