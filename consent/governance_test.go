package consent

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestRecipientsToNotify(t *testing.T) {
	r := newReq(t, ReqRectification, day(2026, 3, 1))
	r.Categories = []string{CatDiagnoses, CatMedications}
	rng := rand.New(rand.NewPCG(3, 4))
	recipients := []string{"city-hospital", "health-insurer", "research:registry"}
	cats := []string{CatDiagnoses, CatMedications, CatContact, CatGenetics}
	var ds []Disclosure
	for i := range 60 {
		patient := []string{"pat-1", "pat-2"}[rng.IntN(2)]
		ds = append(ds, Disclosure{ID: fmt.Sprintf("d%d", i), PatientID: patient, Recipient: recipients[rng.IntN(3)],
			PurposeID: "care-coordination", Categories: []string{cats[rng.IntN(4)]}, At: day(2025, 1, 1).AddDate(0, 0, rng.IntN(600)), RecordedBy: "u"})
	}
	r.ClosedAt = day(2026, 4, 1)
	got, err := RecipientsToNotify(r, ds)
	if err != nil {
		t.Fatal(err)
	}
	// Oracle: brute force over recipients.
	for _, rc := range recipients {
		var ids []string
		for _, d := range ds {
			if d.PatientID == "pat-1" && d.Recipient == rc && !d.At.After(r.ClosedAt) && slices.Contains(r.Categories, d.Categories[0]) {
				ids = append(ids, d.ID)
			}
		}
		i := slices.IndexFunc(got, func(n Notification) bool { return n.Recipient == rc })
		switch {
		case len(ids) == 0 && i >= 0:
			t.Errorf("%s listed without relevant disclosures", rc)
		case len(ids) > 0 && (i < 0 || !slices.Equal(got[i].DisclosureIDs, ids)):
			t.Errorf("%s: got %+v, want %v", rc, got, ids)
		}
	}
	if _, err := RecipientsToNotify(newReq(t, ReqAccess, day(2026, 3, 1)), ds); !errors.Is(err, ErrInvalid) {
		t.Errorf("access request: %v", err)
	}
}

func erasureReq(t *testing.T) Request {
	r := newReq(t, ReqErasure, day(2026, 5, 1))
	r.Verification = &Verification{Method: VerifyIDDocument, By: "u", At: day(2026, 5, 2), Verified: true}
	r, _, err := Advance(r, StateInProgress, dpo, day(2026, 5, 2), "")
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestPlanErasureAndCertificate(t *testing.T) {
	r := erasureReq(t)
	now := day(2026, 6, 1)
	facts := ErasureFacts{SubjectID: r.SubjectID, Present: RecordCategories(), Triggers: map[Trigger]time.Time{
		TriggerLastTreatment: day(2024, 3, 1), TriggerClosed: day(2025, 1, 1), TriggerCreated: day(2019, 1, 1), TriggerYearEnd: day(2023, 5, 10)}}
	plan, err := PlanErasure(r, DefaultRetentionRules(), facts, dpo, now)
	if err != nil {
		t.Fatal(err)
	}
	want := map[RecordCategory]struct {
		action Action
		until  string
		basis  string
	}{
		RecClinical:    {ActKeep, "2034-03-01", "GDPR Art. 17(3)(b)"},
		RecIdentity:    {ActKeep, "2034-03-01", "GDPR Art. 17(3)(b)"},
		RecBilling:     {ActKeep, "2034-01-01", "GDPR Art. 17(3)(b)"}, // 10 years from the end of 2023
		RecConsents:    {ActKeep, "2029-01-01", "GDPR Art. 17(3)(e)"}, // § 199 BGB: 3 years from the end of 2025
		RecRequests:    {ActKeep, "2029-01-01", "GDPR Art. 17(3)(e)"},
		RecContact:     {ActErase, "", ""},
		RecDisclosures: {ActErase, "", ""},
		RecAudit:       {ActAnonymise, "", ""},
	}
	if len(plan.Items) != len(want) {
		t.Fatalf("plan items %+v", plan.Items)
	}
	for _, it := range plan.Items {
		w := want[it.Category]
		until := ""
		if !it.KeepUntil.IsZero() {
			until = it.KeepUntil.Format(time.DateOnly)
		}
		if it.Action != w.action || until != w.until || it.Basis != w.basis {
			t.Errorf("%s: %+v, want %+v", it.Category, it, w)
		}
	}
	delete(facts.Triggers, TriggerLastTreatment)
	if _, err := PlanErasure(r, DefaultRetentionRules(), facts, dpo, now); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "last-treatment") {
		t.Errorf("missing trigger: %v", err)
	}
	if _, err := PlanErasure(r, DefaultRetentionRules(), facts, desk, now); !errors.Is(err, ErrPermission) {
		t.Errorf("front desk planning: %v", err)
	}

	var results []ExecutionResult
	for i, it := range plan.Items {
		results = append(results, ExecutionResult{Category: it.Category, Action: it.Action, Records: i + 1})
	}
	if _, err := ErasureCertificate(plan, results, dpo, now); !errors.Is(err, ErrTransition) {
		t.Errorf("certificate of unapproved plan: %v", err)
	}
	approved, err := plan.Approve(admin, now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ErasureCertificate(approved, results[1:], dpo, now); !errors.Is(err, ErrInvalid) {
		t.Errorf("certificate with a missing result: %v", err)
	}
	wrong := slices.Clone(results)
	wrong[0].Action = ActErase
	if _, err := ErasureCertificate(approved, wrong, dpo, now); !errors.Is(err, ErrInvalid) {
		t.Errorf("certificate with a wrong action: %v", err)
	}
	cert, err := ErasureCertificate(approved, results, dpo, now)
	if err != nil {
		t.Fatal(err)
	}
	if err := cert.Verify(); err != nil {
		t.Fatal(err)
	}
	// Oracle: the certificate's totals recomputed from the results.
	for _, a := range []Action{ActErase, ActKeep, ActAnonymise} {
		n := 0
		for _, r := range results {
			if r.Action == a {
				n += r.Records
			}
		}
		if cert.Count(a) != n {
			t.Errorf("%s: %d, want %d", a, cert.Count(a), n)
		}
	}
	js, _ := cert.JSON()
	var back Certificate
	if err := json.Unmarshal(js, &back); err != nil || back.Verify() != nil {
		t.Errorf("certificate JSON does not verify after reading back: %v", err)
	}
	back.Items[0].Action = ActErase
	if back.Verify() == nil {
		t.Error("tampered certificate verifies")
	}
}

func TestRetentionDueAndApproval(t *testing.T) {
	rules := DefaultRetentionRules()
	now := day(2026, 6, 1)
	items := []RetentionItem{
		{RecordID: "r1", Category: RecClinical, TriggerAt: day(2016, 5, 31)}, // ended 2026-05-31
		{RecordID: "r2", Category: RecClinical, TriggerAt: day(2016, 6, 1)},  // ends today: due
		{RecordID: "r3", Category: RecClinical, TriggerAt: day(2016, 6, 2)},  // tomorrow
		{RecordID: "r4", Category: RecClinical, TriggerAt: day(2010, 1, 1), Hold: true},
		{RecordID: "r5", Category: RecAudit, TriggerAt: day(2019, 1, 1)},
		{RecordID: "r6", Category: RecBilling, TriggerAt: day(2015, 12, 1)}, // year end 2015 + 10 = 2025-12-31
		{RecordID: "r7", Category: RecBilling, TriggerAt: day(2016, 1, 1)},  // 2026-12-31
	}
	due := DueForDeletion(items, rules, now)
	var ids []string
	for _, d := range due {
		ids = append(ids, d.Item.RecordID)
	}
	if fmt.Sprint(ids) != "[r5 r6 r1 r2]" {
		t.Fatalf("due %v", ids)
	}
	if due[0].Action != ActAnonymise || due[1].Action != ActErase {
		t.Errorf("actions %+v", due)
	}
	if _, err := NewDeletionBatch(due, desk, now); !errors.Is(err, ErrPermission) {
		t.Errorf("front desk batch: %v", err)
	}
	b, err := NewDeletionBatch(due, admin, now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Approve(admin, now); !errors.Is(err, ErrPermission) {
		t.Errorf("administrator approving deletion: %v", err)
	}
	results := make([]ExecutionResult, len(due))
	for i, d := range due {
		results[i] = ExecutionResult{Category: d.Item.Category, RecordID: d.Item.RecordID, Action: d.Action, Records: 1}
	}
	if _, err := RetentionCertificate(b, results, dpo, now); !errors.Is(err, ErrTransition) {
		t.Errorf("certificate without approval: %v", err)
	}
	b, err = b.Approve(dpo, now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Approve(dpo, now); !errors.Is(err, ErrTransition) {
		t.Errorf("second approval: %v", err)
	}
	cert, err := RetentionCertificate(b, results, dpo, now)
	if err != nil || cert.Verify() != nil || cert.Count(ActErase) != 3 || cert.Count(ActAnonymise) != 1 {
		t.Errorf("certificate %+v %v", cert, err)
	}
	for i, r := range rules {
		if err := r.Validate(); err != nil {
			t.Errorf("default rule %d: %v", i, err)
		}
	}
	bad := RetentionRule{ID: "x", Category: "dreams", Trigger: "whenever", Exception: "z", OnExpiry: ActKeep}
	var ve *ValidationError
	if err := bad.Validate(); !errors.As(err, &ve) || len(ve.Fields) != 6 {
		t.Errorf("bad rule: %v", err)
	}
}

func TestROPA(t *testing.T) {
	cat := defaults(t)
	ps := cat.Purposes()
	retired := ps[0]
	retired.ID, retired.Retired = "marketing-old", true
	have := []Control{CtrlEncryptedVault, CtrlAuditTrail}
	ropa := BuildROPA(practice, append(ps, retired), DefaultRetentionRules(), have, day(2026, 6, 1))
	var buf bytes.Buffer
	if err := ropa.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	builtin := []string{ActivityStaff, ActivityRequests, ActivityBreaches}
	if len(rows) != len(ps)+len(builtin)+1 || !slices.Equal(rows[0], ropaHeader) {
		t.Fatalf("rows %d", len(rows))
	}
	for i, id := range builtin {
		if got := rows[len(ps)+1+i][0]; got != id {
			t.Errorf("activity %d: %q, want %q", i, got, id)
		}
	}
	// Only the controls the installation has are claimed.
	if sec := rows[1][9]; !strings.Contains(sec, "encrypted vault") || !strings.Contains(sec, "audit trail") ||
		strings.Contains(sec, "TOTP") || strings.Contains(sec, "backups") || strings.Contains(sec, "role-based") {
		t.Errorf("security measures %q", sec)
	}
	// Oracle: recompute each row's facts from the catalogue.
	for _, row := range rows[1 : len(ps)+1] {
		p, ok := cat.Purpose(row[0])
		if !ok {
			t.Errorf("unknown purpose row %q", row[0])
			continue
		}
		if row[2] != p.Basis() || row[5] != strings.Join(p.DataCategories, "; ") || row[3] != fmt.Sprint(p.ConsentRequired) {
			t.Errorf("row %s: %v", p.ID, row)
		}
		var third []string
		for _, r := range p.Recipients {
			if r.ThirdCountry() {
				third = append(third, r.Name)
			}
		}
		if (len(third) > 0) != (row[7] != "") || (len(third) > 0 && !strings.Contains(row[7], third[0])) {
			t.Errorf("row %s transfers %q, want %v", p.ID, row[7], third)
		}
		if !strings.Contains(row[8], "medical records") && slices.ContainsFunc(p.DataCategories, SpecialCategory) {
			t.Errorf("row %s lacks clinical retention: %q", p.ID, row[8])
		}
	}
	// The codes a printable record is worded from match the English row.
	for _, row := range ropa.Rows {
		if row.Activity == "" && (len(row.RecipientList) != len(row.Recipients) || len(row.RetentionRules) != len(row.Retention)) {
			t.Errorf("row %s: codes and English disagree: %+v", row.PurposeID, row)
		}
		if row.Art6 == "" {
			t.Errorf("row %s has no Art. 6 point", row.PurposeID)
		}
	}
	if !slices.Equal(ropa.Controls, have) {
		t.Errorf("controls %v, want %v", ropa.Controls, have)
	}
}

func TestBreachClockAndRules(t *testing.T) {
	aware := time.Date(2026, 3, 2, 14, 0, 0, 0, time.UTC)
	b := Breach{ID: "br-1", AwareAt: aware, RecordedBy: "u-dpo", Nature: []string{"confidentiality"}, Description: "synthetic incident",
		DataCategories: []string{CatContact, CatDiagnoses}, SubjectsApprox: ApproxOf(120), RecordsApprox: ApproxOf(300), Consequences: "disclosure of diagnoses",
		Measures: "revoked access", Risk: RiskHigh, SubjectsDecision: SubjNotify}
	if err := b.Validate(); err != nil {
		t.Fatal(err)
	}
	if !b.Deadline().Equal(aware.Add(72 * time.Hour)) {
		t.Errorf("deadline %s", b.Deadline())
	}
	for _, c := range []struct {
		after time.Duration
		want  Clock
	}{{0, ClockGreen}, {48 * time.Hour, ClockAmber}, {47 * time.Hour, ClockGreen}, {72 * time.Hour, ClockRed}, {100 * time.Hour, ClockRed}} {
		if got := b.Clock(aware.Add(c.after)); got != c.want {
			t.Errorf("after %s: %s, want %s", c.after, got, c.want)
		}
	}
	if !b.SubjectsNotificationRequired() || !b.AuthorityNotificationRequired() {
		t.Error("high risk needs both notifications")
	}
	late := b
	late.AuthorityNotifiedAt = aware.Add(73 * time.Hour)
	if err := late.Validate(); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "delayReason") {
		t.Errorf("late without reason: %v", err)
	}
	late.DelayReason = "forensic analysis"
	if err := late.Validate(); err != nil || late.Clock(aware.Add(100*time.Hour)) != ClockClosed {
		t.Errorf("late with reason: %v", err)
	}
	skip := b
	skip.SubjectsDecision = SubjNotRequired
	if err := skip.Validate(); !errors.Is(err, ErrInvalid) {
		t.Errorf("high risk without notifying subjects: %v", err)
	}
	exempt := b
	exempt.SubjectsDecision = SubjExemptCrypto
	if exempt.SubjectsNotificationRequired() {
		t.Error("Art. 34(3)(a) exemption ignored")
	}
	unlikely := b
	unlikely.Risk, unlikely.SubjectsDecision = RiskUnlikely, ""
	if err := unlikely.Validate(); !errors.Is(err, ErrInvalid) {
		t.Errorf("unlikely without reasoning: %v", err)
	}
	unlikely.DecisionReason = "encrypted device, key not compromised"
	if unlikely.AuthorityNotificationRequired() || unlikely.Clock(aware.Add(100*time.Hour)) != ClockClosed {
		t.Error("unlikely risk still needs the authority")
	}
}

// TestSecurityMeasuresOnlyPresent: every subset of controls gives exactly
// its own texts, never a control that is missing.
func TestSecurityMeasuresOnlyPresent(t *testing.T) {
	all := []Control{CtrlEncryptedVault, CtrlRolePermissions, CtrlAuditTrail, CtrlIdleLock, CtrlSecondFactor, CtrlVerifiedBackups, CtrlDeidentification}
	for mask := 0; mask < 1<<len(all); mask++ {
		var have []Control
		for i, c := range all {
			if mask&(1<<i) != 0 {
				have = append(have, c)
			}
		}
		got := SecurityMeasures(have)
		if len(got) != len(have) {
			t.Fatalf("%v: %d measures", have, len(got))
		}
		joined := strings.Join(got, "; ")
		if strings.Contains(joined, "TOTP") != slices.Contains(have, CtrlSecondFactor) ||
			strings.Contains(joined, "backups") != slices.Contains(have, CtrlVerifiedBackups) {
			t.Fatalf("%v: %q", have, joined)
		}
	}
}
