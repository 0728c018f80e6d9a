package main

import (
	"bytes"
	"strings"
	"testing"

	"custodia/deid"
	"custodia/deid/verify"
	"custodia/i18n"
	"custodia/research"
)

// exportRecheck verifies a small synthetic file under k (patients), l
// and t: every claim the re-check can carry.
func exportRecheck(t *testing.T, csv string) *verify.Report {
	t.Helper()
	v, err := verify.Verify(strings.NewReader(csv), verify.Spec{QuasiIdentifiers: []string{"age"}, K: 2, Entity: "pid",
		Sensitive: "dx", DistinctL: 2, EntropyL: 1.5, T: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Checks) < 4 {
		t.Fatalf("%d checks", len(v.Checks))
	}
	return v
}

// export open, in German, words each re-check line as the desktop and
// report.html do (research.CheckText) and never names a check by the
// engine's English or the catalogue's English; preview and run's
// summaries word exclusion reasons and per-group levels likewise.
func TestExportTextInGerman(t *testing.T) {
	cat := i18n.MustLoad()
	de, en := cat.Localizer("de"), cat.Localizer("en")
	for name, csv := range map[string]string{
		"passing": "pid,age,dx\n" + strings.Repeat("p1,30,a\np2,30,b\np3,30,c\np4,40,a\np5,40,b\np6,40,c\n", 1),
		"failing": "pid,age,dx\np1,30,a\np2,30,a\np3,40,b\n",
	} {
		t.Run(name, func(t *testing.T) {
			v := exportRecheck(t, csv)
			o := &research.Opened{Dir: "out", Report: &research.Report{ExportID: "s-v1-0001"}, Verified: v}
			var b bytes.Buffer
			err := writeOpened(&b, de, o)
			if (err == nil) != v.OK() {
				t.Fatalf("writeOpened: %v with re-check OK %v", err, v.OK())
			}
			out := b.String()
			for _, c := range v.Checks {
				claimEN, detailEN := research.ClaimText(en, c)
				if !strings.Contains(out, research.CheckText(de, c)) {
					t.Errorf("lacks the German line %q:\n%s", research.CheckText(de, c), out)
				}
				if strings.Contains(out, c.Name) || strings.Contains(out, claimEN) || strings.Contains(out, detailEN) {
					t.Errorf("names check %q in English:\n%s", c.Name, out)
				}
			}
			for _, w := range []string{en.T("research.check.passed"), en.T("research.check.failed")} {
				if strings.Contains(out, w) {
					t.Errorf("says %q in German output:\n%s", w, out)
				}
			}
		})
	}
	var b bytes.Buffer
	rep := &research.Report{Cohort: research.ReportCohort{Included: 1132},
		Rows: research.ReportRows{Input: 1132, Output: 1104, Suppressed: 28, PatientsOutput: 1104, PatientsSuppressed: 28}}
	writeSummary(&b, de, exportSummary{Excluded: map[string]int{research.ExclWithdrawn: 2, "from-a-newer-version": 1},
		Transformation: []deid.QITransform{{Column: "age", Level: -1, Height: 3}}, report: rep})
	out := b.String()
	for _, want := range []string{research.ReasonText(de, research.ExclWithdrawn), research.ReasonText(de, "from-a-newer-version"), research.ColumnNamed(de, "age") + " " + de.T("research2.html.perClass"),
		"1.104 von 1.132 Patientinnen und Patienten freigegeben; 28 Zeilen unterdrückt"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "from-a-newer-version") || strings.Contains(out, "-1/3") {
		t.Errorf("summary shows a code:\n%s", out)
	}
}
