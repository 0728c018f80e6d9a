package vault

import (
	"math/rand/v2"
	"slices"
	"testing"

	"custodia/consent"
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

// TestSortBySeq: items of patients read out of creation order are put back
// in it, each patient's items kept together and in order.
func TestSortBySeq(t *testing.T) {
	item := func(id string, c consent.RecordCategory) consent.RetentionItem {
		return consent.RetentionItem{SubjectID: id, Category: c}
	}
	items := []consent.RetentionItem{item("b", consent.RecIdentity), item("b", consent.RecClinical),
		item("a", consent.RecIdentity), item("c", consent.RecIdentity), item("c", consent.RecContact)}
	got := sortBySeq(items, []int64{7, 3, 9})
	var ids []string
	for _, it := range got {
		ids = append(ids, it.SubjectID+"/"+string(it.Category))
	}
	if want := []string{"a/identity", "b/identity", "b/clinical", "c/identity", "c/contact"}; !slices.Equal(ids, want) {
		t.Errorf("got %v, want %v", ids, want)
	}
}
