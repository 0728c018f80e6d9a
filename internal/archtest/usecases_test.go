package archtest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// useCases maps each use case to the one function of package app that
// carries it out. Both front ends must call it: the desktop app (ui and
// cmd/custodia) and the command line (cmd/custodiactl).
var useCases = []struct{ name, fn string }{
	{"create a vault (seeded once)", "CreateVault"},
	{"create the demo vault", "CreateDemoVault"},
	{"open and unlock (second factor, upgrade seeding)", "UnlockWithCode"},
	{"find patients", "FindPatients"},
	{"one patient's consents", "PatientLedger"},
	{"grant consent", "GrantConsent"},
	{"withdraw consent", "WithdrawConsent"},
	{"take in a request", "OpenRequest"},
	{"verify the requester", "VerifyIdentity"},
	{"extend a deadline", "ExtendRequest"},
	{"deny a request", "DenyRequest"},
	{"complete a request (access package, restriction, rectification, withdrawal, objection)", "CompleteRequest"},
	{"plan an erasure", "PlanErasure"},
	{"execute an erasure", "ExecuteErasure"},
	{"request queue (legacy requests counted with the practice's holidays)", "Requests"},
	{"retention due list (with kept data after erasures)", "RetentionDue"},
	{"create or change a retention rule", "SaveRetentionRule"},
	{"delete a retention rule", "DeleteRetentionRule"},
	{"purge kept data past keep-until (DPO batch, certificate)", "PurgeKept"},
	{"breach log", "Breaches"},
	{"record a breach", "SaveBreach"},
	{"practice details", "Practice"},
	{"store the practice details (schedule follows the country)", "SetPractice"},
	{"practice details for documents", "Controller"},
	{"the DPO's dashboard", "Dashboard"},
	{"access documents a patient can open (protected PDF, cover letter)", "AccessDocuments"},
}

// researchUseCases (issue 7) are the research export's use cases. The
// desktop reaches them through ui/research.Service (an interface over
// *app.Session given by the composition root), which this call scan
// cannot follow, so only the command line's direct calls are checked.
var researchUseCases = []struct{ name, fn string }{
	{"save a study (new version when changed)", "SaveStudy"},
	{"list studies (a researcher: theirs)", "Studies"},
	{"a study's versions", "StudyVersions"},
	{"load the research extract for previews", "LoadResearchData"},
	{"preview a study (writes nothing)", "PreviewStudy"},
	{"run an export (package, disclosures, history)", "RunExport"},
	{"export history", "ExportHistory"},
	{"open a research package", "OpenPackage"},
	{"re-identify a pseudonym (DPO)", "Reidentify"},
	{"destroy a study's pseudonym key", "DestroyStudyKey"},
}

// frontEnds are the adapters' source folders, relative to this package.
var frontEnds = map[string][]string{
	"desktop": {"../../ui", "../../ui/dashboard", "../../cmd/custodia"},
	"cli":     {"../../cmd/custodiactl"},
}

// storeWrites are consent-store writes only package app may make.
var storeWrites = []string{"AppendEvents", "CreateRequest", "UpdateRequest", "DeleteRequest", "AddCertificate",
	"PutBreach", "PutPurpose", "PutText", "PutRetentionRule"}

// TestFrontEndsShareUseCases reads the adapters' code: for every use case
// each front end calls the same app function (package functions through
// the import of custodia/app, methods on the use-case value, which both
// front ends name uc), and neither writes the consent store itself.
func TestFrontEndsShareUseCases(t *testing.T) {
	appFuncs := declared(t, "../../app")
	calls := map[string]map[string]bool{}
	for fe, dirs := range frontEnds {
		calls[fe] = map[string]bool{}
		for _, dir := range dirs {
			for _, c := range appCalls(t, dir) {
				calls[fe][c.fn] = true
				if c.storeWrite {
					t.Errorf("%s: %s writes the consent store (%s) instead of calling package app", fe, c.pos, c.fn)
				}
			}
		}
	}
	for _, uc := range researchUseCases {
		if !appFuncs[uc.fn] || !calls["cli"][uc.fn] {
			t.Errorf("research use case %q: app.%s missing or not called by the command line", uc.name, uc.fn)
		}
	}
	for _, uc := range useCases {
		if !appFuncs[uc.fn] {
			t.Errorf("use case %q: app declares no %s", uc.name, uc.fn)
			continue
		}
		for _, fe := range []string{"desktop", "cli"} {
			if !calls[fe][uc.fn] {
				t.Errorf("use case %q: the %s front end does not call app.%s", uc.name, fe, uc.fn)
			}
		}
	}
}

// declared lists the exported functions and methods of a package.
func declared(t *testing.T, dir string) map[string]bool {
	out := map[string]bool{}
	for _, f := range parseDir(t, dir) {
		for _, d := range f.file.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.IsExported() {
				out[fd.Name.Name] = true
			}
		}
	}
	return out
}

type call struct {
	fn         string
	pos        string
	storeWrite bool
}

// appCalls finds calls app.F(...) (through the file's import name of
// custodia/app) and uc.M(...) / x.uc.M(...) on the use-case value, and
// marks calls of store writes on anything.
func appCalls(t *testing.T, dir string) []call {
	var out []call
	for _, f := range parseDir(t, dir) {
		appName := importName(f.file, "custodia/app")
		ast.Inspect(f.file, func(n ast.Node) bool {
			ce, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := ce.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			pos := f.fset.Position(ce.Pos()).String()
			name := sel.Sel.Name
			switch x := sel.X.(type) {
			case *ast.Ident:
				if (appName != "" && x.Name == appName) || x.Name == "uc" {
					out = append(out, call{fn: name, pos: pos})
				}
			case *ast.SelectorExpr:
				if x.Sel.Name == "uc" {
					out = append(out, call{fn: name, pos: pos})
				}
			}
			for _, w := range storeWrites {
				if name == w {
					out = append(out, call{fn: name, pos: pos, storeWrite: true})
				}
			}
			return true
		})
	}
	return out
}

type parsed struct {
	fset *token.FileSet
	file *ast.File
}

// parseDir parses the non-test Go files of a folder, whatever their build tags.
func parseDir(t *testing.T, dir string) []parsed {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no Go files in %s: %v", dir, err)
	}
	sort.Strings(names)
	var out []parsed
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, parsed{fset, f})
	}
	return out
}

func importName(f *ast.File, path string) string {
	for _, imp := range f.Imports {
		if p, _ := strconv.Unquote(imp.Path.Value); p == path {
			if imp.Name != nil {
				return imp.Name.Name
			}
			return filepath.Base(path)
		}
	}
	return ""
}
