package vault

import (
	"math/rand/v2"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	_, s := NewTestVault(t)
	r := rand.New(rand.NewPCG(1, 2))
	p := mustAdd(t, s, fakePatient(r, 1))
	got, err := s.GetPatient(p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Notes != p.Notes || got.FamilyName != p.FamilyName || !got.BirthDate.Equal(p.BirthDate) {
		t.Fatalf("got %+v want %+v", got, p)
	}
	res, err := s.FindPatients(Query{Name: p.FamilyName})
	if err != nil || len(res) != 1 {
		t.Fatalf("find: %v %v", res, err)
	}
	n, err := s.VerifyAudit()
	if err != nil {
		t.Fatal(n, err)
	}
	t.Log(n)
}
