package patients

import (
	"custodia/i18n"
	"custodia/ui/kit"
	"errors"
	"slices"
	"time"

	"custodia/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// ClinicalPanel is the clinical part of the patient detail: the encounter
// list with diagnoses and the observations table, with inline editors.
type ClinicalPanel struct {
	env      *kit.Env
	session  clinicalSession
	content  fyne.CanvasObject
	patient  string
	editable bool

	encounters   []vault.Encounter
	observations []vault.Observation
	selected     int // encounter index, -1 for none
	obsSelected  int // observation index, -1 for none

	encList  *widget.List
	obsTable *widget.Table
	status   *widget.Label
	buttons  []fyne.Disableable
	editEnc  *widget.Button
	delEnc   *widget.Button
	delObs   *widget.Button

	encEditor *fyne.Container
	encDate   *kit.PrivateEntry
	encKind   *kit.EscSelect
	encDiag   *kit.PrivateEntry
	encBase   vault.Encounter
	obsEditor *fyne.Container
	obsDate   *kit.PrivateEntry
	obsCode   *widget.SelectEntry
	obsValue  *kit.PrivateEntry
	obsUnit   *kit.PrivateEntry
	errs      map[string]*widget.Label
}

func newClinicalPanel(env *kit.Env, s clinicalSession) *ClinicalPanel {
	p := &ClinicalPanel{env: env, session: s, selected: -1, obsSelected: -1, errs: map[string]*widget.Label{}}
	p.status = widget.NewLabel("")
	p.status.Wrapping = fyne.TextWrapWord
	p.encList = widget.NewList(func() int { return len(p.encounters) }, func() fyne.CanvasObject {
		l := widget.NewLabel(env.T("patients.clinical.sample"))
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}, func(i widget.ListItemID, o fyne.CanvasObject) {
		o.(*widget.Label).SetText(encounterRow(env.Loc, p.encounters[i]))
	})
	p.encList.OnSelected = func(i widget.ListItemID) { p.selected = i; p.applyState() }
	p.encList.OnUnselected = func(widget.ListItemID) { p.selected = -1; p.applyState() }
	p.obsTable = widget.NewTable(func() (int, int) { return len(p.observations) + 1, 4 },
		func() fyne.CanvasObject { return widget.NewLabel(env.T("patients.clinical.obssample")) },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(p.observationCell(id.Row, id.Col))
		})
	p.obsTable.OnSelected = func(id widget.TableCellID) { p.obsSelected = id.Row - 1; p.applyState() }
	for col, w := range []float32{110, 220, 90, 90} {
		p.obsTable.SetColumnWidth(col, w)
	}
	p.buildEditors()
	p.content = p.layout()
	return p
}

func (p *ClinicalPanel) buildEditors() {
	p.encDate, p.encDiag = kit.NewPrivateEntry(), kit.NewPrivateMultiLineEntry()
	p.encDate.SetPlaceHolder(kit.DateFieldHint(p.env.Loc))
	p.encDiag.SetPlaceHolder(p.env.Loc.T("patients.clinical.diag.placeholder"))
	p.encDiag.SetMinRowsVisible(3)
	kinds := make([]string, 0, 4)
	for _, k := range vault.EncounterKinds() {
		kinds = append(kinds, kit.EncounterLabel(p.env.Loc, k))
	}
	p.encKind = kit.NewEscSelect(kinds, nil)
	p.obsDate, p.obsValue, p.obsUnit = kit.NewPrivateEntry(), kit.NewPrivateEntry(), kit.NewPrivateEntry()
	p.obsDate.SetPlaceHolder(kit.DateFieldHint(p.env.Loc))
	p.obsCode = widget.NewSelectEntry(observationChoices(p.env.Loc))
	p.obsCode.SetPlaceHolder(p.env.Loc.T("patients.clinical.code.placeholder"))
	p.obsCode.OnChanged = p.suggestUnit
	for _, name := range []string{"enc." + fieldEncDate, "enc." + fieldEncKind, "enc." + fieldEncDiagnoses,
		"obs." + fieldEncDate, "obs." + fieldObsCode, "obs." + fieldObsValue, "obs." + fieldObsUnit} {
		l := widget.NewLabel("")
		l.Importance = widget.DangerImportance
		l.Wrapping = fyne.TextWrapWord
		l.Hide()
		p.errs[name] = l
	}
	row := func(label, key string, w fyne.CanvasObject) []fyne.CanvasObject {
		return []fyne.CanvasObject{widget.NewLabel(p.env.T(label)), container.NewVBox(w, p.errs[key])}
	}
	encForm := container.New(layout.NewFormLayout(), slices.Concat(row("patients.clinical.date", "enc.Date", p.encDate),
		row("patients.clinical.kind", "enc.Kind", p.encKind), row("patients.clinical.diagnoses", "enc.Diagnoses", p.encDiag))...)
	encSave := saveButton(p.env.Loc, p.SaveEncounter)
	kit.SubmitOnEnter(encSave, encForm)
	p.encEditor = container.NewVBox(widget.NewSeparator(), encForm, container.NewHBox(layout.NewSpacer(),
		widget.NewButton(p.env.T("common.cancel"), p.CancelEditors), encSave))
	obsForm := container.New(layout.NewFormLayout(), slices.Concat(row("patients.clinical.date", "obs.Date", p.obsDate),
		row("patients.clinical.observation", "obs.Code", p.obsCode), row("patients.clinical.value", "obs.Value", p.obsValue),
		row("patients.clinical.unit", "obs.Unit", p.obsUnit))...)
	obsSave := saveButton(p.env.Loc, p.saveObservation)
	kit.SubmitOnEnter(obsSave, obsForm)
	p.obsEditor = container.NewVBox(widget.NewSeparator(), obsForm, container.NewHBox(layout.NewSpacer(),
		widget.NewButton(p.env.T("common.cancel"), p.CancelEditors), obsSave))
	p.encEditor.Hide()
	p.obsEditor.Hide()
}

func saveButton(loc *i18n.Localizer, f func()) *widget.Button {
	b := widget.NewButtonWithIcon(loc.T("common.save"), theme.DocumentSaveIcon(), f)
	b.Importance = widget.HighImportance
	return b
}

func (p *ClinicalPanel) layout() fyne.CanvasObject {
	addEnc := widget.NewButtonWithIcon(p.env.Loc.T("patients.clinical.addenc"), theme.ContentAddIcon(), p.NewEncounter)
	p.editEnc = widget.NewButtonWithIcon(p.env.Loc.T("common.edit"), theme.DocumentCreateIcon(), p.editSelected)
	p.delEnc = widget.NewButtonWithIcon(p.env.T("common.delete"), theme.DeleteIcon(), p.confirmDeleteSelected)
	addObs := widget.NewButtonWithIcon(p.env.Loc.T("patients.clinical.addobs"), theme.ContentAddIcon(), p.NewObservation)
	p.delObs = widget.NewButtonWithIcon(p.env.T("common.delete"), theme.DeleteIcon(), p.confirmDeleteObservation)
	p.buttons = []fyne.Disableable{addEnc, addObs}
	encBar := headingBar(p.env.Loc.T("patients.clinical.encounters"), addEnc, p.editEnc, p.delEnc)
	obsBar := headingBar(p.env.Loc.T("patients.clinical.observations"), addObs, p.delObs)
	return container.NewVBox(encBar, container.New(&minHeight{180}, p.encList), p.encEditor,
		obsBar, container.New(&minHeight{180}, p.obsTable), p.obsEditor, p.status)
}

// headingBar is a heading with buttons at its end; the heading wraps
// rather than widening the window when the words are long (German).
func headingBar(text string, buttons ...fyne.CanvasObject) *fyne.Container {
	h := kit.Heading(text)
	h.Wrapping = fyne.TextWrapWord
	return container.NewBorder(nil, nil, nil, container.NewHBox(buttons...), h)
}

// minHeight gives its single child at least h of height.
type minHeight struct{ h float32 }

func (l *minHeight) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := objs[0].MinSize()
	return fyne.NewSize(s.Width, max(s.Height, l.h))
}

func (l *minHeight) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// load shows the clinical record of a patient (two audited reads).
func (p *ClinicalPanel) load(patientID string, editable bool) {
	p.patient, p.editable = patientID, editable
	p.CancelEditors()
	var encs []vault.Encounter
	var obs []vault.Observation
	var err error
	p.env.Run(func() {
		if encs, err = p.session.Encounters(patientID); err == nil {
			obs, err = p.session.Observations(patientID)
		}
	}, func() {
		if err != nil {
			p.env.ShowError(err)
			return
		}
		p.show(encs, obs)
	})
}

// clear empties the panel (a new, unsaved patient has no clinical record).
func (p *ClinicalPanel) clear() {
	p.patient = ""
	p.show(nil, nil)
}

func (p *ClinicalPanel) show(encs []vault.Encounter, obs []vault.Observation) {
	slices.Reverse(encs) // newest first
	slices.Reverse(obs)
	p.encounters, p.observations, p.selected, p.obsSelected = encs, obs, -1, -1
	p.encList.UnselectAll()
	p.obsTable.UnselectAll()
	p.encList.Refresh()
	p.obsTable.Refresh()
	p.applyState()
}

func (p *ClinicalPanel) applyState() {
	on := p.editable && p.patient != ""
	kit.SetEnabled(on, p.buttons...)
	kit.SetEnabled(on && p.selected >= 0, p.editEnc, p.delEnc)
	kit.SetEnabled(on && p.obsSelected >= 0 && p.obsSelected < len(p.observations), p.delObs)
}

// EncounterRows are the lines of the encounter list, newest first.
func (p *ClinicalPanel) EncounterRows() []string {
	out := make([]string, len(p.encounters))
	for i, e := range p.encounters {
		out[i] = encounterRow(p.env.Loc, e)
	}
	return out
}

// observationCell is the text of a table cell; row 0 is the header.
func (p *ClinicalPanel) observationCell(row, col int) string {
	if row == 0 {
		return p.env.T([]string{"patients.clinical.date", "patients.clinical.observation", "patients.clinical.value", "patients.clinical.unit"}[col])
	}
	return observationRow(p.env.Loc, p.observations[row-1])[col]
}

// observationCount is the number of observation rows shown.
func (p *ClinicalPanel) observationCount() int { return len(p.observations) }

// statusText is the panel's message line.
func (p *ClinicalPanel) statusText() string { return p.status.Text }

// errorFor is the message under an editor field ("enc.Date", "obs.Code", ...).
func (p *ClinicalPanel) errorFor(key string) string {
	if l := p.errs[key]; l != nil && l.Visible() {
		return l.Text
	}
	return ""
}

// Select selects encounter i of the list.
func (p *ClinicalPanel) Select(i int) { p.encList.Select(i) }

// CancelEditors closes both editors.
func (p *ClinicalPanel) CancelEditors() {
	p.encEditor.Hide()
	p.obsEditor.Hide()
	p.showErrors("enc.", nil)
	p.showErrors("obs.", nil)
}

// NewEncounter opens the editor for a new encounter dated today.
func (p *ClinicalPanel) NewEncounter() {
	p.env.Touch()
	p.encBase = vault.Encounter{PatientID: p.patient, Date: today(p.env.Now()), Kind: vault.EncounterVisit}
	p.openEncounterEditor()
}

// editSelected opens the editor on the selected encounter.
func (p *ClinicalPanel) editSelected() {
	if p.selected < 0 {
		return
	}
	p.encBase = p.encounters[p.selected]
	p.openEncounterEditor()
}

func (p *ClinicalPanel) openEncounterEditor() {
	p.obsEditor.Hide()
	p.setEncounterFields(encounterFieldsOf(p.env.Loc, p.encBase))
	p.showErrors("enc.", nil)
	p.encEditor.Show()
}

// setEncounterFields types into the encounter editor; for tests and the tour.
func (p *ClinicalPanel) setEncounterFields(f encounterFields) {
	p.encDate.SetText(f.Date)
	p.encKind.SetSelected(p.kindShown(f.Kind))
	p.encDiag.SetText(f.Diagnoses)
}

// editorOpen reports whether the encounter or observation editor is shown.
func (p *ClinicalPanel) editorOpen() bool { return p.encEditor.Visible() || p.obsEditor.Visible() }

// SaveEncounter validates the editor and stores the encounter.
func (p *ClinicalPanel) SaveEncounter() {
	e, errs := buildEncounter(p.env.Loc, p.encBase, encounterFields{Date: p.encDate.Text, Kind: p.kindStored(p.encKind.Selected), Diagnoses: p.encDiag.Text}, p.env.Now())
	if len(errs) > 0 {
		p.showErrors("enc.", errs)
		p.status.SetText(p.env.Loc.T("patients.correct"))
		return
	}
	var err error
	p.env.Run(func() {
		if e.ID == "" {
			_, err = p.session.AddEncounter(e)
		} else {
			_, err = p.session.UpdateEncounter(e)
		}
	}, func() { p.saved("enc.", p.env.T("patients.clinical.encsaved"), err) })
}

func (p *ClinicalPanel) saved(prefix, ok string, err error) {
	if err != nil {
		p.status.SetText(p.env.Loc.T("patients.notsaved"))
		if errs := kit.FieldErrorsOf(err); len(errs) > 0 {
			p.showErrors(prefix, errs)
			return
		}
		if errors.Is(err, vault.ErrConflict) {
			p.status.SetText(p.env.Loc.T("patients.clinical.conflict"))
		}
		p.env.ShowError(err)
		return
	}
	p.load(p.patient, p.editable)
	p.status.SetText(ok)
}

func (p *ClinicalPanel) showErrors(prefix string, errs kit.FieldErrors) {
	for key, l := range p.errs {
		if len(key) < len(prefix) || key[:len(prefix)] != prefix {
			continue
		}
		if msg, ok := errs[key[len(prefix):]]; ok {
			l.SetText(kit.FieldMessage(p.env.Loc, msg))
			l.Show()
		} else {
			l.Hide()
		}
	}
}

func (p *ClinicalPanel) confirmDeleteSelected() {
	if p.selected < 0 {
		return
	}
	e := p.encounters[p.selected]
	dialog.ShowConfirm(p.env.T("patients.clinical.delenc.title"), p.env.Loc.T("patients.clinical.delenc.confirm", "Date", p.env.Loc.Date(e.Date)),
		func(yes bool) {
			if yes {
				p.deleteEncounter(e.ID)
			}
		}, p.env.Win)
}

func (p *ClinicalPanel) deleteEncounter(id string) {
	var err error
	p.env.Run(func() { err = p.session.DeleteEncounter(id) }, func() { p.saved("enc.", p.env.T("patients.clinical.encdeleted"), err) })
}

// selectObservation selects row i (0-based, below the header) of the table.
func (p *ClinicalPanel) selectObservation(i int) {
	p.obsTable.Select(widget.TableCellID{Row: i + 1, Col: 0})
}

func (p *ClinicalPanel) confirmDeleteObservation() {
	if p.obsSelected < 0 || p.obsSelected >= len(p.observations) {
		return
	}
	o := p.observations[p.obsSelected]
	dialog.ShowConfirm(p.env.T("patients.clinical.delobs.title"), p.env.Loc.T("patients.clinical.delobs.confirm", "Name", observationRow(p.env.Loc, o)[1], "Date", p.env.Loc.Date(o.Date)),
		func(yes bool) {
			if yes {
				p.deleteObservation(o.ID)
			}
		}, p.env.Win)
}

func (p *ClinicalPanel) deleteObservation(id string) {
	var err error
	p.env.Run(func() { err = p.session.DeleteObservation(id) }, func() { p.saved("obs.", p.env.T("patients.clinical.obsdeleted"), err) })
}

// NewObservation opens the observation editor, dated today.
func (p *ClinicalPanel) NewObservation() {
	p.env.Touch()
	p.encEditor.Hide()
	p.setObservationFields(observationFields{Date: kit.DateInput(p.env.Loc, today(p.env.Now()))})
	p.showErrors("obs.", nil)
	p.obsEditor.Show()
}

// setObservationFields types into the observation editor.
func (p *ClinicalPanel) setObservationFields(f observationFields) {
	p.obsDate.SetText(f.Date)
	p.obsCode.SetText(f.Code)
	p.obsValue.SetText(f.Value)
	if f.Unit != "" || f.Code == "" {
		p.obsUnit.SetText(unitLabel(f.Unit))
	}
}

// suggestUnit fills the unit of a picked common observation.
func (p *ClinicalPanel) suggestUnit(choice string) {
	for _, c := range commonObservations {
		if choice == observationChoice(p.env.Loc, c) || choice == c.Code {
			p.obsUnit.SetText(unitLabel(c.Unit))
		}
	}
}

// saveObservation validates the editor and stores the observation.
func (p *ClinicalPanel) saveObservation() {
	o, errs := buildObservation(p.env.Loc, vault.Observation{PatientID: p.patient},
		observationFields{Date: p.obsDate.Text, Code: p.obsCode.Text, Value: p.obsValue.Text, Unit: p.obsUnit.Text}, p.env.Now())
	if len(errs) > 0 {
		p.showErrors("obs.", errs)
		p.status.SetText(p.env.Loc.T("patients.correct"))
		return
	}
	var err error
	p.env.Run(func() { _, err = p.session.AddObservation(o) }, func() { p.saved("obs.", p.env.T("patients.clinical.obssaved"), err) })
}

func today(now time.Time) time.Time {
	n := now.UTC()
	return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)
}

// kindShown is the current language's label of an encounter kind given as
// its stored label or code (encounterFields.Kind).
func (p *ClinicalPanel) kindShown(kind string) string {
	if k, err := vault.ParseEncounterKind(kind); err == nil {
		return kit.EncounterLabel(p.env.Loc, k)
	}
	return kind
}

// kindStored maps the label chosen back to what buildEncounter reads.
func (p *ClinicalPanel) kindStored(shown string) string {
	for _, k := range vault.EncounterKinds() {
		if kit.EncounterLabel(p.env.Loc, k) == shown {
			return string(k)
		}
	}
	return shown
}
