package app

import (
	"strings"

	"custodia/i18n"
	"custodia/vault/clinicalcsv"
)

// ClinicalColumn names a column of the clinical CSV files for people: its
// label in the reader's language and, after it, the header to fix or
// write in the file, which stays English because the file is a machine
// format: „Diagnosen“ (diagnoses). A name that is no column stays as it is.
func ClinicalColumn(loc *i18n.Localizer, col string) string {
	id := "clinical.column." + col
	if !loc.Has(id) {
		return col
	}
	return loc.T("csvtext.column", "Label", loc.T(id), "Header", col)
}

// ClinicalCSVProblem words one problem of a clinical import for people,
// the same on the desk (the import's problem list) and on the command
// line: the file, the line, the column (ClinicalColumn) and the diagnosis
// of a diagnoses cell where there are, and what is wrong, from the
// problem's rule code. The importer's English text stands in for a problem
// without a rule.
func ClinicalCSVProblem(loc *i18n.Localizer, p clinicalcsv.Problem) string {
	args := []any{"File", p.File, "Line", p.Line, "Problem", clinicalRule(loc, p)}
	switch {
	case p.Line == 0:
		return loc.T("clinical.problem.file", args...)
	case p.Column == "":
		return loc.T("clinical.problem.line", args...)
	case p.Item > 0:
		return loc.T("clinical.problem.item", append(args, "Column", ClinicalColumn(loc, p.Column), "Item", p.Item)...)
	}
	return loc.T("clinical.problem.column", append(args, "Column", ClinicalColumn(loc, p.Column))...)
}

// clinicalRule words what is wrong: the import's own rules from the
// clinical catalogue, the vault's (ICD-10, LOINC, CSV syntax) as every
// field problem is worded.
func clinicalRule(loc *i18n.Localizer, p clinicalcsv.Problem) string {
	if id := "clinical.rule." + string(p.Rule); p.Rule != "" && loc.Has(id) {
		return loc.T(id, p.Args...)
	}
	if id := i18n.FieldRuleID(string(p.Rule)); p.Rule != "" && loc.Has(id) {
		return loc.T(id, append(p.Args, "Allowed", strings.Join(p.Allowed, ", "))...)
	}
	return p.Message
}

// ClinicalCounts words how many encounters and observations a clinical
// import holds: "12 Kontakte", "30 Messwerte".
func ClinicalCounts(loc *i18n.Localizer, res clinicalcsv.Result) (encounters, observations string) {
	ne, no := len(res.Encounters), len(res.Observations)
	return loc.N("clinical.count.encounters", ne, "N", loc.Int(ne)), loc.N("clinical.count.observations", no, "N", loc.Int(no))
}

// ClinicalImported is the summary of a finished clinical import, the same
// on the desk and on the command line: "12 Kontakte und 30 Messwerte
// importiert."
func ClinicalImported(loc *i18n.Localizer, res clinicalcsv.Result) string {
	e, o := ClinicalCounts(loc, res)
	return loc.T("clinical.imported", "Encounters", e, "Observations", o)
}
