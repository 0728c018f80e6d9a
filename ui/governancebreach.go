package ui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	usecase "custodia/app"
	"custodia/consent"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// dateTimeLayout is how the breach forms read times (local time).
const dateTimeLayout = "2006-01-02 15:04"

// BreachCountdown says how long is left of the 72 hours to notify the
// supervisory authority (Art. 33(1)), how late it is, or that the
// authority part is settled.
func BreachCountdown(b consent.Breach, now time.Time) string {
	if b.Clock(now) == consent.ClockClosed {
		if !b.AuthorityNotifiedAt.IsZero() {
			return "notified " + timeText(b.AuthorityNotifiedAt)
		}
		return "settled: no notification needed"
	}
	left := b.Remaining(now)
	if left <= 0 {
		return "● late by " + hoursMinutes(-left)
	}
	return "● " + hoursMinutes(left) + " left"
}

func hoursMinutes(d time.Duration) string {
	d = d.Round(time.Minute)
	return fmt.Sprintf("%d h %02d min", int(d.Hours()), int(d.Minutes())%60)
}

// BreachView is the breach log (Art. 33(5)) with each entry's countdown.
type BreachView struct {
	app     *App
	uc      *usecase.Session
	content fyne.CanvasObject

	table  *textTable
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

func newBreachView(a *App, uc *usecase.Session) *BreachView {
	v := &BreachView{app: a, uc: uc, selected: -1}
	v.table = newTextTable([]string{"Authority deadline", "Aware since", "Risk", "Nature", "Patients", "Description"},
		[]float32{200, 140, 80, 150, 80, 420})
	v.table.OnSelected = v.selectRow
	v.add = widget.NewButtonWithIcon("Record breach…", theme.ContentAddIcon(), v.OpenForm)
	v.add.Importance = widget.HighImportance
	v.notify = widget.NewButtonWithIcon("Record notification…", theme.MailSendIcon(), v.openNotify)
	v.notice = widget.NewButtonWithIcon("Notice (text)…", theme.DocumentSaveIcon(), v.saveNotice)
	v.noticePDF = pdfButton("Notice (PDF)…", v.SaveAuthorityPDF)
	v.letterPDF = pdfButton("Letter to patients (PDF)…", v.SaveSubjectLetterPDF)
	v.reload = widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), v.Reload)
	v.details = wrapLabel("")
	v.status = wrapLabel("")
	v.bar = newBusyBar()
	top := container.NewVBox(container.NewHBox(boldLabel("Breach log (GDPR Art. 33)"), layoutSpacer(), v.reload, v.notice, v.noticePDF, v.letterPDF, v.notify, v.add), v.bar)
	v.content = container.NewBorder(top, container.NewVBox(v.details, v.status), nil, nil, v.table)
	v.apply()
	return v
}

func (v *BreachView) activate() {
	if !v.loaded {
		v.loaded = true
		v.Reload()
	}
}

// Reload reads the log.
func (v *BreachView) Reload() {
	var bs []consent.Breach
	var err error
	v.app.runBusy(v.bar, func() { bs, err = v.uc.Breaches() }, func() {
		if err != nil {
			v.app.showError(err)
			return
		}
		v.list = bs
		v.fill()
	})
}

func (v *BreachView) fill() {
	now := v.uc.Now()
	rows := make([][]tableCell, len(v.list))
	for i := range v.list {
		b := v.list[len(v.list)-1-i] // newest first
		c := b.Clock(now)
		rows[i] = []tableCell{{text: BreachCountdown(b, now), imp: clockImportance(c), bold: c == consent.ClockRed},
			cell(timeText(b.AwareAt)), cell(b.Risk), cell(strings.Join(b.Nature, ", ")), cell(b.SubjectsApprox.String()), cell(b.Description)}
	}
	v.table.SetRows(rows)
	v.selected = -1
	v.details.SetText(fmt.Sprintf("%d entries. The 72 hours to notify the supervisory authority run from awareness.", len(v.list)))
	v.apply()
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
	v.app.Touch()
	v.selected = i
	b, _ := v.Breach(i)
	v.details.SetText(fmt.Sprintf("Deadline %s. Patients concerned: %s, records: %s. Measures: %s. Consequences: %s. Telling the patients: %s. Authority's reference: %s.",
		timeText(b.Deadline()), b.SubjectsApprox, b.RecordsApprox, b.Measures, orDashUI(b.Consequences),
		consent.SubjectsDecisionText(b.SubjectsDecision), orDashUI(b.AuthorityReference)))
	v.apply()
}

func (v *BreachView) apply() {
	// Recording stays open after the authority was notified: the Art. 34
	// decision or the authority's reference may come later.
	b, ok := v.Breach(v.selected)
	setEnabled(ok, v.notify, v.notice, v.noticePDF)
	setEnabled(ok && b.SubjectsDecision == consent.SubjNotify, v.letterPDF)
}

// OpenForm shows the "Record breach" dialog.
func (v *BreachView) OpenForm() {
	v.Form = newBreachForm(v)
	v.Form.show()
}

// put stores an entry and reloads.
func (v *BreachView) put(b consent.Breach, done string, after func(error)) {
	var err error
	v.app.runBusy(v.bar, func() { _, err = v.uc.SaveBreach(b) }, func() {
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
	at := widget.NewEntry()
	at.SetText(v.uc.Now().Format(dateTimeLayout))
	if !b.AuthorityNotifiedAt.IsZero() {
		at.SetText(b.AuthorityNotifiedAt.Local().Format(dateTimeLayout))
	}
	ref := widget.NewEntry()
	ref.SetPlaceHolder("the authority's case reference, if given")
	ref.SetText(b.AuthorityReference)
	delay := widget.NewMultiLineEntry()
	delay.SetPlaceHolder("required when notified more than 72 hours after awareness")
	delay.SetText(b.DelayReason)
	subj := newDecisionSelect(b.SubjectsDecision)
	form := widget.NewForm(widget.NewFormItem("Authority notified", at), widget.NewFormItem("Reference", ref),
		widget.NewFormItem("Reason for delay", delay), widget.NewFormItem("Patients (Art. 34)", subj))
	dialog.ShowCustomConfirm("Record notification of the authority", "Record", "Cancel", container.New(&fixedWidth{width: 520}, form), func(yes bool) {
		if !yes {
			return
		}
		t, err := time.ParseInLocation(dateTimeLayout, strings.TrimSpace(at.Text), time.Local)
		if err != nil {
			v.app.showError(&consent.ValidationError{Fields: []consent.FieldError{{Field: "authority notified", Message: "want YYYY-MM-DD HH:MM"}}})
			return
		}
		b.AuthorityNotifiedAt, b.AuthorityReference, b.DelayReason = t, strings.TrimSpace(ref.Text), delay.Text
		b.SubjectsDecision = decisionOf(subj.Selected)
		v.put(b, "Notification recorded.", func(err error) {
			if err != nil {
				v.app.showError(err)
			}
		})
	}, v.app.win)
}

func (v *BreachView) saveNotice() {
	b, ok := v.Breach(v.selected)
	if !ok {
		return
	}
	ctrl, err := v.uc.Controller()
	if err != nil {
		v.app.showError(err)
		return
	}
	var buf strings.Builder
	if err := b.WriteAuthorityNotice(&buf, ctrl); err != nil {
		v.app.showError(err)
		return
	}
	dlg := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			v.app.showError(err)
			return
		}
		if w == nil {
			return
		}
		if _, err := w.Write([]byte(buf.String())); err != nil {
			v.app.showError(err)
		}
		if err := w.Close(); err != nil {
			v.app.showError(err)
			return
		}
		v.status.SetText("Notice saved to " + w.URI().Path())
	}, v.app.win)
	dlg.SetFileName(strings.TrimSuffix(pdfFileName("Breach notification to the authority", breachDay(b), v.uc.Now()), ".pdf") + ".txt")
	dlg.Resize(fyne.NewSize(820, 560))
	dlg.Show()
}

var breachNatures = []string{"confidentiality", "integrity", "availability"}

// BreachForm records a breach; the 72-hour clock starts at "aware".
type BreachForm struct {
	view *BreachView
	dlg  dialog.Dialog

	aware        *widget.Entry
	occurred     *widget.Entry
	nature       *widget.CheckGroup
	description  *widget.Entry
	categories   *checkGrid
	subjects     *widget.Entry
	records      *widget.Entry
	consequences *widget.Entry
	measures     *widget.Entry
	risk         *widget.Select
	reason       *widget.Entry
	problem      *widget.Label
	save         *widget.Button
}

func newBreachForm(v *BreachView) *BreachForm {
	f := &BreachForm{view: v}
	f.aware = widget.NewEntry()
	f.aware.SetText(v.uc.Now().Format(dateTimeLayout))
	f.occurred = widget.NewEntry()
	f.occurred.SetPlaceHolder("YYYY-MM-DD HH:MM, if known")
	f.nature = widget.NewCheckGroup(breachNatures, nil)
	f.nature.Horizontal = true
	f.description = widget.NewMultiLineEntry()
	f.description.SetPlaceHolder("what happened — describe the incident, never individual patients")
	f.description.SetMinRowsVisible(2)
	f.categories = newCheckGrid(consent.DataCategories(), 5)
	f.subjects = widget.NewEntry()
	f.subjects.SetText("unknown")
	f.subjects.SetPlaceHolder("a number, or unknown")
	f.records = widget.NewEntry()
	f.records.SetText("unknown")
	f.records.SetPlaceHolder("a number, or unknown")
	f.consequences = widget.NewMultiLineEntry()
	f.consequences.SetPlaceHolder("likely consequences for the patients, or \"unknown\" if not yet known")
	f.consequences.SetMinRowsVisible(2)
	f.measures = widget.NewMultiLineEntry()
	f.measures.SetMinRowsVisible(2)
	f.risk = widget.NewSelect([]string{consent.RiskUnlikely, consent.RiskRisk, consent.RiskHigh}, nil)
	f.risk.SetSelected(consent.RiskRisk)
	f.reason = widget.NewMultiLineEntry()
	f.reason.SetPlaceHolder("why the risk was assessed so (required for 'unlikely')")
	f.problem = wrapLabel("")
	f.problem.Importance = widget.DangerImportance
	f.save = widget.NewButton("Record breach", f.Submit)
	f.save.Importance = widget.HighImportance
	return f
}

func (f *BreachForm) show() {
	form := widget.NewForm(
		widget.NewFormItem("Aware since", f.aware),
		widget.NewFormItem("Occurred", f.occurred),
		widget.NewFormItem("Nature", f.nature),
		widget.NewFormItem("Description", f.description),
		widget.NewFormItem("Data concerned", f.categories.box),
		widget.NewFormItem("Patients (approx.)", f.subjects),
		widget.NewFormItem("Records (approx.)", f.records),
		widget.NewFormItem("Consequences", f.consequences),
		widget.NewFormItem("Measures", f.measures),
		widget.NewFormItem("Risk", f.risk),
		widget.NewFormItem("Reasoning", f.reason),
	)
	body := container.NewBorder(nil, container.NewVBox(f.problem, container.NewHBox(layoutSpacer(), f.save)), nil, nil, container.NewVScroll(form))
	f.dlg = dialog.NewCustom("Record a personal data breach", "Cancel", body, f.view.app.win)
	f.dlg.Resize(fyne.NewSize(900, 680))
	f.dlg.Show()
}

// Fill sets the main fields; for tests and the tour.
func (f *BreachForm) Fill(aware string, nature []string, description, measures, risk string) {
	f.aware.SetText(aware)
	f.nature.SetSelected(nature)
	f.description.SetText(description)
	f.measures.SetText(measures)
	f.risk.SetSelected(risk)
}

// Problem is the error line.
func (f *BreachForm) Problem() string { return f.problem.Text }

// Breach returns the entry the form describes, or the fields in error.
func (f *BreachForm) Breach() (consent.Breach, error) {
	uc := f.view.uc
	b := consent.Breach{ID: consent.NewID(), RecordedBy: uc.Actor().UserID, Nature: f.nature.Selected,
		Description: strings.TrimSpace(f.description.Text), DataCategories: f.categories.Selected(),
		Consequences: strings.TrimSpace(f.consequences.Text), Measures: strings.TrimSpace(f.measures.Text),
		Risk: f.risk.Selected, DecisionReason: strings.TrimSpace(f.reason.Text)}
	var fe []consent.FieldError
	var err error
	if b.AwareAt, err = time.ParseInLocation(dateTimeLayout, strings.TrimSpace(f.aware.Text), time.Local); err != nil {
		fe = append(fe, consent.FieldError{Field: "aware since", Message: "want YYYY-MM-DD HH:MM"})
	} else if b.AwareAt.After(uc.Now()) {
		fe = append(fe, consent.FieldError{Field: "aware since", Message: "must not be in the future"})
	}
	if s := strings.TrimSpace(f.occurred.Text); s != "" {
		if b.OccurredAt, err = time.ParseInLocation(dateTimeLayout, s, time.Local); err != nil {
			fe = append(fe, consent.FieldError{Field: "occurred", Message: "want YYYY-MM-DD HH:MM"})
		}
	}
	if b.SubjectsApprox, err = consent.ParseApprox(f.subjects.Text); err != nil {
		fe = append(fe, consent.FieldError{Field: "patients", Message: "want a whole number, or unknown"})
	}
	if b.RecordsApprox, err = consent.ParseApprox(f.records.Text); err != nil {
		fe = append(fe, consent.FieldError{Field: "records", Message: "want a whole number, or unknown"})
	}
	if b.Measures == "" {
		fe = append(fe, consent.FieldError{Field: "measures", Message: "required: what was done or is proposed"})
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
		f.problem.SetText(Describe(f.view.app.loc, err).Message)
		return
	}
	f.problem.SetText("")
	f.save.Disable()
	f.view.put(b, "Breach recorded; the authority must be notified by "+timeText(b.Deadline())+".", func(err error) {
		f.save.Enable()
		if err != nil {
			f.problem.SetText(Describe(f.view.app.loc, err).Message)
			return
		}
		if f.dlg != nil {
			f.dlg.Hide()
		}
	})
}

// decisionCodes are the Art. 34 decisions the notify dialog offers, shown
// by their plain names (consent.SubjectsDecisionText).
var decisionCodes = []string{consent.SubjNotify, consent.SubjNotRequired, consent.SubjExemptCrypto, consent.SubjExemptMeasures, consent.SubjExemptEffort}

func newDecisionSelect(current string) *widget.Select {
	labels := make([]string, len(decisionCodes))
	for i, c := range decisionCodes {
		labels[i] = consent.SubjectsDecisionText(c)
	}
	s := widget.NewSelect(labels, nil)
	s.PlaceHolder = "not decided yet"
	if current != "" {
		s.SetSelected(consent.SubjectsDecisionText(current))
	}
	return s
}

// decisionOf maps a plain decision label back to its code ("" for none).
func decisionOf(label string) string {
	for _, c := range decisionCodes {
		if consent.SubjectsDecisionText(c) == label {
			return c
		}
	}
	return ""
}
