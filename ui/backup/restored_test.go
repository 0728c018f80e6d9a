package backup

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"custodia/i18n"
	"custodia/ui/internal/uitest"
	"custodia/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// reminderSays is the text of the backup reminder of session s as the
// administrator sees it in lang; "" when none shows.
func reminderSays(t *testing.T, s *vault.Session, path, lang string, now time.Time) string {
	t.Helper()
	env := uitest.Env(t, s)
	env.Loc = i18n.MustLoad().Localizer(lang)
	env.Now = func() time.Time { return now }
	k := New(env, s, path)
	box, ok := k.Reminder(s.User().Role).(*fyne.Container)
	if !ok || !box.Visible() {
		return ""
	}
	for _, o := range box.Objects {
		if l, ok := o.(*widget.Label); ok {
			return l.Text
		}
	}
	t.Fatal("the reminder has no text")
	return ""
}

// TestRestoredVaultIsNotNeverBackedUp restores a backup as the restore
// screen does and reads the restored vault's backup reminder: it names the
// day of the restore and of the backup, in English and German, and no
// longer says the vault was never backed up; once a backup is taken the
// reminder goes.
func TestRestoredVaultIsNotNeverBackedUp(t *testing.T) {
	v, s := vault.NewTestVault(t)
	env := uitest.Env(t, s)
	dir := t.TempDir()
	file := filepath.Join(dir, "b.age")
	New(env, s, v.Path()).write(file, []byte("Backup-Lantern-Orchard-7"))
	taken, err := s.LastBackup()
	if err != nil || taken.IsZero() {
		t.Fatalf("no backup logged: %v", err)
	}
	to := filepath.Join(dir, "restored.vault")
	if _, err := (uitest.AgeRestorer{}).Restore(file, to, []byte("Backup-Lantern-Orchard-7"), []string{v.Path()}); err != nil {
		t.Fatal(err)
	}
	weak := vault.WeakKDFParams()
	rv, err := vault.Open(to, vault.Options{KDF: &weak})
	if err != nil {
		t.Fatal(err)
	}
	defer rv.Close()
	rs, err := rv.Unlock(vault.TestAdminName, []byte(vault.TestAdminPassphrase))
	if err != nil {
		t.Fatal(err)
	}
	restored, err := rs.LastRestore()
	if err != nil || restored.IsZero() {
		t.Fatalf("the restored vault does not know it was restored: %v", err)
	}
	for _, lang := range []string{"en", "de"} {
		loc := i18n.MustLoad().Localizer(lang)
		got := reminderSays(t, rs, to, lang, restored.Add(time.Hour))
		never := loc.T("start.backup.never")
		if got == never || !strings.Contains(got, loc.Date(restored.Local())) || !strings.Contains(got, loc.Date(taken.Local())) {
			t.Errorf("%s: the restored vault's reminder reads %q; want the restore's day %s and the backup's %s", lang, got, loc.Date(restored.Local()), loc.Date(taken.Local()))
		}
	}
	New(uitest.Env(t, rs), rs, to).write(filepath.Join(dir, "after.age"), []byte("Backup-Lantern-Orchard-8"))
	if got := reminderSays(t, rs, to, "en", time.Now()); got != "" {
		t.Errorf("after a new backup the reminder still reads %q", got)
	}
}

// TestReminderText: restored and not backed up since names both days;
// a backup after the restore gives the usual reminder (none while recent).
func TestReminderText(t *testing.T) {
	loc := uitest.Loc()
	taken := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	restored := time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)
	now := restored.Add(time.Hour)
	if got := reminderText(loc, taken, restored, now); !strings.Contains(got, loc.Date(restored.Local())) || !strings.Contains(got, loc.Date(taken.Local())) {
		t.Errorf("restored: %q", got)
	}
	if got := reminderText(loc, time.Time{}, restored, now); got == loc.T("start.backup.never") || !strings.Contains(got, loc.Date(restored.Local())) {
		t.Errorf("restored from an unlogged backup: %q", got)
	}
	if got := reminderText(loc, now, restored, now); got != "" {
		t.Errorf("backed up after the restore: %q", got)
	}
	if got := reminderText(loc, time.Time{}, time.Time{}, now); got != loc.T("start.backup.never") {
		t.Errorf("never backed up nor restored: %q", got)
	}
}
