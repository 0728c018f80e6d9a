package vault

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"custodia/consent"
)

// retentionVault is a vault on a settable clock, unlocked as administrator,
// with the shipped retention schedule stored.
func retentionVault(t *testing.T) (*Vault, *clock, *Session) {
	t.Helper()
	v, c, _ := clockVault(t)
	admin, err := v.Unlock(TestAdminName, []byte(TestAdminPassphrase))
	must(t, err)
	t.Cleanup(admin.Lock)
	for _, r := range consent.DefaultRetentionRules() {
		_, err := admin.ConsentStore().PutRetentionRule(bg, r)
		must(t, err)
	}
	return v, c, admin
}

// itemsOf returns the patient's items by category.
func itemsOf(t *testing.T, s *Session, patientID string) map[consent.RecordCategory]consent.RetentionItem {
	t.Helper()
	items, err := s.RetentionItems()
	must(t, err)
	out := map[consent.RecordCategory]consent.RetentionItem{}
	for _, it := range items {
		if it.SubjectID != patientID {
			continue
		}
		if _, dup := out[it.Category]; dup {
			t.Fatalf("patient %s: two %s items", patientID, it.Category)
		}
		if it.RecordID != "patient:"+patientID+"/"+string(it.Category) {
			t.Errorf("record id %q", it.RecordID)
		}
		out[it.Category] = it
	}
	return out
}

// checkItems compares a patient's items with the categories ErasureFacts
// finds by decrypting every field (the oracle), and their trigger dates
// with the expected last treatment.
func checkItems(t *testing.T, s *Session, p Patient, lastTreatment time.Time, hold bool) {
	t.Helper()
	got := itemsOf(t, s, p.ID)
	facts, err := s.ErasureFacts(p.ID)
	must(t, err)
	var want []consent.RecordCategory
	for _, c := range facts.Present {
		if c == consent.RecIdentity || c == consent.RecContact || c == consent.RecClinical {
			want = append(want, c)
		}
	}
	if len(got) != len(want) {
		t.Errorf("patient %s: %d items, want categories %v", p.ID, len(got), want)
	}
	for _, c := range want {
		it, ok := got[c]
		if !ok {
			t.Errorf("patient %s: no %s item", p.ID, c)
			continue
		}
		if !it.TriggerAt.Equal(lastTreatment) || it.Hold != hold {
			t.Errorf("patient %s %s: trigger %v hold %v, want %v %v", p.ID, c, it.TriggerAt, it.Hold, lastTreatment, hold)
		}
	}
	if lt := facts.Triggers[consent.TriggerLastTreatment]; !lt.Equal(lastTreatment) {
		t.Errorf("patient %s: ErasureFacts last treatment %v, want %v", p.ID, lt, lastTreatment)
	}
}

func TestRetentionItemsFollowClinicalEdits(t *testing.T) {
	_, c, admin := retentionVault(t)
	r := rand.New(rand.NewPCG(3, 3))
	created := c.now()
	full := mustAdd(t, admin, fakePatient(r, 1))
	bare := fakePatient(r, 2)
	bare.Address, bare.Postcode, bare.Phone, bare.Email, bare.Diagnosis, bare.Notes = "", "", "", "", "", ""
	bare = mustAdd(t, admin, bare)
	short := fakePatient(r, 3) // values shorter than a pad block: presence needs decryption
	short.Address, short.Phone, short.Email, short.Postcode, short.Diagnosis, short.Notes = "", "", "", "Q1", "Z99", ""
	short = mustAdd(t, admin, short)

	if !full.LastClinicalAt.Equal(created) || !bare.LastClinicalAt.IsZero() {
		t.Fatalf("LastClinicalAt on create: %v, %v", full.LastClinicalAt, bare.LastClinicalAt)
	}
	checkItems(t, admin, full, created, false)
	checkItems(t, admin, bare, created, false) // never treated: counts from registration
	checkItems(t, admin, short, created, false)
	if got := itemsOf(t, admin, bare.ID); len(got) != 1 {
		t.Errorf("patient without contact or clinical data: %d items, want identity only", len(got))
	}

	// A contact change is no treatment.
	c.advance(24 * time.Hour)
	full.Address = "9 Other Qwzzle Lane"
	full, err := admin.UpdatePatient(full)
	must(t, err)
	checkItems(t, admin, full, created, false)

	// A clinical change is.
	c.advance(24 * time.Hour)
	full.Notes += " follow-up"
	full, err = admin.UpdatePatient(full)
	must(t, err)
	got, err := admin.GetPatient(full.ID)
	must(t, err)
	if !got.LastClinicalAt.Equal(c.now()) || !full.LastClinicalAt.Equal(c.now()) {
		t.Fatalf("LastClinicalAt after a notes change: stored %v returned %v, want %v", got.LastClinicalAt, full.LastClinicalAt, c.now())
	}
	checkItems(t, admin, full, c.now(), false)

	// Clearing the clinical fields is a clinical change, and the category goes.
	c.advance(24 * time.Hour)
	full.Diagnosis, full.Notes = "", ""
	full, err = admin.UpdatePatient(full)
	must(t, err)
	checkItems(t, admin, full, c.now(), false)
	if _, ok := itemsOf(t, admin, full.ID)[consent.RecClinical]; ok {
		t.Error("clinical item after clearing diagnosis and notes")
	}
}

// openRequest takes in a request about the patient at the clock's time and,
// if inProgress, verifies it and moves it in progress.
func openRequest(t *testing.T, s *Session, c *clock, patientID string, typ consent.RequestType, inProgress bool) consent.Request {
	t.Helper()
	cs, a, now := s.ConsentStore(), s.ConsentActor(), c.now()
	r, err := consent.NewRequest(consent.Intake{SubjectID: patientID, Type: typ, Channel: consent.ChannelLetter, ReceivedAt: now,
		Requester: "Synthetic Requester Qwz", RequesterRelation: consent.RelSelf, AcceptDuplicate: true}, nil, a, now)
	must(t, err)
	r, err = cs.CreateRequest(bg, r, consent.Created(r, a, now))
	must(t, err)
	if !inProgress {
		return r
	}
	r, tr, err := consent.Verify(r, consent.Verification{Method: consent.VerifyIDDocument, At: now, Verified: true}, a)
	must(t, err)
	r, err = cs.UpdateRequest(bg, r, tr)
	must(t, err)
	r, tr, err = consent.Advance(r, consent.StateInProgress, a, now, "")
	must(t, err)
	r, err = cs.UpdateRequest(bg, r, tr)
	must(t, err)
	return r
}

func closeRequest(t *testing.T, s *Session, c *clock, r consent.Request) {
	t.Helper()
	r, tr, err := consent.Advance(r, consent.StateCompleted, s.ConsentActor(), c.now(), "")
	must(t, err)
	_, err = s.ConsentStore().UpdateRequest(bg, r, tr)
	must(t, err)
}

func TestRetentionItemsHolds(t *testing.T) {
	_, c, admin := retentionVault(t)
	r := rand.New(rand.NewPCG(4, 4))
	created := c.now()
	p := mustAdd(t, admin, fakePatient(r, 1))
	q := mustAdd(t, admin, fakePatient(r, 2))

	// An open rectification request holds; rectifying the diagnosis is a
	// clinical change; completing the request lifts the hold.
	c.advance(time.Hour)
	req := openRequest(t, admin, c, p.ID, consent.ReqRectification, true)
	checkItems(t, admin, p, created, true)
	checkItems(t, admin, q, created, false)
	c.advance(time.Hour)
	corrected := p
	corrected.Diagnosis = "Z99.1"
	p, err := admin.Rectify(p.ID, corrected, req.ID)
	must(t, err)
	rectified := c.now()
	if !p.LastClinicalAt.Equal(rectified) {
		t.Fatalf("LastClinicalAt after rectification: %v, want %v", p.LastClinicalAt, rectified)
	}
	checkItems(t, admin, p, rectified, true)
	c.advance(time.Hour)
	closeRequest(t, admin, c, req)
	checkItems(t, admin, p, rectified, false)

	// A restricted patient is held while the restriction lasts.
	restrict := openRequest(t, admin, c, q.ID, consent.ReqRestriction, true)
	must(t, admin.SetRestricted(q.ID, true, restrict.ID))
	closeRequest(t, admin, c, restrict)
	checkItems(t, admin, q, created, true)
	lift := openRequest(t, admin, c, q.ID, consent.ReqRestriction, true)
	must(t, admin.SetRestricted(q.ID, false, lift.ID))
	closeRequest(t, admin, c, lift)
	checkItems(t, admin, q, created, false)
}

func TestRetentionItemsPermissionAndAudit(t *testing.T) {
	v, c, admin := retentionVault(t)
	r := rand.New(rand.NewPCG(5, 5))
	for i := range 3 {
		mustAdd(t, admin, fakePatient(r, i))
	}
	c.advance(time.Minute)
	items, err := admin.RetentionItems()
	must(t, err)
	es := auditActions(t, admin)
	var entries []AuditEntry
	for _, e := range es {
		if e.Action == "retention.items" {
			entries = append(entries, e)
		}
	}
	if len(entries) != 1 || entries[0].Outcome != outcomeOK || entries[0].Detail != fmt.Sprintf("items=%d", len(items)) {
		t.Fatalf("retention.items audit entries: %+v (items %d)", entries, len(items))
	}

	clin := userSession(t, v, admin, "clin", RoleClinician)
	_, err = clin.RetentionItems()
	var pe *PermissionError
	if !errors.As(err, &pe) || pe.Perm != PermGovernance || !errors.Is(err, ErrPermission) {
		t.Fatalf("RetentionItems as clinician: %v", err)
	}
	if !deniedAudited(t, admin, "retention.items") {
		t.Error("the clinician's denial is not audited")
	}
	if _, err := admin.VerifyAudit(); err != nil {
		t.Fatal(err)
	}
}

// TestRetentionItemsTriggerFromRule: a category whose stored rule counts
// from creation gets the creation date, whatever the clinical activity.
func TestRetentionItemsTriggerFromRule(t *testing.T) {
	_, c, admin := retentionVault(t)
	created := c.now()
	p := mustAdd(t, admin, fakePatient(rand.New(rand.NewPCG(6, 6)), 1))
	rules, err := admin.ConsentStore().ListRetentionRules(bg)
	must(t, err)
	i := slices.IndexFunc(rules, func(r consent.RetentionRule) bool { return r.Category == consent.RecContact })
	rule := rules[i]
	rule.Trigger = consent.TriggerCreated
	_, err = admin.ConsentStore().PutRetentionRule(bg, rule)
	must(t, err)
	c.advance(48 * time.Hour)
	p.Notes = strings.ToUpper(p.Notes)
	p, err = admin.UpdatePatient(p)
	must(t, err)
	got := itemsOf(t, admin, p.ID)
	if !got[consent.RecContact].TriggerAt.Equal(created) || !got[consent.RecClinical].TriggerAt.Equal(c.now()) {
		t.Errorf("contact trigger %v (want %v), clinical %v (want %v)", got[consent.RecContact].TriggerAt, created,
			got[consent.RecClinical].TriggerAt, c.now())
	}
}

// BenchmarkRetentionItems100k lists the retention items of 100,000 patients
// (one call per iteration).
func BenchmarkRetentionItems100k(b *testing.B) {
	if testing.Short() {
		b.Skip("builds a 100,000-patient vault")
	}
	bench100k.once.Do(build100k)
	if bench100k.err != nil {
		b.Fatal(bench100k.err)
	}
	c0, n := processCost(), 0
	for b.Loop() {
		items, err := bench100k.s.RetentionItems()
		if err != nil || len(items) != 3*benchPatients {
			b.Fatalf("%d items, %v", len(items), err)
		}
		n++
	}
	// CPU per call: on a loaded machine wall time also counts waiting.
	b.ReportMetric(float64((processCost().cpu-c0.cpu).Nanoseconds())/float64(n), "cpu-ns/op")
}

// TestLastClinicalBackfill: a vault from before migration 0013 gets each
// patient's last update as its last clinical activity.
func TestLastClinicalBackfill(t *testing.T) {
	v, c, admin := retentionVault(t)
	p := mustAdd(t, admin, fakePatient(rand.New(rand.NewPCG(8, 8)), 1))
	c.advance(time.Hour)
	p.Address = "3 Backfill Qwzzle Lane"
	p, err := admin.UpdatePatient(p)
	must(t, err)
	rawExec(t, v.db, "DROP INDEX patients_retention") // migration 0050 indexes the column
	rawExec(t, v.db, "ALTER TABLE patients DROP COLUMN last_clinical_at")
	rawExec(t, v.db, "DELETE FROM schema_migrations WHERE version IN (13, 50)")
	must(t, migrate(v.db, 0))
	got, err := admin.GetPatient(p.ID)
	must(t, err)
	if !got.LastClinicalAt.Equal(p.UpdatedAt) || got.LastClinicalAt.Equal(p.CreatedAt) {
		t.Fatalf("backfilled last clinical activity %v, want the last update %v", got.LastClinicalAt, p.UpdatedAt)
	}
}
