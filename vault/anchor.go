package vault

import (
	"bytes"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
)

// AuditAnchor is a point of the audit chain to keep outside the vault
// (printed, sent to a SIEM). The MAC is keyed, so it reveals nothing. A vault
// file rolled back to a copy older than the anchor fails VerifyAuditAnchor.
type AuditAnchor struct {
	Seq int64
	MAC string // hex
}

// AuditHead returns the newest entry of the chain as an anchor. Needs
// PermAuditRead. Returns *AuditError if the stored head is not authentic.
func (s *Session) AuditHead() (AuditAnchor, error) {
	var a AuditAnchor
	err := s.runRead(PermAuditRead, "audit.anchor", "", func(tx *txn, k *keys) error {
		h, err := readHead(tx)
		if err != nil {
			return err
		}
		if !h.present || !bytes.Equal(h.headMAC, headMAC(k.audit, h.seq, h.mac)) {
			return &AuditError{Seq: h.seq, Reason: "head anchor missing or not authentic"}
		}
		a = AuditAnchor{Seq: h.seq, MAC: hex.EncodeToString(h.mac)}
		return s.audit(tx, k, "audit.anchor", "", outcomeOK, fmt.Sprintf("seq=%d", h.seq))
	})
	return a, err
}

// VerifyAuditAnchor runs VerifyAudit and also checks that the chain still
// holds the anchored entry unchanged. Needs PermAuditRead. Returns
// *AuditError (wrapping ErrAuditBroken) for a broken chain, a missing
// anchored entry (file rolled back or truncated) or a different one.
func (s *Session) VerifyAuditAnchor(a AuditAnchor) (checked int64, err error) {
	want, derr := hex.DecodeString(a.MAC)
	if derr != nil || len(want) != 32 || a.Seq < 1 {
		return 0, invalid("anchor", "must be a sequence number and a 64-digit hex MAC")
	}
	var verr error
	err = s.runRead(PermAuditRead, "audit.verify", "", func(tx *txn, k *keys) error {
		checked, verr = verifyChain(tx, k)
		if verr == nil {
			verr = checkAnchor(tx, a.Seq, want)
		}
		outcome, detail := outcomeOK, fmt.Sprintf("checked=%d anchor=%d", checked, a.Seq)
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

func checkAnchor(tx *txn, seq int64, want []byte) error {
	var got []byte
	err := tx.QueryRow("SELECT mac FROM audit_log WHERE seq = ?", seq).Scan(&got)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return &AuditError{Seq: seq, Reason: "anchored entry missing: the vault was rolled back or truncated"}
	case err != nil:
		return fmt.Errorf("vault: read audit: %w", err)
	case !bytes.Equal(got, want):
		return &AuditError{Seq: seq, Reason: "anchored entry differs from the anchor"}
	}
	return nil
}
