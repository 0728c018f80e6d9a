package app

import (
	"strings"

	"custodia/consent"
	"custodia/i18n"
)

// A shipped retention rule stores its legal source as the shipped English
// text, which every front end words in the reader's language
// (LegalSourceText). Editing a rule keeps that link: the form (or the
// command) offers the source in the reader's language, and when the person
// leaves it as offered, the rule keeps the shipped text (and stays
// translated); a changed text is the practice's own and is stored, and
// shown, as typed.

// EditableLegalSource is the legal source a rule's edit form offers: a
// shipped rule's in the reader's language, a practice's own as written.
func EditableLegalSource(loc *i18n.Localizer, r consent.RetentionRule) string {
	return LegalSourceText(loc, r.ID, r.LegalSource)
}

// EditedLegalSource is the legal source to store when a person edited the
// offered text into typed: the rule's stored source when typed is what
// EditableLegalSource offered (spaces around it aside), else typed.
func EditedLegalSource(loc *i18n.Localizer, r consent.RetentionRule, typed string) string {
	typed = strings.TrimSpace(typed)
	if typed == strings.TrimSpace(EditableLegalSource(loc, r)) {
		return r.LegalSource
	}
	return typed
}
