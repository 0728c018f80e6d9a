package archtest

import (
	"go/ast"
	"path/filepath"
	"strconv"
	"testing"

	"custodia/internal/srcscan"
)

// useCases maps each use case to the one function of package app that
// carries it out. Both front ends must call it: the desktop app (ui and
// cmd/custodia) and the command line (cmd/custodiactl), unless only names
// the one front end that offers the use case. vault lists the methods of
// the vault session the use case wraps: no front end may call them itself
// (TestFrontEndsCallNoVaultUseCase), on *vault.Session or through an
// interface of its own.
var useCases = []struct {
	name, fn string
	vault    []string
	only     string
}{
	{name: "create a vault (seeded once)", fn: "CreateVault"},
	{name: "create the demo vault", fn: "CreateDemoVault"},
	{name: "open and unlock (second factor, upgrade seeding)", fn: "UnlockWithCode"},
	{name: "find patients", fn: "FindPatients"},
	{name: "one patient's consents", fn: "PatientLedger"},
	{name: "grant consent", fn: "GrantConsent"},
	{name: "withdraw consent", fn: "WithdrawConsent"},
	{name: "take in a request", fn: "OpenRequest"},
	{name: "verify the requester", fn: "VerifyIdentity"},
	{name: "extend a deadline", fn: "ExtendRequest"},
	{name: "deny a request", fn: "DenyRequest"},
	{name: "complete a request (access package, restriction, rectification, withdrawal, objection)", fn: "CompleteRequest"},
	{name: "plan an erasure", fn: "PlanErasure"},
	{name: "execute an erasure", fn: "ExecuteErasure"},
	{name: "request queue (legacy requests counted with the practice's holidays)", fn: "Requests"},
	{name: "retention due list (with kept data after erasures)", fn: "RetentionDue"},
	{name: "create or change a retention rule", fn: "SaveRetentionRule"},
	{name: "delete a retention rule", fn: "DeleteRetentionRule"},
	{name: "purge kept data past keep-until (DPO batch, certificate)", fn: "PurgeKept"},
	{name: "breach log", fn: "Breaches"},
	{name: "record a breach", fn: "SaveBreach"},
	{name: "practice details", fn: "Practice"},
	{name: "store the practice details (schedule follows the country)", fn: "SetPractice"},
	{name: "practice details for documents", fn: "Controller"},
	{name: "the DPO's dashboard", fn: "Dashboard"},
	{name: "access documents a patient can open (protected PDF, cover letter)", fn: "AccessDocuments"},

	// Patients.
	{name: "add a patient", fn: "AddPatient", vault: []string{"AddPatient"}},
	{name: "edit a patient", fn: "EditPatient", vault: []string{"UpdatePatient"}},
	{name: "show a patient", fn: "ShowPatient", vault: []string{"GetPatient"}},
	{name: "list patients", fn: "ListPatients", vault: []string{"ListPatients"}},
	{name: "count patients", fn: "CountPatients", vault: []string{"CountPatients"}},
	{name: "check a patient CSV file against the vault", fn: "CheckPatientCSV"},
	{name: "import patients (all or none)", fn: "ImportPatients", vault: []string{"AddPatients", "AddPatientsContext"}},
	{name: "check a clinical CSV import against the vault", fn: "CheckClinicalCSV"},
	{name: "import encounters and observations (all or none)", fn: "ImportClinical", vault: []string{"AddClinical"}},

	// Staff accounts and second factors.
	{name: "add a user", fn: "AddUserContext", vault: []string{"AddUser", "AddUserContext"}},
	{name: "list users", fn: "ListUsers", vault: []string{"ListUsers"}},
	{name: "change one's own passphrase", fn: "ChangePassphraseContext", vault: []string{"ChangePassphrase", "ChangePassphraseContext"}},
	{name: "reset a user's passphrase (administrator or recovery code)", fn: "ResetPassphrase", vault: []string{"ResetPassphrase"}},
	{name: "disable a user", fn: "DisableUser", vault: []string{"DisableUser"}},
	{name: "enable a user with a new passphrase", fn: "EnableUser", vault: []string{"EnableUser", "EnableUserWithPassphrase"}},
	{name: "change a user's role", fn: "SetRole", vault: []string{"SetRole"}},
	{name: "replace the recovery code", fn: "NewRecoveryCode", vault: []string{"NewRecoveryCode"}},
	{name: "enrol a second factor", fn: "BeginTOTP", vault: []string{"BeginTOTP"}},
	{name: "confirm a second factor", fn: "ConfirmTOTP", vault: []string{"ConfirmTOTP"}},
	{name: "remove a second factor", fn: "DisableTOTP", vault: []string{"DisableTOTP"}},
	{name: "second-factor status", fn: "TOTPStatus", vault: []string{"TOTPStatus"}},
	{name: "second factor required (practice setting)", fn: "RequireTOTP", vault: []string{"RequireTOTP"}},
	{name: "require a second factor", fn: "SetRequireTOTP", vault: []string{"SetRequireTOTP"}},

	// Audit trail.
	{name: "verify the audit trail", fn: "VerifyAudit", vault: []string{"VerifyAudit"}},
	{name: "verify the audit trail against an anchor", fn: "VerifyAuditAnchor", vault: []string{"VerifyAnchor"}, only: "cli"},
	{name: "read the audit trail (one recorded read however many pages)", fn: "ReadAudit", vault: []string{"AuditEntries", "AuditPage"}},
	{name: "anchor the audit trail", fn: "AnchorAudit", vault: []string{"Anchor"}},
	{name: "age of the last anchor", fn: "LastAnchor", vault: []string{"LastAnchor"}, only: "desktop"},
	{name: "export the audit trail (JSON Lines, syslog, FHIR)", fn: "ExportAudit", vault: []string{"AuditFeed"}, only: "cli"},
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
	"desktop": {"../../ui", "../../ui/kit", "../../ui/audit", "../../ui/backup", "../../ui/consents", "../../ui/requests", "../../ui/dashboard", "../../ui/governance", "../../ui/patients", "../../ui/users", "../../cmd/custodia"},
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
			if uc.only != "" && uc.only != fe {
				continue
			}
			if !calls[fe][uc.fn] {
				t.Errorf("use case %q: the %s front end does not call app.%s", uc.name, fe, uc.fn)
			}
		}
	}
}

// declared lists the exported functions and methods of a package.
func declared(t *testing.T, dir string) map[string]bool {
	out := map[string]bool{}
	for _, f := range srcscan.Dir(t, dir) {
		for _, d := range f.AST.Decls {
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
	for _, f := range srcscan.Dir(t, dir) {
		appName := importName(f.AST, "custodia/app")
		ast.Inspect(f.AST, func(n ast.Node) bool {
			ce, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := ce.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			pos := f.Pos(ce.Pos()).String()
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
