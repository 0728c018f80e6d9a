package vault

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"
)

// Hot statements, prepared once when the vault opens and reused by every
// transaction (SQLite parsing would otherwise dominate small writes).
var (
	qUserByID   = "SELECT id, name, role, disabled, created_at FROM users WHERE id = ?"
	qUserByName = "SELECT id, name, role, disabled, created_at FROM users WHERE name = ?"
	qNextSeq    = "SELECT coalesce(max(seq), 0) + 1 FROM patients"
	qInsertKey  = "INSERT INTO patient_keys (patient_id, wrapped_key) VALUES (?, ?)"
	qReadKey    = "SELECT wrapped_key FROM patient_keys WHERE patient_id = ?"
	// qDeleteIndex takes kind, mac, patient_seq (the epoch follows from the seq).
	qDeleteIndex = "DELETE FROM patient_index WHERE kind = ?1 AND epoch = ?3 >> " + epochShift + " AND mac = ?2 AND patient_seq = ?3"
	qMRNOwner    = "SELECT p.id FROM patient_mrn m JOIN patients p ON p.seq = m.patient_seq WHERE m.mac = ?"
	qInsertMRN   = "INSERT INTO patient_mrn (mac, patient_seq) VALUES (?, ?)"
	qDeleteMRN   = "DELETE FROM patient_mrn WHERE mac = ? AND patient_seq = ?"
	qPatientSeq  = "SELECT seq FROM patients WHERE id = ?"
	// qDeleteIndexOf and qDeleteMRNOf remove every index row of a patient,
	// for records that do not decrypt (qDeleteMRNOf is a full scan: there is
	// no index on patient_seq; qDeleteIndexOf scans the patient's epoch).
	qDeleteIndexOf = "DELETE FROM patient_index WHERE kind IN (1, 3) AND epoch = (SELECT seq >> " + epochShift + " FROM patients WHERE id = ?1) " +
		"AND patient_seq = (SELECT seq FROM patients WHERE id = ?1)"
	qDeleteMRNOf  = "DELETE FROM patient_mrn WHERE patient_seq = (SELECT seq FROM patients WHERE id = ?)"
	qReadHead     = "SELECT seq, mac, head_mac, signer, at FROM audit_head WHERE id = 1"
	qInsertAudit  = "INSERT INTO audit_log (seq, at, user_id, action, object, outcome, detail, mac, signer, sig) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	qUpsertHead   = "INSERT INTO audit_head (id, seq, mac, head_mac, signer, at) VALUES (1, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, mac = excluded.mac, head_mac = excluded.head_mac, signer = excluded.signer, at = excluded.at"
	qSignerRow    = "SELECT seq, mac FROM audit_signers WHERE signer = ?"
	qEntryHash    = "SELECT mac FROM audit_log WHERE seq = ?"
	qLastEntry    = "SELECT seq, mac, at FROM audit_log ORDER BY seq DESC LIMIT 1"
	qUpsertSigner = "INSERT INTO audit_signers (signer, seq, mac, at, sig) VALUES (?, ?, ?, ?, ?) ON CONFLICT (signer) DO UPDATE SET seq = excluded.seq, mac = excluded.mac, at = excluded.at, sig = excluded.sig"
	// qCandidates takes kind and mac and probes every epoch (CROSS JOIN keeps
	// the epochs outside: SQLite would otherwise scan all rows of the kind).
	qCandidates    = epochs + "SELECT p.id FROM epochs e CROSS JOIN patient_index i ON i.kind = ?1 AND i.epoch = e.n AND i.mac = ?2 JOIN patients p ON p.seq = i.patient_seq ORDER BY p.seq"
	qCandidatesMRN = "SELECT p.id FROM patient_mrn m JOIN patients p ON p.seq = m.patient_seq WHERE m.mac = ?"
	// qCandidatesNameDOB walks the patients born on a date (kind 3) and keeps
	// those with a name row (kind 1) for the name.
	qCandidatesNameDOB = epochs + "SELECT p.id FROM epochs e CROSS JOIN patient_index d ON d.kind = 3 AND d.epoch = e.n AND d.mac = ?1 JOIN patients p ON p.seq = d.patient_seq " +
		"WHERE EXISTS (SELECT 1 FROM patient_index n WHERE n.kind = 1 AND n.epoch = d.epoch AND n.mac = ?2 AND n.patient_seq = d.patient_seq) ORDER BY p.seq"
	qInsertPatient = "INSERT INTO patients (id, seq, version, restricted, created_at, updated_at, " +
		strings.Join(patientColumns, ", ") + ") VALUES (?" + strings.Repeat(", ?", 5+len(patientColumns)) + ")"
	qLoadAll      = loadQuery(patientColumns)
	qLoadIdentity = loadQuery(patientColumns[:clinicalFrom])
	qLoadSummary  = loadQuery(summaryColumns)
)

// maxIndexRows bounds the blind-index rows of one patient (indexEntries):
// three name forms, the birth date and the MRN (stored in patient_mrn).
const maxIndexRows = 5

// Blind-index epochs (migration 0051): a row's epoch is its patient_seq
// shifted right by epochShift, so the rows of 2,048 consecutively created
// patients share a region of the index B-tree and a batch of new patients
// dirties a few dozen pages instead of leaves all over the tree. Lookups
// probe each epoch: epochs is a common table expression listing them.
const (
	epochShift = "11"
	epochs     = "WITH RECURSIVE epochs(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM epochs WHERE n < (SELECT coalesce(max(seq), 0) >> " + epochShift + " FROM patients)) "
	// insertIndexHead inserts (kind, mac, patient_seq) rows, given as a
	// VALUES list closed by insertIndexTail, with their epoch.
	insertIndexHead = "INSERT OR IGNORE INTO patient_index (kind, epoch, mac, patient_seq) SELECT column1, column3 >> " + epochShift + ", column2, column3 FROM (VALUES "
	insertIndexTail = ")"
)

// insertIndexQuery inserts n blind-index rows (kind, mac, patient_seq) in one statement.
func insertIndexQuery(n int) string {
	return insertIndexHead + "(?, ?, ?)" + strings.Repeat(", (?, ?, ?)", n-1) + insertIndexTail
}

func hotQueries() []string {
	qs := []string{
		qUserByID, qUserByName, qNextSeq, qPatientSeq, qInsertKey, qReadKey, qDeleteIndex, qMRNOwner, qInsertMRN, qDeleteMRN, qCandidatesMRN,
		qReadHead, qInsertAudit, qUpsertHead, qUpsertSigner, qSignerRow, qEntryHash, qLastEntry, qCandidates, qCandidatesNameDOB, qInsertPatient, qLoadAll, qLoadIdentity, qLoadSummary,
	}
	for n := 1; n <= maxIndexRows; n++ {
		qs = append(qs, insertIndexQuery(n))
	}
	qs = append(qs, clinicalQueries()...)
	return append(qs, multiInsertQueries()...)
}

func loadQuery(columns []string) string {
	return "SELECT version, restricted, created_at, updated_at, last_clinical_at, clinical_version, " + strings.Join(columns, ", ") + ", " + recordColumns("") + " FROM patients WHERE id = ?"
}

func (v *Vault) prepare() error {
	v.stmts = map[string]*sql.Stmt{}
	for _, q := range hotQueries() {
		st, err := v.db.Prepare(q)
		if err != nil {
			return fmt.Errorf("vault: prepare: %w", err)
		}
		v.stmts[q] = st
	}
	return nil
}

func (v *Vault) closeStmts() {
	for _, st := range v.stmts {
		st.Close()
	}
}

// txn is one immediate transaction. It runs prepared statements where it
// has them and keeps the audit head in memory, writing it once at commit.
type txn struct {
	*sql.Tx
	v         *Vault
	head      *auditHead
	headDirty bool
}

func (t *txn) stmt(q string) *sql.Stmt {
	if st := t.v.stmts[q]; st != nil {
		return t.Tx.Stmt(st)
	}
	return nil
}

// Exec runs q, prepared if it is a hot statement.
func (t *txn) Exec(q string, args ...any) (sql.Result, error) {
	if st := t.stmt(q); st != nil {
		return st.Exec(args...)
	}
	return t.Tx.Exec(q, args...)
}

// Query runs q, prepared if it is a hot statement.
func (t *txn) Query(q string, args ...any) (*sql.Rows, error) {
	if st := t.stmt(q); st != nil {
		return st.Query(args...)
	}
	return t.Tx.Query(q, args...)
}

// QueryRow runs q, prepared if it is a hot statement.
func (t *txn) QueryRow(q string, args ...any) *sql.Row {
	if st := t.stmt(q); st != nil {
		return st.QueryRow(args...)
	}
	return t.Tx.QueryRow(q, args...)
}

// syncMode selects how a transaction's commit reaches the disk.
type syncMode bool

const (
	// durable commits with synchronous=FULL: on disk when Commit returns.
	durable syncMode = true
	// relaxed commits with synchronous=NORMAL: the WAL is not fsynced at
	// commit, so the transaction survives a crash of the program but a power
	// cut may lose it until the next durable commit or checkpoint. The WAL
	// stays consistent either way (its frames are checksummed and chained).
	// Used only for the audit entries of reads and searches.
	relaxed syncMode = false
)

// inTx runs fn in one durable immediate transaction and commits if fn succeeds.
func (v *Vault) inTx(fn func(*txn) error) error {
	return v.inTxMode(durable, fn)
}

// inTxMode runs fn in one immediate transaction on the (single) connection,
// pinned so that a relaxed synchronous setting never leaks to another
// transaction.
func (v *Vault) inTxMode(mode syncMode, fn func(*txn) error) error {
	ctx := context.Background()
	conn, err := v.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("vault: connection: %w", err)
	}
	defer conn.Close()
	if mode == relaxed {
		if _, err := conn.ExecContext(ctx, "PRAGMA synchronous = NORMAL"); err != nil {
			return fmt.Errorf("vault: synchronous: %w", err)
		}
		defer restoreFull(ctx, conn)
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("vault: begin: %w", err)
	}
	defer tx.Rollback()
	t := &txn{Tx: tx, v: v}
	if err := fn(t); err != nil {
		return err
	}
	if err := t.flushHead(); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("vault: commit: %w", err)
	}
	return nil
}

// restoreFull puts the connection back to synchronous=FULL, or discards it
// (the pool then opens a fresh one with the DSN's FULL) if that fails.
func restoreFull(ctx context.Context, conn *sql.Conn) {
	if _, err := conn.ExecContext(ctx, "PRAGMA synchronous = FULL"); err != nil {
		_ = conn.Raw(func(any) error { return driver.ErrBadConn })
	}
}

func (t *txn) flushHead() error {
	if !t.headDirty {
		return nil
	}
	h := t.head
	if _, err := t.Exec(qUpsertHead, h.seq, h.mac, h.headMAC, h.signer, h.at); err != nil {
		return fmt.Errorf("vault: move audit head: %w", err)
	}
	if _, err := t.Exec(qUpsertSigner, h.signer, h.seq, h.mac, h.at, h.headMAC); err != nil {
		return fmt.Errorf("vault: move audit signer head: %w", err)
	}
	t.v.headMu.Lock()
	t.v.lastHead = h.fingerprint()
	t.v.headMu.Unlock()
	return nil
}
