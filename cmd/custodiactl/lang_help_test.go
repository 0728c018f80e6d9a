package main

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"custodia/i18n"
)

// The oracle for "every word people read goes through the catalogue",
// for --help and usage errors of every command of the explicit list:
//
//   - every command's summary and help and every flag's description is
//     a catalogue id that both languages define;
//   - the German output holds no word of the English vocabulary: a word
//     (letters only; codes with '-', '_', digits and the like are left
//     out) that some English message of the shipped catalogue uses and no
//     German message does. A sentence that bypasses the catalogue is
//     English prose, and English prose is made of such words ("the",
//     "is", "missing", "give").
//   - no message id is missing (the localizer prints ⟦id⟧).

var wordRE = regexp.MustCompile(`[^\s,;()"'“”„«»\[\]{}<>!?*…–—]+`)
var placeholderRunRE = regexp.MustCompile(`\{\{[^}]*\}\}|` + "`")

// words are the plain words of s, lower case: tokens of letters only
// (a trailing '.' or ':' dropped); codes, flags, paths and numbers are
// not words.
func words(s string) []string {
	var out []string
	for _, tok := range wordRE.FindAllString(placeholderRunRE.ReplaceAllString(s, " "), -1) {
		tok = strings.TrimRight(tok, ".:")
		if tok == "" || strings.IndexFunc(tok, func(r rune) bool { return !unicode.IsLetter(r) }) >= 0 {
			continue
		}
		out = append(out, strings.ToLower(tok))
	}
	return out
}

// shippedValues reads every message of one language of the shipped
// catalogue (all areas; the forms of plural messages too).
func shippedValues(t *testing.T, lang string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "i18n", "locales", "*."+lang+".json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no %s catalogue: %v", lang, err)
	}
	var out []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var raw map[string]any
		if err := json.Unmarshal(data, &raw); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, v := range raw {
			out = append(out, flatten(v)...)
		}
	}
	return out
}

func flatten(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case map[string]any:
		var out []string
		for _, x := range v {
			out = append(out, flatten(x)...)
		}
		return out
	}
	return nil
}

// englishVocabulary is every word of an English message that no German
// message uses and that is not the name of a command.
func englishVocabulary(t *testing.T, root *command) map[string]bool {
	t.Helper()
	german := map[string]bool{}
	for _, s := range shippedValues(t, "de") {
		for _, w := range words(s) {
			german[w] = true
		}
	}
	root.walk(func(c *command) { german[strings.ToLower(c.name)] = true })
	vocab := map[string]bool{}
	for _, s := range shippedValues(t, "en") {
		for _, w := range words(s) {
			if !german[w] {
				vocab[w] = true
			}
		}
	}
	return vocab
}

// englishIn returns the English words in out, or "" when there are none.
func englishIn(out string, vocab map[string]bool) string {
	var found []string
	for _, w := range words(out) {
		if vocab[w] {
			found = append(found, w)
		}
	}
	if strings.Contains(out, "⟦") {
		found = append(found, "⟦missing message⟧")
	}
	return strings.Join(found, " ")
}

// foreignWords are the commands whose files declare English words instead
// of catalogue ids (anonymize*.go belongs to the de-identification
// performance work this session); --help finds their words by path.
var foreignWords = map[string]bool{"custodiactl anonymize": true}

// TestEveryHelpTextIsACatalogueMessage: summaries, help and flag
// descriptions of every command resolve to ids both languages define.
func TestEveryHelpTextIsACatalogueMessage(t *testing.T) {
	cat := i18n.MustLoad()
	root := newRoot()
	need := func(c *command, what, id string) {
		if !strings.HasPrefix(id, "cli3.") {
			t.Errorf("%s: %s: %q is not a catalogue id", c.path(), what, id)
		}
		for _, lang := range i18n.Languages() {
			if !cat.Has(lang, id) {
				t.Errorf("%s: %s: %s has no %s message %q", c.path(), what, lang, lang, id)
			}
		}
	}
	root.walk(func(c *command) {
		text := func(s, _ string) string { return s }
		if foreignWords[c.path()] {
			// the texts are English words; --help finds them by path
			text = func(_, derived string) string { return derived }
		}
		need(c, "summary", text(c.summary, "cli3.cmd."+pathKey(c)))
		if c.help != "" {
			need(c, "help", text(c.help, "cli3.help."+pathKey(c)))
		}
		if c.flags != nil {
			c.flags.VisitAll(func(f *flag.Flag) {
				need(c, "--"+f.Name, text(f.Usage, "cli3.flag."+pathKey(c)+"."+f.Name))
			})
		}
	})
}

// germanRunner runs custodiactl with --lang de and no vault and fails
// the test on any English word in what it prints.
func germanRunner(t *testing.T, root *command) (func(args ...string), *int) {
	t.Helper()
	vocab := englishVocabulary(t, root)
	for _, w := range []string{"the", "is", "missing", "flag", "wrong", "give", "cannot", "not"} {
		if !vocab[w] {
			t.Fatalf("the English vocabulary lacks %q: the oracle would miss it", w)
		}
	}
	checked := 0
	return func(args ...string) {
		t.Helper()
		out, errOut, code := runCLI(t, nil, "", append([]string{"--lang", "de"}, args...)...)
		if en := englishIn(out+errOut, vocab); en != "" {
			t.Errorf("%s (exit %d): English words %q in:\n%s%s", strings.Join(args, " "), code, en, out, errOut)
		}
		checked++
	}, &checked
}

// valueFlag is the name of c's first flag that takes a value ("" if none).
func valueFlag(c *command) string {
	name := ""
	c.flags.VisitAll(func(f *flag.Flag) {
		if name == "" && !isBoolFlag(f) {
			name = f.Name
		}
	})
	return name
}

// TestHelpSpeaksGerman runs every command's --help with --lang de, and
// the framework's usage errors: a group without and with an unknown
// command, a leaf with an unknown flag and with a flag lacking its value.
func TestHelpSpeaksGerman(t *testing.T) {
	root := newRoot()
	check, checked := germanRunner(t, root)
	check("--help")
	check()
	check("no-such-command")
	root.walk(func(c *command) {
		path := strings.Fields(c.path())[1:]
		check(append(path, "--help")...)
		if c.isGroup() {
			if len(path) > 0 {
				check(path...)
			}
			check(append(path, "no-such-command")...)
			return
		}
		check(append(path, "--no-such-flag")...)
		if f := valueFlag(c); f != "" {
			check(append(path, "--"+f)...)
		}
	})
	t.Logf("%d runs checked", *checked)
}

// TestUsageErrorsSpeakGerman runs every leaf with --lang de, no vault and
// no arguments: each ends in its own usage error (a missing flag or
// argument) or in "no vault given", and neither may be English. The
// leaves of foreignWords word their own usage errors in files outside
// this work.
func TestUsageErrorsSpeakGerman(t *testing.T) {
	root := newRoot()
	check, checked := germanRunner(t, root)
	root.walk(func(c *command) {
		path := strings.Fields(c.path())[1:]
		if c.isGroup() || foreignWords[c.path()] || path[0] == "help" {
			return
		}
		check(path...)
	})
	t.Logf("%d runs checked", *checked)
}
