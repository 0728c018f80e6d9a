package vault

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestBatchNoncesFresh: every ciphertext a batched insert stores (the two
// records, diagnosis, notes and the wrapped data key per patient; the
// per-field identity columns stay empty) carries its own nonce, no
// two alike across the batch, and every patient reads back as stored (the
// associated data is unchanged: a wrong one would be ErrIntegrity).
func TestBatchNoncesFresh(t *testing.T) {
	v, s := NewTestVault(t)
	r := rand.New(rand.NewPCG(21, 21))
	added, err := s.AddPatients(fakeBatch(r, 0, 150))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	note := func(where string, ct []byte) {
		if len(ct) == 0 {
			return
		}
		if len(ct) < 25 || ct[0] != formatV1 {
			t.Fatalf("%s: not a sealed value", where)
		}
		n := string(ct[1:25])
		if other, ok := seen[n]; ok {
			t.Fatalf("%s reuses the nonce of %s", where, other)
		}
		seen[n] = where
	}
	cols := append(append([]string{}, patientColumns...), recordColumns(""))
	rows, err := v.db.Query("SELECT p.id, k.wrapped_key, " + strings.Join(cols, ", ") +
		" FROM patients p JOIN patient_keys k ON k.patient_id = p.id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id string
		vals := make([][]byte, 1+len(patientColumns)+len(patientRecords))
		dest := []any{&id}
		for i := range vals {
			dest = append(dest, &vals[i])
		}
		if err := rows.Scan(dest...); err != nil {
			t.Fatal(err)
		}
		note(id+" wrapped_key", vals[0])
		for i, c := range patientColumns {
			if i < clinicalFrom && len(vals[1+i]) != 0 {
				t.Fatalf("%s %s: per-field column written by a record-format insert", id, c)
			}
			note(id+" "+c, vals[1+i])
		}
		for i, r := range patientRecords {
			note(id+" "+r.column, vals[1+len(patientColumns)+i])
		}
		n++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n != len(added) || len(seen) != n*(1+len(sealedColumns)) {
		t.Fatalf("%d rows, %d nonces; want %d rows with %d sealed values each", n, len(seen), len(added), 1+len(sealedColumns))
	}
	for _, p := range added {
		got, err := s.GetPatient(p.ID)
		if err != nil {
			t.Fatalf("patient %s: %v", p.ID, err)
		}
		if got.FamilyName != p.FamilyName || got.Notes != p.Notes || !got.BirthDate.Equal(p.BirthDate) || got.MRN != p.MRN {
			t.Fatalf("patient %s reads back different", p.ID)
		}
	}
}
