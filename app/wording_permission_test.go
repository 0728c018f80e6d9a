package app

import (
	"errors"
	"fmt"
	"testing"

	"custodia/consent"
	"custodia/i18n"
	"custodia/vault"
)

// TestEveryPermissionHasLabels: every permission the vault or the consent
// domain can refuse has a label in both languages, German differing from
// English, so no refusal falls back to the code.
func TestEveryPermissionHasLabels(t *testing.T) {
	cat := i18n.MustLoad()
	en, de := cat.Localizer("en"), cat.Localizer("de")
	var codes []string
	for _, p := range append(vault.Permissions(), vault.DPOPermissions()...) {
		codes = append(codes, string(p))
	}
	for _, p := range consent.Permissions() {
		codes = append(codes, string(p))
	}
	for _, c := range codes {
		e, okE := PermissionLabel(en, c)
		d, okD := PermissionLabel(de, c)
		if !okE || !okD || e == d || e == c {
			t.Errorf("permission %q: labels %q / %q", c, e, d)
		}
	}
	if _, ok := PermissionLabel(de, "no.such.permission"); ok {
		t.Error("an unknown permission has a label")
	}
}

// TestRefusalOfFindsBothKinds: the role and permission codes come out of
// a vault refusal, a consent refusal, and a vault refusal wrapped for the
// consent contract; other errors are no refusal.
func TestRefusalOfFindsBothKinds(t *testing.T) {
	vp := &vault.PermissionError{User: "u", Role: vault.RoleFrontDesk, Perm: vault.PermGovernance}
	for _, tc := range []struct {
		err  error
		want Refusal
	}{
		{vp, Refusal{"frontdesk", "governance"}},
		{fmt.Errorf("%w: %w", consent.ErrPermission, vp), Refusal{"frontdesk", "governance"}},
		{&consent.PermissionError{Role: consent.RoleAdmin, Perm: consent.PermApproveDeletion}, Refusal{"admin", "deletion.approve"}},
	} {
		if got, ok := RefusalOf(tc.err); !ok || got != tc.want {
			t.Errorf("%v: %+v %v, want %+v", tc.err, got, ok, tc.want)
		}
	}
	if _, ok := RefusalOf(errors.New("other")); ok {
		t.Error("a plain error is a refusal")
	}
}
