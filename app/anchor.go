package app

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"custodia/i18n"
	"custodia/vault"
)

// LockAnchorer makes the audit anchor written when a session is locked
// (*vault.Session): the anchor and the file the practice set for it ("" when
// none is set).
type LockAnchorer interface {
	LockAnchor() (vault.Anchor, string, error)
}

// WriteLockAnchor writes the session's lock anchor to the file the
// administrator set (vault.SetAnchorFile), replacing the previous one in
// one step (a temporary file in the same folder, synced, then renamed), so
// the file always holds a whole anchor. It returns the path it wrote or
// tried to write, "" when no anchor file is set. Call it before the
// session's keys are dropped. A trail that fails its check is not anchored
// (the error wraps vault.ErrAuditBroken); a missing folder (a removed USB
// stick) is an error naming the path.
func WriteLockAnchor(s LockAnchorer) (string, error) {
	a, path, err := s.LockAnchor()
	if err != nil || path == "" {
		return path, err
	}
	data, err := a.Marshal()
	if err != nil {
		return path, err
	}
	if err := replaceFile(path, data); err != nil {
		return path, fmt.Errorf("app: write the audit anchor to %s: %w", path, err)
	}
	return path, nil
}

// LockAnchorProblem words for people why the lock anchor was not written
// (loc's "anchor." messages); "" when err is nil.
func LockAnchorProblem(loc *i18n.Localizer, path string, err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, vault.ErrAuditBroken):
		return loc.T("anchor.lock.broken")
	case path == "":
		return loc.T("anchor.lock.unreadable")
	}
	return loc.T("anchor.lock.failed", "Path", path)
}

// replaceFile writes data to path through a temporary file in the same
// folder and a rename.
func replaceFile(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".custodia-anchor-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename: nothing left to remove
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
