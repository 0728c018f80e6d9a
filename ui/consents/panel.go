package consents

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"custodia/i18n"
	"custodia/printdoc"
	"custodia/ui/kit"

	usecase "custodia/app"
	"custodia/consent"
	"custodia/vault"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Consent states shown per purpose.
const (
	StateAllowed    = "allowed"
	StateNotNeeded  = "allowed (no consent needed)"
	StateWithdrawn  = "withdrawn"
	StateExpired    = "expired"
	StateReconsent  = "needs re-consent"
	StateRefused    = "refused"
	StateNotGiven   = "not given"
	StateBlocked    = "blocked"
	StateNotCovered = "not covered"
	StateErased     = "erased (GDPR Art. 17)"
)

// Row is the state of one purpose for one patient: the view-model
// of a line of the consent panel.
type Row struct {
	Purpose consent.Purpose
	State   string
	Allowed bool
	Reason  string
	Basis   string
	// Code is why, as a code; the panel words it (Reason is the domain's
	// English text for the audit trail).
	Code consent.ReasonCode
	// Grant is the latest grant of the purpose (zero when none).
	Grant consent.GrantStatus
	// ActiveGrant is the grant event that allows the purpose now, if any.
	ActiveGrant *consent.Event
}

// rowsOf derives the state of every purpose of the catalogue for a
// patient at a time, from the ledger (never stored).
func rowsOf(l usecase.Ledger, patientID string, at time.Time) []Row {
	statuses := l.Index.Status(patientID, at)
	var out []Row
	for _, p := range l.Catalogue.Purposes() {
		d := l.Index.Allowed(patientID, p.ID, "", "", at)
		row := Row{Purpose: p, Allowed: d.Allowed, Reason: d.Reason, Basis: d.Basis, Code: d.Code}
		for _, s := range statuses {
			if s.PurposeID == p.ID {
				row.Grant = s // the newest wins: Status is oldest first
				if s.Status == "active" {
					row.ActiveGrant = findEvent(l.Events, s.GrantID)
				}
			}
		}
		row.State = consentState(p, d, row.Grant)
		out = append(out, row)
	}
	// consent-based purposes first: those are the ones staff act on
	slices.SortStableFunc(out, func(a, b Row) int {
		return cmp.Or(-cmpBool(a.Purpose.ConsentRequired, b.Purpose.ConsentRequired), cmp.Compare(a.Purpose.Name, b.Purpose.Name))
	})
	return out
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

func findEvent(events []consent.Event, id string) *consent.Event {
	for i := range events {
		if events[i].ID == id {
			e := events[i]
			return &e
		}
	}
	return nil
}

func consentState(p consent.Purpose, d consent.Decision, g consent.GrantStatus) string {
	switch {
	case d.Allowed && !p.ConsentRequired:
		return StateNotNeeded
	case d.Allowed:
		return StateAllowed
	case d.Block == consent.BlockErasure || d.Code == consent.ReasonErasedCode:
		return StateErased
	case d.Block == consent.BlockRestriction || d.Block == consent.BlockObjection:
		return StateBlocked
	}
	switch g.Status {
	case "withdrawn":
		return StateWithdrawn
	case "expired":
		return StateExpired
	case "superseded":
		return StateReconsent
	case "refused":
		return StateRefused
	case "active":
		return StateNotCovered
	}
	return StateNotGiven
}

func consentStateImportance(state string) widget.Importance {
	switch state {
	case StateAllowed, StateNotNeeded:
		return widget.SuccessImportance
	case StateExpired, StateReconsent:
		return widget.WarningImportance
	case StateWithdrawn, StateRefused, StateBlocked, StateErased:
		return widget.DangerImportance
	}
	return widget.MediumImportance
}

// Panel shows one patient's consents: the state per purpose, the
// ledger as a timeline, and Grant, Withdraw and Print receipt.
type Panel struct {
	// noEvents says the history is empty, under its bare header.
	noEvents  *widget.Label
	env       *kit.Env
	cat       *i18n.Catalog
	uc        *usecase.Session
	patientID string
	content   fyne.CanvasObject

	title    *widget.Label
	states   *kit.TextTable
	timeline *kit.TextTable
	reason   *widget.Label
	grant    *widget.Button
	withdraw *widget.Button
	receipt  *widget.Button
	// lastPage is the receipt page last offered for saving.
	lastPage printdoc.ReceiptPage
	// receiptPDF saves the receipt as PDF; LastPDFName is the name proposed.
	receiptPDF  *widget.Button
	LastPDFName string
	saveScan    *widget.Button
	status      *widget.Label
	bar         *widget.ProgressBarInfinite

	ledger   usecase.Ledger
	rows     []Row
	selected int
	// selectedEvent indexes ledger.Events (-1: none selected).
	selectedEvent int
	canWrite      bool
	// GrantForm is the last grant dialog opened.
	GrantForm *GrantForm
	// fit sizes the dialog showing the panel to its rows (Show).
	fit func()
}

// New builds the consent panel of a patient: env is the shell's, cat
// speaks the receipt in the language of the consent text, uc is the
// session's use cases. Call Reload to read the ledger.
func New(env *kit.Env, cat *i18n.Catalog, uc *usecase.Session, patientID, title string) *Panel {
	p := &Panel{env: env, cat: cat, uc: uc, patientID: patientID, selected: -1, selectedEvent: -1,
		canWrite: uc.User().Role.Can(vault.PermConsentWrite)}
	a := env
	p.title = kit.Heading(title)
	p.states = kit.NewTextTable([]string{a.T("consent.col.purpose"), a.T("consent.col.state"), a.T("consent.col.basis"),
		a.T("consent.col.since"), a.T("consent.col.until"), a.T("consent.col.text")},
		// least widths; a column grows to its header and longest cell.
		// They stay small so a long purpose name (a practice's own study,
		// "Forschung: Register chronischer Erkrankungen (Demo)") leaves
		// the table within the 1200×760 first window (issue 10).
		[]float32{200, 150, 120, 70, 70, 60})
	p.states.OnSelected = p.selectRow
	p.timeline = kit.NewTextTable([]string{a.T("consent.col.when"), a.T("consent.col.event"), a.T("consent.col.purpose"),
		a.T("consent.col.method"), a.T("consent.col.by"), a.T("consent.col.details")},
		[]float32{120, 80, 150, 70, 100, 200})
	p.timeline.OnSelected = p.selectEvent
	p.noEvents = kit.WrapLabel(a.Loc.T("consent.ledger.empty"))
	p.noEvents.Hide()
	p.reason = kit.WrapLabel(a.Loc.T("consent.selectpurpose"))
	p.grant = widget.NewButtonWithIcon(a.Loc.T("consent.grant"), theme.ContentAddIcon(), p.OpenGrant)
	p.grant.Importance = widget.HighImportance
	p.withdraw = widget.NewButtonWithIcon(a.Loc.T("consent.withdraw"), theme.ContentRemoveIcon(), p.confirmWithdraw)
	p.receipt = widget.NewButtonWithIcon(a.Loc.T("consent.receipt"), theme.DocumentSaveIcon(), p.saveReceipt)
	p.receiptPDF = kit.PDFButton(a.Loc.T("consent.receiptpdf"), p.saveReceiptPDF)
	p.saveScan = widget.NewButtonWithIcon(a.Loc.T("consent.savescan"), theme.DownloadIcon(), p.SaveScan)
	p.status = kit.WrapLabel("")
	p.status.Hide() // shown with a message only: no empty line above Close
	p.bar = kit.NewBusyBar()
	p.content = p.layout()
	p.apply()
	return p
}

func (p *Panel) layout() fyne.CanvasObject {
	buttons := container.NewHBox(p.grant, p.withdraw, p.receipt, p.receiptPDF, p.saveScan)
	top := container.NewVBox(p.title, buttons, p.bar)
	statesBox := container.NewBorder(kit.BoldLabel(p.env.Loc.T("consent.current")), p.reason, nil, nil, p.states)
	timeBox := container.NewBorder(kit.BoldLabel(p.env.Loc.T("consent.ledger")), p.noEvents, nil, nil, p.timeline)
	tables := container.New(tablesLayout{states: p.states, history: p.timeline}, statesBox, timeBox) // panelfit.go
	return container.NewBorder(top, p.status, nil, nil, tables)
}

// Reload reads the patient's ledger again.
func (p *Panel) Reload() {
	var l usecase.Ledger
	var err error
	p.env.RunBusy(p.bar, func() { l, err = p.uc.PatientLedger(p.patientID) }, func() {
		if err != nil {
			p.showProblem(err)
			return
		}
		p.ledger = l
		p.rows = rowsOf(l, p.patientID, p.uc.Now())
		p.fill()
		if p.fit != nil {
			p.fit()
		}
	})
}

func (p *Panel) showProblem(err error) {
	if errors.Is(err, usecase.ErrCatalogueEmpty) {
		p.setStatus(p.env.Loc.T("consent.nocatalogue"))
		return
	}
	p.setStatus(p.env.Loc.T("consent.loadfailed"))
	p.env.ShowError(err)
}

func (p *Panel) fill() {
	rows := make([][]kit.TableCell, len(p.rows))
	for i, r := range p.rows {
		since, until, text := "—", "—", "—"
		if r.Grant.GrantID != "" {
			since, until = kit.DateText(p.env.Loc, r.Grant.Since), kit.DateText(p.env.Loc, r.Grant.ValidUntil)
			if r.Grant.EndedBy != "" {
				until = p.env.Loc.T("consent.ended")
			}
			if r.Grant.TextVersion > 0 {
				text = p.env.Loc.T("consent.textversion", "Language", kit.LanguageLabel(p.env.Loc, r.Grant.TextLanguage), "Version", r.Grant.TextVersion)
			}
		}
		rows[i] = []kit.TableCell{{Text: kit.PurposeName(p.env.Loc, r.Purpose), Bold: true}, {Text: consentStateLabel(p.env.Loc, r.State), Imp: consentStateImportance(r.State)},
			kit.Cell(basisLabel(p.env.Loc, r.Purpose)), kit.Cell(since), kit.Cell(until), kit.Cell(text)}
	}
	p.states.SetRows(rows)
	events := timelineRows(p.env.Loc, p.ledger, p.env.Who)
	p.timeline.SetRows(events)
	p.noEvents.Hidden = len(events) > 0 // an empty history says so instead of a bare header
	p.noEvents.Refresh()
	p.selected, p.selectedEvent = -1, -1
	p.reason.SetText(p.env.T("consent.selectpurpose"))
	p.apply()
}

func timelineRows(loc *i18n.Localizer, l usecase.Ledger, who func(string) string) [][]kit.TableCell {
	out := make([][]kit.TableCell, 0, len(l.Events))
	for i := len(l.Events) - 1; i >= 0; i-- { // newest first
		e := l.Events[i]
		name := e.PurposeID
		if pu, ok := l.Catalogue.Purpose(e.PurposeID); ok {
			name = kit.PurposeName(loc, pu)
		}
		imp := widget.MediumImportance
		switch e.Type {
		case consent.Granted, consent.Renewed:
			imp = widget.SuccessImportance
		case consent.Withdrawn, consent.Refused:
			imp = widget.DangerImportance
		case consent.Expired:
			imp = widget.WarningImportance
		}
		out = append(out, []kit.TableCell{kit.Cell(kit.TimeText(loc, e.Time)), {Text: kit.EventLabel(loc, e.Type), Imp: imp}, kit.Cell(name),
			kit.Cell(kit.MethodLabel(loc, e.Method)), kit.Cell(who(e.RecordedBy)), kit.Cell(eventDetails(loc, e))})
	}
	return out
}

// eventDetails summarises an event's scope and evidence (no names: a
// representative is shown by relation).
func eventDetails(loc *i18n.Localizer, e consent.Event) string {
	var parts []string
	if e.TextVersion > 0 {
		parts = append(parts, loc.T("consent.detail.text", "Language", kit.LanguageLabel(loc, e.TextLanguage), "Version", e.TextVersion))
	}
	if len(e.Recipients) > 0 {
		parts = append(parts, loc.T("consent.detail.recipients", "List", strings.Join(kit.LabelsOf(e.Recipients, func(id string) string {
			return kit.RecipientName(loc, consent.Recipient{ID: id})
		}), ", ")))
	}
	if len(e.Categories) > 0 {
		parts = append(parts, loc.T("consent.detail.data", "List", strings.Join(kit.LabelsOf(e.Categories, func(c string) string { return kit.CategoryLabel(loc, c) }), ", ")))
	}
	for _, d := range e.Deny {
		parts = append(parts, loc.T("consent.detail.except", "List", strings.Join(kit.LabelsOf(d.Categories, func(c string) string { return kit.CategoryLabel(loc, c) }), ", ")))
	}
	if e.Representative != nil {
		parts = append(parts, loc.T("consent.detail.representative", "Relation", kit.RelationLabel(loc, e.Representative.Relation)))
	}
	if !e.ValidUntil.IsZero() {
		parts = append(parts, loc.T("consent.detail.until", "Date", kit.DateText(loc, e.ValidUntil)))
	}
	if e.RefersTo != "" {
		parts = append(parts, loc.T("consent.detail.refers"))
	}
	if e.Scan != nil {
		parts = append([]string{loc.T("consent.detail.scan")}, parts...)
	}
	return strings.Join(parts, "; ")
}

func (p *Panel) selectRow(i int) {
	p.env.Touch()
	p.selected = i
	r := p.rows[i]
	text := p.env.Loc.T("consent.reason", "Purpose", kit.PurposeName(p.env.Loc, r.Purpose), "State", consentStateLabel(p.env.Loc, r.State),
		"Reason", p.env.Loc.DecisionReason(string(r.Code)), "Basis", p.env.Loc.LawfulBasis(r.Purpose.Art6, r.Purpose.Art9))
	if r.Purpose.Description != "" {
		text += " " + kit.PurposeDescription(p.env.Loc, r.Purpose)
	}
	p.reason.SetText(text)
	p.apply()
}

// apply enables the buttons the role and the selection allow.
func (p *Panel) apply() {
	r, ok := p.Selected()
	active := ok && r.ActiveGrant != nil
	kit.SetEnabled(p.canWrite && p.ledger.Catalogue != nil, p.grant)
	kit.SetEnabled(p.canWrite && active && r.Purpose.ConsentRequired, p.withdraw)
	kit.SetEnabled(active, p.receipt, p.receiptPDF)
	_, hasScan := p.selectedScan()
	kit.SetEnabled(hasScan, p.saveScan)
	if !p.canWrite {
		p.grant.Hide()
		p.withdraw.Hide()
	}
}

// Rows returns the current state per purpose.
func (p *Panel) Rows() []Row { return p.rows }

// Row returns the state of one purpose.
func (p *Panel) Row(purposeID string) (Row, bool) {
	for _, r := range p.rows {
		if r.Purpose.ID == purposeID {
			return r, true
		}
	}
	return Row{}, false
}

// Selected returns the selected purpose row.
func (p *Panel) Selected() (Row, bool) {
	if p.selected < 0 || p.selected >= len(p.rows) {
		return Row{}, false
	}
	return p.rows[p.selected], true
}

// Select selects a purpose by id; false if it is not in the catalogue.
func (p *Panel) Select(purposeID string) bool {
	for i, r := range p.rows {
		if r.Purpose.ID == purposeID {
			p.states.Select(widget.TableCellID{Row: i, Col: 0})
			p.states.ScrollTo(widget.TableCellID{Row: i, Col: 0})
			p.selectRow(i)
			return true
		}
	}
	return false
}

// Status is the line under the panel.
func (p *Panel) Status() string { return p.status.Text }

// setStatus puts a message under the panel, and hides the line when
// there is none.
func (p *Panel) setStatus(text string) {
	p.status.SetText(text)
	if text == "" {
		p.status.Hide()
		return
	}
	p.status.Show()
}

func (p *Panel) confirmWithdraw() {
	r, ok := p.Selected()
	if !ok || r.ActiveGrant == nil {
		return
	}
	loc := p.env.Loc
	methods := []consent.Method{consent.MethodVerbal, consent.MethodPaper, consent.MethodScreen}
	label := func(m consent.Method) string { return kit.MethodLabel(loc, m) }
	method := kit.NewEscRadioGroup(kit.LabelsOf(methods, label), nil)
	method.Horizontal = true
	method.SetSelected(label(consent.MethodVerbal))
	msg := kit.WrapLabel(loc.T("consent.withdraw.confirm", "Purpose", kit.PurposeName(loc, r.Purpose)))
	body := container.NewVBox(msg, widget.NewForm(widget.NewFormItem(loc.T("consent.withdraw.received"), method)))
	d := dialog.NewCustomConfirm(loc.T("consent.withdraw.title"), loc.T("consent.withdraw.ok"), loc.T("common.cancel"), container.New(&kit.FixedWidth{Width: 460}, body), func(ok bool) {
		if m, found := kit.CodeOf(methods, label, method.Selected); ok && found {
			p.Withdraw(r.Purpose.ID, m)
		}
	}, p.env.Win)
	d.Show()
}

// Withdraw records the withdrawal of every grant of a purpose, effective
// now, in one step (the use case of package app).
func (p *Panel) Withdraw(purposeID string, m consent.Method) {
	var err error
	p.env.RunBusy(p.bar, func() { _, err = p.uc.WithdrawConsent(p.patientID, purposeID, "", m) }, func() {
		if err != nil {
			p.setStatus(p.env.Loc.T("consent.notrecorded"))
			p.env.ShowError(err)
			return
		}
		p.setStatus(p.env.Loc.T("consent.withdrawn"))
		p.Reload()
	})
}

// OpenGrant shows the grant dialog, preselecting the selected purpose.
func (p *Panel) OpenGrant() {
	if p.ledger.Catalogue == nil {
		return
	}
	purpose := ""
	if r, ok := p.Selected(); ok {
		purpose = r.Purpose.ID
	}
	p.GrantForm = newGrantForm(p, purpose)
	p.GrantForm.show()
}

// Receipt builds the Kantara consent receipt of the selected purpose's
// active grant.
func (p *Panel) Receipt() (consent.Receipt, error) {
	r, ok := p.Selected()
	if !ok || r.ActiveGrant == nil {
		return consent.Receipt{}, fmt.Errorf("no active grant selected: %w", consent.ErrNotFound)
	}
	ctrl, err := p.uc.Controller()
	if err != nil {
		return consent.Receipt{}, err
	}
	lang := r.ActiveGrant.TextLanguage
	if lang == "" {
		lang = "en"
	}
	return consent.NewReceipt(p.ledger.Catalogue, consent.ReceiptInput{Controller: ctrl, Jurisdiction: ctrl.Country,
		PolicyURL: ctrl.URL, Language: lang, Service: p.cat.Localizer(lang).T("consent.receipt.service", "Name", ctrl.Name), Events: []consent.Event{*r.ActiveGrant}, Ledger: p.ledger.Events})
}

// WriteReceipt writes the printable receipt page of the selected grant,
// in the desktop's language.
func (p *Panel) WriteReceipt(w io.Writer) error {
	d, err := p.receiptPage()
	if err != nil {
		return err
	}
	return printdoc.ReceiptHTML(w, p.env.Loc, d)
}

// receiptPage is the selected grant's receipt with the grant and
// catalogue that word its page.
func (p *Panel) receiptPage() (printdoc.ReceiptPage, error) {
	rc, err := p.Receipt()
	if err != nil {
		return printdoc.ReceiptPage{}, err
	}
	r, _ := p.Selected()
	return printdoc.ReceiptPage{Receipt: rc, Grants: []consent.Event{*r.ActiveGrant}, Catalogue: p.ledger.Catalogue}, nil
}

func (p *Panel) saveReceipt() {
	d, err := p.receiptPage()
	if err != nil {
		p.env.ShowError(err)
		return
	}
	kit.LoadPerson(p.env, p.uc, p.patientID, func(who printdoc.Person) {
		d.Patient = who // the page names the patient as the receipt PDF does
		p.saveReceiptAs(d)
	})
}

// saveReceiptAs offers the receipt page (or, for a .json name, the Kantara
// receipt) under a name with the patient and the day of the consent.
func (p *Panel) saveReceiptAs(d printdoc.ReceiptPage) {
	p.lastPage = d
	rc := d.Receipt
	name := strings.TrimSuffix(kit.PDFFileName(p.env.T("consent.receipt.file"), d.Patient.Name(), time.Unix(rc.ConsentTimestamp, 0).In(time.Local)), ".pdf") + ".html"
	var path string
	write := func(out io.Writer) error {
		if strings.EqualFold(filepath.Ext(path), ".json") {
			return writeReceiptJSON(out, rc)
		}
		return printdoc.ReceiptHTML(out, p.env.Loc, d)
	}
	kit.SaveDocumentAs(p.env, name, []string{".html", ".json"}, func(chosen string) func(io.Writer) error {
		path = chosen
		return write
	}, func(saved string) {
		p.setStatus(p.env.Loc.T("consent.receipt.saved", "Path", saved))
		if app := fyne.CurrentApp(); app != nil {
			_ = app.OpenURL(&url.URL{Scheme: "file", Path: saved})
		}
	})
}

// writeReceiptJSON writes the Kantara v1.1 receipt as JSON (choose a
// .json file name in the save dialog).
func writeReceiptJSON(w io.Writer, rc consent.Receipt) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rc)
}

// Show opens the consent panel of a patient in a dialog over the window
// (the shell closes it with every dialog on Lock) and reads the ledger.
func Show(env *kit.Env, cat *i18n.Catalog, uc *usecase.Session, patientID, title string) *Panel {
	p := New(env, cat, uc, patientID, title)
	d := dialog.NewCustom(env.T("consent.title"), env.T("common.close"), p.content, env.Win)
	// every purpose and history row where the window allows, no column cut
	// (resized again once the rows are read: Reload)
	p.fit = func() { d.Resize(kit.FitDialogTo(env.Win, p.want(), fyne.NewSize(1000, 560))) }
	p.fit()
	d.Show()
	p.Reload()
	return p
}

// basisLabel names a purpose's lawful basis for the table, in the
// current language: the special-category ground (Art. 9(2)) when the
// purpose has one, else the Art. 6(1) ground ("Gesundheitsversorgung").
// The selected row's line below cites the articles in full.
func basisLabel(loc *i18n.Localizer, p consent.Purpose) string {
	article, point := "art6", p.Art6
	if p.Art9 != "" {
		article, point = "art9", p.Art9
	}
	if id := i18n.BasisID(article, point); loc.Has(id) {
		return loc.T(id)
	}
	return loc.LawfulBasis(p.Art6, p.Art9)
}

// consentStateIDs are the message ids of the Consent* states.
var consentStateIDs = map[string]string{
	StateAllowed: "consent.state.allowed", StateNotNeeded: "consent.state.notneeded", StateWithdrawn: "consent.state.withdrawn",
	StateExpired: "consent.state.expired", StateReconsent: "consent.state.reconsent", StateRefused: "consent.state.refused",
	StateNotGiven: "consent.state.notgiven", StateBlocked: "consent.state.blocked", StateNotCovered: "consent.state.notcovered",
	StateErased: "consent.state.erased",
}

// consentStateLabel words a Consent* state in the current language.
func consentStateLabel(loc *i18n.Localizer, state string) string {
	if id, ok := consentStateIDs[state]; ok {
		return loc.T(id)
	}
	return state
}

// Busy reports whether the panel is reading or writing the ledger.
func (p *Panel) Busy() bool { return p.bar.Visible() }

// PatientID is whose consents the panel shows.
func (p *Panel) PatientID() string { return p.patientID }

// PurposeTable is the table of the state per purpose; for the layout test.
func (p *Panel) PurposeTable() *kit.TextTable { return p.states }
