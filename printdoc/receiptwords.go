package printdoc

import (
	"time"

	"custodia/consent"
	"custodia/i18n"
)

// receiptWords words, in the page's language, what the Kantara receipt
// holds as English text for its JSON (purpose names, how the consent was
// given, how long it lasts, the text reference, category codes). It works
// from the grant events the receipt was made from, in the receipt's
// order; without them (or past their end) the receipt's own text stays.
type receiptWords struct {
	loc    *i18n.Localizer
	grants []consent.Event
	cat    *consent.Catalogue
}

// grant is the i-th grant and its purpose, when known.
func (w receiptWords) grant(i int) (consent.Event, consent.Purpose, bool) {
	if w.cat == nil || i < 0 || i >= len(w.grants) {
		return consent.Event{}, consent.Purpose{}, false
	}
	e := w.grants[i]
	p, ok := w.cat.Purpose(e.PurposeID)
	return e, p, ok
}

// purpose is the name of the i-th purpose. Past the grants given (a
// caller that passed only one grant of a sitting), a purpose the receipt
// names as the catalogue does is still worded in the reader's language.
func (w receiptWords) purpose(i int, fallback string) string {
	if _, p, ok := w.grant(i); ok {
		return w.loc.Translate("purpose", p.ID, p.Name)
	}
	if w.cat != nil {
		for _, p := range w.cat.Purposes() {
			if p.Name == fallback {
				return w.loc.Translate("purpose", p.ID, p.Name)
			}
		}
	}
	return fallback
}

// given is when and how the consents were given: the newest grant's
// moment in the practice's time and the first grant's method, as the
// receipt's timestamp and collection method are.
func (w receiptWords) given(at time.Time, fallback string) string {
	e, _, ok := w.grant(0)
	if !ok {
		return fallback
	}
	id := "sweeproles.receipt.method." + string(e.Method)
	if !w.loc.Has(id) {
		return w.loc.DateTime(at.Local())
	}
	return w.loc.T("sweeproles.receipt.given", "Time", w.loc.DateTime(at.Local()), "Method", w.loc.T(id))
}

// termination says how long the i-th consent lasts and that it can be
// withdrawn, as the receipt's Termination does in English.
func (w receiptWords) termination(i int, fallback string) string {
	e, p, ok := w.grant(i)
	if !ok {
		return fallback
	}
	until := e.ValidUntil
	if until.IsZero() && p.ValidityMonths > 0 {
		until = consent.AddMonthsClamped(e.Time, p.ValidityMonths)
	}
	if until.IsZero() {
		return w.loc.T("sweeproles.receipt.untilwithdrawn")
	}
	return w.loc.T("sweeproles.receipt.until", "Date", w.loc.Date(until))
}

// textRef names the consent text the i-th grant showed: purpose,
// language and version in words instead of "research:registry, de,
// version 1".
func (w receiptWords) textRef(i int, fallback string) string {
	e, p, ok := w.grant(i)
	if !ok || e.TextVersion == 0 {
		return fallback
	}
	return w.loc.T("sweeproles.receipt.textref", "Purpose", w.loc.Translate("purpose", p.ID, p.Name),
		"Language", w.loc.Label("language", e.TextLanguage, ""), "Version", e.TextVersion)
}

// categories are category codes in words.
func (w receiptWords) categories(codes []string) []string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = w.loc.Label("category", c, "")
	}
	return out
}
