package research

import (
	"custodia/ui/kit"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	core "custodia/research"
)

// cohortStep is step 2: the row level and the cohort criteria, with the
// counts through the criteria and the consent gate and the exclusions by
// reason as a chart.
type cohortStep struct {
	w       *Wizard
	content fyne.CanvasObject

	level  *kit.EscRadioGroup
	icd    *widget.Entry
	from   *widget.Entry
	to     *widget.Entry
	ageMin *widget.Entry
	ageMax *widget.Entry
	result *scrollBox
}

func newCohortStep(w *Wizard) *cohortStep {
	loc, lab := w.v.loc, w.v.lab
	c := &cohortStep{w: w}
	c.level = kit.NewEscRadioGroup([]string{lab.level(core.LevelPatient), lab.level(core.LevelEncounter)}, func(string) { c.apply() })
	c.level.Required = true
	c.icd = widget.NewEntry()
	c.icd.SetPlaceHolder(loc.T("research.cohort.icdPlaceholder"))
	c.from, c.to = widget.NewEntry(), widget.NewEntry()
	c.from.SetPlaceHolder(kit.DateFieldHint(loc))
	c.to.SetPlaceHolder(kit.DateFieldHint(loc))
	c.ageMin, c.ageMax = widget.NewEntry(), widget.NewEntry()
	c.ageMin.SetPlaceHolder("0")
	c.ageMax.SetPlaceHolder("120")
	c.load()
	for _, e := range []*widget.Entry{c.icd, c.from, c.to, c.ageMin, c.ageMax} {
		e.OnChanged = func(string) { c.apply() }
	}
	levelItem := widget.NewFormItem(loc.T("research.cohort.level"), c.level)
	levelItem.HintText = loc.T("research.cohort.levelHint")
	icdItem := widget.NewFormItem(loc.T("research.cohort.icd"), c.icd)
	icdItem.HintText = loc.T("research.cohort.icdHint")
	form := widget.NewForm(levelItem, icdItem,
		widget.NewFormItem(loc.T("research.cohort.from"), c.from),
		widget.NewFormItem(loc.T("research.cohort.to"), c.to),
		widget.NewFormItem(loc.T("research.cohort.ageMin"), c.ageMin),
		widget.NewFormItem(loc.T("research.cohort.ageMax"), c.ageMax))
	left := container.NewVBox(hint(loc.T("research.cohort.intro")), form)
	c.result = newScrollBox()
	right := container.NewBorder(w.previewStatusFor(StepCohort), nil, nil, nil, c.result.scroll)
	split := container.NewHSplit(container.NewVScroll(container.NewPadded(left)), right)
	split.SetOffset(0.42)
	c.content = split
	w.onPreview = append(w.onPreview, c.redraw)
	c.redraw()
	return c
}

func (c *cohortStep) load() {
	d := c.w.draft
	c.level.SetSelected(c.w.v.lab.level(d.Level))
	c.icd.SetText(d.Cohort.ICDPrefix)
	c.from.SetText(shownDate(c.w.v.loc, d.Cohort.From))
	c.to.SetText(shownDate(c.w.v.loc, d.Cohort.To))
	if d.Cohort.AgeMin > 0 {
		c.ageMin.SetText(strconv.Itoa(d.Cohort.AgeMin))
	}
	if d.Cohort.AgeMax > 0 {
		c.ageMax.SetText(strconv.Itoa(d.Cohort.AgeMax))
	}
}

// apply writes the criteria into the draft and asks for a new preview.
func (c *cohortStep) apply() {
	if c.ageMax == nil { // still building
		return
	}
	d := &c.w.draft
	level := core.LevelPatient
	if c.level.Selected == c.w.v.lab.level(core.LevelEncounter) {
		level = core.LevelEncounter
	}
	if level != d.Level {
		d.Level = level
		c.w.levelChanged()
	}
	d.Cohort = core.Cohort{
		ICDPrefix: strings.ToUpper(strings.TrimSpace(c.icd.Text)),
		From:      studyDate(c.w.v.loc, c.from.Text), To: studyDate(c.w.v.loc, c.to.Text),
		AgeMin: number(c.ageMin.Text), AgeMax: number(c.ageMax.Text),
	}
	c.w.changed()
}

// number reads a whole number; anything else is -1, which Validate
// reports as out of range.
func number(s string) int {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}

// redraw shows the newest preview's cohort figures.
func (c *cohortStep) redraw() {
	w := c.w
	switch {
	case w.report != nil:
		r := w.report.Cohort
		c.result.set(
			heading(w.v.loc.T("research.cohort.counts")),
			w.v.cohortFigures(r),
			w.v.exclusionChart(r.Excluded),
			w.v.exclusionList(r.Excluded),
		)
	case w.reportErr != nil:
		c.result.set(problemLabel(w.v.errorText(w.reportErr)))
	default:
		c.result.set(hint(w.v.loc.T("research.preview.none")))
	}
}

// exclusionList spells the exclusions out (the chart's figures as text).
func (v *View) exclusionList(excluded map[string]int) fyne.CanvasObject {
	codes, merged := exclusions(excluded)
	if len(codes) == 0 {
		return hint(v.loc.T("research.cohort.noneExcluded"))
	}
	var pairs []string
	for _, c := range codes {
		pairs = append(pairs, v.lab.reason(c), v.patients(merged[c]))
	}
	return keyValues(pairs...)
}

func problemLabel(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapWord
	return l
}
