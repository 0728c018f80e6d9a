package main

import (
	"strings"
	"testing"

	"custodia/i18n"
)

// enLabel is the English label of a code.
func enLabel(kind, code string) string { return i18n.MustLoad().Localizer("en").Label(kind, code, "") }

// TestROPAAndPracticeInGerman: the ROPA table in German names each
// processing activity by its label ("Erinnerungen an Vorsorge- und
// Impftermine"), not its purpose code ("recall", "research:registry");
// practice show names the country ("DE (Deutschland)", the code being
// what --country takes), not the bare code.
func TestROPAAndPracticeInGerman(t *testing.T) {
	env, _ := gdprVault(t)
	de := i18n.MustLoad().Localizer("de")
	out := mustRun(t, with(env, "LANG", "de_DE.UTF-8"), "ropa", "--controller", controllerFile(t))
	for _, p := range []string{"recall", "research:registry", "treatment"} {
		if l := de.Label("purpose", p, ""); l == "" || !strings.Contains(out, l) {
			t.Errorf("German ROPA lacks the label of %s (%q):\n%s", p, l, out)
		}
	}
	for _, line := range strings.Split(out, "\n")[1:] {
		if first, _, _ := strings.Cut(line, "  "); first == "recall" || first == "research:registry" || first == "treatment" {
			t.Errorf("German ROPA row starts with the code %q", first)
		}
	}
	mustRun(t, env, "practice", "set", "--name", "Praxis Qwertz", "--address", "Zyxweg 1", "--country", "DE", "--email", "info@qwertz.example")
	show := mustRun(t, with(env, "LANG", "de_DE.UTF-8"), "practice", "show")
	if want := "DE (" + de.Country("DE") + ")"; de.Country("DE") == "DE" || !strings.Contains(show, want) {
		t.Errorf("practice show lacks %q:\n%s", want, show)
	}
}
