package ui

import (
	"custodia/ui/internal/uitest"
	"strings"
	"testing"

	"custodia/consent"
	"custodia/vault"
)

// scheduleSession switches schedules as the vault does, recording the call.
type scheduleSession struct {
	*uitest.ConsentSession
	shippedFR int
}

func (s *scheduleSession) SetPracticeSchedule(c consent.Controller, shipped consent.Schedules) (vault.ScheduleResult, error) {
	if err := s.SetPractice(c); err != nil {
		return vault.ScheduleResult{}, err
	}
	s.shippedFR = len(shipped.For("FR"))
	rules := shipped.For(c.Country)
	return vault.ScheduleResult{Country: c.Country, Shipped: len(rules) > 0, Added: len(rules)}, nil
}

// TestPracticeFormSwitchesSchedule: saving a French practice hands the
// shipped schedules to the vault and says the schedule follows French law;
// a country without a schedule says to check the rules.
func TestPracticeFormSwitchesSchedule(t *testing.T) {
	f := newConsentFixture(t, vault.RoleDPO, consentNow)
	s := &scheduleSession{ConsentSession: f.cs}
	v := newPracticeView(f.app, f.app.useCases(s))
	v.Reload()
	for k, val := range map[string]string{"name": "Cabinet Synthétique", "address": "1 rue Exemple", "country": "fr", "email": "dpo@cabinet.example"} {
		v.Set(k, val)
	}
	v.Submit()
	if v.Problem() != "" || !strings.Contains(v.Status(), "follows the law of France") || s.shippedFR == 0 {
		t.Fatalf("problem %q, status %q, FR rules handed over %d", v.Problem(), v.Status(), s.shippedFR)
	}
	v.Set("country", "PT")
	v.Submit()
	if !strings.Contains(v.Status(), "no retention schedule") {
		t.Errorf("PT status %q", v.Status())
	}
}
