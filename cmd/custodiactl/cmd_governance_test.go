package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"custodia/assets"
	"custodia/consent"
)

func TestBreachCountdown(t *testing.T) {
	env := with(initVault(t), envNow, testNow)
	now, _ := time.Parse(time.RFC3339, testNow)
	cases := []struct{ aware, risk, reason string }{
		{"2026-06-14T10:00", "risk", ""},                         // 48 h left
		{"2026-06-12T15:30", "high", ""},                         // 5h30m left
		{"2026-06-12T09:00", "risk", ""},                         // 1 h late
		{"2026-06-15T09:59", "unlikely", "laptop was encrypted"}, // settled
	}
	for _, c := range cases {
		args := []string{"breach", "add", "--aware", c.aware, "--nature", "confidentiality", "--description", "lost laptop",
			"--categories", "identity,diagnoses", "--subjects", "12", "--consequences", "unknown", "--measures", "remote wipe", "--risk", c.risk}
		if c.reason != "" {
			args = append(args, "--decision-reason", c.reason)
		}
		mustRun(t, env, args...)
	}
	var list []breachJSON
	if err := json.Unmarshal([]byte(mustRun(t, env, "breach", "list", "--json")), &list); err != nil || len(list) != len(cases) {
		t.Fatalf("breach list: %v %d", err, len(list))
	}
	// Oracle: 72 hours from awareness, counted from the fixed clock.
	for _, b := range list {
		left := b.AwareAt.Add(72 * time.Hour).Sub(now)
		if b.RemainingMinutes != int64(left/time.Minute) {
			t.Errorf("breach aware %s: %d minutes left, want %v", b.AwareAt, b.RemainingMinutes, left)
		}
		want := consent.ClockGreen
		switch {
		case b.Risk == consent.RiskUnlikely:
			want = consent.ClockClosed
		case left <= 0:
			want = consent.ClockRed
		case left <= 24*time.Hour:
			want = consent.ClockAmber
		}
		if b.Clock != want {
			t.Errorf("breach aware %s: clock %s, want %s", b.AwareAt, b.Clock, want)
		}
	}
	out := mustRun(t, env, "breach", "list")
	for _, want := range []string{"48h00m left", "5h30m left", "OVERDUE by 1h00m", "no notification required", "AMBER", "RED"} {
		if !strings.Contains(out, want) {
			t.Errorf("breach list lacks %q:\n%s", want, out)
		}
	}
	// Notifying the authority closes the clock; a late notification needs a reason.
	late, fresh := list[0].ID, list[1].ID
	for _, b := range list {
		if b.Clock == consent.ClockRed {
			late = b.ID
		}
		if b.Clock == consent.ClockAmber {
			fresh = b.ID
		}
	}
	msg := mustFail(t, env, exitValidation, "breach", "notify", late, "--authority-at", "2026-06-15T09:30")
	if !strings.Contains(msg, "delayReason") {
		t.Fatalf("late notification without reason: %s", msg)
	}
	mustRun(t, env, "breach", "notify", late, "--authority-at", "2026-06-15T09:30", "--delay-reason", "forensics took a day", "--reference", "LDA-1")
	mustRun(t, env, "breach", "notify", fresh, "--authority-at", "2026-06-15T09:45", "--subjects", "notify")
	var after []breachJSON
	if err := json.Unmarshal([]byte(mustRun(t, env, "breach", "list", "--json")), &after); err != nil {
		t.Fatal(err)
	}
	for _, b := range after {
		if (b.ID == late || b.ID == fresh) && b.Clock != consent.ClockClosed {
			t.Errorf("notified breach %s clock %s", b.ID, b.Clock)
		}
	}
	dir := t.TempDir()
	authority, letter := filepath.Join(dir, "authority.txt"), filepath.Join(dir, "letter.txt")
	mustRun(t, env, "breach", "notice", fresh, "--controller", controllerFile(t), "--authority", authority, "--subjects", letter)
	if data, err := os.ReadFile(authority); err != nil || !strings.Contains(string(data), "Art. 33") || !strings.Contains(string(data), fresh) {
		t.Fatalf("authority notice: %v", err)
	}
	if _, err := os.Stat(letter); err != nil {
		t.Fatalf("letter to patients: %v", err)
	}
	mustFail(t, env, exitValidation, "breach", "notice", late, "--controller", controllerFile(t), "--subjects", letter)
	mustFail(t, env, exitNotFound, "breach", "notify", "00000000-0000-4000-8000-000000000000", "--reference", "x")
	mustFail(t, env, exitUsage, "breach", "add", "--aware", "2026-06-14T10:00")
	mustFail(t, env, exitValidation, "breach", "add", "--aware", "yesterday", "--nature", "integrity", "--description", "x", "--consequences", "unknown", "--measures", "y")
	mustFail(t, env, exitValidation, "breach", "add", "--aware", "2026-06-16T10:00", "--nature", "integrity", "--description", "x", "--consequences", "unknown", "--measures", "y")
	msg = mustFail(t, env, exitValidation, "breach", "add", "--aware", "2026-06-14T10:00", "--nature", "theft", "--description", "x", "--consequences", "unknown", "--measures", "y")
	if !strings.Contains(msg, "nature[0]") {
		t.Fatalf("bad nature: %s", msg)
	}
	msg = mustFail(t, env, exitValidation, "breach", "add", "--aware", "2026-06-14T10:00", "--nature", "integrity", "--description", "x", "--consequences", "unknown", "--measures", "y", "--risk", "unlikely")
	if !strings.Contains(msg, "decisionReason") {
		t.Fatalf("unlikely without reason: %s", msg)
	}
}

func TestROPA(t *testing.T) {
	env := with(initVault(t), envNow, testNow)
	dir := t.TempDir()
	htmlFile, csvFile := filepath.Join(dir, "ropa.html"), filepath.Join(dir, "ropa.csv")
	mustRun(t, env, "ropa", "--controller", controllerFile(t), "--html", htmlFile, "--csv", csvFile)
	// Oracle: one row per purpose of the shipped catalogue that is not retired.
	ps, err := consent.LoadPurposes(bytes.NewReader(assets.PurposesJSON()))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for _, p := range ps {
		if !p.Retired {
			want[p.ID] = p.Basis()
		}
	}
	f, err := os.Open(csvFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	activities := []string{consent.ActivityStaff, consent.ActivityRequests, consent.ActivityBreaches}
	if err != nil || len(rows) != len(want)+len(activities)+1 {
		t.Fatalf("ropa csv: %v, %d rows for %d purposes", err, len(rows), len(want))
	}
	for i, a := range activities {
		if r := rows[len(want)+1+i]; r[0] != a {
			t.Errorf("activity row %d: %q, want %q", i, r[0], a)
		}
	}
	// The vault now has a second factor and verified backups (vault-ops).
	if sec := rows[1][9]; !strings.Contains(sec, "encrypted vault") || !strings.Contains(sec, "TOTP") || !strings.Contains(sec, "backups") {
		t.Errorf("security measures: %q", sec)
	}
	for _, r := range rows[1 : len(want)+1] {
		if want[r[0]] != r[2] || r[10] != "Synthetic Practice" {
			t.Errorf("row %s: basis %q (want %q), controller %q", r[0], r[2], want[r[0]], r[10])
		}
	}
	page, err := os.ReadFile(htmlFile)
	if err != nil || !strings.Contains(string(page), "Art. 30") {
		t.Fatalf("ropa page: %v", err)
	}
	if out := mustRun(t, env, "ropa", "--controller", controllerFile(t)); !strings.Contains(out, enLabel("purpose", "research:registry")) {
		t.Fatalf("ropa summary:\n%s", out)
	}
	mustFail(t, env, exitUsage, "ropa")
	mustFail(t, env, exitValidation, "ropa", "--controller", writeFile(t, `{"name": ""}`))
}

func TestRetentionDue(t *testing.T) {
	env, id := gdprVault(t)
	grant(t, env, "--patient", id, "--purpose", "recall", "--method", "paper")
	mustRun(t, env, "consent", "withdraw", "--patient", id, "--purpose", "recall")
	rid := openRequest(t, env, id, "access", "2026-06-10")
	mustRun(t, env, "dsr", "deny", rid, "--ground", "gdpr-12-5-unfounded")
	rules := map[string]consent.RetentionRule{}
	for _, r := range consent.DefaultRetentionRules() {
		rules[string(r.Category)] = r
	}
	// The default schedule keeps consents and requests 3 years after they
	// closed: nothing is due now, both are due once the period has ended.
	closed, _ := time.Parse(time.RFC3339, testNow)
	due := func(at time.Time) []consent.DueItem { // records other than the patient's own (TestRetentionDuePatientRecords)
		var out []consent.DueItem
		for _, d := range dueAt(t, env, at) {
			if !strings.HasPrefix(d.Item.RecordID, "patient:") {
				out = append(out, d)
			}
		}
		return out
	}
	if got := due(closed); len(got) != 0 {
		t.Fatalf("due right after closing: %+v", got)
	}
	end := rules["requests"].KeepUntil(closed)
	if got := due(end.Add(-time.Hour)); len(got) != 0 {
		t.Fatalf("due before the period ended: %+v", got)
	}
	got := due(end)
	if len(got) != 2 {
		t.Fatalf("due at %s: %+v", end, got)
	}
	for _, d := range got {
		want := map[consent.RecordCategory]string{consent.RecRequests: "request:" + rid, consent.RecConsents: "consent:"}[d.Item.Category]
		if want == "" || !strings.HasPrefix(d.Item.RecordID, want) || d.Item.SubjectID != id || d.RuleID != rules[string(d.Item.Category)].ID {
			t.Errorf("due item %+v", d)
		}
	}
	out := mustRun(t, with(env, envNow, end.Format(time.RFC3339)), "retention", "due")
	if !planRow(consent.RecRequests, consent.ActErase, `requests-3y`).MatchString(out) {
		t.Fatalf("retention due table:\n%s", out)
	}
	if out := mustRun(t, env, "retention", "rules", "list"); !strings.Contains(out, "clinical-10y") {
		t.Fatalf("retention rules:\n%s", out)
	}
}

// dueAt runs "retention due --json" with the clock at at.
func dueAt(t *testing.T, env map[string]string, at time.Time) []consent.DueItem {
	t.Helper()
	var out []consent.DueItem
	js := mustRun(t, with(env, envNow, at.Format(time.RFC3339Nano)), "retention", "due", "--json")
	if err := json.Unmarshal([]byte(js), &out); err != nil {
		t.Fatalf("retention due: %v\n%s", err, js)
	}
	return out
}

// lastClinical reads the patient's last clinical update as the vault recorded it.
func lastClinical(t *testing.T, env map[string]string, id string) time.Time {
	t.Helper()
	var p patientJSON
	if err := json.Unmarshal([]byte(mustRun(t, env, "patient", "show", id, "--json")), &p); err != nil {
		t.Fatal(err)
	}
	if p.LastClinicalAt.IsZero() {
		t.Fatalf("patient %s with a diagnosis has no last clinical update", id)
	}
	return p.LastClinicalAt
}

// TestRetentionDuePatientRecords: a patient's clinical and contact records
// are due exactly when the shipped rule's period has passed since the last
// clinical update, not a day (or a second) earlier, and not while a request
// of the patient is open.
func TestRetentionDuePatientRecords(t *testing.T) {
	env, id := gdprVault(t)
	last := lastClinical(t, env, id)
	find := func(items []consent.DueItem, c consent.RecordCategory) (consent.DueItem, bool) {
		for _, d := range items {
			if d.Item.RecordID == "patient:"+id+"/"+string(c) {
				return d, true
			}
		}
		return consent.DueItem{}, false
	}
	for _, c := range []consent.RecordCategory{consent.RecClinical, consent.RecContact} {
		rule, ok := consent.RuleFor(consent.DefaultRetentionRules(), c)
		if !ok || rule.Trigger != consent.TriggerLastTreatment {
			t.Fatalf("shipped %s rule: %+v", c, rule)
		}
		end := rule.KeepUntil(last)
		for _, early := range []time.Time{end.AddDate(0, 0, -1), end.Add(-time.Second)} {
			if d, ok := find(dueAt(t, env, early), c); ok {
				t.Errorf("%s due at %s, before its period ended on %s: %+v", c, early, end, d)
			}
		}
		d, ok := find(dueAt(t, env, end), c)
		if !ok || d.RuleID != rule.ID || !d.DueSince.Equal(end) || d.Item.SubjectID != id || !d.Item.TriggerAt.Equal(last) {
			t.Fatalf("%s at %s: %+v (found %v), want rule %s since %s", c, end, d, ok, rule.ID, end)
		}
	}
	// An open request holds every record of the patient.
	rule, _ := consent.RuleFor(consent.DefaultRetentionRules(), consent.RecClinical)
	end := rule.KeepUntil(last)
	openRequest(t, env, id, "access", "2026-06-15")
	for _, d := range dueAt(t, env, end) {
		if d.Item.SubjectID == id && strings.HasPrefix(d.Item.RecordID, "patient:") {
			t.Errorf("held record listed as due: %+v", d)
		}
	}
	out := mustRun(t, with(env, envNow, end.Format(time.RFC3339)), "retention", "due")
	if strings.Contains(out, "not listed") {
		t.Errorf("retention due still says patient records are not listed:\n%s", out)
	}
}
