package research

import (
	"custodia/ui/kit"

	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	usecase "custodia/app"
	"custodia/consent"
	core "custodia/research"
	"custodia/vault"
)

// Reidentifier is "Re-identify a pseudonym": for a safety finding the DPO
// traces one pseudonym of an export back to the patient, with a reason.
// The vault allows it to the DPO only, stores the reason sealed and audits
// every attempt. The patient found is personal data: it is shown in
// labels that cannot be selected or copied, and cleared when the page is
// left (Back, another tab, lock, language switch) or a new look-up starts.
type Reidentifier struct {
	v       *View
	export  ExportRecord
	content fyne.CanvasObject

	pseudonym *kit.PrivateEntry
	reason    *kit.PrivateEntry
	findBtn   *widget.Button
	status    *widget.Label
	result    *fyne.Container
	busy      bool
	// found is the patient shown, nil when none.
	found *vault.PatientSummary
}

// Reidentify shows the re-identification page for the selected export in
// place of the lists; nothing when no export is selected.
func (v *View) Reidentify() {
	v.opts.Touch()
	if v.export < 0 || v.export >= len(v.history) {
		return
	}
	r := v.newReidentifier(v.history[v.export])
	v.Reidentifier = r
	v.content.Objects = []fyne.CanvasObject{r.content}
	v.content.Refresh()
}

func (v *View) newReidentifier(e ExportRecord) *Reidentifier {
	loc := v.loc
	r := &Reidentifier{v: v, export: e}
	r.pseudonym = kit.NewPrivateEntry()
	r.pseudonym.SetPlaceHolder(loc.T("research.reid.pseudonymPlaceholder"))
	r.reason = kit.NewPrivateMultiLineEntry()
	r.reason.SetMinRowsVisible(3)
	r.reason.SetPlaceHolder(loc.T("research.reid.reasonPlaceholder"))
	exportItem := widget.NewFormItem(loc.T("research.reid.export"), wrapped(v.exportTitle(e)))
	pseudoItem := widget.NewFormItem(loc.T("research.reid.pseudonym"), r.pseudonym)
	pseudoItem.HintText = loc.T("research.reid.pseudonymHint")
	reasonItem := widget.NewFormItem(loc.T("research.reid.reason"), r.reason)
	reasonItem.HintText = loc.T("research.reid.reasonHint")
	form := widget.NewForm(exportItem, pseudoItem, reasonItem)
	r.findBtn = widget.NewButtonWithIcon(loc.T("research.reid.find"), theme.SearchIcon(), r.Find)
	r.findBtn.Importance = widget.HighImportance
	kit.SubmitOnEnter(r.findBtn, form)
	r.status = widget.NewLabel("")
	r.status.Wrapping = fyne.TextWrapWord
	r.status.Hide()
	r.result = container.NewVBox()
	back := widget.NewButtonWithIcon(loc.T("research.open.back"), theme.NavigateBackIcon(), v.ShowHome)
	head := container.NewBorder(nil, nil, nil, back, heading(loc.T("research.reid.title")))
	top := container.NewVBox(head, wrapped(loc.T("research.reid.intro")), form, container.NewHBox(r.findBtn), r.status, r.result)
	r.content = container.NewVScroll(container.NewPadded(top))
	return r
}

// Fill sets the form (as a person would type it).
func (r *Reidentifier) Fill(pseudonym, reason string) {
	r.pseudonym.SetText(pseudonym)
	r.reason.SetText(reason)
}

// Find asks the vault for the patient behind the pseudonym.
func (r *Reidentifier) Find() {
	v := r.v
	v.opts.Touch()
	if r.busy {
		return
	}
	r.clearResult()
	pseudonym, reason := strings.TrimSpace(r.pseudonym.Text), strings.TrimSpace(r.reason.Text)
	if pseudonym == "" || reason == "" {
		r.say(v.loc.T("research.reid.missing"), widget.DangerImportance)
		return
	}
	r.busy = true
	r.findBtn.Disable()
	r.say(v.loc.T("research.reid.searching"), widget.MediumImportance)
	var p vault.PatientSummary
	var err error
	study := r.export.StudyID
	v.opts.Run(func() { p, err = v.svc.Reidentify(study, pseudonym, reason) }, func() {
		r.busy = false
		r.findBtn.Enable()
		if v.Reidentifier != r {
			return // the page was left meanwhile: show nothing
		}
		if err != nil {
			r.say(v.reidentifyError(err), widget.DangerImportance)
			return
		}
		r.reason.SetText("")
		r.show(p)
	})
}

// show puts the patient found on the page.
func (r *Reidentifier) show(p vault.PatientSummary) {
	loc := r.v.loc
	r.found = &p
	r.say(loc.T("research.reid.audited"), widget.MediumImportance)
	name := loc.T("research.reid.nameValue", "Family", p.FamilyName, "Given", p.GivenName)
	pairs := []string{loc.T("research.reid.name"), name, loc.T("research.reid.born"), loc.Date(p.BirthDate)}
	if p.MRN != "" {
		pairs = append(pairs, loc.T("research.reid.mrn"), p.MRN)
	}
	objs := []fyne.CanvasObject{heading(loc.T("research.reid.found")), keyValues(pairs...)}
	if p.Restricted {
		objs = append(objs, wrapped(loc.T("research.reid.restricted")))
	}
	clear := widget.NewButtonWithIcon(loc.T("research.reid.clear"), theme.ContentClearIcon(), r.Clear)
	objs = append(objs, hint(loc.T("research.reid.private")), container.NewHBox(clear))
	r.result.Objects = objs
	r.result.Refresh()
}

// Clear removes the patient from the page.
func (r *Reidentifier) Clear() {
	r.v.opts.Touch()
	r.clearResult()
}

// clearResult removes the patient from the page (and drops it).
func (r *Reidentifier) clearResult() {
	r.found = nil
	r.result.Objects = nil
	r.result.Refresh()
	r.status.Hide()
}

// leave clears the whole page: result, pseudonym and reason.
func (r *Reidentifier) leave() {
	r.clearResult()
	r.pseudonym.SetText("")
	r.reason.SetText("")
}

func (r *Reidentifier) say(s string, imp widget.Importance) {
	r.status.SetText(s)
	r.status.Importance = imp
	r.status.Show()
	r.status.Refresh()
}

// Status is the page's status line ("" when hidden).
func (r *Reidentifier) Status() string {
	if !r.status.Visible() {
		return ""
	}
	return r.status.Text
}

// Found is the patient shown, nil when none.
func (r *Reidentifier) Found() *vault.PatientSummary { return r.found }

// reidentifyError words a refused or failed re-identification.
func (v *View) reidentifyError(err error) string {
	switch {
	case errors.Is(err, vault.ErrPermission):
		return v.loc.T("research.reid.forbidden")
	case errors.Is(err, vault.ErrKeyDestroyed):
		return v.loc.T("research.reid.keyDestroyed")
	case errors.Is(err, core.ErrUnknownPseudonym):
		return v.loc.T("research.reid.unknown")
	case errors.Is(err, vault.ErrValidation), errors.Is(err, consent.ErrInvalid):
		return v.loc.T("research.reid.missing")
	case errors.Is(err, vault.ErrNotFound):
		return v.loc.T("research.reid.noKey")
	}
	return v.errorText(err)
}

// destroyKeyError words a refused or failed key destruction.
func (v *View) destroyKeyError(err error) string {
	switch {
	case errors.Is(err, vault.ErrPermission):
		return v.loc.T("research.destroy.forbidden")
	case errors.Is(err, vault.ErrKeyDestroyed), errors.Is(err, usecase.ErrStudyKeyDestroyed):
		return v.loc.T("research.destroy.already")
	case errors.Is(err, vault.ErrValidation):
		return v.loc.T("research.destroy.missing")
	case errors.Is(err, vault.ErrNotFound):
		return v.loc.T("research.reid.noKey")
	}
	return v.errorText(err)
}

// exportTitle names an export: study, version and date.
func (v *View) exportTitle(e ExportRecord) string {
	return v.loc.T("research.home.exportTitle", "Study", e.StudyName, "Version", e.Version, "Date", v.loc.DateTime(e.At))
}

// wrapped is a label that wraps.
func wrapped(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	return l
}
