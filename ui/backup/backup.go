package backup

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"custodia/i18n"
	"custodia/ui/kit"
	"custodia/vault"

	"filippo.io/age"
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// every is how old the newest backup may be before the main window
// reminds administrators and DPOs to take one.
const every = 7 * 24 * time.Hour

// Backupper is the part of a vault session that writes backups.
type Backupper interface {
	Backup(w io.Writer, recipients ...age.Recipient) (vault.BackupInfo, error)
	LastBackup() (time.Time, error)
}

// Backups is the main window's backup reminder and backup dialog for one
// session.
type Backups struct {
	env       *kit.Env
	b         Backupper
	vaultPath string
	banner    fyne.CanvasObject
	form      *backupForm // the dialog last opened
	// Last is the backup taken from this window, if any.
	Last *vault.BackupInfo
}

// New is the backups of session s on the vault at vaultPath; nil when s
// cannot write backups.
func New(env *kit.Env, s kit.Session, vaultPath string) *Backups {
	b, ok := s.(Backupper)
	if !ok {
		return nil
	}
	return &Backups{env: env, b: b, vaultPath: vaultPath}
}

// Reminder is the banner shown when the newest backup is older than a
// week, or the vault was restored and not backed up since; nil for roles without the governance permission. It stays hidden
// until the last backup's date is read and is old.
func (k *Backups) Reminder(role vault.Role) fyne.CanvasObject {
	if !role.Can(vault.PermGovernance) {
		return nil
	}
	loc := k.env.Loc
	label := widget.NewLabel("")
	label.Wrapping = fyne.TextWrapWord // long in German: wrap rather than widen the window
	label.Importance = widget.WarningImportance
	btn := widget.NewButtonWithIcon(loc.T("start.backup.now"), theme.UploadIcon(), func() { k.env.Touch(); k.Dialog() })
	box := container.NewBorder(nil, nil, nil, btn, label)
	box.Hide()
	var last, restored time.Time
	var err error
	k.env.Run(func() {
		if last, err = k.b.LastBackup(); err == nil {
			restored, err = k.lastRestore()
		}
	}, func() {
		if msg := reminderText(k.env.Loc, last, restored, k.env.Now()); err == nil && msg != "" {
			label.SetText(msg)
			box.Show()
		}
	})
	k.banner = box
	return box
}

// ReminderShown reports whether the reminder is on screen.
func (k *Backups) ReminderShown() bool { return k.banner != nil && k.banner.Visible() }

// backupDue is the reminder text, "" when a backup is recent enough.
func backupDue(loc *i18n.Localizer, last, now time.Time) string {
	switch {
	case last.IsZero():
		return loc.T("start.backup.never")
	case now.Sub(last) >= every:
		return loc.N("start.backup.old", int(now.Sub(last).Hours()/24))
	}
	return ""
}

// Dialog asks for a file and a backup passphrase and writes an encrypted
// backup. A missing file, a weak passphrase or two entries that differ
// reopen it with what was typed kept and the problem said under the
// fields (it used to close and write a backup with whatever was in the
// first entry, or close with a message and lose the form).
func (k *Backups) Dialog() {
	f := k.newForm()
	f.dialog.Show()
	k.env.Win.Canvas().Focus(f.out)
	k.form = f
}

// backupForm is the backup dialog's fields.
type backupForm struct {
	k       *Backups
	out     *kit.EscEntry
	pass    *kit.PassphraseInput
	message *widget.Label
	form    *widget.Form
	dialog  *dialog.ConfirmDialog
}

func (k *Backups) newForm() *backupForm {
	loc := k.env.Loc
	f := &backupForm{k: k, out: kit.NewEscEntry(), pass: kit.NewPassphraseInput(loc)}
	example := loc.T("start.backup.placeholder", "Date", k.env.Now().Format("2006-01-02"))
	f.out.SetPlaceHolder(example)
	browse := widget.NewButton(loc.T("start.browse"), func() { kit.ChooseSavePath(k.env, filepath.Base(example), ".age", f.out.SetText) })
	field := container.NewBorder(nil, nil, nil, browse, kit.FitPlaceholder(f.out))
	f.message = widget.NewLabel("")
	f.message.Importance = widget.DangerImportance
	f.message.Wrapping = fyne.TextWrapWord
	f.message.Hide()
	items := append([]*widget.FormItem{widget.NewFormItem(loc.T("start.restore.from"), field)}, f.pass.FormItems(loc.T("start.restore.pass"))...)
	f.form = widget.NewForm(append(items, widget.NewFormItem("", f.message))...)
	f.dialog = dialog.NewCustomConfirm(loc.T("start.backup.title"), loc.T("start.backup.ok"), loc.T("common.cancel"), f.form, func(ok bool) {
		if ok {
			f.submit()
		}
	}, k.env.Win)
	kit.ConfirmOnEnter(f.dialog, f.form)
	f.fit()
	return f
}

// fit sizes the dialog to the form, the problem line included.
func (f *backupForm) fit() {
	f.dialog.Resize(kit.FitDialogTo(f.k.env.Win, f.form.MinSize(), fyne.NewSize(560, 0)))
}

// submit writes the backup when the file and the passphrase are fit for
// it, else reopens the dialog saying what is missing.
func (f *backupForm) submit() {
	loc := f.k.env.Loc
	path := strings.TrimSpace(f.out.Text)
	switch {
	case path == "":
		f.fail(loc.T("sweepres.backup.nofile"))
	case !f.pass.Ready():
		f.fail(loc.T("sweepres.backup.weak"))
	default:
		f.k.write(path, f.pass.Value())
		f.pass.Clear()
	}
}

func (f *backupForm) fail(msg string) {
	f.message.SetText(msg)
	f.message.Show()
	f.fit()
	f.dialog.Show()
}

// write writes the backup behind a progress dialog that can be cancelled
// (the write ends, then the file is removed).
func (k *Backups) write(path string, pass []byte) {
	defer clear(pass)
	loc := k.env.Loc
	if path == "" || len(pass) == 0 {
		dialog.ShowInformation(loc.T("start.backup.failed"), loc.T("start.backup.missing"), k.env.Win)
		return
	}
	rcp, err := age.NewScryptRecipient(string(pass))
	if err != nil {
		dialog.ShowInformation(loc.T("start.backup.failed"), k.env.Describe(err).Message, k.env.Win)
		return
	}
	var info vault.BackupInfo
	k.env.RunWithProgress(k.env.T("start.backup.title"), k.env.T("start.backup.writing"), true, func() { info, err = writeBackupFile(k.b, path, rcp) }, func(cancelled bool) {
		if cancelled {
			if err == nil {
				_ = os.Remove(path) // cancelled: no half-wanted backup stays behind
			}
			return
		}
		if err != nil {
			p := k.env.Describe(err)
			dialog.ShowInformation(loc.T("start.backup.failed"), p.Title+". "+p.Message, k.env.Win)
			return
		}
		if k.banner != nil {
			k.banner.Hide()
		}
		k.Last = &info
		dialog.ShowInformation(loc.T("start.backup.taken"), loc.T("start.backup.taken.msg", "Size", fileSize(loc, info.FileBytes), "Path", path,
			"Journal", vault.JournalPath(k.vaultPath)), k.env.Win)
	})
}

func writeBackupFile(b Backupper, path string, rcp age.Recipient) (vault.BackupInfo, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return vault.BackupInfo{}, fmt.Errorf("%w: %s", vault.ErrExists, path)
	}
	if err != nil {
		return vault.BackupInfo{}, err
	}
	info, err := b.Backup(f, rcp)
	if err = errors.Join(err, f.Sync(), f.Close()); err != nil {
		os.Remove(path)
	}
	return info, err
}

// fileSize words a file's size for people: "11.6 MB", "840 kB", "512
// bytes" (decimal units, the locale's number format).
func fileSize(loc *i18n.Localizer, n int64) string {
	switch {
	case n >= 1_000_000:
		return loc.Float(float64(n)/1e6, 1) + " MB"
	case n >= 1_000:
		return loc.Float(float64(n)/1e3, 0) + " kB"
	}
	return loc.N("sweepres.bytes", int(n), "N", loc.Int(int(n)))
}
