package app

import "custodia/i18n"

// LegalSourceText words the legal source of an erasure plan's or
// certificate's record category as RetentionRuleWords words a rule's: a
// shipped rule's source in the reader's language while the stored text is
// still the shipped English one, a practice's own text as written.
// ruleID may be "" (a certificate names no rule): the shipped rule whose
// source the stored text is then stands for it.
func LegalSourceText(loc *i18n.Localizer, ruleID, stored string) string {
	if ruleID == "" {
		ruleID = shippedRuleWithSource(stored)
	}
	return loc.LegalSource(ruleID, stored)
}

// shippedRuleWithSource is the id of a shipped retention rule (of any
// country) whose legal source is text, "" when none is.
func shippedRuleWithSource(text string) string {
	if text == "" {
		return ""
	}
	schedules, err := ShippedSchedules()
	if err != nil {
		return "" // the shipped asset is checked by its own tests; the text stays as stored
	}
	for _, rules := range schedules {
		for _, r := range rules {
			if r.LegalSource == text {
				return r.ID
			}
		}
	}
	return ""
}
