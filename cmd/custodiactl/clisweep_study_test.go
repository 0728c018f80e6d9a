package main

import (
	"strings"
	"testing"

	"custodia/i18n"
)

// TestExportStudyShowInGerman: export study show in German words the
// study's codes by their labels (purpose, column roles, metric,
// algorithm) and writes the reference day in German format; column
// names, which the exported CSV carries, stay as they are.
func TestExportStudyShowInGerman(t *testing.T) {
	env := testEnv(t)
	mustRun(t, env, "demo", "--patients", "0")
	dpo := with(env, envUser, "dpo", envPassphrase, "dpo-passphrase-not-secret", "LANG", "de_DE.UTF-8")
	out := mustRun(t, dpo, "export", "study", "show", "registry-demo")
	de := i18n.MustLoad().Localizer("de")
	for _, want := range []string{de.Label("purpose", "research:registry", ""), de.T("research.role.quasi"),
		de.T("research.treatment.pseudonymise"), de.T("research.metric.loss"), de.T("research.algorithm.optimal"), "age (", "01.01.2026"} {
		if !strings.Contains(out, want) {
			t.Errorf("German study lacks %q:\n%s", want, out)
		}
	}
	for _, code := range []string{": research:registry", ":quasi", ":pseudonymise", "Metrik loss", "Algorithmus optimal", "2026-01-01"} {
		if strings.Contains(out, code) {
			t.Errorf("German study shows the code %q:\n%s", code, out)
		}
	}
}
