package ui

import (
	"custodia/i18n"
	"errors"
	"fmt"
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

// countsFromText says when a rule's period starts, for people.
func countsFromText(r consent.RetentionRule) string {
	if r.CountsFromYearEnd() && r.Trigger != consent.TriggerYearEnd {
		return "end of the year of " + strings.TrimPrefix(r.Trigger.Label(), "the ")
	}
	return r.Trigger.Label()
}

// actionText names what happens at the end of a period.
func actionText(a consent.Action) string {
	switch a {
	case consent.ActErase:
		return "delete"
	case consent.ActAnonymise:
		return "anonymise"
	case consent.ActKeep:
		return "keep"
	}
	return string(a)
}

var (
	ruleTriggers   = []consent.Trigger{consent.TriggerLastTreatment, consent.TriggerCreated, consent.TriggerClosed, consent.TriggerYearEnd}
	ruleExceptions = []string{"", "b", "c", "d", "e"}
	ruleCategories = consent.RecordCategories()
)

func exceptionLabel(e string) string {
	if e == "" {
		return "none: an erasure request erases them"
	}
	return (consent.RetentionRule{Exception: e}).ExceptionText()
}

// RuleForm edits one retention rule (the DPO or an administrator).
type RuleForm struct {
	view     *RetentionView
	rule     consent.RetentionRule
	category *widget.Select
	years    *widget.Entry
	months   *widget.Entry
	from     *widget.Select
	yearEnd  *widget.Check
	source   *widget.Entry
	except   *widget.Select
	expiry   *widget.Select
	problem  *widget.Label
	dlg      dialog.Dialog
}

func newRuleForm(v *RetentionView, r consent.RetentionRule) *RuleForm {
	f := &RuleForm{view: v, rule: r}
	f.category = widget.NewSelect(labels(ruleCategories, func(c consent.RecordCategory) string { return c.Label() }), nil)
	f.years, f.months = widget.NewEntry(), widget.NewEntry()
	f.from = widget.NewSelect(labels(ruleTriggers, func(t consent.Trigger) string { return t.Label() }), nil)
	f.yearEnd = widget.NewCheck("Count from the end of that year (e.g. § 199 BGB)", nil)
	f.source = widget.NewMultiLineEntry()
	f.source.SetPlaceHolder("the law or reason that sets the period")
	f.except = widget.NewSelect(labels(ruleExceptions, exceptionLabel), nil)
	f.expiry = widget.NewSelect([]string{actionText(consent.ActErase), actionText(consent.ActAnonymise)}, nil)
	f.problem = wrapLabel("")
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
		f.category.SetSelected(r.Category.Label())
	}
	f.years.SetText(strconv.Itoa(r.Years))
	f.months.SetText(strconv.Itoa(r.Months))
	if r.Trigger != "" {
		f.from.SetSelected(r.Trigger.Label())
	}
	f.yearEnd.SetChecked(r.YearEnd)
	f.source.SetText(r.LegalSource)
	f.except.SetSelected(exceptionLabel(r.Exception))
	if r.OnExpiry != "" {
		f.expiry.SetSelected(actionText(r.OnExpiry))
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
	var fe []consent.FieldError
	for i, c := range ruleCategories {
		if c.Label() == f.category.Selected {
			r.Category = ruleCategories[i]
		}
	}
	var err error
	if r.Years, err = strconv.Atoi(strings.TrimSpace(f.years.Text)); err != nil {
		fe = append(fe, consent.FieldError{Field: "years", Message: "want a whole number"})
	}
	if r.Months, err = strconv.Atoi(strings.TrimSpace(f.months.Text)); err != nil {
		fe = append(fe, consent.FieldError{Field: "months", Message: "want a whole number"})
	}
	for _, t := range ruleTriggers {
		if t.Label() == f.from.Selected {
			r.Trigger = t
		}
	}
	r.YearEnd, r.LegalSource = f.yearEnd.Checked, strings.TrimSpace(f.source.Text)
	for _, e := range ruleExceptions {
		if exceptionLabel(e) == f.except.Selected {
			r.Exception = e
		}
	}
	r.OnExpiry = consent.ActErase
	if f.expiry.Selected == actionText(consent.ActAnonymise) {
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
	v.app.Touch()
	r, err := f.Rule()
	if err != nil {
		f.problem.SetText(fieldProblems(f.view.app.loc, err))
		return
	}
	var stored consent.RetentionRule
	v.app.runBusy(v.bar, func() { stored, err = v.uc.SaveRetentionRule(r) }, func() {
		if err != nil {
			f.problem.SetText(fieldProblems(f.view.app.loc, err))
			return
		}
		f.problem.SetText("")
		if f.dlg != nil {
			f.dlg.Hide()
		}
		f.view.status.SetText(fmt.Sprintf("Retention rule for %s saved.", stored.Category.Label()))
		f.view.Reload()
	})
}

func (f *RuleForm) confirmDelete() {
	dialog.ShowConfirm("Delete retention rule", "Delete the rule for "+f.rule.Category.Label()+
		"? Records of this category are then kept until a rule for them exists.", func(ok bool) {
		if ok {
			f.Delete()
		}
	}, f.view.app.win)
}

// Delete removes the stored rule; the store checks the permission and the
// version. Records of its category are then kept until a rule exists.
func (f *RuleForm) Delete() {
	v := f.view
	v.app.Touch()
	var err error
	v.app.runBusy(v.bar, func() { err = v.uc.DeleteRetentionRule(f.rule.ID) }, func() {
		if err != nil {
			f.problem.SetText(fieldProblems(f.view.app.loc, err))
			return
		}
		f.problem.SetText("")
		if f.dlg != nil {
			f.dlg.Hide()
		}
		v.status.SetText(fmt.Sprintf("Retention rule for %s deleted: those records are kept until a rule for them exists.", f.rule.Category.Label()))
		v.Reload()
	})
}

// fieldProblems lists a validation error's fields, else describes err.
func fieldProblems(loc *i18n.Localizer, err error) string {
	var ve *consent.ValidationError
	if !errors.As(err, &ve) {
		return Describe(loc, err).Message
	}
	lines := make([]string, len(ve.Fields))
	for i, f := range ve.Fields {
		lines[i] = f.Field + ": " + f.Message
	}
	return strings.Join(lines, "\n")
}

func (f *RuleForm) show() {
	form := widget.NewForm(
		widget.NewFormItem("Records", f.category),
		widget.NewFormItem("Years", f.years),
		widget.NewFormItem("Months", f.months),
		widget.NewFormItem("Counts from", f.from),
		widget.NewFormItem("", f.yearEnd),
		widget.NewFormItem("Legal source", f.source),
		widget.NewFormItem("Kept against erasure", f.except),
		widget.NewFormItem("At the end", f.expiry),
	)
	save := widget.NewButton("Save rule", f.Submit)
	save.Importance = widget.HighImportance
	buttons := container.NewHBox(layoutSpacer(), save)
	if f.rule.Version > 0 {
		del := widget.NewButtonWithIcon("Delete rule…", theme.DeleteIcon(), f.confirmDelete)
		del.Importance = widget.DangerImportance
		buttons = container.NewHBox(del, layoutSpacer(), save)
	}
	body := container.NewBorder(nil, container.NewVBox(f.problem, buttons), nil, nil, form)
	f.dlg = dialog.NewCustom("Retention rule", "Close", body, f.view.app.win)
	f.dlg.Resize(fyne.NewSize(640, 520))
	f.dlg.Show()
}

// EditRule opens the form for a rule of the schedule (by row).
func (v *RetentionView) EditRule(row int) {
	v.app.Touch()
	if row < 0 || row >= len(v.ruleList) || !v.uc.Can(consent.PermGovernance) {
		return
	}
	v.RuleForm = newRuleForm(v, v.ruleList[row])
	v.RuleForm.show()
}

// NewRule opens the form for a rule of the practice's own.
func (v *RetentionView) NewRule() {
	v.app.Touch()
	v.RuleForm = newRuleForm(v, consent.RetentionRule{ID: consent.NewID(), Trigger: consent.TriggerLastTreatment, OnExpiry: consent.ActErase})
	v.RuleForm.show()
}
