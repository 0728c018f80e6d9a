package archtest

import (
	"slices"
	"testing"
)

// featurePackages are the per-feature packages of the desktop app: the
// shell (custodia/ui) imports them, never the other way round.
var featurePackages = []string{"custodia/ui/dashboard"}

func TestFeaturePackagesSkipTheShell(t *testing.T) {
	for _, pkg := range featurePackages {
		if slices.Contains(deps(t, pkg), "custodia/ui") {
			t.Errorf("%s imports the ui shell (custodia/ui)", pkg)
		}
	}
}

// internal/charts draws pictures from numbers: no user interface, no
// database, no domain.
func TestChartsImportNoDomain(t *testing.T) {
	for _, dep := range deps(t, "custodia/internal/charts") {
		for _, bad := range []string{"fyne.io", "database/sql", "custodia/consent", "custodia/vault", "custodia/app", "custodia/ui"} {
			if dep == bad || len(dep) > len(bad) && dep[:len(bad)+1] == bad+"/" {
				t.Errorf("internal/charts depends on %s", dep)
			}
		}
	}
}
