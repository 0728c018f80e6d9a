package app

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"custodia/consent"
	"custodia/i18n"
	"custodia/vault"
)

// badInputs are inputs with many fields wrong, one per validator whose
// errors people meet: the practice's details, a request, a breach, a
// retention rule, a denial's legal ground and an erasure plan missing the
// date a kept record counts from.
func badInputs(t *testing.T) map[string]error {
	t.Helper()
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	practice := consent.Controller{Name: " ", Country: "Deutschland", Region: "XX", Email: "a@b, c@d",
		URL: "ftp://x", DPOContact: "Dr. Synthetic <not-an-email>"}
	region := consent.Controller{Name: "Praxis", Address: "Str. 1", Country: "DE", Region: "ZZ", Phone: "030 1234"}
	request := consent.Request{Type: "bogus", Channel: "pigeon", RequesterRelation: "cousin",
		Categories: []string{"nope"}, Jurisdiction: "DE-ZZ", State: "weird"}
	breach := consent.Breach{Nature: []string{"leak"}, AwareAt: now, OccurredAt: now.Add(time.Hour),
		AuthorityNotifiedAt: now.Add(-time.Hour), DataCategories: []string{"nope"}, Risk: consent.RiskHigh,
		SubjectsDecision: consent.SubjNotRequired, SubjectsNotifiedAt: now, SubjectsApprox: consent.ApproxOf(-2)}
	rule := consent.RetentionRule{Category: "socks", Years: 200, Trigger: "dawn", Exception: "z", OnExpiry: "burn", Country: "germany"}
	missing := missingDatePlan(t, now)
	dpo := consent.Actor{UserID: consent.NewID(), Role: consent.RoleDPO}
	_, _, denial := consent.Advance(consent.Request{ID: consent.NewID(), Type: consent.ReqAccess, State: consent.StateInProgress},
		consent.StateDenied, dpo, now, "no-such-ground")
	_, role := vault.ParseRole("boss")
	event := consent.Event{ID: consent.NewID(), Type: consent.Granted, PatientID: consent.NewID(), PurposeID: "recall", Time: now,
		ValidUntil: now.Add(-time.Hour), RecordedBy: consent.NewID(), Method: "telepathy", Representative: &consent.Representative{Relation: "x"},
		Deny: []consent.Deny{{}}}
	return map[string]error{"practice": vault.CheckPractice(practice), "region": vault.CheckPractice(region),
		"passphrase": vault.CheckPassphrase([]byte("aaaa1234")), "common": vault.CheckPassphrase([]byte("Password123!")), "role": role, "event": event.Validate(),
		"purpose": consent.Purpose{ID: "Bad", Kind: "x", ValidityMonths: 200, Art6: "z", Art9: "z", ConsentRequired: true,
			DataCategories: []string{"x", "x"}, Recipients: []consent.Recipient{{ID: "A"}, {ID: "A", Country: "usa"}}}.Validate(),
		"text":    consent.Text{Version: -1, Language: "?", SHA256: "x"}.Validate(),
		"request": request.Validate(), "breach": breach.Validate(), "rule": rule.Validate(), "plan": missing, "denial": denial}
}

// missingDatePlan is PlanErasure's error for medical records kept under
// Art. 17(3) from a last treatment the facts do not know.
func missingDatePlan(t *testing.T, now time.Time) error {
	t.Helper()
	subject := consent.NewID()
	r := consent.Request{ID: consent.NewID(), SubjectID: subject, Type: consent.ReqErasure, State: consent.StateInProgress}
	rule := consent.RetentionRule{ID: consent.NewID(), Category: consent.RecClinical, Years: 10, Trigger: consent.TriggerLastTreatment,
		LegalSource: "synthetic", Exception: "c", OnExpiry: consent.ActErase}
	facts := consent.ErasureFacts{SubjectID: subject, Present: []consent.RecordCategory{consent.RecClinical}}
	_, err := consent.PlanErasure(r, []consent.RetentionRule{rule}, facts, consent.Actor{UserID: consent.NewID(), Role: consent.RoleDPO}, now)
	if !errors.Is(err, consent.ErrMissingDate) {
		t.Fatalf("plan without the last treatment: %v", err)
	}
	return err
}

// englishRules are the English texts of every coded rule, as the English
// catalogue words them (with a sample list for {{.Allowed}}).
func englishRules(en *i18n.Localizer) []string {
	var out []string
	for _, r := range allRules() {
		out = append(out, en.FieldRule(r, "", "A, B"))
	}
	return out
}

func allRules() []string {
	var out []string
	for _, r := range vault.FieldRules() {
		out = append(out, string(r))
	}
	for _, r := range consent.FieldRules() {
		out = append(out, string(r))
	}
	return out
}

// Every bad input, read in German, says where (a German label for each
// field) and what (a coded rule worded in German), and nothing of it is
// the English catalogue's text or the domain's English message.
func TestFieldProblemsInGerman(t *testing.T) {
	cat := i18n.MustLoad()
	en, de := cat.Localizer("en"), cat.Localizer("de")
	english := englishRules(en)
	for name, err := range badInputs(t) {
		ps, ok := FieldProblems(de, err)
		if !ok || len(ps) == 0 {
			t.Fatalf("%s: no field problems in %v", name, err)
		}
		_, msgs := domainFieldErrors(err)
		for i, p := range ps {
			if p.Label == "" || p.Problem == "" {
				t.Errorf("%s: %+v says not where or what", name, p)
			}
			if p.Label == p.Field && !cat.Has("de", "domaintext.field."+p.Field) {
				t.Errorf("%s: field %q has no label", name, p.Field)
			}
			if p.Problem == msgs[i] {
				t.Errorf("%s %s: the domain's English message %q", name, p.Field, msgs[i])
			}
			for _, e := range english {
				if strings.Contains(p.Problem, e) {
					t.Errorf("%s %s: %q holds the English %q", name, p.Field, p.Problem, e)
				}
			}
		}
	}
}

// domainFieldErrors are a validation error's fields and their English
// messages, in the domain's order.
func domainFieldErrors(err error) (fields, messages []string) {
	var ve *vault.ValidationError
	var ce *consent.ValidationError
	switch {
	case errors.As(err, &ve):
		for _, f := range ve.Fields {
			fields, messages = append(fields, f.Field), append(messages, f.Message)
		}
	case errors.As(err, &ce):
		for _, f := range ce.Fields {
			fields, messages = append(fields, f.Field), append(messages, f.Message)
		}
	}
	return fields, messages
}

// The worded problems keep what the domain said: the same fields in the
// same order, the region rule lists the country's regions by name, a list entry
// and the erasure plan's record category are named.
func TestFieldProblemsSayWhereAndWhat(t *testing.T) {
	de := i18n.MustLoad().Localizer("de")
	in := badInputs(t)
	for name, err := range in {
		ps, _ := FieldProblems(de, err)
		var fields []string
		for _, p := range ps {
			fields = append(fields, p.Field)
		}
		if want, _ := domainFieldErrors(err); !slices.Equal(fields, want) {
			t.Errorf("%s: fields %v, domain says %v", name, fields, want)
		}
	}
	region, _ := FieldProblems(de, in["region"])
	if len(region) != 1 || region[0].Label != "Region" || !strings.Contains(region[0].Problem, "Bayern") || strings.Contains(region[0].Problem, "<no value>") {
		t.Errorf("region: %+v", region)
	}
	breach := JoinProblems(must(FieldProblems(de, in["breach"])), "\n")
	for _, want := range []string{"Art der Datenpanne, Eintrag 1: muss einer dieser Werte sein: Vertraulichkeit, Integrität, Verfügbarkeit",
		"Datenkategorien, Eintrag 1: ", "Eingetreten am: darf nicht nach"} {
		if !strings.Contains(breach, want) {
			t.Errorf("breach lacks %q:\n%s", want, breach)
		}
	}
	plan := must(FieldProblems(de, in["plan"]))
	if len(plan) != 1 || plan[0].Label != de.T("labels.record.clinical") || plan[0].Problem != de.T(i18n.FieldRuleID("missing-date")) {
		t.Errorf("plan: %+v", plan)
	}
	if _, ok := FieldProblems(de, errors.New("other")); ok {
		t.Error("a plain error is a validation error")
	}
}

func must(ps []FieldProblem, _ bool) []FieldProblem { return ps }

// FieldLabel: plain fields, list entries and longer paths.
func TestFieldLabel(t *testing.T) {
	de := i18n.MustLoad().Localizer("de")
	for field, want := range map[string]string{
		"GivenName": de.T("labels.field.GivenName"), "awareAt": "Bekannt seit", "nature[2]": "Art der Datenpanne, Eintrag 3",
		"$[3].years": "Jahre ($[3].years)", "clinical": de.T("labels.record.clinical"), "mystery": "mystery", "": "",
	} {
		if got := FieldLabel(de, field); got != want {
			t.Errorf("FieldLabel(%q) = %q, want %q", field, got, want)
		}
	}
}

// A field with several problems is named once.
func TestJoinProblemsNamesAFieldOnce(t *testing.T) {
	de := i18n.MustLoad().Localizer("de")
	ps, _ := FieldProblems(de, vault.CheckPassphrase([]byte("aaaa")))
	got := JoinProblems(ps, "\n")
	if len(ps) < 2 || strings.Count(got, "Passphrase:") != 1 || strings.Count(got, "\n") != 0 || !strings.Contains(got, "12 Zeichen") {
		t.Errorf("%d problems: %q", len(ps), got)
	}
}
