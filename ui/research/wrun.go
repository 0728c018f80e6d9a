package research

import (
	"context"
	"errors"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	core "custodia/research"
	"custodia/ui/kit"
)

// runStep is step 5: a summary, the passphrase of a passphrase package,
// "Save package…" (the study is stored as a new version if it changed,
// then exported with progress and Cancel) and the report.
type runStep struct {
	w       *Wizard
	content fyne.CanvasObject

	summary   *fyne.Container
	pass      *widget.Entry
	pass2     *widget.Entry
	passBox   *fyne.Container
	saveBtn   *widget.Button
	cancelBtn *widget.Button
	bar       *widget.ProgressBar
	status    *widget.Label
	result    *fyne.Container
	scroll    *container.Scroll
	job       task[ExportRecord]
	// Done is the export made, if any.
	Done *ExportRecord
}

func newRunStep(w *Wizard) *runStep {
	loc := w.v.loc
	r := &runStep{w: w}
	r.job.run = w.v.opts.Run
	r.summary = container.NewVBox()
	r.pass, r.pass2 = widget.NewPasswordEntry(), widget.NewPasswordEntry()
	r.passBox = container.NewVBox(widget.NewForm(
		widget.NewFormItem(loc.T("research.run.passphrase"), r.pass),
		widget.NewFormItem(loc.T("research.run.passphrase2"), r.pass2)),
		hint(loc.T("research.run.passphraseHint")))
	r.saveBtn = widget.NewButtonWithIcon(loc.T("research.run.save"), theme.DocumentSaveIcon(), r.chooseFile)
	r.saveBtn.Importance = widget.HighImportance
	kit.SubmitOnEnter(r.saveBtn, r.passBox)
	r.cancelBtn = widget.NewButtonWithIcon(loc.T("research.run.cancel"), theme.CancelIcon(), r.cancel)
	r.cancelBtn.Hide()
	r.bar = widget.NewProgressBar()
	r.bar.Hide()
	r.status = widget.NewLabel("")
	r.status.Wrapping = fyne.TextWrapWord
	r.result = container.NewVBox()
	top := container.NewVBox(r.summary, r.passBox, container.NewHBox(r.saveBtn, r.cancelBtn), r.bar, r.status)
	r.scroll = container.NewVScroll(container.NewPadded(container.NewVBox(top, r.result)))
	r.content = r.scroll
	return r
}

// enter refreshes the summary from the draft.
func (r *runStep) enter() {
	w, loc := r.w, r.w.v.loc
	d := w.draft
	key := loc.T("research.run.keyAge")
	r.passBox.Hide()
	switch {
	case d.Recipient.User != "":
		key = loc.T("research.run.keyUser")
	case d.Recipient.Passphrase:
		key = loc.T("research.run.keyPassphrase")
		r.passBox.Show()
	}
	var cols []string
	for _, c := range d.Columns {
		role := w.v.lab.role(c.Role)
		if c.Role == core.RoleIdentifying {
			role = w.v.lab.treatment(c.Treatment)
		}
		cols = append(cols, loc.T("research.run.column", "Column", core.ColumnText(w.v.loc, c.Name), "Role", role))
	}
	r.summary.Objects = []fyne.CanvasObject{
		heading(loc.T("research.run.summary")),
		keyValues(
			loc.T("research.report.study"), d.Name,
			loc.T("research.report.purpose"), w.v.purposeName(d.Purpose),
			loc.T("research.report.recipient"), d.Recipient.Org+" · "+d.Recipient.Contact,
			loc.T("research.run.key"), key,
			loc.T("research.report.level"), w.v.lab.level(d.Level),
			loc.T("sweepres.run.cohort"), cohortText(w.v, d.Cohort),
			loc.T("research.run.columns"), joinLines(cols),
			loc.T("research.result.model"), w.v.modelText(core.ReportModel{Privacy: d.Privacy, Algorithm: d.Algorithm}),
			loc.T("research.run.metric"), w.v.lab.metric(d.Metric),
		),
	}
	r.summary.Refresh()
}

// cohortText lists the cohort's criteria, one a line, as step 2 labels
// them ("Contacts from: 31 May 2026"); "all patients" without any.
func cohortText(v *View, c core.Cohort) string {
	loc := v.loc
	var lines []string
	add := func(id, value string) {
		lines = append(lines, loc.T("sweepres.run.criterion", "Field", loc.T(id), "Value", value))
	}
	if c.ICDPrefix != "" {
		add("research.cohort.icd", c.ICDPrefix)
	}
	if c.From != "" {
		add("research.cohort.from", shownDate(loc, c.From))
	}
	if c.To != "" {
		add("research.cohort.to", shownDate(loc, c.To))
	}
	if c.AgeMin > 0 {
		add("research.cohort.ageMin", loc.Int(c.AgeMin))
	}
	if c.AgeMax > 0 {
		add("research.cohort.ageMax", loc.Int(c.AgeMax))
	}
	if len(lines) == 0 {
		return loc.T("sweepres.run.cohortAll")
	}
	return joinLines(lines)
}

func joinLines(ss []string) string {
	out := ""
	for i, s := range ss {
		if i > 0 {
			out += "\n"
		}
		out += s
	}
	return out
}

// DefaultFileName is the proposed package name: the study's short name
// and today's date ("diabetes-2026-2026-12-04.age").
func (r *runStep) DefaultFileName() string {
	name := slug(r.w.draft.Name)
	if name == "" {
		name = "research-export"
	}
	return name + "-" + r.w.v.opts.Now().Format("2006-01-02") + ".age"
}

// chooseFile asks where to save the package, then runs the export.
func (r *runStep) chooseFile() {
	if msg := r.passProblem(); msg != "" {
		r.status.SetText(msg)
		return
	}
	// the export writes the package whole or not at all, so only the path is chosen
	kit.ChooseSavePath(r.w.v.env, r.DefaultFileName(), ".age", r.SaveTo)
}

func (r *runStep) passProblem() string {
	if !r.w.draft.Recipient.Passphrase {
		return ""
	}
	switch {
	case len(r.pass.Text) < 12:
		return r.w.v.loc.T("research.run.passphraseShort")
	case r.pass.Text != r.pass2.Text:
		return r.w.v.loc.T("research.run.passphraseMismatch")
	}
	return ""
}

// SaveTo stores the study (a new version when it changed) and writes the
// package to path off the UI goroutine, with progress and Cancel.
func (r *runStep) SaveTo(path string) {
	w := r.w
	if msg := r.passProblem(); msg != "" {
		r.status.SetText(msg)
		return
	}
	st := cloneStudy(w.draft)
	opts := ExportOptions{Passphrase: r.pass.Text, Progress: newBarProgress(r.bar), Language: w.v.loc.Lang()}
	r.busy2(true)
	r.status.SetText(w.v.loc.T("research.run.running", "File", filepath.Base(path)))
	r.job.start(func(ctx context.Context) (ExportRecord, error) {
		rec, err := w.v.svc.SaveStudy(st)
		if err != nil {
			return ExportRecord{}, err
		}
		if err := ctx.Err(); err != nil {
			return ExportRecord{}, err
		}
		return w.v.svc.RunExport(ctx, rec.Study.ID, path, opts)
	}, func(e ExportRecord, err error) {
		r.busy2(false)
		switch {
		case errors.Is(err, context.Canceled):
			r.status.SetText(w.v.loc.T("research.run.cancelled"))
		case err != nil:
			r.status.SetText(w.v.errorText(err))
		default:
			r.done(e, path)
		}
	})
}

// cancel stops a running export: the app layer then leaves no file, no
// disclosure and no history entry.
func (r *runStep) cancel() {
	if r.job.stop() {
		r.busy2(false)
		r.status.SetText(r.w.v.loc.T("research.run.cancelled"))
	}
}

func (r *runStep) busy() bool { return r.job.running() }

func (r *runStep) busy2(on bool) {
	if on {
		r.bar.SetValue(0)
		r.bar.Show()
		r.cancelBtn.Show()
		r.saveBtn.Disable()
		r.w.backBtn.Disable()
		return
	}
	r.bar.Hide()
	r.cancelBtn.Hide()
	r.saveBtn.Enable()
	r.w.backBtn.Enable()
}

// done shows the saved export; it names the package by its full path,
// so the person knows where to find it to hand it over.
func (r *runStep) done(e ExportRecord, path string) {
	w, loc := r.w, r.w.v.loc
	r.Done = &e
	r.summary.Hide()
	r.passBox.Hide()
	r.pass.SetText("")
	r.pass2.SetText("")
	r.saveBtn.Hide()
	w.backBtn.Hide()
	w.closeBtn.SetText(loc.T("research.wizard.done"))
	r.status.SetText(loc.T("research.run.done", "File", path, "Included", w.v.patients(e.Included)))
	objs := []fyne.CanvasObject{
		keyValues(loc.T("research.report.exportId"), e.ExportID, loc.T("research.report.sha"), e.SHA256),
		container.NewHBox(widget.NewButtonWithIcon(loc.T("research.run.back"), theme.HomeIcon(), w.Close)),
	}
	if e.Report != nil {
		objs = append(objs, w.v.reportView(e.Report, nil))
	}
	r.result.Objects = objs
	r.result.Refresh()
	r.scroll.ScrollToTop()
	r.scroll.Refresh()
}

// Status is the run's status line.
func (r *runStep) Status() string { return r.status.Text }
