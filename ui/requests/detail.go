package requests

import (
	"strconv"
	"strings"

	"custodia/i18n"
	"custodia/ui/kit"

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
	view    *View
	env     *kit.Env
	uc      *usecase.Session
	id      string
	content fyne.CanvasObject

	title    *widget.Label
	facts    *widget.Form
	clock    *widget.Label
	history  *historyList
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

func newRequestDetail(v *View, id string) *RequestDetail {
	d := &RequestDetail{view: v, env: v.env, uc: v.uc, id: id, factVals: map[string]*widget.Label{}}
	d.title = kit.Heading(v.env.T("requests.detail.title"))
	d.title.Wrapping = fyne.TextWrapWord // a long request kind (German) wraps instead of widening the window
	d.facts = widget.NewForm()
	for _, n := range factNames {
		l := kit.WrapLabel("")
		d.factVals[n] = l
		d.facts.Append(v.env.T("requests.fact."+strings.ToLower(n)), l)
	}
	d.clock = kit.BoldLabel("")
	d.history = newHistoryList()
	d.status = kit.WrapLabel("")
	d.bar = kit.NewBusyBar()
	d.verify = widget.NewButtonWithIcon(v.env.Loc.T("requests.verify"), theme.AccountIcon(), d.OpenVerify)
	d.start = widget.NewButtonWithIcon(v.env.Loc.T("requests.start"), theme.MediaPlayIcon(), d.Start)
	d.withdraw = widget.NewButtonWithIcon(v.env.Loc.T("requests.withdrawn"), theme.ContentUndoIcon(), d.confirmWithdrawn)
	d.extend = widget.NewButtonWithIcon(v.env.Loc.T("requests.extend"), theme.HistoryIcon(), d.openExtend)
	d.complete = widget.NewButtonWithIcon(v.env.Loc.T("requests.complete"), theme.ConfirmIcon(), d.Complete)
	d.complete.Importance = widget.HighImportance
	d.deny = widget.NewButtonWithIcon(v.env.Loc.T("requests.deny"), theme.CancelIcon(), d.OpenDeny)
	d.deny.Importance = widget.DangerImportance
	d.lift = widget.NewButton(v.env.Loc.T("requests.lift"), d.confirmLift)
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
	// the workflow's steps, then the two that end a request outside it
	// (a withdrawal, lifting a restriction) in a row of their own: in the
	// intake row "Rücknahme erfassen …" widened the detail past 1200 px
	// and cut the queue's columns
	intake := container.NewHBox(d.verify, d.start)
	decide := container.NewHBox(d.extend, d.deny, d.complete)
	other := container.NewHBox(d.withdraw, d.lift)
	top := container.NewVBox(d.title, d.clock, intake, decide, other, d.bar, d.status)
	split := container.NewVSplit(container.NewVScroll(d.facts), container.NewBorder(kit.BoldLabel(d.env.Loc.T("requests.history")), nil, nil, nil, d.history.scroll))
	split.Offset = 0.55
	return container.NewBorder(top, nil, nil, nil, split)
}

// Reload reads the request and its transitions.
func (d *RequestDetail) Reload() {
	var r consent.Request
	var ts []consent.Transition
	var err error
	d.env.RunBusy(d.bar, func() {
		r, ts, err = d.uc.RequestHistory(d.id)
	}, func() {
		if err != nil {
			d.env.ShowError(err)
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
	loc := d.env.Loc
	d.title.SetText(kit.RequestKindLabel(loc, r.Type))
	d.clock.SetText(strings.ToUpper(kit.RequestStateLabel(loc, r.State)) + " · " + deadlineText(loc, r, now))
	d.clock.Importance = kit.ClockImportance(r.Clock(now))
	d.clock.Refresh()
	d.showSubject()
	d.setFact("Received", kit.DateText(loc, r.ReceivedAt))
	requester := kit.RelationLabel(loc, r.RequesterRelation)
	if r.RequesterRelation != consent.RelSelf {
		requester = loc.T("requests.requester", "Name", r.Requester, "Relation", requester)
	}
	d.setFact("Requester", requester)
	d.setFact("Channel", kit.ChannelLabel(loc, r.Channel))
	d.setFact("Due", dueFact(loc, r))
	d.setFact("Identity", verificationText(loc, r.Verification))
	ext := loc.T("requests.extension.none")
	if r.Extension != nil {
		ext = extensionFact(loc, r.Extension)
	}
	d.setFact("Extension", ext)
	purpose := "—"
	if r.PurposeID != "" {
		purpose = loc.Label("purpose", r.PurposeID, "")
	}
	d.setFact("Purpose", purpose)
	decision := "—"
	if !r.LiftedAt.IsZero() {
		decision = loc.T("requests.decision.lifted", "Date", kit.DateText(loc, r.LiftedAt))
	} else if r.DenialGround != "" {
		decision = loc.T("requests.decision.denied", "Ground", usecase.GroundText(loc, r.DenialGround))
	} else if r.State == consent.StateCompleted {
		decision = loc.T("requests.decision.completed", "Date", kit.DateText(loc, r.ClosedAt))
	}
	d.setFact("Decision", decision)
	d.history.set(historySteps(loc, ts, d.env.WhoAs))
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

func verificationText(loc *i18n.Localizer, v *consent.Verification) string {
	switch {
	case v == nil:
		return loc.T("requests.identity.notyet")
	case v.Verified:
		return loc.T("requests.identity.verified", "Method", kit.VerifyLabel(loc, v.Method), "Date", kit.DateText(loc, v.At))
	}
	return loc.T("requests.identity.failed", "Method", kit.VerifyLabel(loc, v.Method), "Date", kit.DateText(loc, v.At))
}

// apply enables the buttons the state machine allows now.
func (d *RequestDetail) apply() {
	r := d.req
	open := d.loaded && r.Open()
	verified := r.Verification != nil && r.Verification.Verified
	kit.SetEnabled(open, d.withdraw, d.deny)
	// once the identity is confirmed there is nothing left to verify; a
	// failed check may be repeated
	kit.SetEnabled(open && !verified, d.verify)
	kit.SetEnabled(open && verified && consent.CanTransition(r.State, consent.StateInProgress), d.start)
	orig := r.OriginalDue()
	kit.SetEnabled(open && r.Extension == nil && !d.uc.Now().After(orig.AddDate(0, 0, 1)), d.extend)
	kit.SetEnabled(d.loaded && r.State == consent.StateInProgress, d.complete)
	liftable := d.loaded && r.Type == consent.ReqRestriction && r.State == consent.StateCompleted && r.LiftedAt.IsZero()
	d.lift.Hidden = !liftable || !d.uc.Can(consent.PermDecide)
}

// buttons reports which workflow buttons are visible and enabled, by label.
func (d *RequestDetail) buttons() map[string]bool {
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
	d.env.RunBusy(d.bar, func() { stored, err = fn(r) }, func() {
		if err != nil {
			d.env.ShowError(err)
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
	d.Step(d.env.Loc.T("requests.done.verify"), func(r consent.Request) (consent.Request, error) {
		return d.uc.VerifyIdentity(r, method, verified)
	})
}

// Start moves a verified request in progress.
func (d *RequestDetail) Start() {
	d.Step(d.env.Loc.T("requests.done.start"), d.uc.StartRequest)
}

// Extend extends the deadline once with a reason told to the requester
// (the use case trims x.Reason).
func (d *RequestDetail) Extend(x consent.ExtensionNotice) {
	d.Step(d.env.Loc.T("requests.done.extend"), func(r consent.Request) (consent.Request, error) {
		return d.uc.ExtendRequest(r, x)
	})
}

// Deny closes the request citing a legal ground.
func (d *RequestDetail) Deny(ground string) {
	d.Step(d.env.Loc.T("requests.done.deny"), func(r consent.Request) (consent.Request, error) {
		return d.uc.DenyRequest(r, ground)
	})
}

func (d *RequestDetail) confirmWithdrawn() {
	dialog.ShowConfirm(d.env.T("requests.withdrawn.title"), d.env.T("requests.withdrawn.confirm"), func(ok bool) {
		if ok {
			d.Step(d.env.T("requests.done.withdrawn"), d.uc.WithdrawRequest)
		}
	}, d.env.Win)
}

var verifyChoices = []string{consent.VerifyIDDocument, consent.VerifyKnownToStaff, consent.VerifyCallback,
	consent.VerifySignedLetter, consent.VerifyPortalLogin, consent.VerifyRepresentative}

// OpenVerify asks how the identity was checked.
func (d *RequestDetail) OpenVerify() {
	loc := d.env.Loc
	method := kit.NewCodeSelect(verifyChoices, func(m string) string { return kit.VerifyLabel(loc, m) }, nil)
	method.SetSelected(consent.VerifyIDDocument)
	ok := kit.NewEscCheck(loc.T("requests.verify.confirmed"), nil)
	ok.SetChecked(true)
	hint := kit.WrapLabel(loc.T("requests.verify.hint"))
	hint.Importance = widget.LowImportance
	body := container.NewVBox(widget.NewForm(widget.NewFormItem(loc.T("requests.verify.by"), method.EscSelect)), ok, hint)
	dialog.ShowCustomConfirm(loc.T("requests.verify.title"), loc.T("requests.record"), loc.T("common.cancel"), container.New(&kit.FixedWidth{Width: 440}, body), func(yes bool) {
		if yes {
			d.Verify(method.Code(), ok.Checked)
		}
	}, d.env.Win)
}

func (d *RequestDetail) openExtend() {
	maxMonths := []string{"1", "2"}
	if d.req.Type.HIPAA() {
		maxMonths = []string{"1"}
	}
	months := kit.NewEscRadioGroup(maxMonths, nil)
	months.Horizontal = true
	months.SetSelected("1")
	reason := kit.NewEscMultiLineEntry()
	loc := d.env.Loc
	reason.SetPlaceHolder(loc.T("requests.extend.reason.placeholder"))
	reason.SetMinRowsVisible(3)
	told := newToldFields(loc, d.uc.Now())
	body := widget.NewForm(widget.NewFormItem(loc.T("requests.extend.months"), months), widget.NewFormItem(loc.T("requests.extend.reason"), reason),
		widget.NewFormItem(loc.T("requests.extend.toldon"), told.date), widget.NewFormItem(loc.T("requests.extend.toldby"), told.via.EscSelect))
	dlg := dialog.NewCustomConfirm(loc.T("requests.extend.title"), loc.T("requests.extend.ok"), loc.T("common.cancel"), container.New(&kit.FixedWidth{Width: 460}, body), func(yes bool) {
		if yes {
			n, _ := strconv.Atoi(months.Selected)
			x, err := told.notice(loc, n, reason.Text, d.uc.Now())
			if err != nil {
				d.env.ShowError(err)
				return
			}
			d.Extend(x)
		}
	}, d.env.Win)
	kit.ConfirmOnEnter(dlg, body)
	dlg.Show()
}

// DenyForm asks for the legal ground of a denial; Deny stays disabled
// until a ground is chosen.
type DenyForm struct {
	detail  *RequestDetail
	grounds []consent.LegalGround
	ground  *kit.EscSelect
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
			labels = append(labels, usecase.GroundText(d.env.Loc, g.Code))
		}
	}
	f.confirm = widget.NewButton(d.env.Loc.T("requests.deny.ok"), f.Submit)
	f.confirm.Importance = widget.DangerImportance
	f.confirm.Disable()
	f.ground = kit.NewEscSelect(labels, func(string) { kit.SetEnabled(f.ground.SelectedIndex() >= 0, f.confirm) })
	f.ground.PlaceHolder = d.env.Loc.T("requests.deny.ground")
	msg := kit.WrapLabel(d.env.Loc.T("requests.deny.msg"))
	body := container.NewVBox(msg, f.ground, container.NewHBox(kit.Spacer(), f.confirm))
	f.dlg = dialog.NewCustom(d.env.T("requests.deny.ok"), d.env.T("common.cancel"), container.New(&kit.FixedWidth{Width: 620}, body), d.env.Win)
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
	dialog.ShowConfirm(d.env.T("requests.lift.title"), d.env.Loc.T("requests.lift.confirm", "Name", d.view.names.label(d.req.SubjectID)), func(ok bool) {
		if ok {
			d.liftRestriction()
		}
	}, d.env.Win)
}

// liftRestriction ends a completed restriction: the vault clears the
// record's flag, then the request records the lift.
func (d *RequestDetail) liftRestriction() {
	r := d.req
	var err error
	d.env.RunBusy(d.bar, func() { _, err = d.uc.LiftRestriction(r) }, func() {
		if err != nil {
			d.env.ShowError(err)
		} else {
			d.status.SetText(d.env.Loc.T("requests.done.lift"))
		}
		d.Reload()
		d.view.Reload()
	})
}

// Loaded reports whether the request was read.
func (d *RequestDetail) Loaded() bool { return d.loaded }

// Busy reports whether a step is running.
func (d *RequestDetail) Busy() bool { return d.bar.Visible() }
