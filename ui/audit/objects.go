package audit

import (
	"strings"

	"custodia/i18n"
	"custodia/ui/kit"
)

// auditObject names an audit entry's object ("kind:id") for people: a user
// by name when known, the vault as such, anything else by its kind's label
// and a short reference (reading every patient's name for the trail would
// itself be a read of each record). An id that is a name rather than a
// UUID (a purpose, a retention rule, a setting) follows the kind's label;
// an object without an id ("practice") is its kind's label alone.
func auditObject(loc *i18n.Localizer, obj string, users map[string]string) string {
	kind, id, _ := strings.Cut(obj, ":")
	if obj == "" {
		return ""
	}
	switch kind {
	case "user":
		if n, ok := users[id]; ok {
			return loc.T("layout.audit.user", "Name", n)
		}
	case "vault":
		return loc.T("layout.audit.vault")
	}
	label := ObjectKindLabel(loc, kind)
	switch {
	case id == "":
		return label
	case kit.UUIDLike(id):
		return loc.T("layout.audit.ref", "Kind", label, "Ref", kit.ShortRef(id))
	case kind == "purpose":
		return loc.T("auditobjects.named", "Kind", label, "Name", loc.Label("purpose", id, id))
	case kind == "retention": // one rule of the schedule
		return loc.T("auditobjects.named", "Kind", ObjectKindLabel(loc, "retention-rule"), "Name", id)
	case kind == "text":
		if purpose, rest, ok := strings.Cut(id, "/"); ok {
			if lang, version, ok := strings.Cut(rest, "/"); ok {
				return loc.T("auditobjects.text", "Kind", label, "Purpose", loc.Label("purpose", purpose, purpose),
					"Language", kit.LanguageLabel(loc, lang), "Version", version)
			}
		}
	}
	return loc.T("auditobjects.named", "Kind", label, "Name", id)
}

// ObjectKindLabel names the kind of an audited object ("patient":
// "Patientenakte"); an unknown kind stays as written.
func ObjectKindLabel(loc *i18n.Localizer, kind string) string {
	if id := "auditobjects.kind." + kind; loc.Has(id) {
		return loc.T(id)
	}
	return kind
}
