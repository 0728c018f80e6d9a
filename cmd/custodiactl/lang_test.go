package main

import (
	"strings"
	"testing"
)

// Messages for people follow --lang, then CUSTODIA_LANG, then the locale;
// the exit code stays the same in every language.
func TestMessagesFollowTheLanguage(t *testing.T) {
	env := with(initVault(t), envPassphrase, "not-the-passphrase")
	for _, c := range []struct {
		name string
		env  map[string]string
		args []string
		de   bool
	}{
		{"locale", with(env, "LANG", "de_DE.UTF-8"), nil, true},
		{"CUSTODIA_LANG over the locale", with(with(env, "LANG", "de_DE.UTF-8"), envLang, "en"), nil, false},
		{"--lang over both", with(env, envLang, "en"), []string{"--lang", "de"}, true},
		{"--lang=", env, []string{"--lang=de"}, true},
		{"C locale", with(env, "LC_ALL", "C"), nil, false},
	} {
		// wrong passphrase, or after some of them the growing delay
		msg := mustFail(t, c.env, exitWrongPassphrase, append(c.args, "patient", "list")...)
		german := strings.Contains(msg, "falscher Benutzername") || strings.Contains(msg, "Entsperrversuche")
		english := strings.Contains(msg, "wrong user name") || strings.Contains(msg, "failed unlock attempts")
		if german != c.de || english == c.de {
			t.Errorf("%s: %q, want German %v", c.name, msg, c.de)
		}
	}
	msg := mustFail(t, env, exitUsage, "--lang")
	if !strings.Contains(msg, "--lang") {
		t.Errorf("--lang without a language: %q", msg)
	}
}
