package ui

import (
	"custodia/i18n"
	"custodia/ui/kit"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"custodia/vault"

	"filippo.io/age"
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// backupEvery is how old the newest backup may be before the main window
// reminds administrators and DPOs to take one.
const backupEvery = 7 * 24 * time.Hour

// Restorer is a Backend that can restore backups (cmd/custodia's). The
// start screen offers "Restore from a backup" when the backend has it.
type Restorer interface {
	// Restore decrypts the backup at from with the passphrase, applies the
	// erasure journals and writes a new vault at to.
	Restore(from, to string, passphrase []byte, journals []string) (vault.RestoreReport, error)
}

// Backupper is the part of *vault.Session that writes backups.
type Backupper interface {
	Backup(w io.Writer, recipients ...age.Recipient) (vault.BackupInfo, error)
	LastBackup() (time.Time, error)
}

// restoreView is the start screen's "restore from a backup" form.
type restoreView struct {
	app     *App
	r       Restorer
	content fyne.CanvasObject

	from, to, journal *kit.EscEntry
	pass              *kit.EscEntry
	restore           *widget.Button
	message           *widget.Label
	report            *widget.Label
	openBtn           *widget.Button
	// Report is the last successful restore's report.
	Report *vault.RestoreReport
}

func newRestoreView(a *App, r Restorer) *restoreView {
	v := &restoreView{app: a, r: r}
	v.from, v.to, v.journal = kit.NewEscEntry(), kit.NewEscEntry(), kit.NewEscEntry()
	v.from.SetPlaceHolder(a.env.Loc.T("start.restore.from.placeholder"))
	v.to.SetPlaceHolder(a.env.Loc.T("start.restore.to.placeholder"))
	v.journal.SetPlaceHolder(a.env.Loc.T("start.restore.journal.placeholder"))
	if last := a.initialPath(); last != "" {
		v.journal.SetText(vault.JournalPath(last))
	}
	v.pass = kit.NewEscPasswordEntry()
	v.restore = widget.NewButtonWithIcon(a.env.Loc.T("start.restore.ok"), theme.DownloadIcon(), v.Submit)
	v.restore.Importance = widget.HighImportance
	v.message = widget.NewLabel("")
	v.message.Wrapping = fyne.TextWrapWord
	v.message.Importance = widget.DangerImportance
	v.report = widget.NewLabel("")
	v.report.Wrapping = fyne.TextWrapWord
	v.openBtn = widget.NewButton(a.env.Loc.T("start.restore.open"), func() { a.openPath(strings.TrimSpace(v.to.Text), nil, func(error) {}) })
	v.openBtn.Hide()
	explain := widget.NewLabel(a.env.Loc.T("start.restore.explain"))
	explain.Wrapping = fyne.TextWrapWord
	form := widget.NewForm(
		widget.NewFormItem(a.env.Loc.T("start.restore.from"), v.from),
		widget.NewFormItem(a.env.Loc.T("start.restore.pass"), v.pass),
		widget.NewFormItem(a.env.Loc.T("start.restore.journal"), v.journal),
		widget.NewFormItem(a.env.Loc.T("start.restore.to"), v.to))
	back := widget.NewButton(a.env.Loc.T("common.back"), a.showStart)
	v.content = kit.Centered(container.NewVBox(kit.Heading(a.env.Loc.T("start.restore.title")), explain, form,
		container.NewHBox(back, kit.Spacer(), v.restore), v.message, v.report, v.openBtn), 640)
	return v
}

// Submit runs the restore off the UI goroutine.
func (v *restoreView) Submit() {
	from, to, journal := strings.TrimSpace(v.from.Text), strings.TrimSpace(v.to.Text), strings.TrimSpace(v.journal.Text)
	switch {
	case from == "" || to == "":
		v.message.SetText(v.app.env.Loc.T("start.restore.missing"))
		return
	case v.pass.Text == "":
		v.message.SetText(v.app.env.Loc.T("start.restore.nopass"))
		return
	}
	var journals []string
	if journal != "" {
		journals = []string{journal}
	}
	pass := []byte(v.pass.Text)
	v.restore.Disable()
	v.message.SetText("")
	var rep vault.RestoreReport
	var err error
	v.app.env.Run(func() { rep, err = v.r.Restore(from, to, pass, journals) }, func() {
		clear(pass)
		v.pass.SetText("")
		v.restore.Enable()
		if err != nil {
			p := v.app.env.Describe(err)
			v.message.SetText(p.Title + ". " + p.Message)
			return
		}
		v.Report = &rep
		v.report.SetText(restoreSummary(v.app.env.Loc, rep))
		v.openBtn.Show()
	})
}

// restoreSummary is the report shown after a restore: ids only.
func restoreSummary(loc *i18n.Localizer, rep vault.RestoreReport) string {
	s := loc.T("start.restore.summary", "Date", loc.DateTime(rep.Backup.TakenAt.Local()))
	if len(rep.Reapplied) == 0 {
		return s + " " + loc.T("start.restore.noerasure")
	}
	s += " " + loc.N("start.restore.reapplied", len(rep.Reapplied))
	for _, e := range rep.Reapplied {
		s += "\n" + loc.T("start.restore.erased", "Ref", kit.ShortID(e.PatientID), "Date", loc.Date(e.At.Local()))
	}
	return s
}

func (a *App) showRestore(r Restorer) {
	v := newRestoreView(a, r)
	a.restore = v
	a.setContent(v.content)
}

// backupReminder is the banner on the main window when the newest backup
// is older than backupEvery (roles with the governance permission only).
func backupReminder(m *mainView) fyne.CanvasObject {
	b, ok := m.session.(Backupper)
	if !ok || !m.session.User().Role.Can(vault.PermGovernance) {
		return nil
	}
	label := widget.NewLabel("")
	label.Wrapping = fyne.TextWrapWord // long in German: wrap rather than widen the window
	label.Importance = widget.WarningImportance
	btn := widget.NewButtonWithIcon(m.app.env.Loc.T("start.backup.now"), theme.UploadIcon(), m.BackupDialog)
	box := container.NewBorder(nil, nil, nil, btn, label)
	box.Hide()
	var last time.Time
	var err error
	m.app.env.Run(func() { last, err = b.LastBackup() }, func() {
		if msg := backupDue(m.app.env.Loc, last, m.app.env.Now()); err == nil && msg != "" {
			label.SetText(msg)
			box.Show()
		}
	})
	m.backupBanner = box
	return box
}

// backupDue is the reminder text, "" when a backup is recent enough.
func backupDue(loc *i18n.Localizer, last, now time.Time) string {
	switch {
	case last.IsZero():
		return loc.T("start.backup.never")
	case now.Sub(last) >= backupEvery:
		return loc.N("start.backup.old", int(now.Sub(last).Hours()/24))
	}
	return ""
}

// BackupDialog asks for a file and a backup passphrase and writes an
// encrypted backup.
func (m *mainView) BackupDialog() {
	m.app.touch()
	b, ok := m.session.(Backupper)
	if !ok {
		return
	}
	out := kit.NewEscEntry()
	out.SetPlaceHolder(m.app.env.Loc.T("start.backup.placeholder", "Date", m.app.env.Now().Format("2006-01-02")))
	pass := kit.NewPassphraseInput(m.app.env.Loc)
	items := append([]*widget.FormItem{widget.NewFormItem(m.app.env.Loc.T("start.restore.from"), kit.FitPlaceholder(out))}, pass.FormItems(m.app.env.Loc.T("start.restore.pass"))...)
	dialog.ShowForm(m.app.env.Loc.T("start.backup.title"), m.app.env.Loc.T("start.backup.ok"), m.app.env.Loc.T("common.cancel"), items, func(ok bool) {
		if ok {
			m.writeBackup(b, strings.TrimSpace(out.Text), pass.Value())
		}
	}, m.app.env.Win)
}

func (m *mainView) writeBackup(b Backupper, path string, pass []byte) {
	defer clear(pass)
	if path == "" || len(pass) == 0 {
		dialog.ShowInformation(m.app.env.Loc.T("start.backup.failed"), m.app.env.Loc.T("start.backup.missing"), m.app.env.Win)
		return
	}
	rcp, err := age.NewScryptRecipient(string(pass))
	if err != nil {
		dialog.ShowInformation(m.app.env.Loc.T("start.backup.failed"), m.app.env.Describe(err).Message, m.app.env.Win)
		return
	}
	var info vault.BackupInfo
	m.app.env.RunWithProgress(m.app.env.T("start.backup.title"), m.app.env.T("start.backup.writing"), true, func() { info, err = writeBackupFile(b, path, rcp) }, func(cancelled bool) {
		if cancelled {
			if err == nil {
				_ = os.Remove(path) // cancelled: no half-wanted backup stays behind
			}
			return
		}
		if err != nil {
			p := m.app.env.Describe(err)
			dialog.ShowInformation(m.app.env.Loc.T("start.backup.failed"), p.Title+". "+p.Message, m.app.env.Win)
			return
		}
		if m.backupBanner != nil {
			m.backupBanner.Hide()
		}
		m.LastBackupInfo = &info
		dialog.ShowInformation(m.app.env.Loc.T("start.backup.taken"), m.app.env.Loc.T("start.backup.taken.msg", "Bytes", m.app.env.Loc.Int(int(info.FileBytes)), "Path", path,
			"Journal", vault.JournalPath(m.app.vault.Path())), m.app.env.Win)
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
