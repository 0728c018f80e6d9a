package main

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"custodia/i18n"
	"custodia/vault/demo"
)

const (
	testUser       = "admin"
	testPassphrase = "admin-passphrase-for-tests"
)

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// testEnv is an environment pointing at a fresh vault path with a weak KDF.
func testEnv(t *testing.T) map[string]string {
	t.Helper()
	return map[string]string{
		envVault:      filepath.Join(t.TempDir(), "test.vault"),
		envPassphrase: testPassphrase,
		envWeakKDF:    "1",
	}
}

// with returns a copy of env with the given key/value pairs changed.
func with(env map[string]string, kv ...string) map[string]string {
	out := map[string]string{}
	for k, v := range env {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = kv[i+1]
	}
	return out
}

// mustRun runs a command that must succeed and returns its stdout.
func mustRun(t *testing.T, env map[string]string, args ...string) string {
	t.Helper()
	out, errOut, code := runCLI(t, env, "", args...)
	if code != exitOK {
		t.Fatalf("%q: exit %d\nstderr: %s", args, code, errOut)
	}
	return out
}

// mustFail runs a command that must fail with code and returns stderr.
func mustFail(t *testing.T, env map[string]string, code int, args ...string) string {
	t.Helper()
	_, errOut, got := runCLI(t, env, "", args...)
	if got != code {
		t.Fatalf("%q: exit %d, want %d\nstderr: %s", args, got, code, errOut)
	}
	return errOut
}

func initVault(t *testing.T) map[string]string {
	t.Helper()
	env := testEnv(t)
	out := mustRun(t, env, "init")
	if !strings.Contains(out, "recovery code: ") || !strings.Contains(out, "only this once") {
		t.Fatalf("init output lacks the recovery code notice:\n%s", out)
	}
	return env
}

func addPatient(t *testing.T, env map[string]string, extra ...string) string {
	t.Helper()
	args := append([]string{"patient", "add", "--given", "Élise", "--family", "Durand",
		"--birth", "1984-03-12", "--sex", "female", "--email", "elise.durand@example.org",
		"--mrn", "DEMO-T1", "--diagnosis", "I10"}, extra...)
	id := strings.TrimSpace(mustRun(t, env, args...))
	if !uuidRE.MatchString(id) {
		t.Fatalf("patient add printed %q, want an id", id)
	}
	return id
}

func TestPatientLifecycle(t *testing.T) {
	env := initVault(t)
	id := addPatient(t, env)

	out := mustRun(t, env, "patient", "find", "--name", "elise durand")
	if !strings.Contains(out, id) {
		t.Fatalf("find by name does not list %s:\n%s", id, out)
	}
	out = mustRun(t, env, "patient", "find", "--name", "DURAND", "--birth", "1984-03-12", "--json")
	var found []summaryJSON
	if err := json.Unmarshal([]byte(out), &found); err != nil || len(found) != 1 || found[0].ID != id {
		t.Fatalf("find --json: %v %s", err, out)
	}
	if out := mustRun(t, env, "patient", "find", "--name", "durand", "--birth", "1984-03-13", "--json"); strings.TrimSpace(out) != "[]" {
		t.Fatalf("find with another birth date: %s", out)
	}

	out = mustRun(t, env, "patient", "show", id)
	en := i18n.MustLoad().Localizer("en")
	born := en.Date(time.Date(1984, 3, 12, 0, 0, 0, 0, time.UTC))
	for _, want := range []string{"Élise", "Durand", born, en.Label("sex", "female", ""), "elise.durand@example.org", "DEMO-T1", "I10"} {
		if !strings.Contains(out, want) {
			t.Errorf("show lacks %q:\n%s", want, out)
		}
	}
	var p patientJSON
	if err := json.Unmarshal([]byte(mustRun(t, env, "patient", "show", "--json", id)), &p); err != nil || p.FamilyName != "Durand" || p.BirthDate != "1984-03-12" {
		t.Fatalf("show --json: %v %+v", err, p)
	}

	addPatient(t, env, "--mrn", "DEMO-T2", "--given", "Jörg", "--family", "Müller")
	var list []summaryJSON
	if err := json.Unmarshal([]byte(mustRun(t, env, "patient", "list", "--json")), &list); err != nil || len(list) != 2 || list[0].ID != id {
		t.Fatalf("list --json: %v %+v", err, list)
	}
	if err := json.Unmarshal([]byte(mustRun(t, env, "patient", "list", "--offset", "1", "--limit", "5", "--json")), &list); err != nil || len(list) != 1 || list[0].FamilyName != "Müller" {
		t.Fatalf("list --offset 1: %v %+v", err, list)
	}
	if n := strings.TrimSpace(mustRun(t, env, "patient", "count")); n != "2" {
		t.Fatalf("count = %s", n)
	}
}

func TestPatientAddErrors(t *testing.T) {
	env := initVault(t)
	id := addPatient(t, env)
	// A second patient with the same MRN.
	msg := mustFail(t, env, exitValidation, "patient", "add", "--given", "Anna", "--family", "Bakker", "--birth", "2000-01-01", "--mrn", "demo-t1")
	if !strings.Contains(msg, "already exists") {
		t.Errorf("duplicate MRN: %s", msg)
	}
	msg = mustFail(t, env, exitValidation, "patient", "add", "--given", "Anna", "--family", "Bakker", "--birth", "01/02/2000")
	if !strings.Contains(msg, "--birth") || strings.Contains(msg, "01/02/2000") {
		t.Errorf("bad date: %s", msg)
	}
	msg = mustFail(t, env, exitValidation, "patient", "add", "--given", "Anna", "--family", "Bakker", "--birth", "2000-01-01", "--email", "anna-at-example")
	if !strings.Contains(msg, "--email is not a valid e-mail address") || strings.Contains(msg, "anna-at-example") {
		t.Errorf("bad e-mail: %s", msg)
	}
	msg = mustFail(t, env, exitValidation, "patient", "add", "--given", " ", "--family", "Bakker", "--birth", "2999-01-01")
	if !strings.Contains(msg, "--given is required") || !strings.Contains(msg, "--birth is in the future") {
		t.Errorf("several invalid fields: %s", msg)
	}
	mustFail(t, env, exitUsage, "patient", "show")
	mustFail(t, env, exitUsage, "patient", "find")
	msg = mustFail(t, env, exitNotFound, "patient", "show", strings.Replace(id, id[:8], "00000000", 1))
	if !strings.Contains(msg, enText("cli4.app.unknownPatient")) {
		t.Errorf("unknown id: %s", msg)
	}
	msg = mustFail(t, env, exitNotFound, "patient", "show", "Élise Durand")
	if strings.Contains(msg, "Élise") {
		t.Errorf("an id argument that is a name is echoed: %s", msg)
	}
}

func TestWrongPassphrase(t *testing.T) {
	env := initVault(t)
	msg := mustFail(t, with(env, envPassphrase, "not-the-passphrase"), exitWrongPassphrase, "patient", "list")
	if !strings.Contains(msg, "wrong user name or passphrase") || strings.Contains(msg, "not-the-passphrase") {
		t.Fatalf("message: %s", msg)
	}
	mustFail(t, with(env, envUser, "nobody"), exitWrongPassphrase, "patient", "list")
}

func TestPassphraseSources(t *testing.T) {
	env := initVault(t)
	file := filepath.Join(t.TempDir(), "pass")
	if err := os.WriteFile(file, []byte(testPassphrase+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	noEnv := with(env, envPassphrase, "")
	mustRun(t, noEnv, "patient", "list", "--passphrase-file", file)
	out, errOut, code := runCLI(t, noEnv, testPassphrase+"\n", "patient", "count", "--passphrase-file", "-")
	if code != exitOK || strings.TrimSpace(out) != "0" {
		t.Fatalf("passphrase from stdin: exit %d %s", code, errOut)
	}
	msg := mustFail(t, noEnv, exitUsage, "patient", "list")
	if !strings.Contains(msg, "not a terminal") || !strings.Contains(msg, envPassphrase) {
		t.Fatalf("no passphrase, no terminal: %s", msg)
	}
	// The flag wins over the environment.
	mustRun(t, with(env, envPassphrase, "wrong-passphrase"), "patient", "list", "--passphrase-file", file)
}

func TestMissingVault(t *testing.T) {
	env := testEnv(t)
	msg := mustFail(t, env, exitNotFound, "patient", "list")
	if !strings.Contains(msg, "no vault at") {
		t.Fatalf("message: %s", msg)
	}
	mustFail(t, with(env, envVault, ""), exitUsage, "patient", "list")
	env = initVault(t)
	msg = mustFail(t, env, exitValidation, "init")
	if !strings.Contains(msg, "already exists") {
		t.Fatalf("init over an existing vault: %s", msg)
	}
}

func addUser(t *testing.T, env map[string]string, name, role, pass string) {
	t.Helper()
	out := mustRun(t, with(env, envNewPassphrase, pass), "user", "add", name, "--role", role)
	if !strings.Contains(out, name) {
		t.Fatalf("user add: %s", out)
	}
}

func TestPermissionDenied(t *testing.T) {
	env := initVault(t)
	id := addPatient(t, env)
	addUser(t, env, "rita", "researcher", "researcher-pass-1")
	res := with(env, envUser, "rita", envPassphrase, "researcher-pass-1")
	for _, args := range [][]string{
		{"patient", "show", id},
		{"patient", "list"},
		{"patient", "find", "--name", "durand"},
		{"user", "list"},
		{"audit", "list"},
	} {
		msg := mustFail(t, res, exitPermission, args...)
		if !strings.Contains(msg, "permission denied") || strings.Contains(msg, "Durand") {
			t.Errorf("%q: %s", args, msg)
		}
	}
	// The denials are in the audit trail.
	var entries []auditJSON
	if err := json.Unmarshal([]byte(mustRun(t, env, "audit", "list", "--json", "--limit", "1000")), &entries); err != nil {
		t.Fatal(err)
	}
	denied := 0
	for _, e := range entries {
		if e.Outcome == "denied" {
			denied++
		}
	}
	if denied < 5 {
		t.Fatalf("%d denied entries in the audit trail, want at least 5", denied)
	}
}

func TestUserManagement(t *testing.T) {
	env := initVault(t)
	addUser(t, env, "claire", "clinician", "clinician-pass-1")
	clin := with(env, envUser, "claire", envPassphrase, "clinician-pass-1")
	mustRun(t, clin, "patient", "list")
	mustFail(t, clin, exitPermission, "user", "list")

	var users []userJSON
	if err := json.Unmarshal([]byte(mustRun(t, env, "user", "list", "--json")), &users); err != nil || len(users) != 2 {
		t.Fatalf("user list: %v %+v", err, users)
	}
	mustFail(t, with(env, envNewPassphrase, "another-pass-1"), exitValidation, "user", "add", "claire", "--role", "dpo")
	mustFail(t, env, exitUsage, "user", "add", "dora", "--role", "boss")
	mustFail(t, env, exitNotFound, "user", "disable", "nobody")

	mustRun(t, env, "user", "role", "claire", "researcher")
	mustFail(t, clin, exitPermission, "patient", "list")

	mustRun(t, env, "user", "disable", "claire")
	msg := mustFail(t, clin, exitPermission, "patient", "count")
	if !strings.Contains(msg, "disabled") {
		t.Fatalf("disabled user: %s", msg)
	}
	// Disabling destroyed claire's keys: enabling sets a new passphrase.
	mustRun(t, with(env, envNewPassphrase, "clinician-pass-1b"), "user", "enable", "claire")
	mustFail(t, clin, exitWrongPassphrase, "patient", "count")
	clin1b := with(clin, envPassphrase, "clinician-pass-1b")
	mustRun(t, clin1b, "user", "passwd", "--user", "claire", "--new-passphrase-file", writeFile(t, "clinician-pass-2\n"))
	mustFail(t, clin1b, exitWrongPassphrase, "patient", "count")
	clin2 := with(clin, envPassphrase, "clinician-pass-2")
	mustFail(t, clin2, exitPermission, "patient", "count") // still a researcher
	mustRun(t, with(env, envNewPassphrase, "clinician-pass-3"), "user", "passwd", "claire")
	mustFail(t, clin2, exitWrongPassphrase, "patient", "count")
}

func TestRecovery(t *testing.T) {
	env := testEnv(t)
	out := mustRun(t, env, "init")
	code := regexp.MustCompile(`recovery code: (\S+)`).FindStringSubmatch(out)
	if code == nil {
		t.Fatalf("no recovery code in %s", out)
	}
	mustFail(t, with(env, envRecoveryCode, "WRONG-CODE", envNewPassphrase, "new-admin-pass"), exitWrongPassphrase, "user", "passwd", "--recovery")
	mustRun(t, with(env, envRecoveryCode, code[1], envNewPassphrase, "new-admin-pass"), "user", "passwd", "--recovery")
	mustFail(t, env, exitWrongPassphrase, "patient", "count")
	admin := with(env, envPassphrase, "new-admin-pass")
	mustRun(t, admin, "patient", "count")

	// A used code is replaced; the old one stops working, the new one works.
	out = mustRun(t, admin, "user", "recovery-code")
	fresh := regexp.MustCompile(`recovery code: (\S+)`).FindStringSubmatch(out)
	if fresh == nil || fresh[1] == code[1] {
		t.Fatalf("no new recovery code in %s", out)
	}
	mustFail(t, with(env, envRecoveryCode, code[1], envNewPassphrase, "other-admin-pass"), exitWrongPassphrase, "user", "passwd", "--recovery")
	mustRun(t, with(env, envRecoveryCode, fresh[1], envNewPassphrase, "other-admin-pass"), "user", "passwd", "--recovery")
	mustRun(t, with(env, envPassphrase, "other-admin-pass"), "patient", "count")
}

func writeFile(t *testing.T, content string) string {
	t.Helper()
	name := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(name, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return name
}

func TestImportCLI(t *testing.T) {
	env := initVault(t)
	out := mustRun(t, env, "patient", "import", "../../testdata/patients/sample.csv")
	if !strings.Contains(out, "imported 5 patients") {
		t.Fatalf("import: %s", out)
	}
	out = mustRun(t, env, "patient", "find", "--mrn", "DEMO-S0002", "--json")
	var found []summaryJSON
	if err := json.Unmarshal([]byte(out), &found); err != nil || len(found) != 1 || found[0].FamilyName != "Müller" {
		t.Fatalf("imported patient: %v %s", err, out)
	}
	// Importing the same file again clashes on every MRN.
	msg := mustFail(t, env, exitValidation, "patient", "import", "../../testdata/patients/sample.csv")
	if !strings.Contains(msg, "Line 2, column “Record number” (mrn)") || !strings.Contains(msg, "Line 6, column “Record number” (mrn)") {
		t.Fatalf("re-import: %s", msg)
	}
	if n := strings.TrimSpace(mustRun(t, env, "patient", "count")); n != "5" {
		t.Fatalf("count after refused re-import = %s", n)
	}
}

func TestImportMalformed(t *testing.T) {
	env := initVault(t)
	addPatient(t, env)
	long := writeFile(t, "given_name,family_name,birth_date\nAnna,Bakker,2000-01-01\nAnna,"+strings.Repeat("B", 70000)+",2000-01-01\n")
	for _, tc := range []struct {
		file    string
		want    []string
		secrets []string
	}{
		{"../../testdata/patients/bad-date.csv", []string{"Line 3, column “Birth date” (birth_date): is not a valid date", "Line 4, column “Birth date” (birth_date)"}, []string{"1999-02-30", "14/07/1960", "Rossi"}},
		{"../../testdata/patients/missing-column.csv", []string{"Line 1: missing required column “Family name” (family_name)", "Line 1: missing required column “Birth date” (birth_date)"}, []string{"Anna"}},
		{"../../testdata/patients/latin1.csv", []string{"Line 3, column “Given name” (given_name): is not valid UTF-8"}, []string{"Roussel"}},
		{long, []string{"Line 3: line is longer than 65536 bytes"}, []string{"BBBB"}},
	} {
		msg := mustFail(t, env, exitValidation, "patient", "import", tc.file)
		if !strings.Contains(msg, "nothing was imported") {
			t.Errorf("%s: %s", tc.file, msg)
		}
		for _, w := range tc.want {
			if !strings.Contains(msg, w) {
				t.Errorf("%s: message lacks %q:\n%s", tc.file, w, msg)
			}
		}
		for _, s := range tc.secrets {
			if strings.Contains(msg, s) {
				t.Errorf("%s: message repeats %q:\n%s", tc.file, s, msg)
			}
		}
		if n := strings.TrimSpace(mustRun(t, env, "patient", "count")); n != "1" {
			t.Fatalf("%s: count %s after refused import, want 1", tc.file, n)
		}
	}
	// --dry-run checks without writing.
	out := mustRun(t, env, "patient", "import", "--dry-run", "../../testdata/patients/sample.csv")
	if !strings.Contains(out, "5 patients") {
		t.Fatalf("dry run: %s", out)
	}
	if n := strings.TrimSpace(mustRun(t, env, "patient", "count")); n != "1" {
		t.Fatalf("count after dry run = %s", n)
	}
	mustFail(t, env, exitUsage, "patient", "import", "--map", "a=shoe_size", "../../testdata/patients/sample.csv")
	mustFail(t, env, exitNotFound, "patient", "import", "no-such-file.csv")
}

func TestAuditCommands(t *testing.T) {
	env := initVault(t)
	id := addPatient(t, env)
	mustRun(t, env, "patient", "show", id)
	out := mustRun(t, env, "audit", "verify")
	if !strings.HasPrefix(out, "audit trail intact: ") {
		t.Fatalf("verify: %s", out)
	}
	var entries []auditJSON
	if err := json.Unmarshal([]byte(mustRun(t, env, "audit", "list", "--json")), &entries); err != nil || len(entries) == 0 {
		t.Fatalf("audit list: %v", err)
	}
	read := false
	for i, e := range entries {
		if i > 0 && e.Seq <= entries[i-1].Seq {
			t.Fatalf("audit entries out of order")
		}
		read = read || (e.Action == "patient.read" && strings.Contains(e.Object, id))
	}
	if !read {
		t.Fatalf("no patient.read entry for %s", id)
	}
	var after []auditJSON
	last := entries[len(entries)-2].Seq
	if err := json.Unmarshal([]byte(mustRun(t, env, "audit", "list", "--json", "--after", strconv.FormatInt(last, 10))), &after); err != nil || len(after) == 0 || after[0].Seq <= last {
		t.Fatalf("audit list --after: %v %+v", err, after)
	}
}

func TestDemoCommand(t *testing.T) {
	env := testEnv(t)
	out := mustRun(t, env, "demo", "--patients", "25")
	if !strings.Contains(out, demo.AdminPassphrase) {
		t.Fatalf("demo output lacks the credentials:\n%s", out)
	}
	for _, u := range demo.Users() {
		ue := with(env, envUser, u.Name, envPassphrase, u.Passphrase)
		if u.Role == "researcher" {
			mustFail(t, ue, exitPermission, "patient", "count")
			continue
		}
		if n := strings.TrimSpace(mustRun(t, ue, "patient", "count")); n != "25" {
			t.Fatalf("%s: count %s", u.Name, n)
		}
	}
	mustFail(t, env, exitValidation, "demo", "--patients", "3")
}

func TestInternalErrorHidesText(t *testing.T) {
	var errOut strings.Builder
	ctx := &runContext{stderr: &errOut, command: "custodiactl test"}
	ctx.log = newLogger(&errOut)
	code := report(ctx, errors.New("Élise Durand 1984-03-12"))
	if code != exitInternal || !strings.Contains(errOut.String(), "internal error") {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if strings.Contains(errOut.String(), "Élise") || strings.Contains(errOut.String(), "1984") {
		t.Fatalf("internal error leaks its text: %s", errOut.String())
	}
}

// enText is a catalogue message in English, as a run without --lang
// prints it.
func enText(id string, pairs ...any) string {
	return i18n.MustLoad().Localizer("en").T(id, pairs...)
}

// enDate is a day as the English tables print it.
func enDate(t time.Time) string { return i18n.MustLoad().Localizer("en").Date(t) }
