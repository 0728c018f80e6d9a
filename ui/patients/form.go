package patients

import (
	"errors"

	usecase "custodia/app"
	"custodia/ui/kit"
	"custodia/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Form shows one patient for reading and editing, or a new one.
// Fields are checked before saving and each problem is shown under its
// field; the vault checks again and its verdict is shown the same way.
type Form struct {
	env     *kit.Env
	session kit.Session
	content fyne.CanvasObject

	title    *widget.Label
	banner   *widget.Label
	entries  map[string]*kit.PrivateEntry
	sex      *kit.EscSelect
	errs     map[string]*widget.Label
	clinical *fyne.Container
	body     *fyne.Container
	labels   *kit.SharedWidth // the label column of both grids
	save     *widget.Button
	revert   *widget.Button
	consents *widget.Button
	status   *widget.Label

	base      vault.Patient
	isNew     bool
	canWrite  bool
	canClinic bool
	saving    bool
	hooks     Hooks
	// OnSaved is called with the stored patient after a successful save.
	OnSaved func(p vault.Patient, created bool)
	// Clinical lists encounters and observations (nil without clinical access).
	Clinical *ClinicalPanel
}

func newForm(env *kit.Env, s kit.Session, hooks Hooks) *Form {
	role := s.User().Role
	f := &Form{env: env, session: s, entries: map[string]*kit.PrivateEntry{}, errs: map[string]*widget.Label{},
		canWrite: role.Can(vault.PermPatientWrite), canClinic: role.Can(vault.PermPatientClinical), hooks: hooks}
	f.title = kit.Heading("")
	f.banner = widget.NewLabel("")
	f.banner.Wrapping = fyne.TextWrapWord
	f.banner.Importance = widget.WarningImportance
	for _, name := range []string{kit.FieldGivenName, kit.FieldFamilyName, kit.FieldBirthDate, kit.FieldAddress, kit.FieldPostcode,
		kit.FieldPhone, kit.FieldEmail, kit.FieldInsuranceNumber, kit.FieldMRN, kit.FieldDiagnosis} {
		f.entries[name] = kit.NewPrivateEntry()
	}
	f.entries[kit.FieldBirthDate].SetPlaceHolder(kit.DateFieldHint(env.Loc))
	f.entries[kit.FieldEmail].SetPlaceHolder(env.Loc.T("patients.email.placeholder"))
	f.entries[kit.FieldDiagnosis].SetPlaceHolder(env.Loc.T("patients.diagnosis.placeholder"))
	notes := kit.NewPrivateMultiLineEntry()
	notes.SetMinRowsVisible(4)
	f.entries[kit.FieldNotes] = notes
	labels := make([]string, len(kit.SexCodes()))
	for i, c := range kit.SexCodes() {
		labels[i] = env.T("labels.sex." + c)
	}
	f.sex = kit.NewEscSelect(labels, func(string) { env.Touch() })
	for name, e := range f.entries {
		e.OnChanged = func(string) { env.Touch(); f.clearError(name) }
	}
	for _, name := range append(kit.PatientFieldOrder(), kit.FieldSex) {
		l := widget.NewLabel("")
		l.Importance = widget.DangerImportance
		l.Wrapping = fyne.TextWrapWord
		l.Hide()
		f.errs[name] = l
	}
	f.save = widget.NewButtonWithIcon(env.Loc.T("common.save"), theme.DocumentSaveIcon(), f.Save)
	f.save.Importance = widget.HighImportance
	f.revert = widget.NewButtonWithIcon(env.Loc.T("patients.revert"), theme.ContentUndoIcon(), f.Revert)
	f.consents = f.consentButton()
	f.status = widget.NewLabel("")
	f.status.Wrapping = fyne.TextWrapWord
	if cs, ok := s.(clinicalSession); ok && f.canClinic {
		f.Clinical = newClinicalPanel(env, cs)
	}
	f.content = f.layout()
	kit.SubmitOnEnter(f.save, f.body) // the clinical editors are wired to their own Save first
	return f
}

func (f *Form) row(name string, w fyne.CanvasObject) []fyne.CanvasObject {
	l := widget.NewLabel(kit.FieldLabel(f.env.Loc, name))
	l.Alignment = fyne.TextAlignTrailing
	// a shared label column keeps the identity and clinical grids aligned
	return []fyne.CanvasObject{f.labels.Add(l), container.NewVBox(w, f.errs[name])}
}

func (f *Form) layout() fyne.CanvasObject {
	f.labels = &kit.SharedWidth{}
	var ident []fyne.CanvasObject
	for _, name := range []string{kit.FieldGivenName, kit.FieldFamilyName, kit.FieldBirthDate} {
		ident = append(ident, f.row(name, f.entries[name])...)
	}
	ident = append(ident, f.row(kit.FieldSex, f.sex)...)
	for _, name := range []string{kit.FieldMRN, kit.FieldInsuranceNumber, kit.FieldAddress, kit.FieldPostcode, kit.FieldPhone, kit.FieldEmail} {
		ident = append(ident, f.row(name, f.entries[name])...)
	}
	grid := container.New(layout.NewFormLayout(), ident...)
	var clin []fyne.CanvasObject
	for _, name := range []string{kit.FieldDiagnosis, kit.FieldNotes} {
		clin = append(clin, f.row(name, f.entries[name])...)
	}
	f.clinical = container.NewVBox(widget.NewSeparator(), kit.Heading(f.env.Loc.T("patients.clinical")), container.New(layout.NewFormLayout(), clin...))
	if f.Clinical != nil {
		f.clinical.Add(f.Clinical.content)
	}
	buttons := container.NewBorder(nil, nil, nil, container.NewHBox(f.consents, f.revert, f.save), f.status)
	f.body = container.NewVBox(f.title, f.banner, grid, f.clinical)
	body := f.body
	return container.NewBorder(nil, container.NewVBox(widget.NewSeparator(), buttons), nil, nil, container.NewVScroll(container.NewPadded(body)))
}

// Load shows a stored patient.
func (f *Form) Load(p vault.Patient) {
	f.base, f.isNew = p, false
	f.fill(kit.FieldsOf(f.env.Loc, p))
	f.title.SetText(p.FamilyName + ", " + p.GivenName)
	f.apply()
	if f.Clinical != nil {
		f.Clinical.load(p.ID, f.canWrite && !p.Restricted)
	}
}

// New clears the form for a new patient.
func (f *Form) New() {
	f.base, f.isNew = vault.Patient{Sex: "unknown"}, true
	f.fill(kit.FieldsOf(f.env.Loc, f.base))
	f.title.SetText(f.env.Loc.T("patients.new"))
	f.apply()
	if f.Clinical != nil {
		f.Clinical.clear()
	}
}

func (f *Form) fill(fields kit.PatientFields) {
	for name, e := range f.entries {
		e.SetText(fields[name])
	}
	f.sex.ClearSelected()
	for _, c := range kit.SexCodes() {
		if c == fields[kit.FieldSex] {
			f.sex.SetSelected(f.env.T("labels.sex." + c))
		}
	}
	f.showErrors(nil)
	f.status.SetText("")
}

// apply sets read-only state, the banner and the clinical section.
func (f *Form) apply() {
	editable := f.editable()
	for _, e := range f.entries {
		kit.SetEnabled(editable, e)
	}
	kit.SetEnabled(editable, f.sex, f.save, f.revert)
	f.updateConsentButton()
	switch {
	case !f.canWrite:
		f.banner.SetText(f.env.Loc.T("patients.readonly"))
		f.banner.Show()
	case f.base.Restricted:
		f.banner.SetText(f.env.Loc.T("patients.restricted"))
		f.banner.Show()
	default:
		f.banner.Hide()
	}
	if f.canClinic {
		f.clinical.Show()
	} else {
		f.clinical.Hide()
	}
	f.body.Refresh()
}

// editable reports whether the form accepts changes.
func (f *Form) editable() bool {
	return f.canWrite && (f.isNew || !f.base.Restricted)
}

// clinicalVisible reports whether diagnosis and notes are shown.
func (f *Form) clinicalVisible() bool { return f.clinical.Visible() }

// typed returns the form text.
func (f *Form) typed() kit.PatientFields {
	out := kit.PatientFields{}
	for name, e := range f.entries {
		out[name] = e.Text
	}
	for _, c := range kit.SexCodes() {
		if f.env.T("labels.sex."+c) == f.sex.Selected {
			out[kit.FieldSex] = c
		}
	}
	return out
}

// SetField types into a field; for tests and the screenshot tour.
func (f *Form) SetField(name, text string) { f.entries[name].SetText(text) }

// ErrorFor is the message shown under a field, "" if none.
func (f *Form) ErrorFor(name string) string {
	if l, ok := f.errs[name]; ok && l.Visible() {
		return l.Text
	}
	return ""
}

func (f *Form) clearError(name string) {
	if l, ok := f.errs[name]; ok && l.Visible() {
		l.Hide()
	}
}

func (f *Form) showErrors(errs kit.FieldErrors) {
	for name, l := range f.errs {
		if msg, ok := errs[name]; ok {
			l.SetText(kit.FieldLabel(f.env.Loc, name) + " " + kit.FieldMessage(f.env.Loc, msg))
			l.Show()
		} else {
			l.Hide()
		}
	}
	if f.body != nil {
		f.body.Refresh()
	}
}

// Save validates and stores the patient; problems stay on the form.
func (f *Form) Save() {
	if !f.editable() || f.saving {
		return
	}
	p, errs := kit.BuildPatient(f.env.Loc, f.base, f.typed(), f.canClinic)
	if len(errs) > 0 {
		f.showErrors(errs)
		f.status.SetText(f.env.Loc.T("patients.correct"))
		return
	}
	f.showErrors(nil)
	f.saving = true
	f.save.Disable()
	f.status.SetText(f.env.Loc.T("patients.saving"))
	created := f.isNew
	var stored vault.Patient
	var err error
	f.env.Run(func() {
		if created {
			stored, err = usecase.AddPatient(f.session, p)
		} else {
			stored, err = usecase.EditPatient(f.session, p)
		}
	}, func() { f.saved(stored, created, err) })
}

func (f *Form) saved(p vault.Patient, created bool, err error) {
	f.saving = false
	f.save.Enable()
	if err != nil {
		f.status.SetText(f.env.Loc.T("patients.notsaved"))
		if errs := kit.FieldErrorsOf(err); len(errs) > 0 {
			f.showErrors(errs)
			return
		}
		if errors.Is(err, vault.ErrConflict) {
			f.status.SetText(f.env.Loc.T("patients.conflict"))
		}
		f.env.ShowError(err)
		return
	}
	f.Load(p)
	f.status.SetText(f.env.Loc.T("patients.saved"))
	if f.OnSaved != nil {
		f.OnSaved(p, created)
	}
}

// Revert drops the edits and shows the stored version (fetched again, so
// a change made by someone else appears).
func (f *Form) Revert() {
	if f.isNew {
		f.New()
		return
	}
	id := f.base.ID
	var p vault.Patient
	var err error
	f.env.Run(func() { p, err = showPatient(f.session, id) }, func() {
		if err != nil {
			f.env.ShowError(err)
			return
		}
		f.Load(p)
	})
}

// PatientID is the id of the stored patient shown, "" for a new one.
func (f *Form) PatientID() string { return f.base.ID }

// FirstField is the form's first field (given name).
func (f *Form) FirstField() fyne.Focusable { return f.entries[kit.FieldGivenName] }

// consentButton opens the patient's consent panel (composed by the shell);
// hidden when the shell gives none.
func (f *Form) consentButton() *widget.Button {
	b := widget.NewButtonWithIcon(f.env.Loc.T("consent.open"), theme.DocumentIcon(), func() { f.OpenConsents() })
	if f.hooks.Consents == nil {
		b.Hide()
	}
	return b
}

// updateConsentButton enables the button for a stored patient.
func (f *Form) updateConsentButton() {
	kit.SetEnabled(!f.isNew && f.base.ID != "", f.consents)
}

// ConsentsOffered reports whether the Consents button is shown and enabled.
func (f *Form) ConsentsOffered() bool { return f.consents.Visible() && !f.consents.Disabled() }

// OpenConsents shows the consent panel of the stored patient on the form;
// false for a new patient or where the shell offers none.
func (f *Form) OpenConsents() bool {
	if f.isNew || f.base.ID == "" || f.hooks.Consents == nil {
		return false
	}
	f.hooks.Consents(f.base)
	return true
}

// statusText is the line next to the buttons.
func (f *Form) statusText() string { return f.status.Text }
