package research

import (
	"fmt"
	"image/color"
	"strconv"

	"gonum.org/v1/plot/plotter"

	"custodia/deid"
	"custodia/internal/charts"
)

// Chart size in the report and the desktop wizard.
const (
	chartWidth  = charts.Width
	chartHeight = charts.Height
)

var (
	colourBefore = charts.Before
	colourAfter  = charts.After
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

// barChart draws in the style shared with the dashboard (internal/charts).
func barChart(title, xLabel, yLabel string, labels []string, ss []series) ([]byte, error) {
	b := charts.Bars{Title: title, XLabel: xLabel, YLabel: yLabel, Labels: labels, Width: chartWidth, Height: chartHeight}
	for _, s := range ss {
		b.Series = append(b.Series, charts.Series{Name: s.name, Values: s.values, Colour: s.colour})
	}
	data, err := b.PNG()
	if err != nil {
		return nil, fmt.Errorf("research: %w", err)
	}
	return data, nil
}
