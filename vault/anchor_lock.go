package vault

import (
	"crypto/ed25519"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"
)

// SettingAnchorFile is the practice setting naming the file an anchor is
// written to whenever a session is locked (desktop app); "" for none. A
// path, never personal data; signed by the authority like every setting.
const SettingAnchorFile = "audit.anchor_file"

// actionAnchorLock records an anchor made when a session was locked.
const actionAnchorLock = "audit.anchor.lock"

// SetAnchorFile sets (or with "" clears) the file an anchor is written to
// on every lock. It must be an absolute path to a file ending in .json.
// Needs PermUserManage (administrators); audited.
func (s *Session) SetAnchorFile(path string) error {
	if err := checkAnchorPath(path); err != nil {
		return err
	}
	return s.run(PermUserManage, actionSettingSet, objectSetting(SettingAnchorFile), func(tx *txn, k *keys) error {
		return s.v.putSetting(tx, k, s.User().ID, SettingAnchorFile, path)
	})
}

func checkAnchorPath(path string) error {
	switch {
	case path == "":
		return nil
	case strings.ContainsFunc(path, unicode.IsControl):
		return invalidRule("anchor_file", RuleControl)
	case !filepath.IsAbs(path):
		return invalidRule("anchor_file", RuleAbsolutePath)
	case !strings.EqualFold(filepath.Ext(path), ".json"):
		return invalidValues("anchor_file", RuleFileExtension, []string{".json"}, ".json")
	}
	return nil
}

// AnchorFile returns the file an anchor is written to on every lock, ""
// when none is set. Any role (every session writes it when locked);
// ErrIntegrity when the setting was changed outside Custodia.
func (s *Session) AnchorFile() (string, error) {
	var path string
	err := s.runAny("setting.read", func(tx *txn, k *keys) error {
		var err error
		path, err = s.v.setting(tx, k, SettingAnchorFile)
		return err
	})
	return path, err
}

// LockAnchor makes the anchor to write when the session is locked: it
// returns "" and no anchor when the practice set no anchor file. Any role
// may make it (signed with the user's own pinned key, like the entries it
// anchors). It checks the entries since the previous anchor (hash chain,
// signatures, time, the head) rather than the whole trail, so locking
// stays quick; "audit verify --anchor" checks everything. A trail that
// fails is never anchored: *AuditError, recorded in the trail.
func (s *Session) LockAnchor() (Anchor, string, error) {
	var a Anchor
	var path string
	var verr error
	err := s.runAny(actionAnchorLock, func(tx *txn, k *keys) error {
		var err error
		if path, err = s.v.setting(tx, k, SettingAnchorFile); err != nil || path == "" {
			return err
		}
		var n int64
		if n, verr = verifySinceAnchor(tx, k); verr != nil {
			return s.audit(tx, k, actionAnchorLock, "", outcomeFailed, verr.Error())
		}
		if err := s.audit(tx, k, actionAnchorLock, "", outcomeOK, fmt.Sprintf("checked=%d", n)); err != nil {
			return err
		}
		a, err = signedAnchor(tx, k)
		return err
	})
	if err == nil {
		err = verr
	}
	if err != nil {
		return Anchor{}, "", err
	}
	return a, path, nil
}

// signedAnchor is the anchor of the transaction's head, signed with k.
func signedAnchor(tx *txn, k *keys) (Anchor, error) {
	pins, err := pinnedKeys(tx, k.authority)
	if err != nil {
		return Anchor{}, err
	}
	h := tx.head
	a := Anchor{Format: AnchorFormat, VaultID: k.vaultID, Seq: h.seq, Hash: hex.EncodeToString(h.mac),
		EntryTime: time.Unix(0, h.at).UTC(), Authority: hex.EncodeToString(k.authority), Signer: k.signer}
	for _, p := range pins {
		a.Keys = append(a.Keys, p)
	}
	slices.SortFunc(a.Keys, func(x, y PinnedKey) int { return compareStrings(x.ID, y.ID) })
	a.Signature = hex.EncodeToString(ed25519.Sign(k.sign, a.signed()))
	return a, nil
}

// verifySinceAnchor checks the trail from the newest anchor entry (made
// on lock or by Anchor) to the head: that entry's and every later entry's
// hash link, signature, signer and time, and the head row. Without an
// earlier anchor it checks the whole trail.
func verifySinceAnchor(tx *txn, k *keys) (int64, error) {
	var from int64
	err := tx.QueryRow(`SELECT seq FROM audit_log WHERE action IN (?, ?) AND outcome = 'ok' ORDER BY seq DESC LIMIT 1`,
		actionAnchorLock, actionAnchorSigned).Scan(&from)
	if errors.Is(err, sql.ErrNoRows) || from <= 1 {
		return verifyChain(tx, k)
	}
	if err != nil {
		return 0, fmt.Errorf("vault: read audit: %w", err)
	}
	var at int64
	var mac []byte
	if err := tx.QueryRow("SELECT at, mac FROM audit_log WHERE seq = ?", from-1).Scan(&at, &mac); err != nil {
		return 0, &AuditError{Seq: from - 1, Reason: "entry missing before the newest anchor"}
	}
	pins, err := pinnedKeys(tx, k.authority)
	if err != nil {
		return 0, err
	}
	c := chainCheck{pins: pins, pubs: map[string]ed25519.PublicKey{}, lastBy: map[string]int64{}, want: map[int64][]byte{},
		hashes: map[int64][]byte{}, n: from - 1, prev: mac, at: at}
	if err := c.walk(tx, nil); err != nil {
		return c.n - from + 1, err
	}
	if c.unsigned != 0 {
		return c.n - from + 1, &AuditError{Seq: c.unsigned, Reason: "the newest entries are not signed"}
	}
	return c.n - from + 1, checkHead(tx, c)
}
