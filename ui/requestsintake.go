package ui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	usecase "custodia/app"
	"custodia/consent"
	"custodia/vault"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

var channelChoices = []string{consent.ChannelLetter, consent.ChannelEmail, consent.ChannelDesk, consent.ChannelPhone, consent.ChannelPortal}

var requesterChoices = []string{consent.RelSelf, consent.RelParent, consent.RelLegalGuardian, consent.RelHealthcareProxy,
	consent.RelCourtAppointed, consent.RelLegalRepresentative, consent.RelAuthorisedAgent}

// IntakeForm is the "New request" dialog: a request that arrived by
// letter, e-mail, phone, portal or at the desk. An open request of the
// same patient and type is reported before anything is stored; the user
// may record the new one anyway when it is a different matter.
type IntakeForm struct {
	view *RequestsView
	dlg  dialog.Dialog

	subject     *widget.Entry
	find        *PrivateEntry
	matches     *widget.Select
	found       []vault.PatientSummary
	typ         *widget.Select
	channel     *widget.Select
	received    *widget.Entry
	relation    *widget.Select
	requester   *PrivateEntry
	description *PrivateEntry
	purpose     *widget.Select
	purposes    []consent.Purpose
	dupWarning  *widget.Label
	acceptDup   *widget.Check
	problem     *widget.Label
	submit      *widget.Button
	bar         *widget.ProgressBarInfinite
	// Created is the last request stored by this dialog.
	Created *consent.Request
}

func newIntakeForm(v *RequestsView, subjectID string) *IntakeForm {
	f := &IntakeForm{view: v}
	f.subject = widget.NewEntry()
	f.subject.SetPlaceHolder("patient id, e.g. from the patient's record")
	f.subject.SetText(subjectID)
	f.find = NewPrivateEntry()
	f.find.SetPlaceHolder("find: name, birth date (YYYY-MM-DD) or record number, then Enter")
	f.find.OnSubmitted = func(string) { f.Find() }
	f.matches = widget.NewSelect(nil, func(string) { f.pick() })
	f.matches.PlaceHolder = "(matching patients)"
	f.matches.Hide()
	f.typ = widget.NewSelect(requestTypeLabels(), func(string) { f.typeChanged() })
	f.channel = widget.NewSelect(channelChoices, nil)
	f.channel.SetSelected(consent.ChannelLetter)
	f.received = widget.NewEntry()
	f.received.SetText(v.uc.Now().Format(DateLayout))
	f.relation = widget.NewSelect(requesterChoices, nil)
	f.relation.SetSelected(consent.RelSelf)
	f.requester = NewPrivateEntry()
	f.requester.SetPlaceHolder("name, when someone asks for the patient")
	f.description = NewPrivateMultiLineEntry()
	f.description.SetMinRowsVisible(3)
	f.purpose = widget.NewSelect(nil, nil)
	f.purpose.PlaceHolder = "(for objections and consent withdrawals)"
	f.purpose.Disable()
	f.dupWarning = wrapLabel("")
	f.dupWarning.Importance = widget.WarningImportance
	f.dupWarning.Hide()
	f.acceptDup = widget.NewCheck("Record anyway: it is a different matter", nil)
	f.acceptDup.Hide()
	f.problem = wrapLabel("")
	f.problem.Importance = widget.DangerImportance
	f.submit = widget.NewButton("Record request", f.Submit)
	f.submit.Importance = widget.HighImportance
	f.bar = newBusyBar()
	f.typ.SetSelected(string(consent.ReqAccess))
	return f
}

func (f *IntakeForm) show() {
	form := widget.NewForm(
		widget.NewFormItem("Patient", container.NewVBox(f.find, f.matches)),
		widget.NewFormItem("Patient id", f.subject),
		widget.NewFormItem("Type", f.typ),
		widget.NewFormItem("Received by", f.channel),
		widget.NewFormItem("Received on", f.received),
		widget.NewFormItem("Requester is", f.relation),
		widget.NewFormItem("Requester", f.requester),
		widget.NewFormItem("Purpose", f.purpose),
		widget.NewFormItem("What is asked", f.description),
	)
	hint := wrapLabel("The deadline runs from the day of receipt: one calendar month (GDPR Art. 12(3)), 30 days for HIPAA access, 60 for HIPAA amendment.")
	hint.Importance = widget.LowImportance
	body := container.NewVBox(form, hint, f.dupWarning, f.acceptDup, f.problem, f.bar, container.NewHBox(layoutSpacer(), f.submit))
	f.dlg = dialog.NewCustom("New data-subject request", "Cancel", container.New(&fixedWidth{width: 560}, body), f.view.app.win)
	f.dlg.Show()
	f.view.app.win.Canvas().Focus(f.find)
}

// Find looks the patient up by name, birth date or record number.
func (f *IntakeForm) Find() {
	qs := SearchQueries(f.find.Text)
	if len(qs) == 0 || !f.view.uc.User().Role.Can(vault.PermPatientRead) {
		return
	}
	var found []vault.PatientSummary
	var err error
	f.view.app.runBusy(f.bar, func() { found, err = usecase.FindPatients(f.view.uc.Vault(), qs...) }, func() {
		if err != nil {
			f.problem.SetText(Describe(f.view.app.loc, err).Message)
			return
		}
		f.found = found
		labels := make([]string, len(found))
		for i, p := range found {
			labels[i] = fmt.Sprintf("%s, %s · %s · MRN %s", p.FamilyName, p.GivenName, p.BirthDate.Format(DateLayout), p.MRN)
		}
		f.matches.Options = labels
		f.matches.ClearSelected()
		f.matches.Show()
		if len(found) == 0 {
			f.matches.PlaceHolder = "(no patient found)"
		} else {
			f.matches.PlaceHolder = fmt.Sprintf("(%d matching patients)", len(found))
		}
		if len(found) == 1 {
			f.matches.SetSelectedIndex(0)
		}
		f.matches.Refresh()
	})
}

func (f *IntakeForm) pick() {
	if i := f.matches.SelectedIndex(); i >= 0 && i < len(f.found) {
		f.subject.SetText(f.found[i].ID)
		f.resetDuplicate()
	}
}

func (f *IntakeForm) typeChanged() {
	t := consent.RequestType(f.typ.Selected)
	f.resetDuplicate()
	if t != consent.ReqObjection && t != consent.ReqConsentWithdrawal {
		f.purpose.ClearSelected()
		f.purpose.Disable()
		return
	}
	f.purpose.Enable()
	if f.purposes == nil {
		f.loadPurposes()
	}
}

func (f *IntakeForm) loadPurposes() {
	var ps []consent.Purpose
	var err error
	f.view.app.runBusy(f.bar, func() { ps, err = f.view.uc.Store().ListPurposes(f.view.uc.Context()) }, func() {
		if err != nil {
			f.problem.SetText(Describe(f.view.app.loc, err).Message)
			return
		}
		f.purposes = ps
		names := make([]string, len(ps))
		for i, p := range ps {
			names[i] = p.ID
		}
		f.purpose.Options = names
		f.purpose.Refresh()
	})
}

func (f *IntakeForm) resetDuplicate() {
	f.dupWarning.Hide()
	f.acceptDup.SetChecked(false)
	f.acceptDup.Hide()
}

// Intake returns the dialog's input, or a validation error naming the field.
func (f *IntakeForm) Intake() (consent.Intake, error) {
	in := consent.Intake{SubjectID: strings.TrimSpace(f.subject.Text), Type: consent.RequestType(f.typ.Selected),
		Channel: f.channel.Selected, RequesterRelation: f.relation.Selected, Requester: strings.TrimSpace(f.requester.Text),
		Description: strings.TrimSpace(f.description.Text), PurposeID: f.purpose.Selected, AcceptDuplicate: f.acceptDup.Checked}
	var fe []consent.FieldError
	d, err := time.ParseInLocation(DateLayout, strings.TrimSpace(f.received.Text), time.Local)
	if err != nil {
		fe = append(fe, consent.FieldError{Field: "received on", Message: "must be a date YYYY-MM-DD"})
	}
	in.ReceivedAt = d
	if in.Requester == "" {
		if in.RequesterRelation != consent.RelSelf {
			fe = append(fe, consent.FieldError{Field: "requester", Message: "required when someone asks for the patient"})
		}
		in.Requester = "the patient"
	}
	if (in.Type == consent.ReqObjection || in.Type == consent.ReqConsentWithdrawal) && in.PurposeID == "" {
		fe = append(fe, consent.FieldError{Field: "purpose", Message: "an objection or consent withdrawal names its purpose"})
	}
	if len(fe) > 0 {
		return in, &consent.ValidationError{Fields: fe}
	}
	return in, nil
}

// Submit checks for duplicates and stores the request.
func (f *IntakeForm) Submit() {
	in, err := f.Intake()
	if err != nil {
		f.problem.SetText(Describe(f.view.app.loc, err).Message)
		return
	}
	f.problem.SetText("")
	var r consent.Request
	f.submit.Disable()
	f.view.app.runBusy(f.bar, func() { r, err = f.view.uc.OpenRequest(in) }, func() {
		f.submit.Enable()
		var de *consent.DuplicateError
		switch {
		case errors.As(err, &de):
			f.dupWarning.SetText(fmt.Sprintf("Possible duplicate: patient %s already has an open %s request (%s). "+
				"Tick the box below only if this is a different matter.", in.SubjectID, in.Type, strings.Join(de.IDs, ", ")))
			f.dupWarning.Show()
			f.acceptDup.Show()
		case err != nil:
			f.problem.SetText(Describe(f.view.app.loc, err).Message)
		default:
			f.Created = &r
			if f.dlg != nil {
				f.dlg.Hide()
			}
			f.view.Reload()
			f.view.Show(r.ID)
		}
	})
}

// OpenIntake shows the "New request" dialog.
func (v *RequestsView) OpenIntake() {
	v.Intake = newIntakeForm(v, "")
	v.Intake.show()
}

// SetIntake fills the dialog; for tests and the tour.
func (f *IntakeForm) SetIntake(subject string, t consent.RequestType, channel, received string) {
	f.subject.SetText(subject)
	f.typ.SetSelected(string(t))
	f.channel.SetSelected(channel)
	f.received.SetText(received)
}

// DuplicateShown reports whether the duplicate warning is visible.
func (f *IntakeForm) DuplicateShown() bool { return f.dupWarning.Visible() }

// AcceptDuplicate ticks "record anyway".
func (f *IntakeForm) AcceptDuplicate() { f.acceptDup.SetChecked(true) }

// Problem is the error line of the dialog.
func (f *IntakeForm) Problem() string { return f.problem.Text }
