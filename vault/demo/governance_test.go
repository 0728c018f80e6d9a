package demo

import (
	"context"
	"path/filepath"
	"testing"

	"custodia/consent"
	"custodia/vault"
)

// TestDemoGovernance opens a demo vault as the DPO and finds what every
// role needs: research consents for about 60 % (some withdrawn, some with a
// deny exception), a request in every state, restricted patients, a
// breach, and retention items due.
func TestDemoGovernance(t *testing.T) {
	const n = 1000
	path := filepath.Join(t.TempDir(), "demo.vault")
	if _, err := CreateDemoVault(path, n, testOptions()); err != nil {
		t.Fatal(err)
	}
	v, err := vault.Open(path, testOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	s, err := v.Unlock("dpo", []byte("dpo-passphrase-not-secret"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Lock()
	ctx, cs := context.Background(), s.ConsentStore()
	events, err := cs.ListEvents(ctx, consent.EventFilter{PurposeID: registryPurpose.ID})
	if err != nil {
		t.Fatal(err)
	}
	grants, withdrawn, denies := 0, 0, 0
	for _, e := range events {
		switch e.Type {
		case consent.Granted:
			grants++
			if len(e.Deny) > 0 {
				denies++
			}
		case consent.Withdrawn:
			withdrawn++
		}
	}
	if grants < n*55/100 || grants > n*65/100 || withdrawn == 0 || denies == 0 {
		t.Errorf("grants %d, withdrawn %d, deny exceptions %d of %d patients", grants, withdrawn, denies, n)
	}
	reqs, err := cs.ListRequests(ctx, consent.RequestFilter{})
	if err != nil {
		t.Fatal(err)
	}
	states := map[consent.State]bool{}
	for _, r := range reqs {
		states[r.State] = true
	}
	for _, st := range consent.States() {
		// closed: a request of a subject erased meanwhile; the demo erases nobody.
		if !states[st] && st != consent.StateClosed {
			t.Errorf("no request in state %s", st)
		}
	}
	restricted, err := s.RestrictedPatients()
	if err != nil || len(restricted) != 3 {
		t.Errorf("restricted: %d, %v", len(restricted), err)
	}
	if bs, err := cs.ListBreaches(ctx); err != nil || len(bs) != 1 {
		t.Errorf("breaches: %d, %v", len(bs), err)
	}
	items, err := s.RetentionItems()
	if err != nil {
		t.Fatal(err)
	}
	rules, err := cs.ListRetentionRules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	due := map[consent.RecordCategory]int{}
	for _, d := range consent.DueForDeletion(items, rules, testNow) {
		due[d.Item.Category]++
	}
	if due[consent.RecClinical] == 0 || due[consent.RecContact] == 0 || due[consent.RecClinical] > n/10 {
		t.Errorf("retention items due: %v", due)
	}
}
