package vault

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestBlindIndexEpochs: patients created an epoch (2,048) apart have their
// index rows in different epochs; every search still finds all matches in
// creation order, and deleting or updating a patient removes its rows from
// its own epoch.
func TestBlindIndexEpochs(t *testing.T) {
	_, s := NewTestVault(t)
	r := rand.New(rand.NewPCG(4, 4))
	born := time.Date(1977, 3, 9, 0, 0, 0, 0, time.UTC)
	shift, err := strconv.Atoi(epochShift)
	must(t, err)
	epoch := 1 << shift
	ps := fakeBatch(r, 0, 2*epoch+200)
	var twins []int // same name and birth date in three epochs
	for _, i := range []int{5, epoch + 100, 2*epoch + 150} {
		ps[i].GivenName, ps[i].FamilyName, ps[i].BirthDate = "Zyxwen", "Qorvexilla", born
		twins = append(twins, i)
	}
	added, err := s.AddPatients(ps)
	last := len(added) - 1
	must(t, err)
	var epochsUsed int
	must(t, s.v.db.QueryRow("SELECT count(DISTINCT epoch) FROM patient_index").Scan(&epochsUsed))
	if epochsUsed != 3 {
		t.Fatalf("index rows in %d epochs, want 3", epochsUsed)
	}
	var bad int
	must(t, s.v.db.QueryRow("SELECT count(*) FROM patient_index WHERE epoch <> patient_seq >> "+epochShift).Scan(&bad))
	if bad != 0 {
		t.Fatalf("%d rows in the wrong epoch", bad)
	}
	want := func(idx ...int) []string {
		var ids []string
		for _, i := range idx {
			ids = append(ids, added[i].ID)
		}
		return ids
	}
	for _, q := range []Query{{Name: "Zyxwen Qorvexilla"}, {Name: "qorvexilla"}, {BirthDate: born}, {Name: "Zyxwen", BirthDate: born}} {
		if got := foundIDs(t, s, q); !slices.Equal(got, want(twins...)) {
			t.Errorf("%+v: found %d, want the three twins in creation order", q, len(got))
		}
	}
	if got := foundIDs(t, s, Query{Name: added[last].GivenName + " " + added[last].FamilyName}); !slices.Contains(got, added[last].ID) {
		t.Errorf("last patient not found by name")
	}
	must(t, s.DeletePatient(added[twins[1]].ID))
	moved := added[twins[2]]
	moved.FamilyName = "Vexthulor"
	_, err = s.UpdatePatient(moved)
	must(t, err)
	if got := foundIDs(t, s, Query{Name: "Qorvexilla"}); !slices.Equal(got, want(5)) {
		t.Errorf("after delete and rename: found %d, want the first twin only", len(got))
	}
	var left int
	must(t, s.v.db.QueryRow("SELECT count(*) FROM patient_index WHERE patient_seq NOT IN (SELECT seq FROM patients)").Scan(&left))
	if left != 0 {
		t.Errorf("%d index rows of the deleted patient left", left)
	}
}

// TestBlindIndexProbesEachEpoch: a lookup seeks the primary key per epoch
// (kind, epoch, mac) instead of scanning the index.
func TestBlindIndexProbesEachEpoch(t *testing.T) {
	_, s := NewTestVault(t)
	for _, q := range []string{qCandidates, qCandidatesNameDOB} {
		rows, err := s.v.db.Query("EXPLAIN QUERY PLAN "+q, 1, []byte("0123456789ab"))
		must(t, err)
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			must(t, rows.Scan(&id, &parent, &unused, &detail))
			plan = append(plan, detail)
		}
		rows.Close()
		joined := strings.Join(plan, "; ")
		if !strings.Contains(joined, "USING PRIMARY KEY (kind=? AND epoch=? AND mac=?") {
			t.Errorf("plan of %q: %s", q, joined)
		}
	}
}

func foundIDs(t *testing.T, s *Session, q Query) []string {
	t.Helper()
	res, err := s.FindPatients(q)
	must(t, err)
	var ids []string
	for _, p := range res {
		ids = append(ids, p.ID)
	}
	return ids
}
