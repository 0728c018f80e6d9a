package vault

import (
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/base32"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// Second-factor errors.
var (
	// ErrTOTPRequired: the passphrase was right but the user has a second
	// factor; unlock again with UnlockWithCode.
	ErrTOTPRequired = errors.New("vault: a second-factor code is required")
	// ErrWrongTOTP: the second-factor code (or backup code) is wrong or was
	// already used.
	ErrWrongTOTP = errors.New("vault: wrong second-factor code")
	// ErrTOTPEnrolment: the practice requires a second factor for this role
	// and the user has none yet; the session may only enrol one.
	ErrTOTPEnrolment = errors.New("vault: enrol a second factor first")
)

// TOTP parameters: what every authenticator app understands.
const (
	totpPeriod      = 30
	totpSkewSteps   = 1 // one step either side: ±30 s of clock drift
	totpIssuer      = "Custodia"
	backupCodeCount = 10
	backupCodeBytes = 5 // 40 bits: 8 base32 characters
	purposeTOTP     = "custodia/v1/totp"
	// SettingRequireTOTP makes a second factor compulsory for
	// administrators and DPOs.
	SettingRequireTOTP = "totp.required"
)

// totpRoles are the roles a required second factor applies to.
var totpRoles = []Role{RoleAdmin, RoleDPO}

// totpSecret is what a user_totp row seals.
type totpSecret struct {
	Secret   string   `json:"secret"`   // base32, as in the otpauth URI
	Backup   []string `json:"backup"`   // hex SHA-256 of the unused backup codes
	LastStep int64    `json:"lastStep"` // newest time step accepted (no replay)
}

// TOTPEnrolment is what BeginTOTP hands to the user, once.
type TOTPEnrolment struct {
	URI         string   // otpauth://totp/… for an authenticator app (QR code)
	Secret      string   // the same secret, for typing in by hand
	BackupCodes []string // one-time codes for when the phone is lost
}

// TOTPStatus describes a user's second factor.
type TOTPStatus struct {
	Enrolled        bool
	Required        bool // by the practice setting for this user's role
	BackupCodesLeft int  // -1 for another user's: only the user's own key opens the count
}

type totpRow struct {
	sealed    []byte // empty: removed (a signed tombstone)
	confirmed bool
	signer    string // signerAuthority or the id of the owner's signing key; "" before migration 0080
	sig       []byte
	auditSeq  int64 // the binding audit entry (controls_bind.go)
}

func totpAD(vaultID, userID string, confirmed bool) []byte {
	return associatedData(vaultID, "user_totp", fmt.Sprintf("sealed|confirmed=%t", confirmed), userID)
}

// totpOwnAD is the associated data of a row sealed to its user's own key.
func totpOwnAD(vaultID, userID string, confirmed bool) []byte {
	return associatedData(vaultID, "user_totp", fmt.Sprintf("sealed|owner|confirmed=%t", confirmed), userID)
}

// totpOwnFormat is the first byte of a user_totp row sealed to its user's
// own key: the format byte, then seal's output. A row that starts with
// formatV1 is the legacy format, sealed under the common category key.
const totpOwnFormat byte = 2

// purposeTOTPOwn derives a user's second-factor key from the X25519
// private key in the user's slot: only that user's passphrase (or a new
// key pair, which drops the row) reaches it.
const purposeTOTPOwn = "custodia/v2/totp/owner"

// readTOTP reads userID's row as stored, without checking its signature
// (checkedTOTP does).
func readTOTP(q querier, userID string) (totpRow, bool, error) {
	var r totpRow
	err := q.QueryRow("SELECT sealed, confirmed, signer, sig, audit_seq FROM user_totp WHERE user_id = ?", userID).
		Scan(&r.sealed, &r.confirmed, &r.signer, &r.sig, &r.auditSeq)
	if errors.Is(err, sql.ErrNoRows) {
		return totpRow{}, false, nil
	}
	if err != nil {
		return totpRow{}, false, fmt.Errorf("vault: read second factor: %w", err)
	}
	return r, true, nil
}

// checkedTOTP reads userID's second factor and checks that it is the one
// its owner or an administrator last stored (controls_bind.go): a row
// deleted, edited, stripped of its signature or put back from an older
// copy is ErrIntegrity. A removed factor (signed tombstone) reads as none.
func (v *Vault) checkedTOTP(q querier, k *keys, userID string) (totpRow, bool, error) {
	r, ok, err := readTOTP(q, userID)
	if err != nil {
		return totpRow{}, false, err
	}
	newest, _, err := newestBinding(q, objectTOTP(userID), actionTOTPBind)
	if err != nil {
		return totpRow{}, false, err
	}
	changed := fmt.Errorf("%w: second factor of user %s was changed outside Custodia", ErrIntegrity, userID)
	switch {
	case !ok && newest == 0:
		return totpRow{}, false, nil
	case !ok:
		return totpRow{}, false, fmt.Errorf("%w: second factor of user %s was removed outside Custodia", ErrIntegrity, userID)
	case len(r.sig) == 0 && newest == 0: // stored before migration 0080, never changed since
		return r, true, nil
	case r.auditSeq != newest || !verifyControl(q, k.authority, userID, r.signer, totpSigned(v.vaultID, userID, r), r.sig):
		return totpRow{}, false, changed
	case len(r.sealed) == 0:
		return totpRow{}, false, nil
	}
	return r, true, nil
}

func totpState(confirmed bool) string {
	if confirmed {
		return "state=confirmed"
	}
	return "state=pending"
}

// signTOTP binds and signs row r of userID. A change of state (enrolment
// begun, confirmed, removed, converted from the legacy format) appends a
// binding audit entry in actor's name; a new last step or backup-code list
// keeps the row's entry (keep > 0). own signs with k's key (the owner's),
// else with the authority.
func (v *Vault) signTOTP(tx *txn, k *keys, actor, userID string, r *totpRow, keep int64, own bool) error {
	r.auditSeq = keep
	if keep == 0 {
		state := "state=removed"
		if len(r.sealed) > 0 {
			state = totpState(r.confirmed)
		}
		seq, err := v.bind(tx, k, actor, actionTOTPBind, objectTOTP(userID), state)
		if err != nil {
			return err
		}
		r.auditSeq = seq
	}
	var err error
	r.signer, r.sig, err = signControl(k, totpSigned(v.vaultID, userID, *r), own)
	return err
}

func writeTOTP(tx *txn, userID string, r totpRow, now time.Time) error {
	_, err := tx.Exec(`INSERT INTO user_totp (user_id, sealed, confirmed, updated_at, signer, sig, audit_seq) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET sealed = excluded.sealed, confirmed = excluded.confirmed, updated_at = excluded.updated_at,
		signer = excluded.signer, sig = excluded.sig, audit_seq = excluded.audit_seq`,
		userID, r.sealed, r.confirmed, now.UnixNano(), r.signer, r.sig, r.auditSeq)
	if err != nil {
		return fmt.Errorf("vault: store second factor: %w", err)
	}
	return nil
}

// removeTOTP replaces userID's second factor by a signed tombstone (an
// administrator's removal is signed by the authority, a user's own by
// their key) and returns whether there was one.
func (v *Vault) removeTOTP(tx *txn, k *keys, actor, userID string, own bool) (bool, error) {
	_, ok, err := v.checkedTOTP(tx, k, userID)
	if err != nil {
		// An administrator may remove a factor whose row was damaged.
		if own || !errors.Is(err, ErrIntegrity) {
			return false, err
		}
		ok = true
	}
	if !ok {
		return false, nil
	}
	r := totpRow{sealed: []byte{}}
	if err := v.signTOTP(tx, k, actor, userID, &r, 0, own); err != nil {
		return false, err
	}
	return true, writeTOTP(tx, userID, r, v.now())
}

func isLegacyTOTP(r totpRow) bool { return len(r.sealed) > 0 && r.sealed[0] == formatV1 }

// openTOTP opens the second factor of k's own user: sealed to the user's
// key, or in the legacy format under the common key (legacy is then true
// and the caller stores it again, converting it).
func openTOTP(k *keys, userID string, r totpRow) (s totpSecret, legacy bool, err error) {
	if isLegacyTOTP(r) {
		s, err = openLegacyTOTP(k.opsKey(), k.vaultID, userID, r)
		return s, true, err
	}
	if len(r.sealed) == 0 || r.sealed[0] != totpOwnFormat {
		return totpSecret{}, false, fmt.Errorf("%w: second factor of user %s", ErrIntegrity, userID)
	}
	key, err := subkey(k.boxPriv, k.vaultID, purposeTOTPOwn)
	if err != nil {
		return totpSecret{}, false, err
	}
	defer clear(key)
	s, err = decodeTOTP(key, r.sealed[1:], totpOwnAD(k.vaultID, userID, r.confirmed), userID)
	return s, false, err
}

// openLegacyTOTP opens a row sealed under the common category key.
func openLegacyTOTP(common []byte, vaultID, userID string, r totpRow) (totpSecret, error) {
	key, err := subkey(common, vaultID, purposeTOTP)
	if err != nil {
		return totpSecret{}, err
	}
	defer clear(key)
	return decodeTOTP(key, r.sealed, totpAD(vaultID, userID, r.confirmed), userID)
}

func decodeTOTP(key, sealed, ad []byte, userID string) (totpSecret, error) {
	pt, err := open(key, sealed, ad)
	if err != nil {
		return totpSecret{}, fmt.Errorf("%w: second factor of user %s", ErrIntegrity, userID)
	}
	defer clear(pt)
	var s totpSecret
	if err := json.Unmarshal(pt, &s); err != nil {
		return totpSecret{}, fmt.Errorf("%w: second factor of user %s", ErrIntegrity, userID)
	}
	return s, nil
}

// sealLegacyTOTP seals s in the legacy format (Rotate re-seals legacy rows
// that way until their user's next unlock converts them).
func sealLegacyTOTP(common []byte, vaultID, userID string, s totpSecret, confirmed bool) ([]byte, error) {
	key, err := subkey(common, vaultID, purposeTOTP)
	if err != nil {
		return nil, err
	}
	defer clear(key)
	pt, err := json.Marshal(s)
	if err != nil {
		return nil, err
	}
	defer clear(pt)
	return seal(key, pt, totpAD(vaultID, userID, confirmed))
}

// wipe clears the secret's backing bytes where Go lets it (strings are
// immutable; the JSON buffers are cleared by their users).
func (s *totpSecret) wipe() { *s = totpSecret{} }

// storeTOTP seals s to k's own user (whose row it must be) and stores it
// signed; prev is the row it replaces (nil for none), whose binding entry
// is kept when the state does not change.
func (v *Vault) storeTOTP(tx *txn, k *keys, userID string, s totpSecret, confirmed bool, prev *totpRow) error {
	key, err := subkey(k.boxPriv, k.vaultID, purposeTOTPOwn)
	if err != nil {
		return err
	}
	defer clear(key)
	pt, err := json.Marshal(s)
	if err != nil {
		return err
	}
	defer clear(pt)
	sealed, err := seal(key, pt, totpOwnAD(k.vaultID, userID, confirmed))
	if err != nil {
		return err
	}
	r := totpRow{sealed: append([]byte{totpOwnFormat}, sealed...), confirmed: confirmed}
	var keep int64
	if prev != nil && len(prev.sig) > 0 && len(prev.sealed) > 0 && prev.confirmed == confirmed {
		keep = prev.auditSeq
	}
	if err := v.signTOTP(tx, k, userID, userID, &r, keep, true); err != nil {
		return err
	}
	return writeTOTP(tx, userID, r, v.now())
}

// secondFactor runs after the passphrase was verified. A user with a
// confirmed second factor must give a code; otherwise nothing is asked
// (startSession then gates a user the practice requires one of). A wrong
// or missing code leaves the attempt counted as a failure.
func (v *Vault) secondFactor(u User, k *keys, code string) error {
	var err error
	ierr := v.inTx(func(tx *txn) error {
		r, ok, rerr := v.checkedTOTP(tx, k, u.ID)
		if rerr != nil || !ok {
			return rerr
		}
		// Opened even when pending: the flag is bound into the associated
		// data, so clearing it in the file is an integrity error.
		s, legacy, oerr := openTOTP(k, u.ID, r)
		if oerr != nil {
			return oerr
		}
		if !r.confirmed {
			if legacy { // convert a pending legacy enrolment now
				return v.storeTOTP(tx, k, u.ID, s, false, &r)
			}
			return nil
		}
		if strings.TrimSpace(code) == "" {
			err = ErrTOTPRequired
			return nil
		}
		if !s.accept(code, v.now()) {
			err = ErrWrongTOTP
			return nil
		}
		// Stored sealed to the user's own key: a legacy row is converted.
		return v.storeTOTP(tx, k, u.ID, s, true, &r)
	})
	if ierr != nil {
		return ierr
	}
	if err != nil {
		detail := "wrong second factor"
		if errors.Is(err, ErrTOTPRequired) {
			detail = "second factor missing"
		}
		v.failedUnlock(u.ID, "unlock.failed", detail)
	}
	return err
}

// needsEnrolment reports whether u must enrol a second factor before doing
// anything else: the practice requires one for u's role and u has none.
func (v *Vault) needsEnrolment(u User, k *keys) (bool, error) {
	if !slices.Contains(totpRoles, u.Role) {
		return false, nil
	}
	required, err := v.setting(v.db, k, SettingRequireTOTP)
	if err != nil || required != "on" {
		return false, err
	}
	r, ok, err := v.checkedTOTP(v.db, k, u.ID)
	return !ok || !r.confirmed, err
}

// accept checks a TOTP code (one step of skew either side, never a step
// already used) or an unused backup code, and updates s.
func (s *totpSecret) accept(code string, now time.Time) bool {
	code = strings.Join(strings.Fields(code), "")
	if len(code) == 6 {
		return s.acceptTOTP(code, now)
	}
	h := hashBackupCode(code)
	i := slices.IndexFunc(s.Backup, func(b string) bool { return hmac.Equal([]byte(b), []byte(h)) })
	if i < 0 {
		return false
	}
	s.Backup = slices.Delete(s.Backup, i, i+1)
	return true
}

func (s *totpSecret) acceptTOTP(code string, now time.Time) bool {
	cur := now.Unix() / totpPeriod
	for step := cur - totpSkewSteps; step <= cur+totpSkewSteps; step++ {
		if step <= s.LastStep {
			continue
		}
		want, err := totpCode(s.Secret, time.Unix(step*totpPeriod, 0))
		if err == nil && hmac.Equal([]byte(want), []byte(code)) {
			s.LastStep = step
			return true
		}
	}
	return false
}

func totpOpts() totp.ValidateOpts {
	return totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}
}

func totpCode(secret string, t time.Time) (string, error) {
	return totp.GenerateCodeCustom(secret, t, totpOpts())
}

// TOTPCode computes the current code for a secret; for tests and for
// checking an authenticator app.
func TOTPCode(secret string, t time.Time) (string, error) { return totpCode(secret, t) }

var backupEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// normaliseBackupCode accepts any case, dashes and spaces, and 0/1/8 for O/I/B.
func normaliseBackupCode(code string) string {
	r := strings.NewReplacer("-", "", " ", "", "0", "O", "1", "I", "8", "B")
	return r.Replace(strings.ToUpper(strings.TrimSpace(code)))
}

func hashBackupCode(code string) string {
	sum := sha256.Sum256([]byte("custodia/v1/backup-code|" + normaliseBackupCode(code)))
	return hex.EncodeToString(sum[:])
}

func newBackupCodes() (codes, hashes []string) {
	for range backupCodeCount {
		c := backupEncoding.EncodeToString(randomBytes(backupCodeBytes))
		c = c[:4] + "-" + c[4:]
		codes = append(codes, c)
		hashes = append(hashes, hashBackupCode(c))
	}
	return codes, hashes
}

// BeginTOTP starts enrolling the session user's second factor: a new
// secret (shown as an otpauth URI and a QR code) and backup codes, stored
// sealed and pending until ConfirmTOTP. Not for recovery sessions.
// ErrExists when one is already enrolled (disable it first).
func (s *Session) BeginTOTP() (TOTPEnrolment, error) {
	if s.recovery {
		return TOTPEnrolment{}, invalidRule("session", RuleRecoveryNoUser)
	}
	u := s.User()
	key, err := totp.Generate(totp.GenerateOpts{Issuer: totpIssuer, AccountName: u.Name, Period: totpPeriod,
		Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1, SecretSize: 20})
	if err != nil {
		return TOTPEnrolment{}, fmt.Errorf("vault: new second factor: %w", err)
	}
	codes, hashes := newBackupCodes()
	sec := totpSecret{Secret: key.Secret(), Backup: hashes}
	err = s.runAny("user.totp.begin", func(tx *txn, k *keys) error {
		r, ok, err := s.v.checkedTOTP(tx, k, u.ID)
		if err != nil || (ok && r.confirmed) {
			if err == nil {
				err = fmt.Errorf("%w: user %s already has a second factor; disable it first", ErrExists, u.ID)
			}
			return err
		}
		var prev *totpRow
		if ok {
			prev = &r
		}
		if err := s.v.storeTOTP(tx, k, u.ID, sec, false, prev); err != nil {
			return err
		}
		return s.audit(tx, k, "user.totp.begin", "user:"+u.ID, outcomeOK, "")
	})
	if err != nil {
		return TOTPEnrolment{}, err
	}
	return TOTPEnrolment{URI: key.URL(), Secret: key.Secret(), BackupCodes: codes}, nil
}

// ConfirmTOTP completes BeginTOTP with a code from the authenticator app;
// from the next unlock on the user needs a code. ErrWrongTOTP for a wrong
// code, ErrNotFound without a pending enrolment.
func (s *Session) ConfirmTOTP(code string) error {
	u := s.User()
	var wrong bool
	err := s.runAny("user.totp.enrol", func(tx *txn, k *keys) error {
		r, ok, err := s.v.checkedTOTP(tx, k, u.ID)
		if err != nil {
			return err
		}
		if !ok || r.confirmed {
			return fmt.Errorf("%w: no pending second-factor enrolment for user %s", ErrNotFound, u.ID)
		}
		sec, _, err := openTOTP(k, u.ID, r)
		if err != nil {
			return err
		}
		if len(strings.Join(strings.Fields(code), "")) != 6 || !sec.accept(code, s.v.now()) {
			wrong = true
			return s.audit(tx, k, "user.totp.enrol", "user:"+u.ID, outcomeFailed, "wrong code")
		}
		if err := s.v.storeTOTP(tx, k, u.ID, sec, true, &r); err != nil {
			return err
		}
		return s.audit(tx, k, "user.totp.enrol", "user:"+u.ID, outcomeOK, fmt.Sprintf("backup_codes=%d", len(sec.Backup)))
	})
	if err == nil && wrong {
		return ErrWrongTOTP
	}
	if err == nil {
		s.setMustEnrol(false)
	}
	return err
}

// DisableTOTP removes a user's second factor. Users may remove their own
// (unless the practice requires one for their role); an administrator
// (PermUserManage) may remove anyone's, e.g. after a lost phone.
func (s *Session) DisableTOTP(name string) error {
	if name == s.User().Name && !s.recovery {
		return s.runAny("user.totp.disable", func(tx *txn, k *keys) error {
			u, err := s.currentUser(tx)
			if err != nil {
				return err
			}
			if slices.Contains(totpRoles, u.Role) {
				if req, err := s.v.setting(tx, k, SettingRequireTOTP); err != nil || req == "on" {
					if err == nil {
						err = invalidRule("totp", RuleTOTPRequired)
					}
					return err
				}
			}
			return s.deleteTOTP(tx, k, u)
		})
	}
	return s.changeUserK(name, "user.totp.disable", func(tx *txn, k *keys, u User) (string, error) {
		_, err := s.v.removeTOTP(tx, k, s.User().ID, u.ID, false)
		return "", err
	})
}

func (s *Session) deleteTOTP(tx *txn, k *keys, u User) error {
	if _, err := s.v.removeTOTP(tx, k, u.ID, u.ID, true); err != nil {
		return err
	}
	return s.audit(tx, k, "user.totp.disable", "user:"+u.ID, outcomeOK, "")
}

// TOTPStatus reports the second factor of the named user: the session's
// own for any role, another user's with PermUserManage.
func (s *Session) TOTPStatus(name string) (TOTPStatus, error) {
	var st TOTPStatus
	own := name == s.User().Name && !s.recovery
	read := func(tx *txn, k *keys) error {
		u, err := findUser(tx, "name", name)
		if err != nil {
			return err
		}
		r, ok, err := s.v.checkedTOTP(tx, k, u.ID)
		if err != nil {
			return err
		}
		st.Enrolled = ok && r.confirmed
		st.BackupCodesLeft = -1
		if ok && own {
			// Only the user's own key opens the row (and counts the codes).
			sec, _, err := openTOTP(k, u.ID, r)
			if err != nil {
				return err
			}
			st.BackupCodesLeft = 0
			if r.confirmed {
				st.BackupCodesLeft = len(sec.Backup)
			}
		}
		req, err := s.v.setting(tx, k, SettingRequireTOTP)
		st.Required = err == nil && req == "on" && slices.Contains(totpRoles, u.Role)
		return err
	}
	var err error
	if name == s.User().Name {
		err = s.runAny("user.totp.status", read)
	} else {
		err = s.runRead(PermUserManage, "user.totp.status", "", read)
	}
	return st, err
}

// EnrolmentRequired reports whether this session may do nothing but enrol
// a second factor (ConfirmTOTP lifts it).
func (s *Session) EnrolmentRequired() bool {
	s.userMu.Lock()
	defer s.userMu.Unlock()
	return s.mustEnrol
}

func (s *Session) setMustEnrol(on bool) {
	s.userMu.Lock()
	s.mustEnrol = on
	s.userMu.Unlock()
}

// enrolmentGate stops every permission-checked call of a session that must
// first enrol a second factor.
func (s *Session) enrolmentGate() error {
	if s.EnrolmentRequired() {
		return ErrTOTPEnrolment
	}
	return nil
}

// SetRequireTOTP turns the practice's second-factor requirement for
// administrators and DPOs on or off. Needs PermUserManage; audited.
func (s *Session) SetRequireTOTP(on bool) error {
	value := "off"
	if on {
		value = "on"
	}
	return s.run(PermUserManage, actionSettingSet, objectSetting(SettingRequireTOTP), func(tx *txn, k *keys) error {
		return s.v.putSetting(tx, k, s.User().ID, SettingRequireTOTP, value)
	})
}

// RequireTOTP reports the practice's second-factor requirement (any role).
func (s *Session) RequireTOTP() (bool, error) {
	var on bool
	err := s.runAny("setting.read", func(tx *txn, k *keys) error {
		v, err := s.v.setting(tx, k, SettingRequireTOTP)
		on = v == "on"
		return err
	})
	return on, err
}
