package research

import (
	"strings"
	"testing"

	"custodia/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// TestEnterInTheWizardPressesNext: Enter in a field of the study step
// does what Next does: refused with the step's problems on an empty
// study, on to the cohort step once it is filled; Enter in a cohort
// field presses Next too, and the run step's passphrase fields are wired
// (to Save, which asks where to save).
func TestEnterInTheWizardPressesNext(t *testing.T) {
	f := newFixture(t, vault.RoleDPO)
	w := f.openWizard()
	enter := func(e fyne.Focusable) {
		f.win.Canvas().Focus(e)
		e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	}
	enter(w.study.name)
	if w.Step() != StepStudy || !strings.Contains(w.Problem(), "Study name") {
		t.Fatalf("Enter on an empty study: step %d, problem %q", w.Step(), w.Problem())
	}
	f.fillStudy(w)
	enter(w.study.contact)
	if w.Step() != StepCohort {
		t.Fatalf("Enter on a filled study: step %d, problem %q", w.Step(), w.Problem())
	}
	f.run.flush()
	enter(w.cohort.icd)
	if w.Step() != StepColumns {
		t.Errorf("Enter in the cohort's diagnosis field: step %d, problem %q", w.Step(), w.Problem())
	}
	for i, e := range []*widget.Entry{w.run.pass, w.run.pass2} {
		if e.OnSubmitted == nil {
			t.Errorf("the run step's passphrase field %d does nothing on Enter", i+1)
		}
	}
}
