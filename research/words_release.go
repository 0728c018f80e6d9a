package research

import "custodia/i18n"

// ReleaseText says what a package releases, computed from its report:
// the patients released out of those who passed the consent gate, and
// the rows suppressed to meet the privacy model, e.g. "1,104 of 1,132
// patients released; 28 rows suppressed to meet the privacy model". At
// encounter level it also counts the rows released and the patients
// whose rows were all suppressed. It is the one wording of these figures
// for the command line (export preview and run) and the desktop's report.
func ReleaseText(loc *i18n.Localizer, r *Report) string {
	rows := r.Rows
	released := loc.N("release.patients", r.Cohort.Included, "Released", loc.Int(rows.PatientsOutput), "Included", loc.Int(r.Cohort.Included))
	var suppressed string
	switch {
	case rows.Suppressed == 0:
		suppressed = loc.T("release.suppressedNone")
	case r.Study.Level == LevelEncounter:
		suppressed = loc.N("release.suppressedRowsOf", rows.Suppressed, "Rows", loc.Int(rows.Suppressed),
			"Patients", countText(loc, "research.patients", rows.PatientsSuppressed))
	default:
		suppressed = loc.N("release.suppressedRows", rows.Suppressed, "Rows", loc.Int(rows.Suppressed))
	}
	if r.Study.Level == LevelEncounter {
		released = loc.N("release.rowsOf", rows.Output, "Rows", loc.Int(rows.Output), "Patients", released)
	}
	return loc.T("release.line", "Released", released, "Suppressed", suppressed)
}
