package backup

import (
	"context"
	"errors"
	"io/fs"
	"strings"

	"custodia/i18n"
	"custodia/ui/kit"
	"custodia/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Restorer is a backend that can restore backups (cmd/custodia's). The
// start screen offers "Restore from a backup" when the backend has it.
type Restorer interface {
	// Restore decrypts the backup at from with the passphrase, applies the
	// erasure journals and writes a new vault at to.
	Restore(from, to string, passphrase []byte, journals []string) (vault.RestoreReport, error)
}

// RestoreView is the start screen's "restore from a backup" form.
type RestoreView struct {
	env     *kit.Env
	r       Restorer
	content fyne.CanvasObject

	from, to, journal *kit.EscEntry
	pass              *kit.EscEntry
	restore, back     *widget.Button
	activity          *widget.Activity
	message           *widget.Label
	report            *widget.Label
	openBtn           *widget.Button
	// Report is the last successful restore's report.
	Report *vault.RestoreReport
}

// NewRestoreView builds the form. lastVault is the vault opened last (its
// erasure journal is offered), "" for none; back returns to the start
// screen; open opens the restored vault at path.
func NewRestoreView(env *kit.Env, r Restorer, lastVault string, back func(), open func(path string)) *RestoreView {
	loc := env.Loc
	v := &RestoreView{env: env, r: r}
	v.from, v.to, v.journal = kit.NewEscEntry(), kit.NewEscEntry(), kit.NewEscEntry()
	v.from.SetPlaceHolder(loc.T("start.restore.from.placeholder"))
	v.to.SetPlaceHolder(loc.T("start.restore.to.placeholder"))
	v.journal.SetPlaceHolder(loc.T("start.restore.journal.placeholder"))
	if lastVault != "" {
		v.journal.SetText(vault.JournalPath(lastVault))
	}
	v.pass = kit.NewEscPasswordEntry()
	v.restore = widget.NewButtonWithIcon(loc.T("start.restore.ok"), theme.DownloadIcon(), v.Submit)
	v.restore.Importance = widget.HighImportance
	v.message = widget.NewLabel("")
	v.message.Wrapping = fyne.TextWrapWord
	v.message.Importance = widget.DangerImportance
	v.report = widget.NewLabel("")
	v.report.Wrapping = fyne.TextWrapWord
	v.openBtn = widget.NewButtonWithIcon(loc.T("start.restore.open"), theme.FolderOpenIcon(), func() { open(strings.TrimSpace(v.to.Text)) })
	v.openBtn.Importance = widget.HighImportance // the next step once restored
	v.openBtn.Hide()
	explain := widget.NewLabel(loc.T("start.restore.explain"))
	explain.Wrapping = fyne.TextWrapWord
	v.activity = widget.NewActivity()
	v.activity.Hide()
	browse := func(pick func()) *widget.Button { return widget.NewButton(loc.T("start.browse"), pick) }
	form := widget.NewForm(
		widget.NewFormItem(loc.T("start.restore.from"), withButton(v.from, browse(func() { v.openFile(v.from, ".age") }))),
		widget.NewFormItem(loc.T("start.restore.pass"), v.pass),
		widget.NewFormItem(loc.T("start.restore.journal"), withButton(v.journal, browse(func() { v.openFile(v.journal, "") }))),
		widget.NewFormItem(loc.T("start.restore.to"), withButton(v.to, browse(v.chooseTarget))))
	kit.SubmitOnEnter(v.restore, form)
	v.back = widget.NewButtonWithIcon(loc.T("common.back"), theme.NavigateBackIcon(), back)
	v.content = kit.Centered(container.NewVBox(kit.Heading(loc.T("start.restore.title")), explain, form,
		container.NewHBox(v.back, kit.Spacer(), v.restore),
		kit.AtLeastLines(4, container.NewBorder(nil, nil, v.activity, nil, v.message)), v.report, v.openBtn), 640)
	return v
}

// withButton puts a Browse button to the right of a path entry.
func withButton(e fyne.CanvasObject, b *widget.Button) fyne.CanvasObject {
	return container.NewBorder(nil, nil, nil, b, e)
}

// openFile lets the person pick an existing file (the backup, the
// erasure journal) instead of typing its path; ext filters ("" = all).
func (v *RestoreView) openFile(into *kit.EscEntry, ext string) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		into.SetText(r.URI().Path())
		_ = r.Close()
	}, v.env.Win)
	if ext != "" {
		d.SetFilter(storage.NewExtensionFileFilter([]string{ext}))
	}
	d.Resize(kit.FileDialogSize(v.env.Win))
	kit.TitleFileDialog(d, v.env.Loc, kit.FileOpen)
	d.Show()
}

// chooseTarget asks where the restored vault is written (a new file).
func (v *RestoreView) chooseTarget() {
	kit.ChooseSavePath(v.env, v.env.Loc.T("sweepres.restore.targetName"), ".vault", v.to.SetText)
}

// Content is the form, for the shell to show in the window.
func (v *RestoreView) Content() fyne.CanvasObject { return v.content }

// Submit runs the restore off the UI goroutine.
func (v *RestoreView) Submit() {
	loc := v.env.Loc
	from, to, journal := strings.TrimSpace(v.from.Text), strings.TrimSpace(v.to.Text), strings.TrimSpace(v.journal.Text)
	switch {
	case from == "" || to == "":
		v.message.SetText(loc.T("start.restore.missing"))
		return
	case v.pass.Text == "":
		v.message.SetText(loc.T("start.restore.nopass"))
		return
	}
	var journals []string
	if journal != "" {
		journals = []string{journal}
	}
	pass := []byte(v.pass.Text)
	v.setBusy(true)
	var rep vault.RestoreReport
	var err error
	// decrypting a backup and writing the vault takes seconds: after
	// kit.ShowProgressAfter a spinner and a line say so; it is not
	// cancelled half-way (the vault writes the new file whole or not at all)
	v.env.RunSlow(func(context.Context) { rep, err = v.r.Restore(from, to, pass, journals) }, kit.SlowWork{
		Progress: func() {
			v.message.Importance = widget.MediumImportance
			v.message.SetText(loc.T("sweepres.restore.busy"))
			v.activity.Show()
			v.activity.Start()
		},
		Done: func() { v.finish(rep, err, pass) },
	})
}

// setBusy disables the form's buttons while a restore runs.
func (v *RestoreView) setBusy(on bool) {
	v.message.SetText("")
	kit.SetEnabled(!on, v.restore, v.back, v.from, v.to, v.journal, v.pass)
	if !on {
		v.activity.Stop()
		v.activity.Hide()
	}
}

// finish shows the restore's outcome.
func (v *RestoreView) finish(rep vault.RestoreReport, err error, pass []byte) {
	clear(pass)
	v.pass.SetText("")
	v.setBusy(false)
	v.message.Importance = widget.DangerImportance
	if err != nil {
		v.message.SetText(v.problem(rep, err))
		return
	}
	v.Report = &rep
	v.report.SetText(restoreSummary(v.env.Loc, rep))
	v.openBtn.Show()
	// done: the next step is opening the restored vault; restoring the
	// same backup again would only be refused (the file exists now)
	kit.SetEnabled(false, v.restore, v.from, v.to, v.journal, v.pass)
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

// problem words a refused restore: what went wrong and with which file.
// Whether the backup was read is told by the report (its date is set
// once the backup is decrypted and checked), so a problem of the erasure
// journal is not blamed on the backup; the vault's sentinels say the
// rest, never its message text.
func (v *RestoreView) problem(rep vault.RestoreReport, err error) string {
	loc := v.env.Loc
	from, to, journal := strings.TrimSpace(v.from.Text), strings.TrimSpace(v.to.Text), strings.TrimSpace(v.journal.Text)
	backupRead := !rep.Backup.TakenAt.IsZero()
	switch {
	case errors.Is(err, vault.ErrExists):
		return loc.T("sweepres.restore.exists", "File", to)
	case backupRead && (errors.Is(err, vault.ErrValidation) || errors.Is(err, vault.ErrIntegrity) || errors.Is(err, fs.ErrNotExist)):
		return loc.T("sweepres.restore.journal", "File", journal)
	case errors.Is(err, fs.ErrNotExist):
		return loc.T("sweepres.restore.nofile", "File", from)
	case errors.Is(err, vault.ErrWrongPassphrase):
		return loc.T("sweepres.restore.wrongpass", "File", from)
	case errors.Is(err, vault.ErrValidation):
		return loc.T("sweepres.restore.notbackup", "File", from)
	case errors.Is(err, vault.ErrIntegrity):
		return loc.T("sweepres.restore.damaged", "File", from)
	}
	p := v.env.Describe(err)
	return p.Title + ". " + p.Message
}
