package app

import (
	"slices"
	"strings"
	"time"

	"custodia/consent"
	"custodia/i18n"
)

// allowedKinds are the label kinds (labels.<kind>.<code>) of the codes a
// field accepts, by the field's name: a request's channel, the extension's
// channel, a requester's or representative's relation, how consent was
// given or an identity checked (both fields are called method: the kind
// that labels every allowed code wins), a breach's nature, risk and
// subjects decision, a user's role, a request's state or kind (a
// refused request step), a record category (an erasure plan's item),
// a ledger event's type (the event a refersTo rule names).
var allowedKinds = map[string][]string{
	"channel":           {"channel"},
	"toldVia":           {"channel"},
	"requesterRelation": {"relation"},
	"relation":          {"relation"},
	"method":            {"method", "verify"},
	"nature":            {"nature"},
	"risk":              {"risk"},
	"subjectsDecision":  {"subjects"},
	"role":              {"role"},
	"requestID":         {"state", "request"},
	"requestId":         {"state", "request"},
	"items":             {"record"},
	"refersTo":          {"event"},
}

// AllowedWords words the values a field accepts (a validation error's
// Allowed) for people: each code by its label in the reader's language
// (a region by its name). withCodes puts the code after each label, "Brief
// (letter)", for readers who type the code (the command line, JSON
// files); without it people read the labels only, as the desktop app's
// lists offer them. Values without labels (numbers, codes of an unknown
// field) stay as they are.
func AllowedWords(loc *i18n.Localizer, field string, allowed []string, withCodes bool) []string {
	if dates, ok := allowedDates(loc, allowed); ok {
		return dates
	}
	label := allowedLabeller(loc, fieldName(field), allowed)
	if label == nil {
		return allowed
	}
	out := make([]string, len(allowed))
	for i, code := range allowed {
		out[i] = label(code)
		if withCodes {
			out[i] += " (" + code + ")"
		}
	}
	return out
}

// allowedDates words values that are all dates (YYYY-MM-DD, as a
// request's original due date) as dates in the reader's language.
func allowedDates(loc *i18n.Localizer, values []string) ([]string, bool) {
	out := make([]string, len(values))
	for i, v := range values {
		d, err := time.Parse(time.DateOnly, v)
		if err != nil {
			return nil, false
		}
		out[i] = loc.Date(d)
	}
	return out, len(values) > 0
}

// allowedLabeller is the function that labels every one of allowed, or
// nil when no label kind of the field does.
func allowedLabeller(loc *i18n.Localizer, name string, allowed []string) func(string) string {
	if name == "region" {
		if country, ok := regionsCountry(allowed); ok {
			return func(r string) string { return loc.Region(country, r) }
		}
		return nil
	}
	for _, kind := range allowedKinds[name] {
		if allLabelled(loc, kind, allowed) {
			return func(code string) string { return loc.Label(kind, code, "") }
		}
	}
	return nil
}

func allLabelled(loc *i18n.Localizer, kind string, codes []string) bool {
	for _, c := range codes {
		if !loc.Has("labels." + kind + "." + c) {
			return false
		}
	}
	return len(codes) > 0
}

// regionsCountry is the country whose known regions are exactly regions
// (a region field's Allowed lists all of one country's).
func regionsCountry(regions []string) (string, bool) {
	sorted := slices.Sorted(slices.Values(regions))
	for _, c := range consent.HolidayCountries() {
		if rs := consent.RegionCodes(c); len(rs) > 0 && slices.Equal(rs, sorted) {
			return c, true
		}
	}
	return "", false
}

// fieldName is the last name of a field path without a list index:
// "representative.relation" → "relation", "nature[1]" → "nature".
func fieldName(field string) string {
	name := field[strings.LastIndex(field, ".")+1:]
	if i := strings.IndexByte(name, '['); i >= 0 {
		name = name[:i]
	}
	return name
}
