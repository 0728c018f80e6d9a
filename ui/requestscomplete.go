package ui

import (
	"fmt"
	"sort"
	"strings"

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
		d.confirmComplete("Restrict processing of patient "+r.SubjectID+" now? The record becomes read-only and is left out of exports until the restriction is lifted.",
			func() error { return d.env.s.SetRestricted(r.SubjectID, true, r.ID) })
	case consent.ReqConsentWithdrawal:
		d.confirmComplete("Withdraw every consent of patient "+r.SubjectID+" for purpose "+r.PurposeID+", effective now?", func() error {
			e := consent.WithdrawPurpose(r.SubjectID, r.PurposeID, d.env.actor().UserID, methodOfChannel(r.Channel), d.env.now())
			return d.env.store().AppendEvents(d.env.ctx, e)
		})
	default:
		d.confirmComplete("Uphold the objection? Processing for purpose "+r.PurposeID+" stops from now on.", nil)
	}
}

// methodOfChannel maps how a request arrived to how a withdrawal was received.
func methodOfChannel(channel string) consent.Method {
	switch channel {
	case consent.ChannelLetter:
		return consent.MethodPaper
	case consent.ChannelPortal, consent.ChannelEmail:
		return consent.MethodScreen
	}
	return consent.MethodVerbal
}

func (d *RequestDetail) confirmComplete(question string, work func() error) {
	dialog.ShowConfirm("Complete request", question, func(ok bool) {
		if ok {
			d.CompleteWith("Request completed.", work)
		}
	}, d.env.app.win)
}

// CompleteWith runs work (the vault step the request asks for) and then
// closes the request; the workflow is checked first so nothing is done
// for a request that cannot be completed. After a rectification, erasure
// or restriction the recipients to notify (Art. 19) are listed.
func (d *RequestDetail) CompleteWith(done string, work func() error) {
	r := d.req
	next, t, err := consent.Advance(r, consent.StateCompleted, d.env.actor(), d.env.now(), "")
	if err != nil {
		d.env.app.showError(err)
		return
	}
	var notes []consent.Notification
	d.env.run(d.bar, func() {
		if work != nil {
			if err = work(); err != nil {
				return
			}
		}
		var stored consent.Request
		if stored, err = d.env.store().UpdateRequest(d.env.ctx, next, t); err != nil {
			return
		}
		notes = d.notifications(stored)
	}, func() {
		if err != nil {
			d.status.SetText("Not completed.")
			d.env.app.showError(err)
			d.Reload()
			return
		}
		d.status.SetText(done + notificationText(notes))
		d.Reload()
		d.view.Reload()
	})
}

// notifications lists the Art. 19 recipients of a closed request; other
// request types have none.
func (d *RequestDetail) notifications(r consent.Request) []consent.Notification {
	if r.Type != consent.ReqRectification && r.Type != consent.ReqErasure && r.Type != consent.ReqRestriction {
		return nil
	}
	ds, err := d.env.store().ListDisclosures(d.env.ctx, r.SubjectID)
	if err != nil {
		return nil
	}
	n, _ := consent.RecipientsToNotify(r, ds)
	return n
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
	canClinic := d.env.s.User().Role.Can(vault.PermPatientClinical)
	var names, labels []string
	for _, n := range append(fieldOrder(), FieldSex) {
		if !canClinic && (n == FieldDiagnosis || n == FieldNotes) {
			continue
		}
		names = append(names, n)
		labels = append(labels, FieldLabel(n))
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
		d.CompleteWith("Record rectified; request completed.", func() error { return d.rectify(names[i], value.Text, canClinic) })
	}, d.env.app.win)
}

func (d *RequestDetail) rectify(field, value string, canClinic bool) error {
	r := d.req
	p, err := d.env.s.GetPatient(r.SubjectID)
	if err != nil {
		return err
	}
	fields := FieldsOf(p)
	fields[field] = value
	np, errs := BuildPatient(p, fields, canClinic)
	if len(errs) > 0 {
		return fieldErrorsAsValidation(errs)
	}
	_, err = d.env.s.Rectify(r.SubjectID, np, r.ID)
	return err
}

func fieldErrorsAsValidation(errs FieldErrors) error {
	var fe []consent.FieldError
	for name, msg := range errs {
		fe = append(fe, consent.FieldError{Field: FieldLabel(name), Message: msg})
	}
	sort.Slice(fe, func(i, j int) bool { return fe[i].Field < fe[j].Field })
	return fmt.Errorf("rectification: %w", &consent.ValidationError{Fields: fe})
}
