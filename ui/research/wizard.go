package research

import (
	"context"
	"errors"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	core "custodia/research"
	"custodia/ui/kit"
)

// Wizard steps.
const (
	StepStudy = iota
	StepCohort
	StepColumns
	StepPrivacy
	StepRun
	stepCount
)

// stepFields are the study fields (JSON path prefixes) each step edits:
// Next refuses to leave a step whose own fields are invalid.
var stepFields = [stepCount][]string{
	StepStudy:   {"id", "version", "name", "purpose", "recipient", "referenceDate", "dateShiftDays"},
	StepCohort:  {"cohort", "level"},
	StepColumns: {"columns"},
	StepPrivacy: {"privacy", "metric", "algorithm"},
}

// Wizard is the five-step export wizard. It edits a draft study; steps 2
// to 4 show a live preview computed from the research extract (loaded
// once when the wizard opens) off the UI goroutine.
type Wizard struct {
	v     *View
	draft core.Study
	// based is the stored study this draft is a new version of (nil: new).
	based *core.Study
	step  int

	steps   []*widget.Label
	body    *fyne.Container
	problem *widget.Label
	// fieldProblem: the problem shown lists the step's invalid fields
	// (recheck keeps it current); other problems stay until the next step.
	fieldProblem bool
	backBtn      *widget.Button
	nextBtn      *widget.Button
	closeBtn     *widget.Button

	study   *studyStep
	cohort  *cohortStep
	columns *columnsStep
	privacy *privacyStep
	run     *runStep

	// The research extract and its loading.
	data    Data
	load    task[Data]
	loadErr error

	// The live preview.
	preview   task[*core.Report]
	debounce  debouncer
	report    *core.Report
	reportErr error
	// Previews counts the preview computations started.
	Previews int
	status   string
	rows     []*statusRow
	// onPreview is called after every preview result (each step redraws).
	onPreview []func()
}

// OpenWizard replaces the lists with the export wizard: a new study, or a
// new version of base.
func (v *View) OpenWizard(base *core.Study) {
	v.opts.Touch()
	w := &Wizard{v: v}
	if base != nil {
		b := cloneStudy(*base)
		w.based = &b
		w.draft = cloneStudy(b)
	} else {
		w.draft = v.newStudy()
	}
	w.debounce = debouncer{after: v.opts.After, delay: v.opts.Debounce}
	w.load.run, w.preview.run = v.opts.Run, v.opts.Run
	// An extract read after Close (or a newer load) is dropped from memory at once.
	w.load.discard = func(d Data) {
		if d != nil {
			d.Close()
		}
	}
	w.build()
	v.Wizard = w
	v.content.Objects = []fyne.CanvasObject{w.content()}
	v.content.Refresh()
	w.loadData()
}

// newStudy is the draft a new export starts from: one row per patient,
// pseudonymised, age, sex and postcode as quasi-identifiers, k = 5 with at
// most 5 % suppressed, the loss metric, the optimal search.
func (v *View) newStudy() core.Study {
	return core.Study{
		Version: 1, Level: core.LevelPatient, ReferenceDate: v.opts.Now().Format("2006-01-02"),
		Columns: []core.Column{
			{Name: core.SrcPatient, Role: core.RoleIdentifying, Treatment: core.IdentPseudonymise},
			{Name: core.SrcAge, Role: core.RoleQuasi},
			{Name: core.SrcSex, Role: core.RoleQuasi},
			{Name: core.SrcPostcode, Role: core.RoleQuasi},
		},
		Privacy: core.Privacy{K: 5, Suppression: 0.05},
		Metric:  "loss", Algorithm: core.AlgorithmOptimal,
	}
}

func (w *Wizard) build() {
	loc := w.v.loc
	for i, id := range []string{"research.step.study", "research.step.cohort", "research.step.columns", "research.step.privacy", "research.step.run"} {
		w.steps = append(w.steps, widget.NewLabel(loc.T("research.wizard.stepN", "N", i+1, "Name", loc.T(id))))
	}
	w.problem = widget.NewLabel("")
	w.problem.Importance = widget.DangerImportance
	w.problem.Wrapping = fyne.TextWrapWord
	w.problem.Hide()
	w.body = container.NewStack()
	w.backBtn = widget.NewButtonWithIcon(loc.T("research.wizard.back"), theme.NavigateBackIcon(), w.Back)
	w.nextBtn = widget.NewButtonWithIcon(loc.T("research.wizard.next"), theme.NavigateNextIcon(), w.Next)
	w.nextBtn.IconPlacement = widget.ButtonIconTrailingText
	w.nextBtn.Importance = widget.HighImportance

	w.study = newStudyStep(w)
	w.cohort = newCohortStep(w)
	w.columns = newColumnsStep(w)
	w.privacy = newPrivacyStep(w)
	w.run = newRunStep(w)
	// Enter in a field of the study, cohort or privacy step presses Next;
	// the columns and run steps wire their own (Add, Save)
	kit.SubmitOnEnter(w.nextBtn, w.study.content, w.cohort.content, w.privacy.content)
	w.show(StepStudy)
}

func (w *Wizard) content() fyne.CanvasObject {
	title := w.v.loc.T("research.wizard.title")
	if w.based != nil {
		title = w.v.loc.T("research.wizard.titleVersion", "Study", w.based.Name)
	}
	head := heading(title)
	w.closeBtn = widget.NewButtonWithIcon(w.v.loc.T("research.wizard.close"), theme.CancelIcon(), w.Close)
	steps := container.NewHBox()
	for i, l := range w.steps {
		if i > 0 {
			steps.Add(widget.NewIcon(theme.NavigateNextIcon()))
		}
		steps.Add(l)
	}
	top := container.NewVBox(container.NewBorder(nil, nil, nil, w.closeBtn, head), steps, widget.NewSeparator())
	// the problem sits between Back and Next, where the person just
	// pressed: above the step it pushed the fields down when it came and
	// up under the cursor, line by line, as it was corrected
	nav := container.NewBorder(widget.NewSeparator(), nil, container.NewVBox(w.backBtn), container.NewVBox(w.nextBtn), w.problem)
	return container.NewBorder(top, nav, nil, nil, w.body)
}

// Step is the step shown (StepStudy … StepRun).
func (w *Wizard) Step() int { return w.step }

func (w *Wizard) show(step int) {
	w.step = step
	for i, l := range w.steps {
		l.TextStyle.Bold = i == step
		l.Importance = widget.LowImportance
		if i == step {
			l.Importance = widget.HighImportance
		}
		l.Refresh()
	}
	var obj fyne.CanvasObject
	switch step {
	case StepStudy:
		obj = w.study.content
	case StepCohort:
		obj = w.cohort.content
	case StepColumns:
		obj = w.columns.content
		w.columns.reload()
	case StepPrivacy:
		obj = w.privacy.content
	case StepRun:
		obj = w.run.content
		w.run.enter()
	}
	w.body.Objects = []fyne.CanvasObject{obj}
	w.body.Refresh()
	w.backBtn.Enable()
	if step == StepStudy {
		w.backBtn.Disable()
	}
	w.nextBtn.Show()
	if step == StepRun {
		w.nextBtn.Hide()
	}
	w.hideProblem()
	if step == StepCohort || step == StepPrivacy {
		w.previewSoon()
	}
}

// Next moves on when the step's own fields are valid.
func (w *Wizard) Next() {
	w.v.opts.Touch()
	if w.step == StepStudy {
		w.study.apply()
	}
	if w.showFieldProblems() {
		return
	}
	if w.step < StepRun {
		w.show(w.step + 1)
	}
}

// Back returns to the previous step.
func (w *Wizard) Back() {
	w.v.opts.Touch()
	if w.step == StepRun && w.run.busy() {
		return
	}
	if w.step > StepStudy {
		w.show(w.step - 1)
	}
}

// Close leaves the wizard without saving: running work is cancelled and
// the extract dropped from memory.
func (w *Wizard) Close() {
	w.discard()
	w.v.Wizard = nil
	w.v.ShowHome()
}

// discard cancels what runs and drops the extract.
func (w *Wizard) discard() {
	w.run.cancel()
	w.debounce.stop()
	w.preview.stop()
	w.load.stop()
	if w.data != nil {
		w.data.Close()
		w.data = nil
	}
}

// Problem is the error shown under the step names, or "".
func (w *Wizard) Problem() string {
	if !w.problem.Visible() {
		return ""
	}
	return w.problem.Text
}

func (w *Wizard) showProblem(err error) {
	w.fieldProblem = false
	w.problem.SetText(w.v.errorText(err))
	w.problem.Show()
}

func (w *Wizard) hideProblem() {
	w.fieldProblem = false
	w.problem.Hide()
}

// stepProblems validates the draft and keeps the fields of one step.
func (w *Wizard) stepProblems(step int) []core.Field {
	var ve *core.ValidationError
	if err := w.draft.Validate(w.v.cat); !errors.As(err, &ve) {
		return nil
	}
	var out []core.Field
	for _, f := range ve.Fields {
		if slices.ContainsFunc(stepFields[step], func(p string) bool {
			return f.Path == p || strings.HasPrefix(f.Path, p+".") || strings.HasPrefix(f.Path, p+"[")
		}) {
			out = append(out, f)
		}
	}
	if step == StepStudy && w.study != nil {
		return w.study.reword(out)
	}
	return out
}

// loadData reads the research extract once, with progress.
func (w *Wizard) loadData() {
	w.setBusy(w.v.loc.T("research.preview.loading"))
	prog := newBarProgress(w.bars()...)
	w.load.start(func(ctx context.Context) (Data, error) {
		return w.v.svc.LoadResearchData(ctx, prog.count)
	}, func(d Data, err error) {
		w.setIdle()
		if err != nil {
			w.loadErr = err
			w.setStatus(w.v.errorText(err))
			return
		}
		w.data = d
		w.setStatus(w.v.loc.T("research.preview.loaded", "Patients", w.v.patients(d.Patients())))
		if w.step == StepCohort || w.step == StepPrivacy {
			w.startPreview()
		}
	})
}

// changed is called by every parameter widget of steps 2 to 4.
func (w *Wizard) changed() {
	w.v.opts.Touch()
	w.recheck()
	w.previewSoon()
}

// recheck keeps a shown problem true to the fields as they are now: it
// goes once the step's fields are valid, and lists only what is still
// wrong, so a corrected field is not still called wrong above it.
func (w *Wizard) recheck() {
	if !w.fieldProblem || !w.problem.Visible() {
		return
	}
	w.showFieldProblems()
}

// showFieldProblems shows what is wrong with the step's own fields and
// reports whether anything is; with nothing wrong it hides the problem.
func (w *Wizard) showFieldProblems() bool {
	fs := w.stepProblems(w.step)
	if len(fs) == 0 {
		w.hideProblem()
		return false
	}
	w.showProblem(&core.ValidationError{Fields: fs})
	w.fieldProblem = true
	return true
}

// previewSoon (re)arms the debounce timer of the preview.
func (w *Wizard) previewSoon() {
	w.debounce.trigger(w.startPreview)
}

func (w *Wizard) recompute() {
	w.debounce.stop()
	w.startPreview()
}

// startPreview cancels a running preview and computes a new one from the
// draft as it is now (a copy: the widgets may change meanwhile).
func (w *Wizard) startPreview() {
	if w.data == nil {
		return // loadData starts it once the extract is in memory
	}
	if err := w.draft.Validate(w.v.cat); err != nil {
		w.preview.stop()
		w.setIdle()
		w.report, w.reportErr = nil, err
		w.setStatus(w.v.loc.T("research.preview.invalid"))
		w.notify()
		return
	}
	st := cloneStudy(w.draft)
	data := w.data
	w.Previews++
	w.setBusy(w.v.loc.T("research.preview.computing"))
	prog := newBarProgress(w.bars()...)
	w.preview.start(func(ctx context.Context) (*core.Report, error) {
		return w.v.svc.PreviewStudy(ctx, data, st, prog)
	}, func(r *core.Report, err error) {
		w.setIdle()
		if errors.Is(err, context.Canceled) {
			return
		}
		w.report, w.reportErr = r, err
		if err != nil {
			w.setStatus(w.v.errorText(err))
		} else {
			w.setStatus(w.v.loc.T("research.preview.done"))
		}
		w.notify()
	})
}

// CancelPreview stops the running preview (and a pending one); the last
// shown result stays, marked as not current.
func (w *Wizard) CancelPreview() {
	w.debounce.stop()
	if w.preview.stop() {
		w.setStatus(w.v.loc.T("research.preview.cancelled"))
	}
	w.setIdle()
}

// Computing reports whether a preview is running.
func (w *Wizard) Computing() bool { return w.preview.running() }

// PreviewPending reports whether a parameter change waits for the
// debounce timer.
func (w *Wizard) PreviewPending() bool { return w.debounce.pending() }

// Report is the newest preview.
func (w *Wizard) Report() *core.Report { return w.report }

// Status is the preview's status line.
func (w *Wizard) Status() string { return w.status }

func (w *Wizard) notify() {
	for _, f := range w.onPreview {
		f()
	}
}

// statusRow is one step's copy of the preview status: a line of text, a
// progress bar, Cancel and Recompute (steps 2 and 4 each have one, since a
// widget has one parent).
type statusRow struct {
	text      *widget.Label
	bar       *widget.ProgressBar
	cancelBtn *widget.Button
	redoBtn   *widget.Button
}

// previewStatusFor builds a status row for a step (step 1 shows only the
// extract's loading: it has no preview to recompute).
func (w *Wizard) previewStatusFor(step int) fyne.CanvasObject {
	r := &statusRow{text: widget.NewLabel(w.status), bar: widget.NewProgressBar()}
	r.text.Wrapping = fyne.TextWrapWord
	r.bar.Hide()
	r.cancelBtn = widget.NewButtonWithIcon(w.v.loc.T("research.preview.cancel"), theme.CancelIcon(), w.CancelPreview)
	r.cancelBtn.Hide()
	r.redoBtn = widget.NewButtonWithIcon(w.v.loc.T("research.preview.recompute"), theme.ViewRefreshIcon(), w.recompute)
	w.rows = append(w.rows, r)
	if step == StepStudy {
		r.redoBtn.Hide()
	}
	// The bar sits beside the text, so showing it never moves what is below.
	h := r.redoBtn.MinSize().Height
	bar := container.NewGridWrap(fyne.NewSize(160, h), r.bar)
	return container.NewBorder(nil, nil, nil, container.NewHBox(bar, r.cancelBtn, r.redoBtn), r.text)
}

func (w *Wizard) setStatus(msg string) {
	w.status = msg
	for _, r := range w.rows {
		r.text.SetText(msg)
	}
}

// bars are the status rows' progress bars (progress goes to all).
func (w *Wizard) bars() []*widget.ProgressBar {
	out := make([]*widget.ProgressBar, len(w.rows))
	for i, r := range w.rows {
		out[i] = r.bar
	}
	return out
}

func (w *Wizard) setBusy(msg string) {
	w.setStatus(msg)
	for _, r := range w.rows {
		r.bar.SetValue(0)
		r.bar.Show()
		r.cancelBtn.Show()
	}
}

func (w *Wizard) setIdle() {
	for _, r := range w.rows {
		r.bar.Hide()
		r.cancelBtn.Hide()
	}
}

// cloneStudy copies a study deeply enough for another goroutine.
func cloneStudy(s core.Study) core.Study {
	s.Columns = slices.Clone(s.Columns)
	for i := range s.Columns {
		if h := s.Columns[i].Hierarchy; h != nil {
			rows := make([][]string, len(h))
			for j := range h {
				rows[j] = slices.Clone(h[j])
			}
			s.Columns[i].Hierarchy = rows
		}
	}
	return s
}
