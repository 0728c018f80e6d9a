package archtest

import (
	"os/exec"
	"strings"
	"testing"
)

// rule forbids every dependency of pkg that is one of the listed import
// paths or lies below one of them.
type rule struct {
	pkg       string
	forbidden []string
}

// allowed lists dependencies that a forbidden prefix would catch but that
// bring no database: database/sql/driver holds only the Scanner and Valuer
// interfaces, which github.com/google/uuid and the Parquet writer's geometry
// types implement; from Go 1.27 on, driver imports database/sql/internal
// (shared helpers of the standard library, no database either).
var allowed = map[string]bool{"database/sql/driver": true, "database/sql/internal": true}

var rules = []rule{
	{"custodia/consent/...", []string{"fyne.io", "database/sql", "modernc.org/sqlite", "custodia/ui", "custodia/vault", "custodia/app"}},
	{"custodia/deid/...", []string{"fyne.io", "database/sql", "modernc.org/sqlite", "custodia/ui", "custodia/vault", "custodia/consent", "custodia/app"}},
	{"custodia/research/...", []string{"fyne.io", "database/sql", "modernc.org/sqlite", "custodia/ui", "custodia/vault", "custodia/app"}},
	{"custodia/vault/...", []string{"fyne.io", "custodia/ui", "custodia/app"}},
	// The application layer sits between the domain and the front ends:
	// ui and custodiactl import it, it imports neither them nor fyne.
	{"custodia/app/...", []string{"fyne.io", "custodia/ui", "custodia/cmd"}},
	// printdoc renders documents from the domain structs: consent yes,
	// user interface, vault and database no.
	{"custodia/printdoc/...", []string{"fyne.io", "database/sql", "modernc.org/sqlite", "custodia/ui", "custodia/vault", "custodia/app"}},
	{"custodia/cmd/custodiactl/...", []string{"fyne.io", "custodia/ui"}},
}

func TestLayerImports(t *testing.T) {
	for _, r := range rules {
		t.Run(r.pkg, func(t *testing.T) {
			for _, dep := range deps(t, r.pkg) {
				for _, bad := range r.forbidden {
					if !allowed[dep] && (dep == bad || strings.HasPrefix(dep, bad+"/")) {
						t.Errorf("%s depends on %s (forbidden: %s)", r.pkg, dep, bad)
					}
				}
			}
		})
	}
}

// TestHeadlessBuild checks that custodiactl builds without cgo, as the CLI
// must run on machines without a C toolchain or X11 headers.
func TestHeadlessBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary")
	}
	cmd := exec.Command("go", "build", "-o", t.TempDir()+"/custodiactl", "custodia/cmd/custodiactl")
	cmd.Env = append(cmd.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("CGO_ENABLED=0 go build custodiactl: %v\n%s", err, out)
	}
}

func deps(t *testing.T, pattern string) []string {
	t.Helper()
	return strings.Fields(string(goCmd(t, []string{"CGO_ENABLED=0"}, "list", "-deps", "-test=false", pattern)))
}

// goCmd runs the go command with extra environment and returns its
// output; a failure ends the test with the command's error output.
func goCmd(t *testing.T, env []string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Env = append(cmd.Environ(), env...)
	out, err := cmd.Output()
	if err != nil {
		var stderr string
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, stderr)
	}
	return out
}
