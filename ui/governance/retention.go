package governance

import (
	"custodia/i18n"
	"custodia/ui/kit"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	usecase "custodia/app"
	"custodia/consent"
)

// isKept reports whether a due item is kept data of an erased patient.
func isKept(d consent.DueItem) bool { return usecase.IsKept(d) }

// actionText names what happens at the end of a period.
func actionText(loc *i18n.Localizer, a consent.Action) string {
	return loc.Label("endaction", string(a), "")
}

var (
	ruleTriggers   = []consent.Trigger{consent.TriggerLastTreatment, consent.TriggerCreated, consent.TriggerClosed, consent.TriggerYearEnd}
	ruleExceptions = []string{"", "b", "c", "d", "e"}
	ruleCategories = consent.RecordCategories()
)

func exceptionLabel(loc *i18n.Localizer, e string) string {
	if e == "" {
		return loc.T("governance.retention.noexception")
	}
	return usecase.ExceptionText(loc, e)
}

// RuleForm edits one retention rule (the DPO or an administrator).
type RuleForm struct {
	view     *RetentionView
	rule     consent.RetentionRule
	category *kit.EscSelect
	years    *kit.EscEntry
	months   *kit.EscEntry
	from     *kit.EscSelect
	yearEnd  *kit.EscCheck
	source   *kit.EscEntry
	except   *kit.EscSelect
	expiry   *kit.EscSelect
	problem  *widget.Label
	dlg      dialog.Dialog
}

func newRuleForm(v *RetentionView, r consent.RetentionRule) *RuleForm {
	f := &RuleForm{view: v, rule: r}
	loc := v.env.Loc
	f.category = kit.NewEscSelect(labels(ruleCategories, func(c consent.RecordCategory) string { return kit.RecordLabel(loc, c) }), nil)
	f.years, f.months = kit.NewEscEntry(), kit.NewEscEntry()
	f.from = kit.NewEscSelect(labels(ruleTriggers, func(t consent.Trigger) string { return kit.TriggerLabel(loc, t) }), nil)
	f.yearEnd = kit.NewEscCheck(loc.T("governance.retention.yearend.check"), nil)
	f.source = kit.NewEscMultiLineEntry()
	f.source.SetPlaceHolder(loc.T("governance.retention.source.placeholder"))
	f.except = kit.NewEscSelect(labels(ruleExceptions, func(e string) string { return exceptionLabel(loc, e) }), nil)
	f.expiry = kit.NewEscSelect([]string{actionText(loc, consent.ActErase), actionText(loc, consent.ActAnonymise)}, nil)
	f.problem = kit.WrapLabel("")
	f.problem.Importance = widget.DangerImportance
	f.fill(r)
	return f
}

func labels[T any](xs []T, label func(T) string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = label(x)
	}
	return out
}

func (f *RuleForm) fill(r consent.RetentionRule) {
	if r.Category != "" {
		f.category.SetSelected(kit.RecordLabel(f.view.env.Loc, r.Category))
	}
	f.years.SetText(strconv.Itoa(r.Years))
	f.months.SetText(strconv.Itoa(r.Months))
	if r.Trigger != "" {
		f.from.SetSelected(kit.TriggerLabel(f.view.env.Loc, r.Trigger))
	}
	f.yearEnd.SetChecked(r.YearEnd)
	f.source.SetText(usecase.EditableLegalSource(f.view.env.Loc, r))
	f.except.SetSelected(exceptionLabel(f.view.env.Loc, r.Exception))
	if r.OnExpiry != "" {
		f.expiry.SetSelected(actionText(f.view.env.Loc, r.OnExpiry))
	}
}

// Set fills the form; for tests and the tour.
func (f *RuleForm) Set(years, months int, yearEnd bool, source string) {
	f.years.SetText(strconv.Itoa(years))
	f.months.SetText(strconv.Itoa(months))
	f.yearEnd.SetChecked(yearEnd)
	f.source.SetText(source)
}

// Problem is the form's error line.
func (f *RuleForm) Problem() string { return f.problem.Text }

// Rule is the rule the form describes, or the fields in error.
func (f *RuleForm) Rule() (consent.RetentionRule, error) {
	r := f.rule
	loc := f.view.env.Loc
	var fe []consent.FieldError
	for i, c := range ruleCategories {
		if kit.RecordLabel(loc, c) == f.category.Selected {
			r.Category = ruleCategories[i]
		}
	}
	var err error
	if r.Years, err = strconv.Atoi(strings.TrimSpace(f.years.Text)); err != nil {
		fe = append(fe, consent.FieldError{Field: loc.T("governance.retention.years"), Message: loc.T("governance.want.whole")})
	}
	if r.Months, err = strconv.Atoi(strings.TrimSpace(f.months.Text)); err != nil {
		fe = append(fe, consent.FieldError{Field: loc.T("governance.retention.months"), Message: loc.T("governance.want.whole")})
	}
	for _, t := range ruleTriggers {
		if kit.TriggerLabel(loc, t) == f.from.Selected {
			r.Trigger = t
		}
	}
	r.YearEnd, r.LegalSource = f.yearEnd.Checked, usecase.EditedLegalSource(loc, f.rule, f.source.Text)
	for _, e := range ruleExceptions {
		if exceptionLabel(loc, e) == f.except.Selected {
			r.Exception = e
		}
	}
	r.OnExpiry = consent.ActErase
	if f.expiry.Selected == actionText(loc, consent.ActAnonymise) {
		r.OnExpiry = consent.ActAnonymise
	}
	if len(fe) > 0 {
		return r, &consent.ValidationError{Fields: fe}
	}
	return r, r.Validate()
}

// Submit stores the rule; the store checks the permission and the version.
func (f *RuleForm) Submit() {
	v := f.view
	v.env.Touch()
	r, err := f.Rule()
	if err != nil {
		f.problem.SetText(fieldProblems(f.view.env.Loc, err))
		return
	}
	var stored consent.RetentionRule
	v.env.RunBusy(v.bar, func() { stored, err = v.uc.SaveRetentionRule(r) }, func() {
		if err != nil {
			f.problem.SetText(fieldProblems(f.view.env.Loc, err))
			return
		}
		f.problem.SetText("")
		if f.dlg != nil {
			f.dlg.Hide()
		}
		f.view.status.SetText(f.view.env.Loc.T("governance.retention.saved", "Records", kit.RecordLabel(f.view.env.Loc, stored.Category)))
		f.view.Reload()
	})
}

func (f *RuleForm) confirmDelete() {
	loc := f.view.env.Loc
	dialog.ShowConfirm(loc.T("governance.retention.delete.title"), loc.T("governance.retention.delete.confirm", "Records", kit.RecordLabel(loc, f.rule.Category)), func(ok bool) {
		if ok {
			f.Delete()
		}
	}, f.view.env.Win)
}

// Delete removes the stored rule; the store checks the permission and the
// version. Records of its category are then kept until a rule exists.
func (f *RuleForm) Delete() {
	v := f.view
	v.env.Touch()
	var err error
	v.env.RunBusy(v.bar, func() { err = v.uc.DeleteRetentionRule(f.rule.ID) }, func() {
		if err != nil {
			f.problem.SetText(fieldProblems(f.view.env.Loc, err))
			return
		}
		f.problem.SetText("")
		if f.dlg != nil {
			f.dlg.Hide()
		}
		v.status.SetText(v.env.Loc.T("governance.retention.deleted", "Records", kit.RecordLabel(v.env.Loc, f.rule.Category)))
		v.Reload()
	})
}

// fieldProblems lists a validation error's fields, else describes err.
func fieldProblems(loc *i18n.Localizer, err error) string {
	if ps, ok := usecase.FieldProblems(loc, err); ok {
		return usecase.JoinProblems(ps, "\n")
	}
	return kit.Describe(loc, err).Message
}

func (f *RuleForm) show() {
	loc := f.view.env.Loc
	form := widget.NewForm(
		widget.NewFormItem(loc.T("governance.retention.col.records"), f.category),
		widget.NewFormItem(loc.T("governance.retention.years"), f.years),
		widget.NewFormItem(loc.T("governance.retention.months"), f.months),
		widget.NewFormItem(loc.T("governance.retention.col.from"), f.from),
		widget.NewFormItem("", f.yearEnd),
		widget.NewFormItem(loc.T("governance.retention.col.source"), f.source),
		widget.NewFormItem(loc.T("governance.retention.col.kept"), f.except),
		widget.NewFormItem(loc.T("governance.retention.col.end"), f.expiry),
	)
	save := widget.NewButton(loc.T("governance.retention.save"), f.Submit)
	save.Importance = widget.HighImportance
	buttons := container.NewHBox(kit.Spacer(), save)
	if f.rule.Version > 0 {
		del := widget.NewButtonWithIcon(loc.T("governance.retention.delete"), theme.DeleteIcon(), f.confirmDelete)
		del.Importance = widget.DangerImportance
		buttons = container.NewHBox(del, kit.Spacer(), save)
	}
	kit.SubmitOnEnter(save, form)
	body, need := kit.DialogBody(form, container.NewVBox(f.problem, buttons))
	// a refusal of several fields runs to three lines in German: one more
	// than DialogBody keeps, so the form does not scroll when it comes
	need.Height += kit.TextLines(1)
	f.dlg = dialog.NewCustom(loc.T("governance.retention.rule"), loc.T("common.close"), body, f.view.env.Win)
	f.dlg.Resize(kit.FitDialogTo(f.view.env.Win, need, fyne.NewSize(560, 0)))
	f.dlg.Show()
}

// EditRule opens the form for a rule of the schedule (by row).
func (v *RetentionView) EditRule(row int) {
	v.env.Touch()
	if row < 0 || row >= len(v.ruleList) || !v.uc.Can(consent.PermGovernance) {
		return
	}
	v.RuleForm = newRuleForm(v, v.ruleList[row])
	v.RuleForm.show()
}

// NewRule opens the form for a rule of the practice's own.
func (v *RetentionView) NewRule() {
	v.env.Touch()
	v.RuleForm = newRuleForm(v, consent.RetentionRule{ID: consent.NewID(), Trigger: consent.TriggerLastTreatment, OnExpiry: consent.ActErase})
	v.RuleForm.show()
}

// SourceText is the legal source the form shows; for tests.
func (f *RuleForm) SourceText() string { return f.source.Text }
