package requests

import (
	"errors"
	"fmt"
	"strings"
	"time"

	usecase "custodia/app"
	"custodia/consent"
	"custodia/printdoc"
	"custodia/ui/kit"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// ErasureDialog plans an erasure request per record category — erase,
// keep under GDPR Art. 17(3) with its legal basis and keep-until date, or
// anonymise — shows the plan, and executes it only after the reviewer
// ticked the confirmation. Afterwards it shows the certificate and offers
// to save its printable page.
type ErasureDialog struct {
	detail *RequestDetail
	env    *kit.Env
	uc     *usecase.Session
	dlg    dialog.Dialog

	lastTreatment *kit.EscEntry
	replan        *widget.Button
	items         *planList
	summary       *widget.Label
	problem       *widget.Label
	confirm       *kit.EscCheck
	execute       *widget.Button
	bar           *widget.ProgressBarInfinite
	body          *fyne.Container
	top, bottom   *fyne.Container

	plan    *consent.ErasurePlan
	running bool
	// who names the patient (loaded before anything is erased).
	who     *widget.Label
	patient printdoc.Person
	// Confirmation is the final "Erase now?" dialog while shown, and
	// ConfirmText its text.
	Confirmation *dialog.ConfirmDialog
	ConfirmText  string
	// Certificate is set once the erasure was executed.
	Certificate *consent.Certificate
}

// OpenErasure shows the erasure dialog and plans at once.
func (d *RequestDetail) OpenErasure() {
	e := newErasureDialog(d)
	d.Erasure = e
	e.dlg = dialog.NewCustom(d.env.T("erasure.title"), d.env.T("common.close"), e.body, d.env.Win)
	e.fit()
	e.dlg.Show()
	e.loadPatient()
	e.Plan()
}

// listRoom is the most height the plan asks for: what the largest dialog
// (95 % of the window) leaves beside its frame, the explanation and the
// buttons.
func (e *ErasureDialog) listRoom() float32 {
	h := 0.95*e.env.Win.Canvas().Size().Height - dialogFrameHeight - 2*theme.Padding()
	if e.top != nil {
		h -= e.top.MinSize().Height
	}
	if e.bottom != nil {
		h -= e.bottom.MinSize().Height
	}
	return max(h, 120)
}

// dialogFrameHeight is what a dialog adds above and below its content:
// the title and the button row (kit.FitDialog reckons the same).
const dialogFrameHeight = 120

// fit sizes the dialog to the plan: at least 960×480 (the legal sources
// wrap less), every category shown where the window has room, at most
// the window (the list scrolls beyond).
func (e *ErasureDialog) fit() {
	if e.dlg == nil {
		return
	}
	e.dlg.Resize(kit.FitDialog(e.env.Win, e.body, fyne.NewSize(960, 480)))
}

func newErasureDialog(d *RequestDetail) *ErasureDialog {
	e := &ErasureDialog{detail: d, env: d.env, uc: d.uc}
	e.lastTreatment = newDateEntry(d.env.Loc, time.Time{})
	e.replan = widget.NewButtonWithIcon(d.env.Loc.T("erasure.replan"), theme.ViewRefreshIcon(), e.Plan)
	e.items = newPlanList(d.env.Loc, e.listRoom)
	e.summary = kit.WrapLabel("")
	e.problem = kit.WrapLabel("")
	e.problem.Importance = widget.DangerImportance
	e.problem.Hide()
	e.confirm = kit.NewEscCheck(d.env.Loc.T("erasure.reviewed"), func(bool) { e.apply() })
	e.execute = widget.NewButtonWithIcon(d.env.Loc.T("erasure.execute"), theme.DeleteIcon(), e.ConfirmExecute)
	e.execute.Importance = widget.DangerImportance
	e.bar = kit.NewBusyBar()
	trigger := widget.NewForm(widget.NewFormItem(d.env.Loc.T("erasure.lasttreatment"), container.NewBorder(nil, nil, nil, e.replan, e.lastTreatment)))
	kit.SubmitOnEnter(e.replan, trigger) // Enter plans again; erasing always takes the click
	e.who = kit.BoldLabel(d.env.Loc.T("erasure.patient", "Name", kit.PersonLabel(d.env.Loc, kit.RefPerson(d.env.Loc, d.req.SubjectID))))
	top := container.NewVBox(e.who, kit.WrapLabel(d.env.Loc.T("erasure.explain")),
		trigger, e.bar, e.problem)
	e.bottom = container.NewVBox(e.summary, e.confirm, container.NewHBox(kit.Spacer(), e.execute))
	e.top = top
	e.body = container.NewBorder(top, e.bottom, nil, nil, e.items.content)
	e.apply()
	return e
}

// SetLastTreatment types the last-treatment date; for tests and the tour.
func (e *ErasureDialog) SetLastTreatment(s string) { e.lastTreatment.SetText(s) }

// Plan asks the vault what it holds and plans per category.
func (e *ErasureDialog) Plan() {
	r := e.detail.req
	var lt time.Time
	if s := strings.TrimSpace(e.lastTreatment.Text); s != "" {
		d, ok := parseDay(e.env.Loc, s)
		if !ok || d.After(e.uc.Now()) {
			e.setProblem(e.env.Loc.T("erasure.badlasttreatment"))
			return
		}
		lt = d
	}
	e.plan, e.Certificate = nil, nil
	e.confirm.SetChecked(false)
	var plan usecase.ErasurePlan
	var err error
	e.env.RunBusy(e.bar, func() { plan, err = e.uc.PlanErasure(r, lt) }, func() {
		if err != nil {
			e.showPlanError(err)
			e.showItems(nil)
			return
		}
		if lt.IsZero() && !plan.KnownLastTreatment.IsZero() {
			e.lastTreatment.SetText(dayText(e.env.Loc, plan.KnownLastTreatment)) // prefill from the vault's record
		}
		e.setProblem("")
		e.plan = &plan.ErasurePlan
		e.showItems(plan.Items)
	})
}

// showPlanError asks for the last treatment on the typed sentinel.
func (e *ErasureDialog) showPlanError(err error) {
	if errors.Is(err, usecase.ErrNeedLastTreatment) {
		e.setProblem(e.env.Loc.T("erasure.needlasttreatment"))
		return
	}
	e.setProblem(kit.Describe(e.env.Loc, err).Message)
}

func (e *ErasureDialog) showItems(items []consent.PlanItem) {
	rows := make([]planRow, len(items))
	counts := map[consent.Action]int{}
	for i, it := range items {
		counts[it.Action]++
		rows[i] = planRow{Category: recordCategoryLabel(e.env.Loc, it.Category), Action: kit.ActionLabel(e.env.Loc, it.Action), Imp: kit.ActionImportance(it.Action),
			Basis: kit.OrDash(usecase.KeptBasisText(e.env.Loc, it.Basis)), Until: kit.DateText(e.env.Loc, it.KeepUntil), Source: kit.OrDash(usecase.LegalSourceText(e.env.Loc, it.RuleID, it.LegalSource))}
	}
	e.items.set(rows)
	e.fit()
	if items == nil {
		e.summary.SetText("")
	} else {
		e.summary.SetText(e.env.Loc.N("erasure.summary", len(items), "Erased", counts[consent.ActErase], "Kept", counts[consent.ActKeep],
			"Anonymised", counts[consent.ActAnonymise]))
	}
	e.apply()
}

func (e *ErasureDialog) apply() {
	ready := e.plan != nil && e.Certificate == nil && !e.running
	kit.SetEnabled(ready, e.confirm)
	kit.SetEnabled(ready && e.confirm.Checked, e.execute)
}

// Items returns the planned items.
func (e *ErasureDialog) Items() []consent.PlanItem {
	if e.plan == nil {
		return nil
	}
	return e.plan.Items
}

// Problem is the error line.
func (e *ErasureDialog) Problem() string { return e.problem.Text }

// Confirm ticks or unticks the review box.
func (e *ErasureDialog) Confirm(on bool) { e.confirm.SetChecked(on) }

// canExecute reports whether the Execute button is enabled.
func (e *ErasureDialog) canExecute() bool { return !e.execute.Disabled() }

// Execute approves and runs the plan, closes the request and shows the
// certificate.
func (e *ErasureDialog) Execute() {
	if e.plan == nil || !e.confirm.Checked || e.running {
		return
	}
	plan := *e.plan
	r := e.detail.req
	e.running = true
	e.apply()
	var cert consent.Certificate
	var err error
	var notes []consent.Notification
	e.env.RunBusy(e.bar, func() { cert, notes, err = e.uc.ExecuteErasure(r, plan) }, func() {
		e.running = false
		if err != nil {
			e.setProblem(kit.Describe(e.env.Loc, err).Message)
			e.env.ShowError(err)
			e.apply()
			e.detail.Reload()
			return
		}
		e.Certificate = &cert
		e.showCertificate(cert)
		e.detail.status.SetText(e.env.T("erasure.done") + notificationText(e.env.Loc, notes))
		e.detail.Reload()
		e.detail.view.Reload()
	})
}

func (e *ErasureDialog) showCertificate(c consent.Certificate) {
	rows := make([]planRow, len(c.Items))
	for i, it := range c.Items {
		rows[i] = planRow{Category: recordCategoryLabel(e.env.Loc, it.Category),
			Action: fmt.Sprintf("%s (%s)", kit.ActionLabel(e.env.Loc, it.Action), e.env.Loc.Int(it.Records)), Imp: kit.ActionImportance(it.Action),
			Basis: kit.OrDash(usecase.KeptBasisText(e.env.Loc, it.Basis)), Until: kit.DateText(e.env.Loc, it.KeepUntil), Source: kit.OrDash(usecase.LegalSourceText(e.env.Loc, "", it.LegalSource))}
	}
	e.items.set(rows)
	e.summary.SetText(e.env.Loc.T("erasure.certificate", "Date", kit.TimeText(e.env.Loc, c.IssuedAt), "Erased", c.Count(consent.ActErase),
		"Kept", c.Count(consent.ActKeep), "Anonymised", c.Count(consent.ActAnonymise), "Seal", c.SHA256[:16]))
	save := widget.NewButtonWithIcon(e.env.Loc.T("erasure.savehtml"), theme.DocumentSaveIcon(), func() {
		kit.SaveHTML(e.env, strings.TrimSuffix(e.certificateFileName(c), ".pdf")+".html", e.certificateHTML(c), nil)
	})
	save.Importance = widget.HighImportance
	e.confirm.Hide()
	e.execute.Hide()
	e.bottom.Add(container.NewHBox(kit.Spacer(), save, e.certificatePDFButton()))
	e.apply()
}

// setProblem shows a message above the plan, or hides the line.
func (e *ErasureDialog) setProblem(msg string) {
	e.problem.SetText(msg)
	e.problem.Hidden = msg == ""
	e.body.Refresh()
}

// Busy reports whether planning or the erasure is running.
func (e *ErasureDialog) Busy() bool { return e.running || e.bar.Visible() }
