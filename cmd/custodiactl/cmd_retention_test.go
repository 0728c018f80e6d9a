package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"custodia/app"
	"custodia/consent"
	"custodia/i18n"
)

func listRules(t *testing.T, env map[string]string) map[string]consent.RetentionRule {
	t.Helper()
	var rules []consent.RetentionRule
	if err := json.Unmarshal([]byte(mustRun(t, env, "retention", "rules", "list", "--json")), &rules); err != nil {
		t.Fatal(err)
	}
	out := map[string]consent.RetentionRule{}
	for _, r := range rules {
		out[r.ID] = r
	}
	return out
}

// TestPracticeCountryChangesSchedule: after "practice set --country FR"
// neither the rules nor the ROPA cite § 630f BGB; medical records follow
// the French 20 years.
func TestPracticeCountryChangesSchedule(t *testing.T) {
	env, _ := gdprVault(t)
	if r := listRules(t, env)["clinical-10y"]; r.Country != "DE" || !strings.Contains(r.LegalSource, "630f") {
		t.Fatalf("seeded German schedule: %+v", r)
	}
	out := mustRun(t, env, "practice", "set", "--name", "Cabinet Synthétique", "--address", "1 rue Exemple",
		"--country", "FR", "--email", "dpo@cabinet.example")
	if !strings.Contains(out, "retention schedule of France") {
		t.Errorf("practice set: %s", out)
	}
	rules := listRules(t, env)
	for id, r := range rules {
		if strings.Contains(r.LegalSource, "BGB") || r.Country != "FR" {
			t.Errorf("after FR: %s %+v", id, r)
		}
	}
	if r, _ := consent.RuleFor(mapValues(rules), consent.RecClinical); r.Years != 20 {
		t.Errorf("French medical records: %+v", r)
	}
	htmlFile := filepath.Join(t.TempDir(), "ropa.html")
	mustRun(t, env, "ropa", "--html", htmlFile)
	page, err := os.ReadFile(htmlFile)
	if err != nil || strings.Contains(string(page), "630f") || !strings.Contains(string(page), "R1112-7") {
		t.Errorf("ROPA after FR: %v", err)
	}
	out = mustRun(t, env, "practice", "set", "--country", "PT")
	if !strings.Contains(out, "no retention schedule is shipped for PT") {
		t.Errorf("PT: %s", out)
	}
}

func mapValues(m map[string]consent.RetentionRule) []consent.RetentionRule {
	var out []consent.RetentionRule
	for _, r := range m {
		out = append(out, r)
	}
	return out
}

// TestRetentionRulesSet: the DPO changes a rule and adds one; bad values
// are refused naming the field; a clinician may not.
func TestRetentionRulesSet(t *testing.T) {
	env, _ := gdprVault(t)
	before := listRules(t, env)["requests-3y"]
	mustRun(t, env, "retention", "rules", "set", "requests-3y", "--years", "4", "--source", "synthetic: practice policy, 4 years from the end of the year")
	after := listRules(t, env)["requests-3y"]
	if after.Years != 4 || !after.YearEnd || after.Version != before.Version+1 || after.Category != consent.RecRequests {
		t.Errorf("changed rule %+v (was %+v)", after, before)
	}
	mustRun(t, env, "retention", "rules", "set", "own-billing", "--category", "billing", "--years", "12", "--from", "closed",
		"--year-end", "--source", "synthetic: insurer contract", "--on-expiry", "erase")
	own := listRules(t, env)["own-billing"]
	if own.Country != "" || !own.CountsFromYearEnd() || own.Years != 12 {
		t.Errorf("new rule %+v", own)
	}
	if out := mustRun(t, env, "retention", "rules", "list"); !strings.Contains(out, "end of the year of day it was closed or ended") && !strings.Contains(out, "end of the year") {
		t.Errorf("list:\n%s", out)
	}
	msg := mustFail(t, env, exitValidation, "retention", "rules", "set", "bad-rule", "--category", "shoes", "--years", "0", "--from", "closed",
		"--source", "x", "--on-expiry", "erase")
	for _, f := range []string{"category", "years"} {
		if !strings.Contains(msg, f) {
			t.Errorf("bad rule message lacks %s: %s", f, msg)
		}
	}
	addUser(t, env, "clara", "clinician", "clinician-pass-1")
	mustFail(t, with(env, envUser, "clara", envPassphrase, "clinician-pass-1"), exitPermission, "retention", "rules", "set", "requests-3y", "--years", "1")
	mustRun(t, env, "retention", "rules", "delete", "own-billing")
	if _, ok := listRules(t, env)["own-billing"]; ok {
		t.Error("deleted rule still listed")
	}
	mustFail(t, env, exitNotFound, "retention", "rules", "delete", "own-billing")
}

// TestKeptDataDueAndPurge: what a partial erasure kept appears in
// "retention due" from its keep-until date and "retention purge" destroys
// it with the DPO's approval only, with a certificate.
func TestKeptDataDueAndPurge(t *testing.T) {
	env, id := gdprVault(t)
	rid := openRequest(t, env, id, "erasure", "2026-06-14")
	mustRun(t, env, "dsr", "verify", rid, "--method", consent.VerifySignedLetter)
	mustRun(t, env, "dsr", "complete", rid, "--yes", "--last-treatment", "2020-01-15")
	kept := func(items []consent.DueItem) []consent.DueItem {
		var out []consent.DueItem
		for _, d := range items {
			if d.Item.RecordID == "kept:"+id {
				out = append(out, d)
			}
		}
		return out
	}
	// The keep-until date is the latest of the plan's kept categories
	// (clinical 2030-01-15 from the last treatment, the audit trail later).
	far := kept(dueAt(t, env, time.Date(2060, 1, 1, 0, 0, 0, 0, time.UTC)))
	if len(far) != 1 || far[0].DueSince.Before(time.Date(2030, 1, 15, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("kept data: %+v", far)
	}
	keep := far[0].DueSince
	if got := kept(dueAt(t, env, keep.Add(-time.Hour))); len(got) != 0 {
		t.Fatalf("kept data due before %s: %+v", keep, got)
	}
	after := with(env, envNow, keep.Add(time.Hour).Format(time.RFC3339))
	got := kept(dueAt(t, env, keep.Add(time.Hour)))
	if len(got) != 1 || got[0].Item.Category != consent.RecKept || !strings.Contains(got[0].LegalSource, "17(3)") {
		t.Fatalf("kept data after keep-until: %+v", got)
	}
	msg := mustFail(t, after, exitPermission, "retention", "purge")
	if !strings.Contains(msg, "data-protection officer") {
		t.Errorf("administrator purge: %s", msg)
	}
	addUser(t, env, "dora", "dpo", "dpo-pass-0001")
	dpo := with(after, envUser, "dora", envPassphrase, "dpo-pass-0001")
	cert := filepath.Join(t.TempDir(), "certificate.html")
	out := mustRun(t, dpo, "retention", "purge", "--certificate", cert)
	if !strings.Contains(out, "1 erased patient") {
		t.Fatalf("purge: %s", out)
	}
	if _, err := os.Stat(cert); err != nil {
		t.Errorf("certificate: %v", err)
	}
	if got := kept(dueAt(t, env, keep.Add(time.Hour))); len(got) != 0 {
		t.Errorf("kept data still due after the purge: %+v", got)
	}
	if out := mustRun(t, dpo, "retention", "purge"); !strings.Contains(out, "nothing to purge") {
		t.Errorf("second purge: %s", out)
	}
	if out := mustRun(t, env, "audit", "verify"); !strings.HasPrefix(out, "audit trail intact") {
		t.Errorf("audit: %s", out)
	}
}

// TestScheduleNote: the note names both countries and the command that
// switches; no mismatch, no note (which countries mismatch is tested in
// package app, TestScheduleMismatch).
func TestScheduleNote(t *testing.T) {
	var buf strings.Builder
	ctx := &runContext{stderr: &buf}
	scheduleNote(ctx, nil)
	if buf.Len() != 0 {
		t.Fatalf("note without a mismatch: %q", buf.String())
	}
	scheduleNote(ctx, &app.Mismatch{Stored: "DE", Practice: "FR"})
	if got := buf.String(); !strings.Contains(got, "practice set --country FR") || !strings.Contains(got, consent.CountryName("DE")) {
		t.Errorf("note %q", got)
	}
}

// TestRetentionRulesSetSourceAsListed: a --source that is the shipped
// rule's source as "rules list" words it in the reader's language keeps
// the shipped text (the rule stays translated), as the desktop's form
// does; another text is stored as typed (issue 10).
func TestRetentionRulesSetSourceAsListed(t *testing.T) {
	env, _ := gdprVault(t)
	before := listRules(t, env)["clinical-10y"]
	german := i18n.MustLoad().Localizer("de").LegalSource(before.ID, before.LegalSource)
	mustRun(t, env, "--lang", "de", "retention", "rules", "set", "clinical-10y", "--source", german)
	if after := listRules(t, env)["clinical-10y"]; after.LegalSource != before.LegalSource || after.Version != before.Version+1 {
		t.Errorf("unchanged German source stored as %q (version %d)", after.LegalSource, after.Version)
	}
	if out := mustRun(t, env, "--lang", "de", "retention", "rules", "list"); !strings.Contains(out, german) {
		t.Errorf("German list lacks %q:\n%s", german, out)
	}
	own := german + "; Praxisvertrag"
	mustRun(t, env, "--lang", "de", "retention", "rules", "set", "clinical-10y", "--source", own)
	if after := listRules(t, env)["clinical-10y"]; after.LegalSource != own {
		t.Errorf("own source stored as %q", after.LegalSource)
	}
}
