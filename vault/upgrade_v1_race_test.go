package vault

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestUnwrapV1AfterConcurrentUpgrade replays the interleaving behind the
// rare failure of TestUpgradeFormat1Concurrent ("key slot holds no format-1
// master key"): unlock A reads key format 1, then unlock B upgrades the
// vault and replaces the administrator's slot by a format-2 slot under the
// same passphrase and KDF parameters, then A reads that slot. It opens (same
// associated data), but holds slot content, not a master key. A must see
// that the vault was upgraded meanwhile, record no failed unlock and go on
// as a format-2 unlock; a non-administrator whose v1 slot the upgrade
// deleted likewise.
func TestUnwrapV1AfterConcurrentUpgrade(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "format1", "format1.vault"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "v1.vault")
	if err := os.WriteFile(path, src, 0o600); err != nil {
		t.Fatal(err)
	}
	weak := WeakKDFParams()
	at := time.Date(2027, 1, 15, 9, 0, 0, 0, time.UTC) // after every time in the fixture
	v, err := Open(path, Options{KDF: &weak, Now: func() time.Time { at = at.Add(time.Millisecond); return at }})
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	const admin, adminPwd = "demo", "demo-passphrase-not-secret"
	s, err := v.Unlock(admin, []byte(adminPwd)) // B: the upgrade
	if err != nil {
		t.Fatal(err)
	}
	if s.Upgraded() == nil {
		t.Fatal("the fixture was not upgraded")
	}
	s.Lock()
	pending := func() int {
		var n int
		if err := v.db.QueryRow("SELECT count(*) FROM audit_pending").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := pending()
	for _, who := range []struct{ name, pwd string }{
		{admin, adminPwd}, // slot replaced by a format-2 slot
		{"clinician", "clinician-passphrase-not-secret"}, // slot deleted
	} {
		// A: the rest of unlockFormat1 after its stale read of the key format.
		if _, _, err := v.unwrapV1(who.name, []byte(who.pwd)); !errors.Is(err, errUpgradedMeanwhile) {
			t.Errorf("%s: v1 unwrap after a concurrent upgrade: %v, want errUpgradedMeanwhile", who.name, err)
		}
	}
	if after := pending(); after != before {
		t.Errorf("%d failed-unlock entries recorded for unlocks that did not fail", after-before)
	}
	s, err = v.Unlock(admin, []byte(adminPwd)) // the format-2 path A goes on with
	if err != nil {
		t.Fatal(err)
	}
	s.Lock()
}
