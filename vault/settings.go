package vault

import (
	"crypto/hmac"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

const purposeSettings = "custodia/v1/settings"

func settingMAC(master []byte, vaultID, name, value string) ([]byte, error) {
	key, err := subkey(master, vaultID, purposeSettings)
	if err != nil {
		return nil, err
	}
	defer clear(key)
	return mac(key, associatedData(vaultID, "vault_settings", name, value)), nil
}

// setting reads a practice-wide setting; "" when it was never set. A value
// that is not the one an administrator last stored (edited, deleted, an
// older signed row put back, or a signature missing) is ErrIntegrity; see
// controls_bind.go.
func (v *Vault) setting(q querier, k *keys, name string) (string, error) {
	var value string
	var stored, sig []byte
	var seq int64
	err := q.QueryRow("SELECT value, mac, sig, audit_seq FROM vault_settings WHERE name = ?", name).Scan(&value, &stored, &sig, &seq)
	newest, detail, berr := newestBinding(q, objectSetting(name), actionSettingSet)
	if berr != nil {
		return "", berr
	}
	changed := fmt.Errorf("%w: setting %s was changed outside Custodia", ErrIntegrity, name)
	switch {
	case errors.Is(err, sql.ErrNoRows) && newest == 0:
		return "", nil
	case errors.Is(err, sql.ErrNoRows):
		return "", fmt.Errorf("%w: setting %s was removed outside Custodia", ErrIntegrity, name)
	case err != nil:
		return "", fmt.Errorf("vault: read setting %s: %w", name, err)
	case len(sig) == 0: // written before migration 0080
		return value, legacySetting(k, v.vaultID, name, value, stored, newest, detail, changed)
	case seq != newest || !verifyControl(q, k.authority, "", signerAuthority, settingSigned(v.vaultID, name, value, seq), sig):
		return "", changed
	}
	return value, nil
}

// legacySetting checks a setting stored before migration 0080: its MAC
// under the common key, and the value its newest audit entry recorded.
func legacySetting(k *keys, vaultID, name, value string, stored []byte, newest int64, detail string, changed error) error {
	want, err := settingMAC(k.opsKey(), vaultID, name, value)
	if err != nil {
		return err
	}
	if !hmac.Equal(stored, want) || (newest > 0 && !strings.Contains(" "+detail+" ", " value="+value+" ")) {
		return changed
	}
	return nil
}

// putSetting stores a setting: an audit entry recording it, then the row
// signed by the authority (administrators only) naming that entry.
func (v *Vault) putSetting(tx *txn, k *keys, userID, name, value string) error {
	seq, err := v.bind(tx, k, userID, actionSettingSet, objectSetting(name), "value="+value)
	if err != nil {
		return err
	}
	_, sig, err := signControl(k, settingSigned(v.vaultID, name, value, seq), false)
	if err != nil {
		return err
	}
	m, err := settingMAC(k.opsKey(), v.vaultID, name, value)
	if err != nil {
		return err
	}
	_, err = tx.Exec(`INSERT INTO vault_settings (name, value, mac, updated_at, sig, audit_seq) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET value = excluded.value, mac = excluded.mac, updated_at = excluded.updated_at,
		sig = excluded.sig, audit_seq = excluded.audit_seq`,
		name, value, m, v.now().UnixNano(), sig, seq)
	if err != nil {
		return fmt.Errorf("vault: store setting %s: %w", name, err)
	}
	return nil
}

// opsKey is the key the vault-ops records derive theirs from (legacy TOTP
// secrets, settings MACs, the journal key's wrap): the common category key
// every role's grant holds.
func (k *keys) opsKey() []byte { return k.cat[catCommon] }
