package app

import (
	"strings"

	"custodia/i18n"
	"custodia/vault/patientcsv"
)

// CSVColumn names a column of the patient CSV file for people: the
// field's label in the reader's language and, after it, the header to fix
// or write in the file, which stays English because the file is a machine
// format: „Geburtsdatum“ (birth_date). A name that is no patient field
// stays as it is.
func CSVColumn(loc *i18n.Localizer, field string) string {
	pf := patientcsv.Field(field).PatientField()
	if pf == "" || !loc.Has("labels.field."+pf) {
		return field
	}
	return loc.T("csvtext.column", "Label", loc.T("labels.field."+pf), "Header", field)
}

// CSVProblem words one problem of a patient CSV file for people, the same
// on the desk (the import's problem list) and on the command line: the
// line, the column (CSVColumn) where there is one, and what is wrong,
// from the problem's rule code (i18n.FieldRuleID); a column a rule's
// message names ({{.Field}}) is named the same way. The importer's English
// text stands in for a problem without a rule.
func CSVProblem(loc *i18n.Localizer, l *patientcsv.LineError) string {
	what := l.Message
	if id := i18n.FieldRuleID(string(l.Rule)); l.Rule != "" && loc.Has(id) {
		what = loc.T(id, csvArgs(loc, l.Args)...)
	}
	if l.Field == "" {
		return loc.T("csvtext.line", "Line", l.Line, "Problem", what)
	}
	return loc.T("csvtext.lineColumn", "Line", l.Line, "Column", CSVColumn(loc, l.Field), "Problem", what)
}

// csvArgs is a rule message's name/value pairs with the column a "Field"
// value names worded by CSVColumn.
func csvArgs(loc *i18n.Localizer, args []any) []any {
	out := make([]any, len(args))
	copy(out, args)
	for i := 0; i+1 < len(out); i += 2 {
		if s, ok := out[i+1].(string); ok && out[i] == "Field" {
			out[i+1] = CSVColumn(loc, s)
		}
	}
	return out
}

// CSVMappingProblem words a bad entry of a column mapping ("header=field",
// the command line's --map) for people: an entry that is no header=field,
// or an unknown field, then with every field the mapping accepts by its
// label and the name to type (CSVColumn).
func CSVMappingProblem(loc *i18n.Localizer, e *patientcsv.MappingError) string {
	if e.Field == "" {
		return loc.T("csvtext.map.notPair", "Pair", e.Pair)
	}
	fields := patientcsv.Fields()
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = CSVColumn(loc, string(f))
	}
	return loc.T("csvtext.map.unknownField", "Field", e.Field, "Fields", strings.Join(names, ", "))
}
