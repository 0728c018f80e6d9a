package vault

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestRetentionItemsRandomPresence compares RetentionItems with the
// categories ErasureFacts finds by decrypting every field, on patients whose
// contact and clinical fields are each empty, shorter than a pad block
// (presence needs decryption) or longer (the length tells), and checks the
// items come in creation order.
func TestRetentionItemsRandomPresence(t *testing.T) {
	_, c, admin := retentionVault(t)
	r := rand.New(rand.NewPCG(21, 5))
	value := func(short, long string) string { // short: under a pad block, so presence needs decryption
		return []string{"", short, long}[r.IntN(3)]
	}
	var ps []Patient
	for i := range 60 {
		p := fakePatient(r, i)
		p.Address, p.Postcode = value("1 Qw Rd", "12 Long Synthetic Qwzzle Lane"), value("QZ9", "QZ9 9ZZ extended code")
		p.Phone, p.Email = value("+00 301234567", "+00 0000 000000 000"), value("q@x.invalid", "synthetic.person@example.invalid")
		p.Diagnosis, p.Notes = value("Z99", "Z99.9 synthetic long diagnosis"), value("seen", "synthetic follow-up notes, long enough")
		ps = append(ps, mustAdd(t, admin, p))
	}
	for _, p := range ps {
		checkItems(t, admin, p, c.now(), false)
	}
	items, err := admin.RetentionItems()
	must(t, err)
	var order []string
	for _, it := range items {
		if len(order) == 0 || order[len(order)-1] != it.SubjectID {
			order = append(order, it.SubjectID)
		}
	}
	var want []string
	for _, p := range ps {
		want = append(want, p.ID)
	}
	if !slices.Equal(order, want) {
		t.Errorf("items not in creation order")
	}
}

// TestRetentionIndexMatchesQuery: the flags expression RetentionItems
// asks for is the one migration 0090 indexes, so the list is read from
// the index and the patients table is only visited for short ciphertexts.
func TestRetentionIndexMatchesQuery(t *testing.T) {
	mig, err := migrationFiles.ReadFile("migrations/0090_patient_records.sql")
	must(t, err)
	if f := retentionFlags(); !strings.Contains(string(mig), f) {
		t.Errorf("migration 0090 does not index %s", f)
	}
	v, _, admin := retentionVault(t)
	mustAdd(t, admin, fakePatient(rand.New(rand.NewPCG(1, 9)), 1))
	rows, err := v.db.Query("EXPLAIN QUERY PLAN " + retentionQuery())
	must(t, err)
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		must(t, rows.Scan(&id, &parent, &unused, &detail))
		plan = append(plan, detail)
	}
	if !slices.ContainsFunc(plan, func(d string) bool {
		return strings.Contains(d, "SCAN patients USING COVERING INDEX patients_retention")
	}) {
		t.Errorf("query plan %q does not scan the retention index", plan)
	}
}
