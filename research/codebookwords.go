package research

import (
	"cmp"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"custodia/i18n"
)

// The codebook's words for people: what a column is called, what it
// means, its role and its values, in the package's language. The data
// files and codebook.json keep the codes (column names, "female",
// "5.0118", "a..b"); codebook.html, report.html and the command line name
// them in words, with the code beside the word where a researcher needs
// it to find the column or value in the data file.

// ColumnText names a package or study column in words: "Alter" for age,
// "HbA1c (LOINC 4548-4)" for obs:4548-4, "Messwert (LOINC 1234-5)" for
// an observation without a name; a column this version has no words for
// keeps its code.
func ColumnText(loc *i18n.Localizer, name string) string {
	if name == PseudonymColumn {
		return loc.T("researchwords.column.pseudonym")
	}
	if code, ok := strings.CutPrefix(name, SrcObsPrefix); ok {
		if id := "research.loinc." + code; loc.Has(id) {
			return loc.T("researchwords.column.loinc", "Name", loc.T(id), "Code", code)
		}
		return loc.T("research.column.obs", "Code", code)
	}
	return orCode(loc, "research.column."+name, name)
}

// ColumnNamed is a column's words with its code, for lists that a
// researcher matches against the data file: "Alter (age)", "HbA1c
// (obs:4548-4)" (the code names the LOINC code already).
func ColumnNamed(loc *i18n.Localizer, name string) string {
	label := ColumnText(loc, name)
	if code, ok := strings.CutPrefix(name, SrcObsPrefix); ok {
		label = orCode(loc, "research.loinc."+code, loc.T("researchwords.column.measurement"))
	}
	if label == name {
		return name
	}
	return loc.T("researchwords.named", "Label", label, "Code", name)
}

// meaningIDs are the columns whose meaning the catalogue words.
var meaningIDs = map[string]string{
	PseudonymColumn: "researchwords.meaning.pseudonym", SrcAge: "researchwords.meaning.age",
	SrcBirthYear: "researchwords.meaning.birthYear", SrcSex: "researchwords.meaning.sex",
	SrcPostcode: "researchwords.meaning.postcode", SrcDiagnosis: "researchwords.meaning.diagnosis",
	SrcDate: "researchwords.meaning.encounterDate", SrcKind: "researchwords.meaning.encounterKind",
}

// MeaningText says what a column of a package at the given row level
// holds; a column this version has no words for gets the stored
// description (English, from codebook.json) or nothing.
func MeaningText(loc *i18n.Localizer, level string, c CodebookColumn) string {
	if id, ok := meaningIDs[c.Name]; ok {
		return loc.T(id, "Max", loc.Int(MaxAge))
	}
	if strings.HasPrefix(c.Name, SrcObsPrefix) {
		id := "researchwords.meaning.obsPatient"
		if level == LevelEncounter {
			id = "researchwords.meaning.obsEncounter"
		}
		return loc.T(id, "Name", ColumnText(loc, c.Name))
	}
	return c.Description
}

// RoleText words a codebook column's role; the pseudonym column names how
// the identifying column was treated ("Identifizierend, Pseudonym je
// Studie").
func RoleText(loc *i18n.Localizer, c CodebookColumn) string {
	if c.Name == PseudonymColumn {
		return loc.T("researchwords.role.treated", "Role", orCode(loc, "research.role."+RoleIdentifying, RoleIdentifying),
			"Treatment", orCode(loc, "research.treatment."+IdentPseudonymise, IdentPseudonymise))
	}
	return orCode(loc, "research.role."+c.Role, c.Role)
}

// Values every column may hold: the empty cell (no value recorded), the
// fully generalised "*" and the "none" bin of a numeric column's
// hierarchy (no value recorded).
const (
	valueAny  = "*"
	valueNone = "none"
)

// ValueText words one value or hierarchy label of a column as people
// read it: "Weiblich (female)", "Praxisbesuch (visit)", "5,0118" and
// "5,0290 bis 7,0018" for a measurement in German, "* (vollständig
// vergröbert)"; Mondrian's sets "{female,male}" word each member. Other
// values (ages, postcodes, ICD-10 codes, dates) are shown as they are.
func ValueText(loc *i18n.Localizer, column, v string) string {
	switch v {
	case "":
		return loc.T("researchwords.value.empty")
	case valueAny:
		return loc.T("researchwords.value.any")
	}
	if inner, ok := strings.CutPrefix(v, "{"); ok && strings.HasSuffix(inner, "}") {
		return setText(loc, column, strings.TrimSuffix(inner, "}"), v)
	}
	return memberText(loc, column, v)
}

// setText words a Mondrian set's members; a set whose members keep their
// codes is shown as stored.
func setText(loc *i18n.Localizer, column, inner, stored string) string {
	members := strings.Split(inner, ",")
	changed := false
	for i, m := range members {
		w := memberText(loc, column, m)
		changed = changed || w != m
		members[i] = w
	}
	if !changed {
		return stored
	}
	return "{" + strings.Join(members, "; ") + "}"
}

func memberText(loc *i18n.Localizer, column, v string) string {
	switch {
	case column == SrcSex:
		return codedText(loc, "labels.sex."+v, v)
	case column == SrcKind:
		return codedText(loc, "labels.encounter."+v, v)
	case column == SrcDate:
		return dateText(loc, v)
	case strings.HasPrefix(column, SrcObsPrefix):
		return measurementText(loc, v)
	}
	return v
}

// dateText writes an encounter date or its generalisation the way the
// language writes dates: a day "23.05.2023" (de), a month "Mai 2023", a
// quarter "2. Quartal 2023"; a year and other text stay.
func dateText(loc *i18n.Localizer, v string) string {
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return loc.Date(t)
	}
	if t, err := time.Parse("2006-01", v); err == nil {
		return loc.T("researchwords.value.month", "Month", loc.T("researchwords.month."+strconv.Itoa(int(t.Month()))), "Year", t.Year())
	}
	if year, q, ok := strings.Cut(v, "-Q"); ok && len(year) == 4 && digits(year) && len(q) == 1 && q >= "1" && q <= "4" {
		return loc.T("researchwords.value.quarter", "Quarter", q, "Year", year)
	}
	return v
}

// codedText is "Label (code)" when the catalogue has a label for the code.
func codedText(loc *i18n.Localizer, id, code string) string {
	if code == "" || !loc.Has(id) {
		return code
	}
	return loc.T("researchwords.named", "Label", loc.T(id), "Code", code)
}

// measurementText writes a measured value or a range of them ("a..b",
// the hierarchy's bins) with the language's decimal mark; "none" is the
// bin of patients without a value. Text that is not a number stays.
func measurementText(loc *i18n.Localizer, v string) string {
	if v == valueNone {
		return loc.T("researchwords.value.none")
	}
	if from, to, ok := strings.Cut(v, ".."); ok {
		f, okF := numberText(loc, from)
		t, okT := numberText(loc, to)
		if okF && okT {
			return loc.T("researchwords.value.range", "From", f, "To", t)
		}
		return v
	}
	if s, ok := numberText(loc, v); ok {
		return s
	}
	return v
}

// numberText rewrites a decimal number ("-5.0140") with the language's
// decimal mark, keeping its number of decimals (i18n's Decimal); whole
// numbers are left as they are, and ok is false for text that is not a
// number.
func numberText(loc *i18n.Localizer, s string) (string, bool) {
	whole, frac, ok := strings.Cut(strings.TrimPrefix(s, "-"), ".")
	if !digits(whole) || (ok && !digits(frac)) {
		return s, false
	}
	if !ok {
		return s, true
	}
	return loc.Decimal(s), true
}

// digits reports whether s is one or more ASCII digits.
func digits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// LevelsText is a codebook column's generalisation: "Stufe 2 von 4", or
// per group (Mondrian's local recoding).
func LevelsText(loc *i18n.Localizer, level, height int) string {
	if level < 0 {
		return loc.T("researchwords.cb.perClass", "Height", loc.Int(height))
	}
	return loc.T("research2.cb.generalisationLevel", "Level", loc.Int(level), "Height", loc.Int(height))
}

// decimalComma reports whether loc writes decimals with a comma, so the
// codebook tells readers that the data files use a point.
func decimalComma(loc *i18n.Localizer) bool { return strings.Contains(loc.Float(0.5, 1), ",") }

// readingOrder is the codebook as codebook.html lists it: values and
// hierarchy labels in the order people read them, numbers by value
// ("5-9" before "10-14", "-9.1" before "-5.2") and text after them;
// codebook.json keeps its own (byte) order.
func readingOrder(cb *Codebook) *Codebook {
	out := *cb
	out.Columns = make([]CodebookColumn, len(cb.Columns))
	for i, c := range cb.Columns {
		c.Values = slices.Clone(c.Values)
		slices.SortStableFunc(c.Values, func(a, b ValueCount) int { return compareReading(a.Value, b.Value) })
		c.Hierarchy = slices.Clone(c.Hierarchy)
		for j, h := range c.Hierarchy {
			h.Labels = slices.Clone(h.Labels)
			slices.SortStableFunc(h.Labels, compareReading)
			c.Hierarchy[j] = h
		}
		out.Columns[i] = c
	}
	return &out
}

// leadingNumber matches the number a value starts with: "-9.0182" of
// "-9.0182..5.0118", "5" of "5-9", "2023" of "2023-Q2".
var leadingNumber = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?`)

// compareReading orders values that start with a number by that number,
// then the rest by text; values without a number come last.
func compareReading(a, b string) int {
	na, okA := leading(a)
	nb, okB := leading(b)
	switch {
	case okA && okB && na != nb:
		return cmp.Compare(na, nb)
	case okA != okB:
		if okA {
			return -1
		}
		return 1
	}
	return cmp.Compare(a, b)
}

func leading(s string) (float64, bool) {
	m := leadingNumber.FindString(s)
	if m == "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(m, 64)
	return f, err == nil
}

// hasColumn reports whether the codebook lists the column.
func hasColumn(cb *Codebook, name string) bool {
	return slices.ContainsFunc(cb.Columns, func(c CodebookColumn) bool { return c.Name == name })
}

// HighestRiskText is the highest prosecutor risk before and after, as
// the desktop's result says it: at encounter level the risk before
// counts rows, so the risk after is given per row and per patient (as
// report.html's columns and export run do), never a per-patient figure
// against a per-row one alone.
func HighestRiskText(loc *i18n.Localizer, r *Report) string {
	before, after := loc.Percent(r.Risk.Before.ProsecutorMax, 1), loc.Percent(r.Risk.AfterPatients.ProsecutorMax, 1)
	if r.Study.Level != LevelEncounter {
		return loc.T("research.result.riskValue", "Before", before, "After", after)
	}
	return loc.T("researchwords.risk.valueEncounter", "Before", before, "AfterRows", loc.Percent(r.Risk.After.ProsecutorMax, 1), "After", after)
}
