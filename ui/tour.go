//go:build tour

package ui

import (
	"custodia/ui/kit"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
)

// TourShot captures the screen under a name.
type TourShot func(name string) error

// RunTour walks through every screen for documentation screenshots: it
// creates a throw-away vault in scratchDir, then opens the demo vault and
// visits each section, calling shot after each step. It must run on its
// own goroutine; it reaches the widgets only through fyne.DoAndWait. Only
// synthetic demo data is shown.
func RunTour(a *App, scratchDir string, shot TourShot) error {
	t := &tour{a: a, shot: shot}
	steps := []func() error{
		func() error { return t.snap("01-start") },
		func() error { return t.createVault(filepath.Join(scratchDir, "tour.vault")) },
		t.demoUnlock,
		t.patients,
		t.users,
		t.audit,
		t.importCSV,
		t.consentTour,
		t.restrictedRoles,
		t.lockAndRecovery,
	}
	for _, s := range steps {
		if err := s(); err != nil {
			return err
		}
	}
	return nil
}

type tour struct {
	a    *App
	shot TourShot
}

func (t *tour) do(f func()) { fyne.DoAndWait(f) }

// wait polls cond on the UI goroutine until it holds.
func (t *tour) wait(what string, limit time.Duration, cond func() bool) error {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		ok := false
		t.do(func() { ok = cond() })
		if ok {
			time.Sleep(300 * time.Millisecond) // let the frame render
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("tour: timed out waiting for %s", what)
}

func (t *tour) snap(name string) error {
	time.Sleep(500 * time.Millisecond)
	return t.shot(name)
}

func (t *tour) createVault(path string) error {
	_ = os.Remove(path)
	t.do(func() {
		t.a.showCreate()
		v := t.a.create
		v.path.SetText(path)
		v.admin.SetText("anna.admin")
		v.pass.Set("Tulip-Harbour-Violin-42", "Tulip-Harbour-Violin-42")
	})
	if err := t.snap("02-create-vault"); err != nil {
		return err
	}
	t.do(func() { t.a.create.submit() })
	if err := t.wait("the recovery code", 60*time.Second, func() bool { return t.a.create == nil }); err != nil {
		return err
	}
	if err := t.snap("03-recovery-code"); err != nil {
		return err
	}
	var code string
	t.do(func() {
		code = t.a.recovery.code
		t.a.recovery.stored.SetChecked(true)
		t.a.recovery.next.OnTapped()
	})
	if err := t.wait("the unlock screen", time.Minute, func() bool { return t.a.unlock != nil }); err != nil {
		return err
	}
	t.do(func() { t.a.unlock.toggleRecovery(); t.a.unlock.code.SetText(code); t.a.unlock.Submit() })
	if err := t.wait("the new passphrase screen", time.Minute, func() bool { return t.a.reset != nil }); err != nil {
		return err
	}
	t.do(func() {
		t.a.reset.pass.Set("Quiet-Lantern-Orchard-7", "Quiet-Lantern-Orch")
	})
	if err := t.snap("03b-recovery-new-passphrase"); err != nil {
		return err
	}
	t.do(func() { t.a.reset.pass.Set("Quiet-Lantern-Orchard-7", "Quiet-Lantern-Orchard-7"); t.a.reset.submit() })
	if err := t.wait("the main window", time.Minute, func() bool { return t.a.main != nil }); err != nil {
		return err
	}
	if err := t.snap("03c-new-vault-empty"); err != nil {
		return err
	}
	t.do(func() { t.a.closeVault() })
	return nil
}

func (t *tour) demoUnlock() error {
	t.do(func() { t.a.start.openDemo() })
	if err := t.wait("the demo vault", 10*time.Minute, func() bool {
		return t.a.unlock != nil || (t.a.start != nil && !t.a.start.demo.Disabled())
	}); err != nil {
		return err
	}
	var status string
	t.do(func() {
		if t.a.unlock == nil {
			status = t.a.start.status.Text
		}
	})
	if status != "" {
		return fmt.Errorf("tour: demo vault did not open: %s", status)
	}
	t.do(func() { t.a.unlock.pass.SetText("not-the-passphrase"); t.a.unlock.Submit() })
	if err := t.wait("the failed unlock", time.Minute, func() bool { return t.a.unlock != nil && !t.a.unlock.busy }); err != nil {
		return err
	}
	if err := t.snap("04-unlock-wrong-passphrase"); err != nil {
		return err
	}
	return t.unlockAs(t.a.demo.Users[0])
}

func (t *tour) unlockAs(u DemoUser) error {
	t.do(func() {
		t.a.unlock.user.SetText(u.Name)
		t.a.unlock.pass.SetText(u.Passphrase)
		t.a.unlock.Submit()
	})
	return t.wait("the main window", time.Minute, func() bool { return t.a.main != nil })
}

func (t *tour) patients() error {
	p := t.a.main.Patients
	if err := t.wait("the patient list", time.Minute, func() bool { _, ok := p.Row(0); return ok }); err != nil {
		return err
	}
	if err := t.snap("05-patients"); err != nil {
		return err
	}
	t.do(func() { p.Select(2) })
	if err := t.wait("the patient form", time.Minute, p.FormShown); err != nil {
		return err
	}
	if err := t.snap("06-patient-detail"); err != nil {
		return err
	}
	t.do(func() {
		p.Form.SetField(kit.FieldBirthDate, "1984-02-30")
		p.Form.SetField(kit.FieldEmail, "not-an-address")
		p.Form.Save()
	})
	if err := t.snap("07-patient-validation"); err != nil {
		return err
	}
	var name string
	t.do(func() { row, _ := p.Row(2); name = row.FamilyName; p.Form.Revert() })
	t.do(func() { p.SetSearch(name) })
	if err := t.wait("search results", time.Minute, p.Searching); err != nil {
		return err
	}
	if err := t.snap("08-patient-search"); err != nil {
		return err
	}
	t.do(func() { p.SetSearch(""); p.NewPatient() })
	return t.snap("09-new-patient")
}

func (t *tour) users() error {
	m := t.a.main
	t.do(func() { m.Show(sectionUsers) })
	if err := t.wait("the users", time.Minute, func() bool { return len(m.Users.Users()) > 0 }); err != nil {
		return err
	}
	t.do(func() {
		m.Users.Fill(0, "maria.frontdesk", "short")
	})
	if err := t.snap("10-users"); err != nil {
		return err
	}
	t.do(func() {
		m.ChangePassphrase()
		m.PassChange.Fill("demo-passphrase-not-secret", "Quiet-Lantern-Orchard-7")
	})
	if err := t.snap("10b-change-own-passphrase"); err != nil {
		return err
	}
	t.do(func() { t.a.closeOverlays() })
	return nil
}

func (t *tour) audit() error {
	m := t.a.main
	t.do(func() { m.Show(sectionAudit) })
	if err := t.wait("the audit trail", time.Minute, func() bool { return len(m.Audit.Entries()) > 0 }); err != nil {
		return err
	}
	t.do(func() { m.Audit.Verify() })
	if err := t.wait("the verification", 5*time.Minute, func() bool { return !m.Audit.Verifying() }); err != nil {
		return err
	}
	if err := t.snap("11-audit-verified"); err != nil {
		return err
	}
	t.do(func() { m.Audit.ShowLatest() })
	if err := t.wait("the latest entries", time.Minute, func() bool { return m.Audit.AllLoaded() }); err != nil {
		return err
	}
	return t.snap("11b-audit-latest")
}

// tourCSV is a synthetic file with mistakes on lines 3 and 4.
const tourCSV = "given_name,family_name,birth_date,sex,email,mrn\n" +
	"Ada,Example,1970-01-31,female,ada@example.org,T-0001\n" +
	"Bo,,1980-02-30,male,,T-0002\n" +
	"Cy,Sample,1990-05-05,robot,cy@@example,T-0003\n"

func (t *tour) importCSV() error {
	m := t.a.main
	t.do(func() { m.Show(sectionPatients); m.Patients.Importer.Check([]byte(tourCSV)) })
	if err := t.wait("the import check", time.Minute, func() bool { return !m.Patients.Importer.Busy() }); err != nil {
		return err
	}
	if err := t.snap("12-import-errors"); err != nil {
		return err
	}
	t.do(func() { t.a.closeOverlays() })
	return nil
}

// restrictedRoles shows what a clinician and a researcher see.
func (t *tour) restrictedRoles() error {
	for _, u := range t.a.demo.Users[1:] {
		if u.Role != "frontdesk" && u.Role != "researcher" {
			continue
		}
		t.do(func() { t.a.lock() })
		if err := t.unlockAs(u); err != nil {
			return err
		}
		m := t.a.main
		if m.Patients != nil {
			t.do(func() { m.Patients.Select(0) })
			if err := t.wait("the patient form", time.Minute, func() bool { return m.Patients.Form.PatientID() != "" }); err != nil {
				return err
			}
		}
		if err := t.snap("13-role-" + string(u.Role)); err != nil {
			return err
		}
	}
	return nil
}

func (t *tour) lockAndRecovery() error {
	t.do(func() { t.a.lock() })
	if t.a.unlock == nil {
		return errors.New("tour: lock did not return to the unlock screen")
	}
	if err := t.snap("14-locked"); err != nil {
		return err
	}
	t.do(func() { t.a.unlock.toggleRecovery(); t.a.unlock.code.SetText("WRONG-CODE-0000") })
	return t.snap("15-unlock-recovery")
}
