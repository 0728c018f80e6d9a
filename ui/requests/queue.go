package requests

import (
	"cmp"
	"slices"
	"time"

	"custodia/i18n"
	"custodia/ui/kit"

	usecase "custodia/app"
	"custodia/consent"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Queue filter choices.
const (
	FilterAllTypes = "All types"
	FilterOpen     = "Open"
	FilterAll      = "All states"
)

// QueueFilter selects the requests the queue shows.
type QueueFilter struct {
	Type consent.RequestType // "" = every type
	// State is FilterOpen, FilterAll or a consent.State.
	State       string
	OverdueOnly bool
}

// filterRequests applies a filter at a time and sorts by due date (the
// most urgent first), then id.
func filterRequests(reqs []consent.Request, f QueueFilter, now time.Time) []consent.Request {
	var out []consent.Request
	for _, r := range reqs {
		switch {
		case f.Type != "" && r.Type != f.Type:
		case f.State == FilterOpen && !r.Open():
		case f.State != "" && f.State != FilterOpen && f.State != FilterAll && string(r.State) != f.State:
		case f.OverdueOnly && r.Clock(now) != consent.ClockRed:
		default:
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b consent.Request) int { return cmp.Or(a.Due().Compare(b.Due()), cmp.Compare(a.ID, b.ID)) })
	return out
}

// deadlineText says how much time is left, in words.
func deadlineText(loc *i18n.Localizer, r consent.Request, now time.Time) string {
	if !r.Open() {
		return loc.T("requests.deadline.closed")
	}
	switch left := r.DaysLeft(now); {
	case left < 0:
		return loc.N("requests.deadline.overdue", -left)
	case left == 0:
		return loc.T("requests.deadline.today")
	default:
		return loc.N("requests.deadline.left", left)
	}
}

var requestTypes = []consent.RequestType{consent.ReqAccess, consent.ReqRectification, consent.ReqErasure, consent.ReqRestriction,
	consent.ReqPortability, consent.ReqObjection, consent.ReqConsentWithdrawal, consent.ReqHIPAAAccess, consent.ReqHIPAAAmendment}

// filterLabel words a choice of the queue's filters: the filter*
// choices, request kinds and states.
func filterLabel(loc *i18n.Localizer, code string) string {
	switch code {
	case FilterAllTypes:
		return loc.T("requests.filter.alltypes")
	case FilterOpen:
		return loc.T("requests.filter.open")
	case FilterAll:
		return loc.T("requests.filter.allstates")
	}
	if slices.Contains(requestTypes, consent.RequestType(code)) {
		return kit.RequestKindLabel(loc, consent.RequestType(code))
	}
	return kit.RequestStateLabel(loc, consent.State(code))
}

// View is the request queue with filters on the left and the
// selected request's detail on the right. The queue shows what orders the
// work (time left, due date, kind, subject, state) and fits its pane at
// 1280×800 in every language; the detail adds when it was received and
// why the due date moved.
type View struct {
	env     *kit.Env
	cat     *i18n.Catalog
	uc      *usecase.Session
	content fyne.CanvasObject

	typeSel  *kit.CodeSelect
	stateSel *kit.CodeSelect
	overdue  *kit.EscCheck
	newBtn   *widget.Button
	reload   *widget.Button
	table    *kit.TextTable
	summary  *widget.Label
	bar      *widget.ProgressBarInfinite
	detail   *fyne.Container
	empty    fyne.CanvasObject

	all    []consent.Request
	shown  []consent.Request
	loaded bool
	// names puts names to subject ids for roles that may read identities.
	names *subjectNames
	// Detail is the request shown on the right, or nil.
	Detail *RequestDetail
	// Intake is the last "New request" dialog opened.
	Intake *IntakeForm
}

// New builds the request queue for the session's use cases: env is the
// shell's, cat speaks the patient's documents in their language.
func New(env *kit.Env, cat *i18n.Catalog, uc *usecase.Session) *View {
	v := &View{env: env, cat: cat, uc: uc}
	a := env
	label := func(c string) string { return filterLabel(a.Loc, c) }
	types := []string{FilterAllTypes}
	for _, t := range requestTypes {
		types = append(types, string(t))
	}
	v.typeSel = kit.NewCodeSelect(types, label, func(string) { v.applyFilter() })
	v.typeSel.SetSelected(FilterAllTypes)
	states := []string{FilterOpen, FilterAll}
	for _, st := range consent.States() {
		states = append(states, string(st))
	}
	v.stateSel = kit.NewCodeSelect(states, label, func(string) { v.applyFilter() })
	v.stateSel.SetSelected(FilterOpen)
	v.overdue = kit.NewEscCheck(a.Loc.T("requests.overdueonly"), func(bool) { v.applyFilter() })
	v.newBtn = widget.NewButtonWithIcon(a.Loc.T("requests.new"), theme.ContentAddIcon(), v.OpenIntake)
	v.newBtn.Importance = widget.HighImportance
	if !v.uc.Can(consent.PermIntake) {
		v.newBtn.Hide()
	}
	v.reload = widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), v.Reload)
	v.names = newSubjectNames(v.env, v.uc, v.nameArrived)
	if v.names.allowed {
		// The name tells rows apart; the id is in the detail pane.
		v.table = kit.NewTextTable([]string{a.T("requests.col.deadline"), a.T("requests.col.due"), a.T("requests.col.type"),
			a.T("requests.col.name"), a.T("requests.col.state")}, []float32{128, 102, 100, 158, 92})
		v.table.OnRowShown = v.rowShown
	} else {
		v.table = kit.NewTextTable([]string{a.T("requests.col.deadline"), a.T("requests.col.due"), a.T("requests.col.type"),
			a.T("requests.col.subject"), a.T("requests.col.state")}, []float32{132, 102, 106, 110, 96})
	}
	v.table.OnSelected = v.open
	v.summary = widget.NewLabel("")
	v.bar = kit.NewBusyBar()
	v.empty = kit.Centered(kit.WrapLabel(a.Loc.T("requests.empty")), 360)
	v.detail = container.NewStack(v.empty)
	v.content = v.layout()
	return v
}

func (v *View) layout() fyne.CanvasObject {
	filters := container.NewHBox(v.typeSel, v.stateSel, v.overdue, kit.Spacer(), v.reload, v.newBtn)
	// the bar turns beside the summary line, in room kept for it, so the
	// table does not jump down and back at every reload (issue 10)
	bottom := container.NewBorder(nil, nil, nil, container.New(&kit.FixedWidth{Width: 160}, container.NewVBox(layout.NewSpacer(), v.bar, layout.NewSpacer())), v.summary)
	left := container.NewBorder(filters, bottom, nil, nil, v.table)
	split := container.NewHSplit(left, v.detail)
	split.Offset = 0.64
	return split
}

// Content is the section's screen.
func (v *View) Content() fyne.CanvasObject { return v.content }

// Activate reads the requests the first time the section is shown.
func (v *View) Activate() {
	if !v.loaded {
		v.loaded = true
		v.Reload()
	}
}

// Reload reads every request again and keeps the selection if it still exists.
func (v *View) Reload() {
	var reqs []consent.Request
	var err error
	v.env.RunBusy(v.bar, func() {
		reqs, err = v.uc.Requests(consent.RequestFilter{})
	}, func() {
		if err != nil {
			v.summary.SetText(v.env.Loc.T("requests.loadfailed"))
			v.env.ShowError(err)
			return
		}
		v.all = reqs
		v.names.reset()
		v.applyFilter()
		if v.Detail != nil {
			v.Detail.refreshFrom(reqs)
		}
	})
}

// filter returns the filter the controls hold.
func (v *View) filter() QueueFilter {
	f := QueueFilter{State: v.stateSel.Code(), OverdueOnly: v.overdue.Checked}
	if v.typeSel.Code() != FilterAllTypes {
		f.Type = consent.RequestType(v.typeSel.Code())
	}
	return f
}

func (v *View) applyFilter() {
	if v.table == nil {
		return
	}
	now := v.uc.Now()
	v.shown = filterRequests(v.all, v.filter(), now)
	rows := make([][]kit.TableCell, len(v.shown))
	for i, r := range v.shown {
		c := r.Clock(now)
		loc := v.env.Loc
		subject := kit.IDTail(r.SubjectID)
		if v.names.allowed {
			subject = v.names.cell(r.SubjectID)
		}
		rows[i] = []kit.TableCell{{Text: deadlineText(loc, r, now), Imp: kit.ClockImportance(c), Bold: c == consent.ClockRed},
			kit.Cell(kit.DateText(loc, r.Due())), kit.Cell(loc.Label("requestshort", string(r.Type), kit.RequestKindLabel(loc, r.Type))),
			kit.Cell(subject), kit.Cell(kit.RequestStateLabel(loc, r.State))}
	}
	v.table.SetRows(rows)
	v.summary.SetText(v.env.Loc.T("requests.summary", "Shown", v.env.Loc.Int(len(v.shown)), "Open", v.env.Loc.Int(countOpen(v.all)),
		"Overdue", v.env.Loc.Int(len(consent.Overdue(v.all, now)))))
}

// nameCol is the column of subject names.
const nameCol = 3

// rowShown asks for the name of a visible row's subject.
func (v *View) rowShown(row int) {
	if row < len(v.shown) {
		v.names.want(v.shown[row].SubjectID)
	}
}

// nameArrived writes a loaded name into the rows of that subject and the
// open detail.
func (v *View) nameArrived(id string) {
	for i, r := range v.shown {
		if r.SubjectID == id && v.names.allowed {
			v.table.SetCellText(i, nameCol, v.names.cell(id))
		}
	}
	if v.Detail != nil && v.Detail.req.SubjectID == id {
		v.Detail.showSubject()
	}
}

// SubjectName returns the name shown in a row, "" when none; for tests.
func (v *View) SubjectName(row int) string {
	if !v.names.allowed {
		return ""
	}
	return v.table.Cell(row, nameCol)
}

// Columns returns the table's headers.
func (v *View) Columns() []string { return v.table.Headers() }

// TableWidth is the width the queue's columns need whole and the width
// the table has: the queue fits its pane when need <= shown.
func (v *View) TableWidth() (need, shown float32) { return v.table.FullWidth(), v.table.Size().Width }

func countOpen(reqs []consent.Request) int {
	n := 0
	for _, r := range reqs {
		if r.Open() {
			n++
		}
	}
	return n
}

// Shown returns the requests in the table, in order.
func (v *View) Shown() []consent.Request { return v.shown }

// rowClock returns the colour of a row's deadline cell.
func (v *View) rowClock(row int) widget.Importance { return v.table.CellImportance(row, 0) }

// SetFilter sets the controls; for tests and the tour.
func (v *View) SetFilter(f QueueFilter) {
	if f.Type == "" {
		v.typeSel.SetSelected(FilterAllTypes)
	} else {
		v.typeSel.SetSelected(string(f.Type))
	}
	if f.State == "" {
		f.State = FilterOpen
	}
	v.stateSel.SetSelected(f.State)
	v.overdue.SetChecked(f.OverdueOnly)
	v.applyFilter()
}

func (v *View) open(row int) {
	v.env.Touch()
	if row < 0 || row >= len(v.shown) {
		return
	}
	v.Show(v.shown[row].ID)
}

// Show opens a request's detail by id.
func (v *View) Show(id string) {
	d := newRequestDetail(v, id)
	v.Detail = d
	v.detail.Objects = []fyne.CanvasObject{d.content}
	v.detail.Refresh()
	d.Reload()
}

// Select selects a row of the table; for the tour.
func (v *View) Select(row int) {
	v.table.Select(widget.TableCellID{Row: row, Col: 0})
}

// Loaded reports whether the queue read the requests once.
func (v *View) Loaded() bool { return v.loaded }
