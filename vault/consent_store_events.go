package vault

import (
	"context"
	"database/sql"
	"fmt"

	"custodia/consent"
)

// eventSecret holds an event's personal fields: the representative and the
// signed scan reference.
type eventSecret struct {
	Representative *consent.Representative `json:"representative,omitempty"`
	Scan           *consent.Attachment     `json:"scan,omitempty"`
}

// AppendEvents appends events to the ledger, all or none. Needs
// PermConsentWrite. Errors as consent.Store documents: consent.ErrInvalid,
// consent.ErrNotFound, consent.ErrExists. Representative and scan are
// stored encrypted under the patient's data key.
func (c *ConsentStore) AppendEvents(ctx context.Context, events ...consent.Event) error {
	return c.do(ctx, PermConsentWrite, "consent.append", eventsObject(events), func(tx *txn, k *keys) error {
		cat, err := catalogue(tx)
		if err != nil {
			return err
		}
		if err := cat.CheckBatch(events, func(id string) (consent.Event, bool) { return lookupEvent(tx, id) }); err != nil {
			return err
		}
		if err := checkEventsNotErased(tx, events); err != nil {
			return err
		}
		for i, e := range events {
			if err := checkScanRef(tx, k, e); err != nil {
				return fmt.Errorf("events[%d] %s: %w", i, e.ID, err)
			}
			if err := k.insertEvent(tx, e); err != nil {
				return err
			}
			if err := c.audit(tx, k, "consent.append", "consent:"+e.ID, "patient="+e.PatientID+" purpose="+e.PurposeID+" type="+string(e.Type)); err != nil {
				return err
			}
		}
		return nil
	})
}

func eventsObject(events []consent.Event) string {
	if len(events) == 0 {
		return ""
	}
	return "consent:" + events[0].ID
}

// lookupEvent finds a ledger event by id (clear fields only: CheckBatch
// needs type, patient and purpose).
func lookupEvent(tx *txn, id string) (consent.Event, bool) {
	var body string
	if err := tx.QueryRow("SELECT body FROM consent_events WHERE id = ?", id).Scan(&body); err != nil {
		return consent.Event{}, false
	}
	var e consent.Event
	if decodeBody(body, "event", &e) != nil {
		return consent.Event{}, false
	}
	return e, true
}

func (k *keys) insertEvent(tx *txn, e consent.Event) error {
	secret := eventSecret{Representative: e.Representative, Scan: e.Scan}
	e.Representative, e.Scan = nil, nil
	body, err := encodeBody(e)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(`INSERT INTO consent_events (id, patient_id, purpose_id, text_language, text_version, body)
		VALUES (?, ?, ?, ?, ?, ?)`, e.ID, e.PatientID, e.PurposeID, e.TextLanguage, e.TextVersion, body); err != nil {
		return fmt.Errorf("vault: append event %s: %w", e.ID, err)
	}
	if secret.Representative == nil && secret.Scan == nil {
		return nil
	}
	return k.putSecret(tx, "event:"+e.ID, e.PatientID, string(consent.RecConsents), secret)
}

// ListEvents returns matching events in append order. Needs
// PermConsentRead. Personal fields whose key an erasure destroyed come back
// empty.
func (c *ConsentStore) ListEvents(ctx context.Context, f consent.EventFilter) ([]consent.Event, error) {
	var out []consent.Event
	object := subjectObject(f.PatientID)
	err := c.doRead(ctx, PermConsentRead, "consent.read", object, func(tx *txn, k *keys) error {
		var err error
		if out, err = listEvents(tx, k, f); err != nil {
			return err
		}
		return c.audit(tx, k, "consent.read", object, fmt.Sprintf("purpose=%s count=%d", f.PurposeID, len(out)))
	})
	return out, err
}

func subjectObject(id string) string {
	if id == "" {
		return ""
	}
	return "patient:" + id
}

func listEvents(tx *txn, k *keys, f consent.EventFilter) ([]consent.Event, error) {
	where, args := new(eqFilter).eq("e.patient_id", f.PatientID).eq("e.purpose_id", f.PurposeID).where()
	rows, err := tx.Query(`SELECT e.id, e.body, s.subject_id, s.key_kind, s.ciphertext FROM consent_events e
		LEFT JOIN subject_secrets s ON s.owner = 'event:' || e.id`+where+" ORDER BY e.seq", args...)
	if err != nil {
		return nil, fmt.Errorf("vault: list events: %w", err)
	}
	var out []consent.Event
	var secrets []storedSecret
	for rows.Next() {
		var id, body string
		var sec storedSecret
		var subject, kind sql.NullString
		if err := rows.Scan(&id, &body, &subject, &kind, &sec.ct); err != nil {
			rows.Close()
			return nil, err
		}
		var e consent.Event
		if err := decodeBody(body, "event "+id, &e); err != nil {
			rows.Close()
			return nil, err
		}
		sec.owner, sec.subjectID, sec.kind = "event:"+id, subject.String, kind.String
		out, secrets = append(out, e), append(secrets, sec)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, fillEventSecrets(tx, k, out, secrets)
}

// fillEventSecrets decrypts the representative and scan of each event (after
// the row cursor is closed: the vault has a single connection).
func fillEventSecrets(tx *txn, k *keys, events []consent.Event, secrets []storedSecret) error {
	r := newSecretReader(tx, k)
	defer r.wipe()
	for i := range events {
		if secrets[i].ct == nil {
			continue
		}
		var s eventSecret
		if _, err := r.decode(secrets[i], &s); err != nil {
			return err
		}
		events[i].Representative, events[i].Scan = s.Representative, s.Scan
	}
	return nil
}
