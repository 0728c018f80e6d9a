package vault

import (
	"bytes"
	"crypto/ed25519"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"
)

// AuditAnchor is a point of the audit chain to keep outside the vault
// (printed, sent to a SIEM). The hash is public (the chain's security lies
// in the entries' signatures), so it reveals nothing. A vault file rolled
// back to a copy older than the anchor fails VerifyAuditAnchor.
type AuditAnchor struct {
	Seq int64
	MAC string // hex of the entry's chain hash
}

// AuditHead returns the newest entry of the chain as an anchor. Needs
// PermAuditRead. Returns *AuditError if the stored head does not match the
// newest entry.
func (s *Session) AuditHead() (AuditAnchor, error) {
	var a AuditAnchor
	err := s.runRead(PermAuditRead, "audit.anchor", "", func(tx *txn, k *keys) error {
		h, err := readHead(tx)
		if err != nil {
			return err
		}
		last, err := lastEntry(tx)
		if err != nil {
			return err
		}
		if !h.present || h.seq != last.seq || !bytes.Equal(h.mac, last.mac) {
			return &AuditError{Seq: h.seq, Reason: "head anchor missing or not the newest entry"}
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
		return 0, invalidRule("anchor", RuleAuditAnchor)
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
		return &AuditError{Seq: seq, Reason: "anchored entry differs from the anchor: the trail was re-chained or rolled back"}
	}
	return nil
}

// AnchorFormat names the anchor file format.
const AnchorFormat = "custodia-anchor-v1"

// Anchor is a signed head of the audit trail for keeping outside the vault
// (a USB stick, a printout, a SIEM): the newest entry's sequence number,
// hash and time, the authority's public key and every pinned signing key,
// signed by the user who made it. It holds no personal data and no secret.
type Anchor struct {
	Format    string      `json:"format"`
	VaultID   string      `json:"vault_id"`
	Seq       int64       `json:"seq"`
	Hash      string      `json:"hash"`
	EntryTime time.Time   `json:"entry_time"` // time of the anchored entry
	Authority string      `json:"authority"`
	Keys      []PinnedKey `json:"keys"`
	Signer    string      `json:"signer"` // id of the signing key
	Signature string      `json:"signature"`
}

func (a Anchor) signed() []byte {
	a.Signature = ""
	b, _ := json.Marshal(a) // fields of fixed types: never fails
	return append([]byte("custodia-anchor-v1\x00"), b...)
}

// Marshal encodes the anchor as indented JSON.
func (a Anchor) Marshal() ([]byte, error) {
	b, err := json.MarshalIndent(a, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// ParseAnchor decodes an anchor file. Errors name the bad field
// (*ValidationError); the signature is checked by VerifyAnchor.
func ParseAnchor(data []byte) (Anchor, error) {
	var a Anchor
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil {
		return Anchor{}, invalidRule("anchor", RuleAnchorFile, err)
	}
	switch {
	case a.Format != AnchorFormat:
		return Anchor{}, invalidRule("anchor.format", RuleAnchorFormat, AnchorFormat)
	case a.Seq < 1:
		return Anchor{}, invalidRule("anchor.seq", RuleAtLeastOne)
	case !isHex(a.Hash, 32):
		return Anchor{}, invalidValues("anchor.hash", RuleHexDigits, []string{"64"}, 64)
	case !isHex(a.Authority, ed25519.PublicKeySize):
		return Anchor{}, invalidValues("anchor.authority", RuleHexDigits, []string{"64"}, 64)
	case !isHex(a.Signature, ed25519.SignatureSize):
		return Anchor{}, invalidValues("anchor.signature", RuleHexDigits, []string{"128"}, 128)
	}
	for i, k := range a.Keys {
		if !isHex(k.PublicKey, ed25519.PublicKeySize) || k.ID == "" {
			return Anchor{}, invalidRule(fmt.Sprintf("anchor.keys[%d]", i), RuleAnchorKey)
		}
	}
	return a, nil
}

func isHex(s string, n int) bool {
	b, err := hex.DecodeString(s)
	return err == nil && len(b) == n
}

// Anchor verifies the audit trail, records an "audit.anchor" entry and
// returns a signed anchor of the trail including that entry. Needs
// PermAuditRead. Returns *AuditError when the trail does not verify: a
// broken trail is never anchored.
func (s *Session) Anchor() (Anchor, error) {
	var a Anchor
	var verr error
	err := s.run(PermAuditRead, actionAnchorSigned, "", func(tx *txn, k *keys) error {
		var n int64
		if n, verr = verifyChain(tx, k); verr != nil {
			return s.audit(tx, k, actionAnchorSigned, "", outcomeFailed, verr.Error())
		}
		if err := s.audit(tx, k, actionAnchorSigned, "", outcomeOK, fmt.Sprintf("checked=%d", n)); err != nil {
			return err
		}
		pins, err := pinnedKeys(tx, k.authority)
		if err != nil {
			return err
		}
		h := tx.head
		a = Anchor{Format: AnchorFormat, VaultID: k.vaultID, Seq: h.seq, Hash: hex.EncodeToString(h.mac),
			EntryTime: time.Unix(0, h.at).UTC(), Authority: hex.EncodeToString(k.authority), Signer: k.signer}
		for _, p := range pins {
			a.Keys = append(a.Keys, p)
		}
		slices.SortFunc(a.Keys, func(x, y PinnedKey) int { return compareStrings(x.ID, y.ID) })
		a.Signature = hex.EncodeToString(ed25519.Sign(k.sign, a.signed()))
		return nil
	})
	if err == nil {
		err = verr
	}
	return a, err
}

// actionAnchorSigned records a signed anchor (Session.Anchor).
const actionAnchorSigned = "audit.anchor.signed"

// LastAnchor returns when the newest signed anchor was made (zero if
// never; anchors written on lock count) and the entry it anchored, for reminding the practice to keep
// anchors. Needs PermAuditRead; not audited (no personal data, no secret).
func (s *Session) LastAnchor() (at time.Time, seq int64, err error) {
	err = s.runRead(PermAuditRead, "audit.anchor.last", "", func(tx *txn, _ *keys) error {
		var ns int64
		e := tx.QueryRow("SELECT seq, at FROM audit_log WHERE action IN (?, ?) AND outcome = 'ok' ORDER BY seq DESC LIMIT 1",
			actionAnchorSigned, actionAnchorLock).Scan(&seq, &ns)
		if errors.Is(e, sql.ErrNoRows) {
			return nil
		}
		if e != nil {
			return fmt.Errorf("vault: read audit: %w", e)
		}
		at = time.Unix(0, ns).UTC()
		return nil
	})
	return at, seq, err
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// VerifyAnchor verifies the whole audit trail and checks it against an
// anchor made earlier: the anchor's signature; the same authority; every
// key the anchor pinned still pinned, unchanged (a replaced key means the
// trail was re-signed); the anchored entry present with the anchored hash
// (missing: the file was rolled back or its tail cut; different: re-chained
// or rolled back). Needs PermAuditRead. Returns the number of entries
// checked and *AuditError wrapping ErrAuditBroken; *ValidationError for an
// anchor of another vault or a bad signature.
func (s *Session) VerifyAnchor(a Anchor) (checked int64, err error) {
	var verr error
	err = s.runRead(PermAuditRead, "audit.verify", "", func(tx *txn, k *keys) error {
		if err := checkAnchorFile(a, k); err != nil {
			return err
		}
		pins, err := pinnedKeys(tx, k.authority)
		if err != nil {
			return err
		}
		if verr = comparePins(a, pins); verr == nil {
			checked, verr = verifyChain(tx, k)
		}
		if verr == nil {
			want, _ := hex.DecodeString(a.Hash)
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

// checkAnchorFile checks the anchor belongs to this vault and is signed by
// one of the keys it lists.
func checkAnchorFile(a Anchor, k *keys) error {
	if a.VaultID != k.vaultID {
		return invalidRule("anchor.vault_id", RuleOtherVault)
	}
	if a.Authority != hex.EncodeToString(k.authority) {
		return &AuditError{Seq: a.Seq, Reason: "the vault's authority key differs from the anchor's"}
	}
	for _, p := range a.Keys {
		if p.ID != a.Signer {
			continue
		}
		pub, _ := hex.DecodeString(p.PublicKey)
		sig, _ := hex.DecodeString(a.Signature)
		if ed25519.Verify(pub, a.signed(), sig) {
			return nil
		}
	}
	return invalidRule("anchor.signature", RuleSignature)
}

// comparePins reports a key the anchor pinned that the vault no longer
// pins identically.
func comparePins(a Anchor, pins map[string]PinnedKey) error {
	for _, p := range a.Keys {
		if got, ok := pins[p.ID]; !ok || got != p {
			return &AuditError{Seq: a.Seq, Reason: fmt.Sprintf("signing key %s of %s pinned by the anchor is missing or replaced", p.ID, p.UserID)}
		}
	}
	return nil
}
