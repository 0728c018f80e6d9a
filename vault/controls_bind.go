package vault

import (
	"crypto/ed25519"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
)

// Signed controls. The practice's settings and each user's second factor
// switch security controls on or off, so a file edit must not do it:
//
//   - a setting row is signed by the vault's authority (only administrators
//     hold it) over vault id, name, value and audit_seq;
//   - a second-factor row is signed by its owner's signing key (pinned and
//     certified by the authority) or by the authority, over vault id, user
//     id, confirmed flag, SHA-256 of the seal and audit_seq; removing a
//     factor leaves a signed row with an empty seal;
//   - audit_seq names the audit entry that last changed the control (action
//     actionSettingSet on "setting:<name>", actionTOTPBind on
//     "totp:<user id>"). On every read that entry must be the newest such
//     entry of the object: a deleted row, or an older signed row put back,
//     is ErrIntegrity. The entries are signed and chained (and anchored),
//     so they cannot be removed without VerifyAudit noticing.
//
// Rows written before migration 0080 carry no signature: a setting is then
// checked by its MAC and against the value its newest audit entry recorded,
// a second factor is accepted only while no binding entry exists for it.
// The next change signs them.

// signerAuthority marks a control row signed by the vault's authority.
const signerAuthority = "authority"

// Binding audit actions.
const (
	actionSettingSet = "setting.set"
	actionTOTPBind   = "user.totp.bind"
)

func objectSetting(name string) string { return "setting:" + name }
func objectTOTP(userID string) string  { return "totp:" + userID }

// newestBinding returns the newest successful entry of action on object
// (seq 0 when there is none) and its detail.
func newestBinding(q querier, object, action string) (int64, string, error) {
	var seq int64
	var detail string
	err := q.QueryRow(`SELECT seq, detail FROM audit_log WHERE object = ? AND action = ? AND outcome = 'ok'
		ORDER BY seq DESC LIMIT 1`, object, action).Scan(&seq, &detail)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", nil
	}
	if err != nil {
		return 0, "", fmt.Errorf("vault: read audit trail: %w", err)
	}
	return seq, detail, nil
}

// bind appends the binding entry of a control change and returns its
// sequence number, which the control row then names and signs.
func (v *Vault) bind(tx *txn, k *keys, userID, action, object, detail string) (int64, error) {
	if err := v.audit(tx, k, userID, action, object, outcomeOK, detail); err != nil {
		return 0, err
	}
	return tx.head.seq, nil
}

func controlSigned(kind, vaultID string, parts [][]byte, auditSeq int64) []byte {
	b := []byte("custodia-control-v1/" + kind)
	for _, p := range append([][]byte{[]byte(vaultID)}, parts...) {
		b = binary.BigEndian.AppendUint32(b, uint32(len(p)))
		b = append(b, p...)
	}
	return binary.BigEndian.AppendUint64(b, uint64(auditSeq))
}

func settingSigned(vaultID, name, value string, auditSeq int64) []byte {
	return controlSigned("setting", vaultID, [][]byte{[]byte(name), []byte(value)}, auditSeq)
}

func totpSigned(vaultID, userID string, r totpRow) []byte {
	h := sha256.Sum256(r.sealed)
	flag := []byte{0}
	if r.confirmed {
		flag[0] = 1
	}
	return controlSigned("totp", vaultID, [][]byte{[]byte(userID), flag, h[:]}, r.auditSeq)
}

// signControl signs msg with the authority when own is false (an
// administrator acting on another user's control), else with k's own key.
func signControl(k *keys, msg []byte, own bool) (signer string, sig []byte, err error) {
	if own {
		return k.signer, ed25519.Sign(k.sign, msg), nil
	}
	auth, err := k.authorityKey()
	if err != nil {
		return "", nil, err
	}
	return signerAuthority, ed25519.Sign(auth, msg), nil
}

// verifyControl checks a control row's signature: by the authority, or by a
// signing key pinned for owner (certified by the authority). owner "" admits
// the authority only.
func verifyControl(q querier, authority ed25519.PublicKey, owner, signer string, msg, sig []byte) bool {
	if len(sig) != ed25519.SignatureSize {
		return false
	}
	if signer == signerAuthority {
		return ed25519.Verify(authority, msg, sig)
	}
	if owner == "" {
		return false
	}
	var uid string
	var pub, cert []byte
	if err := q.QueryRow("SELECT user_id, public_key, sig FROM signing_keys WHERE id = ?", signer).Scan(&uid, &pub, &cert); err != nil {
		return false
	}
	return uid == owner && len(pub) == ed25519.PublicKeySize && signer == signingKeyID(pub) &&
		ed25519.Verify(authority, signingKeySigned(signer, uid, pub), cert) && ed25519.Verify(pub, msg, sig)
}
