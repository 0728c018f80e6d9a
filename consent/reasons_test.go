package consent

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// Every decision carries a code from ReasonCodes, and the code says the
// same as the text: one reason text never appears under two codes, and
// every code is reached (random ledgers, an erased patient, and the
// questions no patient can pass).
func TestDecisionCodes(t *testing.T) {
	cat := defaults(t)
	codes := ReasonCodes()
	seen := map[ReasonCode]int{}
	textCode := map[string]ReasonCode{}
	check := func(d Decision) {
		t.Helper()
		if !slices.Contains(codes, d.Code) {
			t.Fatalf("decision %+v: code %q is not in ReasonCodes", d, d.Code)
		}
		if c, ok := textCode[d.Reason]; ok && c != d.Code {
			t.Fatalf("reason %q under two codes: %q and %q", d.Reason, c, d.Code)
		}
		textCode[d.Reason] = d.Code
		seen[d.Code]++
		if d.Allowed != (d.Code == ReasonActiveConsent || d.Code == ReasonNoConsentNeeded) {
			t.Fatalf("decision %+v: allowed does not match its code", d)
		}
	}
	rng := rand.New(rand.NewPCG(5, 17))
	events, blocks := randomLedger(t, cat, rng, 400)
	blocks = append(blocks, Block{Kind: BlockErasure, PatientID: "patient-0001", From: day(2020, 1, 1), RequestID: "req-erase"})
	ix := mustIndex(t, cat, events, blocks)
	ids := cohortIDs(rng, 400)
	for range 60 {
		q := randomQuery(rng, cat)
		for _, d := range ix.AllowedMany(ids, q) {
			check(d)
		}
	}
	for _, p := range cat.Purposes() {
		check(ix.Allowed("patient-0001", p.ID, "", "", day(2026, 6, 1)))
	}
	at := day(2026, 2, 1)
	for _, q := range []Query{{PurposeID: "nope", At: at}, {PurposeID: "marketing", Recipient: "nobody", At: at},
		{PurposeID: "marketing", Category: CatGenetics, At: at}} {
		check(ix.Allowed("p1", q.PurposeID, q.Recipient, q.Category, q.At))
	}
	for _, c := range codes {
		if seen[c] == 0 {
			t.Errorf("no decision with code %q (seen %v)", c, seen)
		}
	}
}
