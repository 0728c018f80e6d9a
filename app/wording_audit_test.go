package app

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"custodia/i18n"
	"custodia/vault"
)

// TestAuditDetailInWords: an audit entry's detail reads in the reader's
// language, codes by their labels (the oracle: each label looked up on
// its own), counts in the reader's number format; a German reading holds
// no code the catalogue can word; a token it does not know stays as
// stored.
func TestAuditDetailInWords(t *testing.T) {
	de := i18n.MustLoad().Localizer("de")
	en := i18n.MustLoad().Localizer("en")
	for _, tc := range []struct {
		e     vault.AuditEntry
		want  string
		codes []string
	}{
		{vault.AuditEntry{Action: "permission.denied", Detail: "action=request.complete perm=request.decide role=frontdesk"},
			"versucht: " + de.AuditAction("request.complete") + ", Berechtigung: " + de.T("permission.label.request.decide") +
				", Rolle: " + de.T("labels.role.frontdesk"), []string{"request.complete", "request.decide", "frontdesk"}},
		{vault.AuditEntry{Action: "permission.denied", Detail: "action=research.reidentify perm=research.reidentify role=admin"},
			"versucht: " + de.AuditAction("research.reidentify") + ", Berechtigung: " + de.T("permission.label.research.reidentify") +
				", Rolle: " + de.T("labels.role.admin"), []string{"research.reidentify", "admin"}},
		{vault.AuditEntry{Action: "request.transition", Detail: "action=verify from=received to=verifying version=2"},
			"Schritt: " + de.Label("step", "verify", "") + ", von: " + de.Label("state", "received", "") + ", nach: " +
				de.Label("state", "verifying", "") + ", Version: 2", []string{"received", "verifying"}},
		{vault.AuditEntry{Action: "consent.append", Detail: "patient=p-1 purpose=recall type=granted"},
			"Patient/in: p-1, Zweck: " + de.Label("purpose", "recall", "") + ", Art: " + de.Label("event", "granted", ""), []string{"recall", "granted"}},
		{vault.AuditEntry{Action: "request.create", Detail: "patient=p-1 type=erasure"},
			"Patient/in: p-1, Art: " + de.Label("request", "erasure", ""), []string{"erasure"}},
		{vault.AuditEntry{Action: "user.role", Detail: "role=clinician->dpo"},
			"Rolle: von " + de.T("labels.role.clinician") + " zu " + de.T("labels.role.dpo"), []string{"clinician", "dpo"}},
		{vault.AuditEntry{Action: "patient.read", Detail: "count=12345"}, "Anzahl: " + de.Int(12345), nil},
		{vault.AuditEntry{Action: "vault.rekey", Detail: "argon2id t=3 m=65536KiB"}, "argon2id t=3 m=65536KiB", nil},
	} {
		got := AuditDetail(de, tc.e)
		if got != tc.want {
			t.Errorf("%s %q:\n got %q\nwant %q", tc.e.Action, tc.e.Detail, got, tc.want)
		}
		for _, c := range tc.codes {
			if strings.Contains(got, c) {
				t.Errorf("%q: German detail shows the code %q: %s", tc.e.Detail, c, got)
			}
		}
		if AuditDetail(en, tc.e) == got && len(tc.codes) > 0 {
			t.Errorf("%q: English and German read the same: %s", tc.e.Detail, got)
		}
	}
}

// appAction is an action app passes to the vault's permission check
// (Authorize, step, advance), which a denial records as its action=.
var appAction = regexp.MustCompile(`(?:Authorize|s\.step|s\.advance)\([^"]*"([a-z]+\.[a-z.-]+)"`)

// TestDeniedActionsHaveLabels: every action a refusal can name in its
// audit row has a label in both languages, so a denial never shows the
// code.
func TestDeniedActionsHaveLabels(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range appAction.FindAllStringSubmatch(string(src), -1) {
			ids[m[1]] = i18n.AuditActionID(m[1])
		}
	}
	if len(ids) < 5 {
		t.Fatalf("found only %v", ids)
	}
	wordedInBoth(t, "denied action", ids)
}
