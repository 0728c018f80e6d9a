package audit

import (
	"strings"

	"custodia/i18n"
	"custodia/ui/kit"
)

// auditObject names an audit entry's object ("kind:id") for people: a user
// by name when known, the vault as such, anything else by its kind and a
// short reference (reading every patient's name for the trail would itself
// be a read of each record).
func auditObject(loc *i18n.Localizer, obj string, users map[string]string) string {
	kind, id, ok := strings.Cut(obj, ":")
	if !ok || !kit.UUIDLike(id) {
		return obj
	}
	switch kind {
	case "user":
		if n, ok := users[id]; ok {
			return loc.T("layout.audit.user", "Name", n)
		}
	case "vault":
		return loc.T("layout.audit.vault")
	}
	return loc.T("layout.audit.ref", "Kind", kind, "Ref", kit.ShortRef(id))
}
