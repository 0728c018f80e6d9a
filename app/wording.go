package app

import (
	"errors"
	"regexp"
	"strconv"
	"strings"

	"custodia/consent"
	"custodia/i18n"
	"custodia/research"
	"custodia/vault"
)

// FieldProblem is one invalid field of a validation error in the
// reader's language: where (Label, from the field's name or path) and
// what (Problem, from the broken rule's code).
type FieldProblem struct {
	Field   string // the field or path as the domain names it
	Label   string // the field for people
	Problem string // what is wrong with it
}

func (p FieldProblem) String() string { return p.Label + ": " + p.Problem }

// FieldProblems words the fields of a *vault.ValidationError, a
// *consent.ValidationError or a *research.ValidationError in err's chain; ok is false for other errors.
// Both front ends show validation errors through it, so a field and a
// rule read the same on the desk and on the command line. The values a
// field accepts read as their labels (AllowedWords), as the desktop app
// offers them.
func FieldProblems(loc *i18n.Localizer, err error) (out []FieldProblem, ok bool) {
	return fieldProblems(loc, err, false)
}

// FieldProblemsWithCodes is FieldProblems for readers who type codes (the
// command line's flags and JSON files): each value a field accepts reads
// as its label with the code to type after it, "Brief (letter)".
func FieldProblemsWithCodes(loc *i18n.Localizer, err error) (out []FieldProblem, ok bool) {
	return fieldProblems(loc, err, true)
}

func fieldProblems(loc *i18n.Localizer, err error, withCodes bool) (out []FieldProblem, ok bool) {
	var ve *vault.ValidationError
	if errors.As(err, &ve) {
		for _, f := range ve.Fields {
			out = append(out, fieldProblem(loc, f.Field, string(f.Rule), f.Message, AllowedWords(loc, f.Field, f.Allowed, withCodes)))
		}
		return out, true
	}
	var ce *consent.ValidationError
	if errors.As(err, &ce) {
		for _, f := range ce.Fields {
			out = append(out, fieldProblem(loc, f.Field, string(f.Rule), f.Message, AllowedWords(loc, f.Field, f.Allowed, withCodes)))
		}
		return out, true
	}
	var re *research.ValidationError
	if errors.As(err, &re) {
		return StudyProblems(loc, re, withCodes), true
	}
	return nil, false
}

func fieldProblem(loc *i18n.Localizer, field, rule, msg string, allowed []string) FieldProblem {
	return FieldProblem{Field: field, Label: FieldLabel(loc, field), Problem: loc.FieldRule(rule, msg, allowed...)}
}

// JoinProblems joins worded field problems with sep, each field once:
// "Passphrase: use at least 12 characters, avoid dates and years".
func JoinProblems(ps []FieldProblem, sep string) string {
	parts := make([]string, 0, len(ps))
	for _, p := range MergeProblems(ps) {
		parts = append(parts, p.String())
	}
	return strings.Join(parts, sep)
}

// MergeProblems folds the problems of one field that follow each other
// into one, their texts joined by ", ".
func MergeProblems(ps []FieldProblem) []FieldProblem {
	var out []FieldProblem
	for _, p := range ps {
		if n := len(out); n > 0 && out[n-1].Field == p.Field {
			out[n-1].Problem += ", " + p.Problem
			continue
		}
		out = append(out, p)
	}
	return out
}

// FieldLabel names a field for people: a patient field
// (labels.field.*), a field of the practice, a request, a breach, a
// retention rule or a user (domaintext.field.*), or a record category
// (an erasure plan's item). An entry of a list reads "Nature, entry 2";
// a longer path keeps the path after the label so the place stays
// findable ("Years ($[3].years)"); an unknown field stays as named.
func FieldLabel(loc *i18n.Localizer, field string) string {
	if l, ok := plainLabel(loc, field); ok {
		return l
	}
	if m := listEntry.FindStringSubmatch(field); m != nil {
		if l, ok := plainLabel(loc, m[1]); ok {
			n, _ := strconv.Atoi(m[2])
			return loc.T("domaintext.listEntry", "Label", l, "N", n+1)
		}
	}
	if m := jsonPosition.FindStringSubmatch(field); m != nil { // a JSON syntax error's place
		return loc.T("jsonpos.lineColumn", "Line", m[1], "Column", m[2])
	}
	last := field[strings.LastIndexAny(field, ".")+1:]
	if l, ok := plainLabel(loc, listEntry.ReplaceAllString(last, "$1")); ok && last != field {
		return l + " (" + field + ")"
	}
	return field
}

// IsFilePlace reports whether a field names a place in a file ("line 2,
// column 1") rather than a field: its label says it in full, so the
// command line need not repeat it after the label.
func IsFilePlace(field string) bool { return jsonPosition.MatchString(field) }

// jsonPosition is the place of a JSON syntax error as consent names it:
// "line 2, column 1".
var jsonPosition = regexp.MustCompile(`^line (\d+), column (\d+)$`)

// listEntry is a field naming one entry of a list: "nature[1]".
var listEntry = regexp.MustCompile(`^([A-Za-z]+)\[(\d+)\]$`)

func plainLabel(loc *i18n.Localizer, field string) (string, bool) {
	for _, id := range []string{"labels.field." + field, "domaintext.field." + field, "labels.record." + field} {
		if field != "" && loc.Has(id) {
			return loc.T(id), true
		}
	}
	return "", false
}
