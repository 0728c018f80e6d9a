package vault

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"

	"filippo.io/age"
	"modernc.org/sqlite"
)

// Encrypted backups. A backup is one age file (X25519 recipients or a
// passphrase) holding a JSON header line and the vault's SQLite image.
// The image is taken with SQLite's online backup API into memory, so it is
// a consistent snapshot that includes what is still in the WAL; it is
// encrypted as it is written, and no plaintext copy ever touches the disk.
// Restoring decrypts into memory, checks the image, re-applies every
// erasure the journal lists after the backup (journal.go) and only then
// writes the new vault file with VACUUM INTO.

// BackupFormat names the backup payload format.
const BackupFormat = "custodia-backup-v1"

// maxBackupImage bounds what Restore and VerifyBackup read into memory.
const maxBackupImage = 8 << 30

// BackupInfo describes a backup (its header, and what Backup wrote).
type BackupInfo struct {
	Format     string    `json:"format"`
	VaultID    string    `json:"vault"`
	TakenAt    time.Time `json:"takenAt"`
	TakenBy    string    `json:"takenBy"` // user id
	ImageBytes int64     `json:"imageBytes"`
	ImageSHA   string    `json:"imageSha256"`
	JournalSeq int64     `json:"journalSeq"` // erasures included
	AuditSeq   int64     `json:"auditSeq"`
	// FileBytes and FileSHA256 describe the encrypted file (Backup only).
	FileBytes  int64  `json:"-"`
	FileSHA256 string `json:"-"`
}

// Backup writes an encrypted backup of the vault to w for the given age
// recipients (age.NewScryptRecipient for a passphrase). Needs
// PermGovernance; audited ("backup.create") and logged for the backup
// reminder (LastBackup).
func (s *Session) Backup(w io.Writer, recipients ...age.Recipient) (BackupInfo, error) {
	if len(recipients) == 0 {
		return BackupInfo{}, invalid("recipient", "a backup needs an age recipient or a passphrase")
	}
	info := BackupInfo{Format: BackupFormat, VaultID: s.v.vaultID, TakenAt: s.v.now().UTC(), TakenBy: s.User().ID}
	err := s.run(PermGovernance, "backup.create", "", func(tx *txn, k *keys) error {
		if err := s.v.ensureJournalKey(tx, k); err != nil {
			return err
		}
		return s.audit(tx, k, "backup.create", "", outcomeOK, "snapshot follows")
	})
	if err != nil {
		return info, err
	}
	image, err := s.v.snapshot()
	if err != nil {
		return info, err
	}
	defer clear(image)
	if err := describeImage(&info, image); err != nil {
		return info, err
	}
	if err := writeBackup(w, &info, image, recipients); err != nil {
		return info, err
	}
	err = s.run(PermGovernance, "backup.create", "", func(tx *txn, k *keys) error {
		if _, err := tx.Exec("INSERT INTO backup_log (taken_at, bytes, sha256, user_id) VALUES (?, ?, ?, ?)",
			info.TakenAt.UnixNano(), info.FileBytes, info.FileSHA256, info.TakenBy); err != nil {
			return err
		}
		return s.audit(tx, k, "backup.create", "", outcomeOK,
			fmt.Sprintf("bytes=%d sha256=%s journal=%d audit=%d", info.FileBytes, info.FileSHA256[:16], info.JournalSeq, info.AuditSeq))
	})
	return info, err
}

// describeImage fills the header fields read from the image itself.
func describeImage(info *BackupInfo, image []byte) error {
	sum := sha256.Sum256(image)
	info.ImageBytes, info.ImageSHA = int64(len(image)), hex.EncodeToString(sum[:])
	return withImage(image, func(db *sql.DB) error {
		if err := db.QueryRow("SELECT coalesce(max(seq), 0) FROM erasure_journal").Scan(&info.JournalSeq); err != nil {
			return err
		}
		return db.QueryRow("SELECT coalesce(max(seq), 0) FROM audit_log").Scan(&info.AuditSeq)
	})
}

type countingHash struct {
	w io.Writer
	n int64
	h interface {
		io.Writer
		Sum([]byte) []byte
	}
}

func (c *countingHash) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	c.h.Write(p[:n])
	return n, err
}

func writeBackup(w io.Writer, info *BackupInfo, image []byte, recipients []age.Recipient) error {
	cw := &countingHash{w: w, h: sha256.New()}
	enc, err := age.Encrypt(cw, recipients...)
	if err != nil {
		return fmt.Errorf("vault: backup encryption: %w", err)
	}
	header, _ := json.Marshal(info)
	if _, err := enc.Write(append(header, '\n')); err != nil {
		return fmt.Errorf("vault: write backup: %w", err)
	}
	if _, err := enc.Write(image); err != nil {
		return fmt.Errorf("vault: write backup: %w", err)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("vault: write backup: %w", err)
	}
	info.FileBytes, info.FileSHA256 = cw.n, hex.EncodeToString(cw.h.Sum(nil))
	return nil
}

type sqliteBackuper interface {
	NewBackup(string) (*sqlite.Backup, error)
}

type serializer interface {
	Serialize() ([]byte, error)
}

// snapshot copies the database with the online backup API into memory
// (one step, under one read transaction: consistent, WAL included) and
// serialises it.
func (v *Vault) snapshot() ([]byte, error) {
	conn, err := v.db.Conn(context.Background())
	if err != nil {
		return nil, fmt.Errorf("vault: connection: %w", err)
	}
	defer conn.Close()
	var image []byte
	err = conn.Raw(func(dc any) error {
		b, err := dc.(sqliteBackuper).NewBackup(":memory:")
		if err != nil {
			return err
		}
		if _, err := b.Step(-1); err != nil {
			b.Finish()
			return err
		}
		dst, err := b.Commit()
		if err != nil {
			return err
		}
		defer dst.Close()
		image, err = dst.(serializer).Serialize()
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("vault: snapshot: %w", err)
	}
	// Rollback-journal mode in the header: the image is opened in memory.
	if len(image) > 19 {
		image[18], image[19] = 1, 1
	}
	return image, nil
}

// withImage opens image as an in-memory database for fn. Nothing touches
// the disk.
func withImage(image []byte, fn func(*sql.DB) error) error {
	db, err := sql.Open("sqlite", "file:backup-image?mode=memory&_pragma=foreign_keys(ON)&_pragma=trusted_schema(OFF)")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	conn, err := db.Conn(context.Background())
	if err != nil {
		return err
	}
	err = conn.Raw(func(dc any) error {
		return dc.(interface{ Deserialize([]byte) error }).Deserialize(image)
	})
	conn.Close()
	if err != nil {
		return fmt.Errorf("%w: the backup does not hold an SQLite database: %v", ErrIntegrity, err)
	}
	return fn(db)
}

// readBackup decrypts a backup into memory and checks its header against
// the image.
func readBackup(r io.Reader, identities ...age.Identity) (BackupInfo, []byte, error) {
	dec, err := age.Decrypt(r, identities...)
	if err != nil {
		var noMatch *age.NoIdentityMatchError
		if errors.As(err, &noMatch) {
			return BackupInfo{}, nil, fmt.Errorf("%w: the backup is not encrypted to this key or passphrase", ErrWrongPassphrase)
		}
		return BackupInfo{}, nil, fmt.Errorf("%w: not an age-encrypted backup: %v", ErrValidation, err)
	}
	br := bufio.NewReader(io.LimitReader(dec, maxBackupImage+1<<20))
	line, err := br.ReadBytes('\n')
	if err != nil {
		return BackupInfo{}, nil, fmt.Errorf("%w: backup header: %v", ErrIntegrity, err)
	}
	var info BackupInfo
	if err := json.Unmarshal(line, &info); err != nil || info.Format != BackupFormat {
		return BackupInfo{}, nil, fmt.Errorf("%w: backup header is not %s", ErrIntegrity, BackupFormat)
	}
	image, err := io.ReadAll(br)
	if err != nil {
		return BackupInfo{}, nil, fmt.Errorf("%w: backup payload: %v", ErrIntegrity, err)
	}
	sum := sha256.Sum256(image)
	if int64(len(image)) != info.ImageBytes || hex.EncodeToString(sum[:]) != info.ImageSHA {
		clear(image)
		return BackupInfo{}, nil, fmt.Errorf("%w: backup image does not match its header (size or SHA-256)", ErrIntegrity)
	}
	if err := checkImage(image, info); err != nil {
		clear(image)
		return BackupInfo{}, nil, err
	}
	return info, image, nil
}

// checkImage runs SQLite's integrity check and the structural audit checks
// that need no key: Custodia's application id, the vault id of the header,
// sequence numbers without gaps and a head anchor at the chain's end.
func checkImage(image []byte, info BackupInfo) error {
	if len(image) < 100 || !bytes.HasPrefix(image, []byte("SQLite format 3\x00")) || binary.BigEndian.Uint32(image[68:72]) != applicationID {
		return fmt.Errorf("%w: the backup does not hold a Custodia vault", ErrIntegrity)
	}
	return withImage(image, func(db *sql.DB) error {
		var res []string
		rows, err := db.Query("PRAGMA integrity_check")
		if err != nil {
			return err
		}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				rows.Close()
				return err
			}
			res = append(res, s)
		}
		rows.Close()
		if len(res) != 1 || res[0] != "ok" {
			return fmt.Errorf("%w: SQLite integrity check of the backup: %s", ErrIntegrity, strings.Join(res, "; "))
		}
		var vaultID string
		if err := db.QueryRow("SELECT vault_id FROM vault_meta WHERE id = 1").Scan(&vaultID); err != nil || vaultID != info.VaultID {
			return fmt.Errorf("%w: the backup image is not of vault %s", ErrIntegrity, info.VaultID)
		}
		return checkAuditShape(db)
	})
}

func checkAuditShape(db *sql.DB) error {
	var n, lo, hi int64
	if err := db.QueryRow("SELECT count(*), coalesce(min(seq), 0), coalesce(max(seq), 0) FROM audit_log").Scan(&n, &lo, &hi); err != nil {
		return err
	}
	if n > 0 && (lo != 1 || hi != n) {
		return &AuditError{Seq: lo, Reason: fmt.Sprintf("entries missing: %d entries numbered %d..%d", n, lo, hi)}
	}
	var headSeq int64
	var headMAC, lastMAC []byte
	err := db.QueryRow("SELECT seq, mac FROM audit_head WHERE id = 1").Scan(&headSeq, &headMAC)
	if errors.Is(err, sql.ErrNoRows) && n == 0 {
		return nil
	}
	if err != nil {
		return &AuditError{Seq: hi, Reason: "head anchor missing"}
	}
	if err := db.QueryRow("SELECT mac FROM audit_log WHERE seq = ?", hi).Scan(&lastMAC); err != nil || headSeq != hi || !bytes.Equal(headMAC, lastMAC) {
		return &AuditError{Seq: hi, Reason: "chain does not end at the anchored entry"}
	}
	return nil
}

// RestoreOptions configure Restore.
type RestoreOptions struct {
	// Journals are erasure journal files (JournalPath) or vault files whose
	// journals list erasures made after the backup. The newest is used; all
	// must belong to the backup's vault.
	Journals []string
	// NoJournal restores without any journal: only when no erasure can have
	// happened since the backup (the report says so).
	NoJournal bool
	Now       func() time.Time
}

// RestoreReport says what Restore did.
type RestoreReport struct {
	Backup BackupInfo
	// JournalSource is the journal used ("" with NoJournal).
	JournalSource string
	// Reapplied are the erasures made after the backup and applied again
	// before the vault was written.
	Reapplied []JournalEntry
	// KeptNotRestored are re-applied erasures whose Art. 17(3) kept data
	// could not be re-created (restore_kept.go): they stay whole-record.
	KeptNotRestored []KeptNotRestored
}

// Restore decrypts a backup into memory, checks it, re-applies every
// erasure made after it, records the backup it came from and the restore
// (LastBackup, LastRestore) and writes the result as a new vault file at to
// (which must not exist), with its journal file next to it. Open and unlock
// it as usual; the re-applied erasures enter the audit trail at the first
// unlock.
func Restore(r io.Reader, to string, opts RestoreOptions, identities ...age.Identity) (RestoreReport, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	for _, p := range []string{to, JournalPath(to)} {
		if _, err := os.Stat(p); !errors.Is(err, fs.ErrNotExist) {
			return RestoreReport{}, fmt.Errorf("%w: %s", ErrExists, p)
		}
	}
	file := newBackupFile(r)
	info, image, err := readBackup(file, identities...)
	if err != nil {
		return RestoreReport{}, err
	}
	defer clear(image)
	rep := RestoreReport{Backup: info}
	fileBytes, fileSHA, err := file.finish()
	if err != nil {
		return rep, err
	}
	j, source, err := newestJournal(opts.Journals, info.VaultID)
	if err != nil {
		return rep, err
	}
	if source == "" && !opts.NoJournal {
		return rep, invalid("journal", "no erasure journal found: give the journal file next to the vault (<vault>.erasures) or the current vault file, so erasures made after the backup are applied again")
	}
	rep.JournalSource = source
	err = withImage(image, func(db *sql.DB) error {
		// An image from an older program gets this program's schema first,
		// so the erasures are applied to the tables as they are now.
		if err := migrate(db, opts.Now().UnixNano()); err != nil {
			return err
		}
		if source != "" {
			src, err := openKeptSource(opts.Journals, info.VaultID)
			if err != nil {
				return err
			}
			defer src.close()
			if rep.Reapplied, rep.KeptNotRestored, err = reapplyInImage(db, j, src, opts.Now()); err != nil {
				return err
			}
		}
		if err := recordRestore(db, info, fileBytes, fileSHA, opts.Now()); err != nil {
			return err
		}
		if _, err := db.Exec("VACUUM INTO ?", to); err != nil {
			return fmt.Errorf("vault: write %s: %w", to, err)
		}
		return nil
	})
	if err != nil {
		removeVaultFiles(to)
		return rep, err
	}
	if err := os.Chmod(to, 0o600); err != nil {
		return rep, err
	}
	v, err := Open(to, Options{Now: opts.Now})
	if err != nil {
		return rep, err
	}
	return rep, v.Close()
}

// reapplyInImage re-applies the journal and re-creates what the erasures
// kept from src (nil: none), in one transaction.
func reapplyInImage(db *sql.DB, j Journal, src *keptSource, now time.Time) ([]JournalEntry, []KeptNotRestored, error) {
	tx, err := db.Begin()
	if err != nil {
		return nil, nil, err
	}
	defer tx.Rollback()
	applied, err := reapplyJournal(tx, j, now)
	if err != nil {
		return nil, nil, err
	}
	missed, err := restoreKept(tx, src, applied)
	if err != nil {
		return nil, nil, err
	}
	return applied, missed, tx.Commit()
}

// newestJournal reads every source and returns the longest journal of
// vaultID, with its source; "" when there is none.
func newestJournal(sources []string, vaultID string) (Journal, string, error) {
	var best Journal
	var from string
	for _, src := range sources {
		j, err := readJournalSource(src)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return Journal{}, "", err
		}
		if j.Vault != vaultID {
			return Journal{}, "", fmt.Errorf("%w: the journal %s belongs to vault %s, the backup to %s", ErrValidation, src, j.Vault, vaultID)
		}
		if from == "" || len(j.Lines) > len(best.Lines) {
			best, from = j, src
		}
	}
	return best, from, nil
}

// readJournalSource reads a journal file, or the journal table of a vault
// file (opened read-only, without keys).
func readJournalSource(path string) (Journal, error) {
	f, err := os.Open(path)
	if err != nil {
		return Journal{}, err
	}
	head := make([]byte, 16)
	_, _ = io.ReadFull(f, head)
	f.Close()
	if !bytes.Equal(head, []byte("SQLite format 3\x00")) {
		return ReadJournalFile(path)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return Journal{}, err
	}
	defer db.Close()
	var j Journal
	if err := db.QueryRow("SELECT vault_id FROM vault_meta WHERE id = 1").Scan(&j.Vault); err != nil {
		return Journal{}, fmt.Errorf("%w: %s is not a Custodia vault: %v", ErrValidation, path, err)
	}
	if j.PublicKey, err = journalPublicKey(db); err != nil {
		return Journal{}, err
	}
	j.Lines, err = journalLines(db)
	return j, err
}

// VerifyBackup decrypts a backup into memory and checks it: the header
// against the image, SQLite's integrity check, the vault id, and the audit
// trail's shape (sequence and head anchor). With a user name and
// passphrase it also unlocks the image in memory and verifies every audit
// MAC and decrypts every patient record. Nothing is written anywhere.
func VerifyBackup(r io.Reader, cred *BackupCredentials, identities ...age.Identity) (BackupReport, error) {
	info, image, err := readBackup(r, identities...)
	if err != nil {
		return BackupReport{}, err
	}
	defer clear(image)
	rep := BackupReport{Backup: info}
	if cred == nil {
		return rep, nil
	}
	err = withImage(image, func(db *sql.DB) error {
		return rep.deepCheck(db, info, cred)
	})
	return rep, err
}

// BackupCredentials unlock a backup image in memory for VerifyBackup.
type BackupCredentials struct {
	User       string
	Passphrase []byte
	Code       string // second factor, if the user has one
}

// BackupReport is what VerifyBackup checked.
type BackupReport struct {
	Backup       BackupInfo
	AuditChecked int64 // entries whose MAC was verified (0 without credentials)
	Patients     int   // patient records decrypted (0 without credentials)
}

func (rep *BackupReport) deepCheck(db *sql.DB, info BackupInfo, cred *BackupCredentials) error {
	v := &Vault{db: db, vaultID: info.VaultID, now: time.Now}
	if err := migrate(db, v.now().UnixNano()); err != nil {
		return err
	}
	if err := v.prepare(); err != nil {
		return err
	}
	defer v.closeStmts()
	s, err := v.UnlockWithCode(cred.User, cred.Passphrase, cred.Code)
	if err != nil {
		return err
	}
	defer s.Lock()
	if rep.AuditChecked, err = s.VerifyAudit(); err != nil {
		return err
	}
	for off := 0; ; off += 1000 {
		page, err := s.ListPatients(off, 1000)
		if err != nil {
			return err
		}
		for _, p := range page {
			if _, err := s.GetPatient(p.ID); err != nil {
				return err
			}
			rep.Patients++
		}
		if len(page) < 1000 {
			return nil
		}
	}
}

// LastBackup is when the newest backup recorded in this vault was taken;
// zero when none was. Any unlocked role may ask (the reminder).
func (s *Session) LastBackup() (time.Time, error) {
	var at int64
	err := s.runAny("backup.last", func(tx *txn, _ *keys) error {
		return tx.QueryRow("SELECT coalesce(max(taken_at), 0) FROM backup_log").Scan(&at)
	})
	if err != nil || at == 0 {
		return time.Time{}, err
	}
	return time.Unix(0, at).UTC(), nil
}

// VaultPath is the file of the session's vault.
func (s *Session) VaultPath() string { return s.v.path }
