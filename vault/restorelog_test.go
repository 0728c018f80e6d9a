package vault

import (
	"bytes"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// TestRestoredVaultKnowsItsBackup: a vault restored from a backup knows
// when that backup was taken (LastBackup, with the backup file's size and
// SHA-256 in its log) and when it was restored (LastRestore, audited at
// the first unlock), where it used to read as never backed up. A vault
// never restored reports no restore.
func TestRestoredVaultKnowsItsBackup(t *testing.T) {
	v, s := NewTestVault(t)
	if at, err := s.LastRestore(); err != nil || !at.IsZero() {
		t.Fatalf("a vault never restored: LastRestore %v, %v", at, err)
	}
	data, id := testBackup(t, s)
	taken, err := s.LastBackup()
	must(t, err)
	restoredAt := taken.Add(49 * time.Hour).Truncate(time.Second)
	to := filepath.Join(t.TempDir(), "restored.vault")
	rep, err := Restore(bytes.NewReader(data), to, RestoreOptions{Journals: []string{v.Path()}, Now: func() time.Time { return restoredAt }}, id)
	must(t, err)
	if !rep.Backup.TakenAt.Equal(taken) {
		t.Fatalf("the report's backup was taken %v, the log says %v", rep.Backup.TakenAt, taken)
	}
	s2 := unlockRestored(t, to)
	if got, err := s2.LastBackup(); err != nil || !got.Equal(taken) {
		t.Errorf("restored vault: LastBackup %v, %v; want the backup's time %v", got, err, taken)
	}
	if got, err := s2.LastRestore(); err != nil || !got.Equal(restoredAt) {
		t.Errorf("restored vault: LastRestore %v, %v; want %v", got, err, restoredAt)
	}
	var n, bytesLogged int64
	var sha string
	must(t, s2.v.db.QueryRow("SELECT count(*), max(bytes), max(sha256) FROM backup_log").Scan(&n, &bytesLogged, &sha))
	if n != 1 || bytesLogged != int64(len(data)) || len(sha) != 64 {
		t.Errorf("backup log of the restored vault: %d rows, %d bytes, sha %q; want the one backup of %d bytes", n, bytesLogged, sha, len(data))
	}
	es, err := s2.AuditEntries(0, 10000)
	must(t, err)
	if !slices.ContainsFunc(es, func(e AuditEntry) bool { return e.Action == "backup.restore" && e.Time.Equal(restoredAt) }) {
		t.Error("the restore is not in the audit trail")
	}
}
