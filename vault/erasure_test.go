package vault

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"custodia/consent"
)

// scanFiles fails if any needle occurs in the vault file, its WAL or its
// shared-memory file. Needles are reported by index, never by value.
func scanFiles(t *testing.T, path string, needles ...any) {
	t.Helper()
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		data, err := os.ReadFile(path + suffix)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		must(t, err)
		for i, n := range needles {
			var b []byte
			switch n := n.(type) {
			case string:
				b = []byte(n)
			case []byte:
				b = n
			}
			if len(b) > 0 && bytes.Contains(data, b) {
				t.Errorf("needle %d found in vault file%s", i, suffix)
			}
		}
	}
}

// erasureRules: clinical kept 10 years (Art. 17(3)(b)), identity and audit
// anonymised, requests and disclosures kept 3 years (17(3)(e)); contact and
// consents have no rule and are erased.
func erasureRules() []consent.RetentionRule {
	return []consent.RetentionRule{
		{ID: "clinical-10y", Category: consent.RecClinical, Years: 10, Trigger: consent.TriggerLastTreatment, Exception: "b",
			OnExpiry: consent.ActErase, LegalSource: "synthetic: medical records 10 years"},
		{ID: "identity-anon", Category: consent.RecIdentity, Years: 1, Trigger: consent.TriggerLastTreatment,
			OnExpiry: consent.ActAnonymise, LegalSource: "synthetic: statistics"},
		{ID: "requests-3y", Category: consent.RecRequests, Years: 3, Trigger: consent.TriggerClosed, Exception: "e",
			OnExpiry: consent.ActErase, LegalSource: "synthetic: accountability"},
		{ID: "disclosures-3y", Category: consent.RecDisclosures, Years: 3, Trigger: consent.TriggerCreated, Exception: "e",
			OnExpiry: consent.ActErase, LegalSource: "synthetic: Art. 19"},
		{ID: "audit-anon", Category: consent.RecAudit, Years: 6, Trigger: consent.TriggerCreated,
			OnExpiry: consent.ActAnonymise, LegalSource: "synthetic: audit pseudonymous"},
	}
}

// approvedPlan plans the erasure with the vault's facts and approves it.
func (f *dsrFixture) approvedPlan(t *testing.T, r consent.Request, rules []consent.RetentionRule) consent.ErasurePlan {
	t.Helper()
	if rules == nil {
		rules = erasureRules()
	}
	facts, err := f.admin.ErasureFacts(f.p.ID)
	must(t, err)
	now := time.Now()
	facts.Triggers[consent.TriggerLastTreatment] = now.AddDate(-1, 0, 0)
	facts.Triggers[consent.TriggerClosed] = now
	a := f.admin.ConsentActor()
	plan, err := consent.PlanErasure(r, rules, facts, a, now)
	must(t, err)
	plan, err = plan.Approve(a, now)
	must(t, err)
	return plan
}

// rawColumns reads stored ciphertexts straight from the file.
func rawColumns(t *testing.T, v *Vault, patientID string) [][]byte {
	t.Helper()
	var out [][]byte
	for _, q := range []string{
		"SELECT given_name FROM patients WHERE id = ?", "SELECT family_name FROM patients WHERE id = ?",
		"SELECT phone FROM patients WHERE id = ?", "SELECT email FROM patients WHERE id = ?",
		"SELECT wrapped_key FROM patient_keys WHERE patient_id = ?",
		"SELECT ciphertext FROM subject_secrets WHERE owner = 'event:ev-1' AND subject_id = ?",
	} {
		var b []byte
		if err := v.db.QueryRow(q, patientID).Scan(&b); errors.Is(err, sql.ErrNoRows) && strings.Contains(q, "subject_secrets") {
			continue // a patient without consent events
		} else {
			must(t, err)
		}
		out = append(out, b)
	}
	return out
}

func TestErasure(t *testing.T) {
	f := newDSRFixture(t)
	other := mustAdd(t, f.admin, fakePatient(rand.New(rand.NewPCG(8, 8)), 8))
	f.grantStudy(t, "ev-1")
	scan := []byte("%PDF-1.4 synthetic signed form Skavyumbscan")
	att, err := f.cs.PutScan(bg, f.p.ID, "application/pdf", scan)
	must(t, err)
	f.disclose(t, "dis-1", "institute", time.Now().Add(-time.Hour))
	rect := f.request(t, f.admin, consent.ReqRectification, true)
	fixed := f.p
	fixed.FamilyName, fixed.Phone, fixed.Diagnosis = "Rectifiedzyx", "+99 555 2222222", "E11.9"
	p, err := f.admin.Rectify(f.p.ID, fixed, rect.ID)
	must(t, err)
	f.complete(t, rect)
	raw := rawColumns(t, f.v, p.ID)
	// The scan below is meaningful: before the erasure the ciphertexts are in the file.
	must(t, checkpoint(f.v.db))
	if data, err := os.ReadFile(f.v.Path()); err != nil || !bytes.Contains(data, raw[0]) || !bytes.Contains(data, raw[4]) {
		t.Fatalf("ciphertexts not found in the file before erasure (err %v)", err)
	}

	r := f.request(t, f.admin, consent.ReqErasure, true)
	plan := f.approvedPlan(t, r, nil)
	desk := userSession(t, f.v, f.admin, "desk", RoleFrontDesk)
	if _, err := desk.ExecuteErasure(plan); !errors.Is(err, ErrPermission) {
		t.Fatalf("front desk erasure: %v", err)
	}
	if !deniedAudited(t, f.admin, "erasure.execute") {
		t.Error("denied erasure not audited")
	}
	unapproved := plan
	unapproved.ApprovedBy = ""
	if _, err := f.admin.ExecuteErasure(unapproved); !errors.Is(err, ErrValidation) {
		t.Errorf("unapproved plan: %v", err)
	}
	partial := plan
	partial.Items = plan.Items[1:]
	if _, err := f.admin.ExecuteErasure(partial); !errors.Is(err, ErrValidation) {
		t.Errorf("plan leaving a category out: %v", err)
	}

	needles := []any{f.p.GivenName, f.p.FamilyName, fixed.FamilyName, f.p.Phone, fixed.Phone, f.p.Email, f.p.Address, f.p.MRN, repName, "Skavyumbscan"}
	for _, b := range raw {
		needles = append(needles, b)
	}
	results, err := f.admin.ExecuteErasure(plan)
	must(t, err)
	scanFiles(t, f.v.Path(), needles...) // while open: file, WAL and shared memory
	if _, _, err := f.cs.Scan(bg, att.Ref); !errors.Is(err, consent.ErrNotFound) {
		t.Errorf("scan after erasure: %v", err)
	}
	checkResults(t, f, plan, results)
	checkGone(t, f, p, fixed)
	checkKept(t, f, p, f.p, r)
	if _, err := f.admin.GetPatient(other.ID); err != nil {
		t.Errorf("another patient damaged: %v", err)
	}
	// Retrying the same erasure (issue 8: the first call committed but
	// failed on the checkpoint) reports the erasure done, with its results.
	again, err := f.admin.ExecuteErasure(plan)
	if err != nil || !reflect.DeepEqual(again, results) {
		t.Errorf("second erasure: %v, results %v, want %v", err, again, results)
	}
	researcher := userSession(t, f.v, f.admin, "researcher", RoleResearcher)
	if _, err := researcher.GetPatient(other.ID); !errors.Is(err, ErrPermission) {
		t.Errorf("researcher reads an identity: %v", err)
	}
	if _, err := researcher.ErasedRecord(p.ID); !errors.Is(err, ErrPermission) {
		t.Errorf("researcher reads an erased record: %v", err)
	}
	if _, err := f.admin.VerifyAudit(); err != nil {
		t.Errorf("audit after erasure: %v", err)
	}
	must(t, f.v.Close())
	scanFiles(t, f.v.Path(), needles...)
}

// checkResults: one result per plan item with its action, and the stored
// certificate matches them.
func checkResults(t *testing.T, f *dsrFixture, plan consent.ErasurePlan, results []consent.ExecutionResult) {
	t.Helper()
	if len(results) != len(plan.Items) {
		t.Fatalf("%d results for %d items", len(results), len(plan.Items))
	}
	want := map[consent.RecordCategory]consent.Action{consent.RecIdentity: consent.ActAnonymise, consent.RecContact: consent.ActErase,
		consent.RecClinical: consent.ActKeep, consent.RecConsents: consent.ActErase, consent.RecRequests: consent.ActKeep,
		consent.RecDisclosures: consent.ActKeep, consent.RecAudit: consent.ActAnonymise}
	for i, res := range results {
		if res.Category != plan.Items[i].Category || res.Action != want[res.Category] {
			t.Errorf("result %d: %+v", i, res)
		}
	}
	certs, err := f.cs.ListCertificates(bg)
	must(t, err)
	if len(certs) != 1 || certs[0].SubjectID != f.p.ID || certs[0].PlanID != plan.ID || certs[0].Verify() != nil {
		t.Fatalf("certificates: %+v", certs)
	}
	for _, it := range certs[0].Items {
		i := slices.IndexFunc(results, func(r consent.ExecutionResult) bool { return r.Category == it.Category })
		if i < 0 || results[i].Records != it.Records || results[i].Action != it.Action {
			t.Errorf("certificate item %s does not match the results", it.Category)
		}
	}
}

// checkGone: no path finds or decrypts the erased fields.
func checkGone(t *testing.T, f *dsrFixture, p, fixed Patient) {
	t.Helper()
	if _, err := f.admin.GetPatient(p.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("GetPatient after erasure: %v", err)
	}
	for _, q := range []Query{{Name: fixed.FamilyName}, {Name: p.GivenName}, {MRN: p.MRN}, {Name: fixed.FamilyName, BirthDate: p.BirthDate}} {
		found, err := f.admin.FindPatients(q)
		must(t, err)
		if len(found) != 0 {
			t.Errorf("FindPatients still finds the erased patient")
		}
	}
	for _, table := range []string{"patient_keys WHERE patient_id", "patients WHERE id", "patient_index i LEFT JOIN patients p ON p.seq = i.patient_seq WHERE p.id IS NULL OR p.id", "patient_mrn m LEFT JOIN patients p ON p.seq = m.patient_seq WHERE p.id IS NULL OR p.id", "subject_keys WHERE subject_id"} {
		var n int
		must(t, f.v.db.QueryRow("SELECT count(*) FROM "+table+" = ?", p.ID).Scan(&n))
		if n != 0 {
			t.Errorf("%s: %d rows left", table, n)
		}
	}
	evs, err := f.cs.ListEvents(bg, consent.EventFilter{PatientID: p.ID})
	must(t, err)
	// The grant stays without its evidence; the erased event closes the ledger.
	if len(evs) != 2 || evs[0].Representative != nil || evs[0].Scan != nil || evs[1].Type != consent.Erased {
		t.Errorf("consent evidence survived an erase: %+v", evs)
	}
	n := 0
	must(t, f.v.db.QueryRow("SELECT count(*) FROM subject_secrets WHERE subject_id = ? AND category = 'consents'", p.ID).Scan(&n))
	if n != 0 {
		t.Errorf("%d consent secrets left", n)
	}
}

// checkKept: kept categories stay readable, anonymised ones are generalised.
func checkKept(t *testing.T, f *dsrFixture, p, original Patient, r consent.Request) {
	t.Helper()
	rec, err := f.admin.ErasedRecord(p.ID)
	must(t, err)
	got := map[string]ErasedField{}
	for _, fld := range rec.Fields {
		got[fld.Field] = fld
	}
	want := map[string]string{"diagnosis": p.Diagnosis, "notes": p.Notes, "birth_date": p.BirthDate.Format("2006"), "sex": p.Sex}
	if len(got) != len(want) {
		t.Errorf("erased record has %d fields, want %d", len(got), len(want))
	}
	for field, v := range want {
		if got[field].Value != v {
			t.Errorf("erased record field %s: wrong value", field)
		}
	}
	if got["diagnosis"].Action != consent.ActKeep || got["birth_date"].Action != consent.ActAnonymise || rec.KeepUntil.IsZero() {
		t.Errorf("erased record actions: %+v", rec)
	}
	hist, err := f.admin.PatientHistory(p.ID)
	must(t, err)
	if len(hist) != 1 || hist[0].Field != "diagnosis" || hist[0].OldValue != original.Diagnosis {
		t.Errorf("history after erasure: %d entries", len(hist))
	}
	stored, err := f.cs.GetRequest(bg, r.ID)
	must(t, err)
	if stored.Requester != requesterName || stored.Description != requestNote {
		t.Error("kept request lost its requester")
	}
	f.complete(t, stored)
}

// TestErasureEraseAll erases every category: nothing of the patient stays
// readable, requests keep only the relation code, and the workflow closes.
func TestErasureEraseAll(t *testing.T) {
	f := newDSRFixture(t)
	f.grantStudy(t, "ev-1")
	r := f.request(t, f.admin, consent.ReqErasure, true)
	_, err := f.admin.ExecuteErasure(f.approvedPlan(t, r, []consent.RetentionRule{}))
	must(t, err)
	rec, err := f.admin.ErasedRecord(f.p.ID)
	must(t, err)
	if len(rec.Fields) != 0 || !rec.KeepUntil.IsZero() {
		t.Errorf("erase-all left %d fields", len(rec.Fields))
	}
	var n int
	must(t, f.v.db.QueryRow("SELECT count(*) FROM retention_keys WHERE patient_id = ?", f.p.ID).Scan(&n))
	if n != 0 {
		t.Error("retention key made with nothing to keep")
	}
	stored, err := f.cs.GetRequest(bg, r.ID)
	must(t, err)
	if stored.Requester != ErasedText || stored.Description != "" || stored.RequesterRelation != consent.RelSelf {
		t.Errorf("erased request: requester erased=%v", stored.Requester == ErasedText)
	}
	f.complete(t, stored)
	must(t, f.v.Close())
	scanFiles(t, f.v.Path(), f.p.GivenName, f.p.FamilyName, f.p.Email, repName, requesterName, requestNote)
}

func TestAnonymise(t *testing.T) {
	for _, c := range []struct{ column, in, want string }{
		{"birth_date", "1984-03-07", "1984"}, {"postcode", "Q1234", "Q12"}, {"postcode", "Zü", "Zü"},
		{"postcode", "Zürich 80", "Zür"}, {"diagnosis", "E11.9, E11.2; I10", "E11, I10"}, {"sex", "female", "female"},
		{"given_name", "Zyxqor", ""}, {"family_name", "Vexthul", ""}, {"phone", "+99 1", ""}, {"email", "a@b.example", ""},
		{"address", "1 Lane", ""}, {"insurance_number", "INSZ1", ""}, {"mrn", "MRNZ-1", ""}, {"notes", "free text", ""},
	} {
		if got := anonymise(c.column, c.in); got != c.want {
			t.Errorf("anonymise(%s) = %q, want %q", c.column, got, c.want)
		}
	}
	// Every column has a rule: a new column must be added here on purpose.
	for _, col := range patientColumns {
		if _, ok := fieldLabels[col]; !ok {
			t.Errorf("column %s has no label", col)
		}
	}
}

// TestPurgeRetention: after keep-until, the kept values go with the
// retention key; anonymised values stay; requests keep their workflow.
func TestPurgeRetention(t *testing.T) {
	now := time.Now()
	clock := func() time.Time { return now }
	f, r := erasedFixture(t, "purge", 5, func() time.Time { return clock() })
	v, admin, path := f.v, f.admin, f.v.Path()
	if n, err := admin.PurgeRetention(); err != nil || n != 0 {
		t.Fatalf("purge before keep-until: %d, %v", n, err)
	}
	rec, err := admin.ErasedRecord(f.p.ID)
	must(t, err)
	later := rec.KeepUntil.Add(time.Hour)
	clock = func() time.Time { return later }
	desk := userSession(t, v, admin, "desk", RoleFrontDesk)
	if _, err := desk.PurgeRetention(); !errors.Is(err, ErrPermission) {
		t.Errorf("front desk purge: %v", err)
	}
	if n, err := admin.PurgeRetention(); err != nil || n != 1 {
		t.Fatalf("purge after keep-until: %d, %v", n, err)
	}
	rec, err = admin.ErasedRecord(f.p.ID)
	must(t, err)
	for _, fld := range rec.Fields {
		if fld.Action != consent.ActAnonymise {
			t.Errorf("kept field %s survived the purge", fld.Field)
		}
	}
	if len(rec.Fields) == 0 {
		t.Error("anonymised fields purged")
	}
	stored, err := f.cs.GetRequest(bg, r.ID)
	must(t, err)
	if stored.Requester != ErasedText || stored.Description != "" || stored.RequesterRelation != consent.RelSelf {
		t.Error("kept requester survived the purge, or the relation was lost")
	}
	f.complete(t, stored)
	must(t, v.Close())
	scanFiles(t, path, f.p.Notes, f.p.GivenName, requesterName)
}

// TestAccessPackageAfterErasure: an access request after an erasure gets
// what was kept and anonymised, never the erased fields.
func TestAccessPackageAfterErasure(t *testing.T) {
	f := newDSRFixture(t)
	r := f.request(t, f.admin, consent.ReqErasure, true)
	_, err := f.admin.ExecuteErasure(f.approvedPlan(t, r, nil))
	must(t, err)
	access := f.request(t, f.admin, consent.ReqAccess, true)
	id, err := age.GenerateX25519Identity()
	must(t, err)
	var buf bytes.Buffer
	must(t, f.admin.AccessPackage(f.p.ID, access.ID, &buf, AccessRecipient{X25519: id.Recipient().String(), Pages: readerPages()}))
	files := openPackage(t, buf.Bytes(), id)
	var report consent.AccessReport
	must(t, json.Unmarshal(files[AccessFileJSON], &report))
	values := sectionValues(report.Sections)
	if !values[f.p.Diagnosis] || !values[f.p.BirthDate.Format("2006")] {
		t.Error("kept or anonymised values missing from the package")
	}
	for name, data := range files {
		for i, v := range []string{f.p.GivenName, f.p.FamilyName, f.p.Phone, f.p.Email} {
			if bytes.Contains(data, []byte(v)) {
				t.Errorf("%s holds erased value %d", name, i)
			}
		}
	}
}

// erasedFixture creates a vault whose clock is now, adds one synthetic
// patient (seed) and carries out an approved erasure of them, keeping what
// the default plan keeps under Art. 17(3). It returns the erasure request.
func erasedFixture(t *testing.T, name string, seed uint64, now func() time.Time) (*dsrFixture, consent.Request) {
	t.Helper()
	weak := WeakKDFParams()
	path := t.TempDir() + "/" + name + ".vault"
	_, err := Create(path, TestAdminName, []byte(TestAdminPassphrase), Options{KDF: &weak})
	must(t, err)
	v, err := Open(path, Options{KDF: &weak, Now: now})
	must(t, err)
	t.Cleanup(func() { v.Close() })
	admin, err := v.Unlock(TestAdminName, []byte(TestAdminPassphrase))
	must(t, err)
	f := &dsrFixture{v: v, admin: admin, cs: admin.ConsentStore()}
	f.p = mustAdd(t, admin, fakePatient(rand.New(rand.NewPCG(seed, seed)), int(seed)))
	r := f.request(t, admin, consent.ReqErasure, true)
	_, err = admin.ExecuteErasure(f.approvedPlan(t, r, nil))
	must(t, err)
	return f, r
}
