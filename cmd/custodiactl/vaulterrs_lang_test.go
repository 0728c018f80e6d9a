package main

import (
	"database/sql"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"custodia/i18n"
	"custodia/vault"
)

// vaultErrIDRE finds the start of an id anywhere in a message.
var vaultErrIDRE = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-`)

// vaultRefusal runs a command that the vault refuses as invalid input, in
// German and in English, and checks that each names the broken rule in
// the run's language (the catalogue's wording of the rule's code, with
// the values it names worded as labels) and shows no id.
func vaultRefusal(t *testing.T, env map[string]string, rule vault.FieldRule, values map[string]string, args ...string) {
	t.Helper()
	cat := i18n.MustLoad()
	for _, lang := range []string{"de", "en"} {
		loc := cat.Localizer(lang)
		msg := mustFail(t, env, exitValidation, append([]string{"--lang", lang}, args...)...)
		want := loc.T(i18n.FieldRuleID(string(rule)), "Allowed", "")
		if allowed, ok := values[lang]; ok {
			want = loc.T(i18n.FieldRuleID(string(rule)), "Allowed", allowed)
		}
		if !strings.Contains(msg, want) {
			t.Errorf("%s %q:\n%s\nwant the rule %q worded: %q", lang, args, msg, rule, want)
		}
		if vaultErrIDRE.MatchString(msg) {
			t.Errorf("%s %q shows an id:\n%s", lang, args, msg)
		}
		english := cat.Localizer("en").T(i18n.FieldRuleID(string(rule)), "Allowed", values["en"])
		if lang == "de" && strings.Contains(msg, english) {
			t.Errorf("German %q shows the English text:\n%s", args, msg)
		}
	}
}

// Refusals the vault words by rule reach the person in their language,
// without an id: an anchor file whose name does not end in .json (the
// value the rule names), a database file that is not a vault, a file
// that is not a database at all.
func TestVaultRefusalsSpeakTheRunsLanguage(t *testing.T) {
	env := initVault(t)
	ext := map[string]string{"de": ".json", "en": ".json"}
	vaultRefusal(t, env, vault.RuleFileExtension, ext, "audit", "anchor-file", filepath.Join(t.TempDir(), "anchor.txt"))

	notVault := filepath.Join(t.TempDir(), "notes.vault")
	db, err := sql.Open("sqlite", notVault) // an SQLite file of another program
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("CREATE TABLE notes (body TEXT)"); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	vaultRefusal(t, with(env, envVault, notVault), vault.RuleNotAVault, nil, "patient", "list")

	notes := filepath.Join(t.TempDir(), "notes.txt") // not a database at all
	if err := os.WriteFile(notes, []byte(strings.Repeat("a synthetic note, not a vault\n", 200)), 0o600); err != nil {
		t.Fatal(err)
	}
	vaultRefusal(t, with(env, envVault, notes), vault.RuleNotAVault, nil, "patient", "list")
}
