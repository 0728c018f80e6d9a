package app

import (
	"strings"
	"testing"

	"custodia/i18n"
	"custodia/research"
)

// TestEveryStudyRuleWorded: every rule a study field problem can carry
// reads in German and English from the catalogue, with its values
// filled in, never as the domain's English message (which the desktop
// and custodiactl showed for rules without a code).
func TestEveryStudyRuleWorded(t *testing.T) {
	const english = "ENGLISH MESSAGE"
	for _, lang := range []string{"de", "en"} {
		loc := i18n.MustLoad().Localizer(lang)
		for _, r := range research.StudyRules() {
			e := &research.ValidationError{Fields: []research.Field{{Path: "privacy.k", Message: english, Rule: r,
				Allowed: []string{"a"}, Min: 2, Max: 1000, Count: 3, Code: "diagnoses"}}}
			ps, ok := FieldProblems(loc, e)
			if !ok || len(ps) != 1 {
				t.Fatalf("%s: %v", r, ps)
			}
			p := ps[0].Problem
			if p == english || strings.Contains(p, "<no value>") || strings.Contains(p, "⟦") {
				t.Errorf("%s %s: %q", lang, r, p)
			}
		}
	}
}

// TestStudyRangeAndCodesInGerman: a range names its bounds in German
// number format, a data category reads as its label, the JSON type as
// a word, and the values a field accepts as their labels (with the code
// after each one for the command line).
func TestStudyRangeAndCodesInGerman(t *testing.T) {
	de := i18n.MustLoad().Localizer("de")
	e := &research.ValidationError{Fields: []research.Field{
		{Path: "privacy.k", Rule: research.RuleRange, Min: 2, Max: 1000, Message: "must be 2-1000"},
		{Path: "columns", Rule: "not-purpose-category", Code: "lab-results", Message: "category"},
		{Path: "privacy.k", Rule: research.RuleWrongType, Code: research.KindNumber, Message: "wrong type (int expected)"},
		{Path: "level", Rule: "one-of", Allowed: []string{research.LevelPatient, research.LevelEncounter}, Message: "must be"},
	}}
	ps, _ := FieldProblemsWithCodes(de, e)
	got := JoinProblems(ps, "\n")
	for _, want := range []string{"k (privacy.k): muss zwischen 2 und 1.000 liegen", research.CategoryText(de, "lab-results"),
		de.T("research3.kind.number"), research.LevelText(de, research.LevelEncounter) + " (encounter)", "Zeilen (level)"} {
		if !strings.Contains(got, want) {
			t.Errorf("German problems lack %q:\n%s", want, got)
		}
	}
	desk, _ := FieldProblems(de, e)
	if d := JoinProblems(desk, "\n"); strings.Contains(d, "(encounter)") || strings.Contains(d, "(level)") {
		t.Errorf("the desktop's wording shows codes:\n%s", d)
	}
}

// TestStudyFieldLabels: every field a study validation names reads as a
// label in German, a column's part with the column's number.
func TestStudyFieldLabels(t *testing.T) {
	de := i18n.MustLoad().Localizer("de")
	paths := []string{"id", "version", "name", "purpose", "recipient", "recipient.org", "recipient.contact", "recipient.ageRecipient",
		"recipient.id", "level", "referenceDate", "metric", "algorithm", "dateShiftDays", "cohort.icdPrefix", "cohort.from",
		"cohort.to", "cohort.ageMin", "cohort.ageMax", "columns", "columns[0].name", "columns[1].role", "columns[2].treatment",
		"columns[3].bins", "columns[4].hierarchy", "privacy", "privacy.k", "privacy.l", "privacy.c", "privacy.lVariant",
		"privacy.t", "privacy.averageRisk", "privacy.suppression"}
	for _, p := range paths {
		if l := StudyFieldLabel(de, p); l == p || l == "" {
			t.Errorf("%s has no German label", p)
		}
	}
	if got := StudyFieldLabel(de, "columns[2].role"); got != "Spalte 3: Rolle" {
		t.Errorf("columns[2].role = %q", got)
	}
}

// TestEveryPackageProblemWorded: every way a package fails to open reads
// in German and English, naming the file where the problem has one.
func TestEveryPackageProblemWorded(t *testing.T) {
	for _, lang := range []string{"de", "en"} {
		loc := i18n.MustLoad().Localizer(lang)
		for _, p := range research.PackageProblems() {
			if !loc.Has(PackageProblemID(p)) {
				t.Errorf("%s: no words for %q", lang, p)
				continue
			}
			text, ok := PackageText(loc, &research.PackageError{Problem: p, File: "data.csv"})
			if !ok || strings.Contains(text, "<no value>") || strings.Contains(text, "research:") {
				t.Errorf("%s %s: %q", lang, p, text)
			}
		}
	}
	de := i18n.MustLoad().Localizer("de")
	text, _ := PackageText(de, &research.PackageError{Problem: research.PkgChanged, File: "data.csv"})
	if !strings.Contains(text, "data.csv") || !strings.Contains(text, "Prüfsumme") {
		t.Errorf("a changed file: %q", text)
	}
}
