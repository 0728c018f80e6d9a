package app

import (
	"strconv"
	"strings"

	"custodia/i18n"
	"custodia/vault"
)

// AuditDetailKeyID is the message id naming a key of an audit entry's
// detail ("role", "version").
func AuditDetailKeyID(key string) string { return "auditdetail.key." + key }

// AuditDetail words an audit entry's detail (space-separated key=value
// tokens of codes, counts and ids) in loc's language: each key by its
// label, codes by their labels (role, permission, action, request states
// and types, consent decisions, purposes, recipients, risk, country),
// counts as numbers in the reader's format, ids as they are:
// "Rolle: Empfang, Berechtigung: Datenschutz-Verwaltung". A token it does
// not know stays as stored (a detail with no known token reads exactly as
// stored), so nothing recorded is hidden.
func AuditDetail(loc *i18n.Localizer, e vault.AuditEntry) string {
	if e.Detail == "" {
		return ""
	}
	tokens := strings.Fields(e.Detail)
	out := make([]string, len(tokens))
	worded := false
	for i, tok := range tokens {
		out[i] = auditToken(loc, e.Action, tok)
		worded = worded || out[i] != tok
	}
	if !worded {
		return e.Detail
	}
	return strings.Join(out, ", ")
}

// auditToken words one key=value token; anything else stays as stored.
func auditToken(loc *i18n.Localizer, action, tok string) string {
	key, value, ok := strings.Cut(tok, "=")
	if !ok || value == "" || !loc.Has(AuditDetailKeyID(key)) {
		return tok
	}
	label := AuditDetailKeyID(key)
	if key == "action" && action == "permission.denied" {
		label = AuditDetailKeyID("attempt")
	}
	return loc.T("auditdetail.pair", "Key", loc.T(label), "Value", auditValue(loc, action, key, value))
}

// auditValue words a detail value by its key (and the entry's action,
// which says what kind of code a "type" or "action" is).
func auditValue(loc *i18n.Localizer, action, key, value string) string {
	switch key {
	case "role":
		from, to, changed := strings.Cut(value, "->")
		if changed {
			return loc.T("auditdetail.change", "From", RoleLabel(loc, from), "To", RoleLabel(loc, to))
		}
		return RoleLabel(loc, value)
	case "perm":
		if l, ok := PermissionLabel(loc, value); ok {
			return l
		}
		return value
	case "action":
		if action == "permission.denied" {
			return loc.AuditAction(value)
		}
		return loc.Label("step", value, value)
	case "from", "to":
		return loc.Label("state", value, value)
	case "type":
		return typeLabel(loc, action, value)
	case "purpose", "recipient", "risk":
		return loc.Label(key, value, value)
	case "country":
		return loc.Country(value)
	}
	if n, err := strconv.Atoi(value); err == nil {
		return loc.Int(n)
	}
	return value
}

// typeLabel words the "type" of a consent decision or of a request.
func typeLabel(loc *i18n.Localizer, action, value string) string {
	switch action {
	case "consent.append":
		return loc.Label("event", value, value)
	case "request.create":
		return loc.Label("request", value, value)
	}
	return value
}
