package dashboard

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"custodia/app"
	"custodia/consent"
	"custodia/ui/kit"
)

// show puts a loaded dashboard on screen.
func (v *View) show(d app.Dashboard, pics []chartImage) {
	v.last = d
	v.asOf.SetText(v.loc.T("dashboard.asOf", "When", v.loc.DateTime(d.At)))
	empty := Empty(d)
	v.empty.Hidden = !empty
	v.showCharts(pics, !empty)
	v.showRequests(d)
	v.showBreaches(d)
	v.showRetention(d)
	v.showRenewals(d)
	v.content.Refresh()
}

// Empty reports whether nothing needs the DPO's attention.
func Empty(d app.Dashboard) bool {
	return d.Open == 0 && len(d.Breaches) == 0 && d.Retention.Due == 0 && d.Retention.Coming == 0 && d.Renewals == 0 && d.ConsentsUnread == ""
}

func (v *View) showRequests(d app.Dashboard) {
	c := &v.requests
	c.setFigure(v.loc.Int(d.Open))
	if d.Open == 0 {
		c.setLines(plain(v.loc.T("dashboard.requests.none")))
		c.setEntries()
		return
	}
	var states []string
	for _, s := range d.ByState {
		states = append(states, v.loc.Label("state", string(s.State), string(s.State))+" "+v.loc.Int(s.N))
	}
	overdue := plain(v.loc.T("dashboard.requests.overdue", "Count", v.loc.Int(d.Overdue)))
	if d.Overdue > 0 {
		overdue.Importance = widget.DangerImportance
	}
	soon := plain(v.loc.T("dashboard.requests.dueSoon", "Count", v.loc.Int(d.DueSoon), "Days", consent.AmberDays))
	if d.DueSoon > 0 {
		soon.Importance = widget.WarningImportance
	}
	c.setLines(plain(v.loc.N("dashboard.requests.open", d.Open)+": "+strings.Join(states, ", ")), overdue, soon,
		heading(v.loc.T("dashboard.deadlines.title")))
	var rows []fyne.CanvasObject
	for _, r := range d.Deadlines {
		rows = append(rows, v.deadlineRow(d, r))
	}
	c.setEntries(rows...)
}

// deadlineRow is one request on the clock: its due date and days left in
// the clock's colour, what and whose, and the rule that moved the date.
func (v *View) deadlineRow(d app.Dashboard, r app.RequestDeadline) fyne.CanvasObject {
	left := plain(v.loc.T("dashboard.deadlines.due", "Date", v.loc.Date(r.Deadline.Due)) + " · " + v.daysLeft(r.DaysLeft))
	left.Importance = kit.ClockImportance(r.Clock)
	what := v.loc.T("dashboard.deadlines.entry", "Type", v.loc.T("dashboard.type."+string(r.Request.Type)),
		"Patient", v.subject(d, r.Request.SubjectID))
	var open func()
	if v.opts.Links.Request != nil {
		id := r.Request.ID
		open = func() { v.opts.Links.Request(id) }
	}
	row := []fyne.CanvasObject{entry(what, open), left}
	if r.Deadline.Moved() {
		rule := plain(v.loc.T("dashboard.deadlines.moved", "Nominal", v.loc.Date(r.Deadline.Nominal),
			"Why", v.skipped(r.Deadline.Skipped), "Due", v.loc.Date(r.Deadline.Due)))
		rule.TextStyle.Italic = true
		row = append(row, rule)
	}
	return widget.NewCard("", "", vbox(row...))
}

// skipped names the days a deadline skipped in the user's language:
// weekends in words, public holidays by their name.
func (v *View) skipped(names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = v.loc.DeadlineReason(n)
		if n == "weekend" { // "moved past the weekend"
			out[i] = v.loc.T("dashboard.deadlines.weekend")
		}
	}
	return strings.Join(out, ", ")
}

func (v *View) daysLeft(left int) string {
	switch {
	case left < 0:
		return v.loc.N("dashboard.deadlines.late", -left)
	case left == 0:
		return v.loc.T("dashboard.deadlines.today")
	}
	return v.loc.N("dashboard.deadlines.left", left)
}

func (v *View) showBreaches(d app.Dashboard) {
	c := &v.breaches
	c.setFigure(v.loc.Int(len(d.Breaches)))
	if len(d.Breaches) == 0 {
		c.setLines(plain(v.loc.T("dashboard.breaches.none")))
		c.setEntries()
		return
	}
	c.setLines(plain(v.loc.N("dashboard.breaches.count", len(d.Breaches))))
	var rows []fyne.CanvasObject
	for _, b := range d.Breaches {
		clock := plain(v.breachLeft(b.Left))
		clock.Importance = kit.ClockImportance(b.Clock)
		text := v.loc.T("dashboard.breaches.entry", "Aware", v.loc.DateTime(b.Breach.AwareAt), "Description", oneLine(b.Breach.Description))
		rows = append(rows, widget.NewCard("", "", vbox(entry(text, v.opts.Links.Breaches), clock)))
	}
	c.setEntries(rows...)
}

func (v *View) breachLeft(left time.Duration) string {
	id := "dashboard.breaches.left"
	if left < 0 {
		id, left = "dashboard.breaches.late", -left
	}
	left = left.Round(time.Minute)
	return v.loc.T(id, "Hours", int(left/time.Hour), "Minutes", int(left%time.Hour/time.Minute))
}

func (v *View) showRetention(d app.Dashboard) {
	c := &v.retention
	rt := d.Retention
	c.setFigure(v.loc.Int(rt.Due))
	var lines []fyne.CanvasObject
	if rt.Due == 0 {
		lines = append(lines, plain(v.loc.T("dashboard.retention.none")))
	} else {
		var cats []string
		for _, cc := range rt.ByCategory {
			cats = append(cats, v.category(cc.Category)+" "+v.loc.Int(cc.N))
		}
		lines = append(lines, plain(v.loc.N("dashboard.retention.due", rt.Due)+": "+strings.Join(cats, ", ")))
	}
	if rt.Coming > 0 {
		lines = append(lines, plain(v.loc.N("dashboard.retention.coming", rt.Coming, "Days", days(app.RetentionWindow))))
	}
	if rt.NoRecords {
		lines = append(lines, plain(v.loc.T("dashboard.retention.noRecords")))
	}
	c.setLines(lines...)
	var rows []fyne.CanvasObject
	for _, it := range rt.Oldest {
		rows = append(rows, entry(v.retentionText("dashboard.retention.dueSince", d, it), v.opts.Links.Retention))
	}
	for _, it := range rt.Next {
		rows = append(rows, entry(v.retentionText("dashboard.retention.dueOn", d, it), v.opts.Links.Retention))
	}
	c.setEntries(rows...)
}

func (v *View) retentionText(id string, d app.Dashboard, it consent.DueItem) string {
	who := v.loc.T("dashboard.retention.noSubject")
	if it.Item.SubjectID != "" {
		who = v.subject(d, it.Item.SubjectID)
	}
	return v.loc.T(id, "Category", v.category(it.Item.Category), "Patient", who, "Date", v.loc.Date(it.DueSince))
}

func (v *View) category(c consent.RecordCategory) string {
	return v.loc.T("dashboard.category." + string(c))
}

func (v *View) showRenewals(d app.Dashboard) {
	c := &v.renewals
	c.setFigure(v.loc.Int(d.Renewals))
	if d.ConsentsUnread != "" {
		c.setFigure("—")
	}
	switch {
	case d.ConsentsUnread != "":
		warn := plain(v.loc.T("dashboard.renewals.unread", "Reason", d.ConsentsUnread))
		warn.Importance = widget.WarningImportance
		c.setLines(warn)
	case d.CatalogueGone:
		c.setLines(plain(v.loc.T("dashboard.renewals.noCatalogue")))
	case d.Renewals == 0:
		c.setLines(plain(v.loc.T("dashboard.renewals.none", "Days", days(app.RenewalWindow))))
	default:
		c.setLines(plain(v.loc.N("dashboard.renewals.count", d.Renewals, "Days", days(app.RenewalWindow))))
	}
	var rows []fyne.CanvasObject
	for _, r := range d.NextRenewals {
		id := "dashboard.renewals.expiry"
		if r.NewTextVersion > 0 {
			id = "dashboard.renewals.textChange"
		}
		purpose := d.Purposes[r.PurposeID]
		if purpose == "" {
			purpose = r.PurposeID
		}
		rows = append(rows, plain(v.loc.T(id, "Purpose", purpose, "Patient", v.subject(d, r.PatientID), "Date", v.loc.Date(r.Due))))
	}
	c.setEntries(rows...)
}

// subject names a patient, "Family, Given", or gives a short reference
// when the role may not read identities or the patient is gone.
func (v *View) subject(d app.Dashboard, id string) string {
	if p, ok := d.Subjects[id]; ok {
		return v.loc.T("dashboard.patientName", "Family", p.Family, "Given", p.Given)
	}
	ref := id
	if len(ref) > 8 {
		ref = ref[:8]
	}
	return v.loc.T("dashboard.patientRef", "Ref", ref)
}

func days(d time.Duration) int { return int(d / (24 * time.Hour)) }

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
