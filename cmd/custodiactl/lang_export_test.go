package main

import (
	"strings"
	"testing"

	"custodia/i18n"
)

// germanDPO is a demo vault without patients and the DPO's German run.
func germanDPO(t *testing.T) map[string]string {
	t.Helper()
	env := testEnv(t)
	mustRun(t, env, "demo", "--patients", "0")
	return with(env, envUser, "dpo", envPassphrase, "dpo-passphrase-not-secret", envLang, "de")
}

// noEnglish fails when msg holds one of the English texts.
func noEnglish(t *testing.T, what, msg string, english ...string) {
	t.Helper()
	for _, e := range english {
		if strings.Contains(msg, e) {
			t.Errorf("%s shows the English %q:\n%s", what, e, msg)
		}
	}
}

// TestStudyAddProblemsInGerman: the study problems that had no rule code
// (no recipient, cohort days out of order or not a date, k out of
// range) are said in German by the field's label with its JSON path,
// never by the study's English message.
func TestStudyAddProblemsInGerman(t *testing.T) {
	dpo := germanDPO(t)
	de := i18n.MustLoad().Localizer("de")
	msg := mustFail(t, dpo, exitValidation, "export", "study", "add", "--name", "Bad", "--purpose", "research:registry",
		"--columns", "age:qi,sex:qi", "--from", "2026-05-01", "--to", "2026-01-01", "--k", "1")
	for _, want := range []string{"Kontakte bis (cohort.to): " + de.T("research3.rule.before-from"),
		"(recipient): " + de.T("research3.rule.recipient-none"), "k (privacy.k): muss zwischen 2 und 1.000 liegen"} {
		if !strings.Contains(msg, want) {
			t.Errorf("German study problems lack %q:\n%s", want, msg)
		}
	}
	noEnglish(t, "study add", msg, "before cohort.from", "required", "must be", "is required")
	msg = mustFail(t, dpo, exitValidation, "export", "study", "add", "--name", "Bad", "--purpose", "research:registry",
		"--recipient-org", "Uni", "--recipient-user", "researcher", "--columns", "age:qi", "--from", "2026-13-01", "--level", "visit")
	for _, want := range []string{"(cohort.from): " + de.T("research3.rule.date"), "Eine Zeile je Kontakt (encounter)"} {
		if !strings.Contains(msg, want) {
			t.Errorf("German study problems lack %q:\n%s", want, msg)
		}
	}
	noEnglish(t, "study add", msg, "must be a date", "must be \"patient\"")
}
