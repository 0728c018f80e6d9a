package research

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	core "custodia/research"
	"custodia/ui/kit"
)

// Choices of the privacy step (0 = off).
var (
	lChoices    = []float64{0, 2, 3, 4, 5}
	tChoices    = []float64{0, 0.5, 0.4, 0.3, 0.2, 0.15, 0.1}
	riskChoices = []float64{0, 0.2, 0.1, 0.05, 0.02}
	cChoices    = []float64{1, 2, 3, 4}
)

// privacyStep is step 4: k, l, t, average risk, the suppression limit,
// the utility metric and the search, with the live preview beside them.
type privacyStep struct {
	w       *Wizard
	content fyne.CanvasObject

	k           *widget.Slider
	kText       *widget.Label
	suppression *widget.Slider
	suppText    *widget.Label
	l           *kit.EscSelect
	lVariant    *kit.EscSelect
	c           *kit.EscSelect
	t           *kit.EscSelect
	risk        *kit.EscSelect
	metric      *kit.EscSelect
	algorithm   *kit.EscRadioGroup
	result      *scrollBox
	loading     bool
}

func newPrivacyStep(w *Wizard) *privacyStep {
	loc, lab := w.v.loc, w.v.lab
	p := &privacyStep{w: w, loading: true}
	p.k = widget.NewSlider(2, 50)
	p.k.Step = 1
	p.kText = widget.NewLabel("")
	p.suppression = widget.NewSlider(0, 20)
	p.suppression.Step = 0.5
	p.suppText = widget.NewLabel("")
	p.l = kit.NewEscSelect(p.choiceLabels(lChoices, func(f float64) string { return loc.Float(f, 0) }), nil)
	p.lVariant = kit.NewEscSelect(labelsOf([]string{core.LDistinct, core.LEntropy, core.LRecursive}, lab.lVariant), nil)
	p.c = kit.NewEscSelect(p.choiceLabels(cChoices, func(f float64) string { return loc.Float(f, 0) }), nil)
	p.t = kit.NewEscSelect(p.choiceLabels(tChoices, func(f float64) string { return loc.Float(f, 2) }), nil)
	p.risk = kit.NewEscSelect(p.choiceLabels(riskChoices, func(f float64) string { return loc.Percent(f, 0) }), nil)
	p.metric = kit.NewEscSelect(labelsOf(metrics(), lab.metric), nil)
	p.algorithm = kit.NewEscRadioGroup(labelsOf([]string{core.AlgorithmOptimal, core.AlgorithmMondrian}, lab.algorithm), nil)
	p.algorithm.Required = true
	p.load()
	p.k.OnChanged = func(float64) { p.apply() }
	p.suppression.OnChanged = func(float64) { p.apply() }
	for _, s := range []*kit.EscSelect{p.l, p.lVariant, p.c, p.t, p.risk, p.metric} {
		s.OnChanged = func(string) { p.apply() }
	}
	p.algorithm.OnChanged = func(string) { p.apply() }
	p.loading = false

	kItem := widget.NewFormItem(loc.T("research.privacy.k"), container.NewBorder(nil, nil, nil, p.kText, p.k))
	kItem.HintText = loc.T("research.privacy.kHint")
	sItem := widget.NewFormItem(loc.T("research.privacy.suppression"), container.NewBorder(nil, nil, nil, p.suppText, p.suppression))
	sItem.HintText = loc.T("research.privacy.suppressionHint")
	lItem := widget.NewFormItem(loc.T("research.privacy.l"), container.NewGridWithColumns(2, p.l, p.lVariant))
	lItem.HintText = loc.T("research.privacy.lHint")
	tItem := widget.NewFormItem(loc.T("research.privacy.t"), p.t)
	tItem.HintText = loc.T("research.privacy.tHint")
	form := widget.NewForm(kItem, sItem, lItem,
		widget.NewFormItem(loc.T("research.privacy.c"), p.c),
		tItem,
		widget.NewFormItem(loc.T("research.privacy.risk"), p.risk),
		widget.NewFormItem(loc.T("research.privacy.metric"), p.metric),
		widget.NewFormItem(loc.T("research.privacy.algorithm"), p.algorithm))
	p.result = newScrollBox()
	right := container.NewBorder(w.previewStatusFor(StepPrivacy), nil, nil, nil, p.result.scroll)
	split := container.NewHSplit(container.NewVScroll(form), right)
	split.SetOffset(0.4)
	p.content = split
	w.onPreview = append(w.onPreview, p.redraw)
	p.redraw()
	return p
}

func (p *privacyStep) choiceLabels(vals []float64, f func(float64) string) []string {
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i] = p.choiceLabel(v, f)
	}
	return out
}

func (p *privacyStep) choiceLabel(v float64, f func(float64) string) string {
	if v == 0 {
		return p.w.v.loc.T("research.privacy.off")
	}
	return f(v)
}

// choice returns the value whose label is shown (0 when none).
func choice(vals []float64, labels []string, shown string) float64 {
	for i, l := range labels {
		if l == shown {
			return vals[i]
		}
	}
	return 0
}

// nearest selects the option of vals nearest to v.
func nearest(s *kit.EscSelect, vals []float64, v float64) {
	best := 0
	for i, c := range vals {
		if abs(c-v) < abs(vals[best]-v) {
			best = i
		}
	}
	s.SetSelected(s.Options[best])
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

func (p *privacyStep) load() {
	d, lab := p.w.draft, p.w.v.lab
	p.k.SetValue(float64(max(2, d.Privacy.K)))
	p.suppression.SetValue(d.Privacy.Suppression * 100)
	nearest(p.l, lChoices, d.Privacy.L)
	p.lVariant.SetSelected(lab.lVariant(d.Privacy.LVariant))
	nearest(p.c, cChoices, d.Privacy.C)
	nearest(p.t, tChoices, d.Privacy.T)
	nearest(p.risk, riskChoices, d.Privacy.AverageRisk)
	p.metric.SetSelected(lab.metric(d.Metric))
	p.algorithm.SetSelected(lab.algorithm(d.Algorithm))
	p.texts()
}

func (p *privacyStep) texts() {
	loc := p.w.v.loc
	p.kText.SetText(loc.T("research.privacy.kValue", "K", int(p.k.Value)))
	p.suppText.SetText(loc.Percent(p.suppression.Value/100, 1))
	if p.l.Selected == p.l.Options[0] {
		p.lVariant.Disable()
	} else {
		p.lVariant.Enable()
	}
	if p.lVariant.Selected == p.w.v.lab.lVariant(core.LRecursive) && !p.lVariant.Disabled() {
		p.c.Enable()
	} else {
		p.c.Disable()
	}
}

// apply writes the parameters into the draft and asks for a new preview.
func (p *privacyStep) apply() {
	if p.loading {
		return
	}
	d, lab := &p.w.draft, p.w.v.lab
	p.texts()
	pr := core.Privacy{K: int(p.k.Value), Suppression: p.suppression.Value / 100}
	pr.L = choice(lChoices, p.l.Options, p.l.Selected)
	if pr.L > 0 {
		pr.LVariant = pick([]string{core.LDistinct, core.LEntropy, core.LRecursive}, lab.lVariant, p.lVariant.Selected)
		if pr.LVariant == core.LRecursive {
			pr.C = choice(cChoices, p.c.Options, p.c.Selected)
		}
	}
	pr.T = choice(tChoices, p.t.Options, p.t.Selected)
	pr.AverageRisk = choice(riskChoices, p.risk.Options, p.risk.Selected)
	d.Privacy = pr
	d.Metric = pick(metrics(), lab.metric, p.metric.Selected)
	d.Algorithm = pick([]string{core.AlgorithmOptimal, core.AlgorithmMondrian}, lab.algorithm, p.algorithm.Selected)
	p.w.changed()
}

// SetK moves the k slider (as a person would).
func (p *privacyStep) SetK(k int) { p.k.SetValue(float64(k)) }

// redraw shows the newest preview: suppressed rows, classes, risk and
// utility, the level per column, and the class-size and risk charts.
func (p *privacyStep) redraw() {
	w := p.w
	switch {
	case w.report != nil:
		r := w.report
		p.result.set(
			w.v.resultFigures(r),
			w.v.resultCharts(r),
			w.v.transformTable(r.Transformation),
		)
	case w.reportErr != nil:
		p.result.set(problemLabel(w.v.errorText(w.reportErr)))
	default:
		p.result.set(hint(w.v.loc.T("research.preview.none")))
	}
}
