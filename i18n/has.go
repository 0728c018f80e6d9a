package i18n

import goi18n "github.com/nicksnyder/go-i18n/v2/i18n"

// Has reports whether the language defines id (or falls back to English
// for it). Labels for codes use it to fall back to a stored name for codes
// the catalogue does not know (a practice's own purposes, recipients).
func (l *Localizer) Has(id string) bool {
	_, err := l.loc.Localize(&goi18n.LocalizeConfig{MessageID: id})
	return err == nil
}

// Label is the message labels.<kind>.<code> when the catalogue has it,
// else fallback (or the code itself when fallback is ""). It is how codes
// (request kinds, states, methods, recipients) become words.
func (l *Localizer) Label(kind, code, fallback string) string {
	if id := "labels." + kind + "." + code; l.Has(id) {
		return l.T(id)
	}
	if fallback != "" {
		return fallback
	}
	return code
}

// Translate words a code that carries a stored name (a purpose, a
// recipient): labels.<kind>.<code> when the stored name is still the
// shipped English one, else the stored name as the practice wrote it (a
// renamed or the practice's own entry); the code when both are empty.
func (l *Localizer) Translate(kind, code, stored string) string {
	id := "labels." + kind + "." + code
	if stored == "" {
		return l.Label(kind, code, "")
	}
	shipped, err := l.en.Localize(&goi18n.LocalizeConfig{MessageID: id})
	if err == nil && shipped == stored && l.Has(id) {
		return l.T(id)
	}
	return stored
}
