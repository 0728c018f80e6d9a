package consent

import "fmt"

// PermissionError says that an actor's role lacks a permission: both
// as codes (Role one of the Role* constants, Perm one of Permissions), so
// front ends name them by their labels, never by this message. It wraps
// ErrPermission.
type PermissionError struct {
	Role string
	Perm Permission
}

func (e *PermissionError) Error() string {
	return fmt.Sprintf("role %q lacks %s: %v", e.Role, e.Perm, ErrPermission)
}

// Unwrap makes errors.Is(err, ErrPermission) hold.
func (e *PermissionError) Unwrap() error { return ErrPermission }

// Permissions lists every permission this package checks.
func Permissions() []Permission {
	return []Permission{PermIntake, PermDecide, PermGovernance, PermApproveDeletion}
}
