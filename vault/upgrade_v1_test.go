package vault_test

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"custodia/vault"

	_ "modernc.org/sqlite"
)

// The fixture (testdata/format1/README.md): a format-1 vault made by the
// code of c8530fa, and what that code read from it.
const (
	fixtureDir   = "testdata/format1"
	demoAdmin    = "demo"
	demoAdminPwd = "demo-passphrase-not-secret"
)

func fixtureOpts() vault.Options {
	weak := vault.WeakKDFParams()
	// After every time in the fixture (its patients were made on the machine's clock).
	at := time.Date(2027, 1, 15, 9, 0, 0, 0, time.UTC)
	return vault.Options{KDF: &weak, Now: func() time.Time { at = at.Add(time.Millisecond); return at }}
}

// copyFixture copies the format-1 vault to a temporary file.
func copyFixture(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(fixtureDir, "format1.vault"))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "v1.vault")
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// erasedIDs is the erased patient of the fixture (second id of ids.txt).
func erasedIDs(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(fixtureDir, "ids.txt"))
	if err != nil {
		t.Fatal(err)
	}
	return []string{strings.Fields(string(b))[1]}
}

func openFixture(t *testing.T, path string) *vault.Vault {
	t.Helper()
	v, err := vault.Open(path, fixtureOpts())
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// rawExec changes the file with plain SQL, as someone holding it could.
func rawExec(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

func keyFormat(t *testing.T, path string) int {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var f int
	if err := db.QueryRow("SELECT key_format FROM vault_meta").Scan(&f); err != nil {
		t.Fatal(err)
	}
	return f
}

// asJSON turns v into generic JSON values, so the dump of the old code and
// the new read compare field by field.
func asJSON(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// compareDump reports, by section and index (never by value), where the
// upgraded vault reads differently from what the old code read.
func compareDump(t *testing.T, got format1Dump) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(fixtureDir, "dump.json"))
	if err != nil {
		t.Fatal(err)
	}
	var want any
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	g, w := asJSON(t, got).(map[string]any), want.(map[string]any)
	for k := range w {
		if where := differs(g[k], w[k], k); where != "" {
			t.Errorf("after the upgrade %s reads differently from the format-1 code", where)
		}
	}
	if len(g) != len(w) {
		t.Errorf("dump sections: got %d, want %d", len(g), len(w))
	}
	if n := len(got.Patients); n != 49 {
		t.Errorf("patients read: %d, want 49 (50 made, one erased)", n)
	}
}

// movedDiagnoses accounts for the clinical migration that runs at the
// first unlock after the upgrade: a diagnosis the old code read on the
// patient row is now an encounter's diagnoses (ICD-10 codes read from the
// text) and the row was re-written without it. For each such patient it
// checks the encounter against the old text, then puts the old row values
// back into got so the rest compares as read by the old code.
func movedDiagnoses(t *testing.T, s *vault.Session, got *format1Dump) int {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(fixtureDir, "dump.json"))
	if err != nil {
		t.Fatal(err)
	}
	var old format1Dump
	if err := json.Unmarshal(raw, &old); err != nil {
		t.Fatal(err)
	}
	byID := map[string]vault.Patient{}
	for _, p := range old.Patients {
		byID[p.ID] = p
	}
	moved := 0
	for i, p := range got.Patients {
		was, ok := byID[p.ID]
		if !ok || p.Diagnosis != "" || was.Diagnosis == "" {
			continue
		}
		encs, err := s.Encounters(p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(encs) != 1 || !reflect.DeepEqual(encs[0].Diagnoses, vault.DiagnosesFromText(was.Diagnosis)) {
			t.Errorf("patient %s: the moved diagnosis is not the encounter's (%d encounters)", p.ID, len(encs))
			continue
		}
		got.Patients[i].Diagnosis, got.Patients[i].Version, got.Patients[i].UpdatedAt = was.Diagnosis, was.Version, was.UpdatedAt
		moved++
	}
	return moved
}

// differs returns the JSON path of the first difference between what the
// new code read (got) and the old code's dump (want), or "". Fields added
// to the types since the old code (absent from want) must be empty.
func differs(got, want any, path string) string {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return path
		}
		for k, wv := range w {
			if d := differs(g[k], wv, path+"."+k); d != "" {
				return d
			}
		}
		for k, gv := range g {
			if _, ok := w[k]; !ok && !emptyJSON(gv) {
				return path + "." + k + " (new field, not empty)"
			}
		}
		return ""
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return path + " (length)"
		}
		for i := range w {
			if d := differs(g[i], w[i], fmt.Sprintf("%s[%d]", path, i)); d != "" {
				return d
			}
		}
		return ""
	}
	if !reflect.DeepEqual(got, want) {
		return path
	}
	return ""
}

func emptyJSON(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == "" || x == "0001-01-01T00:00:00Z"
	case bool:
		return !x
	case float64:
		return x == 0
	case []any:
		return len(x) == 0
	case map[string]any:
		for _, e := range x {
			if !emptyJSON(e) {
				return false
			}
		}
		return true
	}
	return false
}

func TestUpgradeFormat1ReadsAsTheOldCode(t *testing.T) {
	path := copyFixture(t)
	v := openFixture(t, path)
	defer v.Close()
	s, err := v.Unlock(demoAdmin, []byte(demoAdminPwd))
	if err != nil {
		t.Fatalf("administrator unlock of the format-1 vault: %v", err)
	}
	rep := s.Upgraded()
	if rep == nil {
		t.Fatal("no upgrade report")
	}
	// The old code's audit verify of the fixture checked 160 entries and added its own.
	if rep.AuditEntries != 161 || rep.Patients != 49 {
		t.Errorf("report: %d audit entries, %d patients; want 161, 49 (50 made, one erased)", rep.AuditEntries, rep.Patients)
	}
	var names []string
	for _, u := range rep.NeedPassphrase {
		names = append(names, u.Name)
	}
	if want := []string{"clinician", "dpo", "frontdesk", "researcher"}; !reflect.DeepEqual(names, want) {
		t.Errorf("users needing a passphrase: %v, want %v", names, want)
	}
	if keyFormat(t, path) != 2 {
		t.Error("key format not 2 after the upgrade")
	}
	got, err := dumpSession(s, erasedIDs(t))
	if err != nil {
		t.Fatal(err)
	}
	if moved := movedDiagnoses(t, s, &got); moved == 0 {
		t.Error("the clinical migration moved no diagnosis into an encounter after the upgrade")
	}
	compareDump(t, got)
	n, err := s.VerifyAudit()
	if err != nil {
		t.Fatalf("VerifyAudit after the upgrade: %v", err)
	}
	if n <= 161 {
		t.Errorf("VerifyAudit checked %d entries, want the 161 format-1 ones and more", n)
	}
	// The search indexes were rebuilt under the new keys.
	if len(got.Patients) > 0 {
		p := got.Patients[0]
		found, err := s.FindPatients(vault.Query{MRN: p.MRN})
		if err != nil || len(found) != 1 || found[0].ID != p.ID {
			t.Errorf("MRN search after the upgrade: %d results, %v", len(found), err)
		}
	}
	s.Lock()

	// A second administrator unlock is an ordinary format-2 unlock.
	s, err = v.Unlock(demoAdmin, []byte(demoAdminPwd))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Lock()
	if s.Upgraded() != nil {
		t.Error("second unlock reports an upgrade")
	}
	upgradedUsersNeedPassphrases(t, v, s)
}

// upgradedUsersNeedPassphrases: the other users get a clear error until the
// administrator sets them a passphrase; then they open their role's keys.
func upgradedUsersNeedPassphrases(t *testing.T, v *vault.Vault, s *vault.Session) {
	t.Helper()
	if _, err := v.Unlock("clinician", []byte("clinician-passphrase-not-secret")); !errors.Is(err, vault.ErrNewPassphraseNeeded) {
		t.Fatalf("clinician after the upgrade: %v, want ErrNewPassphraseNeeded", err)
	}
	need, err := s.PendingKeys()
	if err != nil {
		t.Fatal(err)
	}
	if len(need.Users) != 4 || !need.RecoveryCode {
		t.Fatalf("pending keys: %d users, recovery %t; want 4, true", len(need.Users), need.RecoveryCode)
	}
	if err := s.SetRole("researcher", vault.RoleDPO); err != nil {
		t.Errorf("role change of a user without keys: %v", err)
	}
	if _, err := s.Rotate(); err != nil {
		t.Errorf("rotation with users awaiting passphrases: %v", err)
	}
	if err := s.ResetPassphrase("clinician", []byte("new-clinician-passphrase")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.NewRecoveryCode(); err != nil {
		t.Fatal(err)
	}
	need, err = s.PendingKeys()
	if err != nil || len(need.Users) != 3 || need.RecoveryCode {
		t.Fatalf("pending keys after reset: %+v, %v", need, err)
	}
	c, err := v.Unlock("clinician", []byte("new-clinician-passphrase"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Lock()
	list, err := c.ListPatients(0, 5)
	if err != nil || len(list) == 0 {
		t.Fatalf("clinician lists patients: %d, %v", len(list), err)
	}
	p, err := c.GetPatient(list[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	encs, err := c.Encounters(list[0].ID)
	if err != nil || (p.Diagnosis == "" && len(encs) == 0) {
		t.Fatalf("clinician reads a patient's clinical data: diagnosis present %t, %d encounters, %v", p.Diagnosis != "", len(encs), err)
	}
	if _, err := s.VerifyAudit(); err != nil {
		t.Errorf("VerifyAudit after resets and rotation: %v", err)
	}
}

func TestUpgradeFormat1RefusedToOthers(t *testing.T) {
	path := copyFixture(t)
	v := openFixture(t, path)
	defer v.Close()
	_, err := v.Unlock("clinician", []byte("clinician-passphrase-not-secret"))
	if !errors.Is(err, vault.ErrUpgradeNeedsAdmin) {
		t.Fatalf("clinician on a format-1 vault: %v, want ErrUpgradeNeedsAdmin", err)
	}
	if !strings.Contains(err.Error(), "an administrator must open it first") {
		t.Errorf("message does not say what to do: %q", err)
	}
	if _, err := v.Unlock("clinician", []byte("wrong passphrase!")); !errors.Is(err, vault.ErrWrongPassphrase) {
		t.Errorf("wrong passphrase on a format-1 vault: %v", err)
	}
	if _, err := v.UnlockWithRecovery("AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA"); !errors.Is(err, vault.ErrUpgradeNeedsAdmin) {
		t.Errorf("recovery code on a format-1 vault: %v", err)
	}
	if keyFormat(t, path) != 1 {
		t.Fatal("a refused unlock changed the key format")
	}
	s, err := v.Unlock(demoAdmin, []byte(demoAdminPwd))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Lock()
	// The clinician's refused attempt is in the trail, signed by the administrator.
	es, err := s.AuditEntries(161, 100)
	if err != nil {
		t.Fatal(err)
	}
	var refused bool
	for _, e := range es {
		refused = refused || (e.Action == "unlock.failed" && e.Outcome == "denied")
	}
	if !refused {
		t.Error("the refused format-1 unlock is not in the audit trail")
	}
	if _, err := s.VerifyAudit(); err != nil {
		t.Error(err)
	}
}

// fileRows reads every row of every table (as hex of each value), except
// unlock_backoff: every unlock attempt is counted there before any key is
// derived (backoff.go), an upgrade that then fails included.
func fileRows(t *testing.T, path string) map[string][]string {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tables, err := db.Query("SELECT name FROM sqlite_schema WHERE type = 'table' AND name <> 'unlock_backoff' ORDER BY name")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for tables.Next() {
		var n string
		if err := tables.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	tables.Close()
	out := map[string][]string{}
	for _, n := range names {
		rows, err := db.Query("SELECT * FROM " + n)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			out[n] = append(out[n], fmt.Sprintf("%x", fmt.Sprint(vals...)))
		}
		rows.Close()
		slices.Sort(out[n])
	}
	return out
}

func TestUpgradeFormat1FailureLeavesFileUnchanged(t *testing.T) {
	path := copyFixture(t)
	openFixture(t, path).Close() // migrations of this version
	// A failure midway: the practice details are re-sealed after every patient.
	rawExec(t, path, "CREATE TRIGGER fail_upgrade BEFORE UPDATE ON practice BEGIN SELECT RAISE(ABORT, 'injected failure'); END")
	openFixture(t, path).Close()
	before := fileRows(t, path)
	v := openFixture(t, path)
	if _, err := v.Unlock(demoAdmin, []byte(demoAdminPwd)); err == nil || !strings.Contains(err.Error(), "injected failure") {
		t.Fatalf("upgrade with an injected failure: %v", err)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	after := fileRows(t, path)
	if len(before) < 20 {
		t.Fatalf("only %d tables read", len(before))
	}
	for table, rows := range before {
		if !reflect.DeepEqual(rows, after[table]) {
			t.Errorf("a failed upgrade changed table %s", table)
		}
	}
	// Still format 1 and readable by the v1 rules: the upgrade now succeeds
	// and reads everything the old code read.
	rawExec(t, path, "DROP TRIGGER fail_upgrade")
	v = openFixture(t, path)
	defer v.Close()
	s, err := v.Unlock(demoAdmin, []byte(demoAdminPwd))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Lock()
	got, err := dumpSession(s, erasedIDs(t))
	if err != nil {
		t.Fatal(err)
	}
	movedDiagnoses(t, s, &got)
	compareDump(t, got)
}

func TestUpgradeFormat1TamperedTrailRefused(t *testing.T) {
	path := copyFixture(t)
	openFixture(t, path).Close()
	rawExec(t, path, "DROP TRIGGER audit_log_no_update", "UPDATE audit_log SET detail = detail || ' ' WHERE seq = 7")
	v := openFixture(t, path)
	defer v.Close()
	_, err := v.Unlock(demoAdmin, []byte(demoAdminPwd))
	if !errors.Is(err, vault.ErrAuditBroken) || !errors.Is(err, vault.ErrIntegrity) {
		t.Fatalf("upgrade of a vault with a changed v1 entry: %v, want ErrAuditBroken and ErrIntegrity", err)
	}
	var ae *vault.AuditError
	if !errors.As(err, &ae) || ae.Seq != 7 {
		t.Errorf("broken entry reported: %v", err)
	}
	if keyFormat(t, path) != 1 {
		t.Error("refused upgrade changed the key format")
	}
}

// After the upgrade, a changed format-1 entry breaks VerifyAudit: the
// signed upgrade entry carries their digest.
func TestUpgradedTrailChecksFormat1Entries(t *testing.T) {
	path := copyFixture(t)
	v := openFixture(t, path)
	s, err := v.Unlock(demoAdmin, []byte(demoAdminPwd))
	if err != nil {
		t.Fatal(err)
	}
	s.Lock()
	v.Close()
	rawExec(t, path, "DROP TRIGGER audit_log_no_update", "UPDATE audit_log SET detail = detail || ' ' WHERE seq = 20")
	v = openFixture(t, path)
	defer v.Close()
	s, err = v.Unlock(demoAdmin, []byte(demoAdminPwd))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Lock()
	var ae *vault.AuditError
	if _, err := s.VerifyAudit(); !errors.As(err, &ae) || ae.Seq != 162 {
		t.Fatalf("VerifyAudit with a changed format-1 entry: %v, want the upgrade entry (162) reported", err)
	}
}

// Two administrator unlocks of the same format-1 vault at once: one
// upgrades, the other gets an ordinary session (no second upgrade, no
// error).
func TestUpgradeFormat1Concurrent(t *testing.T) {
	path := copyFixture(t)
	v := openFixture(t, path)
	defer v.Close()
	type result struct {
		s   *vault.Session
		err error
	}
	out := make(chan result, 2)
	for range 2 {
		go func() {
			s, err := v.Unlock(demoAdmin, []byte(demoAdminPwd))
			out <- result{s, err}
		}()
	}
	upgrades := 0
	for range 2 {
		r := <-out
		if r.err != nil {
			t.Fatalf("concurrent administrator unlock: %v", r.err)
		}
		if r.s.Upgraded() != nil {
			upgrades++
		}
		defer r.s.Lock()
	}
	if upgrades != 1 {
		t.Errorf("%d upgrades, want 1", upgrades)
	}
}

// BenchmarkUpgradeFormat1 upgrades a copy of the fixture (49 patients, 161
// audit entries) per iteration: the transaction and the administrator's
// slot, with the weak test KDF. BenchmarkRotateAfterUpgrade rotates the
// same upgraded vault, for the ratio (the upgrade reads with the v1 rules
// and verifies the v1 chain on top of what a rotation does).
func BenchmarkUpgradeFormat1(b *testing.B) {
	src, err := os.ReadFile(filepath.Join(fixtureDir, "format1.vault"))
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		p := filepath.Join(b.TempDir(), "v1.vault")
		if err := os.WriteFile(p, src, 0o600); err != nil {
			b.Fatal(err)
		}
		v, err := vault.Open(p, fixtureOpts())
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		s, err := v.Unlock(demoAdmin, []byte(demoAdminPwd))
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		s.Lock()
		v.Close()
		b.StartTimer()
	}
}

func BenchmarkRotateAfterUpgrade(b *testing.B) {
	src, err := os.ReadFile(filepath.Join(fixtureDir, "format1.vault"))
	if err != nil {
		b.Fatal(err)
	}
	p := filepath.Join(b.TempDir(), "v1.vault")
	if err := os.WriteFile(p, src, 0o600); err != nil {
		b.Fatal(err)
	}
	v, err := vault.Open(p, fixtureOpts())
	if err != nil {
		b.Fatal(err)
	}
	defer v.Close()
	s, err := v.Unlock(demoAdmin, []byte(demoAdminPwd))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Lock()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.Rotate(); err != nil {
			b.Fatal(err)
		}
	}
}
