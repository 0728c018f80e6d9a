package audit

import (
	usecase "custodia/app"
	"custodia/i18n"
)

// auditObject names an audit entry's object ("kind:id") for people with
// the words "custodiactl audit list" uses (usecase.AuditObject): users by
// name when known, records without a name by their kind's label and a
// short reference (the screen is searched, not typed from).
func auditObject(loc *i18n.Localizer, obj string, users map[string]string) string {
	return usecase.AuditObject(loc, obj, func(id string) (string, bool) {
		n, ok := users[id]
		return n, ok
	}, usecase.AuditShortRef)
}
