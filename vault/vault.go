package vault

import (
	"crypto/ed25519"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sync"
	"time"

	"github.com/google/uuid"
)

// formatVersion is stored in vault_meta and bound into every ciphertext.
const formatVersion = 1

// Options configure Create and Open.
type Options struct {
	KDF *KDFParams       // nil: calibrate to ~0.5–1 s on first use
	Now func() time.Time // nil: time.Now
}

// Vault is an open vault file. It holds no keys; Unlock returns a Session
// that does. A Vault is safe for concurrent use.
type Vault struct {
	path    string
	db      *sql.DB
	vaultID string
	now     func() time.Time

	stmts map[string]*sql.Stmt // prepared hot statements, read-only after open

	kdfOnce sync.Once
	kdf     KDFParams

	// sleepFn replaces time.Sleep in checkpoint retries (tests).
	sleepFn  func(time.Duration)
	headMu   sync.Mutex
	lastHead []byte // signature of the audit head this process wrote last
}

// Create makes a new vault file with a first administrator and returns the
// recovery code, to be shown once and printed. It fails with ErrExists if the
// file exists.
func Create(path, adminName string, passphrase []byte, opts Options) (recoveryCode string, err error) {
	if err := checkUserName(adminName); err != nil {
		return "", err
	}
	if err := checkPassphrase(passphrase); err != nil {
		return "", err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return "", fmt.Errorf("%w: vault file %s", ErrExists, path)
	}
	if err != nil {
		return "", fmt.Errorf("vault: create %s: %w", path, err)
	}
	f.Close()
	defer func() {
		if err != nil {
			removeVaultFiles(path)
		}
	}()
	v, err := openVault(path, opts, true)
	if err != nil {
		return "", err
	}
	defer v.Close()
	return v.initialise(adminName, passphrase)
}

func removeVaultFiles(path string) {
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		os.Remove(path + suffix)
	}
}

// Open opens an existing vault file (applying pending migrations). It holds
// no keys until Unlock.
func Open(path string, opts Options) (*Vault, error) {
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%w: vault file %s", ErrNotFound, path)
		}
		return nil, fmt.Errorf("vault: open %s: %w", path, err)
	}
	v, err := openVault(path, opts, false)
	if err != nil {
		return nil, err
	}
	if err := v.db.QueryRow("SELECT vault_id FROM vault_meta WHERE id = 1").Scan(&v.vaultID); err != nil {
		v.Close()
		return nil, fmt.Errorf("%w: %s is not an initialised vault: %v", ErrIntegrity, path, err)
	}
	if err := v.openJournal(); err != nil {
		v.Close()
		return nil, err
	}
	return v, nil
}

// applicationID marks a Custodia vault in the SQLite header ("CUST").
const applicationID = 0x43555354

// openVault opens the database; fresh marks a file Create just made. An
// existing file must carry Custodia's application id, so Open never adds
// vault tables to some other SQLite database.
func openVault(path string, opts Options, fresh bool) (*Vault, error) {
	db, err := openDB(path)
	if err != nil {
		return nil, err
	}
	if err := checkApplicationID(db, fresh); err != nil {
		db.Close()
		return nil, fmt.Errorf("vault: open %s: %w", path, err)
	}
	v := &Vault{path: path, db: db, now: opts.Now}
	if v.now == nil {
		v.now = time.Now
	}
	if opts.KDF != nil {
		v.kdf = *opts.KDF
		v.kdfOnce.Do(func() {})
	}
	if err := migrate(db, v.now().UnixNano()); err != nil {
		db.Close()
		return nil, err
	}
	if err := v.prepare(); err != nil {
		v.Close()
		return nil, err
	}
	return v, nil
}

// Close checkpoints the WAL and closes the file. Sessions of this vault stop working.
func (v *Vault) Close() error {
	if v.db == nil {
		return nil
	}
	v.closeStmts()
	cpErr := checkpoint(v.db)
	err := v.db.Close()
	return errors.Join(err, cpErr)
}

// Path is the vault file's path.
func (v *Vault) Path() string { return v.path }

// kdfParams returns the parameters for new key slots.
func (v *Vault) kdfParams() KDFParams {
	v.kdfOnce.Do(func() { v.kdf = CalibrateKDF(DefaultUnlockTime) })
	return v.kdf
}

// initialise writes the metadata, the master key's first two slots, the
// first administrator and the first audit entries in one transaction.
func (v *Vault) initialise(adminName string, passphrase []byte) (string, error) {
	v.vaultID = uuid.NewString()
	authSeed := randomBytes(ed25519.SeedSize)
	defer clear(authSeed)
	authority := ed25519.NewKeyFromSeed(authSeed)
	authPub := authority.Public().(ed25519.PublicKey)
	cats := newCategoryKeys()
	code, codeBytes := newRecoveryCode()
	defer clear(codeBytes)
	now := v.now()
	admin := User{ID: uuid.NewString(), Name: adminName, Role: RoleAdmin, CreatedAt: now}
	adminC, adminBox, _ := newSlotContent(authPub)
	defer adminC.wipe()
	recC, recBox, _ := newSlotContent(authPub)
	defer recC.wipe()
	k, err := deriveKeys(bundle{cat: cats, authority: authSeed}, adminC, v.vaultID, 1)
	for _, key := range cats {
		clear(key)
	}
	if err != nil {
		return "", err
	}
	defer k.wipe()
	err = v.inTx(func(tx *txn) error {
		if _, err := tx.Exec("INSERT INTO vault_meta (id, vault_id, format, created_at, key_format, authority_pub, key_generation) VALUES (1, ?, ?, ?, ?, ?, 1)",
			v.vaultID, formatVersion, now.UnixNano(), keyFormat, []byte(authPub)); err != nil {
			return err
		}
		if err := insertUser(tx, admin); err != nil {
			return err
		}
		for _, e := range []struct {
			rec    userRecord
			c      slotContent
			box    []byte
			kind   string
			secret []byte
		}{
			{userRecord{User: admin}, adminC, adminBox, "passphrase", passphrase},
			{userRecord{User: recoveryUser}, recC, recBox, "recovery", codeBytes},
		} {
			if err := v.enrolNew(tx, k, e.rec, e.c, e.box, e.kind, e.secret); err != nil {
				return err
			}
		}
		if err := v.audit(tx, k, admin.ID, "vault.create", "vault:"+v.vaultID, outcomeOK, ""); err != nil {
			return err
		}
		return v.audit(tx, k, admin.ID, "user.add", "user:"+admin.ID, outcomeOK, "role=admin")
	})
	if err != nil {
		return "", fmt.Errorf("vault: create: %w", err)
	}
	return code, nil
}

// keyFormat 2: keys by role (grants, signed user records, signed audit).
const keyFormat = 2

// enrolNew stores a first identity at creation: slot, pinned signing key,
// signed record and grant.
func (v *Vault) enrolNew(tx *txn, k *keys, rec userRecord, c slotContent, boxPub []byte, kind string, secret []byte) error {
	auth, err := k.authorityKey()
	if err != nil {
		return err
	}
	signPub := ed25519.NewKeyFromSeed(c.signSeed).Public().(ed25519.PublicKey)
	if rec.signKey, err = pinSigningKey(tx, rec.ID, signPub, auth, v.now()); err != nil {
		return err
	}
	rec.boxPub = boxPub
	if rec.ID != recoveryUser.ID {
		if err := storeUserRecord(tx, rec, auth); err != nil {
			return err
		}
	}
	if err := writeGrant(tx, k, rec.ID, rec.Role, boxPub); err != nil {
		return err
	}
	return v.writeSlot(tx, kind, rec.userIDForSlot(), secret, c)
}

func (r userRecord) userIDForSlot() string {
	if r.ID == recoveryUser.ID {
		return ""
	}
	return r.ID
}

func checkApplicationID(db *sql.DB, fresh bool) error {
	if fresh {
		_, err := db.Exec(fmt.Sprintf("PRAGMA application_id = %d", applicationID))
		return err
	}
	var id int64
	if err := db.QueryRow("PRAGMA application_id").Scan(&id); err != nil {
		return err
	}
	if id != applicationID {
		return invalidRule("path", RuleNotAVault)
	}
	return nil
}
