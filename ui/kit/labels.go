package kit

import (
	"slices"

	"custodia/consent"
	"custodia/i18n"
	"custodia/vault"
)

// Codes become words here (labels.<kind>.<code> in the catalogue).
// Purposes and recipients carry a stored name: it is translated while it
// is the shipped one, and shown as the practice wrote it otherwise.

func PurposeName(loc *i18n.Localizer, p consent.Purpose) string {
	return loc.Translate("purpose", p.ID, p.Name)
}

// PurposeDescription is the shipped purpose's description in the current
// language; a description the practice wrote itself is shown as written.
func PurposeDescription(loc *i18n.Localizer, p consent.Purpose) string {
	return loc.Translate("purposedesc", p.ID, p.Description)
}

func RecipientName(loc *i18n.Localizer, r consent.Recipient) string {
	return loc.Translate("recipient", r.ID, r.Name)
}

func CategoryLabel(loc *i18n.Localizer, c string) string { return loc.Label("category", c, "") }

func MethodLabel(loc *i18n.Localizer, m consent.Method) string {
	return loc.Label("method", string(m), "")
}

func EventLabel(loc *i18n.Localizer, t consent.EventType) string {
	return loc.Label("event", string(t), "")
}

func RelationLabel(loc *i18n.Localizer, r string) string { return loc.Label("relation", r, "") }

func RequestKindLabel(loc *i18n.Localizer, t consent.RequestType) string {
	return loc.Label("request", string(t), "")
}

func RequestStateLabel(loc *i18n.Localizer, s consent.State) string {
	return loc.Label("state", string(s), "")
}

func ChannelLabel(loc *i18n.Localizer, c string) string { return loc.Label("channel", c, "") }

func VerifyLabel(loc *i18n.Localizer, m string) string { return loc.Label("verify", m, "") }

func RecordLabel(loc *i18n.Localizer, c consent.RecordCategory) string {
	return loc.Label("record", string(c), c.Label())
}

func TriggerLabel(loc *i18n.Localizer, t consent.Trigger) string {
	return loc.Label("trigger", string(t), t.Label())
}

func ActionLabel(loc *i18n.Localizer, a consent.Action) string {
	return loc.Label("action", string(a), "")
}

func EncounterLabel(loc *i18n.Localizer, k vault.EncounterKind) string {
	return loc.Label("encounter", string(k), k.Label())
}

func LanguageLabel(loc *i18n.Localizer, code string) string { return loc.Label("language", code, "") }

// LabelsOf maps codes to their labels, in order.
func LabelsOf[T any](codes []T, label func(T) string) []string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = label(c)
	}
	return out
}

// CodeOf finds the code whose label is shown (a Select's choice).
func CodeOf[T any](codes []T, label func(T) string, shown string) (T, bool) {
	for _, c := range codes {
		if label(c) == shown {
			return c, true
		}
	}
	var zero T
	return zero, false
}

// CodeSelect is a Select that shows labels and is set and read by code.
type CodeSelect struct {
	*EscSelect
	codes []string
	label func(string) string
}

func NewCodeSelect(codes []string, label func(string) string, changed func(code string)) *CodeSelect {
	s := &CodeSelect{label: label}
	s.EscSelect = NewEscSelect(nil, nil)
	s.SetCodes(codes)
	if changed != nil {
		s.Select.OnChanged = func(string) { changed(s.Code()) }
	}
	return s
}

// SetCodes replaces the choices; the selection is cleared.
func (s *CodeSelect) SetCodes(codes []string) {
	s.codes = codes
	s.Select.Options = LabelsOf(codes, s.label)
	s.Select.ClearSelected()
	s.Select.Refresh()
}

// SetSelected selects a code ("" or an unknown code clears).
func (s *CodeSelect) SetSelected(code string) {
	if !slices.Contains(s.codes, code) {
		s.Select.ClearSelected()
		return
	}
	s.Select.SetSelected(s.label(code))
}

// Code is the selected code, "" when none.
func (s *CodeSelect) Code() string {
	c, _ := CodeOf(s.codes, s.label, s.Select.Selected)
	return c
}
