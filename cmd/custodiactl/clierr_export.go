package main

import (
	"custodia/app"
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
