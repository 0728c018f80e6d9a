package app

import (
	"strings"

	"custodia/i18n"
)

// AuditRef says how AuditObject writes the id of a record that has no
// name to show (a patient, a request, an unknown account).
type AuditRef int

const (
	// AuditShortRef writes its last eight characters ("Ref. 7d5d7713"):
	// the desktop's audit screen, where the reader finds a record by
	// searching, never by typing its id.
	AuditShortRef AuditRef = iota
	// AuditFullRef writes the whole id, under the same "Ref." label, so
	// the desktop's short reference is its tail: the command line, where
	// a DPO who sees "Patientenakte Ref. 01a2…7d5d7713" in the trail
	// types that id into "custodiactl patient show <id>" (patient list
	// shows the same full ids, and patient show takes nothing shorter).
	AuditFullRef
)

// AuditObject names an audit entry's object ("kind:id") for people, the
// same words on the desktop's audit screen and in "custodiactl audit
// list": a user by name when userName knows the id, the vault as such,
// anything else by its kind's label and a reference written as ref says
// (patients are not named: reading every patient's name for the trail
// would itself be a read of each record). An id that is a name rather
// than a UUID (a purpose, a retention rule, a setting) follows the kind's
// label; an object without an id ("practice") is its kind's label alone.
// userName may be nil (no account names known).
func AuditObject(loc *i18n.Localizer, obj string, userName func(id string) (string, bool), ref AuditRef) string {
	if obj == "" {
		return ""
	}
	kind, id, _ := strings.Cut(obj, ":")
	switch kind {
	case "user":
		if userName != nil {
			if n, ok := userName(id); ok && n != "" {
				return loc.T("layout.audit.user", "Name", n)
			}
		}
	case "vault":
		return loc.T("layout.audit.vault")
	}
	label := AuditObjectKindLabel(loc, kind)
	switch {
	case id == "":
		return label
	case uuidLike(id):
		if ref == AuditShortRef {
			id = ShortRef(id)
		}
		return loc.T("layout.audit.ref", "Kind", label, "Ref", id)
	case kind == "purpose":
		return loc.T("auditobjects.named", "Kind", label, "Name", loc.Label("purpose", id, id))
	case kind == "retention": // one rule of the schedule
		return loc.T("auditobjects.named", "Kind", AuditObjectKindLabel(loc, "retention-rule"), "Name", id)
	case kind == "text":
		if s, ok := consentTextObject(loc, label, id); ok {
			return s
		}
	}
	return loc.T("auditobjects.named", "Kind", label, "Name", id)
}

// consentTextObject words a consent text's id ("recall/de/2"): its
// purpose, language and version.
func consentTextObject(loc *i18n.Localizer, label, id string) (string, bool) {
	purpose, rest, ok := strings.Cut(id, "/")
	if !ok {
		return "", false
	}
	lang, version, ok := strings.Cut(rest, "/")
	if !ok {
		return "", false
	}
	return loc.T("auditobjects.text", "Kind", label, "Purpose", loc.Label("purpose", purpose, purpose),
		"Language", loc.Label("language", lang, ""), "Version", version), true
}

// AuditObjectKindLabel names the kind of an audited object ("patient":
// "Patientenakte"); an unknown kind stays as written.
func AuditObjectKindLabel(loc *i18n.Localizer, kind string) string {
	if id := "auditobjects.kind." + kind; loc.Has(id) {
		return loc.T(id)
	}
	return kind
}

// uuidLike reports whether s has the shape of a UUID (8-4-4-4-12).
func uuidLike(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, c := range s {
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !strings.ContainsRune("0123456789abcdefABCDEF", c) {
				return false
			}
		}
	}
	return true
}
