package vault

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"custodia/consent"
)

var _ consent.TextAdder = (*ConsentStore)(nil)

// AddTexts adds consent text versions the vault lacks, insert-only, in one
// transaction: every text is validated first, and a text of a purpose the
// catalogue lacks fails the whole call (consent.ErrNotFound, nothing
// added). A version already stored is never replaced or changed (texts
// are evidence); one stored with another wording is reported in Differ.
// Needs PermGovernance; each added version is audited as "text.put"
// (detail "added"). The result's Added and Differ are sorted.
func (c *ConsentStore) AddTexts(ctx context.Context, texts []consent.Text) (consent.TextSync, error) {
	for _, t := range texts {
		if err := t.Validate(); err != nil {
			return consent.TextSync{}, err
		}
	}
	var out consent.TextSync
	err := c.do(ctx, PermGovernance, "text.put", "texts", func(tx *txn, k *keys) error {
		out = consent.TextSync{}
		for _, t := range texts {
			if err := c.addText(tx, k, t, &out); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return consent.TextSync{}, err
	}
	consent.SortRefs(out.Added)
	consent.SortRefs(out.Differ)
	return out, nil
}

// addText inserts one version unless it is stored already.
func (c *ConsentStore) addText(tx *txn, k *keys, t consent.Text, out *consent.TextSync) error {
	if !hasRow(tx, "SELECT 1 FROM consent_purposes WHERE id = ?", t.PurposeID) {
		return fmt.Errorf("text for purpose %q: %w", t.PurposeID, consent.ErrNotFound)
	}
	object := fmt.Sprintf("text:%s/%s/%d", t.PurposeID, t.Language, t.Version)
	var body string
	err := tx.QueryRow("SELECT body FROM consent_texts WHERE purpose_id = ? AND language = ? AND version = ?", t.PurposeID, t.Language, t.Version).Scan(&body)
	switch {
	case err == nil:
		var old consent.Text
		if err := decodeBody(body, object, &old); err != nil {
			return err
		}
		if old.SHA256 != t.SHA256 {
			out.Differ = append(out.Differ, consent.RefOf(t))
		}
		return nil
	case !errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("vault: read %s: %w", object, err)
	}
	enc, err := encodeBody(t)
	if err != nil {
		return err
	}
	if _, err := tx.Exec("INSERT INTO consent_texts (purpose_id, language, version, body) VALUES (?, ?, ?, ?)", t.PurposeID, t.Language, t.Version, enc); err != nil {
		return fmt.Errorf("vault: store %s: %w", object, err)
	}
	out.Added = append(out.Added, consent.RefOf(t))
	return c.audit(tx, k, "text.put", object, "added")
}
