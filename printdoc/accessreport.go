package printdoc

import (
	"fmt"
	"io"
	"strings"
	"time"

	"custodia/consent"
	"custodia/i18n"
)

// AccessReportPDF writes the human-readable part of an access or
// portability package: what is held, purposes and legal bases,
// recipients and disclosures, retention, sources, transfers, automated
// decisions, consents, requests, who consulted the record, and the
// patient's rights, in the reader's language (area "accesspdf"). The
// result is personal data: callers protect it (Protect) before it leaves
// memory. Its metadata title names no one.
func AccessReportPDF(w io.Writer, loc *i18n.Localizer, r consent.AccessReport, received time.Time) error {
	return accessReportPage(loc, r, received).output(w)
}

func accessReportPage(loc *i18n.Localizer, r consent.AccessReport, received time.Time) *page {
	p := newLocPage(loc, reportTitle(loc, r.RequestType), "accesspdf.footer", r.Controller.Name, r.GeneratedAt)
	p.sender(r.Controller)
	p.title(reportTitle(loc, r.RequestType))
	p.para(loc.T("accesspdf.intro", "Practice", r.Controller.Name, "Received", loc.Date(received),
		"Article", requestArticle(loc, r.RequestType), "Issued", loc.Date(r.GeneratedAt)))
	reportHeld(p, loc, r)
	reportPurposes(p, loc, r)
	reportRecipients(p, loc, r)
	reportRetention(p, loc, r)
	p.heading(loc.T("accesspdf.sources"))
	p.para(bullets(sourceWords(loc, r)))
	reportTransfers(p, loc, r)
	p.heading(loc.T("accesspdf.automated"))
	p.para(loc.T("accesspdf.automated.none"))
	reportConsents(p, loc, r)
	reportRequests(p, loc, r)
	reportConsultations(p, loc, r)
	p.heading(loc.T("accesspdf.rights"))
	var rights []string
	for i := 1; i <= 7; i++ {
		rights = append(rights, loc.T(fmt.Sprintf("accesspdf.right.%d", i)))
	}
	p.para(bullets(rights))
	c := r.Controller
	p.para(loc.T("accesspdf.contact", "Contact", joinNonEmpty(", ", orDash(c.DPOContact), c.Email, c.Phone)))
	return p
}

// newLocPage is newPage with the footer in the reader's language.
func newLocPage(loc *i18n.Localizer, title, footerID, practice string, created time.Time) *page {
	p := newPage(loc, title, "", created)
	pdf := p.pdf
	pdf.SetFooterFunc(func() {
		pdf.SetY(-pageMargin + 6)
		pdf.SetFont(sans, "", smallSize)
		pdf.SetTextColor(90, 90, 90)
		text := loc.T(footerID, "Practice", practice, "Page", pdf.PageNo(), "Pages", "{nb}")
		pdf.CellFormat(0, 4, text, "", 0, "C", false, 0, "")
		pdf.SetTextColor(0, 0, 0)
	})
	return p
}

func reportTitle(loc *i18n.Localizer, t consent.RequestType) string {
	switch t {
	case consent.ReqPortability:
		return loc.T("accesspdf.title.portability")
	case consent.ReqHIPAAAccess:
		return loc.T("accesspdf.title.hipaa")
	}
	return loc.T("accesspdf.title")
}

func reportHeld(p *page, loc *i18n.Localizer, r consent.AccessReport) {
	p.heading(loc.T("accesspdf.held"))
	if len(r.Sections) == 0 {
		p.para(loc.T("accesspdf.held.none"))
		return
	}
	for _, s := range heldSections(loc, r.Sections) {
		p.subheading(s.Title)
		rows := make([][]string, len(s.Rows))
		for i, row := range s.Rows {
			rows[i] = []string{row[0], orDash(row[1])}
		}
		widths, heads := heldColumns(loc, s.Kind)
		p.table(widths, heads, rows)
	}
}

func reportPurposes(p *page, loc *i18n.Localizer, r consent.AccessReport) {
	p.heading(loc.T("accesspdf.purposes"))
	var rows [][]string
	for _, ap := range r.Purposes {
		state := loc.T("accesspdf.notNeeded")
		if ap.Consent != "" {
			state = loc.T("accesspdf.consent." + ap.Consent)
		}
		if why := stoppedWords(loc, ap); why != "" {
			state += "; " + loc.T("accesspdf.stopped", "Reason", why)
		}
		rows = append(rows, []string{loc.Translate("purpose", ap.PurposeID, ap.Name), basisWords(loc, ap.Basis),
			strings.Join(categoryWords(loc, ap.Categories), ", "), state})
	}
	p.table(purposeColumns, []string{loc.T("accesspdf.purpose"), loc.T("accesspdf.basis"),
		loc.T("accesspdf.categories"), loc.T("accesspdf.consentState")}, rows)
}

// purposeColumns are the shares of the purposes table's columns (purpose,
// basis, data, consent): wide enough for the longest word of each in
// German and English (a compound breaks after its hyphen, see wrap), so
// no word breaks inside.
var purposeColumns = []float64{22, 27, 34, 17}

func reportRecipients(p *page, loc *i18n.Localizer, r consent.AccessReport) {
	p.heading(loc.T("accesspdf.recipients"))
	var lines []string
	for _, ap := range r.Purposes {
		name := loc.Translate("purpose", ap.PurposeID, ap.Name)
		if names := recipientNames(loc, ap); len(names) > 0 {
			lines = append(lines, loc.T("accesspdf.recipients.consented", "Purpose", name, "Recipients", strings.Join(names, ", ")))
		}
		if may := mayReceiveNames(loc, ap); len(may) > 0 {
			lines = append(lines, loc.T("accesspdf.recipients.may", "Purpose", name, "Recipients", strings.Join(may, ", ")))
		}
	}
	if len(lines) == 0 {
		lines = append(lines, loc.T("accesspdf.recipients.none"))
	}
	p.para(bullets(lines))
	if len(r.Disclosures) == 0 {
		return
	}
	p.subheading(loc.T("accesspdf.disclosures"))
	rows := make([][]string, len(r.Disclosures))
	for i, d := range r.Disclosures {
		rows[i] = []string{recipientWord(loc, r, d.Recipient), purposeWord(loc, r, d.PurposeID),
			strings.Join(categoryWords(loc, d.Categories), ", "), loc.Date(d.At)}
	}
	p.table([]float64{30, 25, 30, 15}, []string{loc.T("accesspdf.recipient"), loc.T("accesspdf.purpose"),
		loc.T("accesspdf.categories"), loc.T("accesspdf.date")}, rows)
}

func reportRetention(p *page, loc *i18n.Localizer, r consent.AccessReport) {
	p.heading(loc.T("accesspdf.retention"))
	var lines []string
	for _, ap := range r.Purposes {
		name := loc.Translate("purpose", ap.PurposeID, ap.Name)
		for _, ret := range retentionWords(loc, ap) {
			lines = append(lines, name+": "+ret)
		}
	}
	p.para(bullets(lines))
}

func reportTransfers(p *page, loc *i18n.Localizer, r consent.AccessReport) {
	p.heading(loc.T("accesspdf.transfers"))
	if len(r.Transfers) == 0 {
		p.para(loc.T("accesspdf.transfers.none"))
		return
	}
	var lines []string
	for _, t := range r.Transfers {
		lines = append(lines, loc.T("accesspdf.transfer", "Recipient", transferRecipient(loc, t), "Country", loc.Country(t.Country),
			"Safeguard", loc.Safeguard(t.Safeguard)))
	}
	p.para(bullets(lines))
}

func reportConsents(p *page, loc *i18n.Localizer, r consent.AccessReport) {
	if len(r.Consents) == 0 {
		return
	}
	p.heading(loc.T("accesspdf.consents"))
	rows := make([][]string, len(r.Consents))
	for i, c := range r.Consents {
		rows[i] = []string{purposeWord(loc, r, c.PurposeID), consentState(loc, c.Status), loc.Date(c.Since), dateOr(loc, c.ValidUntil)}
	}
	p.table([]float64{40, 25, 17, 17}, []string{loc.T("accesspdf.purpose"), loc.T("accesspdf.state"),
		loc.T("accesspdf.since"), loc.T("accesspdf.until")}, rows)
}

func reportRequests(p *page, loc *i18n.Localizer, r consent.AccessReport) {
	if len(r.Requests) == 0 {
		return
	}
	p.heading(loc.T("accesspdf.requests"))
	rows := make([][]string, len(r.Requests))
	for i, q := range r.Requests {
		rows[i] = []string{loc.Label("request", string(q.Type), q.Type.Article()), loc.Date(q.ReceivedAt), dateOr(loc, q.ClosedAt)}
	}
	p.table([]float64{40, 30, 30}, []string{loc.T("accesspdf.request"), loc.T("accesspdf.received"), loc.T("accesspdf.closed")}, rows)
}

func reportConsultations(p *page, loc *i18n.Localizer, r consent.AccessReport) {
	if len(r.Consultations) == 0 {
		return
	}
	p.heading(loc.T("accesspdf.consultations"))
	rows := make([][]string, len(r.Consultations))
	for i, c := range r.Consultations {
		action := c.Action
		if c.ActionCode != "" {
			action = loc.AuditAction(c.ActionCode)
		}
		role := c.Role // a consultation recorded before roles were stored by code
		if c.RoleCode != "" {
			role = loc.Role(c.RoleCode)
		}
		rows[i] = []string{loc.DateTime(c.At), c.By + " (" + role + ")", action}
	}
	p.table([]float64{25, 35, 40}, []string{loc.T("accesspdf.when"), loc.T("accesspdf.who"), loc.T("accesspdf.what")}, rows)
}

// purposeNames maps purpose ids to the names the report gives them.
func purposeNames(r consent.AccessReport) func(string) string {
	m := map[string]string{}
	for _, ap := range r.Purposes {
		m[ap.PurposeID] = ap.Name
	}
	return func(id string) string {
		if n := m[id]; n != "" {
			return n
		}
		return id
	}
}

func dateOr(loc *i18n.Localizer, t time.Time) string {
	if t.IsZero() {
		return loc.T("accesspdf.none")
	}
	return loc.Date(t)
}

// bullets lists lines, one per paragraph line.
func bullets(lines []string) string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = "• " + l
	}
	return strings.Join(out, "\n")
}

// subheading is a bold body-size line.
func (p *page) subheading(text string) {
	p.pdf.SetFont(sans, "B", bodySize)
	w := p.contentWidth()
	lines := p.split(text, w)
	p.record(lines, w)
	for _, l := range lines {
		p.pdf.CellFormat(w, lineHeight+0.6, l, "", 1, "L", false, 0, "")
	}
}
