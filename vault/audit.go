package vault

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"time"
)

// AuditEntry is one entry of the audit trail. Object and Detail hold ids and
// counts only, never personal data.
type AuditEntry struct {
	Seq     int64
	Time    time.Time
	UserID  string // "" for failed unlocks of unknown users
	Action  string // "unlock", "unlock.failed", "patient.read", "permission.denied", "user.add", ...
	Object  string // "patient:<uuid>", "user:<uuid>", ...
	Outcome string // "ok", "denied", "failed"
	Detail  string
}

// Outcomes.
const (
	outcomeOK     = "ok"
	outcomeDenied = "denied"
	outcomeFailed = "failed"
)

// actionTamper is appended when the head anchor was found invalid while
// appending; VerifyAudit reports it forever after.
const actionTamper = "audit.tamper"

// canonical is the byte string the MAC covers: seq, time (Unix ns) and each
// text field length-prefixed, so no two entries share an encoding.
func (e AuditEntry) canonical() []byte {
	b := []byte("custodia-audit-v1")
	b = binary.BigEndian.AppendUint64(b, uint64(e.Seq))
	b = binary.BigEndian.AppendUint64(b, uint64(e.Time.UnixNano()))
	for _, s := range []string{e.UserID, e.Action, e.Object, e.Outcome, e.Detail} {
		b = binary.BigEndian.AppendUint32(b, uint32(len(s)))
		b = append(b, s...)
	}
	return b
}

func entryMAC(key, prev []byte, e AuditEntry) []byte {
	return mac(key, prev, e.canonical())
}

func headMAC(key []byte, seq int64, entryMAC []byte) []byte {
	return mac(key, []byte("custodia-audit-head-v1"), binary.BigEndian.AppendUint64(nil, uint64(seq)), entryMAC)
}

type auditHead struct {
	seq     int64
	mac     []byte
	headMAC []byte
	present bool
}

func readHead(q querier) (auditHead, error) {
	var h auditHead
	err := q.QueryRow(qReadHead).Scan(&h.seq, &h.mac, &h.headMAC)
	if errors.Is(err, sql.ErrNoRows) {
		return auditHead{mac: make([]byte, 32)}, nil
	}
	if err != nil {
		return auditHead{}, fmt.Errorf("vault: read audit head: %w", err)
	}
	h.present = true
	return h, nil
}

// audit appends one entry to the chain inside tx and moves the head anchor.
func (v *Vault) audit(tx *txn, k *keys, userID, action, object, outcome, detail string) error {
	return v.appendEntry(tx, k, AuditEntry{Time: v.now(), UserID: userID, Action: action, Object: object, Outcome: outcome, Detail: detail})
}

func (v *Vault) appendEntry(tx *txn, k *keys, e AuditEntry) error {
	if tx.head == nil {
		if err := v.loadHead(tx, k, e); err != nil {
			return err
		}
	}
	return insertEntry(tx, k, e)
}

// loadHead reads the head anchor once per transaction. If the anchor cannot
// be trusted, the chain continues from the last stored entry and the
// tampering is recorded inside it, so VerifyAudit keeps reporting it.
func (v *Vault) loadHead(tx *txn, k *keys, e AuditEntry) error {
	h, err := readHead(tx)
	if err != nil {
		return err
	}
	reason := v.headProblem(tx, k, h)
	if reason == "" {
		tx.head = &h
		return nil
	}
	if h, err = lastEntry(tx); err != nil {
		return err
	}
	tx.head = &h
	t := AuditEntry{Time: e.Time, UserID: e.UserID, Action: actionTamper, Outcome: outcomeFailed, Detail: reason}
	return insertEntry(tx, k, t)
}

// lastEntry is the newest stored entry as an (untrusted) head.
func lastEntry(tx *txn) (auditHead, error) {
	h := auditHead{mac: make([]byte, 32)}
	err := tx.QueryRow("SELECT seq, mac FROM audit_log ORDER BY seq DESC LIMIT 1").Scan(&h.seq, &h.mac)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return h, fmt.Errorf("vault: read audit log: %w", err)
	}
	return h, nil
}

// headProblem explains why the stored head anchor cannot be trusted, or "".
func (v *Vault) headProblem(tx *txn, k *keys, h auditHead) string {
	if h.present {
		if !bytes.Equal(h.headMAC, headMAC(k.audit, h.seq, h.mac)) {
			return "audit head anchor MAC invalid"
		}
		return ""
	}
	var n int64
	if err := tx.QueryRow("SELECT count(*) FROM audit_log").Scan(&n); err != nil || n > 0 {
		return "audit head anchor missing"
	}
	return ""
}

// insertEntry chains e to the transaction's head; the head row is written
// once before commit (txn.flushHead).
func insertEntry(tx *txn, k *keys, e AuditEntry) error {
	h := tx.head
	e.Seq = h.seq + 1
	m := entryMAC(k.audit, h.mac, e)
	if _, err := tx.Exec(qInsertAudit, e.Seq, e.Time.UnixNano(), e.UserID, e.Action, e.Object, e.Outcome, e.Detail, m); err != nil {
		return fmt.Errorf("vault: append audit entry: %w", err)
	}
	tx.head = &auditHead{seq: e.Seq, mac: m, headMAC: headMAC(k.audit, e.Seq, m), present: true}
	tx.headDirty = true
	return nil
}

// appendEntries chains es to the transaction's head in order, exactly as
// appendEntry one by one would, and stores them with multi-row inserts.
func (v *Vault) appendEntries(tx *txn, k *keys, es []AuditEntry) error {
	if len(es) == 0 {
		return nil
	}
	if tx.head == nil {
		if err := v.loadHead(tx, k, es[0]); err != nil {
			return err
		}
	}
	seq, prev := tx.head.seq, tx.head.mac
	args := make([]any, 0, insAudit.cols*len(es))
	h := hmac.New(sha256.New, k.audit)
	for _, e := range es {
		seq++
		e.Seq = seq
		h.Reset()
		h.Write(prev)
		h.Write(e.canonical())
		m := h.Sum(nil) // = entryMAC(k.audit, prev, e)
		args = append(args, e.Seq, e.Time.UnixNano(), e.UserID, e.Action, e.Object, e.Outcome, e.Detail, m)
		prev = m
	}
	if err := insAudit.exec(tx, args); err != nil {
		return fmt.Errorf("vault: append audit entries: %w", err)
	}
	tx.head = &auditHead{seq: seq, mac: prev, headMAC: headMAC(k.audit, seq, prev), present: true}
	tx.headDirty = true
	return nil
}

func objectUser(id string) string {
	if id == "" {
		return ""
	}
	return "user:" + id
}

// flushPending moves pending entries, oldest first and with their own times, into the chain.
func (v *Vault) flushPending(tx *txn, k *keys) error {
	rows, err := tx.Query("SELECT at, user_id, action, object, outcome, detail FROM audit_pending ORDER BY id")
	if err != nil {
		return fmt.Errorf("vault: read pending audit entries: %w", err)
	}
	var pending []AuditEntry
	for rows.Next() {
		var e AuditEntry
		var at int64
		if err := rows.Scan(&at, &e.UserID, &e.Action, &e.Object, &e.Outcome, &e.Detail); err != nil {
			rows.Close()
			return err
		}
		e.Time = time.Unix(0, at).UTC()
		pending = append(pending, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, e := range pending {
		if err := v.appendEntry(tx, k, e); err != nil {
			return err
		}
	}
	_, err = tx.Exec("DELETE FROM audit_pending")
	return err
}

// AuditEntries returns up to limit entries with Seq > afterSeq, oldest first.
// Needs PermAuditRead.
func (s *Session) AuditEntries(afterSeq int64, limit int) ([]AuditEntry, error) {
	if limit <= 0 || limit > 10000 {
		return nil, invalid("limit", "must be between 1 and 10000")
	}
	var out []AuditEntry
	err := s.runRead(PermAuditRead, "audit.read", "", func(tx *txn, k *keys) error {
		var err error
		if out, err = readEntries(tx, afterSeq, limit); err != nil {
			return err
		}
		return s.audit(tx, k, "audit.read", "", outcomeOK, fmt.Sprintf("after=%d count=%d", afterSeq, len(out)))
	})
	return out, err
}

func readEntries(tx *txn, afterSeq int64, limit int) ([]AuditEntry, error) {
	rows, err := tx.Query("SELECT seq, at, user_id, action, object, outcome, detail FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?", afterSeq, limit)
	if err != nil {
		return nil, fmt.Errorf("vault: read audit: %w", err)
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		var at int64
		if err := rows.Scan(&e.Seq, &at, &e.UserID, &e.Action, &e.Object, &e.Outcome, &e.Detail); err != nil {
			return nil, err
		}
		e.Time = time.Unix(0, at).UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}

// VerifyAudit walks the whole chain and checks every MAC, the sequence and
// the head anchor. It returns the number of entries checked and, for the
// first broken entry, an *AuditError wrapping ErrAuditBroken. Needs PermAuditRead.
func (s *Session) VerifyAudit() (checked int64, err error) {
	var verr error
	err = s.runRead(PermAuditRead, "audit.verify", "", func(tx *txn, k *keys) error {
		checked, verr = verifyChain(tx, k)
		outcome, detail := outcomeOK, fmt.Sprintf("checked=%d", checked)
		if verr != nil {
			outcome, detail = outcomeFailed, verr.Error()
		}
		return s.audit(tx, k, "audit.verify", "", outcome, detail)
	})
	if err != nil {
		return checked, err
	}
	return checked, verr
}

func verifyChain(tx *txn, k *keys) (int64, error) {
	rows, err := tx.Query("SELECT seq, at, user_id, action, object, outcome, detail, mac FROM audit_log ORDER BY seq")
	if err != nil {
		return 0, fmt.Errorf("vault: read audit: %w", err)
	}
	defer rows.Close()
	prev := make([]byte, 32)
	var n int64
	for rows.Next() {
		var e AuditEntry
		var at int64
		var stored []byte
		if err := rows.Scan(&e.Seq, &at, &e.UserID, &e.Action, &e.Object, &e.Outcome, &e.Detail, &stored); err != nil {
			return n, err
		}
		e.Time = time.Unix(0, at)
		if aerr := checkEntry(k, prev, n+1, e, stored); aerr != nil {
			return n, aerr
		}
		prev, n = stored, n+1
	}
	if err := rows.Err(); err != nil {
		return n, err
	}
	return n, checkHead(tx, k, n, prev)
}

func checkEntry(k *keys, prev []byte, want int64, e AuditEntry, stored []byte) error {
	switch {
	case e.Seq != want:
		return &AuditError{Seq: want, Reason: fmt.Sprintf("entry missing or out of order (found %d)", e.Seq)}
	case !bytes.Equal(stored, entryMAC(k.audit, prev, e)):
		return &AuditError{Seq: e.Seq, Reason: "MAC mismatch: entry changed, moved or a predecessor removed"}
	case e.Action == actionTamper:
		return &AuditError{Seq: e.Seq, Reason: "tampering was detected when this entry was written: " + e.Detail}
	}
	return nil
}

func checkHead(tx *txn, k *keys, last int64, lastMAC []byte) error {
	h, err := readHead(tx)
	if err != nil {
		return err
	}
	switch {
	case !h.present && last == 0:
		return nil
	case !h.present:
		return &AuditError{Seq: last, Reason: "head anchor missing"}
	case !bytes.Equal(h.headMAC, headMAC(k.audit, h.seq, h.mac)):
		return &AuditError{Seq: last, Reason: "head anchor MAC invalid"}
	case h.seq > last:
		return &AuditError{Seq: last + 1, Reason: fmt.Sprintf("newest entries missing: anchor says %d, chain ends at %d", h.seq, last)}
	case h.seq < last || !bytes.Equal(h.mac, lastMAC):
		return &AuditError{Seq: h.seq, Reason: "chain does not end at the anchored entry"}
	}
	return nil
}
