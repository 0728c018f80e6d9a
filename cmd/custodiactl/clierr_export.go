package main

import (
	"strings"

	"custodia/app"
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
