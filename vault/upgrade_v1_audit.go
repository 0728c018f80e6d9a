package vault

import (
	"bytes"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"strconv"
	"strings"
	"time"
)

// The format-1 audit trail: entry MAC = HMAC-SHA256(audit key, previous MAC
// || canonicalV1(entry)); head MAC = HMAC(audit key, "custodia-audit-head-v1"
// || seq || MAC). Only the master key's holders could check it. The upgrade
// checks it once with the v1 audit key, then closes it with a signed
// vault.upgrade entry whose detail carries the number of v1 entries and
// v1Digest of them; from then on VerifyAudit checks that digest (nobody
// holds the v1 audit key any more) and the upgrade entry's signature
// covers it.

func canonicalV1(e AuditEntry) []byte {
	b := []byte("custodia-audit-v1")
	b = binary.BigEndian.AppendUint64(b, uint64(e.Seq))
	b = binary.BigEndian.AppendUint64(b, uint64(e.Time.UnixNano()))
	for _, s := range []string{e.UserID, e.Action, e.Object, e.Outcome, e.Detail} {
		b = binary.BigEndian.AppendUint32(b, uint32(len(s)))
		b = append(b, s...)
	}
	return b
}

// v1Entry is one stored entry of the format-1 trail.
type v1Entry struct {
	e      AuditEntry
	mac    []byte
	signer string
}

// eachV1Entry calls fn for the entries with seq <= upTo (all when upTo is
// 0), in order.
func eachV1Entry(tx *txn, upTo int64, fn func(v1Entry) error) error {
	q := "SELECT seq, at, user_id, action, object, outcome, detail, mac, signer FROM audit_log ORDER BY seq"
	args := []any{}
	if upTo > 0 {
		q = "SELECT seq, at, user_id, action, object, outcome, detail, mac, signer FROM audit_log WHERE seq <= ? ORDER BY seq"
		args = append(args, upTo)
	}
	rows, err := tx.Query(q, args...)
	if err != nil {
		return fmt.Errorf("vault: read audit: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r v1Entry
		var at int64
		if err := rows.Scan(&r.e.Seq, &at, &r.e.UserID, &r.e.Action, &r.e.Object, &r.e.Outcome, &r.e.Detail, &r.mac, &r.signer); err != nil {
			return err
		}
		r.e.Time = time.Unix(0, at)
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// v1Digest adds one v1 entry (its canonical bytes and stored MAC) to the
// SHA-256 the upgrade entry records.
func v1Digest(h hash.Hash, r v1Entry) {
	c := canonicalV1(r.e)
	h.Write(binary.BigEndian.AppendUint32(nil, uint32(len(c))))
	h.Write(c)
	h.Write(r.mac)
}

// verifyV1Audit checks the whole format-1 trail with the v1 audit key
// (sequence, MAC chain, no recorded tampering, head anchor) and returns
// the number of entries, their digest and the newest entry as the head the
// upgrade entry continues from. A broken trail refuses the upgrade.
func verifyV1Audit(tx *txn, key []byte) (int64, []byte, auditHead, error) {
	var n int64
	prev := make([]byte, 32)
	var at int64
	h := sha256.New()
	err := eachV1Entry(tx, 0, func(r v1Entry) error {
		want := n + 1
		switch {
		case r.e.Seq != want:
			return &AuditError{Seq: want, Reason: fmt.Sprintf("entry missing or out of order (found %d)", r.e.Seq)}
		case r.signer != "":
			return &AuditError{Seq: r.e.Seq, Reason: "a signed entry in a format-1 trail"}
		case !bytes.Equal(r.mac, mac(key, prev, canonicalV1(r.e))):
			return &AuditError{Seq: r.e.Seq, Reason: "MAC mismatch: entry changed, moved or a predecessor removed"}
		case r.e.Action == actionTamper:
			return &AuditError{Seq: r.e.Seq, Reason: "tampering was detected when this entry was written: " + r.e.Detail}
		}
		v1Digest(h, r)
		prev, at, n = r.mac, r.e.Time.UnixNano(), want
		return nil
	})
	if err == nil {
		err = checkV1Head(tx, key, n, prev)
	}
	if err != nil {
		return 0, nil, auditHead{}, fmt.Errorf("%w: the audit trail of this format-1 vault failed verification, so it was not upgraded (keep the file for investigation and restore a backup): %w", ErrIntegrity, err)
	}
	return n, h.Sum(nil), auditHead{seq: n, mac: prev, at: at, present: n > 0}, nil
}

func checkV1Head(tx *txn, key []byte, last int64, lastMAC []byte) error {
	var seq int64
	var m, headMAC []byte
	err := tx.QueryRow("SELECT seq, mac, head_mac FROM audit_head WHERE id = 1").Scan(&seq, &m, &headMAC)
	switch {
	case errors.Is(err, sql.ErrNoRows) && last == 0:
		return nil
	case errors.Is(err, sql.ErrNoRows):
		return &AuditError{Seq: last, Reason: "head anchor missing"}
	case err != nil:
		return fmt.Errorf("vault: read audit head: %w", err)
	case !bytes.Equal(headMAC, mac(key, []byte("custodia-audit-head-v1"), binary.BigEndian.AppendUint64(nil, uint64(seq)), m)):
		return &AuditError{Seq: last, Reason: "head anchor MAC invalid"}
	case seq > last:
		return &AuditError{Seq: last + 1, Reason: fmt.Sprintf("newest entries missing: anchor says %d, chain ends at %d", seq, last)}
	case seq < last || !bytes.Equal(m, lastMAC):
		return &AuditError{Seq: seq, Reason: "chain does not end at the anchored entry"}
	}
	return nil
}

// v1Prefix checks, in an upgraded vault, the format-1 entries the
// vault.upgrade entry closed: their number and digest as that signed
// entry records them. It leaves c positioned after them. A vault that was
// never upgraded has no unsigned entries.
func (c *chainCheck) v1Prefix(tx *txn) error {
	var n int64
	if err := tx.QueryRow("SELECT coalesce(max(seq), 0) FROM audit_log WHERE signer = ''").Scan(&n); err != nil {
		return fmt.Errorf("vault: read audit: %w", err)
	}
	if n == 0 {
		return nil
	}
	var action, detail string
	err := tx.QueryRow("SELECT action, detail FROM audit_log WHERE seq = ?", n+1).Scan(&action, &detail)
	if err != nil || action != actionUpgrade {
		return &AuditError{Seq: n, Reason: "unsigned entries not closed by a vault.upgrade entry"}
	}
	wantN, wantSum := upgradeDetail(detail)
	h := sha256.New()
	var seen int64
	err = eachV1Entry(tx, n, func(r v1Entry) error {
		seen++
		if r.e.Seq != seen || r.signer != "" {
			return &AuditError{Seq: seen, Reason: "format-1 entry missing, out of order or signed"}
		}
		v1Digest(h, r)
		c.prev, c.at = r.mac, r.e.Time.UnixNano()
		return nil
	})
	if err != nil {
		return err
	}
	if seen != wantN || hex.EncodeToString(h.Sum(nil)) != wantSum {
		return &AuditError{Seq: n + 1, Reason: "the format-1 entries differ from the ones the upgrade entry sealed"}
	}
	c.n = n
	return nil
}

// upgradeDetail parses the count and digest of a vault.upgrade detail.
func upgradeDetail(detail string) (int64, string) {
	var n int64 = -1
	var sum string
	for _, f := range strings.Fields(detail) {
		if v, ok := strings.CutPrefix(f, upgradeDetailEntries); ok {
			if x, err := strconv.ParseInt(v, 10, 64); err == nil {
				n = x
			}
		}
		if v, ok := strings.CutPrefix(f, upgradeDetailChecksum); ok {
			sum = v
		}
	}
	return n, sum
}
