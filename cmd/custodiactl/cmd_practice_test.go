package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"custodia/consent"
)

func TestPracticeSetShow(t *testing.T) {
	env := initVault(t)
	msg := mustFail(t, env, exitNotFound, "practice", "show")
	if !strings.Contains(msg, "practice set") {
		t.Fatalf("show before set: %s", msg)
	}
	msg = mustFail(t, env, exitValidation, "practice", "set", "--name", "Praxis Qwertz")
	for _, f := range []string{"address", "country", "email"} {
		if !strings.Contains(msg, f) {
			t.Errorf("incomplete set does not name %s: %s", f, msg)
		}
	}
	mustRun(t, env, "practice", "set", "--name", "Praxis Qwertz", "--address", "Zyxweg 1, 99999 Nirgendwo",
		"--country", "de", "--email", "info@qwertz.example", "--phone", "+49 000 1",
		"--dpo-name", "Xavera Plonk", "--dpo-email", "xp@qwertz.example")
	got := showPractice(t, env)
	want := consent.Controller{Name: "Praxis Qwertz", Address: "Zyxweg 1, 99999 Nirgendwo", Country: "DE",
		Email: "info@qwertz.example", Phone: "+49 000 1", DPOContact: "Xavera Plonk <xp@qwertz.example>"}
	if got != want {
		t.Fatalf("show --json = %+v, want %+v", got, want)
	}
	// A later set changes only the flags given.
	mustRun(t, env, "practice", "set", "--phone", "", "--dpo-email", "dpo@qwertz.example")
	want.Phone, want.DPOContact = "", "Xavera Plonk <dpo@qwertz.example>"
	if got := showPractice(t, env); got != want {
		t.Fatalf("after partial set = %+v, want %+v", got, want)
	}
	if out := mustRun(t, env, "practice", "show"); !strings.Contains(out, "dpo-email") || !strings.Contains(out, "Praxis Qwertz") {
		t.Fatalf("show: %s", out)
	}
	// --from reads controller JSON; flags still win.
	mustRun(t, env, "practice", "set", "--from", controllerFile(t), "--name", "Praxis Zwei")
	if got := showPractice(t, env); got.Name != "Praxis Zwei" || got.URL != "https://example.org/privacy" {
		t.Fatalf("after --from = %+v", got)
	}
	mustFail(t, env, exitValidation, "practice", "set", "--from", writeFile(t, `{"name": "x", "bogus": 1}`))

	// Clinicians may read but not change them.
	addUser(t, env, "clara", "clinician", "clinician-pass-1")
	cl := with(env, envUser, "clara", envPassphrase, "clinician-pass-1")
	if got := showPractice(t, cl); got.Name != "Praxis Zwei" {
		t.Fatalf("clinician show = %+v", got)
	}
	mustFail(t, cl, exitPermission, "practice", "set", "--name", "Praxis Drei")
}

func showPractice(t *testing.T, env map[string]string) consent.Controller {
	t.Helper()
	var c consent.Controller
	out := mustRun(t, env, "practice", "show", "--json")
	if err := json.Unmarshal([]byte(out), &c); err != nil {
		t.Fatalf("practice show --json: %v", err)
	}
	return c
}

// TestROPAUsesStoredPractice: without --controller and CUSTODIA_CONTROLLER
// the GDPR commands print the stored details; with neither, they say how
// to store them.
func TestROPAUsesStoredPractice(t *testing.T) {
	env, _ := gdprVault(t)
	delete(env, envController)
	msg := mustFail(t, env, exitUsage, "ropa")
	if !strings.Contains(msg, "practice set") {
		t.Fatalf("ropa without details: %s", msg)
	}
	mustRun(t, env, "practice", "set", "--name", "Praxis Qwertz", "--address", "Zyxweg 1", "--country", "DE", "--email", "info@qwertz.example")
	htmlFile := filepath.Join(t.TempDir(), "ropa.html")
	mustRun(t, env, "ropa", "--html", htmlFile)
	page, err := os.ReadFile(htmlFile)
	if err != nil || !strings.Contains(string(page), "Praxis Qwertz") {
		t.Fatalf("ROPA page lacks the stored practice (%v)", err)
	}
	// An explicit file still wins.
	mustRun(t, env, "ropa", "--html", htmlFile, "--controller", controllerFile(t))
	if page, _ := os.ReadFile(htmlFile); strings.Contains(string(page), "Praxis Qwertz") {
		t.Fatal("--controller did not override the stored details")
	}
}
