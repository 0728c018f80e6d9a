package printdoc

import (
	"html/template"
	"maps"

	"custodia/consent"
	"custodia/i18n"
)

// The words of an access report the PDF (AccessReportPDF) and the HTML
// page (AccessPages) share: retention, recipients, the reason a purpose
// is stopped, sources and transfers, worded from the report's codes in
// the reader's language (area "accessterms"). A report without codes (or
// a code the catalogue does not know) keeps the English text consent
// stored, never an empty cell.

// retentionWords are the purpose's retention lines.
func retentionWords(loc *i18n.Localizer, ap consent.AccessPurpose) []string {
	if len(ap.RetentionTerms) != len(ap.Retention) {
		return ap.Retention
	}
	out := make([]string, len(ap.RetentionTerms))
	for i, t := range ap.RetentionTerms {
		out[i] = retentionTermWords(loc, t)
	}
	return out
}

// retentionTermWords words one retention line: until a date, a period
// after its trigger, while the consent counts, or no rule.
func retentionTermWords(loc *i18n.Localizer, t consent.RetentionTerm) string {
	what := loc.Label("record", string(t.Category), "")
	if t.ConsentRecord {
		what = loc.T("accessterms.consentRecord")
	}
	if t.NoRule {
		return loc.T("domaintext.ropa.retention.none", "Record", what)
	}
	per := loc.RetentionPeriod(t.Years, t.Months)
	src := loc.LegalSource(t.RuleID, t.LegalSource)
	trig := loc.Label("trigger", string(t.Trigger), "")
	switch {
	case t.ConsentRecord && t.WhileConsent:
		return loc.T("accessterms.retention.whileConsent", "Record", what, "Period", per, "Source", src)
	case t.ConsentRecord:
		return loc.T("accessterms.retention.consentUntil", "Record", what, "Date", loc.Date(t.Until), "Source", src)
	case t.Until.IsZero():
		return loc.T("domaintext.ropa.retention", "Record", what, "Period", per, "Trigger", trig, "Source", src)
	}
	return loc.T("accessterms.retention.until", "Record", what, "Date", loc.Date(t.Until), "Period", per, "Trigger", trig, "Source", src)
}

// recipientNames are the recipients the purpose's data went or may go to
// by consent or disclosure, with their category.
func recipientNames(loc *i18n.Localizer, ap consent.AccessPurpose) []string {
	if len(ap.RecipientRefs) != len(ap.Recipients) {
		out := make([]string, len(ap.Recipients)) // a report made before the codes
		for i, n := range ap.Recipients {
			out[i] = n
			if i < len(ap.RecipientIDs) {
				out[i] = loc.Translate("recipient", ap.RecipientIDs[i], n)
			}
		}
		return out
	}
	return refWords(loc, ap.RecipientRefs)
}

// mayReceiveNames are the recipients a purpose without consent discloses
// to when needed.
func mayReceiveNames(loc *i18n.Localizer, ap consent.AccessPurpose) []string {
	if len(ap.MayReceiveRefs) != len(ap.MayReceive) {
		return ap.MayReceive
	}
	return refWords(loc, ap.MayReceiveRefs)
}

func refWords(loc *i18n.Localizer, refs []consent.RecipientRef) []string {
	out := make([]string, len(refs))
	for i, r := range refs {
		out[i] = refWord(loc, r)
	}
	return out
}

// refWord is a recipient's name and category: "Partnerlabor
// (Auftragsverarbeiter (Labor))".
func refWord(loc *i18n.Localizer, r consent.RecipientRef) string {
	name := refName(loc, r)
	if r.Category == "" || r.Study != "" {
		return name
	}
	return name + " (" + loc.RecipientCategory(r.Category) + ")"
}

// refName is a recipient's name; a research study's recipient names the
// study too.
func refName(loc *i18n.Localizer, r consent.RecipientRef) string {
	if r.Study != "" {
		return loc.T("accessterms.study", "Recipient", r.Name, "Study", r.Study)
	}
	return loc.Translate("recipient", r.ID, r.Name)
}

// recipientWord names a recipient by id (a disclosure's): the name the
// report gives it, worded.
func recipientWord(loc *i18n.Localizer, r consent.AccessReport, id string) string {
	for _, ap := range r.Purposes {
		for _, ref := range ap.RecipientRefs {
			if ref.ID == id {
				return refName(loc, ref)
			}
		}
	}
	return loc.Label("recipient", id, "")
}

// stoppedWords says why processing for the purpose is stopped, "" while
// it runs: addressed to the patient where the catalogue has the words
// (restricted, objected, erased), else the decision reason staff read.
func stoppedWords(loc *i18n.Localizer, ap consent.AccessPurpose) string {
	c := string(ap.StoppedCode)
	switch {
	case ap.Stopped == "" && c == "":
		return ""
	case c != "" && loc.Has("accessterms.stopped."+c):
		return loc.T("accessterms.stopped." + c)
	case c != "" && loc.Has(i18n.DecisionReasonID(c)):
		return loc.DecisionReason(c)
	}
	return ap.Stopped
}

// sourceWords say where the patient's data came from.
func sourceWords(loc *i18n.Localizer, r consent.AccessReport) []string {
	if len(r.SourceTerms) != len(r.Sources) {
		return r.Sources
	}
	out := make([]string, len(r.SourceTerms))
	for i, s := range r.SourceTerms {
		out[i] = sourceWord(loc, s)
	}
	return out
}

func sourceWord(loc *i18n.Localizer, s consent.Source) string {
	id := "accessterms.source." + string(s.Code)
	if !loc.Has(id) {
		return s.English()
	}
	return loc.T(id, "Relation", loc.Label("relation", s.Relation, ""))
}

// requestArticle is the provision a request type rests on: "Art. 15
// DSGVO".
func requestArticle(loc *i18n.Localizer, t consent.RequestType) string {
	if id := "accessterms.article." + string(t); loc.Has(id) {
		return loc.T(id)
	}
	return t.Article()
}

// transferRecipient names a third-country recipient.
func transferRecipient(loc *i18n.Localizer, t consent.Transfer) string {
	return loc.Translate("recipient", t.RecipientID, t.Recipient)
}

// accessTermFuncs are the template functions of these words; renderPage
// binds them with pageFuncs.
func accessTermFuncs(loc *i18n.Localizer) template.FuncMap {
	return template.FuncMap{
		"retention":   func(ap consent.AccessPurpose) []string { return retentionWords(loc, ap) },
		"stopped":     func(ap consent.AccessPurpose) string { return stoppedWords(loc, ap) },
		"sources":     func(r consent.AccessReport) []string { return sourceWords(loc, r) },
		"recipientOf": func(r consent.AccessReport, id string) string { return recipientWord(loc, r, id) },
		"transferTo":  func(t consent.Transfer) string { return transferRecipient(loc, t) },
	}
}

// allPageFuncs are pageFuncs and accessTermFuncs together.
func allPageFuncs(loc *i18n.Localizer) template.FuncMap {
	m := pageFuncs(loc)
	maps.Copy(m, accessTermFuncs(loc))
	return m
}
