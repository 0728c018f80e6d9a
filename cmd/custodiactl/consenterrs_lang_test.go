package main

import (
	"strings"
	"testing"

	"custodia/i18n"
)

// TestConsentRuleProblemsInGerman: problems the consent package raises
// reach people worded from their rule codes, in German with --lang de and
// no English left, with the values the rule names (the longest extension,
// in months): an extension by too many months told before the request
// was received, and one told after it was recorded. English runs read the English catalogue; the exit code stays
// the validation one.
func TestConsentRuleProblemsInGerman(t *testing.T) {
	env, id := gdprVault(t)
	rid := openRequest(t, env, id, "access", "2026-06-14")
	cat := i18n.MustLoad()
	for _, tc := range []struct {
		name    string
		args    []string
		want    [][2]string // rule code and its Allowed value
		english []string    // the domain's English messages
	}{
		{"extension", []string{"dsr", "extend", rid, "--months", "3", "--reason", "many records", "--told-via", "letter", "--told-at", "2026-06-01"},
			[][2]string{{"extension-months", "2"}, {"before-received", ""}},
			[]string{"must be between", "must not be before the request was received"}},
		{"told later", []string{"dsr", "extend", rid, "--months", "1", "--reason", "many records", "--told-via", "letter", "--told-at", "2026-06-20"},
			[][2]string{{"told-after-extension", ""}},
			[]string{"must not be after the extension is recorded"}},
	} {
		for _, lang := range []string{"de", "en"} {
			loc := cat.Localizer(lang)
			msg := mustFail(t, env, exitValidation, append([]string{"--lang", lang}, tc.args...)...)
			for _, w := range tc.want {
				if want := loc.FieldRule(w[0], "", w[1]); want == "" || !strings.Contains(msg, want) {
					t.Errorf("%s (%s): %s\nwant %q", tc.name, lang, msg, want)
				}
			}
			if label := loc.T("domaintext.field.toldAt"); !strings.Contains(msg, label+" (toldAt)") {
				t.Errorf("%s (%s): the field is not named %q: %s", tc.name, lang, label, msg)
			}
			if lang != "de" {
				continue
			}
			english := tc.english
			for _, w := range tc.want {
				english = append(english, enText(i18n.FieldRuleID(w[0]), "Allowed", w[1]))
			}
			for _, e := range english {
				if strings.Contains(msg, e) {
					t.Errorf("%s: German message holds %q: %s", tc.name, e, msg)
				}
			}
		}
	}
	if got := requests(t, env)[rid]; got.Due != "2026-07-14" {
		t.Errorf("a refused extension moved the due date to %s", got.Due)
	}
}
