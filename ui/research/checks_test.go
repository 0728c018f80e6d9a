package research

import (
	"strings"
	"testing"

	"custodia/deid/verify"
	"custodia/vault"
)

// recheck verifies a small file whose one group holds 13 rows with two
// sensitive values, plus a group of 2 rows: k = 13 by rows fails there.
func recheck(t *testing.T) *verify.Report {
	t.Helper()
	csv := "age,dx\n" + strings.Repeat("30,a\n", 7) + strings.Repeat("30,b\n", 6) + "40,a\n40,a\n"
	r, err := verify.Verify(strings.NewReader(csv), verify.Spec{QuasiIdentifiers: []string{"age"}, K: 13, Sensitive: "dx", DistinctL: 2, T: 0.35})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// The re-check is worded from the typed checks in the view's language:
// never the engine's English name ("13-anonymity (rows)"), with the
// bound, the groups and the result.
func TestRecheckIsWordedInTheViewsLanguage(t *testing.T) {
	r := recheck(t)
	want := map[string][]string{
		"en": {"Failed: every group holds at least 13 rows", "2 groups, the smallest with 2 rows, 1 too small",
			"Failed: every group has at least 2 different values", "t = 0.35"},
		"de": {"Nicht bestanden: jede Gruppe umfasst mindestens 13 Zeilen", "2 Gruppen, die kleinste mit 2 Zeilen, 1 zu klein",
			"mindestens 2 verschiedene Werte", "t = 0,35"},
	}
	for lang, parts := range want {
		t.Run(lang, func(t *testing.T) {
			f := newFixtureIn(t, vault.RoleDPO, lang)
			f.svc.history[0].Report.Verification = r
			f.view.SelectExport(0)
			shown := strings.Join(f.texts(), "\n")
			for _, c := range r.Checks {
				if strings.Contains(shown, c.Name) {
					t.Errorf("the engine's wording %q is shown", c.Name)
				}
			}
			lines := f.view.CheckTexts(r)
			if len(lines) != len(r.Checks) {
				t.Fatalf("%d lines for %d checks", len(lines), len(r.Checks))
			}
			all := strings.Join(lines, "\n")
			for _, p := range parts {
				if !strings.Contains(all, p) {
					t.Errorf("re-check lines lack %q:\n%s", p, all)
				}
			}
			if strings.Contains(all, "⟦") {
				t.Errorf("a message is missing:\n%s", all)
			}
			if !f.shows(lines[0][:20]) {
				t.Errorf("the first re-check line is not drawn: %q", lines[0])
			}
		})
	}
}

// A check without a typed claim (a report from before) gets a generic
// label, not the engine's English.
func TestRecheckWithoutClaimIsNamedGenerically(t *testing.T) {
	f := newFixtureIn(t, vault.RoleDPO, "de")
	got := f.view.CheckTexts(&verify.Report{Checks: []verify.Check{{Name: "5-anonymity (patients)", Passed: true}}})
	if len(got) != 1 || strings.Contains(got[0], "anonymity") || !strings.HasPrefix(got[0], "Bestanden") {
		t.Errorf("got %q", got)
	}
}
