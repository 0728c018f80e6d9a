package vault

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// readEntriesOf are the "audit.read" entries of the trail, read without
// recording a read (straight from the file).
func readEntriesOf(t *testing.T, v *Vault) []AuditEntry {
	t.Helper()
	var out []AuditEntry
	err := v.inTx(func(tx *txn) error {
		es, err := readEntries(tx, 0, 10000)
		for _, e := range es {
			if e.Action == actionRead {
				out = append(out, e)
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// pageAll pages through the trail after after as one read, limit entries a
// page, and returns what it read and the read's id.
func pageAll(t *testing.T, s *Session, id AuditRead, after int64, limit int) ([]AuditEntry, AuditRead) {
	t.Helper()
	var all []AuditEntry
	for {
		es, got, err := s.AuditPage(id, after, limit)
		if err != nil {
			t.Fatal(err)
		}
		if id != 0 && got != id {
			t.Fatalf("page of read %d came back as read %d", id, got)
		}
		id = got
		all = append(all, es...)
		if len(es) < limit {
			return all, id
		}
		after = es[len(es)-1].Seq
	}
}

// coveredBy checks the oracle: every entry a read returned is at or before
// an "audit.read" entry recording that read (its opening entry, or a
// continuation naming it), so nothing read is left unrecorded.
func coveredBy(t *testing.T, v *Vault, id AuditRead, seen []AuditEntry) {
	t.Helper()
	newest := int64(0)
	for _, e := range readEntriesOf(t, v) {
		if e.Seq == int64(id) || strings.HasPrefix(e.Detail, fmt.Sprintf("read=%d ", id)) {
			newest = max(newest, e.Seq)
		}
	}
	for _, e := range seen {
		if e.Seq > newest {
			t.Fatalf("read %d returned entry %d, but its records cover only up to %d", id, e.Seq, newest)
		}
	}
}

// Paging through the whole trail is one recorded read, not one per page
// (issue 10): a page within what the read's entry covers adds nothing; a
// page reaching entries added since is recorded as a continuation of the
// read; a new read, or an id this session never opened, is recorded anew.
func TestAuditReadIsRecordedOncePerRead(t *testing.T) {
	v, _, _ := clockVault(t)
	s, err := v.Unlock(TestAdminName, []byte(TestAdminPassphrase))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 12 {
		if _, err := s.AddUser(fmt.Sprintf("user%d", i), RoleFrontDesk, []byte("pass-phrase-long-enough-1")); err != nil {
			t.Fatal(err)
		}
	}
	before := len(readEntriesOf(t, v))
	seen, id := pageAll(t, s, 0, 0, 2)
	reads := readEntriesOf(t, v)
	if len(reads) != before+1 || len(seen) < 12 {
		t.Fatalf("%d entries read 2 a page: %d new audit.read entries, want 1", len(seen), len(reads)-before)
	}
	opened := reads[len(reads)-1]
	if AuditRead(opened.Seq) != id || opened.Detail != fmt.Sprintf("after=0 count=2 upto=%d", opened.Seq-1) || seen[len(seen)-1].Seq != opened.Seq {
		t.Errorf("read %d recorded as entry %d %q; last entry read %d", id, opened.Seq, opened.Detail, seen[len(seen)-1].Seq)
	}
	coveredBy(t, v, id, seen)

	// the trail grows while the view is open: scrolling on is recorded as
	// a continuation of the same read, once
	if _, err := s.AddUser("late", RoleClinician, []byte("pass-phrase-long-enough-2")); err != nil {
		t.Fatal(err)
	}
	more, again := pageAll(t, s, id, seen[len(seen)-1].Seq, 2)
	reads = readEntriesOf(t, v)
	if again != id || len(reads) != before+2 || !strings.HasPrefix(reads[len(reads)-1].Detail, fmt.Sprintf("read=%d after=%d ", id, seen[len(seen)-1].Seq)) {
		t.Fatalf("continuation: read %d, entries %+v", again, reads[before:])
	}
	coveredBy(t, v, id, append(seen, more...))
	if _, _, err := s.AuditPage(id, 0, 5); err != nil || len(readEntriesOf(t, v)) != before+2 {
		t.Errorf("reading back within the read is recorded again (%v)", err)
	}

	// a new view is a new read; an id this session did not open is too
	if _, other, err := s.AuditPage(0, 0, 5); err != nil || other == id || len(readEntriesOf(t, v)) != before+3 {
		t.Errorf("a new read: id %d (first %d), err %v, %d entries", other, id, err, len(readEntriesOf(t, v))-before)
	}
	s2, err := v.Unlock(TestAdminName, []byte(TestAdminPassphrase))
	if err != nil {
		t.Fatal(err)
	}
	if _, got, err := s2.AuditPage(id, 0, 5); err != nil || got == id || len(readEntriesOf(t, v)) != before+4 {
		t.Errorf("another session continuing read %d: got read %d, err %v, %d new entries", id, got, err, len(readEntriesOf(t, v))-before)
	}
}

// A role without the audit permission is refused every page, and the
// refusal is recorded.
func TestAuditPageNeedsPermission(t *testing.T) {
	v, _, _ := clockVault(t)
	admin, err := v.Unlock(TestAdminName, []byte(TestAdminPassphrase))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.AddUser("desk", RoleFrontDesk, []byte("pass-phrase-long-enough-1")); err != nil {
		t.Fatal(err)
	}
	desk, err := v.Unlock("desk", []byte("pass-phrase-long-enough-1"))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := desk.AuditPage(0, 0, 10); !errors.Is(err, ErrPermission) {
		t.Fatalf("front desk reads the trail: %v", err)
	}
	if _, _, err := admin.AuditPage(0, 0, 0); !errors.Is(err, ErrValidation) {
		t.Errorf("limit 0: %v", err)
	}
	if es := auditActions(t, admin); !hasEntry(es, "permission.denied", outcomeDenied) && !hasEntry(es, actionRead, outcomeDenied) {
		t.Errorf("the refusal is not recorded")
	}
}
