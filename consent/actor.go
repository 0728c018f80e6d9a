package consent

import "fmt"

// Actor is who performs a step. Role is one of the Role* constants, which
// use the same strings as the vault's roles; the vault maps its session user
// to an Actor (this package never imports the vault).
type Actor struct {
	UserID string
	Role   string
}

// Roles, spelled as the vault spells them.
const (
	RoleAdmin      = "admin"
	RoleDPO        = "dpo"
	RoleClinician  = "clinician"
	RoleFrontDesk  = "frontdesk"
	RoleResearcher = "researcher"
)

// Permission is a step class this package checks.
type Permission string

// Permissions checked by the domain functions.
const (
	// PermIntake: take in, verify, start or withdraw requests.
	PermIntake Permission = "request.intake"
	// PermDecide: complete, deny, extend requests; approve erasure plans.
	PermDecide Permission = "request.decide"
	// PermGovernance: retention, records of processing, breach log.
	PermGovernance Permission = "governance"
	// PermApproveDeletion: approve retention deletions (the DPO only).
	PermApproveDeletion Permission = "deletion.approve"
)

var rolePerms = map[string][]Permission{
	RoleAdmin:     {PermIntake, PermDecide, PermGovernance},
	RoleDPO:       {PermIntake, PermDecide, PermGovernance, PermApproveDeletion},
	RoleFrontDesk: {PermIntake},
}

// Can reports whether the actor's role grants p. The matrix follows the
// vault's: admin and DPO decide; the front desk takes requests in; only the
// DPO approves deletions under the retention schedule.
func (a Actor) Can(p Permission) bool {
	for _, q := range rolePerms[a.Role] {
		if q == p {
			return true
		}
	}
	return false
}

func (a Actor) need(p Permission) error {
	if !ValidID(a.UserID) {
		return fmt.Errorf("actor without a user id: %w", ErrPermission)
	}
	if !a.Can(p) {
		return &PermissionError{Role: a.Role, Perm: p}
	}
	return nil
}
