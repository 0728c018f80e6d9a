package vault

import (
	"crypto/hmac"
	"fmt"
)

// opsRecords re-keys the vault-ops records keyed from the common category
// key (opsKey): the MAC of every practice setting, the wrap of the erasure
// journal's signing key and the second-factor rows still in the legacy
// format (sealed under the common key, totp.go). Rows sealed to a user's
// own key do not depend on the category keys and stay as they are.
func (r *rotation) opsRecords() (int, error) {
	n, err := r.settings()
	if err != nil {
		return 0, err
	}
	j, err := r.journalKey()
	if err != nil {
		return 0, err
	}
	t, err := r.legacyTOTP()
	return n + j + t, err
}

// settings re-MACs every practice setting, after checking its old MAC.
func (r *rotation) settings() (int, error) {
	rows, err := r.tx.Query("SELECT name, value, mac FROM vault_settings ORDER BY name")
	if err != nil {
		return 0, fmt.Errorf("vault: rotate settings: %w", err)
	}
	type setting struct {
		name, value string
		mac         []byte
	}
	var all []setting
	for rows.Next() {
		var s setting
		if err := rows.Scan(&s.name, &s.value, &s.mac); err != nil {
			rows.Close()
			return 0, err
		}
		all = append(all, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, s := range all {
		want, err := settingMAC(r.old.opsKey(), r.old.vaultID, s.name, s.value)
		if err != nil {
			return 0, err
		}
		if !hmac.Equal(want, s.mac) {
			return 0, fmt.Errorf("%w: rotate: setting %s was changed outside Custodia", ErrIntegrity, s.name)
		}
		m, err := settingMAC(r.new.opsKey(), r.new.vaultID, s.name, s.value)
		if err != nil {
			return 0, err
		}
		if _, err := r.tx.Exec("UPDATE vault_settings SET mac = ? WHERE name = ?", m, s.name); err != nil {
			return 0, fmt.Errorf("vault: rotate setting %s: %w", s.name, err)
		}
	}
	return len(all), nil
}

// journalKey re-wraps the erasure journal's signing key (its public key,
// pinned in every backup and journal file, stays).
func (r *rotation) journalKey() (int, error) {
	if !hasRow(r.tx, "SELECT 1 FROM journal_key WHERE id = 1") {
		return 0, nil
	}
	seed, err := openJournalSeed(r.tx, r.old)
	if err != nil {
		return 0, err
	}
	defer clear(seed)
	wrapped, err := wrapJournalSeed(r.new, seed)
	if err != nil {
		return 0, err
	}
	if _, err := r.tx.Exec("UPDATE journal_key SET wrapped_key = ? WHERE id = 1", wrapped); err != nil {
		return 0, fmt.Errorf("vault: rotate journal key: %w", err)
	}
	return 1, nil
}

// legacyTOTP re-seals the second-factor rows still sealed under the common
// key (enrolled before per-user sealing; converted at the user's next
// unlock) under the new common key.
func (r *rotation) legacyTOTP() (int, error) {
	ids, err := queryIDs(r.tx, "rotate", "SELECT user_id FROM user_totp ORDER BY user_id")
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		row, ok, err := readTOTP(r.tx, id)
		if err != nil || !ok {
			return 0, err
		}
		if !isLegacyTOTP(row) {
			continue
		}
		s, err := openLegacyTOTP(r.old.opsKey(), r.old.vaultID, id, row)
		if err != nil {
			return 0, fmt.Errorf("vault: rotate: %w", err)
		}
		sealed, err := sealLegacyTOTP(r.new.opsKey(), r.new.vaultID, id, s, row.confirmed)
		s.wipe()
		if err != nil {
			return 0, err
		}
		if _, err := r.tx.Exec("UPDATE user_totp SET sealed = ? WHERE user_id = ?", sealed, id); err != nil {
			return 0, fmt.Errorf("vault: rotate second factor of user %s: %w", id, err)
		}
		n++
	}
	return n, nil
}
