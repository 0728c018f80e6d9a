package patients

import (
	"custodia/ui/kit"
	"custodia/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// newClinicalImport adds the clinical import beside the patient import
// where the session holds clinical data; it is enabled for a role that may
// write patients' clinical data (the vault checks again and audits).
func (v *View) newClinicalImport(env *kit.Env, s kit.Session, canWrite bool) {
	cs, ok := s.(clinicalImportSession)
	if !ok || !s.User().Role.Can(vault.PermPatientClinical) {
		return // a role without clinical data does not see the import at all
	}
	v.ClinicalImporter = newClinicalImporter(env, cs, v.clinicalImported)
	v.clinicalBtn = widget.NewButtonWithIcon(env.Loc.T("clinical.import"), theme.UploadIcon(), v.ClinicalImporter.Open)
	kit.SetEnabled(canWrite, v.clinicalBtn)
}

// clinicalRow is the clinical import's button row (empty without one).
func (v *View) clinicalRow() fyne.CanvasObject {
	if v.clinicalBtn == nil {
		return layout.NewSpacer()
	}
	return container.NewHBox(v.clinicalBtn)
}

// clinicalImported shows the open patient's new encounters and
// observations after an import.
func (v *View) clinicalImported() {
	if c := v.Form.Clinical; c != nil && c.patient != "" {
		c.load(c.patient, c.editable)
	}
}
