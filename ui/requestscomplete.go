package ui

import (
	"custodia/i18n"
	"fmt"
	"sort"
	"strings"

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
		d.confirmComplete("Restrict processing of patient " + r.SubjectID + " now? The record becomes read-only and is left out of exports until the restriction is lifted.")
	case consent.ReqConsentWithdrawal:
		d.confirmComplete("Withdraw every consent of patient " + r.SubjectID + " for purpose " + r.PurposeID + ", effective now?")
	default:
		d.confirmComplete("Uphold the objection? Processing for purpose " + r.PurposeID + " stops from now on.")
	}
}

func (d *RequestDetail) confirmComplete(question string) {
	dialog.ShowConfirm("Complete request", question, func(ok bool) {
		if ok {
			d.CompleteWith("Request completed.", usecase.Work{})
		}
	}, d.app.win)
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
	r := d.req
	var notes []consent.Notification
	var err error
	d.app.runBusy(d.bar, func() { _, notes, err = d.uc.CompleteRequest(r, w) }, func() {
		if err != nil {
			d.status.SetText("Not completed.")
			d.app.showError(err)
			d.Reload()
			return
		}
		if ok != nil {
			ok()
		}
		d.status.SetText(done + notificationText(notes))
		d.Reload()
		d.view.Reload()
	})
}

func notificationText(ns []consent.Notification) string {
	if len(ns) == 0 {
		return ""
	}
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = n.String()
	}
	return " Notify these recipients (GDPR Art. 19): " + strings.Join(parts, "; ")
}

// openRectify asks for the corrected field and stores it with history.
func (d *RequestDetail) openRectify() {
	canClinic := d.uc.User().Role.Can(vault.PermPatientClinical)
	var names, labels []string
	for _, n := range append(fieldOrder(), FieldSex) {
		if !canClinic && (n == FieldDiagnosis || n == FieldNotes) {
			continue
		}
		names = append(names, n)
		labels = append(labels, FieldLabel(d.app.loc, n))
	}
	field := widget.NewSelect(labels, nil)
	value := NewPrivateEntry()
	value.SetPlaceHolder("the corrected value")
	hint := wrapLabel("The old value is kept in the patient's rectification history (GDPR Art. 16).")
	hint.Importance = widget.LowImportance
	body := container.NewVBox(widget.NewForm(widget.NewFormItem("Field", field), widget.NewFormItem("Correct value", value)), hint)
	dialog.ShowCustomConfirm("Rectify the record", "Rectify and complete", "Cancel", container.New(&fixedWidth{width: 480}, body), func(ok bool) {
		i := field.SelectedIndex()
		if !ok || i < 0 {
			return
		}
		d.CompleteWith("Record rectified; request completed.", usecase.Work{Rectify: rectifyField(d.app.loc, names[i], value.Text, canClinic)})
	}, d.app.win)
}

// rectifyField returns the change of one field of a rectification; a
// value the form rejects is a validation error naming the field.
func rectifyField(loc *i18n.Localizer, field, value string, canClinic bool) func(*vault.Patient) error {
	return func(p *vault.Patient) error {
		fields := FieldsOf(*p)
		fields[field] = value
		np, errs := BuildPatient(*p, fields, canClinic)
		if len(errs) > 0 {
			return fieldErrorsAsValidation(loc, errs)
		}
		*p = np
		return nil
	}
}

func fieldErrorsAsValidation(loc *i18n.Localizer, errs FieldErrors) error {
	var fe []consent.FieldError
	for name, msg := range errs {
		fe = append(fe, consent.FieldError{Field: FieldLabel(loc, name), Message: msg})
	}
	sort.Slice(fe, func(i, j int) bool { return fe[i].Field < fe[j].Field })
	return fmt.Errorf("rectification: %w", &consent.ValidationError{Fields: fe})
}
