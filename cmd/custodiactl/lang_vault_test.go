package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestVaultLeavesSpeakGerman runs the leaves of patients, encounters,
// observations, users, the second factor, the audit trail and the vault's
// keys with --lang de and checks what they print with two oracles:
//
//   - no word of the English vocabulary (englishVocabulary) that is not
//     data: the words of what the leaf was given (its arguments) and of
//     its own --json output (which holds the data and never a message)
//     are data;
//   - for the reads, the English run against the German one (checkGerman):
//     no English catalogue fragment, every label cell in its German form.
func TestVaultLeavesSpeakGerman(t *testing.T) {
	root := newRoot()
	vocab := englishVocabulary(t, root)
	frags, labels := englishFragments(t), labelCells(t)
	env, id := gdprVault(t)
	env = with(env, envNewPassphrase, "a long new passphrase for staff")
	run := func(lang string, args ...string) string {
		t.Helper()
		return mustRun(t, env, append([]string{"--lang", lang}, args...)...)
	}
	german := func(args []string, out string, data ...string) {
		t.Helper()
		known := map[string]bool{}
		for _, w := range words(strings.Join(append(args, data...), " ")) {
			known[w] = true
		}
		var found []string
		for _, w := range strings.Fields(englishIn(out, vocab)) {
			if !known[w] {
				found = append(found, w)
			}
		}
		if len(found) > 0 {
			t.Errorf("%s: English words %q in:\n%s", strings.Join(args, " "), found, out)
		}
	}
	write := func(args ...string) string {
		t.Helper()
		out := run("de", args...)
		german(args, out)
		return out
	}
	pid := strings.TrimSpace(write("patient", "add", "--given", "Qwenda", "--family", "Zorbel", "--birth", "1970-01-02",
		"--sex", "female", "--mrn", "M-77", "--diagnosis", "E11.9"))
	write("patient", "edit", pid, "--postcode", "10115")
	enc := strings.TrimSpace(write("encounter", "add", "--patient", pid, "--date", "2026-05-02", "--kind", "home-visit",
		"--diagnosis", "E11.9 Diabetes"))
	write("encounter", "edit", enc, "--kind", "video")
	write("observation", "add", "--mrn", "M-77", "--loinc", "29463-7", "--value", "82.5", "--unit", "kg", "--date", "2026-05-02")
	obs := strings.TrimSpace(write("observation", "add", "--patient", pid, "--loinc", "8302-2", "--value", "170", "--unit", "cm"))
	write("observation", "delete", obs)
	write("user", "add", "empfang", "--role", "frontdesk")
	write("user", "role", "empfang", "clinician")
	write("user", "disable", "empfang")
	write("user", "enable", "empfang")
	write("user", "totp", "status")
	write("user", "totp", "require", "show")
	write("audit", "anchor-file")
	write("vault", "rotate")
	for _, args := range [][]string{
		{"patient", "show", pid},
		{"patient", "show", id},
		{"patient", "list"},
		{"patient", "find", "--name", "zorbel"},
		{"patient", "count"},
		{"encounter", "list", "--patient", pid},
		{"observation", "list", "--mrn", "M-77"},
		{"user", "list"},
		{"audit", "list", "--limit", "12"},
		{"audit", "verify"},
	} {
		asJSON := run("en", append(args, "--json")...)
		if !json.Valid([]byte(asJSON)) {
			t.Fatalf("%s --json: not JSON:\n%s", strings.Join(args, " "), asJSON)
		}
		en, de := run("en", args...), run("de", args...)
		german(args, de, asJSON)
		nCell, nFrag := checkGerman(t, strings.Join(args[:2], " "), en, de, frags, labels)
		t.Logf("%s: %d label cells, %d catalogue fragments", strings.Join(args[:2], " "), nCell, nFrag)
	}
}
