package app

import (
	"strings"
	"time"

	"custodia/consent"
	"custodia/i18n"
)

// TransitionDetail words a request's history step's Detail in the
// reader's language, by the step's kind: the intake's type and channel,
// the identity check's method and outcome, a denial's legal ground, an
// extension's new due date and channel, an erased subject's closing.
// The stored Detail holds codes; a shape it does not know stays as
// stored, so nothing recorded is hidden.
func TransitionDetail(loc *i18n.Localizer, t consent.Transition) string {
	d := t.Detail
	if d == "" {
		return ""
	}
	var out string
	var ok bool
	switch t.Action {
	case "create":
		out, ok = createdDetail(loc, d)
	case "verify":
		out, ok = verifyDetail(loc, d)
	case "transition":
		out, ok = groundDetail(loc, t, d)
	case "extend":
		out, ok = extendDetail(loc, d)
	case consent.ActionCloseErased:
		out, ok = erasedDetail(loc, d)
	}
	if !ok {
		return d
	}
	return out
}

// createdDetail words "TYPE via CHANNEL".
func createdDetail(loc *i18n.Localizer, d string) (string, bool) {
	typ, ch, ok := strings.Cut(d, " via ")
	if !ok || !consent.RequestType(typ).Valid() || !loc.Has("labels.channel."+ch) {
		return "", false
	}
	return loc.T("history.detail.created", "Type", loc.Label("request", typ, ""), "Channel", loc.Label("channel", ch, "")), true
}

// verifyDetail words "METHOD verified=BOOL".
func verifyDetail(loc *i18n.Localizer, d string) (string, bool) {
	method, res, ok := strings.Cut(d, " verified=")
	if !ok || !loc.Has("labels.verify."+method) {
		return "", false
	}
	id := map[string]string{"true": "history.detail.verified", "false": "history.detail.notverified"}[res]
	if id == "" {
		return "", false
	}
	return loc.T(id, "Method", loc.Label("verify", method, "")), true
}

// groundDetail words a denial's legal ground code.
func groundDetail(loc *i18n.Localizer, t consent.Transition, d string) (string, bool) {
	if t.To != consent.StateDenied || !loc.Has(GroundID(d)) {
		return "", false
	}
	return loc.T("history.detail.denied", "Ground", GroundText(loc, d)), true
}

// GroundID is the message id of a legal ground for a denial
// (labels.ground.<code>).
func GroundID(code string) string { return "labels.ground." + code }

// GroundText words a legal ground for a denial in the reader's language:
// the catalogue's wording of its code, else the domain's English text,
// else the code. The desktop app (deny dialog, request details, history)
// and the command line (dsr deny help, history) word grounds through it.
func GroundText(loc *i18n.Localizer, code string) string {
	english := ""
	if g, ok := consent.FindLegalGround(code); ok {
		english = g.Text
	}
	return loc.Label("ground", code, english)
}

// extendDetail words "due YYYY-MM-DD, requester told via CHANNEL".
func extendDetail(loc *i18n.Localizer, d string) (string, bool) {
	rest, ok := strings.CutPrefix(d, "due ")
	if !ok {
		return "", false
	}
	date, ch, ok := strings.Cut(rest, ", requester told via ")
	due, err := time.Parse(time.DateOnly, date)
	if !ok || err != nil || !loc.Has("labels.channel."+ch) {
		return "", false
	}
	return loc.T("history.detail.extended", "Date", loc.Date(due), "Channel", loc.Label("channel", ch, "")), true
}

// erasedDetail words "subject erased by request ID".
func erasedDetail(loc *i18n.Localizer, d string) (string, bool) {
	id, ok := strings.CutPrefix(d, "subject erased by request ")
	if !ok || id == "" {
		return "", false
	}
	return loc.T("history.detail.erased"), true
}
