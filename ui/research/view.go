package research

import (
	"errors"

	"log"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	usecase "custodia/app"
	"custodia/consent"
	"custodia/i18n"
	core "custodia/research"
	"custodia/ui/kit"
	"custodia/vault"
)

// Options are what the shell hands to the Research tab.
type Options struct {
	Service Service
	Loc     *i18n.Localizer
	Window  fyne.Window
	// Role is the signed-in user's role: a researcher gets the read-only
	// view (studies and packages addressed to them, Open package).
	Role vault.Role
	// Researchers lists the vault's researcher accounts for the recipient
	// step; nil or an error: only organisations.
	Researchers func() ([]Researcher, error)
	Run         Runner                                          // nil: a goroutine, then fyne.Do
	After       func(d time.Duration, f func()) (cancel func()) // nil: a timer, then fyne.Do
	Now         func() time.Time                                // nil: time.Now
	// Touch records activity for the idle lock (may be nil).
	Touch func()
	Logf  func(format string, args ...any)
	// Debounce is how long parameters must rest before a preview
	// recomputes; 0 means 400 ms.
	Debounce time.Duration
	// ShowDialog shows a dialog so that the shell's Esc closes it through
	// its own Hide (kit.Env.ShowTracked), running its closing callback;
	// nil: the dialog's Show.
	ShowDialog func(dialog.Dialog)
}

// Researcher is a researcher account of the vault a study can be
// addressed to.
type Researcher struct {
	ID   string // the account's id (stored in the study, never shown)
	Name string
}

// View is the Research tab.
type View struct {
	opts Options
	svc  Service
	loc  *i18n.Localizer
	lab  labels
	win  fyne.Window
	env  *kit.Env // for the kit's shared dialogs (file save)

	tab     *tabContent
	content *fyne.Container // home, wizard, opener or re-identification
	home    fyne.CanvasObject
	problem *widget.Label
	notice  *widget.Label

	cat      *consent.Catalogue
	studies  []StudyRecord
	versions []StudyRecord
	history  []ExportRecord
	selected int // index into studies, -1 none
	export   int // index into history, -1 none

	studyList   *rowList
	versionList *rowList
	historyList *rowList
	historyHead *widget.Label
	noStudies   *widget.Label
	noHistory   *widget.Label
	reportBox   *scrollBox
	newBtn      *widget.Button
	versionBtn  *widget.Button
	openBtn     *widget.Button
	reidBtn     *widget.Button
	destroyBtn  *widget.Button

	// Wizard is the export wizard while shown.
	Wizard *Wizard
	// Opener is the last "Open research package" form.
	Opener *PackageOpener
	// Reidentifier is the re-identification page while shown.
	Reidentifier *Reidentifier
	// Destroyer is the key destruction's confirmation while open.
	Destroyer *KeyDestroyer
	loaded    bool
}

// New builds the Research tab; call Activate when it is first shown.
func New(opts Options) *View {
	if opts.Run == nil {
		opts.Run = goRunner
	}
	if opts.After == nil {
		opts.After = afterOnUI
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logf == nil {
		opts.Logf = log.Printf
	}
	if opts.Debounce == 0 {
		opts.Debounce = 400 * time.Millisecond
	}
	if opts.Touch == nil {
		opts.Touch = func() {}
	}
	v := &View{opts: opts, svc: opts.Service, loc: opts.Loc, lab: labels{opts.Loc}, win: opts.Window, selected: -1, export: -1}
	v.env = &kit.Env{Win: opts.Window, Loc: opts.Loc, Run: kit.Runner(opts.Run), After: opts.After, Now: opts.Now,
		Logf: opts.Logf, Touch: opts.Touch, Dialogs: &kit.Dialogs{}}
	v.home = v.buildHome()
	v.content = container.NewStack(v.home)
	v.tab = newTabContent(v.content, v.leave)
	return v
}

// Content is the tab's widget tree.
func (v *View) Content() fyne.CanvasObject { return v.tab }

// leave runs when the tab is hidden (another tab chosen): the
// re-identification page and its result go.
func (v *View) leave() {
	if v.Reidentifier != nil {
		v.Reidentifier.leave()
		v.Reidentifier = nil
		v.content.Objects = []fyne.CanvasObject{v.home}
		v.content.Refresh()
	}
}

// Researcher reports whether the view is the researcher's read-only one.
func (v *View) Researcher() bool { return v.opts.Role == vault.RoleResearcher }

// Activate loads the studies the first time the tab is shown.
func (v *View) Activate() {
	if !v.loaded {
		v.loaded = true
		v.Refresh()
	}
}

func (v *View) buildHome() fyne.CanvasObject {
	v.problem = widget.NewLabel("")
	v.problem.Importance = widget.DangerImportance
	v.problem.Wrapping = fyne.TextWrapWord
	v.problem.Hide()
	v.notice = widget.NewLabel("")
	v.notice.Importance = widget.SuccessImportance
	v.notice.Wrapping = fyne.TextWrapWord
	v.notice.Hide()
	v.newBtn = widget.NewButtonWithIcon(v.loc.T("research.home.new"), theme.ContentAddIcon(), func() { v.OpenWizard(nil) })
	v.newBtn.Importance = widget.HighImportance
	v.versionBtn = widget.NewButtonWithIcon(v.loc.T("research.home.newVersion"), theme.DocumentCreateIcon(), v.newVersion)
	v.versionBtn.Disable()
	v.openBtn = widget.NewButtonWithIcon(v.loc.T("research.home.open"), theme.FolderOpenIcon(), v.OpenPackage)
	v.reidBtn = widget.NewButtonWithIcon(v.loc.T("research.home.reidentify"), theme.SearchIcon(), v.Reidentify)
	v.reidBtn.Disable()
	v.destroyBtn = widget.NewButtonWithIcon(v.loc.T("research.home.destroyKey"), theme.DeleteIcon(), v.DestroyKey)
	v.destroyBtn.Disable()
	refresh := widget.NewButtonWithIcon(v.loc.T("research.home.refresh"), theme.ViewRefreshIcon(), v.Refresh)
	bar := container.NewHBox(v.newBtn, v.versionBtn, v.openBtn, refresh)
	if v.Researcher() {
		v.newBtn.Hide()
		v.versionBtn.Hide()
		v.destroyBtn.Hide()
	}
	if !v.svc.CanReidentify() { // the vault decides who may; the button is offered to them only
		v.reidBtn.Hide()
	}
	v.studyList = newRowList(func() int { return len(v.studies) }, func(i int) (string, string) {
		return v.studyTitle(v.studies[i]), v.studyLine(v.studies[i])
	})
	v.studyList.OnSelected = func(i widget.ListItemID) { v.selectStudy(i) }
	v.versionList = newRowList(func() int { return len(v.versions) }, func(i int) (string, string) {
		r := v.versions[i]
		return v.loc.T("research.home.version", "Version", r.Study.Version),
			v.loc.T("research.home.savedBy", "Date", v.loc.DateTime(r.SavedAt), "Name", r.SavedBy)
	})
	v.historyHead = heading(v.loc.T("research.home.historyAll"))
	v.historyList = newRowList(func() int { return len(v.history) }, func(i int) (string, string) {
		e := v.history[i]
		return v.exportTitle(e), v.loc.T("research.home.exportLine", "Included", v.patients(e.Included), "Rows", v.loc.Int(e.Rows), "Name", e.By)
	})
	v.historyList.OnSelected = func(i widget.ListItemID) { v.selectExport(i) }
	v.reportBox = newScrollBox(hint(v.loc.T("research.home.pickExport")))

	studiesHead := heading(v.loc.T("research.home.studies"))
	v.noStudies = hint(v.loc.T("research.home.emptyStudies"))
	if v.Researcher() {
		studiesHead = heading(v.loc.T("research.home.studiesMine"))
		v.noStudies.SetText(v.loc.T("research.home.emptyStudiesMine"))
	}
	v.noHistory = hint(v.loc.T("research.home.emptyHistory"))
	left := container.NewVSplit(
		container.NewBorder(studiesHead, nil, nil, nil, container.NewStack(v.studyList.Content, container.NewVBox(v.noStudies))),
		container.NewBorder(heading(v.loc.T("research.home.versions")), container.NewHBox(v.destroyBtn), nil, nil, v.versionList.Content))
	left.SetOffset(0.6)
	right := container.NewVSplit(
		container.NewBorder(container.NewBorder(nil, nil, nil, v.reidBtn, v.historyHead), nil, nil, nil,
			container.NewStack(v.historyList.Content, container.NewVBox(v.noHistory))),
		v.reportBox.scroll)
	right.SetOffset(0.3)
	split := container.NewHSplit(left, right)
	split.SetOffset(0.36)
	return container.NewBorder(container.NewVBox(bar, v.problem, v.notice), nil, nil, nil, split)
}

// Refresh reloads the catalogue, the studies and the export history.
func (v *View) Refresh() {
	type loaded struct {
		cat     *consent.Catalogue
		studies []StudyRecord
		history []ExportRecord
	}
	var res loaded
	var err error
	keep := v.selectedStudyID()
	v.opts.Run(func() {
		res.cat, err = v.svc.Catalogue()
		if err != nil {
			res.cat, err = nil, nil // labels fall back to the purpose id
		}
		if res.studies, err = v.svc.Studies(); err != nil {
			return
		}
		res.history, err = v.svc.ExportHistory("")
	}, func() {
		if err != nil {
			v.showProblem(err)
			return
		}
		v.hideProblem()
		v.cat, v.studies, v.history, v.versions = res.cat, res.studies, res.history, nil
		v.selected, v.export = -1, -1
		v.versionBtn.Disable()
		v.destroyBtn.Disable()
		v.reidBtn.Disable()
		v.studyList.UnselectAll()
		v.historyList.UnselectAll()
		v.reportBox.set(hint(v.loc.T("research.home.pickExport")))
		v.historyHead.SetText(v.loc.T("research.home.historyAll"))
		v.studyList.Refresh()
		v.versionList.Refresh()
		v.historyList.Refresh()
		v.showEmpty()
		v.reselect(keep)
	})
}

// selectedStudyID is the id of the study chosen in the list, "" for none.
func (v *View) selectedStudyID() string {
	if v.selected < 0 || v.selected >= len(v.studies) {
		return ""
	}
	return v.studies[v.selected].Study.ID
}

// reselect chooses the study with this id again after the lists were
// reloaded (after destroying its key, or Refresh), so its versions and
// export history stay in view instead of falling back to all studies.
func (v *View) reselect(id string) {
	if id == "" {
		return
	}
	for i, r := range v.studies {
		if r.Study.ID == id {
			v.studyList.Select(i)
			return
		}
	}
}

func (v *View) selectStudy(i int) {
	v.opts.Touch()
	if i < 0 || i >= len(v.studies) {
		return
	}
	v.selected = i
	v.versionBtn.Enable()
	v.export = -1
	v.reidBtn.Disable()
	if v.studies[i].KeyDestroyed {
		v.destroyBtn.Disable()
	} else {
		v.destroyBtn.Enable()
	}
	id := v.studies[i].Study.ID
	var versions []StudyRecord
	var history []ExportRecord
	var err error
	v.opts.Run(func() {
		if versions, err = v.svc.StudyVersions(id); err != nil {
			return
		}
		history, err = v.svc.ExportHistory(id)
	}, func() {
		if err != nil {
			v.showProblem(err)
			return
		}
		v.hideProblem()
		v.versions, v.history = versions, history
		v.historyHead.SetText(v.loc.T("research.home.historyOf", "Study", v.studies[i].Study.Name))
		v.versionList.Refresh()
		v.historyList.UnselectAll()
		v.historyList.Refresh()
		v.showEmpty()
		v.reportBox.set(hint(v.loc.T("research.home.pickExport")))
	})
}

// showEmpty says so when a list is empty.
func (v *View) showEmpty() {
	v.noStudies.Hidden = len(v.studies) > 0
	v.noStudies.Refresh()
	v.noHistory.Hidden = len(v.history) > 0
	v.noHistory.Refresh()
}

// SelectStudy selects the i-th study of the list (as a click would).
func (v *View) SelectStudy(i int) { v.studyList.Select(i) }

// SelectExport shows the report of the i-th export of the history.
func (v *View) SelectExport(i int) { v.historyList.Select(i) }

// selectExport shows an export's report and offers to re-identify one of
// its pseudonyms unless its study's key was destroyed.
func (v *View) selectExport(i int) {
	if i < 0 || i >= len(v.history) {
		return
	}
	v.export = i
	if v.keyDestroyed(v.history[i].StudyID) {
		v.reidBtn.Disable()
	} else {
		v.reidBtn.Enable()
	}
	v.showExport(v.history[i])
}

// keyDestroyed reports whether the listed study's key is known destroyed.
func (v *View) keyDestroyed(studyID string) bool {
	for _, s := range v.studies {
		if s.Study.ID == studyID {
			return s.KeyDestroyed
		}
	}
	return false
}

// CanReidentify and CanDestroyKey report whether the buttons are offered
// and enabled.
func (v *View) CanReidentify() bool { return v.reidBtn.Visible() && !v.reidBtn.Disabled() }

// CanDestroyKey: see CanReidentify.
func (v *View) CanDestroyKey() bool { return v.destroyBtn.Visible() && !v.destroyBtn.Disabled() }

// Studies are the studies listed.
func (v *View) Studies() []StudyRecord { return v.studies }

// History is the export history listed.
func (v *View) History() []ExportRecord { return v.history }

// Versions are the listed versions of the selected study.
func (v *View) Versions() []StudyRecord { return v.versions }

func (v *View) showExport(e ExportRecord) {
	v.opts.Touch()
	facts := []string{
		v.loc.T("research.report.exportId"), e.ExportID,
		v.loc.T("research.report.when"), v.loc.DateTime(e.At),
		v.loc.T("research.report.by"), e.By,
		v.loc.T("research.report.file"), e.FileName,
		v.loc.T("research.report.sha"), e.SHA256}
	objs := []fyne.CanvasObject{heading(v.loc.T("research.home.exportOf", "Study", e.StudyName, "Version", e.Version))}
	if e.Report != nil { // one list: the export's facts line up with the study's
		objs = append(objs, v.reportView(e.Report, nil, facts...))
	} else {
		objs = append(objs, keyValues(facts...))
	}
	v.reportBox.set(objs...)
	v.reportBox.scroll.ScrollToTop()
}

func (v *View) newVersion() {
	if v.selected < 0 || v.selected >= len(v.studies) {
		return
	}
	st := v.studies[v.selected].Study
	v.OpenWizard(&st)
}

// Close ends what runs in the tab and drops the research extract from
// memory (the shell calls it when the vault locks).
func (v *View) Close() {
	if v.Wizard != nil {
		v.Wizard.discard()
		v.Wizard = nil
	}
	if v.Opener != nil {
		v.Opener.stop()
	}
	v.leave()
	if v.Destroyer != nil {
		v.Destroyer.close()
	}
}

// ShowHome returns from the wizard to the lists and reloads them.
func (v *View) ShowHome() {
	if v.Reidentifier != nil {
		v.Reidentifier.leave()
		v.Reidentifier = nil
	}
	v.content.Objects = []fyne.CanvasObject{v.home}
	v.content.Refresh()
	v.Refresh()
}

// Problem is the error shown above the lists, or "".
func (v *View) Problem() string {
	if !v.problem.Visible() {
		return ""
	}
	return v.problem.Text
}

func (v *View) showProblem(err error) {
	v.problem.SetText(v.errorText(err))
	v.problem.Show()
}

func (v *View) hideProblem() { v.problem.Hide() }

// notify shows a confirmation above the lists (until the next one).
func (v *View) notify(s string) {
	v.notice.SetText(s)
	v.notice.Show()
}

// Notice is the confirmation shown above the lists, or "".
func (v *View) Notice() string {
	if !v.notice.Visible() {
		return ""
	}
	return v.notice.Text
}

// errorText words an error of the research use cases for people; errors
// carry ids and field paths, never personal data.
func (v *View) errorText(err error) string {
	var ve *core.ValidationError
	switch {
	case errors.As(err, &ve):
		// the same wording as custodiactl export (app.FieldProblems)
		msg := v.loc.T("research.error.invalid")
		ps, _ := usecase.FieldProblems(v.loc, ve)
		for _, p := range ps {
			msg += "\n• " + p.String()
		}
		return msg
	case errors.Is(err, usecase.ErrPackageExists):
		return v.loc.T("research.error.exists")
	case errors.Is(err, usecase.ErrNoResearch):
		return v.loc.T("research.error.noResearch")
	case errors.Is(err, core.ErrEmptyCohort):
		return v.loc.T("research.error.emptyCohort")
	case errors.Is(err, core.ErrPackage), errors.Is(err, core.ErrDirNotEmpty):
		text, _ := usecase.PackageText(v.loc, err) // custodiactl export open's wording
		return text
	case errors.Is(err, vault.ErrPermission):
		return v.loc.T("research.error.forbidden")
	case errors.Is(err, vault.ErrLocked):
		return v.loc.T("research.error.locked")
	case errors.Is(err, vault.ErrNotFound):
		return v.loc.T("research.error.notFound")
	}
	if text, ok := usecase.StudyRunText(v.loc, err); ok { // custodiactl export's wording
		return text
	}
	v.opts.Logf("research: %v", err)
	return v.loc.T("research.error.other", "Detail", err.Error())
}

func (v *View) studyTitle(r StudyRecord) string {
	return v.loc.T("research.home.studyTitle", "Study", r.Study.Name, "Version", r.Study.Version)
}

func (v *View) studyLine(r StudyRecord) string {
	line := v.loc.T("research.home.studyLine", "Purpose", v.purposeName(r.Study.Purpose),
		"Recipient", v.recipientText(r.Study.Recipient), "Exports", v.count("research.exports", r.Exports))
	if r.KeyDestroyed {
		line += " · " + v.loc.T("research.home.keyDestroyed")
	}
	return line
}

// recipientText names a study's recipient: a researcher of the practice
// by name, else the organisation.
func (v *View) recipientText(r core.Recipient) string {
	if r.User != "" {
		return v.loc.T("research.study.recipientPerson", "Name", r.Contact)
	}
	return r.Org
}

func heading(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.TextStyle.Bold = true
	return l
}

// hint is an explaining paragraph (a step's intro, the legal basis of a
// purpose). It is drawn in the text colour: Fyne draws a low-importance
// label in the disabled colour, which read as greyed-out, barely legible
// text on the dark theme.
func hint(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// keyValues lays out label/value pairs in two columns.
func keyValues(pairs ...string) *fyne.Container {
	g := container.New(layout.NewFormLayout())
	for i := 0; i+1 < len(pairs); i += 2 {
		k := widget.NewLabel(pairs[i])
		k.TextStyle.Bold = true
		val := widget.NewLabel(pairs[i+1])
		val.Wrapping = fyne.TextWrapWord
		g.Add(k)
		g.Add(val)
	}
	return g
}

// scrollBox is a VBox in a vertical scroll whose contents are replaced:
// the scroll is refreshed too, so it re-measures the new contents.
type scrollBox struct {
	box    *fyne.Container
	scroll *container.Scroll
}

func newScrollBox(objs ...fyne.CanvasObject) *scrollBox {
	b := &scrollBox{box: container.NewVBox(objs...)}
	b.scroll = container.NewVScroll(b.box)
	return b
}

// set replaces the contents (the scroll position stays, so a person
// watching the charts while changing k keeps them in view).
func (b *scrollBox) set(objs ...fyne.CanvasObject) {
	b.box.Objects = objs
	b.box.Refresh()
	b.scroll.Refresh()
}
