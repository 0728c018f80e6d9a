package main

import (
	"custodia/i18n"
	"custodia/vault"
)

// permissionIDs are the message ids naming the vault's permissions for
// people. The literal ids keep the catalogue's unused-id check honest.
var permissionIDs = map[vault.Permission]string{
	vault.PermPatientRead:     "cli4.perm.patientRead",
	vault.PermPatientClinical: "cli4.perm.patientClinical",
	vault.PermPatientWrite:    "cli4.perm.patientWrite",
	vault.PermPatientDelete:   "cli4.perm.patientDelete",
	vault.PermUserManage:      "cli4.perm.userManage",
	vault.PermAuditRead:       "cli4.perm.auditRead",
	vault.PermConsentRead:     "cli4.perm.consentRead",
	vault.PermConsentWrite:    "cli4.perm.consentWrite",
	vault.PermRequestIntake:   "cli4.perm.requestIntake",
	vault.PermRequestDecide:   "cli4.perm.requestDecide",
	vault.PermGovernance:      "cli4.perm.governance",
	vault.PermResearchExport:  "cli4.perm.researchExport",
}

// permissionMessage words a vault permission denial with the labels of the
// role and of the missing permission. A permission the catalogue does not
// name (a right the vault spells only in its own English) is left out, so a
// German run never shows the domain's text.
func permissionMessage(loc *i18n.Localizer, e *vault.PermissionError) string {
	role := loc.Label("role", string(e.Role), string(e.Role))
	if id, ok := permissionIDs[e.Perm]; ok {
		return loc.T("cli4.permission.role", "Role", role, "Perm", loc.T(id))
	}
	return loc.T("cli4.permission.roleOnly", "Role", role)
}
