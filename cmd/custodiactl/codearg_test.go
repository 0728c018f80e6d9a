package main

import (
	"path/filepath"
	"strings"
	"testing"

	"custodia/i18n"
	"custodia/vault"
)

// TestCodeArgHidesWhatIsNotACode: a mistyped code is echoed so the user
// sees the typo; a name typed in its place (capitals, spaces, letters
// outside ASCII) is not, in any language.
func TestCodeArgHidesWhatIsNotACode(t *testing.T) {
	for in, want := range map[string]string{
		"dpo": "dpo", "consent-withdrawal": "consent-withdrawal", "art17-3e": "art17-3e",
		"Greta Neumann": "…", "Müller": "…", "neumann greta": "…", "": "…",
		"abcdefghijklmnopqrstuvwxyzabcdefghijklmno": "…",
	} {
		if got := codeArg(in); got != want {
			t.Errorf("codeArg(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestUnknownRoleInGerman: an unknown role is refused with every role by
// its German label and the code to type; a name typed as the role is not
// echoed, and nothing reads "patient id".
func TestUnknownRoleInGerman(t *testing.T) {
	env := with(initVault(t), "LANG", "de_DE.UTF-8")
	de := i18n.MustLoad().Localizer("de")
	for _, typed := range []string{"nosuch", "Greta Qwertz"} {
		msg := mustFail(t, env, exitUsage, "user", "add", "--role", typed, "qwertz")
		for _, r := range vault.Roles() {
			if want := de.Label("role", string(r), "") + " (" + string(r) + ")"; !strings.Contains(msg, want) {
				t.Errorf("refusal of role %q lacks %q: %s", typed, want, msg)
			}
		}
		if strings.Contains(msg, "Greta") || strings.Contains(msg, "patient") {
			t.Errorf("refusal echoes the typed name or speaks of a patient id: %s", msg)
		}
	}
}

// TestOneConsentEventIsSingular: a FHIR export and import of one consent
// event say so in the singular, in German and English.
func TestOneConsentEventIsSingular(t *testing.T) {
	env, id := gdprVault(t)
	grant(t, env, "--patient", id, "--purpose", "recall", "--method", "paper")
	file := filepath.Join(t.TempDir(), "consent.json")
	for lang, want := range map[string]string{"de_DE.UTF-8": "1 Einwilligungsereignis ", "en_US.UTF-8": "1 consent event "} {
		out := mustRun(t, with(env, "LANG", lang), "consent", "export-fhir", "--patient", id, "--out", file)
		if !strings.Contains(out+" ", want) {
			t.Errorf("%s export: %s", lang, out)
		}
	}
	env2 := initVault(t)
	out := mustRun(t, with(env2, "LANG", "de_DE.UTF-8"), "consent", "import-fhir", file, "--patient", addPatient(t, env2), "--dry-run")
	if !strings.Contains(out, "1 Einwilligungsereignis,") {
		t.Errorf("German dry run: %s", out)
	}
}
