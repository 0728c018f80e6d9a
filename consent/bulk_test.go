package consent

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// randomLedger builds a random ledger for n synthetic patients over every
// purpose of the catalogue: grants narrowed to some recipients and
// categories, deny exceptions, renewals, withdrawals of one grant or of the
// whole purpose, refusals, recorded expiries, objections (purpose-wide or
// for some categories or recipients), restrictions (some lifted again) and
// erasures (every purpose withdrawn, the erasure request completed).
func randomLedger(t testing.TB, cat *Catalogue, rng *rand.Rand, n int) ([]Event, []Block) {
	base := day(2026, 1, 1) // the shipped texts are effective from then
	when := func() time.Time { return base.Add(time.Duration(rng.IntN(4*365*24)) * time.Hour) }
	var events []Event
	var reqs []Request
	var blocks []Block
	for i := range n {
		pid := fmt.Sprintf("patient-%04d", i)
		for j, p := range cat.Purposes() {
			events = append(events, randomPurposeLedger(t, cat, rng, fmt.Sprintf("%s-%d", pid, j), pid, p, when)...)
		}
		if rng.IntN(6) == 0 {
			blocks = append(blocks, randomBlock(rng, cat, pid, when()))
		}
		if rng.IntN(10) == 0 {
			at := when()
			for _, p := range cat.Purposes() {
				events = append(events, WithdrawPurpose(pid, p.ID, "u", MethodPaper, at))
			}
			reqs = append(reqs, Request{ID: "erasure-" + pid, SubjectID: pid, Type: ReqErasure, State: StateCompleted, ClosedAt: at})
		}
	}
	return events, append(blocks, BlocksFromRequests(reqs)...)
}

func randomPurposeLedger(t testing.TB, cat *Catalogue, rng *rand.Rand, idPrefix, pid string, p Purpose, when func() time.Time) []Event {
	var out, grants []Event
	for k := range rng.IntN(4) {
		g := grant(t, cat, fmt.Sprintf("g-%s-%d", idPrefix, k), pid, p.ID, when())
		g.Recipients = someOf(rng, recipientIDs(p))
		g.Categories = someOf(rng, p.DataCategories)
		if rng.IntN(3) == 0 {
			g.Deny = []Deny{{Categories: []string{pick(rng, p.DataCategories)}, Recipients: someOf(rng, recipientIDs(p))}}
		}
		if rng.IntN(8) == 0 {
			g.Type = Refused
		}
		out = append(out, g)
		if g.Type == Granted {
			grants = append(grants, g)
		}
	}
	for _, g := range grants {
		later := g.Time.Add(time.Duration(1+rng.IntN(3*365)) * 24 * time.Hour)
		switch rng.IntN(6) {
		case 0:
			out = append(out, Withdraw(g, "u", MethodScreen, later))
		case 1:
			out = append(out, WithdrawPurpose(pid, p.ID, "u", MethodScreen, later))
		case 2:
			out = append(out, Event{ID: NewID(), Type: Expired, PatientID: pid, PurposeID: p.ID, RefersTo: g.ID,
				Time: later, RecordedBy: "u", Method: MethodImported})
		case 3:
			r := grant(t, cat, NewID(), pid, p.ID, later)
			r.Type, r.RefersTo = Renewed, g.ID
			out = append(out, r)
		}
	}
	return out
}

func randomBlock(rng *rand.Rand, cat *Catalogue, pid string, at time.Time) Block {
	ps := cat.Purposes()
	p := ps[rng.IntN(len(ps))]
	b := Block{Kind: BlockObjection, PatientID: pid, PurposeID: p.ID, From: at, RequestID: "req-" + pid,
		Categories: someOf(rng, p.DataCategories), Recipients: someOf(rng, recipientIDs(p))}
	if rng.IntN(2) == 0 {
		b = Block{Kind: BlockRestriction, PatientID: pid, From: at, RequestID: "req-" + pid, Categories: someOf(rng, p.DataCategories)}
		if rng.IntN(2) == 0 {
			b.Until = at.Add(time.Duration(1+rng.IntN(400)) * 24 * time.Hour)
		}
	}
	return b
}

func recipientIDs(p Purpose) []string {
	var out []string
	for _, r := range p.Recipients {
		out = append(out, r.ID)
	}
	return out
}

// someOf returns nothing (meaning "all") half of the time, else a random
// non-empty subset.
func someOf(rng *rand.Rand, xs []string) []string {
	if len(xs) == 0 || rng.IntN(2) == 0 {
		return nil
	}
	var out []string
	for _, x := range xs {
		if rng.IntN(2) == 0 {
			out = append(out, x)
		}
	}
	if len(out) == 0 {
		out = append(out, pick(rng, xs))
	}
	return out
}

func pick(rng *rand.Rand, xs []string) string { return xs[rng.IntN(len(xs))] }

// randomQuery asks about a known or unknown purpose, recipient and category.
func randomQuery(rng *rand.Rand, cat *Catalogue) Query {
	ps := cat.Purposes()
	p := ps[rng.IntN(len(ps))]
	q := Query{PurposeID: p.ID, At: day(2025, 10, 1).Add(time.Duration(rng.IntN(6*365*24)) * time.Hour)}
	if rng.IntN(30) == 0 {
		q.PurposeID = "no-such-purpose"
	}
	if r := recipientIDs(p); len(r) > 0 && rng.IntN(2) == 0 {
		q.Recipient = pick(rng, r)
	} else if rng.IntN(20) == 0 {
		q.Recipient = "no-such-recipient"
	}
	switch rng.IntN(4) {
	case 0:
	case 1:
		q.Category = CatSexualHealth // not processed by most purposes
	default:
		q.Category = pick(rng, p.DataCategories)
	}
	return q
}

// TestAllowedManyEqualsAllowed checks the bulk decision against Allowed,
// patient by patient, on random ledgers, for enough patients that the work
// is split across goroutines.
func TestAllowedManyEqualsAllowed(t *testing.T) {
	cat := defaults(t)
	outcomes := map[string]int{}
	for seed := range uint64(3) {
		rng := rand.New(rand.NewPCG(seed, 11))
		n, queries := 400, 40
		if seed == 0 {
			n, queries = 2*bulkSplit+700, 12 // large enough to be split and put in memory order
		}
		events, blocks := randomLedger(t, cat, rng, n)
		ix := mustIndex(t, cat, events, blocks)
		ids := cohortIDs(rng, n)
		for range queries {
			q := randomQuery(rng, cat)
			got := ix.AllowedMany(ids, q)
			var want []string
			for i, id := range ids {
				d := ix.Allowed(id, q.PurposeID, q.Recipient, q.Category, q.At)
				if got[i] != d {
					t.Fatalf("seed %d, %s, %+v: bulk %+v, Allowed %+v", seed, id, q, got[i], d)
				}
				if d.Allowed {
					want = append(want, id)
				}
				outcomes[d.Reason]++
			}
			if kept := ix.AllowedPatients(ids, q); !slices.Equal(kept, want) {
				t.Fatalf("seed %d, %+v: AllowedPatients kept %d, Allowed allows %d", seed, q, len(kept), len(want))
			}
		}
	}
	requireVariety(t, outcomes)
}

// cohortIDs lists the patients in random order with some unknown ids and
// duplicates.
func cohortIDs(rng *rand.Rand, n int) []string {
	ids := make([]string, 0, n+20)
	for i := range n {
		ids = append(ids, fmt.Sprintf("patient-%04d", i))
	}
	for i := range 10 {
		ids = append(ids, fmt.Sprintf("unknown-%d", i), ids[rng.IntN(n)])
	}
	rng.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
	return ids
}

// requireVariety fails unless the random ledgers reached the rules the
// bulk decision must agree on.
func requireVariety(t *testing.T, outcomes map[string]int) {
	t.Helper()
	for _, reason := range []string{"active consent", "deny exception for this category", "consent withdrawn",
		"consent refused", "processing restricted (GDPR Art. 18)", "patient objected (GDPR Art. 21)",
		"no consent recorded for this purpose", "consent expired (validity period ended)", "recipient not covered by the consent",
		"category not covered by the consent", "consent text superseded by a material change: re-consent needed",
		"consent not yet given at that time"} {
		if outcomes[reason] == 0 {
			t.Errorf("no decision with reason %q among %v", reason, outcomes)
		}
	}
}

// TestAllowedManySettled covers questions no patient can pass: an unknown
// purpose, a recipient the purpose does not name, a category it does not
// process.
func TestAllowedManySettled(t *testing.T) {
	cat := defaults(t)
	ix := mustIndex(t, cat, []Event{grant(t, cat, "g1", "p1", "marketing", day(2026, 1, 1))}, nil)
	at := day(2026, 2, 1)
	for _, q := range []Query{{PurposeID: "nope", At: at}, {PurposeID: "marketing", Recipient: "nobody", At: at},
		{PurposeID: "marketing", Category: CatGenetics, At: at}} {
		ds := ix.AllowedMany([]string{"p1", "p2"}, q)
		for i, id := range []string{"p1", "p2"} {
			if want := ix.Allowed(id, q.PurposeID, q.Recipient, q.Category, q.At); ds[i] != want || want.Allowed {
				t.Errorf("%+v %s: bulk %+v, Allowed %+v", q, id, ds[i], want)
			}
		}
		if kept := ix.AllowedPatients([]string{"p1", "p2"}, q); len(kept) != 0 {
			t.Errorf("%+v: kept %v", q, kept)
		}
	}
	if kept := ix.AllowedPatients([]string{"p1", "p2", "p1"}, Query{PurposeID: "marketing", At: at}); !slices.Equal(kept, []string{"p1", "p1"}) {
		t.Errorf("marketing: kept %v", kept)
	}
}

// BenchmarkAllowedMany100k is the cohort filter of the brief's target: one
// question (purpose, recipient, category, time) decided for 100,000
// patients, the whole filter per op. The patients are asked in a shuffled
// order, as a cohort from another source would come.
func BenchmarkAllowedMany100k(b *testing.B) {
	cat := defaults(b)
	events, _ := ledger100k(b, cat)
	ix := mustIndex(b, cat, events, nil)
	ids := make([]string, 100_000)
	for i := range ids {
		ids[i] = fmt.Sprintf("patient-%06d", i)
	}
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
	q := Query{PurposeID: "sharing:specialist-network", Recipient: "cardiology-practice", Category: CatDiagnoses, At: day(2026, 6, 1)}
	b.ReportAllocs()
	var kept int
	cpu0 := processCPU()
	for b.Loop() {
		kept = len(ix.AllowedPatients(ids, q))
	}
	b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N), "cpu-ns/op")
	b.ReportMetric(float64(kept), "allowed")
	b.ReportMetric(float64(len(ids)), "patients")
}

// BenchmarkAllowedLoop100k is the same filter as BenchmarkAllowedMany100k
// written as one Allowed call per patient (what callers did before the
// bulk decision), for the before/after ratio.
func BenchmarkAllowedLoop100k(b *testing.B) {
	cat := defaults(b)
	events, _ := ledger100k(b, cat)
	ix := mustIndex(b, cat, events, nil)
	ids := make([]string, 100_000)
	for i := range ids {
		ids[i] = fmt.Sprintf("patient-%06d", i)
	}
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
	q := Query{PurposeID: "sharing:specialist-network", Recipient: "cardiology-practice", Category: CatDiagnoses, At: day(2026, 6, 1)}
	var kept int
	cpu0 := processCPU()
	for b.Loop() {
		var out []string
		for _, id := range ids {
			if ix.Allowed(id, q.PurposeID, q.Recipient, q.Category, q.At).Allowed {
				out = append(out, id)
			}
		}
		kept = len(out)
	}
	b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N), "cpu-ns/op")
	b.ReportMetric(float64(kept), "allowed")
}
