package ui

import (
	"cmp"
	"custodia/i18n"
	"custodia/ui/kit"
	"slices"
	"time"

	usecase "custodia/app"
	"custodia/consent"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// SectionRequests is the data-subject request queue.
const SectionRequests = "Requests"

// Queue filter choices.
const (
	filterAllTypes = "All types"
	filterOpen     = "Open"
	filterAll      = "All states"
)

// QueueFilter selects the requests the queue shows.
type QueueFilter struct {
	Type consent.RequestType // "" = every type
	// State is filterOpen, filterAll or a consent.State.
	State       string
	OverdueOnly bool
}

// FilterRequests applies a filter at a time and sorts by due date (the
// most urgent first), then id.
func FilterRequests(reqs []consent.Request, f QueueFilter, now time.Time) []consent.Request {
	var out []consent.Request
	for _, r := range reqs {
		switch {
		case f.Type != "" && r.Type != f.Type:
		case f.State == filterOpen && !r.Open():
		case f.State != "" && f.State != filterOpen && f.State != filterAll && string(r.State) != f.State:
		case f.OverdueOnly && r.Clock(now) != consent.ClockRed:
		default:
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b consent.Request) int { return cmp.Or(a.Due().Compare(b.Due()), cmp.Compare(a.ID, b.ID)) })
	return out
}

// DeadlineText says how much time is left, in words.
func DeadlineText(loc *i18n.Localizer, r consent.Request, now time.Time) string {
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
	case filterAllTypes:
		return loc.T("requests.filter.alltypes")
	case filterOpen:
		return loc.T("requests.filter.open")
	case filterAll:
		return loc.T("requests.filter.allstates")
	}
	if slices.Contains(requestTypes, consent.RequestType(code)) {
		return kit.RequestKindLabel(loc, consent.RequestType(code))
	}
	return kit.RequestStateLabel(loc, consent.State(code))
}

// RequestsView is the request queue with filters on the left and the
// selected request's detail on the right.
type RequestsView struct {
	app     *App
	uc      *usecase.Session
	content fyne.CanvasObject

	typeSel  *kit.CodeSelect
	stateSel *kit.CodeSelect
	overdue  *widget.Check
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

func newRequestsView(a *App, s ConsentSession) *RequestsView {
	v := &RequestsView{app: a, uc: a.useCases(s)}
	label := func(c string) string { return filterLabel(a.env.Loc, c) }
	types := []string{filterAllTypes}
	for _, t := range requestTypes {
		types = append(types, string(t))
	}
	v.typeSel = kit.NewCodeSelect(types, label, func(string) { v.applyFilter() })
	v.typeSel.SetSelected(filterAllTypes)
	states := []string{filterOpen, filterAll}
	for _, st := range consent.States() {
		states = append(states, string(st))
	}
	v.stateSel = kit.NewCodeSelect(states, label, func(string) { v.applyFilter() })
	v.stateSel.SetSelected(filterOpen)
	v.overdue = widget.NewCheck(a.env.Loc.T("requests.overdueonly"), func(bool) { v.applyFilter() })
	v.newBtn = widget.NewButtonWithIcon(a.env.Loc.T("requests.new"), theme.ContentAddIcon(), v.OpenIntake)
	v.newBtn.Importance = widget.HighImportance
	if !v.uc.Can(consent.PermIntake) {
		v.newBtn.Hide()
	}
	v.reload = widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), v.Reload)
	v.names = newSubjectNames(v.app, v.uc, v.nameArrived)
	if v.names.allowed {
		// The name tells rows apart; the id is in the detail pane.
		v.table = kit.NewTextTable([]string{a.T("requests.col.deadline"), a.T("requests.col.type"), a.T("requests.col.name"),
			a.T("requests.col.received"), a.T("requests.col.due"), a.T("requests.col.why"), a.T("requests.col.state")},
			[]float32{152, 100, 158, 102, 102, 236, 92})
		v.table.OnRowShown = v.rowShown
	} else {
		v.table = kit.NewTextTable([]string{a.T("requests.col.deadline"), a.T("requests.col.type"), a.T("requests.col.subject"),
			a.T("requests.col.received"), a.T("requests.col.due"), a.T("requests.col.why"), a.T("requests.col.state")},
			[]float32{132, 106, 110, 102, 102, 236, 96})
	}
	v.table.OnSelected = v.open
	v.summary = widget.NewLabel("")
	v.bar = kit.NewBusyBar()
	v.empty = kit.Centered(kit.WrapLabel(a.env.Loc.T("requests.empty")), 360)
	v.detail = container.NewStack(v.empty)
	v.content = v.layout()
	return v
}

func (v *RequestsView) layout() fyne.CanvasObject {
	filters := container.NewHBox(v.typeSel, v.stateSel, v.overdue, kit.Spacer(), v.reload, v.newBtn)
	top := container.NewVBox(filters, v.bar)
	left := container.NewBorder(top, v.summary, nil, nil, v.table)
	split := container.NewHSplit(left, v.detail)
	split.Offset = 0.64
	return split
}

func (v *RequestsView) activate() {
	if !v.loaded {
		v.loaded = true
		v.Reload()
	}
}

// Reload reads every request again and keeps the selection if it still exists.
func (v *RequestsView) Reload() {
	var reqs []consent.Request
	var err error
	v.app.env.RunBusy(v.bar, func() {
		reqs, err = v.uc.Requests(consent.RequestFilter{})
	}, func() {
		if err != nil {
			v.summary.SetText(v.app.env.Loc.T("requests.loadfailed"))
			v.app.env.ShowError(err)
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

// Filter returns the filter the controls hold.
func (v *RequestsView) Filter() QueueFilter {
	f := QueueFilter{State: v.stateSel.Code(), OverdueOnly: v.overdue.Checked}
	if v.typeSel.Code() != filterAllTypes {
		f.Type = consent.RequestType(v.typeSel.Code())
	}
	return f
}

func (v *RequestsView) applyFilter() {
	if v.table == nil {
		return
	}
	now := v.uc.Now()
	v.shown = FilterRequests(v.all, v.Filter(), now)
	rows := make([][]kit.TableCell, len(v.shown))
	for i, r := range v.shown {
		c := r.Clock(now)
		loc := v.app.env.Loc
		row := []kit.TableCell{{Text: DeadlineText(loc, r, now), Imp: kit.ClockImportance(c), Bold: c == consent.ClockRed},
			kit.Cell(loc.Label("requestshort", string(r.Type), kit.RequestKindLabel(loc, r.Type)))}
		if v.names.allowed {
			row = append(row, kit.Cell(v.names.cell(r.SubjectID)))
		} else {
			row = append(row, kit.Cell(kit.IDTail(r.SubjectID)))
		}
		rows[i] = append(row, kit.Cell(kit.DateText(loc, r.ReceivedAt)), kit.Cell(kit.DateText(loc, r.Due())), kit.Cell(dueRuleText(loc, r)), kit.Cell(kit.RequestStateLabel(loc, r.State)))
	}
	v.table.SetRows(rows)
	v.summary.SetText(v.app.env.Loc.T("requests.summary", "Shown", v.app.env.Loc.Int(len(v.shown)), "Open", v.app.env.Loc.Int(countOpen(v.all)),
		"Overdue", v.app.env.Loc.Int(len(consent.Overdue(v.all, now)))))
}

// nameCol is the column of subject names.
const nameCol = 2

// rowShown asks for the name of a visible row's subject.
func (v *RequestsView) rowShown(row int) {
	if row < len(v.shown) {
		v.names.want(v.shown[row].SubjectID)
	}
}

// nameArrived writes a loaded name into the rows of that subject and the
// open detail.
func (v *RequestsView) nameArrived(id string) {
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
func (v *RequestsView) SubjectName(row int) string {
	if !v.names.allowed {
		return ""
	}
	return v.table.Cell(row, nameCol)
}

// Columns returns the table's headers.
func (v *RequestsView) Columns() []string { return v.table.Headers() }

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
func (v *RequestsView) Shown() []consent.Request { return v.shown }

// RowClock returns the colour of a row's deadline cell.
func (v *RequestsView) RowClock(row int) widget.Importance { return v.table.CellImportance(row, 0) }

// SetFilter sets the controls; for tests and the tour.
func (v *RequestsView) SetFilter(f QueueFilter) {
	if f.Type == "" {
		v.typeSel.SetSelected(filterAllTypes)
	} else {
		v.typeSel.SetSelected(string(f.Type))
	}
	if f.State == "" {
		f.State = filterOpen
	}
	v.stateSel.SetSelected(f.State)
	v.overdue.SetChecked(f.OverdueOnly)
	v.applyFilter()
}

func (v *RequestsView) open(row int) {
	v.app.Touch()
	if row < 0 || row >= len(v.shown) {
		return
	}
	v.Show(v.shown[row].ID)
}

// Show opens a request's detail by id.
func (v *RequestsView) Show(id string) {
	d := newRequestDetail(v, id)
	v.Detail = d
	v.detail.Objects = []fyne.CanvasObject{d.content}
	v.detail.Refresh()
	d.Reload()
}

// Select selects a row of the table; for the tour.
func (v *RequestsView) Select(row int) {
	v.table.Select(widget.TableCellID{Row: row, Col: 0})
}
