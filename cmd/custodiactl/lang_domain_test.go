package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"custodia/app"
	"custodia/consent"
	"custodia/i18n"
	"custodia/vault/patientcsv"
)

// TestExceptionTextFollowsTheDomain words every Art. 17(3) point the
// shipped retention rules keep data on: in English exactly as the domain
// writes it (the oracle), in German as the German citation.
func TestExceptionTextFollowsTheDomain(t *testing.T) {
	cat := i18n.MustLoad()
	en, de := cat.Localizer("en"), cat.Localizer("de")
	seen := 0
	for _, r := range consent.DefaultRetentionRules() {
		basis := r.ExceptionText()
		if basis == "" {
			continue
		}
		seen++
		if got := exceptionText(en, basis); got != basis {
			t.Errorf("en %q: %q", basis, got)
		}
		want := "DSGVO Art. 17 Abs. 3 lit. " + r.Exception
		if got := exceptionText(de, basis); got != want {
			t.Errorf("de %q: %q, want %q", basis, got, want)
		}
	}
	if seen == 0 {
		t.Fatal("no shipped rule keeps data under Art. 17(3)")
	}
	for _, other := range []string{"", "GDPR Art. 6(1)(c)", "GDPR Art. 17(3)()", "GDPR Art. 17(3)(b) and more)"} {
		if got := exceptionText(de, other); got != other {
			t.Errorf("%q is not an Art. 17(3) point but became %q", other, got)
		}
	}
}

// TestAppErrorsSpeakTheRunsLanguage reports every use-case error kind the
// CLI words: the message comes from the catalogue in the run's language,
// never the use case's English text, with the kind's exit code.
func TestAppErrorsSpeakTheRunsLanguage(t *testing.T) {
	cat := i18n.MustLoad()
	for kind, id := range appErrorIDs {
		err := &app.Error{Kind: kind, Msg: "english text for logs"}
		for _, lang := range []string{"en", "de"} {
			loc := cat.Localizer(lang)
			msg, code := describe(loc, consentMessage(err))
			if msg != loc.T(id) || strings.Contains(msg, "english text") {
				t.Errorf("%v in %s: %q", kind, lang, msg)
			}
			if code != appExitCode(kind) {
				t.Errorf("%v: exit %d, want %d", kind, code, appExitCode(kind))
			}
		}
		if cat.Localizer("de").T(id) == cat.Localizer("en").T(id) {
			t.Errorf("%s: German is the English text", id)
		}
	}
}

// TestGrantShowsTheTextInTheRunsLanguage: without --lang after the
// command, a grant records the consent text in the language the CLI
// speaks; --lang after the command still chooses.
func TestGrantShowsTheTextInTheRunsLanguage(t *testing.T) {
	env, id := gdprVault(t)
	grant(t, env, "--patient", id, "--purpose", "recall", "--method", "paper")
	mustRun(t, env, "--lang", "de", "consent", "grant", "--patient", id, "--purpose", "marketing", "--method", "paper")
	mustRun(t, env, "--lang", "de", "consent", "grant", "--patient", id, "--purpose", "research:registry", "--method", "paper", "--lang", "en")
	var events []consent.Event
	if err := json.Unmarshal([]byte(mustRun(t, env, "consent", "history", "--patient", id, "--json")), &events); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"recall": "en", "marketing": "de", "research:registry": "en"}
	for _, e := range events {
		if w, ok := want[e.PurposeID]; ok && e.TextLanguage != w {
			t.Errorf("%s: text in %q, want %q", e.PurposeID, e.TextLanguage, w)
		}
		delete(want, e.PurposeID)
	}
	if len(want) > 0 {
		t.Errorf("not recorded: %v", want)
	}
}

// TestRenewalReasonIsWorded: consent due words why a consent is due in
// the run's language, never the domain's English reason code.
func TestRenewalReasonIsWorded(t *testing.T) {
	de := i18n.MustLoad().Localizer("de")
	for _, r := range []consent.Renewal{{Reason: "expiry"}, {Reason: "material text change", NewTextVersion: 3}} {
		got := renewalReason(de, r)
		if strings.Contains(got, r.Reason) || got == "" {
			t.Errorf("%+v: %q", r, got)
		}
		if r.NewTextVersion > 0 && !strings.Contains(got, "3") {
			t.Errorf("%+v: the version to show is missing: %q", r, got)
		}
	}
}

// TestCSVProblemsAreWorded: the problems of a CSV file read in English as
// the importer writes them (the oracle) and in German by line and column.
func TestCSVProblemsAreWorded(t *testing.T) {
	cat := i18n.MustLoad()
	for _, e := range []*patientcsv.Error{
		{Lines: []*patientcsv.LineError{{Line: 3, Field: "birth_date", Message: "is not a valid date"}}},
		{Lines: []*patientcsv.LineError{{Line: 1, Message: "missing required column family_name"}, {Line: 7, Field: "mrn", Message: "is required"}}, More: 4},
	} {
		if got, want := csvProblems(cat.Localizer("en"), e), strings.TrimPrefix(e.Error(), "patientcsv: "); got != want {
			t.Errorf("en:\n%s\nwant:\n%s", got, want)
		}
		de := csvProblems(cat.Localizer("de"), e)
		for _, l := range e.Lines {
			if !strings.Contains(de, fmt.Sprintf("Zeile %d", l.Line)) || strings.Contains(de, "line ") {
				t.Errorf("de:\n%s", de)
			}
		}
	}
}
