package main

import (
	"errors"
	"strings"

	"custodia/i18n"
)

// envLang names the environment variable that picks the language of the
// messages for people ("en", "de"); without it the locale environment
// (LC_ALL, LC_MESSAGES, LANG) decides, and --lang before the command wins
// over both. Machine output (JSON, CSV, exit codes) never changes with the
// language; --help follows it like every other message.
const envLang = "CUSTODIA_LANG"

// errLangMissing is --lang without a language (worded as cli.lang.usage).
var errLangMissing = errors.New("--lang without a language")

// takeLang removes a leading --lang X / --lang=X from args and returns
// the language asked for ("" when none).
func takeLang(args []string) (string, []string, error) {
	if len(args) == 0 {
		return "", args, nil
	}
	if v, ok := strings.CutPrefix(args[0], "--lang="); ok {
		return v, args[1:], nil
	}
	if args[0] == "--lang" {
		if len(args) < 2 {
			return "", nil, errLangMissing
		}
		return args[1], args[2:], nil
	}
	return "", args, nil
}

// cliLanguage is the language of the messages: --lang, CUSTODIA_LANG,
// then the locale environment; English when none names a shipped one.
func cliLanguage(flag string, getenv func(string) string) string {
	if flag != "" {
		return i18n.Match(flag)
	}
	if v := getenv(envLang); v != "" {
		return i18n.Match(v)
	}
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(name); v != "" {
			return i18n.Match(v)
		}
	}
	return i18n.Match("")
}

// words is the run's localizer; English for a context made without one
// (tests build contexts directly).
func (ctx *runContext) words() *i18n.Localizer {
	if ctx.loc == nil {
		ctx.loc = i18n.MustLoad().Localizer("en")
	}
	return ctx.loc
}
