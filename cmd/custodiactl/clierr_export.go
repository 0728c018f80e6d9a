package main

import (
	"strings"

	"custodia/app"
	"custodia/deid"
	"custodia/i18n"
)

// studyFields words the fields of a research.ValidationError in err by
// their label with the JSON path in the study file after it, and their
// rule in the run's language (app.FieldProblemsWithCodes, which the
// desktop's Research tab words the same problems with).
func studyFields(loc *i18n.Localizer, err error) string {
	ps, _ := app.FieldProblemsWithCodes(loc, err)
	return app.JoinProblems(ps, "; ")
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
