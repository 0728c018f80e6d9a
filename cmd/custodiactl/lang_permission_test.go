package main

import (
	"strings"
	"testing"

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
		{[]string{"patient", "show", id}, "cli4.perm.patientRead"},
		{[]string{"audit", "list"}, "cli4.perm.auditRead"},
		{[]string{"user", "list"}, "cli4.perm.auditRead"},
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

// TestEveryPermissionHasLabels: each permission the vault knows has a
// label in both languages, so no denial falls back to the code.
func TestEveryPermissionHasLabels(t *testing.T) {
	cat := i18n.MustLoad()
	en, de := cat.Localizer("en"), cat.Localizer("de")
	for _, p := range vault.Permissions() {
		id, ok := permissionIDs[p]
		if !ok {
			t.Errorf("permission %q has no message id", p)
			continue
		}
		if en.T(id) == de.T(id) || en.T(id) == id {
			t.Errorf("permission %q: labels %q / %q", p, en.T(id), de.T(id))
		}
	}
}
