package vault

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"
)

// The erasure journal lists every patient erasure and deletion, so that a
// vault restored from an older backup (or an older copy of the file put
// back) can re-apply them before anyone opens it: an erased patient never
// comes back.
//
// Each entry is one JSON line, hash-chained to the previous one (SHA-256 of
// its line) and signed with the vault's journal key (Ed25519). The seed of
// that key is random, sealed under a key derived from the master key; its
// public key is kept in clear in the vault (journal_key) and therefore in
// every backup, so a backup verifies later entries with the key it pins.
// The newest journal entry of an erasure is also named in its audit entry
// (detail "journal=SEQ:HASH"), which anchors the journal in the audit chain.
//
// The journal lives in two places: the erasure_journal table inside the
// vault (so the current vault file is itself a journal source, and every
// backup carries the journal up to its time), and a file next to the vault
// ("<vault>.erasures", JournalPath), appended after every erasure and
// rewritten from the table when the vault opens. Restoring reads the
// journal from that file or from the current vault file.

// JournalEntry is one erasure or deletion.
type JournalEntry struct {
	V           int       `json:"v"`
	Seq         int64     `json:"seq"`
	Vault       string    `json:"vault"`
	Kind        string    `json:"kind"` // "erasure" or "delete"
	PatientID   string    `json:"patient"`
	At          time.Time `json:"at"`
	RequestID   string    `json:"request,omitempty"`
	Certificate string    `json:"certificate,omitempty"`
	Prev        string    `json:"prev"`          // hex SHA-256 of the previous line, "" for the first
	Sig         string    `json:"sig,omitempty"` // hex Ed25519 signature of the line without sig
}

// journalHeader is the first line of a journal file.
type journalHeader struct {
	Format    string `json:"format"`
	Vault     string `json:"vault"`
	PublicKey string `json:"publicKey"`
}

const (
	journalFormat     = "custodia-erasure-journal-v1"
	purposeJournalKey = "custodia/v1/erasure-journal"
)

// JournalPath is where the erasure journal of the vault at path is kept.
func JournalPath(vaultPath string) string { return vaultPath + ".erasures" }

func (e JournalEntry) signed() []byte {
	e.Sig = ""
	b, _ := json.Marshal(e)
	return b
}

func lineHash(line string) string {
	sum := sha256.Sum256([]byte(line))
	return hex.EncodeToString(sum[:])
}

// ensureJournalKey creates the vault's journal key on first use.
func (v *Vault) ensureJournalKey(tx *txn, k *keys) error {
	if hasRow(tx, "SELECT 1 FROM journal_key WHERE id = 1") {
		return nil
	}
	seed := randomBytes(ed25519.SeedSize)
	defer clear(seed)
	priv := ed25519.NewKeyFromSeed(seed)
	wrapped, err := wrapJournalSeed(k, seed)
	if err != nil {
		return err
	}
	_, err = tx.Exec("INSERT INTO journal_key (id, public_key, wrapped_key) VALUES (1, ?, ?)", []byte(priv.Public().(ed25519.PublicKey)), wrapped)
	return err
}

func (v *Vault) journalSigner(tx *txn, k *keys) (ed25519.PrivateKey, error) {
	if err := v.ensureJournalKey(tx, k); err != nil {
		return nil, err
	}
	seed, err := openJournalSeed(tx, k)
	if err != nil {
		return nil, err
	}
	defer clear(seed)
	return ed25519.NewKeyFromSeed(seed), nil
}

// wrapJournalSeed seals the journal key's seed under a key derived from
// the common category key of k's generation (Rotate re-wraps it).
func wrapJournalSeed(k *keys, seed []byte) ([]byte, error) {
	wrapKey, err := subkey(k.opsKey(), k.vaultID, purposeJournalKey)
	if err != nil {
		return nil, err
	}
	defer clear(wrapKey)
	return seal(wrapKey, seed, associatedData(k.vaultID, "journal_key", "wrapped_key", "1"))
}

// openJournalSeed reverses wrapJournalSeed for the stored journal key.
func openJournalSeed(q querier, k *keys) ([]byte, error) {
	var wrapped []byte
	if err := q.QueryRow("SELECT wrapped_key FROM journal_key WHERE id = 1").Scan(&wrapped); err != nil {
		return nil, fmt.Errorf("vault: journal key: %w", err)
	}
	wrapKey, err := subkey(k.opsKey(), k.vaultID, purposeJournalKey)
	if err != nil {
		return nil, err
	}
	defer clear(wrapKey)
	seed, err := open(wrapKey, wrapped, associatedData(k.vaultID, "journal_key", "wrapped_key", "1"))
	if err != nil {
		return nil, fmt.Errorf("%w: erasure journal key", ErrIntegrity)
	}
	return seed, nil
}

// journalPublicKey is the pinned public key; nil when none was made yet.
func journalPublicKey(q querier) (ed25519.PublicKey, error) {
	var pub []byte
	err := q.QueryRow("SELECT public_key FROM journal_key WHERE id = 1").Scan(&pub)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("vault: journal key: %w", err)
	}
	if len(pub) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("%w: journal public key has %d bytes", ErrIntegrity, len(pub))
	}
	return pub, nil
}

// journal appends an entry inside tx and returns its anchor "SEQ:HASH"
// for the audit entry. The file next to the vault is brought up to date
// after commit (syncJournalFile).
func (v *Vault) journal(tx *txn, k *keys, kind, patientID, requestID, certificate string, at time.Time) (string, error) {
	priv, err := v.journalSigner(tx, k)
	if err != nil {
		return "", err
	}
	defer clear(priv)
	e := JournalEntry{V: 1, Vault: k.vaultID, Kind: kind, PatientID: patientID, At: at.UTC(), RequestID: requestID, Certificate: certificate}
	var last string
	err = tx.QueryRow("SELECT seq, entry FROM erasure_journal ORDER BY seq DESC LIMIT 1").Scan(&e.Seq, &last)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("vault: read erasure journal: %w", err)
	}
	e.Seq++
	if last != "" {
		e.Prev = lineHash(last)
	}
	e.Sig = hex.EncodeToString(ed25519.Sign(priv, e.signed()))
	line, _ := json.Marshal(e)
	if _, err := tx.Exec("INSERT INTO erasure_journal (seq, entry) VALUES (?, ?)", e.Seq, string(line)); err != nil {
		return "", fmt.Errorf("vault: append erasure journal: %w", err)
	}
	return fmt.Sprintf("%d:%s", e.Seq, lineHash(string(line))[:16]), nil
}

// journalLines reads the journal table, oldest first.
func journalLines(q interface {
	Query(string, ...any) (*sql.Rows, error)
}) ([]string, error) {
	rows, err := q.Query("SELECT entry FROM erasure_journal ORDER BY seq")
	if err != nil {
		return nil, fmt.Errorf("vault: read erasure journal: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var l string
		if err := rows.Scan(&l); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// syncJournalFile rewrites the journal file next to the vault when the
// table holds entries the file lacks. A file holding more (the vault file
// was replaced by an older copy) is left alone: Open re-applies it.
func (v *Vault) syncJournalFile() error {
	if v.path == "" {
		return nil
	}
	pub, err := journalPublicKey(v.db)
	if err != nil || pub == nil {
		return err
	}
	lines, err := journalLines(v.db)
	if err != nil || len(lines) == 0 {
		return err
	}
	path := JournalPath(v.path)
	if j, err := ReadJournalFile(path); err == nil && len(j.Lines) >= len(lines) {
		return nil
	}
	return writeJournalFile(path, v.vaultID, pub, lines)
}

func writeJournalFile(path, vaultID string, pub ed25519.PublicKey, lines []string) error {
	var b bytes.Buffer
	h, _ := json.Marshal(journalHeader{Format: journalFormat, Vault: vaultID, PublicKey: hex.EncodeToString(pub)})
	b.Write(h)
	b.WriteByte('\n')
	for _, l := range lines {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("vault: write erasure journal %s: %w", path, err)
	}
	if _, err := f.Write(b.Bytes()); err != nil {
		f.Close()
		return fmt.Errorf("vault: write erasure journal %s: %w", path, err)
	}
	if err := errors.Join(f.Sync(), f.Close()); err != nil {
		return fmt.Errorf("vault: write erasure journal %s: %w", path, err)
	}
	return os.Rename(tmp, path)
}

// Journal is a journal read from a file or a vault, not yet verified.
type Journal struct {
	Vault     string
	PublicKey ed25519.PublicKey // from the file's header; nil from a vault
	Lines     []string
}

// ReadJournalFile reads a journal file (JournalPath). Lines are checked
// when they are applied, against the key the restored vault pins.
func ReadJournalFile(path string) (Journal, error) {
	f, err := os.Open(path)
	if err != nil {
		return Journal{}, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	var j Journal
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		if n == 1 {
			var h journalHeader
			if err := json.Unmarshal([]byte(line), &h); err != nil || h.Format != journalFormat {
				return Journal{}, invalidRule("journal", RuleNotAJournal, path)
			}
			pub, err := hex.DecodeString(h.PublicKey)
			if err != nil || len(pub) != ed25519.PublicKeySize {
				return Journal{}, invalidRule("journal", RuleNotAJournal, path)
			}
			j.Vault, j.PublicKey = h.Vault, pub
			continue
		}
		j.Lines = append(j.Lines, line)
	}
	if err := sc.Err(); err != nil {
		return Journal{}, fmt.Errorf("vault: read erasure journal %s: %w", path, err)
	}
	if n == 0 {
		return Journal{}, invalidRule("journal", RuleEmptyFile, path)
	}
	return j, nil
}

// verifyJournal parses and checks lines: vault id, signatures under pub,
// sequence numbers 1, 2, … and the hash chain. It returns the entries.
func verifyJournal(lines []string, vaultID string, pub ed25519.PublicKey) ([]JournalEntry, error) {
	var out []JournalEntry
	prev := ""
	for i, l := range lines {
		var e JournalEntry
		if err := json.Unmarshal([]byte(l), &e); err != nil {
			return nil, fmt.Errorf("%w: erasure journal entry %d: %v", ErrIntegrity, i+1, err)
		}
		sig, err := hex.DecodeString(e.Sig)
		switch {
		case err != nil || !ed25519.Verify(pub, e.signed(), sig):
			return nil, fmt.Errorf("%w: erasure journal entry %d: bad signature", ErrIntegrity, i+1)
		case e.Vault != vaultID:
			return nil, fmt.Errorf("%w: erasure journal entry %d belongs to vault %s, not %s", ErrIntegrity, i+1, e.Vault, vaultID)
		case e.Seq != int64(i+1):
			return nil, fmt.Errorf("%w: erasure journal entry %d has sequence number %d", ErrIntegrity, i+1, e.Seq)
		case e.Prev != prev:
			return nil, fmt.Errorf("%w: erasure journal entry %d does not follow entry %d", ErrIntegrity, i+1, i)
		}
		prev = lineHash(l)
		out = append(out, e)
	}
	return out, nil
}

// dbExec is what re-applying needs of a transaction or connection.
type dbExec interface {
	Exec(string, ...any) (sql.Result, error)
	Query(string, ...any) (*sql.Rows, error)
	QueryRow(string, ...any) *sql.Row
}

// reapplyJournal brings db's journal up to date from a newer journal and
// erases, without keys, every patient an entry after db's own journal
// names: index rows, record, data and subject keys and every row sealed
// under them. Each re-applied erasure is recorded as a pending audit entry
// (moved into the chain at the next unlock) and in erased_patients. It
// returns the entries re-applied. The newer journal must continue db's
// own (same vault, same key, db's entries as its prefix).
func reapplyJournal(db dbExec, j Journal, now time.Time) ([]JournalEntry, error) {
	var vaultID string
	if err := db.QueryRow("SELECT vault_id FROM vault_meta WHERE id = 1").Scan(&vaultID); err != nil {
		return nil, fmt.Errorf("vault: read vault id: %w", err)
	}
	pub, err := journalPublicKey(db)
	if err != nil {
		return nil, err
	}
	if pub == nil {
		// An image older than the journal key: trust the key of the
		// journal file, which can only ask for erasures.
		pub = j.PublicKey
	}
	if pub == nil || (j.PublicKey != nil && !bytes.Equal(pub, j.PublicKey)) {
		return nil, fmt.Errorf("%w: the erasure journal is signed with another key than this vault's", ErrIntegrity)
	}
	entries, err := verifyJournal(j.Lines, vaultID, pub)
	if err != nil {
		return nil, err
	}
	own, err := journalLines(db)
	if err != nil {
		return nil, err
	}
	if len(own) > len(j.Lines) {
		return nil, nil // db is newer than the journal: nothing to do
	}
	for i, l := range own {
		if l != j.Lines[i] {
			return nil, fmt.Errorf("%w: erasure journal entry %d differs from the vault's own; the journal is not this vault's history", ErrIntegrity, i+1)
		}
	}
	var applied []JournalEntry
	for i := len(own); i < len(entries); i++ {
		e := entries[i]
		if err := erasePatientRows(db, e, j.Lines[i], now); err != nil {
			return nil, err
		}
		applied = append(applied, e)
	}
	return applied, nil
}

// erasePatientRows is the keyless part of an erasure, for re-applying.
func erasePatientRows(db dbExec, e JournalEntry, line string, now time.Time) error {
	for _, q := range []string{
		qDeleteIndexOf, qDeleteMRNOf,
		"DELETE FROM patients WHERE id = ?",
		"DELETE FROM patient_keys WHERE patient_id = ?",
		"DELETE FROM subject_keys WHERE subject_id = ?",
		"DELETE FROM patient_history WHERE patient_id = ? AND key_kind <> 'retention'",
		"DELETE FROM subject_secrets WHERE subject_id = ? AND key_kind IN ('patient', 'subject')",
	} {
		if _, err := db.Exec(q, e.PatientID); err != nil {
			return fmt.Errorf("vault: re-apply erasure of patient %s: %w", e.PatientID, err)
		}
	}
	if e.Kind == "erasure" {
		if _, err := db.Exec(`INSERT OR IGNORE INTO erased_patients (patient_id, erased_at, request_id, plan_id, certificate_id, keep_until)
			VALUES (?, ?, ?, '', ?, 0)`, e.PatientID, e.At.UnixNano(), e.RequestID, e.Certificate); err != nil {
			return fmt.Errorf("vault: re-apply erasure of patient %s: %w", e.PatientID, err)
		}
	}
	if _, err := db.Exec("INSERT INTO erasure_journal (seq, entry) VALUES (?, ?)", e.Seq, line); err != nil {
		return fmt.Errorf("vault: re-apply erasure journal entry %d: %w", e.Seq, err)
	}
	_, err := db.Exec("INSERT INTO audit_pending (at, user_id, action, object, outcome, detail) VALUES (?, '', 'erasure.reapply', ?, 'ok', ?)",
		now.UnixNano(), "patient:"+e.PatientID, fmt.Sprintf("journal=%d kind=%s erased_at=%s", e.Seq, e.Kind, e.At.Format(time.RFC3339)))
	return err
}

// ErasureJournal returns the vault's erasure journal, verified. Needs
// PermRequestDecide or PermAuditRead.
func (s *Session) ErasureJournal() ([]JournalEntry, error) {
	perm := PermRequestDecide
	if !s.User().Role.Can(perm) {
		perm = PermAuditRead
	}
	var out []JournalEntry
	err := s.runRead(perm, "journal.read", "", func(tx *txn, k *keys) error {
		pub, err := journalPublicKey(tx)
		if err != nil || pub == nil {
			return err
		}
		lines, err := journalLines(tx)
		if err != nil {
			return err
		}
		if out, err = verifyJournal(lines, k.vaultID, pub); err != nil {
			return err
		}
		return s.audit(tx, k, "journal.read", "", outcomeOK, fmt.Sprintf("entries=%d", len(out)))
	})
	return out, err
}

// openJournal runs when a vault file opens: if the journal file next to it
// lists erasures the file does not know (an older copy of the vault was
// put back), they are re-applied before anything else, and the file is
// brought up to date from the table otherwise. The re-applied erasures
// are audited at the next unlock.
func (v *Vault) openJournal() error {
	j, err := ReadJournalFile(JournalPath(v.path))
	if errors.Is(err, os.ErrNotExist) {
		return v.syncJournalFile()
	}
	if err != nil {
		return err
	}
	if j.Vault != v.vaultID {
		return fmt.Errorf("%w: %s belongs to vault %s, not to this vault", ErrIntegrity, JournalPath(v.path), j.Vault)
	}
	var applied []JournalEntry
	err = v.inTx(func(tx *txn) error {
		var err error
		applied, err = reapplyJournal(tx, j, v.now())
		return err
	})
	if err != nil {
		return err
	}
	if len(applied) > 0 {
		if err := v.checkpointClean(); err != nil {
			return err
		}
	}
	return v.syncJournalFile()
}
