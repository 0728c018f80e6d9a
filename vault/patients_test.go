package vault

import (
	"errors"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestAddGetAllFields(t *testing.T) {
	v, c, _ := clockVault(t)
	s, err := v.Unlock(TestAdminName, []byte(TestAdminPassphrase))
	if err != nil {
		t.Fatal(err)
	}
	in := fakePatient(rand.New(rand.NewPCG(1, 1)), 1)
	p := mustAdd(t, s, in)
	if p.ID == "" || p.Version != 1 || !p.CreatedAt.Equal(c.t) {
		t.Fatalf("AddPatient returned id=%q version=%d", p.ID, p.Version)
	}
	got, err := s.GetPatient(p.ID)
	if err != nil {
		t.Fatal(err)
	}
	in.ID, in.Version, in.CreatedAt, in.UpdatedAt, in.LastClinicalAt = p.ID, 1, c.t, c.t, c.t // created with a diagnosis
	if got != in {
		t.Fatal("stored patient differs from the one added")
	}
	if _, err := s.GetPatient("00000000-0000-0000-0000-000000000000"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing patient: %v", err)
	}
}

func TestValidation(t *testing.T) {
	_, s := NewTestVault(t)
	good := fakePatient(rand.New(rand.NewPCG(1, 1)), 1)
	cases := []struct {
		field  string
		mutate func(*Patient)
	}{
		{"GivenName", func(p *Patient) { p.GivenName = "  " }},
		{"FamilyName", func(p *Patient) { p.FamilyName = "" }},
		{"FamilyName", func(p *Patient) { p.FamilyName = "Qor\x00n" }},
		{"BirthDate", func(p *Patient) { p.BirthDate = time.Time{} }},
		{"BirthDate", func(p *Patient) { p.BirthDate = time.Now().AddDate(1, 0, 0).Truncate(24 * time.Hour) }},
		{"BirthDate", func(p *Patient) { p.BirthDate = p.BirthDate.Add(time.Hour) }},
		{"Sex", func(p *Patient) { p.Sex = "f" }},
		{"Phone", func(p *Patient) { p.Phone = "call me" }},
		{"Email", func(p *Patient) { p.Email = "zyxqorn.example" }},
		{"Notes", func(p *Patient) { p.Notes = strings.Repeat("x", maxNotes+1) }},
		{"MRN", func(p *Patient) { p.MRN = strings.Repeat("9", maxShortField+1) }},
	}
	for _, c := range cases {
		p := good
		c.mutate(&p)
		_, err := s.AddPatient(p)
		var ve *ValidationError
		if !errors.As(err, &ve) || !errors.Is(err, ErrValidation) || len(ve.Fields) != 1 || ve.Fields[0].Field != c.field {
			t.Errorf("%s: got %v", c.field, err)
			continue
		}
		for _, secret := range []string{p.GivenName, p.FamilyName, p.Phone, p.Email} {
			if len(secret) > 3 && strings.Contains(err.Error(), secret) {
				t.Errorf("%s: error message repeats a value", c.field)
			}
		}
	}
	batch := []Patient{good, good}
	batch[1].Email = "bad"
	_, err := s.AddPatients(batch)
	var ve *ValidationError
	if !errors.As(err, &ve) || ve.Fields[0].Field != "[1].Email" {
		t.Fatalf("batch validation: %v", err)
	}
	if n, _ := s.CountPatients(); n != 0 {
		t.Fatalf("invalid batch stored %d patients", n)
	}
}

func TestUpdateVersionConflict(t *testing.T) {
	_, s := NewTestVault(t)
	p := mustAdd(t, s, fakePatient(rand.New(rand.NewPCG(1, 1)), 1))
	a, b := p, p
	a.Address = "1 Zyx Road"
	up, err := s.UpdatePatient(a)
	if err != nil || up.Version != 2 {
		t.Fatalf("first update: %v, version %d", err, up.Version)
	}
	b.Address = "2 Qor Road"
	if _, err := s.UpdatePatient(b); !errors.Is(err, ErrConflict) {
		t.Fatalf("stale update: %v, want ErrConflict", err)
	}
	got, _ := s.GetPatient(p.ID)
	if got.Address != "1 Zyx Road" || got.Version != 2 {
		t.Fatal("stale update changed the record")
	}
	missing := p
	missing.ID = "00000000-0000-0000-0000-000000000000"
	if _, err := s.UpdatePatient(missing); !errors.Is(err, ErrNotFound) {
		t.Fatalf("update of missing patient: %v", err)
	}
}

func TestRestriction(t *testing.T) {
	v, admin := NewTestVault(t)
	p := mustAdd(t, admin, fakePatient(rand.New(rand.NewPCG(1, 1)), 1))
	if _, err := admin.AddUser("desk", RoleFrontDesk, []byte("desk-passphrase")); err != nil {
		t.Fatal(err)
	}
	desk, _ := v.Unlock("desk", []byte("desk-passphrase"))
	dp, _ := desk.GetPatient(p.ID)
	dp.Restricted = true
	if _, err := desk.UpdatePatient(dp); !errors.Is(err, ErrPermission) {
		t.Fatalf("front desk restricting: %v, want ErrPermission", err)
	}
	p.Restricted = true
	p, err := admin.UpdatePatient(p)
	if err != nil {
		t.Fatal(err)
	}
	changed := p
	changed.Phone = "+99 000 1111"
	if _, err := admin.UpdatePatient(changed); !errors.Is(err, ErrRestricted) {
		t.Fatalf("changing a restricted patient: %v, want ErrRestricted", err)
	}
	changed.Restricted = false
	if _, err := admin.UpdatePatient(changed); !errors.Is(err, ErrRestricted) {
		t.Fatalf("lifting and changing at once: %v, want ErrRestricted", err)
	}
	p.Restricted = false
	if p, err = admin.UpdatePatient(p); err != nil || p.Restricted {
		t.Fatalf("lifting restriction: %v", err)
	}
}

func TestDeletePatientShredsKey(t *testing.T) {
	v, s := NewTestVault(t)
	r := rand.New(rand.NewPCG(1, 1))
	keep, gone := mustAdd(t, s, fakePatient(r, 1)), mustAdd(t, s, fakePatient(r, 2))
	if err := s.DeletePatient(gone.ID); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		"SELECT count(*) FROM patients WHERE id = ?", "SELECT count(*) FROM patient_keys WHERE patient_id = ?",
		// index rows name patients by seq: none may be left without a patient
		"SELECT count(*) FROM patient_index i LEFT JOIN patients p ON p.seq = i.patient_seq WHERE p.id IS NULL OR p.id = ?",
		"SELECT count(*) FROM patient_mrn m LEFT JOIN patients p ON p.seq = m.patient_seq WHERE p.id IS NULL OR p.id = ?",
	} {
		var n int
		if err := v.db.QueryRow(q, gone.ID).Scan(&n); err != nil || n != 0 {
			t.Errorf("%s: %d rows left (%v)", q, n, err)
		}
	}
	if fi, err := os.Stat(v.Path() + "-wal"); err == nil && fi.Size() != 0 {
		t.Errorf("WAL not truncated after delete: %d bytes", fi.Size())
	}
	if _, err := s.GetPatient(gone.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("deleted patient: %v", err)
	}
	if err := s.DeletePatient(gone.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("second delete: %v", err)
	}
	if res, _ := s.FindPatients(Query{MRN: gone.MRN}); len(res) != 0 {
		t.Fatal("deleted patient still found")
	}
	if _, err := s.GetPatient(keep.ID); err != nil {
		t.Fatal(err)
	}
	if !hasEntry(auditActions(t, s), "patient.delete", outcomeOK) {
		t.Fatal("delete not audited")
	}
}

func TestMRNUnique(t *testing.T) {
	_, s := NewTestVault(t)
	r := rand.New(rand.NewPCG(1, 1))
	a := mustAdd(t, s, fakePatient(r, 1))
	b := fakePatient(r, 2)
	b.MRN = " mrnz-0000001 " // same after normalisation
	if _, err := s.AddPatient(b); !errors.Is(err, ErrExists) {
		t.Fatalf("duplicate MRN: %v, want ErrExists", err)
	}
	b.MRN = ""
	b = mustAdd(t, s, b)
	c := fakePatient(r, 3)
	c.MRN = "" // empty MRNs do not collide
	mustAdd(t, s, c)
	b.MRN = a.MRN
	if _, err := s.UpdatePatient(b); !errors.Is(err, ErrExists) {
		t.Fatalf("update to duplicate MRN: %v", err)
	}
	batch := []Patient{fakePatient(r, 10), fakePatient(r, 10)}
	if _, err := s.AddPatients(batch); !errors.Is(err, ErrExists) {
		t.Fatalf("duplicate MRN within a batch: %v", err)
	}
	if n, _ := s.CountPatients(); n != 3 {
		t.Fatalf("failed batch left patients behind: %d", n)
	}
}

func TestFindNormalisesNames(t *testing.T) {
	_, s := NewTestVault(t)
	p := fakePatient(rand.New(rand.NewPCG(1, 1)), 1)
	p.GivenName, p.FamilyName = "Zoë Ånne", "Qórvath-O'Brïen"
	p = mustAdd(t, s, p)
	for _, q := range []string{
		"zoe anne", "ZOË ÅNNE", "qorvath obrien", "Qorvath O'Brien", "  qorvath   obrien ",
		"zoe anne qorvath obrien", "ZOË ÅNNE QÓRVATH-O’BRÏEN", "Zoe\u0308 Anne", // NFD input
	} {
		res, err := s.FindPatients(Query{Name: q})
		if err != nil || len(res) != 1 || res[0].ID != p.ID {
			t.Errorf("query of %d bytes: %d results, %v", len(q), len(res), err)
		}
	}
	for _, q := range []string{"zoe", "anne qorvath", "qorvath o", "zoe anneqorvath"} {
		if res, _ := s.FindPatients(Query{Name: q}); len(res) != 0 {
			t.Errorf("partial name matched (%d chars)", len(q))
		}
	}
}

// TestFindAgainstBruteForce compares FindPatients with a scan of every
// decrypted patient for many queries over a small population with
// deliberately shared names and birth dates.
func TestFindAgainstBruteForce(t *testing.T) {
	_, s := NewTestVault(t)
	r := rand.New(rand.NewPCG(8, 8))
	givens, families := []string{"Zyx", "Qorvex", "Thulmab"}, []string{"Krin", "Plixwuz", "Grefoxa"}
	dates := []time.Time{time.Date(1980, 1, 2, 0, 0, 0, 0, time.UTC), time.Date(1991, 7, 9, 0, 0, 0, 0, time.UTC)}
	var all []Patient
	for i := range 30 {
		p := fakePatient(r, i)
		p.GivenName, p.FamilyName, p.BirthDate = givens[r.IntN(3)], families[r.IntN(3)], dates[r.IntN(2)]
		all = append(all, mustAdd(t, s, p))
	}
	var queries []Query
	for _, g := range givens {
		for _, f := range families {
			for _, name := range []string{g, f, g + " " + f, f + " " + g} {
				queries = append(queries, Query{Name: name}, Query{Name: name, BirthDate: dates[0]})
			}
		}
	}
	queries = append(queries, Query{BirthDate: dates[1]}, Query{MRN: all[4].MRN}, Query{MRN: all[4].MRN, Name: "Zyx"})
	for qi, q := range queries {
		res, err := s.FindPatients(q)
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, p := range all {
			if bruteMatch(q, p) {
				want = append(want, p.ID)
			}
		}
		var got []string
		for _, x := range res {
			got = append(got, x.ID)
		}
		if !slices.Equal(got, want) {
			t.Errorf("query %d: got %d ids, want %d", qi, len(got), len(want))
		}
	}
}

func bruteMatch(q Query, p Patient) bool {
	lq := strings.ToLower(q.Name)
	g, f := strings.ToLower(p.GivenName), strings.ToLower(p.FamilyName)
	nameOK := q.Name == "" || lq == g || lq == f || lq == g+" "+f
	dobOK := q.BirthDate.IsZero() || q.BirthDate.Equal(p.BirthDate)
	mrnOK := q.MRN == "" || q.MRN == p.MRN
	return nameOK && dobOK && mrnOK
}

func TestListPatientsCreationOrder(t *testing.T) {
	_, s := NewTestVault(t)
	r := rand.New(rand.NewPCG(1, 1))
	var ids []string
	var batch []Patient
	for i := range 23 {
		batch = append(batch, fakePatient(r, i))
	}
	added, err := s.AddPatients(batch[:13])
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range added {
		ids = append(ids, p.ID)
	}
	for _, p := range batch[13:] {
		ids = append(ids, mustAdd(t, s, p).ID)
	}
	if err := s.DeletePatient(ids[5]); err != nil {
		t.Fatal(err)
	}
	ids = slices.Delete(ids, 5, 6)
	var listed []string
	for off := 0; ; off += 4 {
		page, err := s.ListPatients(off, 4)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		for _, x := range page {
			listed = append(listed, x.ID)
		}
	}
	if !slices.Equal(listed, ids) {
		t.Fatal("ListPatients pages are not the creation order")
	}
	if n, err := s.CountPatients(); err != nil || n != len(ids) {
		t.Fatalf("CountPatients = %d, %v", n, err)
	}
	if _, err := s.ListPatients(0, 0); !errors.Is(err, ErrValidation) {
		t.Fatalf("limit 0: %v", err)
	}
}

// TestAuditHoldsNoPersonalData checks every audit field against the values stored.
func TestAuditHoldsNoPersonalData(t *testing.T) {
	_, s := NewTestVault(t)
	r := rand.New(rand.NewPCG(1, 1))
	p := mustAdd(t, s, fakePatient(r, 1))
	s.GetPatient(p.ID)
	s.FindPatients(Query{Name: p.FamilyName})
	p.Phone = "+99 1234 5678"
	s.UpdatePatient(p)
	s.DeletePatient(p.ID)
	for _, e := range auditActions(t, s) {
		text := strings.ToLower(e.UserID + e.Action + e.Object + e.Detail)
		for _, v := range []string{p.GivenName, p.FamilyName, p.MRN, p.Email, p.Phone, "5678"} {
			if strings.Contains(text, strings.ToLower(v)) {
				t.Errorf("audit entry %d (%s) holds personal data", e.Seq, e.Action)
			}
		}
	}
	for _, a := range []string{"patient.create", "patient.read", "patient.search", "patient.update", "patient.delete"} {
		if !hasEntry(auditActions(t, s), a, outcomeOK) {
			t.Errorf("no %s entry", a)
		}
	}
}
