package ui

import (
	"fmt"
	"strconv"
	"strings"

	usecase "custodia/app"
	"custodia/consent"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// RequestDetail shows one request: its facts, deadline, transitions and
// the workflow buttons its state and the role allow.
type RequestDetail struct {
	view    *RequestsView
	app     *App
	uc      *usecase.Session
	id      string
	content fyne.CanvasObject

	title    *widget.Label
	facts    *widget.Form
	clock    *widget.Label
	history  *textTable
	status   *widget.Label
	bar      *widget.ProgressBarInfinite
	verify   *widget.Button
	start    *widget.Button
	withdraw *widget.Button
	extend   *widget.Button
	complete *widget.Button
	deny     *widget.Button
	lift     *widget.Button
	factVals map[string]*widget.Label

	req         consent.Request
	transitions []consent.Transition
	loaded      bool
	// Deny, Erasure, Package are the last dialogs opened.
	DenyForm *DenyForm
	Erasure  *ErasureDialog
	Package  *PackageDialog
}

var factNames = []string{"Subject", "Received", "Requester", "Channel", "Due", "Identity", "Extension", "Purpose", "Decision"}

func newRequestDetail(v *RequestsView, id string) *RequestDetail {
	d := &RequestDetail{view: v, app: v.app, uc: v.uc, id: id, factVals: map[string]*widget.Label{}}
	d.title = heading("Request " + id)
	d.facts = widget.NewForm()
	for _, n := range factNames {
		l := wrapLabel("")
		d.factVals[n] = l
		d.facts.Append(n, l)
	}
	d.clock = boldLabel("")
	d.history = newTextTable([]string{"When", "Step", "From → to", "By", "Detail"}, []float32{145, 70, 170, 90, 180})
	d.status = wrapLabel("")
	d.bar = newBusyBar()
	d.verify = widget.NewButtonWithIcon("Verify identity…", theme.AccountIcon(), d.openVerify)
	d.start = widget.NewButtonWithIcon("Start", theme.MediaPlayIcon(), d.Start)
	d.withdraw = widget.NewButton("Withdrawn by requester", d.confirmWithdrawn)
	d.extend = widget.NewButtonWithIcon("Extend…", theme.HistoryIcon(), d.openExtend)
	d.complete = widget.NewButtonWithIcon("Complete…", theme.ConfirmIcon(), d.Complete)
	d.complete.Importance = widget.HighImportance
	d.deny = widget.NewButtonWithIcon("Deny…", theme.CancelIcon(), d.OpenDeny)
	d.deny.Importance = widget.DangerImportance
	d.lift = widget.NewButton("Lift restriction…", d.confirmLift)
	if !d.uc.Can(consent.PermIntake) {
		d.verify.Hide()
		d.start.Hide()
		d.withdraw.Hide()
	}
	if !d.uc.Can(consent.PermDecide) {
		d.extend.Hide()
		d.complete.Hide()
		d.deny.Hide()
		d.lift.Hide()
	}
	d.content = d.layout()
	d.apply()
	return d
}

func (d *RequestDetail) layout() fyne.CanvasObject {
	intake := container.NewHBox(d.verify, d.start, d.withdraw)
	decide := container.NewHBox(d.extend, d.deny, d.complete, d.lift)
	top := container.NewVBox(d.title, d.clock, intake, decide, d.bar, d.status)
	split := container.NewVSplit(container.NewVScroll(d.facts), container.NewBorder(boldLabel("History"), nil, nil, nil, d.history))
	split.Offset = 0.55
	return container.NewBorder(top, nil, nil, nil, split)
}

// Reload reads the request and its transitions.
func (d *RequestDetail) Reload() {
	var r consent.Request
	var ts []consent.Transition
	var err error
	d.app.runBusy(d.bar, func() {
		r, ts, err = d.uc.RequestHistory(d.id)
	}, func() {
		if err != nil {
			d.app.showError(err)
			return
		}
		d.show(r, ts)
	})
}

// refreshFrom updates the request from a fresh list (keeps transitions).
func (d *RequestDetail) refreshFrom(reqs []consent.Request) {
	for _, r := range reqs {
		if r.ID == d.id && r.Version != d.req.Version {
			d.Reload()
		}
	}
}

func (d *RequestDetail) show(r consent.Request, ts []consent.Transition) {
	d.req, d.transitions, d.loaded = r, ts, true
	now := d.uc.Now()
	d.title.SetText(fmt.Sprintf("%s request (%s)", r.Type, r.Type.Article()))
	d.clock.SetText(fmt.Sprintf("%s · %s", strings.ToUpper(string(r.State)), DeadlineText(r, now)))
	d.clock.Importance = clockImportance(r.Clock(now))
	d.clock.Refresh()
	d.showSubject()
	d.setFact("Received", dateText(r.ReceivedAt))
	d.setFact("Requester", r.Requester+" ("+r.RequesterRelation+")")
	d.setFact("Channel", r.Channel)
	d.setFact("Due", dueFact(r))
	d.setFact("Identity", verificationText(r.Verification))
	ext := "none"
	if r.Extension != nil {
		ext = extensionFact(r.Extension)
	}
	d.setFact("Extension", ext)
	d.setFact("Purpose", d.purposeName())
	decision := "—"
	if !r.LiftedAt.IsZero() {
		decision = "restriction lifted " + dateText(r.LiftedAt)
	} else if r.DenialGround != "" {
		decision = "denied: " + groundText(r.DenialGround)
	} else if r.State == consent.StateCompleted {
		decision = "completed " + dateText(r.ClosedAt)
	}
	d.setFact("Decision", decision)
	rows := make([][]tableCell, len(ts))
	for i, t := range ts {
		from := string(t.From)
		if from == "" {
			from = "—"
		}
		rows[i] = []tableCell{cell(timeText(t.At)), cell(t.Action), cell(from + " → " + string(t.To)), cell(d.app.whoAs(t.By, t.Role)), cell(t.Detail)}
	}
	d.history.SetRows(rows)
	d.apply()
}

func (d *RequestDetail) setFact(name, text string) { d.factVals[name].SetText(text) }

// showSubject names the subject by id and, for roles that may read
// identities, by name (loaded once per queue load).
func (d *RequestDetail) showSubject() {
	names := d.view.names
	d.setFact("Subject", names.label(d.req.SubjectID))
	names.want(d.req.SubjectID)
}

// Subject is the subject line shown; for tests.
func (d *RequestDetail) Subject() string { return d.factVals["Subject"].Text }

func orDashUI(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func verificationText(v *consent.Verification) string {
	switch {
	case v == nil:
		return "not verified yet"
	case v.Verified:
		return "verified (" + v.Method + ") on " + dateText(v.At)
	}
	return "could not be confirmed (" + v.Method + ") on " + dateText(v.At)
}

func groundText(code string) string {
	if g, ok := consent.FindLegalGround(code); ok {
		return g.Text
	}
	return code
}

// apply enables the buttons the state machine allows now.
func (d *RequestDetail) apply() {
	r := d.req
	open := d.loaded && r.Open()
	verified := r.Verification != nil && r.Verification.Verified
	setEnabled(open, d.verify, d.withdraw, d.deny)
	setEnabled(open && verified && consent.CanTransition(r.State, consent.StateInProgress), d.start)
	orig := r.OriginalDue()
	setEnabled(open && r.Extension == nil && !d.uc.Now().After(orig.AddDate(0, 0, 1)), d.extend)
	setEnabled(d.loaded && r.State == consent.StateInProgress, d.complete)
	liftable := d.loaded && r.Type == consent.ReqRestriction && r.State == consent.StateCompleted && r.LiftedAt.IsZero()
	d.lift.Hidden = !liftable || !d.uc.Can(consent.PermDecide)
}

// Buttons reports which workflow buttons are visible and enabled, by label.
func (d *RequestDetail) Buttons() map[string]bool {
	out := map[string]bool{}
	for _, b := range []*widget.Button{d.verify, d.start, d.withdraw, d.extend, d.complete, d.deny, d.lift} {
		if b.Visible() {
			out[strings.TrimSuffix(b.Text, "…")] = !b.Disabled()
		}
	}
	return out
}

// Request returns the request shown.
func (d *RequestDetail) Request() consent.Request { return d.req }

// Status is the message line of the detail.
func (d *RequestDetail) Status() string { return d.status.Text }

// Step runs one workflow use case on the request shown (package app
// checks the permission, applies the step and stores its transition).
func (d *RequestDetail) Step(done string, fn func(r consent.Request) (consent.Request, error)) {
	r := d.req
	var stored consent.Request
	var err error
	d.app.runBusy(d.bar, func() { stored, err = fn(r) }, func() {
		if err != nil {
			d.app.showError(err)
			d.Reload()
			return
		}
		d.req = stored
		d.status.SetText(done)
		d.Reload()
		d.view.Reload()
	})
}

// Verify records the identity check.
func (d *RequestDetail) Verify(method string, verified bool) {
	d.Step("Identity check recorded.", func(r consent.Request) (consent.Request, error) {
		return d.uc.VerifyIdentity(r, method, verified)
	})
}

// Start moves a verified request in progress.
func (d *RequestDetail) Start() {
	d.Step("Request in progress.", d.uc.StartRequest)
}

// Extend extends the deadline once with a reason told to the requester
// (the use case trims x.Reason).
func (d *RequestDetail) Extend(x consent.ExtensionNotice) {
	d.Step("Deadline extended.", func(r consent.Request) (consent.Request, error) {
		return d.uc.ExtendRequest(r, x)
	})
}

// Deny closes the request citing a legal ground.
func (d *RequestDetail) Deny(ground string) {
	d.Step("Request denied.", func(r consent.Request) (consent.Request, error) {
		return d.uc.DenyRequest(r, ground)
	})
}

func (d *RequestDetail) confirmWithdrawn() {
	dialog.ShowConfirm("Request withdrawn", "Record that the requester withdrew this request? It is closed and kept for the record.", func(ok bool) {
		if ok {
			d.Step("Request closed as withdrawn.", d.uc.WithdrawRequest)
		}
	}, d.app.win)
}

var verifyChoices = []string{consent.VerifyIDDocument, consent.VerifyKnownToStaff, consent.VerifyCallback,
	consent.VerifySignedLetter, consent.VerifyPortalLogin, consent.VerifyRepresentative}

func (d *RequestDetail) openVerify() {
	method := widget.NewSelect(verifyChoices, nil)
	method.SetSelected(consent.VerifyIDDocument)
	ok := widget.NewCheck("Identity confirmed", nil)
	ok.SetChecked(true)
	hint := wrapLabel("Untick when the identity could not be confirmed: the request can then be denied under GDPR Art. 12(6).")
	hint.Importance = widget.LowImportance
	body := container.NewVBox(widget.NewForm(widget.NewFormItem("Checked by", method)), ok, hint)
	dialog.ShowCustomConfirm("Verify identity", "Record", "Cancel", container.New(&fixedWidth{width: 440}, body), func(yes bool) {
		if yes {
			d.Verify(method.Selected, ok.Checked)
		}
	}, d.app.win)
}

func (d *RequestDetail) openExtend() {
	maxMonths := []string{"1", "2"}
	if d.req.Type.HIPAA() {
		maxMonths = []string{"1"}
	}
	months := widget.NewRadioGroup(maxMonths, nil)
	months.Horizontal = true
	months.SetSelected("1")
	reason := widget.NewMultiLineEntry()
	reason.SetPlaceHolder("told to the requester; no personal data")
	reason.SetMinRowsVisible(3)
	told := newToldFields(d.uc.Now())
	body := widget.NewForm(widget.NewFormItem("Further months", months), widget.NewFormItem("Reason", reason),
		widget.NewFormItem("Requester told on", told.date), widget.NewFormItem("Told by", told.via))
	dlg := dialog.NewCustomConfirm("Extend the deadline (once)", "Extend", "Cancel", container.New(&fixedWidth{width: 460}, body), func(yes bool) {
		if yes {
			n, _ := strconv.Atoi(months.Selected)
			x, err := told.notice(n, reason.Text, d.uc.Now())
			if err != nil {
				d.app.showError(err)
				return
			}
			d.Extend(x)
		}
	}, d.app.win)
	dlg.Show()
}

// DenyForm asks for the legal ground of a denial; Deny stays disabled
// until a ground is chosen.
type DenyForm struct {
	detail  *RequestDetail
	grounds []consent.LegalGround
	ground  *widget.Select
	confirm *widget.Button
	dlg     dialog.Dialog
}

// OpenDeny shows the denial dialog with the grounds that apply to the
// request's type.
func (d *RequestDetail) OpenDeny() {
	f := &DenyForm{detail: d}
	var labels []string
	for _, g := range consent.LegalGrounds() {
		if g.Applies == nil || containsType(g.Applies, d.req.Type) {
			f.grounds = append(f.grounds, g)
			labels = append(labels, g.Text)
		}
	}
	f.confirm = widget.NewButton("Deny request", f.Submit)
	f.confirm.Importance = widget.DangerImportance
	f.confirm.Disable()
	f.ground = widget.NewSelect(labels, func(string) { setEnabled(f.ground.SelectedIndex() >= 0, f.confirm) })
	f.ground.PlaceHolder = "(choose the legal ground)"
	msg := wrapLabel("A denial cites its legal ground; the requester is told it together with the right to complain to a supervisory authority.")
	body := container.NewVBox(msg, f.ground, container.NewHBox(layoutSpacer(), f.confirm))
	f.dlg = dialog.NewCustom("Deny request", "Cancel", container.New(&fixedWidth{width: 620}, body), d.app.win)
	f.dlg.Show()
	d.DenyForm = f
}

func containsType(ts []consent.RequestType, t consent.RequestType) bool {
	for _, x := range ts {
		if x == t {
			return true
		}
	}
	return false
}

// Grounds lists the grounds offered.
func (f *DenyForm) Grounds() []consent.LegalGround { return f.grounds }

// Choose selects a ground by code.
func (f *DenyForm) Choose(code string) {
	for i, g := range f.grounds {
		if g.Code == code {
			f.ground.SetSelectedIndex(i)
		}
	}
}

// CanConfirm reports whether the Deny button is enabled.
func (f *DenyForm) CanConfirm() bool { return !f.confirm.Disabled() }

// Submit denies with the chosen ground.
func (f *DenyForm) Submit() {
	i := f.ground.SelectedIndex()
	if i < 0 {
		return
	}
	f.dlg.Hide()
	f.detail.Deny(f.grounds[i].Code)
}

func (d *RequestDetail) confirmLift() {
	dialog.ShowConfirm("Lift restriction", "Lift the restriction of processing of "+d.subjectLabel()+
		"? Tell the patient before it is lifted (GDPR Art. 18(3)).", func(ok bool) {
		if ok {
			d.LiftRestriction()
		}
	}, d.app.win)
}

// LiftRestriction ends a completed restriction: the vault clears the
// record's flag, then the request records the lift.
func (d *RequestDetail) LiftRestriction() {
	r := d.req
	var err error
	d.app.runBusy(d.bar, func() { _, err = d.uc.LiftRestriction(r) }, func() {
		if err != nil {
			d.app.showError(err)
		} else {
			d.status.SetText("Restriction lifted.")
		}
		d.Reload()
		d.view.Reload()
	})
}
