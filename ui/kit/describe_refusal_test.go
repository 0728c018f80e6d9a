package kit

import (
	"fmt"
	"strings"
	"testing"

	"custodia/consent"
	"custodia/i18n"
	"custodia/vault"
)

// TestRefusalNamesRoleAndPermission: a refusal dialog names the role and
// the missing permission by their labels in the user's language, for a
// vault refusal, one wrapped by the consent store, a workflow step the
// consent domain refuses and the DPO's own rights; the German message
// holds neither the codes nor the English labels.
func TestRefusalNamesRoleAndPermission(t *testing.T) {
	cat := i18n.MustLoad()
	en := cat.Localizer("en")
	for _, tc := range []struct {
		err        error
		role, perm string
	}{
		{&vault.PermissionError{User: "rita", Role: vault.RoleResearcher, Perm: vault.PermPatientRead}, "researcher", "patient.read"},
		{fmt.Errorf("%w: %w", consent.ErrPermission, &vault.PermissionError{User: "fd", Role: vault.RoleFrontDesk, Perm: vault.PermGovernance}),
			"frontdesk", "governance"},
		{&consent.PermissionError{Role: consent.RoleFrontDesk, Perm: consent.PermDecide}, "frontdesk", "request.decide"},
		{&vault.PermissionError{User: "anna", Role: vault.RoleAdmin, Perm: vault.PermApproveDeletion}, "admin", "deletion.approve"},
	} {
		for _, lang := range []string{"en", "de"} {
			loc := cat.Localizer(lang)
			p := Describe(loc, tc.err)
			want := loc.T("permission.refused", "Role", loc.T("labels.role."+tc.role), "Perm", loc.T("permission.label."+tc.perm))
			if p.Internal || p.Message != want {
				t.Errorf("%s %v: %+v, want %q", lang, tc.err, p, want)
			}
			if lang != "de" {
				continue
			}
			for _, english := range []string{tc.perm, en.T("permission.label." + tc.perm), en.T("labels.role." + tc.role), "lacks"} {
				if english == loc.T("labels.role."+tc.role) { // the same word in both languages ("Administration")
					continue
				}
				if strings.Contains(p.Message, english) {
					t.Errorf("German %v holds %q: %s", tc.err, english, p.Message)
				}
			}
		}
	}
}
