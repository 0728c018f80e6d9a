package vault

import (
	"bytes"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// What an erasure kept under GDPR Art. 17(3) on restore.
//
// Re-applying an erasure from the journal is keyless: it deletes the
// patient's record and keys, which also removes what the erasure kept (the
// journal does not carry personal data, even encrypted). When a vault file
// is among the restore's journal sources (normally the current vault), the
// state the erasure left there is copied into the restored image instead,
// row for row: the erased_patients row (keep-until, plan, certificate), the
// retention key, the kept and anonymised fields (clinical rows included,
// as "encounter:<id>" and "observation:<id>"), the history re-keyed under
// the retention key, the kept or anonymised consent and request fields,
// and the certificate. Those rows are sealed under the retention key, which
// is wrapped under the records key of the source's key generation, so they
// are copied only when the backup has the same generation (no rotation
// since the backup). Otherwise — or without a vault source — the erasure
// stays whole-record, and the report names the patients whose kept data
// could not be re-created (the current vault still holds it).

// KeptNotRestored names a re-applied erasure whose kept data Restore could
// not re-create, and why.
type KeptNotRestored struct {
	PatientID string
	Reason    string
}

// keptTables are the rows of patient ? an erasure leaves: each copied
// verbatim from the source vault after the image's own rows are removed.
var keptTables = []struct{ table, where string }{
	{"erased_patients", "patient_id = ?"},
	{"retention_keys", "patient_id = ?"},
	{"erased_fields", "patient_id = ?"},
	{"patient_history", "patient_id = ?"},
	{"subject_secrets", "subject_id = ? AND key_kind NOT IN ('patient', 'subject')"},
}

// keptSource is a vault file among the journal sources, opened read-only.
type keptSource struct {
	path       string
	db         *sql.DB
	generation int64
}

// openKeptSource opens the first source that is a vault file of vaultID;
// nil when there is none.
func openKeptSource(sources []string, vaultID string) (*keptSource, error) {
	for _, p := range sources {
		if !isVaultFile(p) {
			continue
		}
		db, err := sql.Open("sqlite", "file:"+p+"?mode=ro")
		if err != nil {
			return nil, err
		}
		var id string
		var gen int64
		err = db.QueryRow("SELECT vault_id, key_generation FROM vault_meta WHERE id = 1").Scan(&id, &gen)
		if err != nil || id != vaultID {
			db.Close()
			continue
		}
		return &keptSource{path: p, db: db, generation: gen}, nil
	}
	return nil, nil
}

func isVaultFile(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 16)
	_, err = io.ReadFull(f, head)
	return err == nil && bytes.Equal(head, []byte("SQLite format 3\x00"))
}

func (k *keptSource) close() {
	if k != nil {
		k.db.Close()
	}
}

// restoreKept copies what the erasures in applied kept, from src into the
// image tx, and returns the erasures whose kept data it could not copy.
func restoreKept(tx *sql.Tx, src *keptSource, applied []JournalEntry) ([]KeptNotRestored, error) {
	var missed []KeptNotRestored
	var gen int64
	if err := tx.QueryRow("SELECT key_generation FROM vault_meta WHERE id = 1").Scan(&gen); err != nil {
		return nil, fmt.Errorf("vault: read key generation: %w", err)
	}
	for _, e := range applied {
		if e.Kind != "erasure" {
			continue
		}
		switch {
		case src == nil:
			missed = append(missed, KeptNotRestored{e.PatientID, "no vault file among the journal sources; the journal alone re-applies whole-record erasures"})
			continue
		case src.generation != gen:
			missed = append(missed, KeptNotRestored{e.PatientID, fmt.Sprintf("the vault was rotated after the backup (key generation %d, backup %d); %s still holds the kept data", src.generation, gen, src.path)})
			continue
		}
		if err := copyKept(tx, src.db, e.PatientID); err != nil {
			return nil, err
		}
	}
	return missed, nil
}

// copyKept replaces patientID's erasure rows in dst by those of src, and
// adds the certificate src names.
func copyKept(dst *sql.Tx, src *sql.DB, patientID string) error {
	var cert string
	err := src.QueryRow("SELECT certificate_id FROM erased_patients WHERE patient_id = ?", patientID).Scan(&cert)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // the source does not know this erasure (an older copy): keep the whole-record erasure
	}
	if err != nil {
		return fmt.Errorf("vault: read erasure of patient %s: %w", patientID, err)
	}
	for _, t := range keptTables {
		if _, err := dst.Exec("DELETE FROM "+t.table+" WHERE "+t.where, patientID); err != nil {
			return fmt.Errorf("vault: restore kept data of patient %s (%s): %w", patientID, t.table, err)
		}
		if err := copyRows(dst, src, t.table, t.where, patientID); err != nil {
			return err
		}
	}
	return copyRows(dst, src, "certificates", "id = ?", cert)
}

// copyRows inserts src's rows of table matching where into dst (same
// columns by name; rows dst already holds are left).
func copyRows(dst *sql.Tx, src *sql.DB, table, where string, arg any) error {
	rows, err := src.Query("SELECT * FROM "+table+" WHERE "+where, arg)
	if err != nil {
		return fmt.Errorf("vault: restore kept data (%s): %w", table, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	q := "INSERT OR IGNORE INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES (?" + strings.Repeat(", ?", len(cols)-1) + ")"
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		if _, err := dst.Exec(q, vals...); err != nil {
			return fmt.Errorf("vault: restore kept data (%s): %w", table, err)
		}
	}
	return rows.Err()
}
