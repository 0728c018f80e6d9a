package vault

import (
	"slices"
	"strings"
)

// Role is a user's job in the practice; it selects a row of the permission matrix.
type Role string

// The roles.
const (
	RoleAdmin      Role = "admin"
	RoleDPO        Role = "dpo"
	RoleClinician  Role = "clinician"
	RoleFrontDesk  Role = "frontdesk"
	RoleResearcher Role = "researcher"
)

// Roles lists every role in a stable order.
func Roles() []Role {
	return []Role{RoleAdmin, RoleDPO, RoleClinician, RoleFrontDesk, RoleResearcher}
}

// ParseRole accepts a role name as written by String.
func ParseRole(s string) (Role, error) {
	r := Role(s)
	if slices.Contains(Roles(), r) {
		return r, nil
	}
	names := make([]string, 0, len(Roles()))
	for _, r := range Roles() {
		names = append(names, string(r))
	}
	err := invalidRule("role", RuleUnknownRole, strings.Join(names, ", "))
	err.(*ValidationError).Fields[0].Allowed = names
	return "", err
}

// Permission is one right checked inside every Session method.
type Permission string

// The permissions.
const (
	PermPatientRead     Permission = "patient.read"     // identity fields
	PermPatientClinical Permission = "patient.clinical" // clinical notes / diagnosis read
	PermPatientWrite    Permission = "patient.write"    // create, update
	PermPatientDelete   Permission = "patient.delete"
	PermUserManage      Permission = "user.manage"
	PermAuditRead       Permission = "audit.read"
	PermConsentRead     Permission = "consent.read"
	PermConsentWrite    Permission = "consent.write"
	PermRequestIntake   Permission = "request.intake" // open / verify data-subject requests
	PermRequestDecide   Permission = "request.decide" // complete / deny / extend requests, erasure
	PermGovernance      Permission = "governance"     // retention, ROPA, breach log
	PermResearchExport  Permission = "research.export"
)

// Rights of the data-protection officer alone. No role matrix grants them
// (they are not in Permissions): the step itself checks the DPO role, and
// a refusal names them like any other permission.
const (
	// PermResearchReidentify: trace a study's pseudonym back to a patient.
	PermResearchReidentify Permission = "research.reidentify"
	// PermApproveDeletion: approve destroying data kept after an erasure
	// (the same code as consent.PermApproveDeletion).
	PermApproveDeletion Permission = "deletion.approve"
)

// DPOPermissions lists the rights of the data-protection officer alone.
func DPOPermissions() []Permission { return []Permission{PermResearchReidentify, PermApproveDeletion} }

// Permissions lists every permission in a stable order.
func Permissions() []Permission {
	return []Permission{
		PermPatientRead, PermPatientClinical, PermPatientWrite, PermPatientDelete,
		PermUserManage, PermAuditRead, PermConsentRead, PermConsentWrite,
		PermRequestIntake, PermRequestDecide, PermGovernance, PermResearchExport,
	}
}

// Can reports whether the role holds the permission. Unknown roles hold none.
func (r Role) Can(p Permission) bool {
	switch r {
	case RoleAdmin:
		return slices.Contains(Permissions(), p)
	case RoleDPO:
		return p != PermUserManage && slices.Contains(Permissions(), p)
	case RoleClinician:
		return slices.Contains([]Permission{PermPatientRead, PermPatientClinical, PermPatientWrite, PermConsentRead, PermConsentWrite}, p)
	case RoleFrontDesk:
		return slices.Contains([]Permission{PermPatientRead, PermPatientWrite, PermConsentRead, PermConsentWrite, PermRequestIntake}, p)
	case RoleResearcher:
		return p == PermResearchExport
	}
	return false
}
