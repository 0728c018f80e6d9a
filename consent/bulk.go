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
	states, order := ix.memoryOrder(ids)
	parallel(len(order), func(from, to int) {
		for _, i := range order[from:to] {
			out[i] = pq.decide(states[i])
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
	states, order := ix.memoryOrder(ids)
	parallel(len(order), func(from, to int) {
		for _, i := range order[from:to] {
			keep[i] = pq.decide(states[i]).Allowed
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

// memoryOrder looks up the state of every id (nil: nothing recorded) and
// returns the positions of ids ordered by where that state lives in memory
// (patientState.n, by counting sort). Deciding in this order reads the
// index front to back instead of jumping across hundreds of megabytes for
// each patient; the map lookups themselves are cheap.
func (ix *Index) memoryOrder(ids []string) ([]*patientState, []int32) {
	states := make([]*patientState, len(ids))
	parallel(len(ids), func(from, to int) {
		for i := from; i < to; i++ {
			states[i] = ix.patients[ids[i]]
		}
	})
	order := make([]int32, len(ids))
	if len(ids) < bulkSplit { // small cohorts: the order does not matter
		for i := range order {
			order[i] = int32(i)
		}
		return states, order
	}
	next := make([]int32, len(ix.patients)+2) // bucket 0: unknown ids; n+1: patient n
	for _, ps := range states {
		next[bucket(ps)+1]++
	}
	for b := 1; b < len(next); b++ {
		next[b] += next[b-1]
	}
	for i, ps := range states {
		b := bucket(ps)
		order[next[b]] = int32(i)
		next[b]++
	}
	return states, order
}

func bucket(ps *patientState) int32 {
	if ps == nil {
		return 0
	}
	return ps.n + 1
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
