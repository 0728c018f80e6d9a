package consent

import (
	"errors"
	"slices"
	"testing"
	"time"
)

// TestRefusalNamesRoleAndPermissionAsCodes: a refused step says which
// role lacked which permission as codes (front ends word them), and
// still matches ErrPermission.
func TestRefusalNamesRoleAndPermissionAsCodes(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	b := DeletionBatch{ID: "b1"}
	_, err := b.Approve(Actor{UserID: "u-admin", Role: RoleAdmin}, now)
	var pe *PermissionError
	if !errors.As(err, &pe) || !errors.Is(err, ErrPermission) {
		t.Fatalf("approve as admin: %v, want a *PermissionError wrapping ErrPermission", err)
	}
	if pe.Role != RoleAdmin || pe.Perm != PermApproveDeletion {
		t.Errorf("refusal names %q / %q, want %q / %q", pe.Role, pe.Perm, RoleAdmin, PermApproveDeletion)
	}
	for role, perms := range rolePerms {
		for _, p := range perms {
			if !slices.Contains(Permissions(), p) {
				t.Errorf("role %s holds %q, which Permissions() does not list", role, p)
			}
		}
	}
}
