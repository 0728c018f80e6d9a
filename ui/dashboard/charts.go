package dashboard

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"

	"custodia/app"
	"custodia/consent"
	"custodia/internal/charts"
)

// chartImage is one drawn chart.
type chartImage struct {
	name string
	png  []byte
}

// chartSize is the charts' size on screen (charts.SmallWidth × SmallHeight at 96 dpi).
var chartSize = fyne.NewSize(340, 227)

// drawCharts draws the open requests by state, the open requests by
// deadline clock and the due records by category; a chart without data
// is left out. Runs off the UI goroutine.
func (v *View) drawCharts(d app.Dashboard) []chartImage {
	var out []chartImage
	add := func(name string, b charts.Bars) {
		b.Width, b.Height, b.Integer = charts.SmallWidth, charts.SmallHeight, true
		data, err := b.PNG()
		if err != nil {
			return // a chart that cannot be drawn is left out; the figures stay
		}
		out = append(out, chartImage{name: name, png: data})
	}
	if d.Open > 0 {
		var labels []string
		var vals []float64
		for _, s := range d.ByState {
			labels = append(labels, v.loc.Label("state", string(s.State), string(s.State)))
			vals = append(vals, float64(s.N))
		}
		add("dashboard-states.png", charts.Bars{Title: v.loc.T("dashboard.chart.states"), YLabel: v.loc.T("dashboard.chart.requests"),
			Labels: labels, Series: []charts.Series{{Values: vals, Colour: charts.After}}})
		green := d.Open - d.Overdue - d.DueSoon
		add("dashboard-clock.png", charts.Bars{Title: v.loc.T("dashboard.chart.clock"), YLabel: v.loc.T("dashboard.chart.requests"),
			Labels: []string{v.loc.T("dashboard.clock.red"), v.loc.T("dashboard.clock.amber", "Days", consent.AmberDays), v.loc.T("dashboard.clock.green")},
			Series: []charts.Series{{Values: []float64{float64(d.Overdue), float64(d.DueSoon), float64(green)},
				Colours: []color.Color{charts.Red, charts.Amber, charts.Green}}}})
	}
	if d.Retention.Due > 0 {
		var labels []string
		var vals []float64
		for _, c := range d.Retention.ByCategory {
			labels = append(labels, v.category(c.Category))
			vals = append(vals, float64(c.N))
		}
		add("dashboard-retention.png", charts.Bars{Title: v.loc.T("dashboard.chart.retention"), YLabel: v.loc.T("dashboard.chart.records"),
			Labels: labels, Series: []charts.Series{{Values: vals, Colour: charts.Before}}})
	}
	return out
}

// showCharts puts the drawn charts on screen.
func (v *View) showCharts(pics []chartImage, visible bool) {
	v.images = v.images[:0]
	var objs []fyne.CanvasObject
	for _, p := range pics {
		img := canvas.NewImageFromResource(fyne.NewStaticResource(p.name, p.png))
		img.FillMode = canvas.ImageFillContain
		img.SetMinSize(chartSize)
		v.images = append(v.images, img)
		objs = append(objs, img)
	}
	v.charts.Objects = objs
	v.charts.Hidden = !visible || len(objs) == 0
	v.charts.Refresh()
}
