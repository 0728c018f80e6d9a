package vault

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"custodia/consent"
)

// requestSecret holds a request's personal fields.
type requestSecret struct {
	Requester       string `json:"requester"`
	Relation        string `json:"relation"`
	Description     string `json:"description,omitempty"`
	ExtensionReason string `json:"extensionReason,omitempty"`
}

// ErasedText replaces free text an erasure destroyed (a requester's name).
const ErasedText = "[erased]"

func splitRequest(r consent.Request) (consent.Request, requestSecret) {
	s := requestSecret{Requester: r.Requester, Relation: r.RequesterRelation, Description: r.Description}
	r.Requester, r.RequesterRelation, r.Description = "", "", ""
	if r.Extension != nil {
		x := *r.Extension
		s.ExtensionReason, x.Reason = x.Reason, ""
		r.Extension = &x
	}
	return r, s
}

func (s requestSecret) merge(r *consent.Request) {
	r.Requester, r.RequesterRelation, r.Description = s.Requester, s.Relation, s.Description
	if r.Extension != nil {
		r.Extension.Reason = s.ExtensionReason
	}
}

// CreateRequest stores a new request and its intake record and returns it
// with Version 1. Needs PermRequestIntake. consent.ErrInvalid;
// consent.ErrExists if the id is taken. Requester, relation, description
// and extension reason are encrypted under the subject's key.
func (c *ConsentStore) CreateRequest(ctx context.Context, r consent.Request, t consent.Transition) (consent.Request, error) {
	if err := r.Validate(); err != nil {
		return consent.Request{}, err
	}
	if t.RequestID != r.ID {
		return consent.Request{}, fmt.Errorf("request %s: intake record is about another request: %w", r.ID, consent.ErrInvalid)
	}
	r.Version = 1
	err := c.do(ctx, PermRequestIntake, "request.create", "request:"+r.ID, func(tx *txn, k *keys) error {
		if hasRow(tx, "SELECT 1 FROM dsr_requests WHERE id = ?", r.ID) {
			return fmt.Errorf("request %s: %w", r.ID, consent.ErrExists)
		}
		if err := checkRequestNotErased(tx, r); err != nil {
			return err
		}
		if err := k.writeRequest(tx, r, true); err != nil {
			return err
		}
		if err := appendTransition(tx, t); err != nil {
			return err
		}
		return c.audit(tx, k, "request.create", "request:"+r.ID, fmt.Sprintf("patient=%s type=%s", r.SubjectID, r.Type))
	})
	if err != nil {
		return consent.Request{}, err
	}
	return r, nil
}

func (k *keys) writeRequest(tx *txn, r consent.Request, create bool) error {
	clearR, secret := splitRequest(r)
	body, err := encodeBody(clearR)
	if err != nil {
		return err
	}
	q := "UPDATE dsr_requests SET subject_id = ?, type = ?, state = ?, received_at = ?, received_tz = ?, version = ?, body = ? WHERE id = ?"
	if create {
		q = "INSERT INTO dsr_requests (subject_id, type, state, received_at, received_tz, version, body, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
	}
	tz := r.ReceivedAt.Location().String()
	if _, err := tx.Exec(q, r.SubjectID, r.Type, r.State, r.ReceivedAt.UnixNano(), tz, r.Version, body, r.ID); err != nil {
		return fmt.Errorf("vault: store request %s: %w", r.ID, err)
	}
	return k.putSecret(tx, "request:"+r.ID, r.SubjectID, string(consent.RecRequests), secret)
}

func appendTransition(tx *txn, t consent.Transition) error {
	body, err := encodeBody(t)
	if err != nil {
		return err
	}
	if _, err := tx.Exec("INSERT INTO dsr_transitions (request_id, body) VALUES (?, ?)", t.RequestID, body); err != nil {
		return fmt.Errorf("vault: append transition of request %s: %w", t.RequestID, err)
	}
	return nil
}

// GetRequest returns consent.ErrNotFound for an unknown id. Needs PermConsentRead.
func (c *ConsentStore) GetRequest(ctx context.Context, id string) (consent.Request, error) {
	var r consent.Request
	err := c.doRead(ctx, PermConsentRead, "request.read", "request:"+id, func(tx *txn, k *keys) error {
		var err error
		if r, err = getRequest(tx, k, id); err != nil {
			return err
		}
		return c.audit(tx, k, "request.read", "request:"+id, "")
	})
	return r, err
}

func getRequest(tx *txn, k *keys, id string) (consent.Request, error) {
	var body, tz string
	err := tx.QueryRow("SELECT body, received_tz FROM dsr_requests WHERE id = ?", id).Scan(&body, &tz)
	if errors.Is(err, sql.ErrNoRows) {
		return consent.Request{}, fmt.Errorf("request %s: %w", id, consent.ErrNotFound)
	}
	if err != nil {
		return consent.Request{}, fmt.Errorf("vault: read request %s: %w", id, err)
	}
	r, err := decodeRequest(body, tz, id)
	if err != nil {
		return consent.Request{}, err
	}
	rs := []consent.Request{r}
	return rs[0], fillRequestSecrets(tx, k, rs)
}

// decodeRequest decodes a stored request and puts its receipt time back in
// its time zone (when this system knows the zone).
func decodeRequest(body, tz, id string) (consent.Request, error) {
	var r consent.Request
	if err := decodeBody(body, "request "+id, &r); err != nil {
		return r, err
	}
	if loc, err := time.LoadLocation(tz); err == nil && tz != "" {
		r.ReceivedAt = r.ReceivedAt.In(loc)
	}
	return r, nil
}

// fillRequestSecrets decrypts the personal fields of each request; a
// request whose secret was shredded gets ErasedText as requester.
func fillRequestSecrets(tx *txn, k *keys, rs []consent.Request) error {
	r := newSecretReader(tx, k)
	defer r.wipe()
	for i := range rs {
		s := requestSecret{Requester: ErasedText}
		if _, err := r.get("request:"+rs[i].ID, &s); err != nil {
			return err
		}
		s.merge(&rs[i])
	}
	return nil
}

// ListRequests returns matching requests sorted by receipt time, then id.
// Needs PermConsentRead.
func (c *ConsentStore) ListRequests(ctx context.Context, f consent.RequestFilter) ([]consent.Request, error) {
	var out []consent.Request
	object := subjectObject(f.SubjectID)
	err := c.doRead(ctx, PermConsentRead, "request.read", object, func(tx *txn, k *keys) error {
		var err error
		if out, err = listRequests(tx, k, f); err != nil {
			return err
		}
		return c.audit(tx, k, "request.read", object, fmt.Sprintf("count=%d", len(out)))
	})
	return out, err
}

func listRequests(tx *txn, k *keys, f consent.RequestFilter) ([]consent.Request, error) {
	where, args := new(eqFilter).eq("subject_id", f.SubjectID).eq("type", string(f.Type)).where()
	rows, err := tx.Query("SELECT id, body, received_tz FROM dsr_requests"+where+" ORDER BY received_at, id", args...)
	if err != nil {
		return nil, fmt.Errorf("vault: list requests: %w", err)
	}
	var out []consent.Request
	for rows.Next() {
		var id, body, tz string
		if err := rows.Scan(&id, &body, &tz); err != nil {
			rows.Close()
			return nil, err
		}
		r, err := decodeRequest(body, tz, id)
		if err != nil {
			rows.Close()
			return nil, err
		}
		if f.Match(r) {
			out = append(out, r)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, fillRequestSecrets(tx, k, out)
}

// UpdateRequest stores r and appends t in one transaction. Needs
// PermRequestIntake, and PermRequestDecide to complete, deny, extend or lift
// a restriction. Errors as consent.Store documents: consent.ErrNotFound,
// consent.ErrConflict (stale Version), consent.ErrInvalid,
// consent.ErrImmutable (closed request).
func (c *ConsentStore) UpdateRequest(ctx context.Context, r consent.Request, t consent.Transition) (consent.Request, error) {
	object := "request:" + r.ID
	var out consent.Request
	err := c.do(ctx, PermRequestIntake, "request.transition", object, func(tx *txn, k *keys) error {
		stored, err := getRequest(tx, k, r.ID)
		if err != nil {
			return err
		}
		if err := consent.CheckRequestUpdate(stored, r, t); err != nil {
			return err
		}
		if decides(stored, r, t) {
			if err := c.s.requireFor(PermRequestDecide); err != nil {
				return err
			}
		}
		out = r
		out.Version++
		if err := k.writeRequest(tx, out, false); err != nil {
			return err
		}
		if err := appendTransition(tx, t); err != nil {
			return err
		}
		return c.audit(tx, k, "request.transition", object, fmt.Sprintf("action=%s from=%s to=%s version=%d", t.Action, stored.State, r.State, out.Version))
	})
	if err != nil {
		return consent.Request{}, err
	}
	return out, nil
}

// decides reports whether an update is a decision: completion, denial,
// extension or lifting a restriction (PermRequestDecide).
func decides(stored, r consent.Request, t consent.Transition) bool {
	switch {
	case r.State == consent.StateCompleted && stored.State != consent.StateCompleted,
		r.State == consent.StateDenied && stored.State != consent.StateDenied,
		r.Extension != nil && stored.Extension == nil,
		t.Action == "extend", t.Action == "lift-restriction", !r.LiftedAt.Equal(stored.LiftedAt):
		return true
	}
	return false
}

// ListTransitions returns a request's workflow records in order;
// consent.ErrNotFound for an unknown request. Needs PermConsentRead.
func (c *ConsentStore) ListTransitions(ctx context.Context, requestID string) ([]consent.Transition, error) {
	var out []consent.Transition
	object := "request:" + requestID
	err := c.doRead(ctx, PermConsentRead, "request.read", object, func(tx *txn, k *keys) error {
		if !hasRow(tx, "SELECT 1 FROM dsr_requests WHERE id = ?", requestID) {
			return fmt.Errorf("request %s: %w", requestID, consent.ErrNotFound)
		}
		var err error
		if out, err = listTransitions(tx, requestID); err != nil {
			return err
		}
		return c.audit(tx, k, "request.read", object, fmt.Sprintf("transitions=%d", len(out)))
	})
	return out, err
}

func listTransitions(tx *txn, requestID string) ([]consent.Transition, error) {
	rows, err := tx.Query("SELECT body FROM dsr_transitions WHERE request_id = ? ORDER BY seq", requestID)
	if err != nil {
		return nil, fmt.Errorf("vault: list transitions: %w", err)
	}
	defer rows.Close()
	var out []consent.Transition
	for rows.Next() {
		var body string
		var t consent.Transition
		if err := rows.Scan(&body); err != nil {
			return nil, err
		}
		if err := decodeBody(body, "transition of request "+requestID, &t); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// DeleteRequest removes a closed request, its personal fields and its
// transitions when its retention period ended. Needs PermGovernance.
// consent.ErrNotFound; consent.ErrConflict on a stale version;
// consent.ErrImmutable while the request is open.
func (c *ConsentStore) DeleteRequest(ctx context.Context, id string, version int64) error {
	object := "request:" + id
	return c.do(ctx, PermGovernance, "request.delete", object, func(tx *txn, k *keys) error {
		var stored int64
		var state string
		err := tx.QueryRow("SELECT version, state FROM dsr_requests WHERE id = ?", id).Scan(&stored, &state)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("request %s: %w", id, consent.ErrNotFound)
		case err != nil:
			return fmt.Errorf("vault: read request %s: %w", id, err)
		case stored != version:
			return fmt.Errorf("request %s: version %d, stored %d: %w", id, version, stored, consent.ErrConflict)
		case !consent.State(state).Closed():
			return fmt.Errorf("request %s is open: %w", id, consent.ErrImmutable)
		}
		for _, q := range []string{"DELETE FROM dsr_requests WHERE id = ?", "DELETE FROM dsr_transitions WHERE request_id = ?",
			"DELETE FROM subject_secrets WHERE owner = 'request:' || ?"} {
			if _, err := tx.Exec(q, id); err != nil {
				return fmt.Errorf("vault: delete request %s: %w", id, err)
			}
		}
		return c.audit(tx, k, "request.delete", object, fmt.Sprintf("version=%d", version))
	})
}
