package main

import (
	"fmt"
	"strings"
	"testing"

	"custodia/consent"
	"custodia/i18n"
	"custodia/vault"
)

// TestPermissionDeniedGerman: a refused action names the role and the
// missing permission by their catalogue labels in the run's language; a
// German run shows neither the English labels nor the vault's codes.
func TestPermissionDeniedGerman(t *testing.T) {
	env := initVault(t)
	id := addPatient(t, env)
	addUser(t, env, "rita", "researcher", "researcher-pass-1")
	res := with(env, envUser, "rita", envPassphrase, "researcher-pass-1")
	de := i18n.MustLoad().Localizer("de")
	for _, tc := range []struct {
		args []string
		perm string
	}{
		{[]string{"patient", "show", id}, "permission.label.patient.read"},
		{[]string{"audit", "list"}, "permission.label.audit.read"},
		{[]string{"user", "list"}, "permission.label.user.manage"}, // the permission listing users belongs to (issue 10)
	} {
		msg := mustFail(t, res, exitPermission, append([]string{"--lang", "de"}, tc.args...)...)
		want := de.T("cli4.permission.role", "Role", de.T("labels.role.researcher"), "Perm", de.T(tc.perm))
		if !strings.Contains(msg, want) {
			t.Errorf("%q: German message lacks %q:\n%s", tc.args, want, msg)
		}
		for _, english := range []string{enText("labels.role.researcher"), enText(tc.perm), "permission denied", "lacks", "researcher"} {
			if strings.Contains(msg, english) {
				t.Errorf("%q: German message holds the English %q:\n%s", tc.args, english, msg)
			}
		}
		en := mustFail(t, res, exitPermission, tc.args...)
		if w := enText("cli4.permission.role", "Role", enText("labels.role.researcher"), "Perm", enText(tc.perm)); !strings.Contains(en, w) {
			t.Errorf("%q: English message lacks %q:\n%s", tc.args, w, en)
		}
	}
}

// TestDomainRefusalsNameRoleAndPermission: a workflow step the consent
// domain refuses, and a vault refusal that reached the CLI through the
// consent store, both name the role and the missing permission by their
// labels, in German without the domain's English or its codes, with the
// permission exit code.
func TestDomainRefusalsNameRoleAndPermission(t *testing.T) {
	cat := i18n.MustLoad()
	for _, tc := range []struct {
		err        error
		role, perm string
	}{
		{&consent.PermissionError{Role: consent.RoleFrontDesk, Perm: consent.PermDecide}, "frontdesk", "request.decide"},
		{&consent.PermissionError{Role: consent.RoleAdmin, Perm: consent.PermApproveDeletion}, "admin", "deletion.approve"},
		{fmt.Errorf("%w: %w", consent.ErrPermission, &vault.PermissionError{User: "rita", Role: vault.RoleResearcher, Perm: vault.PermConsentWrite}),
			"researcher", "consent.write"},
		{&vault.PermissionError{User: "anna", Role: vault.RoleAdmin, Perm: vault.PermResearchReidentify}, "admin", "research.reidentify"},
	} {
		for _, lang := range []string{"en", "de"} {
			loc := cat.Localizer(lang)
			msg, code := describe(loc, consentMessage(tc.err))
			want := loc.T("cli4.permission.role", "Role", loc.T("labels.role."+tc.role), "Perm", loc.T("permission.label."+tc.perm))
			if msg != want || code != exitPermission {
				t.Errorf("%s %v: %q (exit %d), want %q (exit %d)", lang, tc.err, msg, code, want, exitPermission)
			}
			if lang == "de" {
				for _, english := range []string{"lacks", "permission denied", tc.perm, tc.role, enText("permission.label." + tc.perm)} {
					if strings.Contains(msg, english) {
						t.Errorf("German %v holds %q: %s", tc.err, english, msg)
					}
				}
			}
		}
	}
}
