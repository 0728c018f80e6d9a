package consent

import (
	"bytes"
	"encoding/json"
	"flag"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *updateGolden {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("golden file (run go test -run %s -update): %v", t.Name(), err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run with -update after checking the change):\n%s", name, got)
	}
}

// allowedOracle recomputes from the index what a receipt and an access
// report must list for one grant: the categories the practice may use and
// the recipients that may receive at least one category.
func allowedOracle(ix *Index, p Purpose, patient string, at time.Time) (cats, recips []string) {
	for _, c := range p.DataCategories {
		if ix.Allowed(patient, p.ID, "", c, at).Allowed {
			cats = append(cats, c)
		}
	}
	for _, r := range p.Recipients {
		if slices.ContainsFunc(p.DataCategories, func(c string) bool { return ix.Allowed(patient, p.ID, r.ID, c, at).Allowed }) {
			recips = append(recips, r.ID)
		}
	}
	return cats, recips
}

func randomSubset[T any](r *rand.Rand, xs []T) []T {
	var out []T
	for _, x := range xs {
		if r.IntN(3) == 0 {
			out = append(out, x)
		}
	}
	return out
}

// randomGrant is a grant of a random consent-based purpose with random
// categories, recipients and deny exceptions.
func randomGrant(t *testing.T, r *rand.Rand, cat *Catalogue, patient string, at time.Time) (Event, Purpose) {
	var ps []Purpose
	for _, p := range cat.Purposes() {
		if p.ConsentRequired && !p.Retired {
			ps = append(ps, p)
		}
	}
	p := ps[r.IntN(len(ps))]
	g := grant(t, cat, "g-"+patient, patient, p.ID, at)
	g.Categories = randomSubset(r, p.DataCategories)
	var ids []string
	for _, rc := range p.Recipients {
		ids = append(ids, rc.ID)
	}
	g.Recipients = randomSubset(r, ids)
	for range r.IntN(3) {
		d := Deny{Categories: randomSubset(r, p.DataCategories), Recipients: randomSubset(r, ids)}
		if len(d.Categories) == 0 {
			d.Categories = []string{p.DataCategories[r.IntN(len(p.DataCategories))]}
		}
		g.Deny = append(g.Deny, d)
	}
	return g, p
}

// TestScopeOracleRandomLedgers: on random grants (categories, recipients,
// deny exceptions) and disclosures, the receipt (piiCategory, spiCat,
// thirdPartyName) and the access report (categories, recipients,
// transfers) list exactly what Index.Allowed allows plus what was disclosed.
func TestScopeOracleRandomLedgers(t *testing.T) {
	cat := defaults(t)
	r := rand.New(rand.NewPCG(9, 21))
	t0 := day(2026, 4, 1)
	for i := range 400 {
		patient := "pat-" + string(rune('a'+i%26)) + "-" + time.Duration(i).String()
		g, p := randomGrant(t, r, cat, patient, t0)
		if err := cat.CheckEvent(g); err != nil {
			t.Fatalf("random grant %d: %v", i, err)
		}
		ix := mustIndex(t, cat, []Event{g}, nil)
		cats, recips := allowedOracle(ix, p, patient, t0)
		checkReceiptScope(t, cat, g, p, cats, recips)
		var ds []Disclosure
		if r.IntN(3) == 0 && len(p.Recipients) > 0 {
			d := Disclosure{ID: "d-" + patient, PatientID: patient, Recipient: p.Recipients[r.IntN(len(p.Recipients))].ID, PurposeID: p.ID,
				Categories: []string{p.DataCategories[r.IntN(len(p.DataCategories))]}, At: t0.Add(time.Hour), RecordedBy: "u"}
			ds = append(ds, d)
			for _, c := range d.Categories {
				if !slices.Contains(cats, c) {
					cats = append(cats, c)
				}
			}
			if !slices.Contains(recips, d.Recipient) {
				recips = append(recips, d.Recipient)
			}
		}
		checkAccessScope(t, ix, g, p, ds, inOrder(cats, p.DataCategories), recips, t0)
	}
}

func checkReceiptScope(t *testing.T, cat *Catalogue, g Event, p Purpose, cats, recips []string) {
	t.Helper()
	rc, err := NewReceipt(cat, ReceiptInput{Controller: practice, Jurisdiction: "DE", PolicyURL: "https://practice.invalid/p",
		Language: "en", Service: "Care", Events: []Event{g}})
	if err != nil {
		t.Fatal(err)
	}
	rp := rc.Services[0].Purposes[0]
	var names, spi []string
	for _, id := range recips {
		rr, _ := p.Recipient(id)
		names = append(names, rr.Name)
	}
	for _, c := range cats {
		if SpecialCategory(c) {
			spi = append(spi, c)
		}
	}
	slices.Sort(spi)
	if !slices.Equal(rp.PIICategory, orEmpty(cats)) || rp.ThirdPartyName != strings.Join(names, ", ") ||
		rp.ThirdPartyDisclosure != (len(names) > 0) || !slices.Equal(rc.SPICat, orEmpty(spi)) {
		t.Fatalf("grant %+v\nreceipt %+v spiCat %v\nwant categories %v recipients %v", g, rp, rc.SPICat, cats, recips)
	}
}

func checkAccessScope(t *testing.T, ix *Index, g Event, p Purpose, ds []Disclosure, cats, recips []string, at time.Time) {
	t.Helper()
	req := Request{ID: "req-1", SubjectID: g.PatientID, Type: ReqAccess, State: StateInProgress}
	rep, err := BuildAccessReport(AccessInput{Request: req, Controller: practice, Index: ix, Events: []Event{g}, Disclosures: ds,
		Rules: DefaultRetentionRules()}, at.Add(2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(rep.Purposes, func(ap AccessPurpose) bool { return ap.PurposeID == p.ID })
	if i < 0 {
		t.Fatalf("purpose %s missing from the report", p.ID)
	}
	for _, other := range rep.Purposes {
		if other.PurposeID != p.ID && len(other.RecipientIDs) > 0 {
			t.Fatalf("purpose %s names recipients %v the patient neither consented to nor was disclosed to", other.PurposeID, other.RecipientIDs)
		}
	}
	ap := rep.Purposes[i]
	if !slices.Equal(ap.Categories, orEmpty(cats)) || !sameSet(ap.RecipientIDs, recips) {
		t.Fatalf("grant %+v disclosures %+v\naccess %v %v\nwant %v %v", g, ds, ap.Categories, ap.RecipientIDs, cats, recips)
	}
	for _, tr := range rep.Transfers {
		rr, _ := p.Recipient(tr.RecipientID)
		if !slices.Contains(recips, tr.RecipientID) || !rr.ThirdCountry() || tr.Safeguard == "" {
			t.Fatalf("transfer %+v not among %v", tr, recips)
		}
	}
	for _, id := range recips {
		if rr, _ := p.Recipient(id); rr.ThirdCountry() && !slices.ContainsFunc(rep.Transfers, func(tr Transfer) bool { return tr.RecipientID == id }) {
			t.Fatalf("third-country recipient %s without a transfer entry", id)
		}
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// TestReceiptAndPackageHonourChoices: the cases of issue 9 as golden files:
// a research grant excluding genetics, a sharing grant with one recipient
// excluding psychotherapy notes, and the access package of that patient.
func TestReceiptAndPackageHonourChoices(t *testing.T) {
	cat := defaults(t)
	t0 := time.Date(2026, 4, 1, 9, 30, 0, 0, time.UTC)
	pid := "5f0c3a52-7d1e-4f7a-a2b4-00000000000a"
	res := grant(t, cat, "g-research", pid, reg, t0)
	res.Deny = []Deny{{Categories: []string{CatGenetics}}}
	sh := grant(t, cat, "g-sharing", pid, "sharing:specialist-network", t0)
	sh.Recipients = []string{"cardiology-practice"}
	sh.Categories = []string{CatDiagnoses, CatMedications, CatPsychNotes}
	sh.Deny = []Deny{{Categories: []string{CatPsychNotes}}}
	rc, err := NewReceipt(cat, ReceiptInput{Controller: practice, Jurisdiction: "DE", PolicyURL: "https://practice.invalid/privacy",
		Language: "en", Service: "Care at Synthetic Practice", Events: []Event{res, sh}})
	if err != nil {
		t.Fatal(err)
	}
	rc.ConsentReceiptID = "receipt-golden"
	js, _ := json.MarshalIndent(rc, "", "  ")
	if bytes.Contains(js, []byte(CatGenetics)) || bytes.Contains(js, []byte(CatPsychNotes)) || bytes.Contains(js, []byte("Telemedicine")) {
		t.Errorf("receipt lists an excluded category or recipient:\n%s", js)
	}
	golden(t, "receipt-choices.json", append(js, '\n'))

	ix := mustIndex(t, cat, []Event{res, sh}, nil)
	req := Request{ID: "req-golden", SubjectID: pid, Type: ReqAccess, State: StateInProgress}
	rep, err := BuildAccessReport(AccessInput{Request: req, Controller: practice, Index: ix, Events: []Event{res, sh},
		Rules: DefaultRetentionRules(), Triggers: map[Trigger]time.Time{TriggerCreated: t0.AddDate(-2, 0, 0), TriggerLastTreatment: t0,
			TriggerYearEnd: t0},
		Consultations: []Consultation{{At: t0, By: "dr-synthetic", Role: "clinician", Action: "viewed the record"}}}, t0.AddDate(0, 1, 0))
	must(t, err)
	for _, ap := range rep.Purposes {
		if (ap.PurposeID == reg && slices.Contains(ap.Categories, CatGenetics)) ||
			(strings.HasPrefix(ap.PurposeID, "sharing:") && (slices.Contains(ap.Categories, CatPsychNotes) || !slices.Equal(ap.RecipientIDs, []string{"cardiology-practice"}))) {
			t.Errorf("access purpose %+v ignores the patient's choices", ap)
		}
	}
	if len(rep.Transfers) != 0 || rep.AutomatedDecisionMaking == "" || len(rep.Sources) == 0 {
		t.Errorf("Art. 15 items: transfers %+v, ADM %q, sources %v", rep.Transfers, rep.AutomatedDecisionMaking, rep.Sources)
	}
	js, err = rep.JSON()
	must(t, err)
	golden(t, "access-choices.json", append(js, '\n'))
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
