package archtest

import (
	"slices"
	"strings"
	"testing"
)

// featurePackages are the per-feature packages of the desktop app: the
// shell (custodia/ui) imports them, never the other way round, and no
// feature imports another. They share only the kit (custodia/ui/kit),
// i18n and the application layer.
var featurePackages = []string{
	"custodia/ui/audit",
	"custodia/ui/backup",
	"custodia/ui/consents",
	"custodia/ui/dashboard",
	"custodia/ui/governance",
	"custodia/ui/patients",
	"custodia/ui/requests",
	"custodia/ui/research",
	"custodia/ui/users",
}

// uiKit is the building blocks every feature may use; it imports neither
// the shell nor a feature.
const uiKit = "custodia/ui/kit"

func TestFeaturePackagesSkipTheShell(t *testing.T) {
	for _, pkg := range featurePackages {
		if slices.Contains(deps(t, pkg), "custodia/ui") {
			t.Errorf("%s imports the ui shell (custodia/ui)", pkg)
		}
	}
}

// TestFeaturePackagesStandAlone: a feature package reaches no other feature
// package, and the kit reaches no feature and not the shell.
func TestFeaturePackagesStandAlone(t *testing.T) {
	for _, pkg := range append([]string{uiKit}, featurePackages...) {
		got := deps(t, pkg)
		for _, other := range append([]string{"custodia/ui"}, featurePackages...) {
			if other != pkg && slices.Contains(got, other) {
				t.Errorf("%s depends on %s: features share only %s, i18n and package app", pkg, other, uiKit)
			}
		}
	}
}

// TestEveryUIPackageIsListed: a new package under ui is either the kit, a
// test helper (ui/internal/...) or a feature listed above, so the rules
// above cover it.
func TestEveryUIPackageIsListed(t *testing.T) {
	for _, pkg := range strings.Fields(string(goCmd(t, []string{"CGO_ENABLED=0"}, "list", "custodia/ui/..."))) {
		if pkg == "custodia/ui" || pkg == uiKit || strings.HasPrefix(pkg, "custodia/ui/internal/") {
			continue
		}
		if !slices.Contains(featurePackages, pkg) {
			t.Errorf("%s is not listed in featurePackages", pkg)
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
