package vault

import (
	"fmt"
	"sync"
)

// actionRead is the audit entry of a reading of the trail.
const actionRead = "audit.read"

// AuditRead names one reading of the trail that a person pages through
// (a view of the desktop's audit screen, one "custodiactl audit list"):
// the sequence number of the "audit.read" entry that recorded it. The zero
// value asks AuditPage to open a new read.
type AuditRead int64

// auditReads remembers the reads a session opened and, for each, the
// newest entry its record covers: its own entry, or the latest entry that
// recorded a continuation past it. Kept in memory only, so a read never
// outlives the session (a new unlock opens and records a new one).
type auditReads struct {
	mu     sync.Mutex
	covers map[AuditRead]int64
}

func (r *auditReads) covered(id AuditRead) (int64, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	c, ok := r.covers[id]
	return c, ok && id > 0
}

func (r *auditReads) cover(id AuditRead, through int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.covers == nil {
		r.covers = map[AuditRead]int64{}
	}
	r.covers[id] = max(r.covers[id], through)
}

// AuditPage returns up to limit entries with Seq > afterSeq, oldest first,
// as a page of the read id (0: open a new read), and the read the page
// belongs to. Needs PermAuditRead; a denial is recorded as for any call.
//
// One read is recorded once: opening it appends an "audit.read" entry
// ("after=N count=N upto=N": where it started, the first page's size and
// the newest entry when it was opened), and that entry covers every entry
// up to itself. A later page of the same read that ends at or before the
// newest covered entry is not recorded again. A page that reaches entries
// added since (the trail grew while the person paged) appends a
// continuation entry, "read=ID after=N count=N", which covers up to
// itself in turn; so whatever a person read is always in a record. An id
// this session did not open (another session's, a forged one, or one from
// before a lock) opens a new read.
func (s *Session) AuditPage(id AuditRead, afterSeq int64, limit int) ([]AuditEntry, AuditRead, error) {
	if limit <= 0 || limit > 10000 {
		return nil, 0, invalidValues("limit", RulePageLimit, []string{"10000"}, 10000)
	}
	var out []AuditEntry
	read, through := id, int64(0)
	err := s.runRead(PermAuditRead, actionRead, "", func(tx *txn, k *keys) error {
		var err error
		if out, err = readEntries(tx, afterSeq, limit); err != nil {
			return err
		}
		last := afterSeq
		if len(out) > 0 {
			last = out[len(out)-1].Seq
		}
		covered, open := s.reads.covered(id)
		switch {
		case open && last <= covered:
			return nil
		case open:
			err = s.audit(tx, k, actionRead, "", outcomeOK, fmt.Sprintf("read=%d after=%d count=%d", id, afterSeq, len(out)))
		default:
			head, herr := lastEntry(tx)
			if herr != nil {
				return herr
			}
			err = s.audit(tx, k, actionRead, "", outcomeOK, fmt.Sprintf("after=%d count=%d upto=%d", afterSeq, len(out), head.seq))
		}
		if err != nil {
			return err
		}
		through = tx.head.seq
		if !open {
			read = AuditRead(through)
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	if through > 0 {
		s.reads.cover(read, through)
	}
	return out, read, nil
}
