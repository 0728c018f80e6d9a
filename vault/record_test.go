package vault

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"custodia/consent"
)

// sealedColumns are the columns holding a record-format patient's
// ciphertexts (besides the wrapped data key).
var sealedColumns = []string{"identity", "contact", "diagnosis", "notes"}

// TestPatientRecordEncoding: records round-trip for random values (empty,
// short, longer than one uvarint byte, any bytes), and a truncated,
// extended or miscounted record is an integrity error.
func TestPatientRecordEncoding(t *testing.T) {
	r := rand.New(rand.NewPCG(90, 90))
	for range 500 {
		n := 1 + r.IntN(7)
		values := make([]string, n)
		for i := range values {
			b := make([]byte, []int{0, 1, 5, 127, 128, 300}[r.IntN(6)])
			for j := range b {
				b[j] = byte(r.IntN(256))
			}
			values[i] = string(b)
		}
		rec := appendPatientRecord(nil, values...)
		got, err := decodePatientRecord(rec, n)
		if err != nil || !slices.Equal(got, values) {
			t.Fatalf("round trip of %d values: %v", n, err)
		}
		if _, err := decodePatientRecord(rec, n+1); !errors.Is(err, ErrIntegrity) {
			t.Fatalf("one value more than stored: %v", err)
		}
		if _, err := decodePatientRecord(append(rec, 0), n); !errors.Is(err, ErrIntegrity) {
			t.Fatalf("trailing byte: %v", err)
		}
		if len(values[n-1]) > 0 {
			if _, err := decodePatientRecord(rec[:len(rec)-1], n); !errors.Is(err, ErrIntegrity) {
				t.Fatalf("truncated record: %v", err)
			}
		}
	}
}

// TestRecordTamperFormat: a record-format row whose records are emptied
// (both, as if it were a per-field row whose fields are empty, or one)
// gives ErrIntegrity, never an empty patient; a per-field row with an
// emptied identity column likewise.
func TestRecordTamperFormat(t *testing.T) {
	v, s := NewTestVault(t)
	atk := attacker(t, v)
	r := rand.New(rand.NewPCG(91, 91))
	p := mustAdd(t, s, fakePatient(r, 1))
	identity := readBlob(t, atk, "SELECT identity FROM patients WHERE id = ?", p.ID)
	contact := readBlob(t, atk, "SELECT contact FROM patients WHERE id = ?", p.ID)
	for _, set := range []string{"identity = x''", "contact = x''", "identity = x'', contact = x''"} {
		rawExec(t, atk, "UPDATE patients SET "+set+" WHERE id = ?", p.ID)
		wantIntegrity(t, s, p.ID, set)
		if _, err := s.FindPatients(Query{MRN: p.MRN}); !errors.Is(err, ErrIntegrity) {
			t.Fatalf("%s: search: %v, want ErrIntegrity", set, err)
		}
		rawExec(t, atk, "UPDATE patients SET identity = ?, contact = ? WHERE id = ?", identity, contact, p.ID)
	}
	q := mustAdd(t, s, fakePatient(r, 2))
	must(t, v.inTx(func(tx *txn) error { storeLegacy(t, tx, s.k, q); return nil }))
	rawExec(t, atk, "UPDATE patients SET family_name = x'' WHERE id = ?", q.ID)
	wantIntegrity(t, s, q.ID, "per-field row with an emptied family name")
}

// TestLegacyRowsRead builds a vault whose rows were written in the
// per-field format of before migration 0090 (by the old writer, kept under
// test) next to record-format rows, and checks that both read, search,
// list, extract and feed the retention list exactly alike; that an update
// stores a per-field row in record format; and that a rotation converts
// every row.
func TestLegacyRowsRead(t *testing.T) {
	v, c, s := retentionVault(t)
	r := rand.New(rand.NewPCG(92, 92))
	var ps []Patient
	for i := range 12 {
		p := fakePatient(r, i)
		switch i % 4 {
		case 1: // no contact data at all: presence must come from decrypting
			p.Address, p.Postcode, p.Phone, p.Email = "", "", "", ""
		case 2: // short contact data: under one pad block
			p.Address, p.Postcode, p.Phone, p.Email = "", "Q1", "", ""
		case 3:
			p.Diagnosis, p.Notes = "", ""
		}
		ps = append(ps, mustAdd(t, s, p))
	}
	c.advance(24 * time.Hour)
	want := readPatients(t, s, ps)
	wantItems, err := s.RetentionItems()
	must(t, err)
	wantExtract := extractText(t, s)
	legacy := ps[:8]
	must(t, v.inTx(func(tx *txn) error {
		for _, p := range legacy {
			storeLegacy(t, tx, s.k, p)
		}
		return nil
	}))
	checkFormats(t, v, ps, len(legacy))
	if got := readPatients(t, s, ps); got != want {
		t.Fatalf("per-field rows read differently: %s", firstDiff(want, got))
	}
	for _, p := range ps {
		for _, q := range []Query{{Name: p.FamilyName}, {Name: p.GivenName + " " + p.FamilyName, BirthDate: p.BirthDate}, {MRN: p.MRN}, {BirthDate: p.BirthDate}} {
			res, err := s.FindPatients(q)
			must(t, err)
			if !slices.ContainsFunc(res, func(x PatientSummary) bool { return x.ID == p.ID && x.FamilyName == p.FamilyName }) {
				t.Fatalf("search %+v misses patient %s", q, p.ID)
			}
		}
	}
	items, err := s.RetentionItems()
	must(t, err)
	if !reflect.DeepEqual(items, wantItems) {
		t.Fatalf("retention items differ for per-field rows")
	}
	if got := extractText(t, s); got != wantExtract {
		t.Fatalf("extract differs for per-field rows: %s", firstDiff(wantExtract, got))
	}
	// An update stores the row in record format (lazy upgrade).
	p, err := s.GetPatient(legacy[0].ID)
	must(t, err)
	p.Phone = "+99 555 0000001"
	_, err = s.UpdatePatient(p)
	must(t, err)
	checkFormats(t, v, append(slices.Clone(ps[1:]), ps[0]), len(legacy)-1)
	got, err := s.GetPatient(p.ID)
	must(t, err)
	if got.Phone != p.Phone || got.FamilyName != p.FamilyName || got.Notes != p.Notes {
		t.Fatal("the upgraded row reads differently")
	}
	// A rotation re-seals every row, in record format.
	must(t, v.inTx(func(tx *txn) error { storeLegacy(t, tx, s.k, got); return nil }))
	want = readPatients(t, s, ps)
	if _, err := s.Rotate(); err != nil {
		t.Fatal(err)
	}
	checkFormats(t, v, ps, 0)
	if got := readPatients(t, s, ps); got != want {
		t.Fatalf("rotated rows read differently: %s", firstDiff(want, got))
	}
}

// checkFormats checks that the first legacy of ps are stored in per-field
// format and the others in record format.
func checkFormats(t *testing.T, v *Vault, ps []Patient, legacy int) {
	t.Helper()
	for i, p := range ps {
		var identity, contact, given []byte
		must(t, v.db.QueryRow("SELECT identity, contact, given_name FROM patients WHERE id = ?", p.ID).Scan(&identity, &contact, &given))
		perField := len(identity) == 0 && len(contact) == 0 && len(given) > 0
		records := len(identity) > 0 && len(contact) > 0 && len(given) == 0
		if i < legacy && !perField || i >= legacy && !records {
			t.Fatalf("patient %d: per-field %t, record %t; want per-field %t", i, perField, records, i < legacy)
		}
	}
}

func readPatients(t *testing.T, s *Session, ps []Patient) string {
	t.Helper()
	var b strings.Builder
	for _, p := range ps {
		got, err := s.GetPatient(p.ID)
		must(t, err)
		fmt.Fprintf(&b, "%+v\n", got)
	}
	return b.String()
}

func extractText(t *testing.T, s *Session) string {
	t.Helper()
	var b strings.Builder
	must(t, s.ClinicalExtract(func(r ExtractRecord) error {
		fmt.Fprintf(&b, "%s %s %s %s %d\n", r.PatientID, r.BirthDate.Format(dateLayout), r.Sex, r.Postcode, len(r.Encounters))
		return nil
	}))
	return b.String()
}

// TestRecordShredded: after a patient is deleted, the records' bytes are
// nowhere in the file, WAL or shared memory, the data key is gone, and a
// kept copy of the identity record opens under none of the keys an
// administrator still holds (the field key needs the destroyed data key).
func TestRecordShredded(t *testing.T) {
	v, s := NewTestVault(t)
	r := rand.New(rand.NewPCG(93, 93))
	p := mustAdd(t, s, fakePatient(r, 1))
	mustAdd(t, s, fakePatient(r, 2))
	var identity, contact, wrapped []byte
	must(t, v.db.QueryRow("SELECT p.identity, p.contact, k.wrapped_key FROM patients p JOIN patient_keys k ON k.patient_id = p.id WHERE p.id = ?", p.ID).Scan(&identity, &contact, &wrapped))
	dk, err := s.k.needWrap()
	must(t, err)
	dataKey, err := open(dk, wrapped, s.k.keyAD(p.ID))
	must(t, err)
	ad := s.k.patientRecordAD(nil, p.ID, "identity", rowVersion{version: p.Version, clinical: p.Version})
	if _, err := s.k.openFor(catIdentity, dataKey, identity, ad); err != nil {
		t.Fatalf("control: the kept record does not open with the data key: %v", err)
	}
	must(t, s.DeletePatient(p.ID))
	err = v.inTx(func(tx *txn) error { _, err := s.k.dataKey(tx, p.ID); return err })
	if !errors.Is(err, ErrIntegrity) {
		t.Fatalf("data key after deletion: %v", err)
	}
	for _, key := range [][]byte{dk, s.k.cat[catIdentity], s.k.cat[catRecords], s.k.name, wrapped[:keyLen]} {
		if _, err := s.k.openFor(catIdentity, key, identity, ad); err == nil {
			t.Fatal("the identity record opens without the destroyed data key")
		}
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		data, err := os.ReadFile(v.Path() + suffix)
		if os.IsNotExist(err) {
			continue
		}
		must(t, err)
		for _, ct := range [][]byte{identity[1:40], contact[1:40], wrapped[1:40]} {
			if bytes.Contains(data, ct) {
				t.Fatalf("vault%s still holds a ciphertext of the deleted patient", suffix)
			}
		}
	}
}

// TestRecordRetentionPresence: the retention list reads contact presence
// from the contact record's length, and decrypts it when it is short.
func TestRecordRetentionPresence(t *testing.T) {
	_, _, s := retentionVault(t)
	r := rand.New(rand.NewPCG(94, 94))
	full := fakePatient(r, 1)
	none := fakePatient(r, 2)
	none.Address, none.Postcode, none.Phone, none.Email = "", "", "", ""
	short := fakePatient(r, 3)
	short.Address, short.Postcode, short.Phone, short.Email = "", "Q1", "", ""
	ids := map[string]bool{}
	for p, held := range map[Patient]bool{full: true, none: false, short: true} {
		ids[mustAdd(t, s, p).ID] = held
	}
	items, err := s.RetentionItems()
	must(t, err)
	seen := 0
	for _, it := range items {
		held, ok := ids[it.SubjectID]
		if !ok || it.Category != consent.RecContact {
			continue
		}
		seen++
		if !held {
			t.Errorf("patient without contact data listed as holding some")
		}
	}
	if seen != 2 {
		t.Errorf("%d patients listed with contact data, want 2", seen)
	}
}
