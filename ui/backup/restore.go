package backup

import (
	"strings"

	"custodia/i18n"
	"custodia/ui/kit"
	"custodia/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
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
	restore           *widget.Button
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
	v.openBtn = widget.NewButton(loc.T("start.restore.open"), func() { open(strings.TrimSpace(v.to.Text)) })
	v.openBtn.Hide()
	explain := widget.NewLabel(loc.T("start.restore.explain"))
	explain.Wrapping = fyne.TextWrapWord
	form := widget.NewForm(
		widget.NewFormItem(loc.T("start.restore.from"), v.from),
		widget.NewFormItem(loc.T("start.restore.pass"), v.pass),
		widget.NewFormItem(loc.T("start.restore.journal"), v.journal),
		widget.NewFormItem(loc.T("start.restore.to"), v.to))
	backBtn := widget.NewButton(loc.T("common.back"), back)
	v.content = kit.Centered(container.NewVBox(kit.Heading(loc.T("start.restore.title")), explain, form,
		container.NewHBox(backBtn, kit.Spacer(), v.restore), v.message, v.report, v.openBtn), 640)
	return v
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
	v.restore.Disable()
	v.message.SetText("")
	var rep vault.RestoreReport
	var err error
	v.env.Run(func() { rep, err = v.r.Restore(from, to, pass, journals) }, func() {
		clear(pass)
		v.pass.SetText("")
		v.restore.Enable()
		if err != nil {
			p := v.env.Describe(err)
			v.message.SetText(p.Title + ". " + p.Message)
			return
		}
		v.Report = &rep
		v.report.SetText(restoreSummary(loc, rep))
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
