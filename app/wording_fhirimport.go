package app

import (
	"custodia/i18n"
	"custodia/vault/fhirimport"
)

// FHIRProblems words the problems of a FHIR patient bundle (the refusals
// of an import, or the problems of an *fhirimport.Error) for people, the
// same wherever they are shown: each at its place in the file (its JSON
// path, after a label where the path ends in a field people know, or
// "line L, column C" for JSON that does not parse, as FieldLabel names
// it) and what is wrong from its rule code (i18n.FieldRuleID). The
// importer's English message stands in for a rule without words.
func FHIRProblems(loc *i18n.Localizer, ps []fhirimport.Problem) []FieldProblem {
	out := make([]FieldProblem, len(ps))
	for i, p := range ps {
		out[i] = fieldProblem(loc, p.Path, string(p.Rule), p.Message, AllowedWords(loc, p.Path, p.Allowed, true))
	}
	return out
}
