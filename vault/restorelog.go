package vault

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"time"
)

// A restored vault knows it was restored and from which backup, so it
// does not tell its users it was never backed up (issue 10): the image
// in a backup was taken just before its own backup_log row was written,
// so it held no record of the backup it came from.

// backupFile counts and hashes the encrypted backup file as Restore reads
// it, for the backup_log row of the backup restored from.
type backupFile struct {
	r io.Reader
	n int64
	h hash.Hash
}

func newBackupFile(r io.Reader) *backupFile { return &backupFile{r: r, h: sha256.New()} }

func (f *backupFile) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	f.n += int64(n)
	f.h.Write(p[:n])
	return n, err
}

// finish reads the rest of the file (age stops at its last chunk) and
// returns its size and SHA-256.
func (f *backupFile) finish() (int64, string, error) {
	if _, err := io.Copy(io.Discard, f); err != nil {
		return 0, "", err
	}
	return f.n, hex.EncodeToString(f.h.Sum(nil)), nil
}

// recordRestore writes into the restored image the backup it came from
// (a backup_log row with the backup's own time, size and SHA-256, as
// Backup writes it) and a pending audit entry "backup.restore" at now,
// which the next unlock moves into the chain.
func recordRestore(db dbExec, info BackupInfo, fileBytes int64, fileSHA string, now time.Time) error {
	if _, err := db.Exec("INSERT INTO backup_log (taken_at, bytes, sha256, user_id) VALUES (?, ?, ?, ?)",
		info.TakenAt.UnixNano(), fileBytes, fileSHA, info.TakenBy); err != nil {
		return fmt.Errorf("vault: record the backup restored from: %w", err)
	}
	detail := fmt.Sprintf("backup taken %s sha256=%s", info.TakenAt.UTC().Format(time.RFC3339), fileSHA[:16])
	if _, err := db.Exec("INSERT INTO audit_pending (at, user_id, action, object, outcome, detail) VALUES (?, '', 'backup.restore', '', 'ok', ?)",
		now.UnixNano(), detail); err != nil {
		return fmt.Errorf("vault: record the restore: %w", err)
	}
	return nil
}

// LastRestore is when this vault was last restored from a backup; zero
// when it never was. Any unlocked role may ask (the backup reminder).
func (s *Session) LastRestore() (time.Time, error) {
	var at int64
	err := s.runAny("backup.last", func(tx *txn, _ *keys) error {
		return tx.QueryRow(`SELECT coalesce(max(at), 0) FROM (
			SELECT at FROM audit_log WHERE action = 'backup.restore'
			UNION ALL SELECT at FROM audit_pending WHERE action = 'backup.restore')`).Scan(&at)
	})
	if err != nil || at == 0 {
		return time.Time{}, err
	}
	return time.Unix(0, at).UTC(), nil
}
