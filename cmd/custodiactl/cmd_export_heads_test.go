package main

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"custodia/i18n"
	"custodia/vault/demo"
)

// export run and export open name the export by its study and day in
// the sentence ("Export der Studie … vom 05.12.2026 …"), in German and
// in English; the export's id stands only in the trailing parentheses,
// as the handle for export history (issue 10).
func TestExportHeadsNameTheStudy(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a demo vault")
	}
	env := testEnv(t)
	mustRun(t, env, "demo", "--patients", "40")
	dir := t.TempDir()
	cat := i18n.MustLoad()
	for _, lang := range []string{"de", "en"} {
		loc := cat.Localizer(lang)
		dpo := with(env, envUser, "dpo", envPassphrase, "dpo-passphrase-not-secret", envLang, lang)
		researcher := with(env, envUser, "researcher", envPassphrase, "researcher-passphrase-not-secret", envLang, lang)
		pkg := filepath.Join(dir, lang+".age")
		run := mustRun(t, dpo, "export", "run", demo.StudyID, "--out", pkg)
		var hist []struct {
			ExportID  string `json:"export_id"`
			StudyName string `json:"study_name"`
		}
		if err := json.Unmarshal([]byte(mustRun(t, dpo, "export", "history", "--json")), &hist); err != nil || len(hist) == 0 {
			t.Fatalf("history: %v, %d exports", err, len(hist))
		}
		last := hist[len(hist)-1]
		opened := mustRun(t, researcher, "export", "open", pkg, "--dir", filepath.Join(dir, lang))
		day := loc.Date(time.Now())
		for what, out := range map[string]string{"export run": run, "export open": opened} {
			head, _, _ := strings.Cut(out, "\n")
			checkExportHead(t, lang+" "+what, head, loc.T("export.col.export"), last.ExportID, last.StudyName, day)
		}
	}
}

// checkExportHead: head is a sentence naming the study and the day,
// then "(Export ID)" at its end; the id and no UUID in the sentence.
func checkExportHead(t *testing.T, what, head, export, id, study, day string) {
	t.Helper()
	trailer := regexp.MustCompile(`\((?i:` + regexp.QuoteMeta(export) + `) ` + regexp.QuoteMeta(id) + `\)$`)
	loc := trailer.FindStringIndex(head)
	if loc == nil {
		t.Errorf("%s: %q does not end with (%s %s)", what, head, export, id)
		return
	}
	sentence := head[:loc[0]]
	if strings.Contains(sentence, id) || uuidInText.MatchString(sentence) {
		t.Errorf("%s names the export by its id in the sentence: %q", what, head)
	}
	for _, want := range []string{study, day} {
		if !strings.Contains(sentence, want) {
			t.Errorf("%s: %q lacks %q", what, head, want)
		}
	}
}
