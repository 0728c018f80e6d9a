package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"custodia/deid"
	"custodia/i18n"
	"custodia/research"
	"custodia/vault/demo"
)

// export run in German on a demo vault names the generalised columns in
// words with their code ("Alter (age) 4/4"), says the attack model, the
// generalisation and the groups as the report does
// ("Prosecutor-Risiko (höchstes)", "Vergröberung", "Gruppen"), and shows none of the
// English run's phrases; the English run names the columns in English.
func TestExportRunWordsInGerman(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a demo vault")
	}
	env := testEnv(t)
	mustRun(t, env, "demo", "--patients", "60")
	dir := t.TempDir()
	cat := i18n.MustLoad()
	out := map[string]string{}
	for _, lang := range []string{"en", "de"} {
		dpo := with(env, envUser, "dpo", envPassphrase, "dpo-passphrase-not-secret", envLang, lang)
		out[lang] = mustRun(t, dpo, "export", "run", demo.StudyID, "--out", filepath.Join(dir, lang+".age"))
	}
	en, de := cat.Localizer("en"), cat.Localizer("de")
	t.Logf("German run:\n%s", out["de"])
	levels := regexp.MustCompile(`([^,:]+) \(([a-z_:0-9-]+)\) (\d+/\d+|` + regexp.QuoteMeta(de.T("research2.html.perClass")) + `)`)
	named := levels.FindAllStringSubmatch(out["de"], -1)
	if len(named) < 2 {
		t.Fatalf("German run names %d generalised columns:\n%s", len(named), out["de"])
	}
	for _, m := range named {
		label, code := strings.TrimSpace(m[1]), m[2]
		if label != research.ColumnText(de, code) || label == code {
			t.Errorf("German run names column %s %q, want %q", code, label, research.ColumnText(de, code))
		}
		if !strings.Contains(out["en"], research.ColumnNamed(en, code)) {
			t.Errorf("English run does not name column %s as %q:\n%s", code, research.ColumnNamed(en, code), out["en"])
		}
	}
	for _, id := range []string{"research2.html.prosecutorMax", "research2.html.prosecutorAvg", "research2.html.transformation", "research2.html.classes",
		"research2.html.afterRows", "research2.html.afterPatients"} {
		if !strings.Contains(out["de"], de.T(id)) {
			t.Errorf("German run lacks the report's term %q:\n%s", de.T(id), out["de"])
		}
	}
	phrases := runPhrases(out["en"])
	if len(phrases) < 5 {
		t.Fatalf("only %d English phrases: %q", len(phrases), phrases)
	}
	for _, phrase := range phrases {
		if strings.Contains(out["de"], phrase) {
			t.Errorf("German run shows the English %q:\n%s", phrase, out["de"])
		}
	}
}

var (
	runLetters = regexp.MustCompile(`\pL{3,}`)
	runCuts    = regexp.MustCompile(`[;:,()\n]|\S*[0-9a-f]{16,}\S*|\S+\.age|` + regexp.QuoteMeta(demo.StudyID) + `\S*`)
)

// runPhrases are the English output's phrases longer than 12 characters
// with at least two words, cut at punctuation and around the study's id,
// the package file and hashes.
func runPhrases(out string) []string {
	var phrases []string
	for _, p := range runCuts.Split(out, -1) {
		p = strings.TrimSpace(p)
		if len(p) > 12 && len(runLetters.FindAllString(p, -1)) >= 2 {
			phrases = append(phrases, p)
		}
	}
	return phrases
}

// At encounter level the risk before counts rows: the summary gives the
// risk after per row and per patient, each figure once, so an average
// that only looks higher per patient is not read as a rise.
func TestExportRiskLineNamesItsUnit(t *testing.T) {
	de := i18n.MustLoad().Localizer("de")
	risk := exportRisk{Before: deid.Risk{ProsecutorMax: 1, ProsecutorAvg: 0.2164},
		After: deid.Risk{ProsecutorMax: 0.333, ProsecutorAvg: 0.25}, AfterRows: deid.Risk{ProsecutorMax: 0.125, ProsecutorAvg: 0.0598}}
	figures := []string{"100,0 %", "33,3 %", "12,5 %", "21,64 %", "25,00 %", "5,98 %"}
	for level, want := range map[string]int{research.LevelEncounter: 6, research.LevelPatient: 4} {
		rep := &research.Report{Study: research.ReportStudy{Level: level}}
		line := riskLine(de, exportSummary{Risk: risk, report: rep})
		shown := 0
		for _, f := range figures {
			shown += strings.Count(line, f)
		}
		if shown != want {
			t.Errorf("%s: %d of the figures shown, want %d: %s", level, shown, want, line)
		}
		if rows := strings.Contains(line, de.T("research2.html.afterRows")); rows != (level == research.LevelEncounter) {
			t.Errorf("%s: says %q: %v", level, de.T("research2.html.afterRows"), rows)
		}
	}
}
