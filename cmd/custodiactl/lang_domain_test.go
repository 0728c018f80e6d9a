package main

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"custodia/app"
	"custodia/consent"
	"custodia/i18n"
	"custodia/vault"
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

// TestCSVProblemsAreWorded: the problems of a CSV file are listed one a
// line in each language, by line and by column (the field's label and the
// header to fix), with the rule's text or, without a rule, the importer's
// English message; the oracle builds each line from the catalogue's parts.
func TestCSVProblemsAreWorded(t *testing.T) {
	cat := i18n.MustLoad()
	for _, e := range []*patientcsv.Error{
		{Lines: []*patientcsv.LineError{{Line: 3, Field: "birth_date", Message: "is not a valid date"}}},
		{Lines: []*patientcsv.LineError{{Line: 1, Rule: vault.RuleCSVMissingColumn, Args: []any{"Field", "family_name"}, Message: "missing required column family_name"},
			{Line: 7, Field: "mrn", Rule: vault.RuleRequired, Message: "is required"}}, More: 4},
	} {
		for _, lang := range []string{"en", "de"} {
			loc := cat.Localizer(lang)
			want := []string{loc.N("cli4.csv.problems", len(e.Lines)+e.More)}
			for _, l := range e.Lines {
				want = append(want, "  "+csvLineOracle(loc, lang, l))
			}
			if e.More > 0 {
				want = append(want, "  "+loc.T("cli4.csv.more", "Count", e.More))
			}
			if got := csvProblems(loc, e); got != strings.Join(want, "\n") {
				t.Errorf("%s:\n%s\nwant:\n%s", lang, got, strings.Join(want, "\n"))
			}
		}
	}
}

// csvLineOracle words one CSV problem from the catalogue's parts.
func csvLineOracle(loc *i18n.Localizer, lang string, l *patientcsv.LineError) string {
	quote := map[string][2]string{"en": {"“", "”"}, "de": {"„", "“"}}[lang]
	column := func(f string) string {
		return quote[0] + loc.T("labels.field."+patientcsv.Field(f).PatientField()) + quote[1] + " (" + f + ")"
	}
	what := l.Message
	if l.Rule != "" {
		args := slices.Clone(l.Args)
		for i := 0; i+1 < len(args); i += 2 {
			if args[i] == "Field" {
				args[i+1] = column(args[i+1].(string))
			}
		}
		what = loc.T(i18n.FieldRuleID(string(l.Rule)), args...)
	}
	line := map[string]string{"en": "Line", "de": "Zeile"}[lang]
	if l.Field == "" {
		return fmt.Sprintf("%s %d: %s", line, l.Line, what)
	}
	col := map[string]string{"en": "column", "de": "Spalte"}[lang]
	return fmt.Sprintf("%s %d, %s %s: %s", line, l.Line, col, column(l.Field), what)
}
