package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"custodia/consent"
	"custodia/deid"
	"custodia/i18n"
	"custodia/research"
	"custodia/vault"
)

// TestBreachRiskLevelReadsAsALevel: in a German "breach list" the middle
// risk level is worded as a level of its own, not as the column's heading
// ("RISIKO: Risiko"); every level differs from the heading and from the
// others in both languages.
func TestBreachRiskLevelReadsAsALevel(t *testing.T) {
	cat := i18n.MustLoad()
	for _, lang := range []string{"en", "de"} {
		loc := cat.Localizer(lang)
		heads := []string{loc.T("cli2.col.risk"), loc.T("governance.breach.col.risk")}
		seen := map[string]string{}
		for _, r := range []string{consent.RiskUnlikely, consent.RiskRisk, consent.RiskHigh} {
			label := loc.Label("risk", r, "")
			for _, h := range heads {
				if strings.EqualFold(label, h) {
					t.Errorf("%s: level %q is worded %q, the same as the heading %q", lang, r, label, h)
				}
			}
			if other, dup := seen[strings.ToLower(label)]; dup {
				t.Errorf("%s: levels %q and %q are both worded %q", lang, other, r, label)
			}
			seen[strings.ToLower(label)] = r
		}
	}
	env := with(initVault(t), envNow, testNow, "LANG", "de_DE.UTF-8")
	mustRun(t, env, "breach", "add", "--aware", "2026-06-14T10:00", "--nature", "confidentiality",
		"--description", "lost USB stick", "--measures", "passwords changed", "--consequences", "unknown")
	de := cat.Localizer("de")
	out := mustRun(t, env, "breach", "list")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 || !strings.Contains(lines[1], de.Label("risk", consent.RiskRisk, "")) {
		t.Fatalf("German breach list:\n%s", out)
	}
}

// timeFormRE finds the written forms of a time in a help or error text,
// in English (YYYY-MM-DDTHH:MM) and German (JJJJ-MM-TTTHH:MM) letters.
var timeFormRE = regexp.MustCompile(`(?i)[YJ]{4}-MM-[DT]{2}(T[Hh]{2}:[Mm]{2})?`)

// TestAtFlagHelpAndErrorWriteOneForm: the help of --at and the error of a
// bad --at list the same forms, written the same way, in both languages.
func TestAtFlagHelpAndErrorWriteOneForm(t *testing.T) {
	env := initVault(t)
	id := addPatient(t, env)
	for _, lang := range []string{"en", "de"} {
		env := with(env, envLang, lang)
		help, errOut, _ := runCLI(t, env, "", "consent", "list", "--help")
		var atHelp string
		for _, line := range strings.Split(help+errOut, "\n") {
			if strings.Contains(line, "RFC 3339") && timeFormRE.MatchString(line) {
				atHelp = line
			}
		}
		msg := mustFail(t, env, exitValidation, "consent", "list", "--patient", id, "--at", "14/06/2026")
		want, got := timeFormRE.FindAllString(atHelp, -1), timeFormRE.FindAllString(msg, -1)
		if len(want) == 0 || strings.Join(want, ",") != strings.Join(got, ",") {
			t.Errorf("%s: help writes %q (%q), the error %q (%q)", lang, want, atHelp, got, msg)
		}
	}
}

// TestTOTPStatusWordsTheBackupCodes: in German, a user without a second
// factor reads that there are no backup codes (not that only they could
// see them), the user's own status counts them, and another user's status
// says whose key hides the count.
func TestTOTPStatusWordsTheBackupCodes(t *testing.T) {
	env := initVault(t)
	addUser(t, env, "lena", "clinician", "lena-passphrase-for-tests")
	de := i18n.MustLoad().Localizer("de")
	admin := with(env, envLang, "de")
	out := mustRun(t, admin, "user", "totp", "status")
	if !strings.Contains(out, de.T("clierr.totp.leftNone")) || strings.Contains(out, "nur für den Benutzer") {
		t.Errorf("own status without a second factor: %s", out)
	}
	lena := with(admin, envUser, "lena", envPassphrase, "lena-passphrase-for-tests")
	enrol := mustRun(t, lena, "user", "totp", "enrol")
	secret := regexp.MustCompile(`\(zum Eintippen von Hand\): (\S+)`).FindStringSubmatch(enrol)
	backup := regexp.MustCompile(`(?m)^  ([A-Z2-7]{4}-[A-Z2-7]{4})$`).FindAllStringSubmatch(enrol, -1)
	if secret == nil || len(backup) < 2 {
		t.Fatalf("enrol: %s", enrol)
	}
	code, err := vault.TOTPCode(secret[1], time.Now())
	if err != nil {
		t.Fatal(err)
	}
	mustRun(t, lena, "user", "totp", "enrol", "--confirm", code)
	out = mustRun(t, admin, "user", "totp", "status", "lena")
	if !strings.Contains(out, de.T("clierr.totp.leftOtherUser", "Name", "lena")) {
		t.Errorf("another user's status: %s", out)
	}
	out = mustRun(t, with(lena, envTOTPCode, backup[0][1]), "user", "totp", "status")
	if !strings.Contains(out, "verbleibende Ersatzcodes "+de.Int(len(backup)-1)) {
		t.Errorf("own status after one backup code: %s", out)
	}
}

// TestForeignDryRunNamesThePurpose: the header line of a German dry run
// names the purpose by its label, not by its code ("Zweck recall").
func TestForeignDryRunNamesThePurpose(t *testing.T) {
	out := foreignDryRunInGerman(t)
	de := i18n.MustLoad().Localizer("de")
	label := de.Label("purpose", "recall", "")
	head := strings.SplitN(out, "\n", 2)[0]
	if label == "recall" || !strings.Contains(head, "Zweck "+label+",") {
		t.Errorf("dry run header does not name the purpose %q:\n%s", label, out)
	}
}

// TestStudyUnknownColumnInGerman: a study naming a column the research
// data lacks is refused in German, by the column's label and JSON path, with the
// accepted columns listed by their own names (research.Sources).
func TestStudyUnknownColumnInGerman(t *testing.T) {
	env := testEnv(t)
	mustRun(t, env, "demo", "--patients", "0")
	dpo := with(env, envUser, "dpo", envPassphrase, "dpo-passphrase-not-secret", envLang, "de")
	msg := mustFail(t, dpo, exitValidation, "export", "study", "add", "--name", "Bad", "--purpose", "research:registry",
		"--recipient-org", "Uni", "--recipient-user", "researcher", "--columns", "age:qi,zip:qi", "--k", "2")
	de := i18n.MustLoad().Localizer("de")
	// zip, typed second, is column 2 although the patient id went before it
	want := "Spalte 2: Name (columns[1].name): " + de.T(i18n.FieldRuleID("one-of"), "Allowed", strings.Join(research.Sources(), ", "))
	if !strings.Contains(msg, want) || strings.Contains(msg, "unknown column") {
		t.Errorf("unknown column in German: %s\nwant %q", msg, want)
	}
}

// TestAnonymizeMistakesInGerman: the common mistakes of "custodiactl
// anonymize" (an unknown column, a hierarchy row with too few levels, a
// suppression limit out of range) are said in German, with the file, the
// line and the column, not in the engine's English.
func TestAnonymizeMistakesInGerman(t *testing.T) {
	dir := t.TempDir()
	input := filepath.Join(dir, "visits.csv")
	hier := filepath.Join(dir, "h")
	if err := os.Mkdir(hier, 0o700); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{input: "sex;age\nmale;30\nfemale;40\nmale;50\n", filepath.Join(hier, "sex.csv"): "male;*\nfemale\n"} {
		if err := os.WriteFile(name, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	de := i18n.MustLoad().Localizer("de")
	env := map[string]string{"LANG": "de_DE.UTF-8"}
	out := filepath.Join(dir, "out.csv")
	for _, c := range []struct {
		name  string
		code  int
		extra []string
		want  string
	}{
		{"unknown column", exitValidation, []string{"--qi", "age,zip"}, de.T("deid.cli.prefix", "Text", de.T("deid.err.noColumn", "File", input, "Column", "zip"))},
		{"hierarchy row", exitValidation, []string{"--qi", "sex", "--hierarchies", hier},
			de.T("deid.cli.prefix", "Text", de.T("deid.err.hierarchyLevels", "File", filepath.Join(hier, "sex.csv"), "Line", 2, "Got", 1, "Want", 2))},
		{"k above the rows", exitValidation, []string{"--qi", "age", "--k", "4", "--suppression", "0"},
			de.T("deid.cli.kAboveRows", "File", input, "Rows", de.Int(3), "K", de.Int(4))},
		{"suppression", exitUsage, []string{"--qi", "age", "--suppression", "1.5"}, de.T("deid.cli.suppression", "Value", "1.5")},
	} {
		args := append([]string{"anonymize", "--input", input, "--output", out, "--quiet", "--k", "2"}, c.extra...)
		msg := mustFail(t, env, c.code, args...)
		if !strings.Contains(msg, c.want) || strings.Contains(msg, "levels") || strings.Contains(msg, "no column") || strings.Contains(msg, "want a fraction") || strings.Contains(msg, "fewer than") {
			t.Errorf("%s: %s\nwant %q", c.name, msg, c.want)
		}
	}
}

// TestExportNoSolutionInGerman: a study no generalisation satisfies is
// refused in German with its suppression limit, not with the engine's
// English after the German lead-in.
func TestExportNoSolutionInGerman(t *testing.T) {
	de := i18n.MustLoad().Localizer("de")
	err := exportError(de, fmt.Errorf("study registry-demo: %w", &deid.NoSolutionError{SuppressionLimit: 0.05}))
	var ee *exitError
	if !errors.As(err, &ee) || ee.code != exitValidation {
		t.Fatalf("no solution: %v", err)
	}
	want := de.T("research3.noSolution", "Limit", de.Percent(0.05, 1))
	if msg := err.Error(); !strings.Contains(msg, want) || strings.Contains(msg, "suppression") {
		t.Errorf("no solution in German: %q, want %q", msg, want)
	}
}
