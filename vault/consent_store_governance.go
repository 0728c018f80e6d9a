package vault

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"custodia/consent"
)

// AddDisclosure records a disclosure. Needs PermConsentWrite, or
// PermResearchExport for a research export (Recipient "research:..." or
// ExportID set). consent.ErrInvalid; consent.ErrExists for a taken id.
func (c *ConsentStore) AddDisclosure(ctx context.Context, d consent.Disclosure) error {
	return c.AddDisclosures(ctx, d)
}

// AddDisclosures records several disclosures in one transaction, all or
// none (a research export records one per patient). Permissions and errors
// as AddDisclosure; errors name the failing entry by index and id.
func (c *ConsentStore) AddDisclosures(ctx context.Context, ds ...consent.Disclosure) error {
	for i, d := range ds {
		if err := d.Validate(); err != nil {
			return fmt.Errorf("disclosures[%d] %s: %w", i, d.ID, err)
		}
	}
	if len(ds) == 0 {
		return nil
	}
	return c.do(ctx, c.disclosurePerm(ds), "disclosure.add", "disclosure:"+ds[0].ID, func(tx *txn, k *keys) error {
		for i, d := range ds {
			if err := insertDisclosure(tx, d); err != nil {
				return fmt.Errorf("disclosures[%d]: %w", i, err)
			}
			detail := fmt.Sprintf("patient=%s recipient=%s purpose=%s", d.PatientID, d.Recipient, d.PurposeID)
			if err := c.audit(tx, k, "disclosure.add", "disclosure:"+d.ID, detail); err != nil {
				return err
			}
		}
		return nil
	})
}

// disclosurePerm lets a researcher record the disclosures of an export.
func (c *ConsentStore) disclosurePerm(ds []consent.Disclosure) Permission {
	if c.s.User().Role.Can(PermConsentWrite) {
		return PermConsentWrite
	}
	for _, d := range ds {
		if d.ExportID == "" {
			return PermConsentWrite
		}
	}
	return PermResearchExport
}

func insertDisclosure(tx *txn, d consent.Disclosure) error {
	if hasRow(tx, "SELECT 1 FROM disclosures WHERE id = ?", d.ID) {
		return fmt.Errorf("disclosure %s: %w", d.ID, consent.ErrExists)
	}
	body, err := encodeBody(d)
	if err != nil {
		return err
	}
	if _, err := tx.Exec("INSERT INTO disclosures (id, patient_id, at, body) VALUES (?, ?, ?, ?)", d.ID, d.PatientID, d.At.UnixNano(), body); err != nil {
		return fmt.Errorf("vault: store disclosure %s: %w", d.ID, err)
	}
	return nil
}

// ListDisclosures returns a patient's disclosures ("" = all) in time order.
// Needs PermConsentRead.
func (c *ConsentStore) ListDisclosures(ctx context.Context, patientID string) ([]consent.Disclosure, error) {
	var out []consent.Disclosure
	object := subjectObject(patientID)
	err := c.doRead(ctx, PermConsentRead, "disclosure.read", object, func(tx *txn, k *keys) error {
		var err error
		if out, err = listDisclosures(tx, patientID); err != nil {
			return err
		}
		return c.audit(tx, k, "disclosure.read", object, fmt.Sprintf("count=%d", len(out)))
	})
	return out, err
}

func listDisclosures(tx *txn, patientID string) ([]consent.Disclosure, error) {
	where, args := new(eqFilter).eq("patient_id", patientID).where()
	rows, err := tx.Query("SELECT id, body FROM disclosures"+where+" ORDER BY at, seq", args...)
	if err != nil {
		return nil, fmt.Errorf("vault: list disclosures: %w", err)
	}
	defer rows.Close()
	var out []consent.Disclosure
	for rows.Next() {
		var id, body string
		var d consent.Disclosure
		if err := rows.Scan(&id, &body); err != nil {
			return nil, err
		}
		if err := decodeBody(body, "disclosure "+id, &d); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// PutRetentionRule creates (Version 0) or updates a rule. Needs
// PermGovernance. consent.ErrInvalid, consent.ErrExists,
// consent.ErrNotFound, consent.ErrConflict as consent.Store documents.
func (c *ConsentStore) PutRetentionRule(ctx context.Context, r consent.RetentionRule) (consent.RetentionRule, error) {
	if err := r.Validate(); err != nil {
		return consent.RetentionRule{}, err
	}
	err := c.do(ctx, PermGovernance, "retention.put", "retention:"+r.ID, func(tx *txn, k *keys) error {
		stored, exists, err := storedVersion(tx, "retention_rules", r.ID)
		if err != nil {
			return err
		}
		if err := consent.CheckVersion("retention rule", r.ID, r.Version, stored, exists); err != nil {
			return err
		}
		r.Version++
		body, err := encodeBody(r)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(`INSERT INTO retention_rules (id, version, body) VALUES (?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET version = excluded.version, body = excluded.body`, r.ID, r.Version, body); err != nil {
			return fmt.Errorf("vault: store retention rule %s: %w", r.ID, err)
		}
		return c.audit(tx, k, "retention.put", "retention:"+r.ID, fmt.Sprintf("version=%d", r.Version))
	})
	if err != nil {
		return consent.RetentionRule{}, err
	}
	return r, nil
}

// storedVersion reads the version column of id in table.
func storedVersion(tx *txn, table, id string) (int64, bool, error) {
	var v int64
	err := tx.QueryRow("SELECT version FROM "+table+" WHERE id = ?", id).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("vault: read %s %s: %w", table, id, err)
	}
	return v, true, nil
}

// ListRetentionRules returns the rules sorted by id. Needs PermConsentRead.
func (c *ConsentStore) ListRetentionRules(ctx context.Context) ([]consent.RetentionRule, error) {
	var out []consent.RetentionRule
	err := c.doRead(ctx, PermConsentRead, "retention.read", "", func(tx *txn, k *keys) error {
		var err error
		if out, err = listRetentionRules(tx); err != nil {
			return err
		}
		return c.audit(tx, k, "retention.read", "", fmt.Sprintf("count=%d", len(out)))
	})
	return out, err
}

func listRetentionRules(tx *txn) ([]consent.RetentionRule, error) {
	rows, err := tx.Query("SELECT id, body FROM retention_rules ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("vault: list retention rules: %w", err)
	}
	defer rows.Close()
	out := []consent.RetentionRule{}
	for rows.Next() {
		var id, body string
		var r consent.RetentionRule
		if err := rows.Scan(&id, &body); err != nil {
			return nil, err
		}
		if err := decodeBody(body, "retention rule "+id, &r); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// DeleteRetentionRule removes a rule. Needs PermGovernance.
// consent.ErrNotFound; consent.ErrConflict on a stale version.
func (c *ConsentStore) DeleteRetentionRule(ctx context.Context, id string, version int64) error {
	return c.do(ctx, PermGovernance, "retention.delete", "retention:"+id, func(tx *txn, k *keys) error {
		stored, exists, err := storedVersion(tx, "retention_rules", id)
		switch {
		case err != nil:
			return err
		case !exists:
			return fmt.Errorf("retention rule %s: %w", id, consent.ErrNotFound)
		case stored != version:
			return fmt.Errorf("retention rule %s: version %d, stored %d: %w", id, version, stored, consent.ErrConflict)
		}
		if _, err := tx.Exec("DELETE FROM retention_rules WHERE id = ?", id); err != nil {
			return fmt.Errorf("vault: delete retention rule %s: %w", id, err)
		}
		return c.audit(tx, k, "retention.delete", "retention:"+id, fmt.Sprintf("version=%d", version))
	})
}

// breachSecret holds a breach's free text, encrypted under the vault-level key.
type breachSecret struct {
	Description    string `json:"description"`
	Consequences   string `json:"consequences"`
	Measures       string `json:"measures"`
	DelayReason    string `json:"delayReason,omitempty"`
	DecisionReason string `json:"decisionReason,omitempty"`
}

func splitBreach(b consent.Breach) (consent.Breach, breachSecret) {
	s := breachSecret{b.Description, b.Consequences, b.Measures, b.DelayReason, b.DecisionReason}
	b.Description, b.Consequences, b.Measures, b.DelayReason, b.DecisionReason = "", "", "", "", ""
	return b, s
}

func (s breachSecret) merge(b *consent.Breach) {
	b.Description, b.Consequences, b.Measures, b.DelayReason, b.DecisionReason = s.Description, s.Consequences, s.Measures, s.DelayReason, s.DecisionReason
}

// PutBreach creates (Version 0) or updates a breach log entry. Needs
// PermGovernance. consent.ErrInvalid, consent.ErrExists,
// consent.ErrNotFound, consent.ErrConflict. Free-text fields are encrypted.
func (c *ConsentStore) PutBreach(ctx context.Context, b consent.Breach) (consent.Breach, error) {
	if err := b.Validate(); err != nil {
		return consent.Breach{}, err
	}
	err := c.do(ctx, PermGovernance, "breach.put", "breach:"+b.ID, func(tx *txn, k *keys) error {
		stored, exists, err := storedVersion(tx, "breaches", b.ID)
		if err != nil {
			return err
		}
		if err := consent.CheckVersion("breach", b.ID, b.Version, stored, exists); err != nil {
			return err
		}
		b.Version++
		if err := k.writeBreach(tx, b); err != nil {
			return err
		}
		return c.audit(tx, k, "breach.put", "breach:"+b.ID, fmt.Sprintf("version=%d risk=%s", b.Version, b.Risk))
	})
	if err != nil {
		return consent.Breach{}, err
	}
	return b, nil
}

func (k *keys) writeBreach(tx *txn, b consent.Breach) error {
	clearB, secret := splitBreach(b)
	body, err := encodeBody(clearB)
	if err != nil {
		return err
	}
	ct, err := k.sealVault(catGovernance, "breaches", b.ID, secret)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(`INSERT INTO breaches (id, aware_at, version, body, secret) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET aware_at = excluded.aware_at, version = excluded.version, body = excluded.body,
		secret = excluded.secret`, b.ID, b.AwareAt.UnixNano(), b.Version, body, ct); err != nil {
		return fmt.Errorf("vault: store breach %s: %w", b.ID, err)
	}
	return nil
}

// GetBreach returns consent.ErrNotFound for an unknown id. Needs PermGovernance.
func (c *ConsentStore) GetBreach(ctx context.Context, id string) (consent.Breach, error) {
	var b consent.Breach
	err := c.doRead(ctx, PermGovernance, "breach.read", "breach:"+id, func(tx *txn, k *keys) error {
		bs, err := k.listBreaches(tx, id)
		if err != nil {
			return err
		}
		if len(bs) == 0 {
			return fmt.Errorf("breach %s: %w", id, consent.ErrNotFound)
		}
		b = bs[0]
		return c.audit(tx, k, "breach.read", "breach:"+id, "")
	})
	return b, err
}

// ListBreaches returns the log sorted by awareness time. Needs PermGovernance.
func (c *ConsentStore) ListBreaches(ctx context.Context) ([]consent.Breach, error) {
	var out []consent.Breach
	err := c.doRead(ctx, PermGovernance, "breach.read", "", func(tx *txn, k *keys) error {
		var err error
		if out, err = k.listBreaches(tx, ""); err != nil {
			return err
		}
		return c.audit(tx, k, "breach.read", "", fmt.Sprintf("count=%d", len(out)))
	})
	return out, err
}

// listBreaches reads one breach (id) or all ("").
func (k *keys) listBreaches(tx *txn, id string) ([]consent.Breach, error) {
	rows, err := tx.Query("SELECT id, body, secret FROM breaches WHERE ? = '' OR id = ? ORDER BY aware_at, id", id, id)
	if err != nil {
		return nil, fmt.Errorf("vault: list breaches: %w", err)
	}
	defer rows.Close()
	out := []consent.Breach{}
	for rows.Next() {
		var bid, body string
		var ct []byte
		var b consent.Breach
		var s breachSecret
		if err := rows.Scan(&bid, &body, &ct); err != nil {
			return nil, err
		}
		if err := decodeBody(body, "breach "+bid, &b); err != nil {
			return nil, err
		}
		if err := k.openVault(catGovernance, "breaches", bid, ct, &s); err != nil {
			return nil, err
		}
		s.merge(&b)
		out = append(out, b)
	}
	return out, rows.Err()
}

// AddCertificate stores an erasure or deletion certificate (append-only).
// Needs PermGovernance. consent.ErrInvalid if its seal does not verify;
// consent.ErrExists for a taken id.
func (c *ConsentStore) AddCertificate(ctx context.Context, cert consent.Certificate) error {
	if err := cert.Verify(); err != nil {
		return err
	}
	return c.do(ctx, PermGovernance, "certificate.add", "certificate:"+cert.ID, func(tx *txn, k *keys) error {
		if err := insertCertificate(tx, cert); err != nil {
			return err
		}
		return c.audit(tx, k, "certificate.add", "certificate:"+cert.ID, "kind="+cert.Kind)
	})
}

func insertCertificate(tx *txn, cert consent.Certificate) error {
	if hasRow(tx, "SELECT 1 FROM certificates WHERE id = ?", cert.ID) {
		return fmt.Errorf("certificate %s: %w", cert.ID, consent.ErrExists)
	}
	body, err := encodeBody(cert)
	if err != nil {
		return err
	}
	if _, err := tx.Exec("INSERT INTO certificates (id, issued_at, body) VALUES (?, ?, ?)", cert.ID, cert.IssuedAt.UnixNano(), body); err != nil {
		return fmt.Errorf("vault: store certificate %s: %w", cert.ID, err)
	}
	return nil
}

// GetCertificate returns consent.ErrNotFound for an unknown id. Needs
// PermGovernance. ErrIntegrity if the stored seal no longer verifies.
func (c *ConsentStore) GetCertificate(ctx context.Context, id string) (consent.Certificate, error) {
	var cert consent.Certificate
	err := c.doRead(ctx, PermGovernance, "certificate.read", "certificate:"+id, func(tx *txn, k *keys) error {
		cs, err := listCertificates(tx, id)
		if err != nil {
			return err
		}
		if len(cs) == 0 {
			return fmt.Errorf("certificate %s: %w", id, consent.ErrNotFound)
		}
		cert = cs[0]
		return c.audit(tx, k, "certificate.read", "certificate:"+id, "")
	})
	return cert, err
}

// ListCertificates returns certificates sorted by issue time. Needs PermGovernance.
func (c *ConsentStore) ListCertificates(ctx context.Context) ([]consent.Certificate, error) {
	var out []consent.Certificate
	err := c.doRead(ctx, PermGovernance, "certificate.read", "", func(tx *txn, k *keys) error {
		var err error
		if out, err = listCertificates(tx, ""); err != nil {
			return err
		}
		return c.audit(tx, k, "certificate.read", "", fmt.Sprintf("count=%d", len(out)))
	})
	return out, err
}

func listCertificates(tx *txn, id string) ([]consent.Certificate, error) {
	rows, err := tx.Query("SELECT id, body FROM certificates WHERE ? = '' OR id = ? ORDER BY issued_at, id", id, id)
	if err != nil {
		return nil, fmt.Errorf("vault: list certificates: %w", err)
	}
	defer rows.Close()
	out := []consent.Certificate{}
	for rows.Next() {
		var cid, body string
		var cert consent.Certificate
		if err := rows.Scan(&cid, &body); err != nil {
			return nil, err
		}
		if err := decodeBody(body, "certificate "+cid, &cert); err != nil {
			return nil, err
		}
		if cert.Verify() != nil {
			return nil, fmt.Errorf("%w: certificate %s seal", ErrIntegrity, cid)
		}
		out = append(out, cert)
	}
	return out, rows.Err()
}
