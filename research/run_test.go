package research

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"custodia/deid"
)

// expectedCohort is the oracle of the cohort criteria, written from the
// study's definition without the package's helpers.
func expectedCohort(s *Study, p *Patient) bool {
	ref := day(2026, 1, 1)
	age := ref.Year() - p.BirthDate.Year()
	if p.BirthDate.AddDate(age, 0, 0).After(ref) {
		age--
	}
	if (s.Cohort.AgeMin > 0 && age < s.Cohort.AgeMin) || (s.Cohort.AgeMax > 0 && age > s.Cohort.AgeMax) {
		return false
	}
	for _, e := range p.Encounters {
		d := e.Date.Format("2006-01-02")
		if d >= s.Cohort.From && d <= s.Cohort.To && strings.HasPrefix(e.Codes[0], s.Cohort.ICDPrefix) {
			return true
		}
	}
	return false
}

func TestGateOracleRandomLedgers(t *testing.T) {
	cat := catalogue(t)
	for seed := range uint64(6) {
		sy := makeSynthetic(t, cat, seed, 300)
		s := encounterStudy()
		s.Cohort.AgeMin = 30
		res, err := Run(context.Background(), RunInput{Study: s, Patients: sy.patients, Consent: sy.index, Key: testKey(1), At: day(2026, 6, 1)})
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		wantIn := map[string]bool{}
		wantEx := map[string]int{}
		for _, p := range sy.patients {
			if !expectedCohort(s, p) {
				continue
			}
			sc := sy.scenario[p.ID]
			if sc == scGranted || sc == scDenyOther {
				wantIn[p.ID] = true
			} else {
				wantEx[scenarioReason[sc]]++
			}
		}
		if got := res.Gate.Included; len(got) != len(wantIn) {
			t.Fatalf("seed %d: included %d, oracle %d", seed, len(got), len(wantIn))
		}
		for _, id := range res.Gate.Included {
			if !wantIn[id] {
				t.Fatalf("seed %d: patient %s included against the oracle", seed, id)
			}
		}
		if !maps.Equal(res.Gate.Excluded, wantEx) {
			t.Fatalf("seed %d: exclusions %v, oracle %v", seed, res.Gate.Excluded, wantEx)
		}
		// No row of the table (before de-identification) belongs to an excluded patient.
		col := res.Table.Column("obs:4548-4")
		for _, id := range res.ExcludedIDs() {
			if _, ok := col.Lookup(sy.marker[id]); ok {
				t.Fatalf("seed %d: an excluded patient's value reached the table", seed)
			}
		}
	}
}

func TestPseudonymsStableAndUnlinkable(t *testing.T) {
	cat := catalogue(t)
	sy := makeSynthetic(t, cat, 7, 200)
	run := func(key []byte, patients []*Patient) *Result {
		res, err := Run(context.Background(), RunInput{Study: encounterStudy(), Patients: patients, Consent: sy.index, Key: key, At: day(2026, 6, 1)})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	a := run(testKey(1), sy.patients)
	rev := slices.Clone(sy.patients)
	slices.Reverse(rev)
	b := run(testKey(1), rev)
	c := run(testKey(2), sy.patients)
	if len(a.Gate.Included) == 0 {
		t.Fatal("nobody included")
	}
	for _, id := range a.Gate.Included {
		pa, _ := a.Pseudonym(id)
		pb, _ := b.Pseudonym(id)
		pc, _ := c.Pseudonym(id)
		if pa != pb {
			t.Fatalf("pseudonym changed across reruns")
		}
		if pa == pc {
			t.Fatalf("two studies gave one pseudonym")
		}
	}
	// The same input in another order gives the same table.
	for r := range a.Table.Rows() {
		if !slices.Equal(a.Table.Row(r), b.Table.Row(r)) {
			t.Fatalf("row %d differs with the input order", r)
		}
	}
}

func TestDateShiftConsistentWithinPatient(t *testing.T) {
	cat := catalogue(t)
	sy := makeSynthetic(t, cat, 8, 200)
	s := encounterStudy()
	res, err := Run(context.Background(), RunInput{Study: s, Patients: sy.patients, Consent: sy.index, Key: testKey(1), At: day(2026, 6, 1)})
	if err != nil {
		t.Fatal(err)
	}
	byPseudo := map[string]*Patient{}
	for _, p := range sy.patients {
		if pn, ok := res.Pseudonym(p.ID); ok {
			byPseudo[pn] = p
		}
	}
	// Every row's date minus the patient's one shift is one of their true
	// encounter dates, and no row keeps its true date.
	ps, _ := deid.NewPseudonymizer(testKey(1), "P-", 0)
	shifts := map[int]bool{}
	for r := range res.Table.Rows() {
		pn := res.Table.Value(r, 0)
		shifted, err := time.Parse(time.DateOnly, res.Table.Column(SrcDate).Value(r))
		if err != nil {
			t.Fatal(err)
		}
		k := ps.DateShiftDays(pn, s.DateShiftDays)
		shifts[k] = true
		orig := shifted.AddDate(0, 0, -k)
		if k == 0 || !slices.ContainsFunc(byPseudo[pn].Encounters, func(e Encounter) bool { return e.Date.Equal(orig) }) {
			t.Fatalf("row %d: date minus the patient's shift is not one of their encounters", r)
		}
	}
	if len(shifts) < 5 {
		t.Fatalf("only %d distinct shifts across patients", len(shifts))
	}
}
