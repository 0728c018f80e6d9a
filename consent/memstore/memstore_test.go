package memstore_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"custodia/consent"
	"custodia/consent/memstore"
	"custodia/consent/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(*testing.T) consent.Store { return memstore.New() })
}

// TestConcurrentUse runs writers and readers at once (meaningful under -race).
func TestConcurrentUse(t *testing.T) {
	s := memstore.New()
	ctx := context.Background()
	p := consent.Purpose{ID: "treatment", Kind: consent.KindTreatment, Name: "Treatment", Art6: "b", Art9: "h",
		DataCategories: []string{consent.CatDiagnoses}}
	if err := s.PutPurpose(ctx, p); err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				e := consent.Event{ID: fmt.Sprintf("e-%d-%d", w, i), Type: consent.Granted, PatientID: "p", PurposeID: "treatment",
					Time: t0.Add(time.Duration(i) * time.Minute), RecordedBy: "u", Method: consent.MethodScreen}
				if err := s.AppendEvents(ctx, e); err != nil {
					t.Error(err)
				}
				if _, err := s.ListEvents(ctx, consent.EventFilter{PatientID: "p"}); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	evs, err := s.ListEvents(ctx, consent.EventFilter{})
	if err != nil || len(evs) != 200 {
		t.Fatalf("%d events, %v", len(evs), err)
	}
}
