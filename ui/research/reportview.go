package research

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"custodia/deid"
	core "custodia/research"
)

// reportView shows an export's report: the study, cohort and gate, the
// model, what was generalised and suppressed, risk, utility and the
// independent re-check, with the report's charts. opened, if set, adds
// what opening the package verified. lead are label/value pairs shown
// first in the report's opening list (the export's own facts), so their
// values line up with the study's.
func (v *View) reportView(r *core.Report, opened *core.Opened, lead ...string) fyne.CanvasObject {
	objs := []fyne.CanvasObject{
		keyValues(append(lead,
			v.loc.T("research.report.study"), v.loc.T("research.home.studyTitle", "Study", r.Study.Name, "Version", r.Study.Version),
			v.loc.T("research.report.purpose"), v.purposeNamed(r.Study.Purpose, r.Study.PurposeName),
			v.loc.T("research.report.recipient"), recipientLine(r.Study.RecipientOrg, r.Study.Contact),
			v.loc.T("research.report.level"), v.lab.level(r.Study.Level),
			v.loc.T("research.report.created"), v.loc.DateTime(r.Created),
		)...),
		heading(v.loc.T("research.report.cohort")),
		v.cohortFigures(r.Cohort),
		v.exclusionChart(r.Cohort.Excluded),
		v.exclusionList(r.Cohort.Excluded),
		heading(v.loc.T("research.report.result")),
		v.resultFigures(r),
		keyValues(v.loc.T("research.result.model"), v.modelText(r.Model)),
		v.transformTable(r.Transformation),
		container.NewGridWrap(chartSize, v.classSizeChart(r.ClassSizes), v.riskChart(r.Risk.Before, r.Risk.AfterPatients)),
	}
	if r.Verification != nil {
		objs = append(objs, heading(v.loc.T("research.report.recheck")), v.checks(r.Verification))
	}
	if opened != nil {
		objs = append([]fyne.CanvasObject{v.openedSummary(opened)}, objs...)
	}
	return container.NewVBox(objs...)
}

// recipientLine names the organisation and, where it is someone else,
// the contact there (a study without a contact names the organisation as
// its contact: shown once).
func recipientLine(org, contact string) string {
	if contact == "" || contact == org {
		return org
	}
	return org + " · " + contact
}

// cohortFigures are the counts through the criteria and the gate: the
// vault, outside the criteria, meeting them, excluded, passed.
func (v *View) cohortFigures(c core.ReportCohort) fyne.CanvasObject {
	return keyValues(
		v.loc.T("sweepres.cohort.inVault"), v.patients(c.Candidates+c.NotInCohort),
		v.loc.T("research.cohort.notInCohort"), v.patients(c.NotInCohort),
		v.loc.T("research.cohort.candidates"), v.patients(c.Candidates),
		v.loc.T("research.cohort.excluded"), v.patients(c.ExcludedTotal),
		v.loc.T("research.cohort.included"), v.patients(c.Included),
	)
}

// resultFigures are rows, suppression, classes, risk and utility.
func (v *View) resultFigures(r *core.Report) fyne.CanvasObject {
	u := r.Utility
	return keyValues(
		v.loc.T("release.label"), core.ReleaseText(v.loc, r),
		v.loc.T("research.result.suppressed"), v.loc.T("research.result.suppressedValue",
			"Rows", v.loc.Int(r.Rows.Suppressed), "Patients", v.patients(r.Rows.PatientsSuppressed),
			"Limit", v.loc.Percent(r.Model.SuppressionLimit, 1)),
		v.loc.T("research.result.classes"), v.loc.T("research.result.classesValue", "Classes", v.loc.Int(r.Classes),
			"Smallest", v.patients(r.Risk.AfterPatients.SmallestClass)),
		v.loc.T("research.result.risk"), core.HighestRiskText(v.loc, r),
		v.loc.T("research.result.utility"), v.utilityText(r.Model.Metric, u),
	)
}

// utilityText is the metric's score and the information loss (once, when
// the metric is the loss).
func (v *View) utilityText(metric string, u core.ReportUtil) string {
	loss := v.loc.T("research.result.lossValue", "Loss", v.loc.Percent(u.Loss, 1))
	if metric == string(deid.MetricLoss) {
		return loss
	}
	return v.loc.T("research.result.utilityValue", "Metric", v.lab.metric(metric), "Score", v.loc.Float(u.Score, 4), "Loss", v.loc.Percent(u.Loss, 1))
}

// modelText words the privacy model ("k = 5, l = 2 (distinct), …").
func (v *View) modelText(m core.ReportModel) string {
	p := m.Privacy
	s := v.loc.T("research.model.k", "K", p.K)
	if p.L > 0 {
		s += ", " + v.loc.T("research.model.l", "L", v.loc.Float(p.L, 1), "Variant", v.lab.lVariant(p.LVariant))
	}
	if p.T > 0 {
		s += ", " + v.loc.T("research.model.t", "T", v.loc.Float(p.T, 2))
	}
	if p.AverageRisk > 0 {
		s += ", " + v.loc.T("research.model.avgRisk", "Risk", v.loc.Percent(p.AverageRisk, 1))
	}
	return s + " · " + v.lab.algorithm(m.Algorithm)
}

// resultCharts are the class-size histogram and the risk before and after,
// as tabs so that both are in view without scrolling.
func (v *View) resultCharts(r *core.Report) fyne.CanvasObject {
	return container.NewAppTabs(
		container.NewTabItem(v.loc.T("research.chart.classSizes"), v.classSizeChart(r.ClassSizes)),
		container.NewTabItem(v.loc.T("research.chart.risk"), v.riskChart(r.Risk.Before, r.Risk.AfterPatients)))
}

// transformTable shows the generalisation level per quasi-identifier.
func (v *View) transformTable(ts []deid.QITransform) fyne.CanvasObject {
	pairs := []string{}
	for _, t := range ts {
		val := v.loc.T("research.transform.level", "Level", t.Level, "Height", t.Height)
		switch {
		case t.Level < 0:
			val = v.loc.T("research.transform.local")
		case t.Level == 0:
			val = v.loc.T("research.transform.none", "Height", t.Height)
		case t.Level == t.Height:
			val = v.loc.T("research.transform.all", "Height", t.Height)
		}
		pairs = append(pairs, core.ColumnText(v.loc, t.Column), val)
	}
	if len(pairs) == 0 {
		return hint(v.loc.T("research.transform.empty"))
	}
	return container.NewVBox(heading(v.loc.T("research.transform.title")), keyValues(pairs...))
}

// openedSummary says what opening a package verified.
func (v *View) openedSummary(o *core.Opened) fyne.CanvasObject {
	title := v.loc.T("research.open.ok")
	imp := widget.SuccessImportance
	if !o.OK() {
		title, imp = v.loc.T("research.open.failedCheck"), widget.DangerImportance
	}
	t := widget.NewLabel(title)
	t.Importance = imp
	t.TextStyle.Bold = true
	t.Wrapping = fyne.TextWrapWord
	objs := []fyne.CanvasObject{t,
		keyValues(v.loc.T("research.open.dir"), o.Dir,
			v.loc.T("research.open.files"), v.loc.T("research.open.filesValue", "Count", len(o.Files)))}
	if o.Verified != nil {
		objs = append(objs, heading(v.loc.T("research.open.recheck")), v.checks(o.Verified))
	}
	return container.NewVBox(objs...)
}
