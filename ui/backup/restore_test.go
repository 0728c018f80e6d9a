package backup

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"custodia/ui/internal/uitest"
	"custodia/vault"

	"fyne.io/fyne/v2"
)

// slowRestorer stands for a restore that takes seconds.
type slowRestorer struct{}

func (slowRestorer) Restore(string, string, []byte, []string) (vault.RestoreReport, error) {
	return vault.RestoreReport{}, nil
}

// TestRestoreOffersBrowseAndShowsProgress: the backup, the journal and
// the new vault can each be chosen with Browse instead of typed, and a
// restore that runs past kit.ShowProgressAfter shows a spinner and a
// line while the form's buttons wait; the line goes when it ends.
func TestRestoreOffersBrowseAndShowsProgress(t *testing.T) {
	_, s := vault.NewTestVault(t)
	env := uitest.Env(t, s)
	var timers []func()
	env.After = func(_ time.Duration, f func()) func() { timers = append(timers, f); return func() {} }
	var runs []func()
	env.Run = func(work, done func()) { runs = append(runs, func() { work(); done() }) }
	r := NewRestoreView(env, slowRestorer{}, "", func() {}, func(string) {})
	uitest.Show(env, r.Content())
	browse := 0
	for _, b := range uitest.ButtonsIn(r.Content()) {
		if b.Text == env.Loc.T("start.browse") {
			browse++
		}
	}
	if browse != 3 {
		t.Errorf("%d Browse buttons, want one each for the backup, the journal and the new vault", browse)
	}
	r.from.SetText("/b.age")
	r.to.SetText("/new.vault")
	r.pass.SetText("Backup-Lantern-Orchard-7")
	r.Submit()
	for _, f := range timers {
		f()
	}
	if !r.activity.Visible() || r.message.Text != env.Loc.T("sweepres.restore.busy") || !r.restore.Disabled() || !r.back.Disabled() {
		t.Errorf("while restoring: spinner %v, line %q, restore disabled %v, back disabled %v",
			r.activity.Visible(), r.message.Text, r.restore.Disabled(), r.back.Disabled())
	}
	for _, f := range runs {
		f()
	}
	// done: open the restored vault or go back; not restore the same again
	if r.activity.Visible() || !r.restore.Disabled() || r.back.Disabled() || r.Report == nil {
		t.Errorf("after the restore: spinner %v, restore disabled %v, back disabled %v, report %v",
			r.activity.Visible(), r.restore.Disabled(), r.back.Disabled(), r.Report)
	}
}

// TestRestoreRefusalsSayWhatAndWhere: a wrong passphrase, a damaged
// backup and a file that is no backup are each refused with a message
// that names the problem, and no vault file is left behind.
func TestRestoreRefusalsSayWhatAndWhere(t *testing.T) {
	v, s := vault.NewTestVault(t)
	env := uitest.Env(t, s)
	dir := t.TempDir()
	good := filepath.Join(dir, "b.age")
	k := New(env, s, v.Path())
	k.write(good, []byte("Backup-Lantern-Orchard-7"))
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	damaged := filepath.Join(dir, "damaged.age")
	cut := append([]byte{}, data[:len(data)/2]...)
	if err := os.WriteFile(damaged, cut, 0o600); err != nil {
		t.Fatal(err)
	}
	notBackup := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notBackup, []byte("shopping list\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	exists := filepath.Join(dir, "exists.vault")
	if err := os.WriteFile(exists, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	loc := env.Loc
	for _, c := range []struct{ name, from, pass, journal, to, want string }{
		{"wrong passphrase", good, "Not-The-Passphrase-99", "", "", loc.T("sweepres.restore.wrongpass", "File", good)},
		{"damaged backup", damaged, "Backup-Lantern-Orchard-7", "", "", loc.T("sweepres.restore.damaged", "File", damaged)},
		{"not a backup", notBackup, "Backup-Lantern-Orchard-7", "", "", loc.T("sweepres.restore.notbackup", "File", notBackup)},
		{"no such backup", filepath.Join(dir, "gone.age"), "Backup-Lantern-Orchard-7", "", "", loc.T("sweepres.restore.nofile", "File", filepath.Join(dir, "gone.age"))},
		{"journal of nothing", good, "Backup-Lantern-Orchard-7", notBackup, "", loc.T("sweepres.restore.journal", "File", notBackup)},
		{"vault exists", good, "Backup-Lantern-Orchard-7", "", exists, loc.T("sweepres.restore.exists", "File", exists)},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := NewRestoreView(env, uitest.AgeRestorer{}, v.Path(), func() {}, func(string) {})
			uitest.Show(env, r.Content())
			to := c.to
			if to == "" {
				to = filepath.Join(t.TempDir(), "restored.vault")
			}
			r.from.SetText(c.from)
			r.to.SetText(to)
			r.pass.SetText(c.pass)
			if c.journal != "" {
				r.journal.SetText(c.journal)
			}
			r.Submit()
			if r.Report != nil || r.message.Text != c.want {
				t.Errorf("refusal reads %q, want %q (report %v)", r.message.Text, c.want, r.Report)
			}
			if _, err := os.Stat(to); err == nil && c.to == "" {
				t.Errorf("a vault file was left at %s", to)
			}
		})
	}
}

// TestRestoreFormStaysPut: the restore form is centred; a refusal (up to
// four lines, the longest) under it leaves the fields where they were.
func TestRestoreFormStaysPut(t *testing.T) {
	_, s := vault.NewTestVault(t)
	env := uitest.Env(t, s)
	r := NewRestoreView(env, uitest.AgeRestorer{}, "", func() {}, func(string) {})
	uitest.Show(env, r.Content())
	size := env.Win.Canvas().Size()
	relayout := func() {
		env.Win.Resize(size.AddWidthHeight(1, 1))
		env.Win.Resize(size)
	}
	relayout()
	d := fyne.CurrentApp().Driver()
	before := d.AbsolutePositionForObject(r.from)
	r.message.SetText(env.Loc.T("sweepres.restore.journal", "File", "/a/rather/long/path/to/praxis.vault.erasures"))
	relayout()
	if got := d.AbsolutePositionForObject(r.from); got != before {
		t.Errorf("the backup field moved from %v to %v when a refusal came", before, got)
	}
}
