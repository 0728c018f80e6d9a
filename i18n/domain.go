package i18n

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// The domain packages (consent, vault) keep codes; these helpers word
// them for people, the same way in the desktop app and the command line.
// Each falls back to the code itself for a code the catalogue does not
// know, and each has an ID function the catalogue tests enumerate the
// domain's codes with (messages in locales/domaintext.*.json).

// AuditActionID is the message id of an audit action code
// ("patient.create").
func AuditActionID(code string) string { return "domaintext.audit." + code }

// AuditAction words an audit action code: "Patient record created".
func (l *Localizer) AuditAction(code string) string { return l.orCode(AuditActionID(code), code) }

// DeadlineReasonID is the message id of a reason a deadline moved: the
// weekend or a public holiday's English name ("Good Friday").
func DeadlineReasonID(reason string) string { return "domaintext.deadline." + slug(reason) }

// DeadlineReason words why a day is not a working day: "Karfreitag".
func (l *Localizer) DeadlineReason(reason string) string {
	return l.orCode(DeadlineReasonID(reason), reason)
}

// DeadlineRule words a deadline's roll-forward (Regulation 1182/71 Art.
// 3(4)): "Sat 28 Feb → Mon 2 Mar (weekend)", "Sa., 28. Feb. → Mo., 2. März
// (Wochenende)"; "" when the date did not move.
func (l *Localizer) DeadlineRule(nominal, due time.Time, reasons []string) string {
	if nominal.Equal(due) {
		return ""
	}
	why := make([]string, len(reasons))
	for i, r := range reasons {
		why[i] = l.DeadlineReason(r)
	}
	return l.T("domaintext.rule", "From", l.shortDay(nominal), "To", l.shortDay(due), "Why", strings.Join(why, ", "))
}

// shortDay is a day with its weekday and month, without the year.
func (l *Localizer) shortDay(t time.Time) string {
	return l.T("domaintext.rule.day", "Weekday", l.T("domaintext.weekday."+strconv.Itoa(int(t.Weekday()))),
		"Day", t.Day(), "Month", l.T("domaintext.month."+strconv.Itoa(int(t.Month()))))
}

// DecisionReasonID is the message id of a consent decision's reason code
// (consent.ReasonCode).
func DecisionReasonID(code string) string { return "domaintext.reason." + code }

// DecisionReason words why a consent decision came out as it did
// (consent.ReasonCode): "Einwilligung widerrufen".
func (l *Localizer) DecisionReason(code string) string { return l.orCode(DecisionReasonID(code), code) }

// BasisID is the message id of a point of GDPR Art. 6(1) (article "art6",
// point "a" to "f") or Art. 9(2) ("art9", "a" to "j").
func BasisID(article, point string) string { return "domaintext." + article + "." + point }

// LawfulBasis cites and explains a lawful basis: "GDPR Art. 6(1)(b) –
// contract with the patient, Art. 9(2)(h) – health care"; art9 "" when
// the purpose uses no special category data.
func (l *Localizer) LawfulBasis(art6, art9 string) string {
	s := l.T("domaintext.basis.art6", "Point", art6, "Text", l.orCode(BasisID("art6", art6), art6))
	if art9 != "" {
		s += ", " + l.T("domaintext.basis.art9", "Point", art9, "Text", l.orCode(BasisID("art9", art9), art9))
	}
	return s
}

// FieldRuleID is the message id of a validation rule code
// (vault.FieldRule).
func FieldRuleID(code string) string { return "domaintext.fieldrule." + code }

// FieldRule words a broken validation rule, "ist erforderlich"; message
// (the domain's English text) stands in for a rule without a code.
// allowed are the values the field accepts where the rule lists them
// (the message's {{.Allowed}}).
func (l *Localizer) FieldRule(code, message string, allowed ...string) string {
	if code != "" && l.Has(FieldRuleID(code)) {
		return l.T(FieldRuleID(code), "Allowed", strings.Join(l.ruleValues(code, allowed), ", "))
	}
	return message
}

// ruleValues words the values a rule names where the catalogue has words
// for them (domaintext.rulevalue.<rule>.<value>: JSON's "number" as "eine
// Zahl"); other values stay as they are.
func (l *Localizer) ruleValues(code string, values []string) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = v
		if id := "domaintext.rulevalue." + code + "." + v; l.Has(id) {
			out[i] = l.T(id)
		}
	}
	return out
}

func (l *Localizer) orCode(id, code string) string {
	if l.Has(id) {
		return l.T(id)
	}
	return code
}

var nonWord = regexp.MustCompile(`[^a-z0-9]+`)

// slug makes a message id part of a name: "New Year's Day" → "new-year-s-day".
func slug(s string) string {
	return strings.Trim(nonWord.ReplaceAllString(strings.ToLower(s), "-"), "-")
}
