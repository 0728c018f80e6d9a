package requests

import (
	"custodia/ui/kit"
	"custodia/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The "Person" row of the new-request dialog: a search (name, birth date
// or record number) and the matches to pick from; once a patient is
// picked, the row shows them by name (family, given, birth date) where the
// role may read identities, by a short reference otherwise, with a button
// to choose someone else. The patient's id goes into the request and is
// never shown or typed. Someone asking for a patient (a parent, a
// guardian) is named under "Requester"; they need no record of their own.

func (f *IntakeForm) newSubjectRows() {
	loc := f.view.env.Loc
	f.find = kit.NewPrivateEntry()
	f.find.SetPlaceHolder(loc.T("forms9.intake.find.placeholder"))
	f.find.OnSubmitted = func(string) { f.Find() }
	search := widget.NewButtonWithIcon(loc.T("forms9.intake.find"), theme.SearchIcon(), f.Find)
	f.matches = kit.NewEscSelect(nil, func(string) { f.pick() })
	f.matches.PlaceHolder = loc.T("requests.intake.matches")
	f.matches.Hide()
	f.searchRow = container.NewVBox(container.NewBorder(nil, nil, nil, search, kit.FitPlaceholder(f.find)), f.matches)
	f.picked = widget.NewLabel("")
	f.picked.TextStyle.Bold = true
	f.picked.Wrapping = fyne.TextWrapWord
	change := widget.NewButtonWithIcon(loc.T("forms9.intake.change"), theme.ContentClearIcon(), f.clearPick)
	f.pickedRow = container.NewBorder(nil, nil, nil, change, f.picked)
	f.pickedRow.Hide()
}

// pick takes the match selected in the list.
func (f *IntakeForm) pick() {
	i := f.matches.SelectedIndex()
	if i < 0 || i >= len(f.found) {
		return
	}
	p := f.found[i]
	f.pickID(p.ID, pickedName(f, p))
}

// pickedName names a picked patient: "Family, Given (geb. date)" for a
// role that may read identities, else the short reference.
func pickedName(f *IntakeForm, p vault.PatientSummary) string {
	loc := f.view.env.Loc
	if !f.view.uc.User().Role.Can(vault.PermPatientRead) {
		return loc.T("layout.patient.ref", "Ref", kit.ShortRef(p.ID))
	}
	return loc.T("layout.patient.born", "Name", p.FamilyName+", "+p.GivenName, "Born", loc.Date(p.BirthDate))
}

// pickID makes id the request's subject, shown as label.
func (f *IntakeForm) pickID(id, label string) {
	f.subject = id
	f.picked.SetText(label)
	f.searchRow.Hide()
	f.pickedRow.Show()
	f.resetDuplicate()
	f.problem.SetText("") // it may have asked for the person; Submit checks again
	if c := f.view.env.Win.Canvas(); c != nil && f.dlg != nil {
		c.Unfocus() // the list or the search had it: Esc closes the dialog again
	}
}

// clearPick forgets the picked patient and offers the search again.
func (f *IntakeForm) clearPick() {
	f.subject = ""
	f.picked.SetText("")
	f.pickedRow.Hide()
	f.matches.ClearSelected()
	f.searchRow.Show()
	f.resetDuplicate()
	if c := f.view.env.Win.Canvas(); c != nil && f.dlg != nil {
		c.Focus(f.find)
	}
}

// Picked is the picked patient as the dialog shows them, "" for none; for
// tests.
func (f *IntakeForm) Picked() string {
	if !f.pickedRow.Visible() {
		return ""
	}
	return f.picked.Text
}

// ClearPick presses "choose someone else"; for tests.
func (f *IntakeForm) ClearPick() { f.clearPick() }
