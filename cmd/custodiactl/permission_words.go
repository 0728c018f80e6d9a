package main

import (
	"custodia/app"
	"custodia/i18n"
)

// permissionMessage words a refusal (a vault or consent permission error)
// with the labels of the role and of the missing permission. A permission
// the catalogue does not name is left out, so a German run never shows a
// code or the domain's English.
func permissionMessage(loc *i18n.Localizer, r app.Refusal) string {
	role := app.RoleLabel(loc, r.Role)
	if perm, ok := app.PermissionLabel(loc, r.Perm); ok {
		return loc.T("cli4.permission.role", "Role", role, "Perm", perm)
	}
	return loc.T("cli4.permission.roleOnly", "Role", role)
}
