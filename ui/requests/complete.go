package requests

import (
	"fmt"
	"sort"
	"strings"

	"custodia/i18n"
	"custodia/ui/kit"

	usecase "custodia/app"
	"custodia/consent"
	"custodia/vault"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// Complete carries out what the request asks and closes it: the erasure
// dialog, the access package, the restriction flag, the withdrawal of a
// consent, an objection's block, or a rectification.
func (d *RequestDetail) Complete() {
	r := d.req
	switch r.Type {
	case consent.ReqErasure:
		d.OpenErasure()
	case consent.ReqAccess, consent.ReqPortability, consent.ReqHIPAAAccess:
		d.OpenPackage()
	case consent.ReqRectification, consent.ReqHIPAAAmendment:
		d.openRectify()
	case consent.ReqRestriction:
		d.confirmComplete(d.env.Loc.T("requests.complete.restrict", "Name", d.view.names.label(r.SubjectID)))
	case consent.ReqConsentWithdrawal:
		d.confirmComplete(d.env.Loc.T("requests.complete.withdraw", "Name", d.view.names.label(r.SubjectID), "Purpose", d.env.Loc.Label("purpose", r.PurposeID, "")))
	default:
		d.confirmComplete(d.env.Loc.T("requests.complete.objection", "Purpose", d.env.Loc.Label("purpose", r.PurposeID, "")))
	}
}

func (d *RequestDetail) confirmComplete(question string) {
	dialog.ShowConfirm(d.env.T("requests.complete.title"), question, func(ok bool) {
		if ok {
			d.CompleteWith(d.env.T("requests.done.complete"), usecase.Work{})
		}
	}, d.env.Win)
}

// CompleteWith completes the request through the use case (package app),
// which checks the workflow first, carries out what the type asks (with
// w's package destination or corrected fields) and closes it. After a
// rectification, erasure or restriction the recipients to notify
// (Art. 19) are listed.
func (d *RequestDetail) CompleteWith(done string, w usecase.Work) {
	d.completeThen(done, w, nil)
}

// completeThen is CompleteWith with ok called after success.
func (d *RequestDetail) completeThen(done string, w usecase.Work, ok func()) {
	d.completeThenOr(done, w, ok, nil)
}

// completeThenOr is completeThen with failed (when set) called after a failure.
func (d *RequestDetail) completeThenOr(done string, w usecase.Work, ok, failed func()) {
	r := d.req
	var notes []consent.Notification
	var err error
	d.env.RunBusy(d.bar, func() { _, notes, err = d.uc.CompleteRequest(r, w) }, func() {
		if err != nil {
			d.status.SetText(d.env.Loc.T("requests.notcompleted"))
			d.env.ShowError(err)
			d.Reload()
			if failed != nil {
				failed()
			}
			return
		}
		if ok != nil {
			ok()
		}
		d.status.SetText(done + notificationText(d.env.Loc, notes))
		d.Reload()
		d.view.Reload()
	})
}

func notificationText(loc *i18n.Localizer, ns []consent.Notification) string {
	if len(ns) == 0 {
		return ""
	}
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = usecase.NotificationText(loc, n)
	}
	return " " + loc.T("requests.notify", "List", strings.Join(parts, "; "))
}

// openRectify asks for the corrected field and stores it with history.
func (d *RequestDetail) openRectify() {
	canClinic := d.uc.User().Role.Can(vault.PermPatientClinical)
	var names, labels []string
	for _, n := range append(kit.PatientFieldOrder(), kit.FieldSex) {
		if !canClinic && (n == kit.FieldDiagnosis || n == kit.FieldNotes) {
			continue
		}
		names = append(names, n)
		labels = append(labels, kit.FieldLabel(d.env.Loc, n))
	}
	field := kit.NewEscSelect(labels, nil)
	value := kit.NewPrivateEntry()
	value.SetPlaceHolder(d.env.Loc.T("requests.rectify.value.placeholder"))
	hint := kit.WrapLabel(d.env.Loc.T("requests.rectify.hint"))
	hint.Importance = widget.LowImportance
	loc := d.env.Loc
	body := container.NewVBox(widget.NewForm(widget.NewFormItem(loc.T("requests.rectify.field"), field), widget.NewFormItem(loc.T("requests.rectify.value"), value)), hint)
	dlg := dialog.NewCustomConfirm(loc.T("requests.rectify.title"), loc.T("requests.rectify.ok"), loc.T("common.cancel"), container.New(&kit.FixedWidth{Width: 480}, body), func(ok bool) {
		i := field.SelectedIndex()
		if !ok || i < 0 {
			return
		}
		d.CompleteWith(loc.T("requests.done.rectify"), usecase.Work{Rectify: rectifyField(d.env.Loc, names[i], value.Text, canClinic)})
	}, d.env.Win)
	kit.ConfirmOnEnter(dlg, body)
	dlg.Show()
}

// rectifyField returns the change of one field of a rectification; a
// value the form rejects is a validation error naming the field.
func rectifyField(loc *i18n.Localizer, field, value string, canClinic bool) func(*vault.Patient) error {
	return func(p *vault.Patient) error {
		fields := kit.FieldsOf(loc, *p)
		fields[field] = value
		np, errs := kit.BuildPatient(loc, *p, fields, canClinic)
		if len(errs) > 0 {
			return fieldErrorsAsValidation(loc, errs)
		}
		*p = np
		return nil
	}
}

func fieldErrorsAsValidation(loc *i18n.Localizer, errs kit.FieldErrors) error {
	var fe []consent.FieldError
	for name, msg := range errs {
		fe = append(fe, consent.FieldError{Field: kit.FieldLabel(loc, name), Message: kit.FieldMessage(loc, msg)})
	}
	sort.Slice(fe, func(i, j int) bool { return fe[i].Field < fe[j].Field })
	return fmt.Errorf("rectification: %w", &consent.ValidationError{Fields: fe})
}
