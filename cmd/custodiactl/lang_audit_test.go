package main

import (
	"strings"
	"testing"

	"custodia/i18n"
)

// TestAuditListDetailInWords: the detail column of "audit list" is
// worded like the desktop's (app.AuditDetail): a refusal's row names the
// attempted action, the permission and the role by their German labels,
// a new user's row the role; none of the stored key=value codes reach a
// German reader. --json keeps the stored detail for machines.
func TestAuditListDetailInWords(t *testing.T) {
	env := initVault(t)
	id := addPatient(t, env)
	addUser(t, env, "rita", "researcher", "researcher-pass-1")
	mustFail(t, with(env, envUser, "rita", envPassphrase, "researcher-pass-1"), exitPermission, "patient", "show", id)
	de := i18n.MustLoad().Localizer("de")
	out := mustRun(t, env, "--lang", "de", "audit", "list", "--limit", "1000")
	var denied, added string
	for _, line := range strings.Split(out, "\n") {
		switch {
		case strings.Contains(line, de.AuditAction("permission.denied")):
			denied = line
		case strings.Contains(line, de.AuditAction("user.add")) && strings.Contains(line, "rita"):
			added = line
		}
	}
	wantDenied := "Berechtigung: " + de.T("permission.label.patient.read") + ", Rolle: " + de.T("labels.role.researcher")
	if !strings.Contains(denied, wantDenied) || !strings.Contains(denied, "versucht: "+de.AuditAction("patient.read")) {
		t.Errorf("denial row %q lacks %q", denied, wantDenied)
	}
	if !strings.Contains(added, "Rolle: "+de.T("labels.role.researcher")) {
		t.Errorf("user row %q lacks the role's label", added)
	}
	for _, code := range []string{"perm=", "role=", "action=", "count=", "patient.read", "researcher"} {
		if strings.Contains(denied+added, code) {
			t.Errorf("German audit list shows %q:\n%s\n%s", code, denied, added)
		}
	}
	if js := mustRun(t, env, "audit", "list", "--json", "--limit", "1000"); !strings.Contains(js, "perm=patient.read role=researcher") {
		t.Error("--json no longer keeps the stored detail")
	}
}
