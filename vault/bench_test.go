package vault

import (
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// Fairness of the insert benchmarks: both sides use the same DSN (WAL,
// synchronous=FULL, secure_delete, ...), one connection, the same
// transaction frame (Vault.inTx), one transaction per patient (or per batch
// of 100 in the Batch variants), the same prepared multi-row INSERTs
// (multiInsert, chunks of up to 128 patients), the same twelve columns plus
// id/seq/version/flags/timestamps, and the indexes each needs for the same
// lookups (plaintext: family, given, birth date, unique MRN; encrypted: the
// blind-index tables). Both write one audit row per patient in the same
// transaction (plaintext: time, user, action, object, outcome, detail and
// an index on the object, as the vault's audit_log has); what only the
// encrypted side does is the cryptography: data keys, sealing, blind-index
// MACs, the audit hash chain and signature, and the rows those need.

func BenchmarkInsertEncrypted(b *testing.B) {
	_, s := NewTestVault(b)
	r := rand.New(rand.NewPCG(1, 1))
	i := 0
	for b.Loop() {
		if _, err := s.AddPatient(fakePatient(r, i)); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkInsertPlaintext(b *testing.B) {
	db := newPlainStore(b)
	r := rand.New(rand.NewPCG(1, 1))
	i := 0
	for b.Loop() {
		if err := db.insert([]Patient{fakePatient(r, i)}, i); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

const benchBatch = 100

func BenchmarkInsertEncryptedBatch100(b *testing.B) {
	_, s := NewTestVault(b)
	r := rand.New(rand.NewPCG(1, 1))
	i := 0
	c0 := processCost()
	for b.Loop() {
		if _, err := s.AddPatients(fakeBatch(r, i, benchBatch)); err != nil {
			b.Fatal(err)
		}
		i += benchBatch
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(i), "ns/patient")
	reportCost(b, c0, i)
}

func BenchmarkInsertPlaintextBatch100(b *testing.B) {
	db := newPlainStore(b)
	r := rand.New(rand.NewPCG(1, 1))
	i := 0
	c0 := processCost()
	for b.Loop() {
		if err := db.insert(fakeBatch(r, i, benchBatch), i); err != nil {
			b.Fatal(err)
		}
		i += benchBatch
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(i), "ns/patient")
	reportCost(b, c0, i)
}

func fakeBatch(r *rand.Rand, from, n int) []Patient {
	ps := make([]Patient, n)
	for j := range ps {
		ps[j] = fakePatient(r, from+j)
	}
	return ps
}

// plainStore is the plaintext side of the insert benchmarks: the same
// patients in clear, stored through the vault's transaction frame and
// multi-row statements.
type plainStore struct {
	v      *Vault // only db and stmts are set: inTx, txn and multiInsert work on them
	userID string
}

var (
	insPlainPatients = newMultiInsert("INSERT OR FAIL INTO plain_patients (id, seq, version, restricted, created_at, updated_at, "+
		strings.Join(patientColumns, ", ")+") VALUES ", 6+len(patientColumns))
	insPlainAudit = newMultiInsert("INSERT OR FAIL INTO plain_audit (seq, at, user_id, action, object, outcome, detail) VALUES ", 7)
)

func newPlainStore(b *testing.B) *plainStore {
	b.Helper()
	db, err := openDB(filepath.Join(b.TempDir(), "plain.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	cols := strings.Join(patientColumns, " TEXT NOT NULL, ") + " TEXT NOT NULL"
	_, err = db.Exec(`CREATE TABLE plain_patients (id TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, version INTEGER NOT NULL,
		restricted INTEGER NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, ` + cols + `);
		CREATE INDEX plain_family ON plain_patients (family_name);
		CREATE INDEX plain_given ON plain_patients (given_name);
		CREATE INDEX plain_dob ON plain_patients (birth_date);
		CREATE UNIQUE INDEX plain_mrn ON plain_patients (mrn) WHERE mrn <> '';
		CREATE TABLE plain_audit (seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, user_id TEXT NOT NULL, action TEXT NOT NULL,
			object TEXT NOT NULL, outcome TEXT NOT NULL, detail TEXT NOT NULL);
		CREATE INDEX plain_audit_object ON plain_audit (object)`)
	if err != nil {
		b.Fatal(err)
	}
	v := &Vault{db: db, stmts: map[string]*sql.Stmt{}}
	for _, m := range []multiInsert{insPlainPatients, insPlainAudit} {
		for _, q := range m.queries {
			st, err := db.Prepare(q)
			if err != nil {
				b.Fatal(err)
			}
			v.stmts[q] = st
		}
	}
	b.Cleanup(v.closeStmts)
	return &plainStore{v: v, userID: newPatientID()}
}

// insert stores ps in clear with creation numbers from seq on, and one
// audit row each, in one transaction.
func (s *plainStore) insert(ps []Patient, seq int) error {
	return s.v.inTx(func(tx *txn) error {
		for from := 0; from < len(ps); from += insertChunk {
			chunk := ps[from:min(from+insertChunk, len(ps))]
			rows := make([]any, 0, insPlainPatients.cols*len(chunk))
			audit := make([]any, 0, insPlainAudit.cols*len(chunk))
			for j, p := range chunk {
				p = prepareNew(p, p.BirthDate)
				n := seq + from + j
				rows = append(rows, p.ID, n, p.Version, p.Restricted, p.CreatedAt.UnixNano(), p.UpdatedAt.UnixNano())
				for _, v := range p.encryptedValues() {
					rows = append(rows, v)
				}
				audit = append(audit, n+1, p.CreatedAt.UnixNano(), s.userID, "patient.create", "patient:"+p.ID, outcomeOK, "")
			}
			if err := insPlainPatients.exec(tx, rows); err != nil {
				return err
			}
			if err := insPlainAudit.exec(tx, audit); err != nil {
				return err
			}
		}
		return nil
	})
}

// BenchmarkUnlockDefault unlocks with CalibrateKDF's default parameters:
// it measures the KDF work an unlock costs by design (target 0.5–1 s).
func BenchmarkUnlockDefault(b *testing.B) {
	path := filepath.Join(b.TempDir(), "unlock.vault")
	if _, err := Create(path, "admin", []byte("admin-passphrase"), Options{}); err != nil {
		b.Fatal(err)
	}
	v, err := Open(path, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer v.Close()
	sl, err := findSlot(v.db, "recovery", "")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		s, err := v.Unlock("admin", []byte("admin-passphrase"))
		if err != nil {
			b.Fatal(err)
		}
		s.Lock()
	}
	b.ReportMetric(float64(sl.params.Time), "argon2-passes") // after the loop: b.Loop resets metrics
}

// bench100k is the 100,000-patient vault shared by every run of
// BenchmarkFindByName100k (the framework calls it with growing b.N).
var bench100k struct {
	once    sync.Once
	dir     string
	s       *Session
	v       *Vault
	queries []Query
	err     error
}

const benchPatients = 100_000

func BenchmarkFindByName100k(b *testing.B) {
	if testing.Short() {
		b.Skip("builds a 100,000-patient vault")
	}
	bench100k.once.Do(build100k)
	if bench100k.err != nil {
		b.Fatal(bench100k.err)
	}
	s, qs := bench100k.s, bench100k.queries
	i := 0
	for b.Loop() {
		res, err := s.FindPatients(qs[i%len(qs)])
		if err != nil || len(res) == 0 {
			b.Fatalf("query %d: %d results, %v", i, len(res), err)
		}
		i++
	}
}

func build100k() {
	c := &bench100k
	if c.dir, c.err = os.MkdirTemp("", "custodia-bench-"); c.err != nil {
		return
	}
	weak := WeakKDFParams()
	path := filepath.Join(c.dir, "100k.vault")
	if _, c.err = Create(path, "admin", []byte("admin-passphrase"), Options{KDF: &weak}); c.err != nil {
		return
	}
	if c.v, c.err = Open(path, Options{KDF: &weak}); c.err != nil {
		return
	}
	if c.s, c.err = c.v.Unlock("admin", []byte("admin-passphrase")); c.err != nil {
		return
	}
	r := rand.New(rand.NewPCG(100, 100))
	for from := 0; from < benchPatients; from += 1000 {
		batch := fakeBatch(r, from, 1000)
		for j := range batch { // names mostly unique, as in a real register
			batch[j].FamilyName = fakeName(r, 4)
		}
		added, err := c.s.AddPatients(batch)
		if err != nil {
			c.err = fmt.Errorf("batch at %d: %w", from, err)
			return
		}
		for _, p := range added[:10] {
			c.queries = append(c.queries, Query{Name: p.GivenName + " " + p.FamilyName})
		}
	}
}

// TestMain removes the cached benchmark vault after all tests and benchmarks.
func TestMain(m *testing.M) {
	code := m.Run()
	if bench100k.v != nil {
		bench100k.v.Close()
	}
	if bench100k.dir != "" {
		os.RemoveAll(bench100k.dir)
	}
	os.Exit(code)
}
