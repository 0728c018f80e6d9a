package ui

import (
	"testing"

	"custodia/ui/internal/uitest"
	"custodia/vault"
)

func (realBackend) Restore(from, to string, pass []byte, journals []string) (vault.RestoreReport, error) {
	return uitest.AgeRestorer{}.Restore(from, to, pass, journals)
}

// TestBackupWiring: the main window shows the backup reminder on a vault
// never backed up, and the start screen's restore button shows the
// restore form (package backup tests the backup and the restore).
func TestBackupWiring(t *testing.T) {
	a, _ := realFixture(t)
	unlockAs(t, a, "")
	if m := a.main; m == nil || m.backups == nil || !m.backups.ReminderShown() {
		t.Fatal("no backup reminder on a vault never backed up")
	}
	a.lock()
	a.showStart()
	if a.start.restore == nil {
		t.Fatal("no restore button on the start screen")
	}
	a.start.restore.OnTapped()
	if a.restore == nil || a.env.Win.Content() != a.restore.Content() {
		t.Fatal("the restore button does not show the restore form")
	}
}
