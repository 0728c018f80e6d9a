package app

import (
	"errors"
	"fmt"

	"custodia/consent"
	"custodia/i18n"
)

// kindWords is how people read a use-case error kind: its message id
// (domaintext.app.*) and, where the message names it, which of the
// error's Args it shows as {{.Value}} (-1: none). The id of a patient,
// request or rule is never shown: the desktop app names people and shows
// whose record or which request it is about already (the command line
// words these kinds itself, with the command that lists the ids).
var kindWords = map[error]struct {
	id  string
	arg int
}{
	ErrCatalogueEmpty:    {"domaintext.app.catalogueempty", -1},
	ErrNeedLastTreatment: {"domaintext.app.needlasttreatment", -1},
	ErrFutureDate:        {"domaintext.app.futuredate", -1},
	ErrNoController:      {"domaintext.app.nocontroller", -1},
	ErrUnknownPatient:    {"domaintext.app.unknownpatient", -1},
	ErrPatientErased:     {"domaintext.app.patienterased", -1},
	ErrUnknownPurpose:    {"domaintext.app.unknownpurpose", 0},
	ErrNoText:            {"domaintext.app.notext", -1},
	ErrNoActiveConsent:   {"domaintext.app.noactiveconsent", -1},
	ErrNotRecipient:      {"domaintext.app.notrecipient", 0},
	ErrUnknownRequest:    {"domaintext.app.unknownrequest", -1},
	ErrUnknownRule:       {"domaintext.app.unknownrule", -1},
	ErrBadMapping:        {"domaintext.app.badmapping", -1},
	ErrNoRecordItems:     {"domaintext.app.norecorditems", -1},
	ErrBadPage:           {"domaintext.app.badpage", -1},
	ErrUnknownUser:       {"domaintext.app.unknownuser", 0},
	ErrUserExists:        {"domaintext.app.userexists", 0},
	ErrTOTPEnrolled:      {"domaintext.app.totpenrolled", -1},
	ErrNoEnrolment:       {"domaintext.app.noenrolment", -1},
	ErrBadAnchor:         {"domaintext.app.badanchor", -1},
	ErrBadAuditFormat:    {"domaintext.app.badauditformat", 0},
}

// WordedKinds lists the error kinds ErrorMessage words (for the
// catalogue's tests).
func WordedKinds() []error {
	out := make([]error, 0, len(kindWords))
	for k := range kindWords {
		out = append(out, k)
	}
	return out
}

// KindMessageID is the message id of a use-case error kind ("" when it
// has none).
func KindMessageID(kind error) string { return kindWords[kind].id }

// ErrorMessage words a use-case error (*Error in err's chain) in loc's
// language; a cause that is a validation error adds its fields
// (FieldProblems). ok is false when err holds no *Error or its kind has
// no wording: the caller describes it by its sentinels.
func ErrorMessage(loc *i18n.Localizer, err error) (msg string, ok bool) {
	var e *Error
	if !errors.As(err, &e) {
		return "", false
	}
	w, found := kindWords[e.Kind]
	if !found {
		return "", false
	}
	msg = loc.T(w.id, "Value", e.arg(w.arg))
	if ps, isValidation := FieldProblems(loc, e.Err); isValidation && len(ps) > 0 {
		msg += " " + JoinProblems(ps, "; ")
	}
	return msg, true
}

// arg is Args[i] as text, "" when there is none.
func (e *Error) arg(i int) string {
	if i < 0 || i >= len(e.Args) {
		return ""
	}
	return fmt.Sprint(e.Args[i])
}

// StepMessageID is the message id of a refused workflow step's reason.
func StepMessageID(r consent.StepReason) string { return "domaintext.step." + string(r) }

// StepMessage words why a workflow step is not possible now (a
// *consent.StepError in err's chain), naming the states by their labels;
// ok is false for other errors.
func StepMessage(loc *i18n.Localizer, err error) (msg string, ok bool) {
	var se *consent.StepError
	if !errors.As(err, &se) {
		return "", false
	}
	date := ""
	if !se.Date.IsZero() {
		date = loc.Date(se.Date)
	}
	return loc.T(StepMessageID(se.Reason), "From", loc.Label("state", string(se.From), ""),
		"To", loc.Label("state", string(se.To), ""), "Decision", loc.Label("subjects", se.Decision, ""), "Date", date), true
}
