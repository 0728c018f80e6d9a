package app

import (
	"errors"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"custodia/consent"
	"custodia/deid"
	"custodia/i18n"
	"custodia/research"
	"custodia/vault"
)

// StudyProblems words the fields of a research study's validation error
// (*research.ValidationError) for people: where by the wizard's label
// and what by the broken rule with its values (a range's bounds, the
// sensitive columns found, a category by its label). withCodes is for
// readers who type codes (the command line's flags and study files):
// the label keeps the JSON path after it and each accepted value its
// code, "Organisation (recipient.org)", "Eine Zeile je Kontakt
// (encounter)". FieldProblems and FieldProblemsWithCodes call it, so the
// desktop's Research tab and custodiactl export say the same.
func StudyProblems(loc *i18n.Localizer, e *research.ValidationError, withCodes bool) []FieldProblem {
	out := make([]FieldProblem, 0, len(e.Fields))
	for _, f := range e.Fields {
		label := StudyFieldLabel(loc, f.Path)
		if withCodes && label != f.Path {
			label += " (" + f.Path + ")"
		}
		out = append(out, FieldProblem{Field: f.Path, Label: label, Problem: studyRuleText(loc, f, withCodes)})
	}
	return out
}

// exampleDay is the day a date problem shows as an example.
var exampleDay = time.Date(2026, time.January, 31, 0, 0, 0, 0, time.UTC)

// studyColumn is a path into one column of a study: "columns[2].role".
var studyColumn = regexp.MustCompile(`^columns\[(\d+)\]\.([A-Za-z]+)$`)

// StudyFieldLabel names a study field by the wizard's wording
// ("recipient.org" → "Organisation", "columns[2].role" → "Spalte 3:
// Rolle"); a path without words stays as it is.
func StudyFieldLabel(loc *i18n.Localizer, path string) string {
	for _, id := range []string{"research.field." + path, "research3.field." + path} {
		if path != "" && loc.Has(id) {
			return loc.T(id)
		}
	}
	if m := studyColumn.FindStringSubmatch(path); m != nil && loc.Has("research3.column."+m[2]) {
		n, _ := strconv.Atoi(m[1])
		return loc.T("research3.field.column", "N", n+1, "Part", loc.T("research3.column."+m[2]))
	}
	return path
}

// StudyRuleID is the message id of a study rule code; a rule without
// one (the consent codes a study reuses) is worded as consent words it.
func StudyRuleID(rule string) string { return "research3.rule." + rule }

func studyRuleText(loc *i18n.Localizer, f research.Field, withCodes bool) string {
	allowed := studyAllowed(loc, f.Path, f.Allowed, withCodes)
	rule := string(f.Rule)
	if rule == "" || !loc.Has(StudyRuleID(rule)) {
		return loc.FieldRule(rule, f.Message, allowed...)
	}
	if f.Rule == research.RuleDate && !withCodes { // a date field takes the reader's format
		return loc.T("research3.dateTyped", "Example", loc.Date(exampleDay))
	}
	return loc.T(StudyRuleID(rule), "Min", research.Bound(loc, f.Min), "Max", research.Bound(loc, f.Max),
		"Count", f.Count, "Code", studyCodeText(loc, f), "Allowed", strings.Join(allowed, ", "), "Other", otherField(loc, f.Rule))
}

// otherField is the label of the field a rule compares with: the first
// day of the encounters, the lowest age.
func otherField(loc *i18n.Localizer, rule consent.FieldRule) string {
	switch rule {
	case research.RuleBeforeFrom:
		return StudyFieldLabel(loc, "cohort.from")
	case research.RuleBelowMin:
		return StudyFieldLabel(loc, "cohort.ageMin")
	}
	return ""
}

// studyCodeText words the code a rule names: a data category or the
// JSON type expected by its label; a column or recipient as it is.
func studyCodeText(loc *i18n.Localizer, f research.Field) string {
	switch f.Rule {
	case consent.RuleNotPurposeCategory:
		return research.CategoryText(loc, f.Code)
	case research.RuleWrongType:
		if loc.Has("research3.kind." + f.Code) {
			return loc.T("research3.kind." + f.Code)
		}
	case research.RuleNotResearchPurpose:
		return loc.Label("purpose", f.Code, f.Code)
	}
	return f.Code
}

// studyAllowed words the values a study field accepts: a row level, a
// metric, a search, a column role or treatment, an l-diversity variant
// by its label (with the code after it for readers who type it); column
// names stay as they are, the exported file's own.
func studyAllowed(loc *i18n.Localizer, path string, allowed []string, withCodes bool) []string {
	label := studyAllowedLabel(loc, path)
	if label == nil {
		return allowed
	}
	out := make([]string, len(allowed))
	for i, code := range allowed {
		out[i] = label(code)
		if withCodes && out[i] != code {
			out[i] += " (" + code + ")"
		}
	}
	return out
}

func studyAllowedLabel(loc *i18n.Localizer, path string) func(string) string {
	prefix := ""
	switch fieldName(path) {
	case "level":
		return func(c string) string { return research.LevelText(loc, c) }
	case "metric":
		return func(c string) string { return research.MetricText(loc, c) }
	case "algorithm":
		return func(c string) string { return research.AlgorithmText(loc, c) }
	case "role":
		prefix = "research.role."
	case "treatment":
		prefix = "research.treatment."
	case "lVariant":
		prefix = "research.lvariant."
	default:
		return nil
	}
	return func(c string) string {
		if loc.Has(prefix + c) {
			return loc.T(prefix + c)
		}
		return c
	}
}

// PackageText words why a research package does not open (a
// *research.PackageError in err's chain: a key that does not fit, a
// file changed or missing against the manifest, …) in loc's language,
// naming the file concerned; ok is false for other errors. custodiactl
// export open and the desktop's "Open research package" say it alike.
func PackageText(loc *i18n.Localizer, err error) (string, bool) {
	var pe *research.PackageError
	switch {
	case errors.As(err, &pe) && loc.Has(PackageProblemID(pe.Problem)):
		return loc.T("research3.package.head", "Detail", loc.T(PackageProblemID(pe.Problem), "File", pe.File)), true
	case errors.Is(err, research.ErrPackage):
		return loc.T("research3.package.head", "Detail", loc.T("research3.package.other")), true
	case errors.Is(err, research.ErrDirNotEmpty):
		return loc.T("research3.package.dirNotEmpty"), true
	}
	return "", false
}

// PackageProblemID is the message id of a package problem.
func PackageProblemID(p research.PackageProblem) string { return "research3.package." + string(p) }

// StudyRunText words why a study's preview or export did not run, for
// both front ends: no generalisation satisfies the privacy model (with
// the suppression limit it was searched under), the study's pseudonym
// key was destroyed, or a file named is not there. ok is false for
// other errors.
func StudyRunText(loc *i18n.Localizer, err error) (string, bool) {
	var ns *deid.NoSolutionError
	var pe *fs.PathError
	switch {
	case errors.As(err, &ns):
		return loc.T("research3.noSolution", "Limit", loc.Percent(ns.SuppressionLimit, 1)), true
	case errors.Is(err, deid.ErrNoSolution):
		return loc.T("research3.noSolutionAny"), true
	case errors.Is(err, ErrStudyKeyDestroyed), errors.Is(err, vault.ErrKeyDestroyed):
		return loc.T("research3.keyDestroyed"), true
	case errors.Is(err, fs.ErrNotExist) && errors.As(err, &pe):
		return loc.T("research3.fileMissing", "File", filepath.Base(pe.Path)), true
	}
	return "", false
}
