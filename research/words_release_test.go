package research

import (
	"fmt"
	"testing"

	"custodia/i18n"
)

// releaseFigures are the release figures recomputed from a package's
// data file and the gate, independently of the report.
type releaseFigures struct {
	rows, patients, included, suppressedRows, suppressedPatients int
}

func recomputeRelease(t *testing.T, pk *packaged) releaseFigures {
	t.Helper()
	rows := readCSV(t, pk.files[FileData])
	pc := indexOf(rows[0], PseudonymColumn)
	seen := map[string]bool{}
	for _, r := range rows[1:] {
		seen[r[pc]] = true
	}
	f := releaseFigures{rows: len(rows) - 1, patients: len(seen), included: len(pk.res.Gate.Included)}
	f.suppressedRows = pk.res.Table.Rows() - f.rows
	f.suppressedPatients = f.included - f.patients
	return f
}

// TestReleaseTextOracle recomputes the released rows and patients from the
// data file and the suppressed rows from the table before de-identification,
// and checks the report's figures and the sentence people read in both
// languages ("1,104 of 1,104 patients" once printed released rows against
// released patients, hiding the patients suppressed).
func TestReleaseTextOracle(t *testing.T) {
	cat := i18n.MustLoad()
	en, de := cat.Localizer("en"), cat.Localizer("de")
	for _, s := range []*Study{patientStudy(), encounterStudy(), tclosenessStudy()} {
		pk := writeAndOpen(t, s, 11, testKey(1))
		r := pk.open.Report
		f := recomputeRelease(t, pk)
		got := releaseFigures{r.Rows.Output, r.Rows.PatientsOutput, r.Cohort.Included, r.Rows.Suppressed, r.Rows.PatientsSuppressed}
		if got != f {
			t.Fatalf("%s: report %+v, recomputed %+v", s.Level, got, f)
		}
		if r.Rows.Input != f.rows+f.suppressedRows {
			t.Fatalf("%s: %d input rows, %d released + %d suppressed", s.Level, r.Rows.Input, f.rows, f.suppressedRows)
		}
		wantEN, wantDE := expectedRelease(en, s.Level, f, "%s of %s patients released", "%s rows: ", "%s rows suppressed to meet the privacy model",
			"%s rows (%s patients) suppressed to meet the privacy model", "no row suppressed"), expectedRelease(de, s.Level, f,
			"%s von %s Patientinnen und Patienten freigegeben", "%s Zeilen: ", "%s Zeilen unterdrückt, um das Datenschutzmodell zu erfüllen",
			"%s Zeilen (%s Patientinnen und Patienten) unterdrückt, um das Datenschutzmodell zu erfüllen", "keine Zeile unterdrückt")
		if g := ReleaseText(en, r); g != wantEN {
			t.Errorf("%s: en %q, want %q", s.Level, g, wantEN)
		}
		if g := ReleaseText(de, r); g != wantDE {
			t.Errorf("%s: de %q, want %q", s.Level, g, wantDE)
		}
		t.Logf("%s: %s", s.Level, ReleaseText(de, r))
	}
}

// expectedRelease words the recomputed figures with the given patterns
// (the synthetic cohorts have more than one of everything they count).
func expectedRelease(loc *i18n.Localizer, level string, f releaseFigures, patients, rowsOf, supp, suppOf, none string) string {
	head := fmt.Sprintf(patients, loc.Int(f.patients), loc.Int(f.included))
	tail := fmt.Sprintf(supp, loc.Int(f.suppressedRows))
	if level == LevelEncounter {
		head = fmt.Sprintf(rowsOf, loc.Int(f.rows)) + head
		tail = fmt.Sprintf(suppOf, loc.Int(f.suppressedRows), loc.Int(f.suppressedPatients))
	}
	if f.suppressedRows == 0 {
		tail = none
	}
	return head + "; " + tail
}
