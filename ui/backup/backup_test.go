package backup

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"custodia/i18n"
	"custodia/ui/internal/uitest"
	"custodia/vault"
)

func TestBackupDue(t *testing.T) {
	now := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		last time.Time
		due  bool
	}{{time.Time{}, true}, {now.Add(-every), true}, {now.Add(-every + time.Hour), false}, {now, false}} {
		if got := backupDue(uitest.Loc(), c.last, now) != ""; got != c.due {
			t.Errorf("last backup %v: due %v, want %v", c.last, got, c.due)
		}
	}
}

// TestBackupAndRestore: the reminder shows on a vault never backed up and
// goes after a backup; the restore form restores that backup, with the
// erasure made after it applied again, and reports ids, never names.
func TestBackupAndRestore(t *testing.T) {
	v, s := vault.NewTestVault(t)
	p, err := s.AddPatient(vault.Patient{GivenName: "Ilse", FamilyName: "Zyxwabe", BirthDate: time.Date(1980, 1, 2, 0, 0, 0, 0, time.UTC), Sex: "female"})
	if err != nil {
		t.Fatal(err)
	}
	env := uitest.Env(t, s)
	k := New(env, s, v.Path())
	if k == nil || k.Reminder(s.User().Role) == nil || !k.ReminderShown() {
		t.Fatal("no backup reminder on a vault never backed up")
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "b.age")
	k.write(file, []byte("Backup-Lantern-Orchard-7"))
	if k.Last == nil || k.ReminderShown() {
		t.Fatal("backup not taken, or the reminder stayed")
	}
	if err := s.DeletePatient(p.ID); err != nil {
		t.Fatal(err)
	}
	var opened string
	r := NewRestoreView(env, uitest.AgeRestorer{}, v.Path(), func() {}, func(path string) { opened = path })
	uitest.Show(env, r.Content())
	if got := r.journal.Text; got != vault.JournalPath(v.Path()) {
		t.Errorf("journal offered %q, want the last vault's", got)
	}
	r.from.SetText(file)
	r.pass.SetText("Backup-Lantern-Orchard-7")
	to := filepath.Join(dir, "restored.vault")
	r.to.SetText(to)
	r.Submit()
	if r.Report == nil || len(r.Report.Reapplied) != 1 || r.Report.Reapplied[0].PatientID != p.ID {
		t.Fatalf("restore: %q %+v", r.message.Text, r.Report)
	}
	if strings.Contains(r.report.Text, "Zyxwabe") {
		t.Fatal("restore report shows a name")
	}
	if !r.restore.Disabled() || !r.from.Disabled() || r.back.Disabled() {
		t.Error("after a restore the form still offers to restore again (or no way back)")
	}
	r.openBtn.OnTapped()
	if opened != to {
		t.Errorf("open restored vault: %q, want %q", opened, to)
	}
}

// TestBackupReminderOnlyForGovernance: roles without the governance
// permission get no reminder.
func TestBackupReminderOnlyForGovernance(t *testing.T) {
	v, s := vault.NewTestVault(t)
	k := New(uitest.Env(t, s), s, v.Path())
	if k.Reminder(vault.RoleClinician) != nil {
		t.Error("a clinician is reminded to back up")
	}
}

// TestBackupCancelLeavesNoFile: cancelling the backup's progress dialog
// lets the write finish and then removes the file; without cancelling the
// backup stays.
func TestBackupCancelLeavesNoFile(t *testing.T) {
	for _, cancel := range []bool{false, true} {
		v, s := vault.NewTestVault(t)
		env := uitest.Env(t, s)
		k := New(env, s, v.Path())
		var runs []func()
		env.Run = func(work, done func()) { runs = append(runs, func() { work(); done() }) }
		path := filepath.Join(t.TempDir(), "b.age")
		k.write(path, []byte("a long synthetic backup passphrase"))
		if len(env.Win.Canvas().Overlays().List()) == 0 {
			t.Fatal("no progress shown while the backup runs")
		}
		if cancel { // as the shell's Esc does
			if !env.Dialogs.Dismiss(len(env.Win.Canvas().Overlays().List())) {
				t.Fatal("the progress dialog is not one Esc closes")
			}
		}
		for _, r := range runs {
			r()
		}
		if _, err := os.Stat(path); (err == nil) == cancel {
			t.Errorf("cancelled %v: backup file exists %v", cancel, err == nil)
		}
	}
}

// TestBackupDialogOffersBrowse: the backup file need not be typed; the
// dialog offers the file chooser beside the path.
func TestBackupDialogOffersBrowse(t *testing.T) {
	v, s := vault.NewTestVault(t)
	env := uitest.Env(t, s)
	New(env, s, v.Path()).Dialog()
	uitest.CheckShown(t, "backup dialog", env.Win.Canvas().Overlays().Top(), []string{env.Loc.T("start.browse")}, nil)
}

// TestBackupDialogRefusesWhatCannotBeRestored: the dialog writes nothing
// without a file, nor with two passphrase entries that differ (the backup
// would be sealed with a passphrase nobody typed twice); it comes back
// with the file kept and the problem said, and writes once both are fit.
func TestBackupDialogRefusesWhatCannotBeRestored(t *testing.T) {
	v, s := vault.NewTestVault(t)
	env := uitest.Env(t, s)
	k := New(env, s, v.Path())
	k.Dialog()
	f := k.form
	f.pass.Set("Backup-Lantern-Orchard-7", "Backup-Lantern-Orchard-7")
	f.submit()
	if !f.message.Visible() || f.message.Text != env.Loc.T("sweepres.backup.nofile") {
		t.Errorf("no file: message %q", f.message.Text)
	}
	file := filepath.Join(t.TempDir(), "b.age")
	f.out.SetText(file)
	f.pass.Set("Backup-Lantern-Orchard-7", "Backup-Lantern-Orchard-8")
	f.submit()
	if _, err := os.Stat(file); err == nil {
		t.Fatal("a backup was written with two passphrases that differ")
	}
	if f.message.Text != env.Loc.T("sweepres.backup.weak") || f.out.Text != file {
		t.Errorf("differing passphrases: message %q, file %q", f.message.Text, f.out.Text)
	}
	if top := env.Win.Canvas().Overlays().Top(); top == nil {
		t.Error("the dialog did not come back")
	}
	f.pass.Set("Backup-Lantern-Orchard-7", "Backup-Lantern-Orchard-7")
	f.submit()
	if _, err := os.Stat(file); err != nil || k.Last == nil {
		t.Fatalf("backup not written once both are fit: %v", err)
	}
}

// TestFileSizeForPeople: a backup's size reads as megabytes or kilobytes
// in the locale's numbers, not eleven digits of bytes.
func TestFileSizeForPeople(t *testing.T) {
	de := i18n.MustLoad().Localizer("de")
	for n, want := range map[int64]string{11_640_055: "11,6 MB", 840_200: "840 kB", 512: "512 Bytes", 1: "1 Byte"} {
		if got := fileSize(de, n); got != want {
			t.Errorf("%d bytes: %q, want %q", n, got, want)
		}
	}
}
