package app

import (
	"errors"
	"strings"

	"custodia/deid"
	"custodia/i18n"
)

// DeidRun is what the words of a de-identification error may name: the
// input file as the user gave it, the privacy models of the run (so a
// model is worded, not shown in the engine's notation) and the hierarchy
// file of each column (may be nil).
type DeidRun struct {
	Input       string
	Models      []deid.Model
	Hierarchies map[string]string
}

// DeidErrorText words an error of the de-identification engine for
// people in loc's language: what is wrong and where (file, line, column,
// record, model) and, where the engine knows, what would help. ok is false
// for an error without a code (the caller words it or reports an internal
// error). The words never hold a data value: the engine's errors hold
// none.
func DeidErrorText(loc *i18n.Localizer, err error, run DeidRun) (text string, ok bool) {
	var (
		ie *deid.InputError
		te *deid.TransformError
		mv *deid.MissingValueError
		ns *deid.NoSolutionError
		mf *deid.ModelFailsError
	)
	switch {
	case errors.As(err, &ie):
		return deidInputText(loc, ie, run)
	case errors.As(err, &te):
		return deidTransformText(loc, te, run)
	case errors.As(err, &mv):
		if h := run.Hierarchies[mv.Column]; h != "" {
			return loc.T("deid.err.missingValueIn", "Hierarchy", h, "Column", mv.Column, "Record", loc.Int(mv.Record), "File", run.Input), true
		}
		return loc.T("deid.err.missingValue", "Column", mv.Column, "Record", loc.Int(mv.Record), "File", run.Input), true
	case errors.As(err, &mf):
		if mf.Threshold > 0 {
			return loc.T("deid.err.averageRisk", "Risk", loc.Float(mf.Risk, 4), "Threshold", DeidNumber(loc, mf.Threshold)), true
		}
		return loc.T("deid.err.modelFails", "Model", deidModelName(loc, mf.Model, run.Models)), true
	case errors.As(err, &ns):
		text := loc.T("deid.err.noSolution", "Limit", loc.Percent(ns.SuppressionLimit, 2))
		if ns.Advice != nil {
			text += " " + DeidAdviceText(loc, *ns.Advice, run.Models)
		}
		return text, true
	}
	return "", false
}

// DeidAdviceText words why no transformation satisfies the models and
// what would help (deid.NoSolutionAdvice).
func DeidAdviceText(loc *i18n.Localizer, a deid.Advice, models []deid.Model) string {
	switch a.Kind {
	case deid.AdviceFewerRecords:
		return loc.T("deid.advice.fewerRecords", "Records", loc.Int(a.Records), "K", loc.Int(a.K))
	case deid.AdviceModelFails:
		return loc.T("deid.advice.modelFails", "Model", deidModelName(loc, a.Model, models))
	case deid.AdviceUnsatisfiable:
		return loc.T("deid.advice.unsatisfiable", "Models", deidModelNames(loc, a.Models, models))
	}
	return loc.T("deid.advice.moreSuppression", "Models", deidModelNames(loc, a.Models, models),
		"Need", loc.Float(a.NeedPercent, 2)+" %", "Fraction", loc.Float(a.NeedPercent/100, 4))
}

// deidModelName words a model given in the engine's notation when one of
// the run's typed models has that notation; else the notation stays.
func deidModelName(loc *i18n.Localizer, notation string, models []deid.Model) string {
	for _, m := range models {
		if m != nil && m.String() == notation {
			return DeidModelText(loc, m)
		}
	}
	return notation
}

func deidModelNames(loc *i18n.Localizer, notations []string, models []deid.Model) string {
	out := make([]string, len(notations))
	for i, n := range notations {
		out[i] = deidModelName(loc, n, models)
	}
	return strings.Join(out, ", ")
}

// deidInputText words a coded input problem.
func deidInputText(loc *i18n.Localizer, e *deid.InputError, run DeidRun) (string, bool) {
	file := e.File
	if file == "" {
		file = run.Input
	}
	model := deidModelName(loc, e.Model, run.Models)
	switch e.Problem {
	case deid.ProblemNoColumn:
		return loc.T("deid.err.noColumn", "File", run.Input, "Column", e.Column), true
	case deid.ProblemHierarchyLevels:
		return loc.T("deid.err.hierarchyLevels", "File", file, "Line", e.Line, "Got", e.Got, "Want", e.Want), true
	case deid.ProblemHierarchyEmpty:
		return loc.T("deid.err.hierarchyEmpty", "File", file), true
	case deid.ProblemHierarchyEmptyRow:
		return loc.T("deid.err.hierarchyEmptyRow", "File", file, "Line", e.Line), true
	case deid.ProblemHierarchyDuplicate:
		return loc.T("deid.err.hierarchyDuplicate", "File", file, "Line", e.Line, "Other", e.Other), true
	case deid.ProblemHierarchyConflict:
		return loc.T("deid.err.hierarchyConflict", "File", file, "Line", e.Line, "Other", e.Other, "Level", e.Level), true
	case deid.ProblemHierarchySyntax:
		return loc.T("deid.err.hierarchySyntax", "File", file, "Line", e.Line, "Char", e.Char), true
	case deid.ProblemTableEmpty:
		return loc.T("deid.err.tableEmpty", "File", file), true
	case deid.ProblemTableSyntax:
		return loc.T("deid.err.tableSyntax", "File", file, "Line", e.Line, "Char", e.Char), true
	case deid.ProblemTableFields:
		return loc.T("deid.err.tableFields", "File", file, "Line", e.Line, "Got", e.Got, "Want", e.Want), true
	case deid.ProblemColumnUnnamed:
		return loc.T("deid.err.columnUnnamed", "File", file, "Field", e.Field), true
	case deid.ProblemColumnTwice:
		return loc.T("deid.err.columnTwice", "File", file, "Field", e.Field, "Column", e.Column), true
	case deid.ProblemNoRecords:
		return loc.T("deid.err.noRecords", "File", file), true
	case deid.ProblemNoQuasiIdentifier:
		return loc.T("deid.err.noQuasiIdentifier"), true
	case deid.ProblemRecordColumn:
		return loc.T("deid.err.recordColumn"), true
	case deid.ProblemMaxShift:
		return loc.T("deid.err.maxShift"), true
	case deid.ProblemEntityQuasiIdentifier:
		return loc.T("deid.err.entityQuasiIdentifier", "Column", e.Column), true
	case deid.ProblemEntityModel:
		return loc.T("deid.err.entityModel", "Model", model), true
	case deid.ProblemMondrianModel:
		return loc.T("deid.err.mondrianModel", "Model", model), true
	case deid.ProblemNeedsHierarchy:
		return loc.T("deid.err.needsHierarchy", "Model", model, "Column", e.Column), true
	case deid.ProblemSingleRoot:
		return loc.T("deid.err.singleRoot", "Model", model, "Column", e.Column), true
	case deid.ProblemNotSensitive:
		return loc.T("deid.err.notSensitive", "Model", model, "Column", e.Column), true
	case deid.ProblemModelParameter:
		return loc.T("deid.err.modelParameter", "Model", model), true
	case deid.ProblemLatticeTooLarge:
		return loc.T("deid.err.latticeTooLarge", "Max", loc.Int(e.Want)), true
	case deid.ProblemKeyTooWide:
		return loc.T("deid.err.keyTooWide", "Bits", e.Got, "Max", e.Want), true
	case deid.ProblemKeyTooShort:
		return loc.T("deid.err.keyTooShort", "File", e.File, "Got", e.Got, "Want", e.Want), true
	case deid.ProblemIntervalWidth:
		return loc.T("deid.err.intervalWidth"), true
	case deid.ProblemCodingOrder:
		return loc.T("deid.err.codingOrder"), true
	case deid.ProblemFanout:
		return loc.T("deid.err.fanout", "Fanout", e.Got, "Level", e.Level), true
	case deid.ProblemNotNumber:
		return loc.T("deid.err.notNumber"), true
	case deid.ProblemNotDateLayout:
		return loc.T("deid.err.notDateLayout", "Layout", layoutText(loc, e.Value)), true
	case deid.ProblemNoValues:
		return loc.T("deid.err.noValues"), true
	case deid.ProblemUnknownKind:
		return loc.T("deid.err.unknownKind", "Kind", e.Value, "Kinds", strings.Join(deid.IdentifierKindNames(), ", ")), true
	}
	return deidConfigText(loc, e)
}

// deidConfigText words the configuration checks only a program (the
// desktop's research wizard, a study file) can get wrong: the command
// line's flags always give a model, a suppression limit in range and a
// known metric.
func deidConfigText(loc *i18n.Localizer, e *deid.InputError) (string, bool) {
	switch e.Problem {
	case deid.ProblemNoModel:
		return loc.T("forms9.deid.noModel"), true
	case deid.ProblemSuppressionLimit:
		return loc.T("forms9.deid.suppressionLimit"), true
	case deid.ProblemUnknownMetric:
		return loc.T("forms9.deid.unknownMetric", "Metric", e.Value, "Metrics", deidMetricNames(loc)), true
	}
	return "", false
}

// deidMetricNames lists the utility metrics by their names in loc's
// language.
func deidMetricNames(loc *i18n.Localizer) string {
	var names []string
	for _, m := range deid.Metrics() {
		names = append(names, DeidMetricText(loc, m))
	}
	return strings.Join(names, ", ")
}

// deidTransformText words a value a transformation could not handle, by
// record and column.
func deidTransformText(loc *i18n.Localizer, e *deid.TransformError, run DeidRun) (string, bool) {
	where := loc.T("deid.err.where", "File", run.Input, "Record", loc.Int(e.Row), "Column", e.Column)
	switch e.Problem() {
	case deid.ProblemNotDate:
		return where + loc.T("deid.err.notDate"), true
	case deid.ProblemEmptyRecord:
		return where + loc.T("deid.err.emptyRecord"), true
	case deid.ProblemNotZIP:
		return where + loc.T("deid.err.notZIP"), true
	case deid.ProblemNotAge:
		return where + loc.T("deid.err.notAge"), true
	case deid.ProblemRowFields:
		return loc.T("deid.err.rowFields", "File", run.Input, "Record", loc.Int(e.Row)), true
	}
	return "", false
}

// layoutText shows a Go date layout ("2006-01-02") the way people write a
// date pattern in their language: "YYYY-MM-DD", "JJJJ-MM-TT".
func layoutText(loc *i18n.Localizer, layout string) string {
	return strings.NewReplacer(
		"2006", loc.T("deid.layout.year"), "01", loc.T("deid.layout.month"), "02", loc.T("deid.layout.day"),
		"15", loc.T("deid.layout.hour"), "04", loc.T("deid.layout.minute"), "05", loc.T("deid.layout.second"),
	).Replace(layout)
}
