package consent

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

const reg = "research:registry"

func TestAllowedBeforeAndAfterWithdrawal(t *testing.T) {
	cat := defaults(t)
	g := grant(t, cat, "g1", "p1", reg, day(2026, 2, 1))
	w := Withdraw(g, "user-2", MethodPaper, day(2026, 5, 10).Add(9*time.Hour))
	ix := mustIndex(t, cat, []Event{g, w}, nil)
	cases := []struct {
		at   time.Time
		want bool
		by   string
	}{
		{day(2026, 1, 31), false, "g1"},
		{day(2026, 2, 1), true, "g1"},
		{day(2026, 5, 10).Add(9*time.Hour - time.Nanosecond), true, "g1"},
		{day(2026, 5, 10).Add(9 * time.Hour), false, w.ID},
		{day(2027, 1, 1), false, w.ID},
	}
	for _, c := range cases {
		d := ix.Allowed("p1", reg, "", CatDiagnoses, c.at)
		if d.Allowed != c.want || d.EventID != c.by {
			t.Errorf("at %s: got %+v, want allowed=%v by %s", c.at, d, c.want, c.by)
		}
		if d.Basis != "GDPR Art. 6(1)(a), Art. 9(2)(a)" {
			t.Errorf("basis %q", d.Basis)
		}
	}
	// Withdrawing research consent never touches care.
	for _, at := range []time.Time{day(2026, 1, 1), day(2026, 6, 1)} {
		if d := ix.Allowed("p1", "treatment", "", CatPsychNotes, at); !d.Allowed || !strings.Contains(d.Reason, "9(2)(h)") {
			t.Errorf("treatment at %s: %+v", at, d)
		}
	}
}

func TestAllowedPurposeWideWithdrawalAndRegrant(t *testing.T) {
	cat := defaults(t)
	g1 := grant(t, cat, "g1", "p1", "recall", day(2026, 1, 5))
	w := Event{ID: "w1", Type: Withdrawn, PatientID: "p1", PurposeID: "recall", Time: day(2026, 3, 1), RecordedBy: "u", Method: MethodVerbal}
	g2 := grant(t, cat, "g2", "p1", "recall", day(2026, 4, 1))
	ix := mustIndex(t, cat, []Event{g2, w, g1}, nil) // any order: applied by time
	for _, c := range []struct {
		at   time.Time
		want bool
		by   string
	}{
		{day(2026, 2, 1), true, "g1"}, {day(2026, 3, 15), false, "w1"}, {day(2026, 4, 1), true, "g2"},
	} {
		if d := ix.Allowed("p1", "recall", "", CatContact, c.at); d.Allowed != c.want || d.EventID != c.by {
			t.Errorf("at %s: %+v, want %v by %s", c.at, d, c.want, c.by)
		}
	}
}

func TestAllowedGranularity(t *testing.T) {
	cat := defaults(t)
	const sh = "sharing:specialist-network"
	g := grant(t, cat, "g1", "p1", sh, day(2026, 1, 10))
	g.Recipients = []string{"cardiology-practice", "telemedicine-service"}
	g.Deny = []Deny{{Categories: []string{CatPsychNotes}}, {Categories: []string{CatGenetics}, Recipients: []string{"telemedicine-service"}}}
	narrow := grant(t, cat, "g2", "p2", sh, day(2026, 1, 10))
	narrow.Recipients = []string{"cardiology-practice"}
	narrow.Categories = []string{CatDiagnoses, CatMedications}
	ix := mustIndex(t, cat, []Event{g, narrow}, nil)
	at := day(2026, 2, 1)
	cases := []struct {
		patient, recipient, category string
		want                         bool
		reason                       string
	}{
		{"p1", "cardiology-practice", CatDiagnoses, true, "active"},
		{"p1", "cardiology-practice", CatPsychNotes, false, "deny exception"},
		{"p1", "telemedicine-service", CatPsychNotes, false, "deny exception"},
		{"p1", "cardiology-practice", CatGenetics, true, "active"},
		{"p1", "telemedicine-service", CatGenetics, false, "deny exception"},
		{"p1", "", CatGenetics, true, "active"},
		{"p1", "city-hospital", CatDiagnoses, false, "not named by purpose"},
		{"p1", "cardiology-practice", CatBilling, false, "not processed for purpose"},
		{"p2", "cardiology-practice", CatMedications, true, "active"},
		{"p2", "cardiology-practice", CatLabResults, false, "not covered"},
		{"p2", "telemedicine-service", CatMedications, false, "not covered"},
		{"p3", "cardiology-practice", CatMedications, false, "no consent"},
	}
	for _, c := range cases {
		d := ix.Allowed(c.patient, sh, c.recipient, c.category, at)
		if d.Allowed != c.want || !strings.Contains(d.Reason, c.reason) {
			t.Errorf("%s %s %s: %+v, want %v (%s)", c.patient, c.recipient, c.category, d, c.want, c.reason)
		}
	}
}

func TestNewestGrantDecides(t *testing.T) {
	cat := defaults(t)
	old := grant(t, cat, "g1", "p1", reg, day(2026, 1, 10))
	newer := grant(t, cat, "g2", "p1", reg, day(2026, 2, 10))
	newer.Deny = []Deny{{Categories: []string{CatGenetics}}}
	ix := mustIndex(t, cat, []Event{old, newer}, nil)
	if d := ix.Allowed("p1", reg, "", CatGenetics, day(2026, 1, 20)); !d.Allowed {
		t.Errorf("before newer grant: %+v", d)
	}
	if d := ix.Allowed("p1", reg, "", CatGenetics, day(2026, 3, 1)); d.Allowed || d.EventID != "g2" {
		t.Errorf("after newer grant with deny: %+v", d)
	}
}

func TestAllowedExpiryRenewalAndMaterialChange(t *testing.T) {
	cat := defaults(t)
	g := grant(t, cat, "g1", "p1", "recall", day(2026, 1, 31)) // 24 months → 2028-01-31
	ix := mustIndex(t, cat, []Event{g}, nil)
	if d := ix.Allowed("p1", "recall", "", CatContact, day(2028, 1, 30)); !d.Allowed {
		t.Errorf("before expiry: %+v", d)
	}
	if d := ix.Allowed("p1", "recall", "", CatContact, day(2028, 1, 31)); d.Allowed || !strings.Contains(d.Reason, "expired") {
		t.Errorf("at expiry: %+v", d)
	}
	ren := Event{ID: "r1", Type: Renewed, PatientID: "p1", PurposeID: "recall", RefersTo: "g1", Time: day(2028, 3, 1),
		RecordedBy: "u", Method: MethodScreen, TextLanguage: "en", TextVersion: 1, TextSHA256: g.TextSHA256}
	ix = mustIndex(t, cat, []Event{g, ren}, nil)
	for _, c := range []struct {
		at   time.Time
		want bool
	}{{day(2028, 2, 15), false}, {day(2028, 3, 1), true}, {day(2030, 2, 28), true}, {day(2030, 3, 1), false}} {
		if d := ix.Allowed("p1", "recall", "", CatContact, c.at); d.Allowed != c.want {
			t.Errorf("renewed, at %s: %+v", c.at, d)
		}
	}

	// research:registry en v2 (material) is effective 2026-09-01.
	r := grant(t, cat, "g2", "p2", reg, day(2026, 3, 1))
	if r.TextVersion != 1 {
		t.Fatalf("expected v1 before September, got %d", r.TextVersion)
	}
	ix = mustIndex(t, cat, []Event{r}, nil)
	if d := ix.Allowed("p2", reg, "", CatDiagnoses, day(2026, 8, 31)); !d.Allowed {
		t.Errorf("before material change: %+v", d)
	}
	if d := ix.Allowed("p2", reg, "", CatDiagnoses, day(2026, 9, 1)); d.Allowed || !strings.Contains(d.Reason, "superseded") {
		t.Errorf("after material change: %+v", d)
	}
	due := ix.DueForRenewal(60*24*time.Hour, day(2026, 8, 1))
	if len(due) != 1 || due[0].Reason != "material text change" || due[0].NewTextVersion != 2 || !due[0].Due.Equal(day(2026, 9, 1)) {
		t.Errorf("DueForRenewal: %+v", due)
	}
	if due := ix.DueForRenewal(7*24*time.Hour, day(2026, 8, 1)); len(due) != 0 {
		t.Errorf("DueForRenewal outside window: %+v", due)
	}
}

func TestDueForRenewalExpiry(t *testing.T) {
	cat := defaults(t)
	var events []Event
	for i := range 5 {
		events = append(events, grant(t, cat, fmt.Sprintf("g%d", i), fmt.Sprintf("p%d", i), "marketing", day(2026, time.Month(1+i), 1)))
	}
	events = append(events, Withdraw(events[1], "u", MethodScreen, day(2026, 7, 1)))
	now := day(2027, 12, 20)
	due, err := DueForRenewal(cat, events, 62*24*time.Hour, now)
	if err != nil {
		t.Fatal(err)
	}
	// Oracle: every active grant whose 24-month validity ends within the window.
	var want []string
	for i, e := range events[:5] {
		end := AddMonthsClamped(e.Time, 24)
		if i != 1 && end.After(now) && !end.After(now.Add(62*24*time.Hour)) {
			want = append(want, e.ID)
		}
	}
	var got []string
	for _, r := range due {
		got = append(got, r.GrantID)
		if r.Reason != "expiry" {
			t.Errorf("reason %q", r.Reason)
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("due %v, want %v", got, want)
	}
}

func TestObjectionAndRestrictionBlocks(t *testing.T) {
	cat := defaults(t)
	g := grant(t, cat, "g1", "p1", reg, day(2026, 1, 1))
	blocks := []Block{
		{Kind: BlockObjection, PatientID: "p1", PurposeID: "care-coordination", Categories: []string{CatPsychNotes}, From: day(2026, 3, 1), RequestID: "req-1"},
		{Kind: BlockObjection, PatientID: "p1", PurposeID: "research:quality", From: day(2026, 3, 1), RequestID: "req-2"},
		{Kind: BlockRestriction, PatientID: "p2", From: day(2026, 3, 1), Until: day(2026, 4, 1), RequestID: "req-3"},
	}
	ix := mustIndex(t, cat, []Event{g}, blocks)
	cases := []struct {
		patient, purpose, recipient, category string
		at                                    time.Time
		want                                  bool
		by                                    string
	}{
		{"p1", "care-coordination", "city-hospital", CatPsychNotes, day(2026, 2, 1), true, ""},
		{"p1", "care-coordination", "city-hospital", CatPsychNotes, day(2026, 3, 1), false, "req-1"},
		{"p1", "care-coordination", "city-hospital", CatDiagnoses, day(2026, 3, 1), true, ""},
		{"p1", "research:quality", "", CatDiagnoses, day(2026, 3, 2), false, "req-2"},
		{"p2", "research:quality", "", CatDiagnoses, day(2026, 3, 2), false, "req-3"},
		{"p2", "treatment", "", CatDiagnoses, day(2026, 3, 2), false, "req-3"},
		{"p2", "treatment", "", CatDiagnoses, day(2026, 4, 1), true, ""},
		{"p1", reg, "", CatDiagnoses, day(2026, 3, 2), true, "g1"},
	}
	for _, c := range cases {
		d := ix.Allowed(c.patient, c.purpose, c.recipient, c.category, c.at)
		if d.Allowed != c.want || d.EventID != c.by {
			t.Errorf("%+v: %+v", c, d)
		}
		// the typed kind names the deciding block: the one with that request id
		var kind BlockKind
		for _, b := range blocks {
			if b.RequestID == c.by {
				kind = b.Kind
			}
		}
		if d.Block != kind {
			t.Errorf("%+v: block %q, want %q", c, d.Block, kind)
		}
	}
}

func TestRefusalEndsEarlierGrant(t *testing.T) {
	cat := defaults(t)
	g := grant(t, cat, "g1", "p1", "marketing", day(2026, 1, 1))
	ref := Event{ID: "x1", Type: Refused, PatientID: "p1", PurposeID: "marketing", Time: day(2026, 6, 1), RecordedBy: "u", Method: MethodScreen}
	ix := mustIndex(t, cat, []Event{g, ref}, nil)
	if d := ix.Allowed("p1", "marketing", "", CatContact, day(2026, 7, 1)); d.Allowed || d.EventID != "x1" {
		t.Errorf("%+v", d)
	}
	ix = mustIndex(t, cat, []Event{ref}, nil)
	if d := ix.Allowed("p1", "marketing", "", CatContact, day(2026, 7, 1)); d.Allowed || d.Reason != "consent refused" {
		t.Errorf("%+v", d)
	}
	st := mustIndex(t, cat, []Event{g, ref}, nil).Status("p1", day(2026, 7, 1))
	if len(st) != 1 || st[0].Status != "refused" || st[0].EndedBy != "x1" {
		t.Errorf("status %+v", st)
	}
}

func TestIndexRejectsBadReferences(t *testing.T) {
	cat := defaults(t)
	g := grant(t, cat, "g1", "p1", "marketing", day(2026, 1, 1))
	w := Withdraw(g, "u", MethodScreen, day(2026, 2, 1))
	w.PatientID = "p2"
	if _, err := BuildIndex(cat, []Event{g, w}, nil); !errors.Is(err, ErrNotFound) {
		t.Errorf("withdrawal of another patient's grant: %v", err)
	}
	bad := g
	bad.TextSHA256 = strings.Repeat("0", 64)
	if _, err := BuildIndex(cat, []Event{bad}, nil); !errors.Is(err, ErrInvalid) {
		t.Errorf("wrong text hash: %v", err)
	}
}

// TestAllowedOracle compares Allowed with a direct reading of the rules on
// random single-grant ledgers.
func TestAllowedOracle(t *testing.T) {
	cat := defaults(t)
	rng := rand.New(rand.NewPCG(1, 2))
	base := day(2026, 1, 1)
	for i := range 500 {
		pid := fmt.Sprintf("p%d", i)
		g := grant(t, cat, "g"+pid, pid, "marketing", base.Add(time.Duration(rng.IntN(400))*24*time.Hour))
		events := []Event{g}
		var wAt time.Time
		if rng.IntN(2) == 0 {
			wAt = g.Time.Add(time.Duration(rng.IntN(900)) * 24 * time.Hour)
			events = append(events, Withdraw(g, "u", MethodScreen, wAt))
		}
		ix := mustIndex(t, cat, events, nil)
		for range 20 {
			at := base.Add(time.Duration(rng.IntN(1400)) * 24 * time.Hour)
			want := !at.Before(g.Time) && at.Before(AddMonthsClamped(g.Time, 24)) && (wAt.IsZero() || at.Before(wAt))
			if d := ix.Allowed(pid, "marketing", "", CatContact, at); d.Allowed != want {
				t.Fatalf("%s at %s (grant %s, withdrawn %s): %+v", pid, at, g.Time, wAt, d)
			}
		}
	}
}

// ledger100k builds grants of four purposes for 100,000 patients, with one
// withdrawal in seven.
func ledger100k(b testing.TB, cat *Catalogue) ([]Event, []string) {
	const n = 100_000
	purposes := []string{reg, "recall", "marketing", "sharing:specialist-network"}
	var events []Event
	start := day(2026, 1, 1)
	for i := range n {
		pid := fmt.Sprintf("patient-%06d", i)
		for j, p := range purposes {
			g := grant(b, cat, fmt.Sprintf("g-%06d-%d", i, j), pid, p, start.Add(time.Duration(i%200)*time.Hour))
			if j == 3 {
				g.Deny = []Deny{{Categories: []string{CatPsychNotes}}}
			}
			events = append(events, g)
			if (i+j)%7 == 0 {
				events = append(events, Withdraw(g, "u", MethodScreen, start.Add(90*24*time.Hour)))
			}
		}
	}
	return events, purposes
}

func BenchmarkBuildIndex100k(b *testing.B) {
	cat := defaults(b)
	events, _ := ledger100k(b, cat)
	b.ReportAllocs()
	for b.Loop() {
		mustIndex(b, cat, events, nil)
	}
	b.ReportMetric(float64(len(events)), "events")
}

func BenchmarkAllowed100k(b *testing.B) {
	cat := defaults(b)
	const n = 100_000
	events, purposes := ledger100k(b, cat)
	ix := mustIndex(b, cat, events, nil)
	at := day(2026, 6, 1)
	pids := make([]string, n)
	for i := range pids {
		pids[i] = fmt.Sprintf("patient-%06d", i)
	}
	cats := []string{CatDiagnoses, CatContact, CatContact, CatPsychNotes}
	b.ReportAllocs()
	i, allowed := 0, 0
	var cpu0 time.Duration
	for b.Loop() {
		if i == 0 {
			cpu0 = processCPU()
		}
		if ix.Allowed(pids[(i*7919)%n], purposes[i%4], "", cats[i%4], at).Allowed {
			allowed++
		}
		i++
	}
	// CPU time of the whole process (GC included) per call: on a shared
	// machine wall time per op overstates the cost.
	b.ReportMetric(float64(processCPU()-cpu0)/float64(i), "cpu-ns/op")
	b.ReportMetric(float64(allowed)/float64(i), "allowed/op")
}

func TestLapsedAndWithdrawPurpose(t *testing.T) {
	cat := defaults(t)
	g1 := grant(t, cat, "g1", "p1", "marketing", day(2026, 1, 1)) // until 2028-01-01
	g2 := grant(t, cat, "g2", "p2", "marketing", day(2026, 1, 1))
	g3 := grant(t, cat, "g3", "p3", "marketing", day(2027, 1, 1)) // until 2029-01-01
	w := WithdrawPurpose("p2", "marketing", "u", MethodPaper, day(2026, 6, 1))
	ix := mustIndex(t, cat, []Event{g1, g2, g3, w}, nil)
	now := day(2028, 3, 1)
	lapsed := ix.Lapsed("system", now)
	if len(lapsed) != 1 || lapsed[0].RefersTo != "g1" || !lapsed[0].Time.Equal(day(2028, 1, 1)) {
		t.Fatalf("lapsed %+v", lapsed)
	}
	if err := ix.Add(lapsed[0]); err != nil {
		t.Fatal(err)
	}
	if again := ix.Lapsed("system", now); len(again) != 0 {
		t.Errorf("expiry recorded twice: %+v", again)
	}
	if d := ix.Allowed("p2", "marketing", "", CatContact, day(2026, 7, 1)); d.Allowed || d.EventID != w.ID {
		t.Errorf("purpose-wide withdrawal: %+v", d)
	}
}
