package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// TestTablesNameTheAccounts: the audit trail and the consent history name
// the staff accounts; a role that may not manage accounts (front desk)
// still sees every colleague by name (the vault's staff names), never an
// id or a short reference, and naming them logs no refusal.
func TestTablesNameTheAccounts(t *testing.T) {
	env, id := gdprVault(t)
	addUser(t, env, "empfang", "frontdesk", "front-desk-pass-1")
	desk := with(env, envUser, "empfang", envPassphrase, "front-desk-pass-1")
	grant(t, env, "--patient", id, "--purpose", "recall", "--method", "paper")
	grant(t, desk, "--patient", id, "--purpose", "marketing", "--method", "paper")
	var users []userJSON
	if err := json.Unmarshal([]byte(mustRun(t, env, "user", "list", "--json")), &users); err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, u := range users {
		ids[u.Name] = u.ID
	}
	admin, clerk := ids[testUser], ids["empfang"]
	if admin == "" || clerk == "" {
		t.Fatalf("users: %+v", users)
	}
	denied := func() int {
		var entries []auditJSON
		if err := json.Unmarshal([]byte(mustRun(t, env, "audit", "list", "--json", "--limit", "1000")), &entries); err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range entries {
			if e.Outcome != "ok" {
				n++
			}
		}
		return n
	}
	before := denied()

	for _, args := range [][]string{{"audit", "list", "--limit", "1000"}, {"consent", "history", "--patient", id}} {
		out := mustRun(t, env, args...)
		if strings.Contains(out, admin) || strings.Contains(out, clerk) {
			t.Errorf("%s shows account ids:\n%s", args[0], out)
		}
		if !hasWord(out, testUser) || !hasWord(out, "empfang") {
			t.Errorf("%s does not name the accounts:\n%s", args[0], out)
		}
	}
	out := mustRun(t, desk, "consent", "history", "--patient", id)
	if ref := enText("layout.user.ref", "Ref", admin[len(admin)-8:]); !hasWord(out, "empfang") || !hasWord(out, testUser) || strings.Contains(out, ref) || strings.Contains(out, admin) {
		t.Errorf("front desk: own name and the administrator's name (not %q) wanted:\n%s", ref, out)
	}
	if after := denied(); after != before {
		t.Errorf("naming the accounts logged %d refusals", after-before)
	}
}

// hasWord reports whether w stands in out as a whole word.
func hasWord(out, w string) bool {
	return slices.Contains(strings.Fields(out), w)
}

// TestRequestsNameThePatient: the request list and a request's page name
// the patient for a role that may read identities, instead of the id.
func TestRequestsNameThePatient(t *testing.T) {
	env, id := gdprVault(t)
	rid := openRequest(t, env, id, "access", "2026-06-14")
	name := enText("dashboard.patientName", "Family", "Durand", "Given", "Élise")
	for _, args := range [][]string{{"dsr", "list"}, {"dsr", "show", rid}} {
		out := mustRun(t, env, args...)
		if !strings.Contains(out, name) || strings.Contains(out, id) {
			t.Errorf("%s: want %q, not the id %s:\n%s", strings.Join(args, " "), name, id, out)
		}
	}
}
