package consent

import (
	"runtime"
	"sync"
	"time"
)

// Query is one consent question asked of many patients at once (cohort
// filtering): may their data of Category be used for PurposeID and
// disclosed to Recipient at At? Recipient "" is the practice itself;
// Category "" asks about the purpose as a whole, as in Index.Allowed.
type Query struct {
	PurposeID string
	Recipient string
	Category  string
	At        time.Time
}

// bulkSplit is the number of patients below which a bulk decision runs on
// one goroutine: starting a second one costs more than it saves.
const bulkSplit = 8192

// AllowedMany decides q for every patient in ids: out[i] is what
// Allowed(ids[i], q.PurposeID, q.Recipient, q.Category, q.At) returns, with
// the same rules (objections, restrictions, grants, expiry, material text
// changes, deny exceptions) applied by the same code. The purpose,
// recipient and category are checked once for all patients. An id the
// index knows nothing about gets the decision for an empty ledger.
//
// It is safe to call concurrently with other readers, not with writes to
// the index. Large inputs are split across the available processors.
func (ix *Index) AllowedMany(ids []string, q Query) []Decision {
	out := make([]Decision, len(ids))
	pq := ix.newQuery(q)
	if pq.settled {
		for i := range out {
			out[i] = pq.base
		}
		return out
	}
	parallel(len(ids), func(from, to int) {
		for i := from; i < to; i++ {
			out[i] = pq.decide(ix.patients[ids[i]])
		}
	})
	return out
}

// AllowedPatients is the cohort filter: the ids (in input order, duplicates
// kept) for which Allowed with q is true. It decides exactly as AllowedMany
// but keeps no reasons; use AllowedMany to tell people why a patient is
// left out.
func (ix *Index) AllowedPatients(ids []string, q Query) []string {
	pq := ix.newQuery(q)
	if pq.settled {
		return nil
	}
	keep := make([]bool, len(ids))
	parallel(len(ids), func(from, to int) {
		for i := from; i < to; i++ {
			keep[i] = pq.decide(ix.patients[ids[i]]).Allowed
		}
	})
	var out []string
	for i, k := range keep {
		if k {
			out = append(out, ids[i])
		}
	}
	return out
}

// parallel runs work over [0, n) in contiguous parts, one per processor
// (at most), each at least bulkSplit long, and waits for all of them.
func parallel(n int, work func(from, to int)) {
	parts := min(runtime.GOMAXPROCS(0), n/bulkSplit)
	if parts <= 1 {
		work(0, n)
		return
	}
	var wg sync.WaitGroup
	step := (n + parts - 1) / parts
	for from := 0; from < n; from += step {
		wg.Go(func() { work(from, min(from+step, n)) })
	}
	wg.Wait()
}
