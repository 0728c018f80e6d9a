package vault

import (
	"errors"
	"math/rand/v2"
	"sync"
	"testing"
)

// TestConcurrentSessions runs writers, readers and a Lock at the same time;
// run with -race. Every call either succeeds or reports ErrLocked.
func TestConcurrentSessions(t *testing.T) {
	v, admin := NewTestVault(t)
	if _, err := admin.AddUser("doc", RoleClinician, []byte("doc-passphrase")); err != nil {
		t.Fatal(err)
	}
	doc, err := v.Unlock("doc", []byte("doc-passphrase"))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(w), 1))
			s := admin
			if w%2 == 1 {
				s = doc
			}
			for i := range 10 {
				p, err := s.AddPatient(fakePatient(r, w*100+i))
				if errors.Is(err, ErrLocked) {
					return
				}
				if err != nil {
					errs <- err
					return
				}
				if _, err := s.GetPatient(p.ID); err != nil && !errors.Is(err, ErrLocked) {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Add(1)
	go func() { defer wg.Done(); doc.Lock() }()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if _, err := admin.VerifyAudit(); err != nil {
		t.Fatal(err)
	}
}
