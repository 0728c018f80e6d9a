package main

import (
	"strings"

	"custodia/app"
	"custodia/deid"
	"custodia/i18n"
)

// studyFields words the fields of a research.ValidationError in err by
// their JSON path in the study file and their rule in the run's language
// (app.FieldProblems); a field without a rule code keeps the domain's
// text.
func studyFields(loc *i18n.Localizer, err error) string {
	ps, _ := app.FieldProblemsWithCodes(loc, err)
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = p.Field + ": " + p.Problem
	}
	return strings.Join(parts, "; ")
}

// inputErrorText words a coded input problem of the de-identification
// engine: what is wrong and where (file, line, column).
func inputErrorText(loc *i18n.Localizer, input string, e *deid.InputError) string {
	switch e.Problem {
	case deid.ProblemNoColumn:
		return loc.T("clierr.anon.noColumn", "File", input, "Column", e.Column)
	case deid.ProblemHierarchyLevels:
		return loc.T("clierr.anon.hierarchyLevels", "File", e.File, "Line", e.Line, "Got", e.Got, "Want", e.Want)
	}
	return "anonymize: " + strings.TrimPrefix(e.Error(), "deid: ")
}
