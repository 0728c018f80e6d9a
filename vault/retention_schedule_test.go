package vault

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"custodia/assets"
	"custodia/consent"
)

func shippedSchedules(t *testing.T) consent.Schedules {
	t.Helper()
	s, err := consent.LoadSchedules(bytes.NewReader(assets.RetentionSchedulesJSON()))
	must(t, err)
	return s
}

func storedRules(t *testing.T, s *Session) []consent.RetentionRule {
	t.Helper()
	rules, err := s.ConsentStore().ListRetentionRules(bg)
	must(t, err)
	return rules
}

// TestPracticeCountrySwitchesSchedule: seeded with the German schedule, a
// practice set to FR gets the French one (no § 630f BGB left), keeps its
// own rule, and going back to DE brings the German one.
func TestPracticeCountrySwitchesSchedule(t *testing.T) {
	_, admin := NewTestVault(t)
	shipped := shippedSchedules(t)
	cs := admin.ConsentStore()
	must(t, consent.Seed(bg, cs, nil, nil, shipped.For("DE")))
	own := consent.RetentionRule{ID: "own-billing-12y", Category: consent.RecBilling, Years: 12, Trigger: consent.TriggerYearEnd,
		LegalSource: "synthetic: contract with the insurer", OnExpiry: consent.ActErase}
	_, err := cs.PutRetentionRule(bg, own)
	must(t, err)
	ctrl := consent.Controller{Name: "Synthetic Practice", Address: "1 Example Street", Country: "FR", Email: "dpo@practice.example"}
	res, err := admin.SetPracticeSchedule(ctrl, shipped)
	must(t, err)
	if !res.Shipped || res.Removed != len(shipped.For("DE")) || res.Added != len(shipped.For("FR")) {
		t.Errorf("switch to FR: %+v", res)
	}
	rules := storedRules(t, admin)
	for _, r := range rules {
		if strings.Contains(r.LegalSource, "630f") || (r.Country != "FR" && r.ID != own.ID) {
			t.Errorf("after FR: rule %s (%s): %s", r.ID, r.Country, r.LegalSource)
		}
	}
	if !slices.ContainsFunc(rules, func(r consent.RetentionRule) bool { return r.ID == own.ID }) {
		t.Error("the practice's own rule was removed")
	}
	if p, err := admin.Practice(); err != nil || p.Country != "FR" {
		t.Errorf("practice %+v %v", p, err)
	}
	// The same country again changes nothing; an unknown one keeps the rules.
	if res, err := admin.SetPracticeSchedule(ctrl, shipped); err != nil || res.Removed+res.Added != 0 {
		t.Errorf("FR again: %+v %v", res, err)
	}
	ctrl.Country = "PT"
	if res, err := admin.SetPracticeSchedule(ctrl, shipped); err != nil || res.Shipped || len(storedRules(t, admin)) != len(rules) {
		t.Errorf("PT: %+v %v", res, err)
	}
	ctrl.Country = "DE"
	_, err = admin.SetPracticeSchedule(ctrl, shipped)
	must(t, err)
	if r, ok := consent.RuleFor(storedRules(t, admin), consent.RecClinical); !ok || !strings.Contains(r.LegalSource, "630f") {
		t.Errorf("back to DE: %+v", r)
	}
	// Invalid details change neither the practice nor the rules.
	before := storedRules(t, admin)
	ctrl.Country, ctrl.Region = "FR", "XX"
	if _, err := admin.SetPracticeSchedule(ctrl, shipped); !errors.Is(err, ErrValidation) {
		t.Errorf("bad region: %v", err)
	}
	if after := storedRules(t, admin); len(after) != len(before) {
		t.Errorf("rules changed by a refused update: %d → %d", len(before), len(after))
	}
}

// TestKeptDataDueAndPurgedWithApproval: what a partial erasure kept is
// listed with its keep-until date, purged only with the DPO's approval of a
// batch and only after that date, audited per patient.
func TestKeptDataDueAndPurgedWithApproval(t *testing.T) {
	now := time.Now()
	clock := func() time.Time { return now }
	f, _ := erasedFixture(t, "kept", 7, func() time.Time { return clock() })
	v, admin, path := f.v, f.admin, f.v.Path()
	dpo := userSession(t, v, admin, "dora", RoleDPO)
	items, err := dpo.KeptRetentionItems()
	must(t, err)
	rec, err := admin.ErasedRecord(f.p.ID)
	must(t, err)
	if len(items) != 1 || items[0].RecordID != "kept:"+f.p.ID || !items[0].KeepUntil.Equal(rec.KeepUntil) {
		t.Fatalf("kept items %+v, keep-until %s", items, rec.KeepUntil)
	}
	if due := consent.DueForDeletion(items, nil, now); len(due) != 0 {
		t.Fatalf("due before keep-until: %+v", due)
	}
	later := rec.KeepUntil.Add(time.Hour)
	clock = func() time.Time { return later }
	due := consent.DueForDeletion(items, nil, later)
	if len(due) != 1 {
		t.Fatalf("due after keep-until: %+v", due)
	}
	dpoActor := dpo.ConsentActor()
	batch, err := consent.NewDeletionBatch(due, dpoActor, later)
	must(t, err)
	if _, err := dpo.PurgeKept(batch); !errors.Is(err, ErrPermission) {
		t.Errorf("unapproved batch: %v", err)
	}
	approved, err := batch.Approve(dpoActor, later)
	must(t, err)
	var pe *PermissionError
	if _, err := admin.PurgeKept(approved); !errors.As(err, &pe) || pe.Perm != PermApproveDeletion {
		t.Errorf("administrator purging the DPO's batch: %v", err)
	}
	if n, err := dpo.PurgeKept(approved); err != nil || n != 1 {
		t.Fatalf("purge: %d %v", n, err)
	}
	if items, err := dpo.KeptRetentionItems(); err != nil || len(items) != 0 {
		t.Errorf("kept items after the purge: %+v %v", items, err)
	}
	if _, err := dpo.PurgeKept(approved); !errors.Is(err, ErrValidation) {
		t.Errorf("second purge: %v", err)
	}
	entries, err := admin.AuditEntries(0, 10000)
	must(t, err)
	n := 0
	for _, e := range entries {
		if e.Action == "retention.purge" && e.Object == "patient:"+f.p.ID && e.Outcome == outcomeOK && strings.Contains(e.Detail, approved.ID) {
			n++
		}
	}
	if n != 1 {
		t.Errorf("purge audited %d times", n)
	}
	must(t, v.Close())
	scanFiles(t, path, f.p.Notes, f.p.GivenName)
}

// TestMigrationTagsLegacyRules: migration 0040 tags the rules seeded before
// countries (the German defaults) with DE, moves the unedited consent and
// request rules to year-end counting (§ 199 BGB), and leaves an edited
// rule's wording and the practice's own rules alone.
func TestMigrationTagsLegacyRules(t *testing.T) {
	v, _ := NewTestVault(t)
	legacy := map[string]string{
		"consents-3y":  `{"id":"consents-3y","category":"consents","years":3,"trigger":"closed","legalSource":"GDPR Art. 7(1) proof of consent; § 195 BGB limitation period 3 years","exception":"e","onExpiry":"erase","version":1}`,
		"requests-3y":  `{"id":"requests-3y","category":"requests","years":3,"trigger":"closed","legalSource":"edited by the DPO","exception":"e","onExpiry":"erase","version":2}`,
		"clinical-10y": `{"id":"clinical-10y","category":"clinical","years":10,"trigger":"last-treatment","legalSource":"§ 630f(3) BGB","exception":"b","onExpiry":"erase","version":1}`,
		"own-x":        `{"id":"own-x","category":"billing","years":12,"trigger":"year-end","legalSource":"contract","onExpiry":"erase","version":1}`,
	}
	for id, body := range legacy {
		_, err := v.db.Exec("INSERT INTO retention_rules (id, version, body) VALUES (?, 1, ?)", id, body)
		must(t, err)
	}
	sqlText, err := migrationFiles.ReadFile("migrations/0040_retention_country.sql")
	must(t, err)
	_, err = v.db.Exec(string(sqlText))
	must(t, err)
	rows, err := v.db.Query("SELECT id, body FROM retention_rules")
	must(t, err)
	defer rows.Close()
	got := map[string]consent.RetentionRule{}
	for rows.Next() {
		var id, body string
		must(t, rows.Scan(&id, &body))
		var r consent.RetentionRule
		must(t, decodeBody(body, id, &r))
		got[id] = r
	}
	must(t, rows.Err())
	if r := got["consents-3y"]; r.Country != "DE" || !r.YearEnd || !strings.Contains(r.LegalSource, "199") {
		t.Errorf("consents: %+v", r)
	}
	if r := got["requests-3y"]; r.Country != "DE" || r.YearEnd || r.LegalSource != "edited by the DPO" {
		t.Errorf("edited requests rule: %+v", r)
	}
	if r := got["clinical-10y"]; r.Country != "DE" {
		t.Errorf("clinical: %+v", r)
	}
	if r := got["own-x"]; r.Country != "" {
		t.Errorf("own rule tagged: %+v", r)
	}
}
