package vault

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
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

// canonical is the byte string an entry's hash covers: seq, time (Unix ns)
// and each text field length-prefixed, so no two entries share an encoding.
// signer is the id of the signing key.
func (e AuditEntry) canonical(signer string) []byte { return e.appendCanonical(nil, signer) }

// appendCanonical appends canonical's bytes to dst.
func (e AuditEntry) appendCanonical(dst []byte, signer string) []byte {
	b := append(dst, "custodia-audit-v2"...)
	b = binary.BigEndian.AppendUint64(b, uint64(e.Seq))
	b = binary.BigEndian.AppendUint64(b, uint64(e.Time.UnixNano()))
	for _, s := range []string{e.UserID, e.Action, e.Object, e.Outcome, e.Detail, signer} {
		b = binary.BigEndian.AppendUint32(b, uint32(len(s)))
		b = append(b, s...)
	}
	return b
}

// entryHash chains e to its predecessor: SHA-256(prev || canonical(e)).
// The hash is public; what makes the chain unforgeable is each entry's
// Ed25519 signature over it by the acting user's own key.
func entryHash(prev []byte, e AuditEntry, signer string) []byte {
	h := sha256.New()
	h.Write(prev)
	h.Write(e.canonical(signer))
	return h.Sum(nil)
}

func entrySigned(hash []byte) []byte { return append([]byte("custodia-audit-entry-v2"), hash...) }

type auditHead struct {
	seq     int64
	mac     []byte // hash of the newest entry
	headMAC []byte // the newest entry's signature (by signer): it covers seq and time through the hash
	signer  string
	at      int64 // time of the newest entry (Unix ns): new entries never go before it
	present bool
}

func readHead(q querier) (auditHead, error) {
	var h auditHead
	err := q.QueryRow(qReadHead).Scan(&h.seq, &h.mac, &h.headMAC, &h.signer, &h.at)
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

// loadHead reads the head row and the newest entry once per transaction. If
// they disagree, the chain continues from the newest stored entry and the
// disagreement is recorded inside it, so VerifyAudit keeps reporting it.
func (v *Vault) loadHead(tx *txn, k *keys, e AuditEntry) error {
	h, err := readHead(tx)
	if err != nil {
		return err
	}
	last, err := lastEntry(tx)
	if err != nil {
		return err
	}
	reason := ""
	switch {
	case !h.present && last.seq > 0:
		reason = "audit head anchor missing"
	case h.present && (h.seq != last.seq || !bytes.Equal(h.mac, last.mac)):
		reason = "audit head anchor does not match the newest entry"
	case h.present && !v.headTrusted(tx, h):
		reason = "audit head anchor signature invalid"
	case !ownRowHolds(tx, k.signer):
		reason = "entries signed by this user's key were removed or re-chained"
	}
	tx.head = &last
	if reason == "" {
		return nil
	}
	t := AuditEntry{Time: e.Time, UserID: e.UserID, Action: actionTamper, Outcome: outcomeFailed, Detail: reason}
	return insertEntry(tx, k, t)
}

// headTrusted checks the head row's signature with its signer's pinned
// key, unless it is the head this process wrote last (the usual case: one
// Ed25519 verification per transaction would cost a third of a search).
// The key's certificate is checked by VerifyAudit.
func (v *Vault) headTrusted(tx *txn, h auditHead) bool {
	v.headMu.Lock()
	known := bytes.Equal(v.lastHead, h.fingerprint())
	v.headMu.Unlock()
	if known {
		return true
	}
	var pub []byte
	if err := tx.QueryRow("SELECT public_key FROM signing_keys WHERE id = ?", h.signer).Scan(&pub); err != nil || len(pub) != ed25519.PublicKeySize {
		return false
	}
	return ed25519.Verify(pub, entrySigned(h.mac), h.headMAC)
}

// ownRowHolds checks, before the writer's newest-entry record is moved on,
// that the entry it names is still in the chain unchanged: otherwise the
// writer's own new entries would hide that their earlier ones were cut.
func ownRowHolds(tx *txn, signer string) bool {
	var seq int64
	var want, got []byte
	err := tx.QueryRow(qSignerRow, signer).Scan(&seq, &want)
	if errors.Is(err, sql.ErrNoRows) {
		return true
	}
	if err != nil {
		return false
	}
	return tx.QueryRow(qEntryHash, seq).Scan(&got) == nil && bytes.Equal(got, want)
}

// fingerprint is every stored byte of the head row.
func (h auditHead) fingerprint() []byte {
	b := binary.BigEndian.AppendUint64(nil, uint64(h.seq))
	b = binary.BigEndian.AppendUint64(b, uint64(h.at))
	b = append(append(b, h.mac...), h.headMAC...)
	return append(b, h.signer...)
}

// lastEntry is the newest stored entry as the chain's head.
func lastEntry(tx *txn) (auditHead, error) {
	h := auditHead{mac: make([]byte, 32)}
	err := tx.QueryRow(qLastEntry).Scan(&h.seq, &h.mac, &h.at)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return h, fmt.Errorf("vault: read audit log: %w", err)
	}
	h.present = h.seq > 0
	return h, nil
}

// monotonic clamps an entry's time so the trail never goes backwards (a
// clock set back, or a failed unlock recorded while a session was open);
// the time the entry was made is kept in its detail.
func monotonic(e AuditEntry, after int64) AuditEntry {
	if e.Time.UnixNano() >= after {
		return e
	}
	if e.Detail != "" {
		e.Detail += " "
	}
	e.Detail += "clock=" + e.Time.UTC().Format(time.RFC3339Nano)
	e.Time = time.Unix(0, after).UTC()
	return e
}

// insertEntry chains e to the transaction's head and signs it; the head row
// is written once before commit (txn.flushHead).
func insertEntry(tx *txn, k *keys, e AuditEntry) error {
	h := tx.head
	e.Seq = h.seq + 1
	e = monotonic(e, h.at)
	m := entryHash(h.mac, e, k.signer)
	sig := ed25519.Sign(k.sign, entrySigned(m))
	if _, err := tx.Exec(qInsertAudit, e.Seq, e.Time.UnixNano(), e.UserID, e.Action, e.Object, e.Outcome, e.Detail, m, k.signer, sig); err != nil {
		return fmt.Errorf("vault: append audit entry: %w", err)
	}
	tx.head = &auditHead{seq: e.Seq, mac: m, headMAC: sig, signer: k.signer, at: e.Time.UnixNano(), present: true}
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
	seq, prev, at := tx.head.seq, tx.head.mac, tx.head.at
	args := make([]any, 0, insAudit.cols*len(es))
	// One hash state, one canonical-encoding buffer and one array for the
	// hashes of the whole batch (entryHash's bytes, tested by every chain
	// verification); the user, action, outcome and signer of a batch repeat,
	// so each is boxed as a statement argument once.
	h := sha256.New()
	var canon []byte
	hashes := make([]byte, 0, sha256.Size*len(es))
	var user, action, outcome, detail boxedString
	signer := any(k.signer)
	for i, e := range es {
		seq++
		e.Seq = seq
		e = monotonic(e, at)
		canon = e.appendCanonical(canon[:0], k.signer)
		h.Reset()
		h.Write(prev)
		h.Write(canon)
		hashes = h.Sum(hashes)
		m := hashes[len(hashes)-sha256.Size : len(hashes) : len(hashes)]
		// Only the batch's last entry is signed: its signature covers the
		// hash of every entry before it, all of them by the same signer
		// (one signature per 128 patients instead of one per patient).
		var sig []byte
		if i == len(es)-1 {
			sig = ed25519.Sign(k.sign, entrySigned(m))
		}
		args = append(args, e.Seq, e.Time.UnixNano(), user.of(e.UserID), action.of(e.Action), e.Object, outcome.of(e.Outcome), detail.of(e.Detail), m, signer, sig)
		prev, at = m, e.Time.UnixNano()
	}
	if err := insAudit.exec(tx, args); err != nil {
		return fmt.Errorf("vault: append audit entries: %w", err)
	}
	tx.head = &auditHead{seq: seq, mac: prev, headMAC: args[len(args)-1].([]byte), signer: k.signer, at: at, present: true}
	tx.headDirty = true
	return nil
}

// boxedString boxes a string as a statement argument, reusing the boxed
// value while the string repeats.
type boxedString struct {
	s   string
	box any
}

func (b *boxedString) of(s string) any {
	if b.box == nil || b.s != s {
		b.s, b.box = s, s
	}
	return b.box
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

// AuditEntries returns up to limit entries with Seq > afterSeq, oldest first,
// as one read of the trail of its own, recorded (AuditPage with a new
// read). Needs PermAuditRead.
func (s *Session) AuditEntries(afterSeq int64, limit int) ([]AuditEntry, error) {
	out, _, err := s.AuditPage(0, afterSeq, limit)
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
	pins, err := pinnedKeys(tx, k.authority)
	if err != nil {
		return 0, err
	}
	c := chainCheck{pins: pins, pubs: map[string]ed25519.PublicKey{}, lastBy: map[string]int64{}, want: map[int64][]byte{}, hashes: map[int64][]byte{}}
	signers, err := readSigners(tx)
	if err != nil {
		return 0, err
	}
	for _, s := range signers {
		c.want[s.seq] = nil
	}
	if err := c.v1Prefix(tx); err != nil { // entries of a format-1 vault before its upgrade
		return c.n, err
	}
	if err := c.walk(tx, nil); err != nil {
		return c.n, err
	}
	if c.unsigned != 0 {
		return c.n, &AuditError{Seq: c.unsigned, Reason: "the newest entries are not signed"}
	}
	if err := checkHead(tx, c); err != nil {
		return c.n, err
	}
	return c.n, c.checkSigners(signers)
}

// signerHead is one audit_signers row.
type signerHead struct {
	signer string
	seq    int64
	mac    []byte
	at     int64
	sig    []byte
}

func readSigners(tx *txn) ([]signerHead, error) {
	rows, err := tx.Query("SELECT signer, seq, mac, at, sig FROM audit_signers ORDER BY signer")
	if err != nil {
		return nil, fmt.Errorf("vault: read audit signers: %w", err)
	}
	defer rows.Close()
	var out []signerHead
	for rows.Next() {
		var s signerHead
		if err := rows.Scan(&s.signer, &s.seq, &s.mac, &s.at, &s.sig); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// checkSigners compares each key's own signed record of its newest entry
// with the chain: an entry of another user deleted, or the chain re-built
// under it, no longer matches, and the insider cannot re-sign the row.
func (c *chainCheck) checkSigners(signers []signerHead) error {
	seen := map[string]bool{}
	for _, s := range signers {
		seen[s.signer] = true
		pub := c.pub(s.signer)
		switch {
		case pub == nil || !ed25519.Verify(pub, entrySigned(s.mac), s.sig):
			return &AuditError{Seq: s.seq, Reason: fmt.Sprintf("newest-entry record of signing key %s is not signed by it", s.signer)}
		case c.lastBy[s.signer] < s.seq || !bytes.Equal(c.hashes[s.seq], s.mac):
			return &AuditError{Seq: s.seq, Reason: fmt.Sprintf("entries signed by key %s (%s) were removed or re-chained", s.signer, c.pins[s.signer].UserID)}
		case c.lastBy[s.signer] > s.seq:
			return &AuditError{Seq: c.lastBy[s.signer], Reason: fmt.Sprintf("newest-entry record of signing key %s is older than its entries (rolled back)", s.signer)}
		}
	}
	for signer, seq := range c.lastBy {
		if !seen[signer] {
			return &AuditError{Seq: seq, Reason: fmt.Sprintf("newest-entry record of signing key %s (%s) is missing", signer, c.pins[signer].UserID)}
		}
	}
	return nil
}

// chainCheck walks the audit trail: hashes, signatures, sequence and time.
type chainCheck struct {
	pins map[string]PinnedKey
	pubs map[string]ed25519.PublicKey
	// unsigned is the first entry of a run of entries without signature
	// (a batch): the next entry of the same signer must be signed.
	unsigned   int64
	unsignedBy string
	lastBy     map[string]int64 // newest seq each signing key signed
	lastSigner string
	n          int64
	prev       []byte
	at         int64
	// hashes keeps the hash of the entries an anchor asks about.
	want   map[int64][]byte
	hashes map[int64][]byte
}

func (c *chainCheck) pub(id string) ed25519.PublicKey {
	if p, ok := c.pubs[id]; ok {
		return p
	}
	pin, ok := c.pins[id]
	if !ok {
		return nil
	}
	b, _ := hex.DecodeString(pin.PublicKey)
	c.pubs[id] = b
	return b
}

func (c *chainCheck) walk(tx *txn, _ []byte) error {
	rows, err := tx.Query("SELECT seq, at, user_id, action, object, outcome, detail, mac, signer, coalesce(sig, x'') FROM audit_log WHERE seq > ? ORDER BY seq", c.n)
	if err != nil {
		return fmt.Errorf("vault: read audit: %w", err)
	}
	defer rows.Close()
	if c.prev == nil {
		c.prev = make([]byte, 32)
	}
	for rows.Next() {
		var e AuditEntry
		var at int64
		var stored, sig []byte
		var signer string
		if err := rows.Scan(&e.Seq, &at, &e.UserID, &e.Action, &e.Object, &e.Outcome, &e.Detail, &stored, &signer, &sig); err != nil {
			return err
		}
		e.Time = time.Unix(0, at)
		if aerr := c.entry(e, stored, signer, sig); aerr != nil {
			return aerr
		}
		if _, ok := c.want[e.Seq]; ok {
			c.hashes[e.Seq] = stored
		}
		c.lastBy[signer], c.lastSigner = e.Seq, signer
		c.prev, c.at, c.n = stored, at, c.n+1
	}
	return rows.Err()
}

// keyless entries are written by whoever unlocks next (failed unlocks wait
// in audit_pending): their signer need not be their user.
func keyless(action string) bool {
	return action == "unlock.failed" || action == "unlock.recovery.failed" || action == "erasure.reapply" || action == "backup.restore"
}

func (c *chainCheck) entry(e AuditEntry, stored []byte, signer string, sig []byte) error {
	want := c.n + 1
	switch {
	case e.Seq != want:
		return &AuditError{Seq: want, Reason: fmt.Sprintf("entry missing or out of order (found %d)", e.Seq)}
	case !bytes.Equal(stored, entryHash(c.prev, e, signer)):
		return &AuditError{Seq: e.Seq, Reason: "hash mismatch: entry changed, moved or a predecessor removed"}
	}
	if err := c.signature(e.Seq, stored, signer, sig); err != nil {
		return err
	}
	switch {
	case c.pins[signer].UserID != e.UserID && !keyless(e.Action):
		return &AuditError{Seq: e.Seq, Reason: "signed by another user's key than the entry's user"}
	case e.Time.UnixNano() < c.at:
		return &AuditError{Seq: e.Seq, Reason: "time goes backwards"}
	case e.Action == actionTamper:
		return &AuditError{Seq: e.Seq, Reason: "tampering was detected when this entry was written: " + e.Detail}
	}
	return nil
}

// signature checks an entry's signature. An entry of a batch may carry
// none: the batch's last entry, signed by the same key, covers it through
// the hash chain.
func (c *chainCheck) signature(seq int64, stored []byte, signer string, sig []byte) error {
	pub := c.pub(signer)
	switch {
	case pub == nil:
		return &AuditError{Seq: seq, Reason: "signed by a key not pinned in the vault"}
	case c.unsigned != 0 && signer != c.unsignedBy:
		return &AuditError{Seq: c.unsigned, Reason: "unsigned entries not covered by a signature of their signer"}
	case len(sig) == 0:
		if c.unsigned == 0 {
			c.unsigned, c.unsignedBy = seq, signer
		}
		return nil
	case !ed25519.Verify(pub, entrySigned(stored), sig):
		return &AuditError{Seq: seq, Reason: "signature invalid: entry forged or re-chained"}
	}
	c.unsigned = 0
	return nil
}

func checkHead(tx *txn, c chainCheck) error {
	h, err := readHead(tx)
	if err != nil {
		return err
	}
	last := c.n
	pub := c.pub(h.signer)
	switch {
	case !h.present && last == 0:
		return nil
	case !h.present:
		return &AuditError{Seq: last, Reason: "head anchor missing"}
	case pub == nil || !ed25519.Verify(pub, entrySigned(h.mac), h.headMAC) || h.signer != c.lastSigner:
		return &AuditError{Seq: last, Reason: "head anchor signature invalid or not by the newest entry's signer"}
	case h.seq > last:
		return &AuditError{Seq: last + 1, Reason: fmt.Sprintf("newest entries missing: anchor says %d, chain ends at %d", h.seq, last)}
	case h.seq < last || !bytes.Equal(h.mac, c.prev):
		return &AuditError{Seq: h.seq, Reason: "chain does not end at the anchored entry"}
	}
	return nil
}
