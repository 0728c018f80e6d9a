package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"custodia/app"
	"custodia/consent"
	"custodia/i18n"
)

func dashboardCommand() *command {
	c := newCommand("dashboard", "[flags]", "cli3.cmd.dashboard")
	return leaf[app.Dashboard]{nargs: noArgs, json: "cli3.flag.json",
		do: func(_ *runContext, u unlocked, _ []string) (app.Dashboard, error) {
			d, err := u.uc.Dashboard()
			return d, consentMessage(err)
		},
		show: func(ctx *runContext, _ unlocked, d app.Dashboard) error {
			return writeDashboard(ctx.stdout, ctx.words(), d)
		},
	}.build(c)
}

// writeDashboard prints the overview for people, in their language.
func writeDashboard(w io.Writer, loc *i18n.Localizer, d app.Dashboard) error {
	p := func(format string, a ...any) { fmt.Fprintf(w, format, a...) }
	p("%s — %s\n\n", loc.T("dashboard.title"), loc.T("dashboard.asOf", "When", loc.DateTime(d.At)))
	p("%s\n", loc.T("dashboard.requests.title"))
	if d.Open == 0 {
		p("  %s\n", loc.T("dashboard.requests.none"))
	} else {
		var states []string
		for _, s := range d.ByState {
			states = append(states, loc.Label("state", string(s.State), string(s.State))+" "+loc.Int(s.N))
		}
		p("  %s (%s); %s; %s\n", loc.N("dashboard.requests.open", d.Open), strings.Join(states, ", "),
			loc.T("dashboard.requests.overdue", "Count", loc.Int(d.Overdue)),
			loc.T("dashboard.requests.dueSoon", "Count", loc.Int(d.DueSoon), "Days", consent.AmberDays))
		t := &table{}
		for _, r := range d.Deadlines {
			t.add("  "+loc.Date(r.Deadline.Due), daysLeftText(loc, r.DaysLeft),
				loc.T("dashboard.deadlines.entry", "Type", loc.T("dashboard.type."+string(r.Request.Type)), "Patient", subjectText(loc, d, r.Request.SubjectID)))
		}
		if err := t.write(w); err != nil {
			return err
		}
	}
	p("\n%s\n", loc.T("dashboard.breaches.title"))
	if len(d.Breaches) == 0 {
		p("  %s\n", loc.T("dashboard.breaches.none"))
	}
	for _, b := range d.Breaches {
		p("  %s — %s\n", breachLeftText(loc, b.Left), loc.T("dashboard.breaches.entry", "Aware", loc.DateTime(b.Breach.AwareAt), "Description", b.Breach.Description))
	}
	p("\n%s\n", loc.T("dashboard.retention.title"))
	writeRetention(w, loc, d)
	p("\n%s\n", loc.T("dashboard.renewals.title"))
	switch {
	case d.ConsentsUnread != "":
		p("  %s\n", loc.T("dashboard.renewals.unread", "Reason", d.ConsentsUnread))
	case d.CatalogueGone:
		p("  %s\n", loc.T("dashboard.renewals.noCatalogue"))
	case d.Renewals == 0:
		p("  %s\n", loc.T("dashboard.renewals.none", "Days", renewalDays()))
	default:
		p("  %s\n", loc.N("dashboard.renewals.count", d.Renewals, "Days", renewalDays()))
		for _, r := range d.NextRenewals {
			p("  %s\n", renewalText(loc, d, r))
		}
	}
	return nil
}

func writeRetention(w io.Writer, loc *i18n.Localizer, d app.Dashboard) {
	rt := d.Retention
	if rt.Due == 0 {
		fmt.Fprintf(w, "  %s\n", loc.T("dashboard.retention.none"))
	} else {
		var cats []string
		for _, c := range rt.ByCategory {
			cats = append(cats, loc.T("dashboard.category."+string(c.Category))+" "+loc.Int(c.N))
		}
		fmt.Fprintf(w, "  %s (%s)\n", loc.N("dashboard.retention.due", rt.Due), strings.Join(cats, ", "))
		for _, it := range rt.Oldest {
			fmt.Fprintf(w, "  %s\n", loc.T("dashboard.retention.dueSince", "Category", loc.T("dashboard.category."+string(it.Item.Category)),
				"Patient", retentionSubject(loc, d, it.Item.SubjectID), "Date", loc.Date(it.DueSince)))
		}
	}
	if rt.Coming > 0 {
		fmt.Fprintf(w, "  %s\n", loc.N("dashboard.retention.coming", rt.Coming, "Days", int(app.RetentionWindow/(24*time.Hour))))
	}
	if rt.NoRecords {
		fmt.Fprintf(w, "  %s\n", loc.T("dashboard.retention.noRecords"))
	}
}

func renewalDays() int { return int(app.RenewalWindow / (24 * time.Hour)) }

// daysLeftText is "3 days left", "due today" or "2 days overdue".
func daysLeftText(loc *i18n.Localizer, left int) string {
	switch {
	case left < 0:
		return loc.N("dashboard.deadlines.late", -left)
	case left == 0:
		return loc.T("dashboard.deadlines.today")
	}
	return loc.N("dashboard.deadlines.left", left)
}

// breachLeftText is the time left on a breach's 72-hour clock, or how late.
func breachLeftText(loc *i18n.Localizer, left time.Duration) string {
	id := "dashboard.breaches.left"
	if left < 0 {
		id, left = "dashboard.breaches.late", -left
	}
	left = left.Round(time.Minute)
	return loc.T(id, "Hours", int(left/time.Hour), "Minutes", int(left%time.Hour/time.Minute))
}

// subjectText names a patient, or gives a short reference.
func subjectText(loc *i18n.Localizer, d app.Dashboard, id string) string {
	if p, ok := d.Subjects[id]; ok {
		return loc.T("dashboard.patientName", "Family", p.Family, "Given", p.Given)
	}
	return loc.T("dashboard.patientRef", "Ref", app.ShortRef(id)) // the short reference every screen shows
}

func retentionSubject(loc *i18n.Localizer, d app.Dashboard, id string) string {
	if id == "" {
		return loc.T("dashboard.retention.noSubject")
	}
	return subjectText(loc, d, id)
}

func renewalText(loc *i18n.Localizer, d app.Dashboard, r consent.Renewal) string {
	id := "dashboard.renewals.expiry"
	if r.NewTextVersion > 0 {
		id = "dashboard.renewals.textChange"
	}
	purpose := loc.Translate("purpose", r.PurposeID, d.Purposes[r.PurposeID])
	return loc.T(id, "Purpose", purpose, "Patient", subjectText(loc, d, r.PatientID), "Date", loc.Date(r.Due))
}
