package app

import (
	"strings"

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
		out[i] = FieldProblem{Field: p.Path, Label: fhirPlace(loc, p.Path),
			Problem: loc.FieldRule(string(p.Rule), p.Message, AllowedWords(loc, p.Path, p.Allowed, true)...)}
	}
	return out
}

// fhirPlace names the place of a problem in a bundle: the JSON path, after
// the label of a Patient element people know ("Geburtsdatum
// (entry[0].resource.birthDate)"), or a JSON syntax error's line and
// column. The generic field labels (FieldLabel) are not used: in a bundle
// "type" or "entry" are FHIR's elements, not a request's.
func fhirPlace(loc *i18n.Localizer, path string) string {
	if IsFilePlace(path) {
		return FieldLabel(loc, path)
	}
	if !strings.Contains(path, ".resource.") {
		return path
	}
	last := path[strings.LastIndex(path, ".")+1:]
	if id, ok := fhirPatientLabels[last]; ok && loc.Has(id) {
		return loc.T(id) + " (" + path + ")"
	}
	return path
}

// fhirPatientLabels are the labels of the Patient elements the import
// maps onto patient fields.
var fhirPatientLabels = map[string]string{
	"birthDate":  "labels.field.BirthDate",
	"gender":     "labels.field.Sex",
	"postalCode": "labels.field.Postcode",
	"address[0]": "labels.field.Address",
}
