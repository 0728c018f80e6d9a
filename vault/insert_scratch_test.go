package vault

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestAppendPatientADMatchesStringForm checks the associated data built in
// place against the string construction it replaced, on random ids and
// versions, for every sealed patient column and both formats.
func TestAppendPatientADMatchesStringForm(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	k := &keys{vaultID: newPatientID()}
	columns := append([]string{"identity", "contact"}, patientColumns...)
	for range 2000 {
		id := newPatientID()[:r.IntN(37)]
		rv := rowVersion{version: r.Int64N(1 << r.IntN(63)), clinical: r.Int64N(1 << r.IntN(63))}
		c := columns[r.IntN(len(columns))]
		record := c == "identity" || c == "contact"
		want := appendAssociatedData(nil, k.vaultID, "patients", c, fieldADRow(id, c, rv))
		if record {
			want = appendAssociatedData(nil, k.vaultID, "patients", c, fieldADRow(id, c, rv)+";f="+fmt.Sprint(patientRecordFormat))
		}
		prefix := []byte("kept")
		got := k.appendPatientAD(append([]byte(nil), prefix...), id, c, rv, clinicalColumn(c), record)
		if !bytes.Equal(got, append(prefix, want...)) {
			t.Fatalf("column %s id %q %+v: got %x want %x", c, id, rv, got, want)
		}
	}
}

// TestNormaliseASCIIName checks the ASCII fast path against the general
// path on random strings over an alphabet that mixes accepted ASCII bytes,
// other ASCII punctuation and non-ASCII letters.
func TestNormaliseASCIIName(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	alphabet := []rune("aZk09 -_'.\t\n\v\f\rQx,;é’ß‐\u0085\u00a0")
	for range 20000 {
		rs := make([]rune, r.IntN(12))
		for i := range rs {
			rs[i] = alphabet[r.IntN(len(alphabet))]
		}
		s := string(rs)
		if got, want := normaliseName(s), normaliseNameRunes(s); got != want {
			t.Fatalf("%q: got %q, want %q", s, got, want)
		}
	}
}

// TestSealBatchWipesDataKeys checks that a chunk's data keys do not outlive
// its insert: after wipe every byte read from the random source is zero.
func TestSealBatchWipesDataKeys(t *testing.T) {
	_, s := NewTestVault(t)
	ps := fakeBatch(rand.New(rand.NewPCG(5, 5)), 0, 3)
	for i := range ps {
		ps[i] = prepareNew(ps[i], ps[i].BirthDate)
	}
	b, err := s.k.newSealBatch(ps)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if _, _, _, err := b.sealNew(p); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, _, err := b.sealNew(ps[0]); err == nil {
		t.Fatal("a fourth patient was sealed with a batch made for three")
	}
	b.wipe()
	if !bytes.Equal(b.random, make([]byte, len(b.random))) || len(b.random) != 3*newPatientRandom {
		t.Fatalf("random bytes of %d left after wipe", len(b.random))
	}
}

// TestNormaliseMRNFastPath checks the unchanged-MRN shortcut against the
// general normalisation on random strings.
func TestNormaliseMRNFastPath(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	alphabet := []rune("AZ09az -_/\t\n\v\f\rß\u00a0\u2003é")
	for range 20000 {
		rs := make([]rune, r.IntN(10))
		for i := range rs {
			rs[i] = alphabet[r.IntN(len(alphabet))]
		}
		s := string(rs)
		if got, want := normaliseMRN(s), strings.ToUpper(strings.Join(strings.Fields(s), "")); got != want {
			t.Fatalf("%q: got %q, want %q", s, got, want)
		}
	}
}
