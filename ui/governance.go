package ui

import (
	"fmt"
	"strings"
	"time"

	"custodia/consent"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// SectionGovernance holds the retention schedule, the breach log and the
// practice details.
const SectionGovernance = "Governance"

// GovernanceView is the DPO's records: retention (due list and approval),
// the breach log and the practice details. Roles without the governance
// permission see only the practice details, read-only; Retention and
// Breaches are nil for them.
type GovernanceView struct {
	env       consentEnv
	content   fyne.CanvasObject
	tabs      *container.AppTabs
	Retention *RetentionView
	Breaches  *BreachView
	Practice  *PracticeView
}

func newGovernanceView(a *App, s ConsentSession) *GovernanceView {
	g := &GovernanceView{env: newConsentEnv(a, s)}
	g.tabs = container.NewAppTabs()
	if g.env.can(consent.PermGovernance) {
		g.Retention = newRetentionView(g.env)
		g.Breaches = newBreachView(g.env)
		g.tabs.Append(container.NewTabItemWithIcon("Retention", theme.HistoryIcon(), g.Retention.content))
		g.tabs.Append(container.NewTabItemWithIcon("Breach log", theme.WarningIcon(), g.Breaches.content))
	}
	g.Practice = newPracticeView(g.env)
	g.tabs.Append(container.NewTabItemWithIcon("Practice details", theme.HomeIcon(), g.Practice.content))
	g.tabs.OnSelected = func(*container.TabItem) { a.Touch(); g.activate() }
	g.content = g.tabs
	return g
}

func (g *GovernanceView) activate() {
	switch {
	case g.Retention == nil || g.tabs.SelectedIndex() == 2:
		g.Practice.activate()
	case g.tabs.SelectedIndex() == 1:
		g.Breaches.activate()
	default:
		g.Retention.activate()
	}
}

// ShowBreaches switches to the breach log.
func (g *GovernanceView) ShowBreaches() { g.tabs.SelectIndex(1); g.Breaches.activate() }

// ShowRetention switches to the retention tab.
func (g *GovernanceView) ShowRetention() { g.tabs.SelectIndex(0); g.Retention.activate() }

// ShowPractice switches to the practice details.
func (g *GovernanceView) ShowPractice() {
	g.tabs.SelectIndex(len(g.tabs.Items) - 1)
	g.Practice.activate()
}

// RetentionView lists the retention rules and the records whose period
// ended; the DPO approves their deletion, which issues a certificate.
type RetentionView struct {
	env     consentEnv
	content fyne.CanvasObject

	rules   *textTable
	due     *textTable
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

func newRetentionView(env consentEnv) *RetentionView {
	v := &RetentionView{env: env}
	v.rules = newTextTable([]string{"Records", "Period", "Counts from", "Kept against erasure", "At the end", "Country", "Legal source"},
		[]float32{150, 110, 230, 150, 90, 90, 520})
	v.rules.OnSelected = v.EditRule
	v.addRule = widget.NewButtonWithIcon("Add rule…", theme.ContentAddIcon(), v.NewRule)
	v.due = newTextTable([]string{"Due since", "Record", "Patient", "Records", "Action", "Deletable", "Why"},
		[]float32{100, 250, 110, 150, 90, 200, 420})
	v.note = wrapLabel("")
	v.note.Importance = widget.LowImportance
	v.approve = widget.NewButtonWithIcon("Approve deletion…", theme.ConfirmIcon(), v.confirmApprove)
	v.approve.Importance = widget.HighImportance
	if !env.can(consent.PermApproveDeletion) {
		v.approve.Hide()
	}
	v.purge = widget.NewButtonWithIcon("Purge expired kept data…", theme.DeleteIcon(), v.confirmPurge)
	if !env.can(consent.PermApproveDeletion) {
		v.purge.Hide()
	}
	v.reload = widget.NewButtonWithIcon("", theme.ViewRefreshIcon(), v.Reload)
	v.status = wrapLabel("")
	v.bar = newBusyBar()
	rulesTop := container.NewBorder(nil, nil, boldLabel("Retention schedule (select a rule to change it)"), v.addRule)
	rulesBox := container.NewBorder(rulesTop, nil, nil, nil, v.rules)
	dueTop := container.NewBorder(nil, nil, boldLabel("Due for deletion"), container.NewHBox(v.reload, v.purge, v.approve))
	dueBox := container.NewBorder(container.NewVBox(dueTop, v.bar), container.NewVBox(v.note, v.status), nil, nil, v.due)
	split := container.NewVSplit(rulesBox, dueBox)
	split.Offset = 0.4
	v.content = split
	v.apply()
	return v
}

func (v *RetentionView) activate() {
	if !v.loaded {
		v.loaded = true
		v.Reload()
	}
}

// Reload reads the rules and recomputes the due list.
func (v *RetentionView) Reload() {
	var rules []consent.RetentionRule
	var due []consent.DueItem
	var err error
	v.env.run(v.bar, func() {
		if err = v.env.seed(); err != nil && err != errCatalogueEmpty {
			return
		}
		if rules, err = v.env.store().ListRetentionRules(v.env.ctx); err != nil {
			return
		}
		var items []consent.RetentionItem
		if items, err = retentionItems(v.env); err == nil {
			due = consent.DueForDeletion(items, rules, v.env.now())
		}
	}, func() {
		if err != nil {
			v.env.app.showError(err)
			return
		}
		v.ruleList, v.dueList = rules, due
		v.fill()
	})
}

func (v *RetentionView) fill() {
	rows := make([][]tableCell, len(v.ruleList))
	for i, r := range v.ruleList {
		rows[i] = []tableCell{{text: r.Category.Label(), bold: true}, cell(periodText(r)), cell(countsFromText(r)),
			cell(orDashUI(r.ExceptionText())), cell(actionText(r.OnExpiry)), cell(orDashUI(consent.CountryName(r.Country))), cell(r.LegalSource)}
	}
	v.rules.SetRows(rows)
	due := make([][]tableCell, len(v.dueList))
	for i, d := range v.dueList {
		del := "yes"
		switch {
		case isKept(d):
			del = "yes: kept after an erasure"
		case strings.HasPrefix(d.Item.RecordID, "patient:"):
			del = "through an erasure request"
		case !deletable(d):
			del = "not yet (vault keeps it)"
		}
		due[i] = []tableCell{cell(dateText(d.DueSince)), cell(d.Item.RecordID), cell(orDashUI(d.Item.SubjectID)),
			cell(d.Item.Category.Label()), {text: actionText(d.Action), imp: actionImportance(d.Action)}, cell(del), cell(d.LegalSource)}
	}
	v.due.SetRows(due)
	note := fmt.Sprintf("%d record(s) due. Closed requests, disclosures, ended consents, patient records (counted from the last treatment) and data kept after an erasure (from its keep-until date) are listed; patient records are deleted through erasure requests. ", len(v.dueList))
	if v.env.can(consent.PermApproveDeletion) {
		note += "Approving deletes the deletable records and issues a deletion certificate."
	} else {
		note += "Deletion needs the data-protection officer's approval."
	}
	v.note.SetText(note)
	v.apply()
}

func periodText(r consent.RetentionRule) string {
	s := fmt.Sprintf("%d y", r.Years)
	if r.Months > 0 {
		s += fmt.Sprintf(" %d m", r.Months)
	}
	return s
}

// deletable reports whether the vault can delete the record today: closed
// requests. The consent ledger is append-only and disclosures are kept
// until the vault offers their deletion.
func deletable(d consent.DueItem) bool {
	return isKept(d) || (d.Item.Category == consent.RecRequests && strings.HasPrefix(d.Item.RecordID, "request:"))
}

func (v *RetentionView) deletableItems() []consent.DueItem {
	var out []consent.DueItem
	for _, d := range v.dueList {
		if deletable(d) {
			out = append(out, d)
		}
	}
	return out
}

func (v *RetentionView) apply() {
	setEnabled(len(v.deletableItems()) > 0, v.approve)
	setEnabled(len(v.keptDue()) > 0, v.purge)
}

// Due returns the due list.
func (v *RetentionView) Due() []consent.DueItem { return v.dueList }

// Status is the line under the due list.
func (v *RetentionView) Status() string { return v.status.Text }

func (v *RetentionView) confirmApprove() {
	n := len(v.deletableItems())
	dialog.ShowConfirm("Approve deletion", fmt.Sprintf("Delete %d record(s) whose retention period ended? This cannot be undone; a deletion certificate is issued.", n),
		func(ok bool) {
			if ok {
				v.Approve()
			}
		}, v.env.app.win)
}

// Approve makes a batch of the deletable due records, records the DPO's
// approval, deletes them and issues the certificate.
func (v *RetentionView) Approve() {
	items := v.deletableItems()
	var cert consent.Certificate
	var err error
	v.env.run(v.bar, func() { cert, err = deleteBatch(v.env, items) }, func() {
		if err != nil {
			v.status.SetText("Nothing deleted.")
			v.env.app.showError(err)
			v.Reload()
			return
		}
		v.Certificate = &cert
		v.status.SetText(fmt.Sprintf("Deletion certificate %s: %d record(s) deleted.", cert.ID, cert.Count(consent.ActErase)))
		saveHTML(v.env, "deletion-certificate-"+cert.ID+".html", cert.WriteHTML, nil)
		v.Reload()
	})
}

func deleteBatch(env consentEnv, items []consent.DueItem) (consent.Certificate, error) {
	now := env.now()
	b, err := consent.NewDeletionBatch(items, env.actor(), now)
	if err != nil {
		return consent.Certificate{}, err
	}
	if b, err = b.Approve(env.actor(), now); err != nil {
		return consent.Certificate{}, err
	}
	if err := purgeKeptOf(env, b); err != nil {
		return consent.Certificate{}, err
	}
	var results []consent.ExecutionResult
	for _, d := range b.Items {
		if isKept(d) {
			results = append(results, consent.ExecutionResult{Category: d.Item.Category, RecordID: d.Item.RecordID, Action: d.Action, Records: 1})
			continue
		}
		id := strings.TrimPrefix(d.Item.RecordID, "request:")
		r, err := env.store().GetRequest(env.ctx, id)
		if err != nil {
			return consent.Certificate{}, err
		}
		if err := env.store().DeleteRequest(env.ctx, id, r.Version); err != nil {
			return consent.Certificate{}, err
		}
		results = append(results, consent.ExecutionResult{Category: d.Item.Category, RecordID: d.Item.RecordID, Action: d.Action, Records: 1})
	}
	cert, err := consent.RetentionCertificate(b, results, env.actor(), now)
	if err != nil {
		return cert, err
	}
	return cert, env.store().AddCertificate(env.ctx, cert)
}

// retentionItems lists the records the schedule applies to from the
// consent store: requests (open ones on hold), disclosures, and grants
// that no longer count, dated when they ended.
func retentionItems(env consentEnv) ([]consent.RetentionItem, error) {
	reqs, err := env.store().ListRequests(env.ctx, consent.RequestFilter{})
	if err != nil {
		return nil, err
	}
	var out []consent.RetentionItem
	for _, r := range reqs {
		out = append(out, consent.RetentionItem{RecordID: "request:" + r.ID, SubjectID: r.SubjectID,
			Category: consent.RecRequests, TriggerAt: r.ClosedAt, Hold: r.Open()})
	}
	ds, err := env.store().ListDisclosures(env.ctx, "")
	if err != nil {
		return nil, err
	}
	for _, d := range ds {
		out = append(out, consent.RetentionItem{RecordID: "disclosure:" + d.ID, SubjectID: d.PatientID,
			Category: consent.RecDisclosures, TriggerAt: d.At})
	}
	more, err := endedConsents(env)
	if err != nil {
		return nil, err
	}
	out = append(out, more...)
	if more, err = keptItems(env); err != nil {
		return nil, err
	}
	out = append(out, more...)
	if rs, ok := env.s.(patientRetention); ok {
		more, err = rs.RetentionItems()
		out = append(out, more...)
	}
	return out, err
}

// patientRetention is a session that lists patient records for the
// retention schedule (the vault does; the vault counts them from the last
// treatment it recorded).
type patientRetention interface {
	RetentionItems() ([]consent.RetentionItem, error)
}

func endedConsents(env consentEnv) ([]consent.RetentionItem, error) {
	cat, err := env.catalogue()
	if err == errCatalogueEmpty {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	events, err := env.store().ListEvents(env.ctx, consent.EventFilter{})
	if err != nil {
		return nil, err
	}
	ix, err := consent.BuildIndex(cat, events, nil)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]consent.Event, len(events))
	seen := map[string]bool{}
	var order []string
	for _, e := range events {
		if !seen[e.PatientID] {
			seen[e.PatientID] = true
			order = append(order, e.PatientID)
		}
		byID[e.ID] = e
	}
	var out []consent.RetentionItem
	for _, pid := range order {
		for _, s := range ix.Status(pid, env.now()) {
			at, ended := time.Time{}, false
			switch {
			case s.EndedBy != "":
				at, ended = byID[s.EndedBy].Time, true
			case s.Status == "expired":
				at, ended = s.ValidUntil, true
			}
			if ended {
				out = append(out, consent.RetentionItem{RecordID: "consent:" + s.GrantID, SubjectID: pid, Category: consent.RecConsents, TriggerAt: at})
			}
		}
	}
	return out, nil
}

func (v *RetentionView) confirmPurge() {
	dialog.ShowConfirm("Purge expired kept data", "Destroy what erasures kept under GDPR Art. 17(3) for patients whose keep-until date has passed? "+
		"Anonymised values stay. This cannot be undone; a deletion certificate is issued.", func(ok bool) {
		if ok {
			v.Purge()
		}
	}, v.env.app.win)
}

// keptDue are the due items of kept data.
func (v *RetentionView) keptDue() []consent.DueItem {
	var out []consent.DueItem
	for _, d := range v.dueList {
		if isKept(d) {
			out = append(out, d)
		}
	}
	return out
}

// Purge destroys the kept data whose keep-until passed as a batch the DPO
// approves, and issues the deletion certificate.
func (v *RetentionView) Purge() {
	items := v.keptDue()
	if len(items) == 0 {
		v.status.SetText("No kept data has passed its keep-until date.")
		return
	}
	var cert consent.Certificate
	var err error
	v.env.run(v.bar, func() { cert, err = deleteBatch(v.env, items) }, func() {
		if err != nil {
			v.status.SetText("Nothing destroyed.")
			v.env.app.showError(err)
			v.Reload()
			return
		}
		v.Certificate = &cert
		v.status.SetText(fmt.Sprintf("Kept data of %d erased patient(s) destroyed; deletion certificate %s.", len(items), cert.ID))
		saveHTML(v.env, "deletion-certificate-"+cert.ID+".html", cert.WriteHTML, nil)
		v.Reload()
	})
}
