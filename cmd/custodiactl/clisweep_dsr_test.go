package main

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"custodia/consent"
	"custodia/i18n"
)

var anyUUID = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

// TestDSRShowInGerman: "dsr show" in German names the purpose by its
// label, the account that checked the identity by its name (no UUID but
// the request's own reference, which later commands take), and counts
// the days left in German grammar, not "Tag(e)".
func TestDSRShowInGerman(t *testing.T) {
	env, id := gdprVault(t)
	rid := openRequest(t, env, id, "objection", "2026-06-10", "--purpose", "recall")
	mustRun(t, env, "dsr", "verify", rid, "--method", consent.VerifyIDDocument)
	out := mustRun(t, with(env, "LANG", "de_DE.UTF-8"), "dsr", "show", rid)
	de := i18n.MustLoad().Localizer("de")
	if want := de.Label("purpose", "recall", ""); want == "" || !strings.Contains(out, want) {
		t.Errorf("show lacks the purpose's label %q:\n%s", want, out)
	}
	if strings.Contains(out, " recall\n") {
		t.Errorf("show has the purpose code:\n%s", out)
	}
	for _, u := range anyUUID.FindAllString(out, -1) {
		if u != rid {
			t.Errorf("show has the id %s where a name belongs:\n%s", u, out)
		}
	}
	if !strings.Contains(out, de.Label("verify", consent.VerifyIDDocument, "")) || !strings.Contains(out, "("+adminName(t, env)+")") {
		t.Errorf("identity line lacks the method or the checking account's name:\n%s", out)
	}
	m := regexp.MustCompile(`noch (\d+) (Tag|Tage)\)`).FindStringSubmatch(out)
	if strings.Contains(out, "Tag(e)") || m == nil || (m[1] == "1") != (m[2] == "Tag") {
		t.Errorf("days left not in German grammar (%q):\n%s", m, out)
	}
}

// adminName is the name of the account a test vault's commands run as.
func adminName(t *testing.T, env map[string]string) string {
	t.Helper()
	if u := env[envUser]; u != "" {
		return u
	}
	return "admin"
}

// TestDSRShowOtherAccountsByName: a front-desk user, who may not manage
// the team's accounts, sees the administrator who opened and checked a
// request by name (the vault's staff names), never the bare UUID nor a
// short reference (issue 10).
func TestDSRShowOtherAccountsByName(t *testing.T) {
	env, id := gdprVault(t)
	rid := openRequest(t, env, id, "access", "2026-06-10")
	mustRun(t, env, "dsr", "verify", rid, "--method", consent.VerifyIDDocument)
	var entries []struct {
		UserID string `json:"user_id"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, env, "audit", "list", "--json", "--limit", "1")), &entries); err != nil || len(entries) != 1 {
		t.Fatalf("audit list --json: %v", err)
	}
	admin := entries[0].UserID
	addUser(t, env, "fd", "frontdesk", "frontdesk-pass-1")
	out := mustRun(t, with(env, envUser, "fd", envPassphrase, "frontdesk-pass-1", "LANG", "de_DE.UTF-8"), "dsr", "show", rid)
	for _, u := range anyUUID.FindAllString(out, -1) {
		if u != rid {
			t.Errorf("front desk sees the id %s where a reference belongs:\n%s", u, out)
		}
	}
	de := i18n.MustLoad().Localizer("de")
	if ref := de.T("layout.user.ref", "Ref", admin[len(admin)-8:]); strings.Contains(out, ref) || strings.Count(out, adminName(t, env)) < 3 {
		t.Errorf("front desk's view names the administrator by %q, not by name, for the identity check and the history:\n%s", ref, out)
	}
}
