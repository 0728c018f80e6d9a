package vault

import (
	"crypto/hmac"
	"database/sql"
	"errors"
	"fmt"
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
// whose MAC does not match (edited in the file) is ErrIntegrity.
func (v *Vault) setting(q querier, master []byte, name string) (string, error) {
	var value string
	var stored []byte
	err := q.QueryRow("SELECT value, mac FROM vault_settings WHERE name = ?", name).Scan(&value, &stored)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("vault: read setting %s: %w", name, err)
	}
	want, err := settingMAC(master, v.vaultID, name, value)
	if err != nil {
		return "", err
	}
	if !hmac.Equal(stored, want) {
		return "", fmt.Errorf("%w: setting %s was changed outside Custodia", ErrIntegrity, name)
	}
	return value, nil
}

func (v *Vault) putSetting(tx *txn, master []byte, name, value string) error {
	m, err := settingMAC(master, v.vaultID, name, value)
	if err != nil {
		return err
	}
	_, err = tx.Exec(`INSERT INTO vault_settings (name, value, mac, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET value = excluded.value, mac = excluded.mac, updated_at = excluded.updated_at`,
		name, value, m, v.now().UnixNano())
	if err != nil {
		return fmt.Errorf("vault: store setting %s: %w", name, err)
	}
	return nil
}

// opsKey is the key the vault-ops records derive theirs from (TOTP secrets,
// settings MACs, the journal key's wrap): the common category key every
// role's grant holds.
func (k *keys) opsKey() []byte { return k.cat[catCommon] }
