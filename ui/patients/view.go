package patients

import (
	"context"
	"custodia/i18n"
	"custodia/ui/kit"
	"strings"
	"time"

	usecase "custodia/app"
	"custodia/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Hooks are what the shell composes into the patient screens from
// other features (a feature never imports another).
type Hooks struct {
	// Consents shows the consent panel of a stored patient; nil hides the
	// form's Consents button (a role or session without consents).
	Consents func(p vault.Patient)
}

// View is the patient list with search on the left and the
// selected patient's form on the right. The list is virtualised and fed
// page by page, so it stays fast with 100,000 patients.
type View struct {
	env     *kit.Env
	session kit.Session
	content fyne.CanvasObject

	search    *kit.PrivateEntry
	list      *widget.List
	count     *widget.Label
	newBtn    *widget.Button
	importer  *widget.Button
	detail    *fyne.Container
	empty     fyne.CanvasObject
	emptyText *widget.Label
	Form      *Form
	Importer  *Importer
	// ClinicalImporter imports encounters and observations (nil for a
	// session without clinical data); clinicalBtn opens it.
	ClinicalImporter *ClinicalImporter
	clinicalBtn      *widget.Button

	// searchBusy turns while a search runs over ShowProgressAfter;
	// running counts the searches under way (a stale one may still run).
	searchBusy *widget.Activity
	running    int

	pager     *pager
	results   []vault.PatientSummary
	searching bool
	searchGen int
	// cancelSearch stops a search scheduled while typing
	cancelSearch func()
	loaded       bool
	total        int
}

func New(env *kit.Env, s kit.Session, hooks Hooks) *View {
	v := &View{env: env, session: s}
	v.pager = newPager(func(offset, limit int) ([]vault.PatientSummary, error) { return usecase.ListPatients(s, offset, limit) }, env.Run, v.pageLoaded)
	v.search = kit.NewPrivateEntry()
	v.search.SetPlaceHolder(env.Loc.T("patients.search.placeholder"))
	v.search.OnChanged = func(string) { env.Touch(); v.searchSoon() }
	v.search.OnSubmitted = func(string) { v.searchNow() }
	v.count = widget.NewLabel("")
	v.searchBusy = widget.NewActivity()
	v.searchBusy.Hide()
	v.list = widget.NewList(v.length, func() fyne.CanvasObject { return newPatientRow(env.Loc) }, v.updateRow)
	v.list.OnSelected = func(id widget.ListItemID) { env.Touch(); v.open(id) }
	canWrite := s.User().Role.Can(vault.PermPatientWrite)
	v.newBtn = widget.NewButtonWithIcon(env.Loc.T("layout2.patients.newbutton"), theme.ContentAddIcon(), v.NewPatient)
	v.Importer = newImporter(env, s, func(int) { v.reload() })
	v.importer = widget.NewButtonWithIcon(env.Loc.T("patients.import"), theme.UploadIcon(), v.Importer.choose)
	kit.SetEnabled(canWrite, v.newBtn, v.importer)
	v.newClinicalImport(env, s, canWrite)
	v.Form = newForm(env, s, hooks)
	v.Form.OnSaved = v.saved
	v.emptyText = widget.NewLabel(env.Loc.T("patients.empty"))
	v.emptyText.Alignment = fyne.TextAlignCenter
	v.emptyText.Wrapping = fyne.TextWrapWord
	v.empty = container.NewCenter(container.New(&kit.FixedWidth{Width: 420}, v.emptyText))
	v.detail = container.NewStack(v.empty)
	v.content = v.layout()
	return v
}

func (v *View) layout() fyne.CanvasObject {
	top := container.NewVBox(
		container.NewHBox(v.newBtn, v.importer),
		v.clinicalRow(),
		container.NewBorder(nil, nil, widget.NewIcon(theme.SearchIcon()), v.searchBusy, kit.FitPlaceholder(v.search)),
		v.count,
	)
	left := container.NewBorder(top, nil, nil, nil, v.list)
	split := container.NewHSplit(left, v.detail)
	split.Offset = 0.38
	return split
}

// Content is the screen the shell puts in its Patients tab.
func (v *View) Content() fyne.CanvasObject { return v.content }

// Activate loads the count the first time the section is shown.
func (v *View) Activate() {
	if !v.loaded {
		v.reload()
	}
}

// reload counts the patients again and forgets cached pages.
func (v *View) reload() {
	v.loaded = true
	var n int
	var err error
	v.env.Run(func() { n, err = usecase.CountPatients(v.session) }, func() {
		if err != nil {
			v.env.ShowError(err)
			return
		}
		v.total = n
		v.pager.Reset(n)
		v.list.UnselectAll()
		v.list.Refresh()
		v.showCount()
	})
}

func (v *View) showCount() {
	switch {
	case v.searching:
		v.count.SetText(v.env.Loc.N("patients.matches", len(v.results), "N", v.env.Loc.Int(len(v.results))))
	case v.total == 0:
		v.count.SetText(v.env.Loc.T("patients.none"))
		v.emptyText.SetText(v.env.Loc.T("patients.none.explain"))
	default:
		v.count.SetText(v.env.Loc.N("patients.count", v.total, "N", v.env.Loc.Int(v.total)))
	}
}

func (v *View) length() int {
	if v.searching {
		return len(v.results)
	}
	return v.pager.Len()
}

// Row returns what list row i shows, if loaded.
func (v *View) Row(i int) (vault.PatientSummary, bool) {
	if v.searching {
		if i < 0 || i >= len(v.results) {
			return vault.PatientSummary{}, false
		}
		return v.results[i], true
	}
	return v.pager.Row(i)
}

func (v *View) pageLoaded(err error) {
	if err != nil {
		v.env.ShowError(err)
		return
	}
	if !v.searching {
		v.list.Refresh()
	}
}

// searchDelay waits for a pause in typing: every search is an audited
// read, so one is made per search term, not per keystroke.
const searchDelay = 400 * time.Millisecond

func (v *View) searchSoon() {
	if v.cancelSearch != nil {
		v.cancelSearch()
	}
	if strings.TrimSpace(v.search.Text) == "" {
		v.searchNow()
		return
	}
	v.cancelSearch = v.env.After(searchDelay, v.searchNow)
}

func (v *View) searchNow() {
	if v.cancelSearch != nil {
		v.cancelSearch()
		v.cancelSearch = nil
	}
	v.runSearch(v.search.Text)
}

// runSearch shows the matches for text; an empty text shows the whole list.
// Stale answers (the person kept typing) are dropped.
func (v *View) runSearch(text string) {
	v.searchGen++
	gen := v.searchGen
	qs := kit.SearchQueries(v.env.Loc, text)
	if len(qs) == 0 {
		v.searching, v.results = false, nil
		v.list.UnselectAll()
		v.list.Refresh()
		v.showCount()
		return
	}
	var rs []vault.PatientSummary
	var err error
	v.running++
	v.env.RunSlow(func(context.Context) { rs, err = usecase.FindPatients(v.session, qs...) }, kit.SlowWork{
		// a search over 300 ms says so; it is not cancelled (typing on
		// or clearing the field drops its answer)
		Progress: func() {
			if gen == v.searchGen {
				v.count.SetText(v.env.T("sweeproles.patients.searching"))
				v.searchBusy.Show()
				v.searchBusy.Start()
			}
		},
		Done: func() {
			if v.running--; v.running == 0 {
				v.searchBusy.Stop()
				v.searchBusy.Hide()
			}
			if gen != v.searchGen {
				return
			}
			if err != nil {
				v.showCount()
				v.env.ShowError(err)
				return
			}
			v.searching, v.results = true, rs
			v.list.UnselectAll()
			v.list.ScrollToTop()
			v.list.Refresh()
			v.showCount()
		},
	})
}

// SearchBusy reports whether the search shows that it is working.
func (v *View) SearchBusy() bool { return v.searchBusy.Visible() }

// open fetches the selected patient (an audited read) into the form.
func (v *View) open(i int) {
	row, ok := v.Row(i)
	if !ok {
		v.list.Unselect(i)
		return
	}
	var p vault.Patient
	var err error
	v.env.Run(func() { p, err = showPatient(v.session, row.ID) }, func() {
		if err != nil {
			v.env.ShowError(err)
			return
		}
		v.Form.Load(p)
		v.showForm()
	})
}

// Select opens row i of the list in the form.
func (v *View) Select(i int) { v.list.Select(i) }

// FormShown reports whether the form (not the empty hint) is shown.
func (v *View) FormShown() bool {
	return len(v.detail.Objects) == 1 && v.detail.Objects[0] == v.Form.content
}

// SetSearch types text into the search box (the search runs after a pause).
func (v *View) SetSearch(text string) { v.search.SetText(text) }

// Searching reports whether the list shows search matches.
func (v *View) Searching() bool { return v.searching }

// SearchBox is the search field (Ctrl+F puts the cursor there).
func (v *View) SearchBox() fyne.Focusable { return v.search }

// FocusSearch puts the cursor in the search field.
func (v *View) FocusSearch() { v.env.Win.Canvas().Focus(v.search) }

// CanAdd reports whether the role may add patients.
func (v *View) CanAdd() bool { return !v.newBtn.Disabled() }

func (v *View) showForm() {
	v.detail.Objects = []fyne.CanvasObject{v.Form.content}
	v.detail.Refresh()
}

// NewPatient clears the form for a new patient and puts the cursor in its
// first field.
func (v *View) NewPatient() {
	v.env.Touch()
	v.list.UnselectAll()
	v.Form.New()
	v.showForm()
	v.env.Win.Canvas().Focus(v.Form.entries[kit.FieldGivenName])
}

func (v *View) saved(p vault.Patient, created bool) {
	if created {
		v.reload()
		return
	}
	for i := range v.results {
		if v.results[i].ID == p.ID {
			v.results[i] = vault.PatientSummary{ID: p.ID, GivenName: p.GivenName, FamilyName: p.FamilyName,
				MRN: p.MRN, BirthDate: p.BirthDate, Restricted: p.Restricted}
		}
	}
	v.pager.Reset(v.total)
	v.list.Refresh()
}

// patientRow is one line of the list: name, birth date, record number.
func newPatientRow(loc *i18n.Localizer) fyne.CanvasObject {
	name := widget.NewLabel(loc.T("patients.row.sample"))
	name.TextStyle.Bold = true
	name.Truncation = fyne.TextTruncateEllipsis
	info := widget.NewLabel(loc.T("patients.row.info", "Date", "00.00.0000", "MRN", "000000"))
	icon := widget.NewIcon(theme.AccountIcon())
	return container.NewBorder(nil, nil, icon, info, name)
}

func (v *View) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	c := o.(*fyne.Container)
	name := c.Objects[0].(*widget.Label)
	icon := c.Objects[1].(*widget.Icon)
	info := c.Objects[2].(*widget.Label)
	row, ok := v.Row(i)
	if !ok {
		name.SetText(v.env.Loc.T("patients.loading"))
		info.SetText("")
		icon.SetResource(theme.AccountIcon())
		return
	}
	name.SetText(row.FamilyName + ", " + row.GivenName)
	text := v.env.Loc.Date(row.BirthDate)
	if row.MRN != "" {
		text = v.env.Loc.T("patients.row.info", "Date", text, "MRN", row.MRN)
	}
	info.SetText(text)
	if row.Restricted {
		icon.SetResource(theme.WarningIcon())
	} else {
		icon.SetResource(theme.AccountIcon())
	}
}
