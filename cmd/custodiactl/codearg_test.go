package main

import (
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
