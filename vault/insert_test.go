package vault

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// TestAddPatientsBatchAuditChain stores a batch that spans several chunks
// and statement sizes, then checks every patient against its own audit
// entry (in batch order, contiguous seqs), the chain, and the lookups.
func TestAddPatientsBatchAuditChain(t *testing.T) {
	_, s := NewTestVault(t)
	r := rand.New(rand.NewPCG(11, 11))
	before, err := s.AuditEntries(0, 10000)
	if err != nil {
		t.Fatal(err)
	}
	added, err := s.AddPatients(fakeBatch(r, 0, insertChunk+23))
	if err != nil {
		t.Fatal(err)
	}
	entries, err := s.AuditEntries(before[len(before)-1].Seq, 10000)
	if err != nil {
		t.Fatal(err)
	}
	var creates []AuditEntry
	for _, e := range entries {
		if e.Action == "patient.create" {
			creates = append(creates, e)
		}
	}
	if len(creates) != len(added) {
		t.Fatalf("%d create entries for %d patients", len(creates), len(added))
	}
	for i, e := range creates {
		if e.Object != "patient:"+added[i].ID || e.Outcome != outcomeOK || (i > 0 && e.Seq != creates[i-1].Seq+1) {
			t.Fatalf("entry %d: %+v", i, e)
		}
	}
	if _, err := s.VerifyAudit(); err != nil {
		t.Fatalf("VerifyAudit after a batch: %v", err)
	}
	for _, i := range []int{0, 63, 64, insertChunk - 1, insertChunk, len(added) - 1} {
		p := added[i]
		got, err := s.GetPatient(p.ID)
		if err != nil || got.MRN != p.MRN || got.Notes != p.Notes {
			t.Fatalf("patient %d: %v", i, err)
		}
		res, err := s.FindPatients(Query{Name: p.GivenName, BirthDate: p.BirthDate})
		if err != nil || !slices.ContainsFunc(res, func(x PatientSummary) bool { return x.ID == p.ID }) {
			t.Fatalf("patient %d not found by given name and birth date: %v", i, err)
		}
		if res, err := s.FindPatients(Query{MRN: p.MRN}); err != nil || len(res) != 1 || res[0].ID != p.ID {
			t.Fatalf("patient %d by MRN: %v %v", i, res, err)
		}
	}
}

// TestMigrateBlindIndexV1 rebuilds a vault's blind index in the version-1
// layout (UUID references, 128-bit MACs, name+birth-date rows, MRN unique
// index), reopens it so migration 0011 converts it, and compares searches
// with a brute-force scan.
func TestMigrateBlindIndexV1(t *testing.T) {
	v, s := NewTestVault(t)
	r := rand.New(rand.NewPCG(12, 12))
	dates := []time.Time{time.Date(1970, 3, 4, 0, 0, 0, 0, time.UTC), time.Date(1988, 11, 30, 0, 0, 0, 0, time.UTC)}
	var all []Patient
	for i := range 12 {
		p := fakePatient(r, i)
		p.GivenName, p.FamilyName = []string{"Zyx", "Qorvex"}[i%2], []string{"Krin", "Plixwuz", "Grefoxa"}[i%3]
		p.BirthDate = dates[i%2]
		if i == 5 {
			p.MRN = ""
		}
		all = append(all, mustAdd(t, s, p))
	}
	k := s.k
	v1 := func(key []byte, parts ...[]byte) []byte { return mac(key, parts...)[:16] }
	nameDOB, err := subkey(k.cat[catIdentity], k.vaultID, "custodia/v1/blind-index/name+birthdate")
	if err != nil {
		t.Fatal(err)
	}
	must := func(q string, args ...any) {
		t.Helper()
		if _, err := v.db.Exec(q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	must("DROP TABLE patient_index")
	must("DROP TABLE patient_mrn")
	must(`CREATE TABLE patient_index (kind INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 4), mac BLOB NOT NULL,
		patient_id TEXT NOT NULL, PRIMARY KEY (kind, mac, patient_id)) WITHOUT ROWID`)
	must("CREATE UNIQUE INDEX patient_index_mrn_unique ON patient_index (kind, mac) WHERE kind = 4")
	for _, p := range all {
		date := []byte(p.BirthDate.Format(dateLayout))
		for _, f := range nameForms(p.GivenName, p.FamilyName) {
			must("INSERT INTO patient_index VALUES (1, ?, ?)", v1(k.name, []byte(f)), p.ID)
		}
		g, f := normaliseName(p.GivenName), normaliseName(p.FamilyName)
		for _, form := range uniqueNonEmpty(f, g+" "+f) {
			must("INSERT INTO patient_index VALUES (2, ?, ?)", v1(nameDOB, []byte(form), []byte{0}, date), p.ID)
		}
		must("INSERT INTO patient_index VALUES (3, ?, ?)", v1(k.dob, date), p.ID)
		if p.MRN != "" {
			must("INSERT INTO patient_index VALUES (4, ?, ?)", v1(k.mrn, []byte(normaliseMRN(p.MRN))), p.ID)
		}
	}
	must("DELETE FROM schema_migrations WHERE version IN (11, 51)") // v1 → v2 → v3 (epochs)
	s.Lock()
	v.Close()
	weak := WeakKDFParams()
	v2, err := Open(v.Path(), Options{KDF: &weak})
	if err != nil {
		t.Fatal(err)
	}
	defer v2.Close()
	s2, err := v2.Unlock(TestAdminName, []byte(TestAdminPassphrase))
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Lock()
	var n2, short int
	if err := v2.db.QueryRow("SELECT count(*) FILTER (WHERE kind = 2), count(*) FILTER (WHERE length(mac) <> 12) FROM patient_index").Scan(&n2, &short); err != nil || n2+short != 0 {
		t.Fatalf("after migration: %d name+DOB rows, %d MACs not 96 bits (%v)", n2, short, err)
	}
	queries := []Query{{BirthDate: dates[0]}, {MRN: all[3].MRN}, {Name: "zyx krin"}, {Name: "Qorvex", BirthDate: dates[1]}, {Name: "Plixwuz", BirthDate: dates[0]}, {Name: "Grefoxa"}}
	for _, q := range queries {
		res, err := s2.FindPatients(q)
		if err != nil {
			t.Fatal(err)
		}
		var got, want []string
		for _, x := range res {
			got = append(got, x.ID)
		}
		for _, p := range all {
			if bruteMatch(q, p) {
				want = append(want, p.ID)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%+v: got %v, want %v", q, got, want)
		}
	}
	dup := fakePatient(r, 99)
	dup.MRN = all[3].MRN
	if _, err := s2.AddPatient(dup); err == nil {
		t.Fatal("migrated MRN index accepted a duplicate MRN")
	}
}
