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
