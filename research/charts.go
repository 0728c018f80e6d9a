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

// ClassSizeChart renders the class-size histogram (classes per size) as PNG.
// Sizes beyond the first maxBars distinct ones are summed into one bar.
func ClassSizeChart(hist []deid.Bin, unit string) ([]byte, error) {
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
	return barChart("Equivalence classes by size", "class size ("+unit+")", "classes", labels,
		[]series{{name: "classes", values: vals, colour: colourAfter}})
}

// RiskChart renders prosecutor (max, average), journalist and marketer
// risk before and after as grouped bars (PNG).
func RiskChart(before, after deid.Risk) ([]byte, error) {
	labels := []string{"prosecutor max", "prosecutor avg", "journalist max", "marketer"}
	vals := func(r deid.Risk) plotter.Values {
		return plotter.Values{r.ProsecutorMax, r.ProsecutorAvg, r.JournalistMax, r.Marketer}
	}
	return barChart("Re-identification risk", "", "risk (0-1)", labels,
		[]series{{name: "before", values: vals(before), colour: colourBefore}, {name: "after", values: vals(after), colour: colourAfter}})
}

// ExclusionChart renders the patients left out by the gate, by reason (PNG).
func ExclusionChart(excluded map[string]int, reasons []string) ([]byte, error) {
	vals := make(plotter.Values, len(reasons))
	for i, r := range reasons {
		vals[i] = float64(excluded[r])
	}
	if len(reasons) == 0 {
		reasons, vals = []string{"none"}, plotter.Values{0}
	}
	return barChart("Patients excluded by the consent gate", "reason", "patients", reasons,
		[]series{{name: "patients", values: vals, colour: colourBefore}})
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
