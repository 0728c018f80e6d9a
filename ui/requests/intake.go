package requests

import (
	"errors"
	"strings"

	usecase "custodia/app"
	"custodia/consent"
	"custodia/ui/kit"
	"custodia/vault"

	"fyne.io/fyne/v2"
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
	view *View
	dlg  dialog.Dialog

	subject     string        // the id of the patient picked; never shown
	picked      *widget.Label // the patient picked, by name (or short reference)
	pickedRow   *fyne.Container
	searchRow   *fyne.Container
	find        *kit.PrivateEntry
	matches     *kit.EscSelect
	found       []vault.PatientSummary
	typ         *kit.CodeSelect
	channel     *kit.CodeSelect
	received    *kit.EscEntry
	relation    *kit.CodeSelect
	requester   *kit.PrivateEntry
	description *kit.PrivateEntry
	purpose     *kit.CodeSelect
	purposes    []consent.Purpose
	dupWarning  *widget.Label
	acceptDup   *kit.EscCheck
	problem     *widget.Label
	submit      *widget.Button
	bar         *widget.ProgressBarInfinite
	// Created is the last request stored by this dialog.
	Created *consent.Request
}

func newIntakeForm(v *View, subjectID string) *IntakeForm {
	f := &IntakeForm{view: v}
	loc := v.env.Loc
	f.newSubjectRows()
	if subjectID != "" {
		f.pickID(subjectID, v.names.label(subjectID))
	}
	types := make([]string, len(requestTypes))
	for i, t := range requestTypes {
		types[i] = string(t)
	}
	f.typ = kit.NewCodeSelect(types, func(t string) string { return kit.RequestKindLabel(loc, consent.RequestType(t)) }, func(string) { f.typeChanged() })
	f.channel = kit.NewCodeSelect(channelChoices, func(c string) string { return kit.ChannelLabel(loc, c) }, nil)
	f.channel.SetSelected(consent.ChannelLetter)
	f.received = newDateEntry(loc, v.uc.Now())
	f.relation = kit.NewCodeSelect(requesterChoices, func(r string) string { return kit.RelationLabel(loc, r) }, nil)
	f.relation.SetSelected(consent.RelSelf)
	f.requester = kit.NewPrivateEntry()
	f.requester.SetPlaceHolder(loc.T("requests.intake.requester.placeholder"))
	f.description = kit.NewPrivateMultiLineEntry()
	f.description.SetMinRowsVisible(3)
	f.purpose = kit.NewCodeSelect(nil, func(id string) string { return f.purposeLabel(id) }, nil)
	f.purpose.PlaceHolder = loc.T("requests.intake.purpose.placeholder")
	f.purpose.Disable()
	f.dupWarning = kit.WrapLabel("")
	f.dupWarning.Importance = widget.WarningImportance
	f.dupWarning.Hide()
	f.acceptDup = kit.NewEscCheck(loc.T("requests.intake.acceptdup"), nil)
	f.acceptDup.Hide()
	f.problem = kit.WrapLabel("")
	f.problem.Importance = widget.DangerImportance
	f.submit = widget.NewButton(loc.T("requests.intake.submit"), f.Submit)
	f.submit.Importance = widget.HighImportance
	f.bar = kit.NewBusyBar()
	f.typ.SetSelected(string(consent.ReqAccess))
	return f
}

func (f *IntakeForm) show() {
	loc := f.view.env.Loc
	form := widget.NewForm(
		widget.NewFormItem(loc.T("requests.intake.patient"), container.NewStack(f.searchRow, f.pickedRow)),
		widget.NewFormItem(loc.T("requests.col.type"), f.typ.EscSelect),
		widget.NewFormItem(loc.T("requests.intake.channel"), f.channel.EscSelect),
		widget.NewFormItem(loc.T("requests.intake.received"), f.received),
		widget.NewFormItem(loc.T("requests.intake.relation"), f.relation.EscSelect),
		widget.NewFormItem(loc.T("requests.fact.requester"), f.requester),
		widget.NewFormItem(loc.T("requests.fact.purpose"), f.purpose.EscSelect),
		widget.NewFormItem(loc.T("requests.intake.description"), f.description),
	)
	kit.SubmitOnEnter(f.submit, form) // the patient search keeps Enter for Find
	hint := kit.WrapLabel(loc.T("requests.intake.hint"))
	hint.Importance = widget.LowImportance
	body := container.NewVBox(form, hint, f.dupWarning, f.acceptDup, f.problem, f.bar, container.NewHBox(kit.Spacer(), f.submit))
	f.dlg = dialog.NewCustom(loc.T("requests.intake.title"), loc.T("common.cancel"), container.New(&kit.FixedWidth{Width: 560}, body), f.view.env.Win)
	f.dlg.Show()
	f.view.env.Win.Canvas().Focus(f.find)
}

// Find looks the patient up by name, birth date or record number.
func (f *IntakeForm) Find() {
	qs := kit.SearchQueries(f.view.env.Loc, f.find.Text)
	if len(qs) == 0 || !f.view.uc.User().Role.Can(vault.PermPatientRead) {
		return
	}
	var found []vault.PatientSummary
	var err error
	f.view.env.RunBusy(f.bar, func() { found, err = usecase.FindPatients(f.view.uc.Vault(), qs...) }, func() {
		if err != nil {
			f.problem.SetText(kit.Describe(f.view.env.Loc, err).Message)
			return
		}
		f.found = found
		labels := make([]string, len(found))
		for i, p := range found {
			labels[i] = f.view.env.Loc.T("requests.intake.match", "Name", p.FamilyName+", "+p.GivenName, "Born", f.view.env.Loc.Date(p.BirthDate), "MRN", p.MRN)
		}
		f.matches.Options = labels
		f.matches.ClearSelected()
		f.matches.Show()
		f.matches.PlaceHolder = f.view.env.Loc.N("requests.intake.found", len(found))
		if len(found) == 1 {
			f.matches.SetSelectedIndex(0)
		}
		f.matches.Refresh()
	})
}

func (f *IntakeForm) typeChanged() {
	t := consent.RequestType(f.typ.Code())
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
	f.view.env.RunBusy(f.bar, func() { ps, err = f.view.uc.Store().ListPurposes(f.view.uc.Context()) }, func() {
		if err != nil {
			f.problem.SetText(kit.Describe(f.view.env.Loc, err).Message)
			return
		}
		f.purposes = ps
		ids := make([]string, len(ps))
		for i, p := range ps {
			ids[i] = p.ID
		}
		f.purpose.SetCodes(ids)
	})
}

func (f *IntakeForm) resetDuplicate() {
	f.dupWarning.Hide()
	f.acceptDup.SetChecked(false)
	f.acceptDup.Hide()
}

// Intake returns the dialog's input, or a validation error naming the field.
func (f *IntakeForm) Intake() (consent.Intake, error) {
	loc := f.view.env.Loc
	in := consent.Intake{SubjectID: f.subject, Type: consent.RequestType(f.typ.Code()),
		Channel: f.channel.Code(), RequesterRelation: f.relation.Code(), Requester: strings.TrimSpace(f.requester.Text),
		Description: strings.TrimSpace(f.description.Text), PurposeID: f.purpose.Code(), AcceptDuplicate: f.acceptDup.Checked}
	var fe []consent.FieldError
	if in.SubjectID == "" {
		fe = append(fe, consent.FieldError{Field: loc.T("requests.intake.patient"), Message: loc.T("forms9.intake.subject.required")})
	}
	d, ok := parseDay(loc, f.received.Text)
	if !ok {
		fe = append(fe, consent.FieldError{Field: loc.T("requests.intake.received"), Message: loc.T("labels.fielderror.date")})
	}
	in.ReceivedAt = d
	if in.Requester == "" {
		if in.RequesterRelation != consent.RelSelf {
			fe = append(fe, consent.FieldError{Field: loc.T("requests.fact.requester"), Message: loc.T("requests.intake.requester.required")})
		}
		in.Requester = "the patient" // stored as before; shown by its relation
	}
	if (in.Type == consent.ReqObjection || in.Type == consent.ReqConsentWithdrawal) && in.PurposeID == "" {
		fe = append(fe, consent.FieldError{Field: loc.T("requests.fact.purpose"), Message: loc.T("requests.intake.purpose.required")})
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
		f.problem.SetText(kit.Describe(f.view.env.Loc, err).Message)
		return
	}
	f.problem.SetText("")
	var r consent.Request
	f.submit.Disable()
	f.view.env.RunBusy(f.bar, func() { r, err = f.view.uc.OpenRequest(in) }, func() {
		f.submit.Enable()
		var de *consent.DuplicateError
		switch {
		case errors.As(err, &de):
			f.dupWarning.SetText(f.view.env.Loc.T("requests.intake.duplicate", "Name", f.view.names.label(in.SubjectID),
				"Kind", kit.RequestKindLabel(f.view.env.Loc, in.Type)))
			f.dupWarning.Show()
			f.acceptDup.Show()
		case err != nil:
			f.problem.SetText(kit.Describe(f.view.env.Loc, err).Message)
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
func (v *View) OpenIntake() {
	v.Intake = newIntakeForm(v, "")
	v.Intake.show()
}

// SetIntake fills the dialog; for tests and the tour.
func (f *IntakeForm) SetIntake(subject string, t consent.RequestType, channel, received string) {
	if subject == "" {
		f.clearPick()
	} else {
		f.pickID(subject, f.view.names.label(subject))
	}
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

// purposeLabel names a purpose of the list loaded for the dialog.
func (f *IntakeForm) purposeLabel(id string) string {
	for _, p := range f.purposes {
		if p.ID == id {
			return kit.PurposeName(f.view.env.Loc, p)
		}
	}
	return f.view.env.Loc.Label("purpose", id, "")
}

// Search types text into the patient search and looks it up; for tests
// and the tour.
func (f *IntakeForm) Search(text string) {
	f.find.SetText(text)
	f.Find()
}

// PickMatch picks the i-th patient found; for tests and the tour.
func (f *IntakeForm) PickMatch(i int) { f.matches.SetSelectedIndex(i) }

// Subject is the id of the subject the request is for (picked).
func (f *IntakeForm) Subject() string { return f.subject }
