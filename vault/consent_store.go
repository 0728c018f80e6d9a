package vault

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"custodia/consent"
)

// ConsentStore is the vault's implementation of consent.Store: the purpose
// catalogue, consent texts, the consent ledger, data-subject requests,
// disclosures, retention rules, the breach log and certificates, stored in
// the vault file. Every method runs in one transaction, checks the session
// user's permission (a denial is audited and returns an error matching both
// ErrPermission and consent.ErrPermission) and appends an audit entry naming
// ids only. Personal fields are encrypted: see docs/design.md, "Consent and
// requests storage". Other errors wrap the consent sentinels, or ErrLocked,
// ErrUserDisabled and ErrIntegrity.
type ConsentStore struct {
	s *Session
}

var _ consent.Store = (*ConsentStore)(nil)

// ConsentStore returns the consent storage of this session. It works while
// the session is unlocked; afterwards every method returns ErrLocked.
func (s *Session) ConsentStore() *ConsentStore { return &ConsentStore{s: s} }

// ConsentActor maps the session user to the consent package's Actor (the
// role names are the same strings).
func (s *Session) ConsentActor() consent.Actor {
	u := s.User()
	return consent.Actor{UserID: u.ID, Role: string(u.Role)}
}

// do runs fn in the session frame and maps a permission denial to both
// sentinels.
func (c *ConsentStore) do(ctx context.Context, perm Permission, action, object string, fn func(tx *txn, k *keys) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return consentErr(c.s.run(perm, action, object, fn))
}

// doRead is do for methods that only read: their audit entries are
// committed without waiting for fsync (see Session.runRead).
func (c *ConsentStore) doRead(ctx context.Context, perm Permission, action, object string, fn func(tx *txn, k *keys) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return consentErr(c.s.runRead(perm, action, object, fn))
}

// consentErr makes vault errors that the consent contract names match the
// consent sentinels too.
func consentErr(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrPermission) && !errors.Is(err, consent.ErrPermission):
		return fmt.Errorf("%w: %w", consent.ErrPermission, err)
	}
	return err
}

// audit records a successful step.
func (c *ConsentStore) audit(tx *txn, k *keys, action, object, detail string) error {
	return c.s.audit(tx, k, action, object, outcomeOK, detail)
}

// decodeBody decodes a stored JSON body; a body that does not decode was
// changed outside the vault.
func decodeBody(body, what string, v any) error {
	if err := json.Unmarshal([]byte(body), v); err != nil {
		return fmt.Errorf("%w: stored %s does not decode", ErrIntegrity, what)
	}
	return nil
}

func encodeBody(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("vault: encode: %w", err)
	}
	return string(b), nil
}

// ListPurposes returns the catalogue sorted by id. Needs PermConsentRead.
func (c *ConsentStore) ListPurposes(ctx context.Context) ([]consent.Purpose, error) {
	var out []consent.Purpose
	err := c.doRead(ctx, PermConsentRead, "purpose.read", "", func(tx *txn, k *keys) error {
		var err error
		if out, err = listPurposes(tx); err != nil {
			return err
		}
		return c.audit(tx, k, "purpose.read", "", fmt.Sprintf("count=%d", len(out)))
	})
	return out, err
}

func listPurposes(tx *txn) ([]consent.Purpose, error) {
	rows, err := tx.Query("SELECT id, body FROM consent_purposes ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("vault: list purposes: %w", err)
	}
	defer rows.Close()
	out := []consent.Purpose{}
	for rows.Next() {
		var id, body string
		var p consent.Purpose
		if err := rows.Scan(&id, &body); err != nil {
			return nil, err
		}
		if err := decodeBody(body, "purpose "+id, &p); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// GetPurpose returns consent.ErrNotFound if no purpose has the id. Needs PermConsentRead.
func (c *ConsentStore) GetPurpose(ctx context.Context, id string) (consent.Purpose, error) {
	var p consent.Purpose
	err := c.doRead(ctx, PermConsentRead, "purpose.read", "purpose:"+id, func(tx *txn, k *keys) error {
		var err error
		if p, err = getPurpose(tx, id); err != nil {
			return err
		}
		return c.audit(tx, k, "purpose.read", "purpose:"+id, "")
	})
	return p, err
}

func getPurpose(tx *txn, id string) (consent.Purpose, error) {
	var body string
	err := tx.QueryRow("SELECT body FROM consent_purposes WHERE id = ?", id).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return consent.Purpose{}, fmt.Errorf("purpose %q: %w", id, consent.ErrNotFound)
	}
	if err != nil {
		return consent.Purpose{}, fmt.Errorf("vault: read purpose %q: %w", id, err)
	}
	var p consent.Purpose
	return p, decodeBody(body, "purpose "+id, &p)
}

// PutPurpose creates or replaces a purpose. Needs PermGovernance.
// consent.ErrInvalid if it fails Validate; consent.ErrImmutable if ledger
// events use it and the change is not allowed (consent.CheckPurposeChange).
func (c *ConsentStore) PutPurpose(ctx context.Context, p consent.Purpose) error {
	return c.do(ctx, PermGovernance, "purpose.put", "purpose:"+p.ID, func(tx *txn, k *keys) error {
		old, err := getPurpose(tx, p.ID)
		exists := err == nil
		if err != nil && !errors.Is(err, consent.ErrNotFound) {
			return err
		}
		used := exists && hasRow(tx, "SELECT 1 FROM consent_events WHERE purpose_id = ? LIMIT 1", p.ID)
		if err := consent.CheckPurposeChange(old, p, used); err != nil {
			return fmt.Errorf("purpose %q: %w", p.ID, err)
		}
		body, err := encodeBody(p)
		if err != nil {
			return err
		}
		if _, err := tx.Exec("INSERT INTO consent_purposes (id, body) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET body = excluded.body", p.ID, body); err != nil {
			return fmt.Errorf("vault: store purpose %q: %w", p.ID, err)
		}
		return c.audit(tx, k, "purpose.put", "purpose:"+p.ID, "")
	})
}

// PutText creates a text version, or replaces one no event uses. Needs
// PermGovernance. consent.ErrInvalid (validation, hash); consent.ErrNotFound
// if the purpose does not exist; consent.ErrImmutable if an event uses it.
func (c *ConsentStore) PutText(ctx context.Context, t consent.Text) error {
	if err := t.Validate(); err != nil {
		return err
	}
	object := fmt.Sprintf("text:%s/%s/%d", t.PurposeID, t.Language, t.Version)
	return c.do(ctx, PermGovernance, "text.put", object, func(tx *txn, k *keys) error {
		if !hasRow(tx, "SELECT 1 FROM consent_purposes WHERE id = ?", t.PurposeID) {
			return fmt.Errorf("text for purpose %q: %w", t.PurposeID, consent.ErrNotFound)
		}
		if hasRow(tx, "SELECT 1 FROM consent_events WHERE purpose_id = ? AND text_language = ? AND text_version = ? LIMIT 1", t.PurposeID, t.Language, t.Version) {
			return fmt.Errorf("text %s/%s v%d is used by the ledger: %w", t.PurposeID, t.Language, t.Version, consent.ErrImmutable)
		}
		body, err := encodeBody(t)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(`INSERT INTO consent_texts (purpose_id, language, version, body) VALUES (?, ?, ?, ?)
			ON CONFLICT (purpose_id, language, version) DO UPDATE SET body = excluded.body`, t.PurposeID, t.Language, t.Version, body); err != nil {
			return fmt.Errorf("vault: store %s: %w", object, err)
		}
		return c.audit(tx, k, "text.put", object, "")
	})
}

// GetText returns consent.ErrNotFound for an unknown purpose, language or
// version. Needs PermConsentRead.
func (c *ConsentStore) GetText(ctx context.Context, purposeID, language string, version int) (consent.Text, error) {
	object := fmt.Sprintf("text:%s/%s/%d", purposeID, language, version)
	var t consent.Text
	err := c.doRead(ctx, PermConsentRead, "text.read", object, func(tx *txn, k *keys) error {
		var body string
		err := tx.QueryRow("SELECT body FROM consent_texts WHERE purpose_id = ? AND language = ? AND version = ?", purposeID, language, version).Scan(&body)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("text %s/%s v%d: %w", purposeID, language, version, consent.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("vault: read %s: %w", object, err)
		}
		if err := decodeBody(body, object, &t); err != nil {
			return err
		}
		return c.audit(tx, k, "text.read", object, "")
	})
	return t, err
}

// ListTexts returns the versions of a purpose ("" = all), sorted by purpose,
// language, version. Needs PermConsentRead.
func (c *ConsentStore) ListTexts(ctx context.Context, purposeID string) ([]consent.Text, error) {
	var out []consent.Text
	err := c.doRead(ctx, PermConsentRead, "text.read", purposeObject(purposeID), func(tx *txn, k *keys) error {
		var err error
		if out, err = listTexts(tx, purposeID); err != nil {
			return err
		}
		return c.audit(tx, k, "text.read", purposeObject(purposeID), fmt.Sprintf("count=%d", len(out)))
	})
	return out, err
}

func purposeObject(id string) string {
	if id == "" {
		return ""
	}
	return "purpose:" + id
}

func listTexts(tx *txn, purposeID string) ([]consent.Text, error) {
	rows, err := tx.Query("SELECT body FROM consent_texts WHERE ? = '' OR purpose_id = ?", purposeID, purposeID)
	if err != nil {
		return nil, fmt.Errorf("vault: list texts: %w", err)
	}
	defer rows.Close()
	var out []consent.Text
	for rows.Next() {
		var body string
		var t consent.Text
		if err := rows.Scan(&body); err != nil {
			return nil, err
		}
		if err := decodeBody(body, "consent text", &t); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	// Sorted in Go: SQLite would order the version column numerically but
	// the language by its own collation; the contract is Go string order.
	slices.SortFunc(out, func(a, b consent.Text) int {
		return cmp.Or(cmp.Compare(a.PurposeID, b.PurposeID), cmp.Compare(a.Language, b.Language), cmp.Compare(a.Version, b.Version))
	})
	return out, rows.Err()
}

// catalogue loads the purposes and texts inside tx.
func catalogue(tx *txn) (*consent.Catalogue, error) {
	ps, err := listPurposes(tx)
	if err != nil {
		return nil, err
	}
	ts, err := listTexts(tx, "")
	if err != nil {
		return nil, err
	}
	return consent.NewCatalogue(ps, ts)
}
