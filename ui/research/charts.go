package research

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"

	"custodia/deid"
	core "custodia/research"
)

// chartSize is how large a chart is shown: the report's 16 × 8 cm PNG
// scaled to fit a wizard column at 1280 × 800.
var chartSize = fyne.NewSize(540, 262)

// chartImage shows a rendered PNG chart, or the error's wording.
func chartImage(name string, png []byte, err error, failed string) fyne.CanvasObject {
	if err != nil {
		l := widget.NewLabel(failed)
		l.Wrapping = fyne.TextWrapWord
		return l
	}
	img := canvas.NewImageFromResource(fyne.NewStaticResource(name, png))
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(chartSize)
	return img
}

// exclusionChart renders the patients left out by the gate, by reason,
// with the reasons' short labels on the axis (research.ExclusionChart).
func (v *View) exclusionChart(excluded map[string]int) fyne.CanvasObject {
	codes, merged := exclusions(excluded)
	byLabel := map[string]int{}
	names := make([]string, len(codes))
	for i, c := range codes {
		names[i] = v.lab.reasonShort(c)
		byLabel[names[i]] = merged[c]
	}
	words, _, _ := core.ChartTexts(v.loc)
	png, err := core.ExclusionChartWords(byLabel, names, words)
	return chartImage("exclusions.png", png, err, v.loc.T("research.chart.failed"))
}

// classSizeChart renders the class-size histogram (research.ClassSizeChart).
func (v *View) classSizeChart(hist []deid.Bin) fyne.CanvasObject {
	_, words, _ := core.ChartTexts(v.loc)
	png, err := core.ClassSizeChartWords(hist, words)
	return chartImage("class-sizes.png", png, err, v.loc.T("research.chart.failed"))
}

// riskChart renders risk before and after (research.RiskChart).
func (v *View) riskChart(before, after deid.Risk) fyne.CanvasObject {
	_, _, words := core.ChartTexts(v.loc)
	png, err := core.RiskChartWords(before, after, words)
	return chartImage("risk.png", png, err, v.loc.T("research.chart.failed"))
}
