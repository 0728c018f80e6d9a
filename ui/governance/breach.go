package governance

import (
	"custodia/i18n"
	"custodia/ui/kit"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	usecase "custodia/app"
	"custodia/consent"
	"custodia/printdoc"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// DateTimeLayout is an ISO moment (local time) the breach forms accept
// besides the reader's own form (kit.ParseDateTimeInput); tests and the
// tour type it.
const DateTimeLayout = "2006-01-02 15:04"

// BreachCountdown says how long is left of the 72 hours to notify the
// supervisory authority (Art. 33(1)), how late it is, or that the
// authority part is settled.
func BreachCountdown(loc *i18n.Localizer, b consent.Breach, now time.Time) string {
	if b.Clock(now) == consent.ClockClosed {
		if !b.AuthorityNotifiedAt.IsZero() {
			return loc.T("governance.breach.notified", "Date", kit.TimeText(loc, b.AuthorityNotifiedAt))
		}
		return loc.T("governance.breach.settled")
	}
	left := b.Remaining(now)
	if left <= 0 {
		return loc.T("governance.breach.late", "Time", hoursMinutes(-left))
	}
	return loc.T("governance.breach.left", "Time", hoursMinutes(left))
}

// approxText is an approximate count, "unknown" in words.
func approxText(loc *i18n.Localizer, a consent.Approx) string {
	if !a.Known() {
		return loc.T("governance.unknown")
	}
	return loc.Int(a.N())
}

func hoursMinutes(d time.Duration) string {
	d = d.Round(time.Minute)
	return fmt.Sprintf("%d h %02d min", int(d.Hours()), int(d.Minutes())%60)
}

// BreachView is the breach log (Art. 33(5)) with each entry's countdown.
type BreachView struct {
	env     *kit.Env
	uc      *usecase.Session
	content fyne.CanvasObject

	table  *kit.TextTable
	add    *widget.Button
	notify *widget.Button
	notice *widget.Button
	// noticePDF and letterPDF save the Art. 33 notice and the Art. 34
	// letter as PDF; LastPDFName is the name last proposed.
	noticePDF   *widget.Button
	letterPDF   *widget.Button
	LastPDFName string
	reload      *widget.Button
	details     *widget.Label
	status      *widget.Label
	bar         *widget.ProgressBarInfinite

	list     []consent.Breach
	selected int
	loaded   bool
	// Form is the last "Record breach" dialog opened.
	Form *BreachForm
}

func newBreachView(a *kit.Env, uc *usecase.Session) *BreachView {
	v := &BreachView{env: a, uc: uc, selected: -1}
	v.table = kit.NewTextTable([]string{a.T("governance.breach.col.deadline"), a.T("governance.breach.col.aware"), a.T("governance.breach.col.risk"),
		a.T("governance.breach.col.nature"), a.T("governance.breach.col.patients")},
		[]float32{200, 140, 80, 150, 80}) // the description reads whole under the table (too long for a column)
	v.table.OnSelected = v.selectRow
	v.add = widget.NewButtonWithIcon(a.Loc.T("governance.breach.add"), theme.ContentAddIcon(), v.OpenForm)
	v.add.Importance = widget.HighImportance
	v.notify = widget.NewButtonWithIcon(a.Loc.T("governance.breach.notify"), theme.MailSendIcon(), v.openNotify)
	v.notice = widget.NewButtonWithIcon(a.Loc.T("governance.breach.notice"), theme.DocumentSaveIcon(), v.saveNotice)
	v.noticePDF = kit.PDFButton(a.Loc.T("governance.breach.noticepdf"), v.SaveAuthorityPDF)
	v.letterPDF = kit.PDFButton(a.Loc.T("governance.breach.letterpdf"), v.SaveSubjectLetterPDF)
	v.reload = widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), v.Reload)
	v.details = kit.WrapLabel("")
	v.status = kit.WrapLabel("")
	v.bar = kit.NewBusyBar()
	// two rows: the documents' buttons are too wide for one row next to the title in German
	top := container.NewVBox(container.NewHBox(kit.BoldLabel(a.Loc.T("governance.breach.title")), kit.Spacer(), v.reload, v.add),
		container.NewHBox(kit.Spacer(), v.notice, v.noticePDF, v.letterPDF, v.notify), v.bar)
	v.content = container.NewBorder(top, container.NewVBox(v.details, v.status), nil, nil, v.table)
	v.apply()
	return v
}

// Activate reads the data the first time the tab is shown.
func (v *BreachView) Activate() {
	if !v.loaded {
		v.loaded = true
		v.Reload()
	}
}

// Reload reads the log.
func (v *BreachView) Reload() {
	var bs []consent.Breach
	var err error
	v.env.RunBusy(v.bar, func() { bs, err = v.uc.Breaches() }, func() {
		if err != nil {
			v.env.ShowError(err)
			return
		}
		keep, _ := v.Breach(v.selected) // stays selected when still listed
		v.list = bs
		v.fill(keep.ID)
	})
}

func (v *BreachView) fill(keep string) {
	now := v.uc.Now()
	rows := make([][]kit.TableCell, len(v.list))
	for i := range v.list {
		b := v.list[len(v.list)-1-i] // newest first
		c := b.Clock(now)
		loc := v.env.Loc
		rows[i] = []kit.TableCell{{Text: BreachCountdown(loc, b, now), Imp: kit.ClockImportance(c), Bold: c == consent.ClockRed},
			kit.Cell(kit.TimeText(loc, b.AwareAt)), kit.Cell(loc.Label("risk", b.Risk, "")),
			kit.Cell(strings.Join(kit.LabelsOf(b.Nature, func(n string) string { return loc.Label("nature", n, "") }), ", ")),
			kit.Cell(approxText(loc, b.SubjectsApprox))}
	}
	v.table.SetRows(rows)
	v.selected = -1
	v.details.SetText(v.env.Loc.N("governance.breach.summary", len(v.list)))
	v.apply()
	if len(rows) > 0 {
		v.preselect(v.rowOf(keep))
	}
}

// rowOf is the table row of the breach with id, the first row (the
// newest) when it is gone or id is "".
func (v *BreachView) rowOf(id string) int {
	for row := range v.list {
		if b, _ := v.Breach(row); id != "" && b.ID == id {
			return row
		}
	}
	return 0
}

// preselect selects a row as the list loads, so the breach's description
// reads under the table without a click (and the actions are ready); it
// is no user activity for the idle lock.
func (v *BreachView) preselect(row int) {
	on := v.table.OnSelected
	v.table.OnSelected = nil
	v.table.Select(widget.TableCellID{Row: row})
	v.table.OnSelected = on
	v.showRow(row)
}

// Breach returns the entry of a table row (newest first).
func (v *BreachView) Breach(row int) (consent.Breach, bool) {
	if row < 0 || row >= len(v.list) {
		return consent.Breach{}, false
	}
	return v.list[len(v.list)-1-row], true
}

// Rows is the number of entries shown.
func (v *BreachView) Rows() int { return v.table.Len() }

// Countdown returns the text of a row's countdown cell.
func (v *BreachView) Countdown(row int) string { return v.table.Cell(row, 0) }

func (v *BreachView) selectRow(i int) {
	v.env.Touch()
	v.showRow(i)
}

// showRow puts a breach's description and details under the table.
func (v *BreachView) showRow(i int) {
	v.selected = i
	b, _ := v.Breach(i)
	loc := v.env.Loc
	v.details.SetText(loc.T("governance.breach.described", "Text", b.Description) + "\n" + loc.T("governance.breach.details", "Deadline", kit.TimeText(loc, b.Deadline()), "Patients", approxText(loc, b.SubjectsApprox),
		"Records", approxText(loc, b.RecordsApprox), "Measures", clause(b.Measures), "Consequences", clause(consequencesText(loc, b.Consequences)),
		"Decision", decisionLabel(loc, b.SubjectsDecision), "Reference", kit.OrDash(b.AuthorityReference)))
	v.apply()
}

func (v *BreachView) apply() {
	// Recording stays open after the authority was notified: the Art. 34
	// decision or the authority's reference may come later.
	b, ok := v.Breach(v.selected)
	kit.SetEnabled(ok, v.notify, v.notice, v.noticePDF)
	kit.SetEnabled(ok && b.SubjectsDecision == consent.SubjNotify, v.letterPDF)
}

// OpenForm shows the "Record breach" dialog.
func (v *BreachView) OpenForm() {
	v.Form = newBreachForm(v)
	v.Form.show()
}

// put stores an entry and reloads.
func (v *BreachView) put(b consent.Breach, done string, after func(error)) {
	var err error
	v.env.RunBusy(v.bar, func() { _, err = v.uc.SaveBreach(b) }, func() {
		after(err)
		if err == nil {
			v.status.SetText(done)
			v.Reload()
		}
	})
}

func (v *BreachView) openNotify() {
	b, ok := v.Breach(v.selected)
	if !ok {
		return
	}
	at := kit.NewEscEntry()
	loc := v.env.Loc
	at.SetText(kit.DateTimeInput(loc, v.uc.Now()))
	if !b.AuthorityNotifiedAt.IsZero() {
		at.SetText(kit.DateTimeInput(loc, b.AuthorityNotifiedAt))
	}
	ref := kit.NewEscEntry()
	ref.SetPlaceHolder(loc.T("governance.breach.ref.placeholder"))
	ref.SetText(b.AuthorityReference)
	delay := kit.NewEscMultiLineEntry()
	delay.SetPlaceHolder(loc.T("governance.breach.delay.placeholder"))
	delay.SetText(b.DelayReason)
	subj := newDecisionSelect(loc, b.SubjectsDecision)
	form := widget.NewForm(widget.NewFormItem(loc.T("governance.breach.notifiedat"), at), widget.NewFormItem(loc.T("governance.breach.ref"), ref),
		widget.NewFormItem(loc.T("governance.breach.delay"), delay), widget.NewFormItem(loc.T("governance.breach.subjects"), subj.EscSelect))
	d := dialog.NewCustomConfirm(loc.T("governance.breach.notify.title"), loc.T("requests.record"), loc.T("common.cancel"), container.New(&kit.FixedWidth{Width: 520}, form), func(yes bool) {
		if !yes {
			return
		}
		t, ok := kit.ParseDateTimeInput(loc, at.Text)
		if !ok {
			v.env.ShowError(&consent.ValidationError{Fields: []consent.FieldError{{Field: loc.T("governance.breach.notifiedat"), Message: loc.T("governance.want.datetime", "Example", kit.DateTimeExample(loc))}}})
			return
		}
		b.AuthorityNotifiedAt, b.AuthorityReference, b.DelayReason = t, strings.TrimSpace(ref.Text), delay.Text
		b.SubjectsDecision = subj.Code()
		v.put(b, loc.T("governance.breach.notify.done"), func(err error) {
			if err != nil {
				v.env.ShowError(err)
			}
		})
	}, v.env.Win)
	kit.ConfirmOnEnter(d, form)
	d.Show()
}

func (v *BreachView) saveNotice() {
	b, ok := v.Breach(v.selected)
	if !ok {
		return
	}
	ctrl, err := v.uc.Controller()
	if err != nil {
		v.env.ShowError(err)
		return
	}
	var buf strings.Builder
	if err := printdoc.AuthorityNoticeText(&buf, v.env.Loc, b, ctrl, v.uc.Now()); err != nil {
		v.env.ShowError(err)
		return
	}
	name := strings.TrimSuffix(kit.PDFFileName(v.env.T("governance.breach.notice.file"), kit.BreachDay(v.env.Loc, b), v.uc.Now()), ".pdf") + ".txt"
	kit.SaveDocument(v.env, name, ".txt", func(w io.Writer) error {
		_, err := io.WriteString(w, buf.String())
		return err
	}, func(path string) {
		v.status.SetText(v.env.Loc.T("governance.breach.notice.saved", "Path", path))
	})
}

var breachNatures = []string{"confidentiality", "integrity", "availability"}

// BreachForm records a breach; the 72-hour clock starts at "aware".
type BreachForm struct {
	view *BreachView
	dlg  dialog.Dialog

	aware        *kit.EscEntry
	occurred     *kit.EscEntry
	nature       *kit.EscCheckGroup
	description  *kit.EscEntry
	categories   *kit.CheckGrid
	subjects     *kit.EscEntry
	records      *kit.EscEntry
	consequences *kit.EscEntry
	measures     *kit.EscEntry
	risk         *kit.CodeSelect
	reason       *kit.EscEntry
	problem      *widget.Label
	save         *widget.Button
}

func newBreachForm(v *BreachView) *BreachForm {
	f := &BreachForm{view: v}
	f.aware = kit.NewEscEntry()
	loc := v.env.Loc
	f.aware.SetText(kit.DateTimeInput(loc, v.uc.Now()))
	f.occurred = kit.NewEscEntry()
	f.occurred.SetPlaceHolder(loc.T("governance.breach.occurred.placeholder", "Example", kit.DateTimeExample(loc)))
	f.nature = kit.NewEscCheckGroup(kit.LabelsOf(breachNatures, f.natureLabel), nil)
	f.nature.Horizontal = true
	f.description = kit.NewEscMultiLineEntry()
	f.description.SetPlaceHolder(loc.T("governance.breach.description.placeholder"))
	f.description.SetMinRowsVisible(2)
	f.categories = kit.NewCheckGrid(consent.DataCategories(), 3, func(c string) string { return kit.CategoryLabel(loc, c) })
	f.subjects = kit.NewEscEntry()
	f.subjects.SetPlaceHolder(loc.T("governance.breach.approx.placeholder"))
	f.records = kit.NewEscEntry()
	f.records.SetPlaceHolder(loc.T("governance.breach.approx.placeholder"))
	f.consequences = kit.NewEscMultiLineEntry()
	f.consequences.SetPlaceHolder(loc.T("governance.breach.consequences.placeholder"))
	f.consequences.SetMinRowsVisible(2)
	f.measures = kit.NewEscMultiLineEntry()
	f.measures.SetMinRowsVisible(2)
	f.risk = kit.NewCodeSelect([]string{consent.RiskUnlikely, consent.RiskRisk, consent.RiskHigh}, func(r string) string { return loc.Label("risk", r, "") }, nil)
	f.risk.SetSelected(consent.RiskRisk)
	f.reason = kit.NewEscMultiLineEntry()
	f.reason.SetPlaceHolder(loc.T("governance.breach.reason.placeholder"))
	f.problem = kit.WrapLabel("")
	f.problem.Importance = widget.DangerImportance
	f.save = widget.NewButton(loc.T("governance.breach.record"), f.Submit)
	f.save.Importance = widget.HighImportance
	return f
}

func (f *BreachForm) show() {
	loc := f.view.env.Loc
	form := widget.NewForm(
		widget.NewFormItem(loc.T("governance.breach.col.aware"), f.aware),
		widget.NewFormItem(loc.T("governance.breach.occurred"), f.occurred),
		widget.NewFormItem(loc.T("governance.breach.col.nature"), f.nature),
		widget.NewFormItem(loc.T("governance.breach.col.description"), f.description),
		widget.NewFormItem(loc.T("governance.breach.data"), f.categories.Box),
		widget.NewFormItem(loc.T("governance.breach.patientsapprox"), f.subjects),
		widget.NewFormItem(loc.T("governance.breach.recordsapprox"), f.records),
		widget.NewFormItem(loc.T("governance.breach.consequences"), f.consequences),
		widget.NewFormItem(loc.T("governance.breach.measures"), f.measures),
		widget.NewFormItem(loc.T("governance.breach.col.risk"), f.risk.EscSelect),
		widget.NewFormItem(loc.T("governance.breach.reasoning"), f.reason),
	)
	kit.SubmitOnEnter(f.save, form)
	bottom := container.NewVBox(f.problem, container.NewHBox(kit.Spacer(), f.save))
	body, need := kit.DialogBody(form, bottom)
	f.dlg = dialog.NewCustom(loc.T("governance.breach.form.title"), loc.T("common.cancel"), body, f.view.env.Win)
	f.dlg.Resize(kit.FitDialogTo(f.view.env.Win, need, fyne.NewSize(640, 480))) // the whole form, scrolling only in a small window
	f.dlg.Show()
}

// Fill sets the main fields; for tests and the tour.
func (f *BreachForm) Fill(aware string, nature []string, description, measures, risk string) {
	f.aware.SetText(aware)
	f.nature.SetSelected(kit.LabelsOf(nature, f.natureLabel))
	f.description.SetText(description)
	f.measures.SetText(measures)
	f.risk.SetSelected(risk)
}

// Problem is the error line.
func (f *BreachForm) Problem() string { return f.problem.Text }

// Breach returns the entry the form describes, or the fields in error.
func (f *BreachForm) Breach() (consent.Breach, error) {
	uc := f.view.uc
	loc := f.view.env.Loc
	var natures []string
	for _, n := range breachNatures {
		if slices.Contains(f.nature.Selected, f.natureLabel(n)) {
			natures = append(natures, n)
		}
	}
	b := consent.Breach{ID: consent.NewID(), RecordedBy: uc.Actor().UserID, Nature: natures,
		Description: strings.TrimSpace(f.description.Text), DataCategories: f.categories.Selected(),
		Consequences: f.consequencesInput(), Measures: strings.TrimSpace(f.measures.Text),
		Risk: f.risk.Code(), DecisionReason: strings.TrimSpace(f.reason.Text)}
	var fe []consent.FieldError
	var err error
	var ok bool
	if b.AwareAt, ok = kit.ParseDateTimeInput(loc, f.aware.Text); !ok {
		fe = append(fe, consent.FieldError{Field: loc.T("governance.breach.col.aware"), Message: loc.T("governance.want.datetime", "Example", kit.DateTimeExample(loc))})
	} else if b.AwareAt.After(uc.Now()) {
		fe = append(fe, consent.FieldError{Field: loc.T("governance.breach.col.aware"), Message: loc.T("governance.want.past")})
	}
	if s := strings.TrimSpace(f.occurred.Text); s != "" {
		if b.OccurredAt, ok = kit.ParseDateTimeInput(loc, s); !ok {
			fe = append(fe, consent.FieldError{Field: loc.T("governance.breach.occurred"), Message: loc.T("governance.want.datetime", "Example", kit.DateTimeExample(loc))})
		}
	}
	if b.SubjectsApprox, err = consent.ParseApprox(f.approxInput(f.subjects.Text)); err != nil {
		fe = append(fe, consent.FieldError{Field: loc.T("governance.breach.patientsapprox"), Message: loc.T("governance.want.number")})
	}
	if b.RecordsApprox, err = consent.ParseApprox(f.approxInput(f.records.Text)); err != nil {
		fe = append(fe, consent.FieldError{Field: loc.T("governance.breach.recordsapprox"), Message: loc.T("governance.want.number")})
	}
	if b.Measures == "" {
		fe = append(fe, consent.FieldError{Field: loc.T("governance.breach.measures"), Message: loc.T("governance.want.measures")})
	}
	var ve *consent.ValidationError
	if err := b.Validate(); errors.As(err, &ve) {
		for _, x := range ve.Fields {
			if x.Field != "awareAt" || len(fe) == 0 {
				fe = append(fe, x)
			}
		}
	} else if err != nil {
		return b, err
	}
	if len(fe) > 0 {
		return b, &consent.ValidationError{Fields: fe}
	}
	return b, nil
}

// Submit stores the entry.
func (f *BreachForm) Submit() {
	b, err := f.Breach()
	if err != nil {
		f.problem.SetText(kit.Describe(f.view.env.Loc, err).Message)
		return
	}
	f.problem.SetText("")
	f.save.Disable()
	f.view.put(b, f.view.env.Loc.T("governance.breach.recorded", "Date", kit.TimeText(f.view.env.Loc, b.Deadline())), func(err error) {
		f.save.Enable()
		if err != nil {
			f.problem.SetText(kit.Describe(f.view.env.Loc, err).Message)
			return
		}
		if f.dlg != nil {
			f.dlg.Hide()
		}
	})
}

// decisionCodes are the Art. 34 decisions the notify dialog offers, shown
// by their plain names (labels.subjects.<code>).
var decisionCodes = []string{consent.SubjNotify, consent.SubjNotRequired, consent.SubjExemptCrypto, consent.SubjExemptMeasures, consent.SubjExemptEffort}

func newDecisionSelect(loc *i18n.Localizer, current string) *kit.CodeSelect {
	s := kit.NewCodeSelect(decisionCodes, func(c string) string { return decisionLabel(loc, c) }, nil)
	s.PlaceHolder = loc.T("governance.breach.undecided")
	s.SetSelected(current)
	return s
}

// decisionLabel words an Art. 34 decision ("" : not decided yet).
func decisionLabel(loc *i18n.Localizer, code string) string {
	if code == "" {
		return loc.T("governance.breach.undecided")
	}
	return loc.Label("subjects", code, consent.SubjectsDecisionText(code))
}

func (f *BreachForm) natureLabel(n string) string { return f.view.env.Loc.Label("nature", n, "") }

// approxInput maps the word for "unknown" in the current language to
// what consent.ParseApprox reads as unknown.
func (f *BreachForm) approxInput(s string) string {
	if strings.EqualFold(strings.TrimSpace(s), f.view.env.T("governance.unknown")) {
		return ""
	}
	return s
}

// consequencesInput is the consequences as typed, the word for "unknown"
// in the current language stored as the breach log's "unknown".
func (f *BreachForm) consequencesInput() string {
	s := strings.TrimSpace(f.consequences.Text)
	if strings.EqualFold(s, f.view.env.T("governance.unknown")) {
		return "unknown"
	}
	return s
}

// Busy reports whether the breach log is reading or saving.
func (v *BreachView) Busy() bool { return v.bar.Visible() }

// SelectRow selects a row of the breach log and shows its details.
func (v *BreachView) SelectRow(i int) { v.table.Select(widget.TableCellID{Row: i}); v.selectRow(i) }

// SetSubjects types the number of affected patients.
func (f *BreachForm) SetSubjects(text string) { f.subjects.SetText(text) }

// DescriptionEntry is the description field (where a person starts typing).
func (f *BreachForm) DescriptionEntry() *kit.EscEntry { return f.description }

// Table is the breach log's table (read-only use).
func (v *BreachView) Table() *kit.TextTable { return v.table }

// SetConsequences types the likely consequences.
func (f *BreachForm) SetConsequences(text string) { f.consequences.SetText(text) }

// NoticePDFButton saves the notice to the authority as PDF.
func (v *BreachView) NoticePDFButton() *widget.Button { return v.noticePDF }

// LetterPDFButton saves the letter to the affected patients as PDF.
func (v *BreachView) LetterPDFButton() *widget.Button { return v.letterPDF }

// consequencesText words a breach's likely consequences: "unknown" in
// the reader's language while they are not known yet (Art. 33(4)).
func consequencesText(loc *i18n.Localizer, c string) string {
	if c == consent.ConsequencesUnknown {
		return loc.T("governance.unknown")
	}
	return kit.OrDash(c)
}

// clause is a free text set into a sentence of the details line: without
// its own closing full stop, which the sentence adds.
func clause(s string) string { return strings.TrimRight(strings.TrimSpace(s), ".") }
