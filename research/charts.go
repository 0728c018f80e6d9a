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
	return countChart(w.Title, w.X, w.Y, labels, []series{{name: w.Series[0], values: vals, colour: colourAfter}})
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
	return countChart(w.Title, w.X, w.Y, reasons, []series{{name: w.Series[0], values: vals, colour: colourBefore}})
}

type series struct {
	name   string
	values plotter.Values
	colour color.Color
}

// countChart is a barChart of counts (patients, groups): its axis marks
// whole numbers only, never "750.00".
func countChart(title, xLabel, yLabel string, labels []string, ss []series) ([]byte, error) {
	return bars(charts.Bars{Title: title, XLabel: xLabel, YLabel: yLabel, Labels: labels, Integer: true}, ss)
}

// barChart draws in the style shared with the dashboard (internal/charts).
func barChart(title, xLabel, yLabel string, labels []string, ss []series) ([]byte, error) {
	return bars(charts.Bars{Title: title, XLabel: xLabel, YLabel: yLabel, Labels: labels}, ss)
}

func bars(b charts.Bars, ss []series) ([]byte, error) {
	b.Width, b.Height = chartWidth, chartHeight
	for _, s := range ss {
		b.Series = append(b.Series, charts.Series{Name: s.name, Values: s.values, Colour: s.colour})
	}
	data, err := b.PNG()
	if err != nil {
		return nil, fmt.Errorf("research: %w", err)
	}
	return data, nil
}
