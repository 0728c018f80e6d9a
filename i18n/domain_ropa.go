package i18n

import goi18n "github.com/nicksnyder/go-i18n/v2/i18n"

// Words of the record of processing activities (Art. 30) and of the
// practice's jurisdiction; the domain (package consent) keeps the codes.
// Messages in locales/domaintext.*.json.

// CountryID is the message id of a country's name (ISO 3166-1 alpha-2).
func CountryID(code string) string { return "domaintext.country." + code }

// Country names a country: "Deutschland"; the code for a country the
// catalogue does not know.
func (l *Localizer) Country(code string) string { return l.orCode(CountryID(code), code) }

// RegionID is the message id of a region's name ("DE", "BY").
func RegionID(country, region string) string { return "domaintext.region." + country + "-" + region }

// Region names a region of a country: "Bayern"; the code when unknown.
func (l *Localizer) Region(country, region string) string {
	return l.orCode(RegionID(country, region), region)
}

// Jurisdiction names a practice's country and region for people:
// "Deutschland, Bayern", "Frankreich", or that no country is set.
func (l *Localizer) Jurisdiction(country, region string) string {
	switch {
	case country == "":
		return l.T("domaintext.jurisdiction.none")
	case region == "":
		return l.Country(country)
	}
	return l.T("domaintext.jurisdiction", "Country", l.Country(country), "Region", l.Region(country, region))
}

// ROPAActivityID is the message id of a part ("name", "basis",
// "subjects", "categories", "recipients", "retention") of one of
// Custodia's own processing activities (consent.Activities).
func ROPAActivityID(activity, part string) string {
	return "domaintext.ropa.activity." + activity + "." + part
}

// ROPAActivity words a part of one of Custodia's own activities; "" for
// a part the activity does not have (no recipients, say).
func (l *Localizer) ROPAActivity(activity, part string) string {
	if id := ROPAActivityID(activity, part); l.Has(id) {
		return l.T(id)
	}
	return ""
}

// DataSubjectID is the message id of a data subject code ("patients").
func DataSubjectID(code string) string { return "domaintext.ropa.subject." + code }

// DataSubject words a data subject code: "Patientinnen und Patienten".
func (l *Localizer) DataSubject(code string) string { return l.orCode(DataSubjectID(code), code) }

// ControlID is the message id of a security measure (consent.Control).
func ControlID(code string) string { return "domaintext.ropa.control." + code }

// Control words a security measure (Art. 32) the vault reports.
func (l *Localizer) Control(code string) string { return l.orCode(ControlID(code), code) }

// RecipientCategory words a recipient's category as the catalogue stores
// it in English ("processor (laboratory)"); a category the practice
// wrote itself stays as written.
func (l *Localizer) RecipientCategory(stored string) string {
	return l.storedText("domaintext.ropa.recipientcat.", stored)
}

// Safeguard words an Art. 46 safeguard or an adequacy decision as stored
// in English ("adequacy decision (Art. 45)"); the practice's own text
// stays as written.
func (l *Localizer) Safeguard(stored string) string {
	return l.storedText("domaintext.ropa.safeguard.", stored)
}

// storedText is the message prefix+slug(stored) when its English text is
// the stored one, else stored itself.
func (l *Localizer) storedText(prefix, stored string) string {
	return l.shippedOr(prefix+slug(stored), stored)
}

// shippedOr is message id when its English text is stored (the shipped
// wording, unchanged), else stored as the practice wrote it.
func (l *Localizer) shippedOr(id, stored string) string {
	if stored == "" || !l.Has(id) {
		return stored
	}
	shipped, err := l.en.Localize(&goi18n.LocalizeConfig{MessageID: id})
	if err != nil || shipped != stored {
		return stored
	}
	return l.T(id)
}

// RetentionPeriod words a period of years and months: "10 Jahre",
// "1 Jahr 6 Monate".
func (l *Localizer) RetentionPeriod(years, months int) string {
	switch {
	case months == 0:
		return l.N("domaintext.ropa.years", years)
	case years == 0:
		return l.N("domaintext.ropa.months", months)
	}
	return l.N("domaintext.ropa.years", years) + " " + l.N("domaintext.ropa.months", months)
}

// LegalSourceID is the message id of a shipped retention rule's legal
// source (consent.RetentionRule.ID).
func LegalSourceID(ruleID string) string { return "domaintext.legalsource." + ruleID }

// LegalSource words a retention rule's legal source: the shipped rule's
// in the reader's language while the stored text is still the shipped
// English one; a source the practice wrote or changed stays as written.
func (l *Localizer) LegalSource(ruleID, stored string) string {
	return l.shippedOr(LegalSourceID(ruleID), stored)
}
