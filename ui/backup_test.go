package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"custodia/vault"

	"filippo.io/age"
)

func (b realBackend) Restore(from, to string, pass []byte, journals []string) (vault.RestoreReport, error) {
	f, err := os.Open(from)
	if err != nil {
		return vault.RestoreReport{}, err
	}
	defer f.Close()
	id, err := age.NewScryptIdentity(string(pass))
	if err != nil {
		return vault.RestoreReport{}, err
	}
	return vault.Restore(f, to, vault.RestoreOptions{Journals: journals}, id)
}

func TestBackupDue(t *testing.T) {
	now := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		last time.Time
		due  bool
	}{{time.Time{}, true}, {now.Add(-backupEvery), true}, {now.Add(-backupEvery + time.Hour), false}, {now, false}} {
		if got := backupDue(testLoc(), c.last, now) != ""; got != c.due {
			t.Errorf("last backup %v: due %v, want %v", c.last, got, c.due)
		}
	}
}

// TestDesktopBackupAndRestore: the reminder shows on a vault never backed
// up and goes after a backup; the start screen restores that backup, with
// the erasure made after it applied again.
func TestDesktopBackupAndRestore(t *testing.T) {
	a, v := realFixture(t)
	s, err := v.Unlock(vault.TestAdminName, []byte(vault.TestAdminPassphrase))
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.AddPatient(vault.Patient{GivenName: "Ilse", FamilyName: "Zyxwabe", BirthDate: time.Date(1980, 1, 2, 0, 0, 0, 0, time.UTC), Sex: "female"})
	if err != nil {
		t.Fatal(err)
	}
	unlockAs(t, a, "")
	m := a.main
	if m == nil || m.backupBanner == nil || !m.backupBanner.Visible() {
		t.Fatal("no backup reminder on a vault never backed up")
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "b.age")
	m.writeBackup(a.session.(Backupper), file, []byte("Backup-Lantern-Orchard-7"))
	if m.LastBackupInfo == nil || m.backupBanner.Visible() {
		t.Fatal("backup not taken, or the reminder stayed")
	}
	if err := s.DeletePatient(p.ID); err != nil {
		t.Fatal(err)
	}
	a.lock()
	a.showStart()
	if a.start.restore == nil {
		t.Fatal("no restore button on the start screen")
	}
	a.start.restore.OnTapped()
	r := a.restore
	r.from.SetText(file)
	r.pass.SetText("Backup-Lantern-Orchard-7")
	r.journal.SetText(vault.JournalPath(v.Path()))
	r.to.SetText(filepath.Join(dir, "restored.vault"))
	r.Submit()
	if r.Report == nil || len(r.Report.Reapplied) != 1 || r.Report.Reapplied[0].PatientID != p.ID {
		t.Fatalf("restore: %q %+v", r.message.Text, r.Report)
	}
	if strings.Contains(r.report.Text, "Zyxwabe") {
		t.Fatal("restore report shows a name")
	}
}
