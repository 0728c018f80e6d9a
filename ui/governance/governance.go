package governance

import (
	"custodia/ui/kit"
	"strings"

	usecase "custodia/app"
	"custodia/consent"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// View is the DPO's records: retention (due list and approval),
// the breach log and the practice details. Roles without the governance
// permission see only the practice details, read-only; Retention and
// Breaches are nil for them.
type View struct {
	env       *kit.Env
	uc        *usecase.Session
	content   fyne.CanvasObject
	tabs      *container.AppTabs
	Retention *RetentionView
	Breaches  *BreachView
	Practice  *PracticeView
}

// New builds the Governance section for the session's role.
func New(a *kit.Env, uc *usecase.Session) *View {
	g := &View{env: a, uc: uc}
	g.tabs = container.NewAppTabs()
	if g.uc.Can(consent.PermGovernance) {
		g.Retention = NewRetentionView(g.env, g.uc)
		g.Breaches = newBreachView(g.env, g.uc)
		g.tabs.Append(container.NewTabItemWithIcon(a.T("governance.tab.retention"), theme.HistoryIcon(), g.Retention.content))
		g.tabs.Append(container.NewTabItemWithIcon(a.T("governance.tab.breaches"), theme.WarningIcon(), g.Breaches.content))
	}
	g.Practice = NewPracticeView(g.env, g.uc)
	g.tabs.Append(container.NewTabItemWithIcon(a.T("governance.tab.practice"), theme.HomeIcon(), g.Practice.content))
	g.tabs.OnSelected = func(*container.TabItem) { a.Touch(); g.Activate() }
	g.content = g.tabs
	return g
}

// Activate reads the selected tab's data the first time it is shown.
func (g *View) Activate() {
	switch {
	case g.Retention == nil || g.tabs.SelectedIndex() == 2:
		g.Practice.Activate()
	case g.tabs.SelectedIndex() == 1:
		g.Breaches.Activate()
	default:
		g.Retention.Activate()
	}
}

// ShowBreaches switches to the breach log.
func (g *View) ShowBreaches() { g.tabs.SelectIndex(1); g.Breaches.Activate() }

// ShowRetention switches to the retention tab.
func (g *View) ShowRetention() { g.tabs.SelectIndex(0); g.Retention.Activate() }

// ShowPractice switches to the practice details.
func (g *View) ShowPractice() {
	g.tabs.SelectIndex(len(g.tabs.Items) - 1)
	g.Practice.Activate()
}

// RetentionView lists the retention rules and the records whose period
// ended; the DPO approves their deletion, which issues a certificate.
type RetentionView struct {
	env     *kit.Env
	uc      *usecase.Session
	content fyne.CanvasObject

	rules  *kit.TextTable
	source *widget.Label // the selected rule's legal source, whole
	// mismatch says the rules are another country's schedule (hidden
	// when they are the practice's)
	mismatch *widget.Label
	due      *kit.TextTable
	ground   *widget.Label // the selected due record's ground, whole
	// names are the due list's people (retentionwords.go)
	names   dueNames
	note    *widget.Label
	approve *widget.Button
	purge   *widget.Button
	addRule *widget.Button
	reload  *widget.Button
	status  *widget.Label
	bar     *widget.ProgressBarInfinite

	ruleList []consent.RetentionRule
	dueList  []consent.DueItem
	loaded   bool
	// Certificate is the last deletion certificate issued here.
	Certificate *consent.Certificate
	// RuleForm is the last rule form opened.
	RuleForm *RuleForm
}

// NewRetentionView builds the retention tab; it reads nothing until Activate.
func NewRetentionView(a *kit.Env, uc *usecase.Session) *RetentionView {
	v := &RetentionView{env: a, uc: uc}
	// the legal source is long: the line under the table shows the
	// selected rule's whole (retentionwords.go), the table fits the tab
	v.rules = kit.NewTextTable([]string{a.T("governance.retention.col.records"), a.T("governance.retention.col.period"), a.T("governance.retention.col.from"),
		a.T("governance.retention.col.kept"), a.T("governance.retention.col.end"), a.T("governance.retention.col.country")},
		[]float32{150, 110, 230, 150, 90, 90})
	v.rules.OnSelected = v.selectRule
	v.source = kit.WrapLabel("")
	v.mismatch = kit.WrapLabel("")
	v.mismatch.Importance = widget.WarningImportance
	v.mismatch.Hide()
	v.addRule = widget.NewButtonWithIcon(a.Loc.T("governance.retention.add"), theme.ContentAddIcon(), v.NewRule)
	v.due = kit.NewTextTable([]string{a.T("governance.due.col.since"), a.T("governance.due.col.record"), a.T("governance.due.col.patient"),
		a.T("erasure.col.action"), a.T("governance.due.col.deletable")},
		[]float32{100, 170, 250, 90, 200})
	v.due.OnRowShown = v.nameRow
	v.due.OnSelected = v.showGround
	v.ground = kit.WrapLabel("") // the selected record's ground, whole (retentionwords.go)
	v.note = kit.WrapLabel("")
	v.note.Importance = widget.LowImportance
	v.approve = widget.NewButtonWithIcon(a.Loc.T("governance.due.approve"), theme.ConfirmIcon(), v.confirmApprove)
	v.approve.Importance = widget.HighImportance
	if !uc.Can(consent.PermApproveDeletion) {
		v.approve.Hide()
	}
	v.purge = widget.NewButtonWithIcon(a.Loc.T("governance.due.purge"), theme.DeleteIcon(), v.confirmPurge)
	if !v.uc.Can(consent.PermApproveDeletion) {
		v.purge.Hide()
	}
	v.reload = widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), v.Reload)
	v.status = kit.WrapLabel("")
	v.bar = kit.NewBusyBar()
	rulesTop := container.NewBorder(nil, nil, kit.BoldLabel(a.Loc.T("governance.retention.title")), v.addRule)
	rulesBox := container.NewBorder(container.NewVBox(rulesTop, v.mismatch), v.source, nil, nil, v.rules)
	dueTop := container.NewBorder(nil, nil, kit.BoldLabel(a.Loc.T("governance.due.title")), container.NewHBox(v.reload, v.purge, v.approve))
	dueBox := container.NewBorder(container.NewVBox(dueTop, v.bar), container.NewVBox(v.ground, v.note, v.status), nil, nil, v.due)
	split := container.NewVSplit(rulesBox, dueBox)
	split.Offset = 0.4
	v.content = split
	v.apply()
	return v
}

// Activate reads the data the first time the tab is shown.
func (v *RetentionView) Activate() {
	if !v.loaded {
		v.loaded = true
		v.Reload()
	}
}

// Reload reads the rules and recomputes the due list.
func (v *RetentionView) Reload() {
	var rt usecase.Retention
	var err error
	v.env.RunBusy(v.bar, func() { rt, err = v.uc.RetentionDue() }, func() {
		if err != nil {
			v.env.ShowError(err)
			return
		}
		v.ruleList, v.dueList = rt.Rules, rt.Due
		v.showMismatch(rt.Mismatch)
		v.fill()
	})
}

// showMismatch warns, above the rules, when they are another country's
// schedule than the practice's, and says how to switch.
func (v *RetentionView) showMismatch(m *usecase.Mismatch) {
	if m == nil {
		v.mismatch.Hide()
		return
	}
	v.mismatch.SetText(m.Words(v.env.Loc) + " " + v.env.T("polish.retention.mismatch.fix"))
	v.mismatch.Show()
	v.content.Refresh() // the rules move down by the warning's wrapped lines
}

// Mismatch is the warning above the rules, "" when it is hidden.
func (v *RetentionView) Mismatch() string {
	if !v.mismatch.Visible() {
		return ""
	}
	return v.mismatch.Text
}

func (v *RetentionView) fill() {
	v.fillRules() // retentionwords.go
	v.fillDue()
	note := v.env.Loc.N("governance.due.note", len(v.dueList)) + " "
	if v.uc.Can(consent.PermApproveDeletion) {
		note += v.env.T("governance.due.note.approve")
	} else {
		note += v.env.T("governance.due.note.needdpo")
	}
	v.note.SetText(note)
	v.apply()
}

// deletable reports whether the vault can delete the record today: closed
// requests. The consent ledger is append-only and disclosures are kept
// until the vault offers their deletion.
func deletable(d consent.DueItem) bool {
	return isKept(d) || (d.Item.Category == consent.RecRequests && strings.HasPrefix(d.Item.RecordID, "request:"))
}

// DeletableItems are the due items the deletion batch would delete.
func (v *RetentionView) DeletableItems() []consent.DueItem {
	var out []consent.DueItem
	for _, d := range v.dueList {
		if deletable(d) {
			out = append(out, d)
		}
	}
	return out
}

func (v *RetentionView) apply() {
	kit.SetEnabled(len(v.DeletableItems()) > 0, v.approve)
	kit.SetEnabled(len(v.KeptDue()) > 0, v.purge)
}

// Due returns the due list.
func (v *RetentionView) Due() []consent.DueItem { return v.dueList }

// Status is the line under the due list.
func (v *RetentionView) Status() string { return v.status.Text }

func (v *RetentionView) confirmApprove() {
	n := len(v.DeletableItems())
	dialog.ShowConfirm(v.env.T("governance.due.approve.title"), v.env.Loc.N("governance.due.approve.confirm", n),
		func(ok bool) {
			if ok {
				v.Approve()
			}
		}, v.env.Win)
}

// Approve makes a batch of the deletable due records, records the DPO's
// approval, deletes them and issues the certificate.
func (v *RetentionView) Approve() {
	items := v.DeletableItems()
	var cert consent.Certificate
	var err error
	v.env.RunBusy(v.bar, func() { cert, err = v.uc.DeleteDue(items) }, func() {
		if err != nil {
			v.status.SetText(v.env.Loc.T("governance.due.nothingdeleted"))
			v.env.ShowError(err)
			v.Reload()
			return
		}
		v.Certificate = &cert
		v.status.SetText(v.env.Loc.N("governance.due.deleted", cert.Count(consent.ActErase)))
		v.saveCertificatePDF(cert)
		v.Reload()
	})
}

func (v *RetentionView) confirmPurge() {
	dialog.ShowConfirm(v.env.T("governance.purge.title"), v.env.T("governance.purge.confirm"), func(ok bool) {
		if ok {
			v.Purge()
		}
	}, v.env.Win)
}

// KeptDue are the due items of kept data.
func (v *RetentionView) KeptDue() []consent.DueItem {
	var out []consent.DueItem
	for _, d := range v.dueList {
		if isKept(d) {
			out = append(out, d)
		}
	}
	return out
}

// Purge destroys the kept data whose keep-until passed as a batch the DPO
// approves, and issues the deletion certificate (usecase PurgeKept, as
// "custodiactl retention purge").
func (v *RetentionView) Purge() {
	if len(v.KeptDue()) == 0 {
		v.status.SetText(v.env.T("governance.purge.none"))
		return
	}
	var cert consent.Certificate
	var err error
	v.env.RunBusy(v.bar, func() { cert, err = v.uc.PurgeKept() }, func() {
		switch {
		case err != nil:
			v.status.SetText(v.env.Loc.T("governance.purge.nothing"))
			v.env.ShowError(err)
		case len(cert.Items) == 0:
			v.status.SetText(v.env.T("governance.purge.none"))
		default:
			v.Certificate = &cert
			v.status.SetText(v.env.Loc.N("governance.purge.done", len(cert.Items)))
			v.saveCertificatePDF(cert)
		}
		v.Reload()
	})
}

// RuleCount is how many retention rules the table shows.
func (v *RetentionView) RuleCount() int { return v.rules.Len() }

// Rules is the table of retention rules (read-only use).
func (v *RetentionView) Rules() *kit.TextTable { return v.rules }

// TabCount is how many tabs the role sees.
func (g *View) TabCount() int { return len(g.tabs.Items) }

// Content is what the shell shows in the Governance section.
func (g *View) Content() fyne.CanvasObject { return g.content }

// CanApprove reports whether approving the deletions is offered (the DPO)
// and possible now.
func (v *RetentionView) CanApprove() bool { return v.approve.Visible() && !v.approve.Disabled() }

// CanPurge reports whether purging kept data is offered and possible now.
func (v *RetentionView) CanPurge() bool { return v.purge.Visible() && !v.purge.Disabled() }

// RuleList are the retention rules in the order the table shows them.
func (v *RetentionView) RuleList() []consent.RetentionRule { return v.ruleList }
