package app_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"custodia/app"
	"custodia/consent"
	"custodia/vault"
)

// movable is a clock the test sets.
type movable struct{ now time.Time }

func (m *movable) Now() time.Time { return m.now }

// DashFixture is a vault with known requests, breaches, grants and
// retention items, and what the dashboard must count in it.
type dashFixture struct {
	s     *app.Session
	vs    app.VaultSession
	clock *movable
	// patients by given name
	p map[string]vault.Patient
}

// base is a Monday; the vault has no practice details, so deadlines move
// over weekends only.
var base = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)

func newDashFixture(t *testing.T) dashFixture {
	t.Helper()
	clock := &movable{now: base.AddDate(-5, 0, 0)}
	_, s, vs := newVaultAt(t, clock.Now)
	f := dashFixture{s: s, vs: vs, clock: clock, p: map[string]vault.Patient{}}
	// A request closed five years ago: due for deletion (3 years from the
	// end of the year it closed).
	f.add(t, "Old")
	old := f.open(t, "Old", consent.ReqRestriction, clock.now.AddDate(0, 0, -2))
	if _, _, err := s.CompleteRequest(f.verify(t, old), app.Work{}); err != nil {
		t.Fatal(err)
	}
	// A patient registered 11 months before base: the contact details
	// (one year from the last treatment) come due within 90 days.
	clock.now = base.AddDate(0, -11, 0)
	f.add(t, "Coming")
	clock.now = base
	for _, n := range []string{"Late", "Soon", "Fresh", "Verify", "Work", "Deny"} {
		f.add(t, n)
	}
	f.open(t, "Late", consent.ReqAccess, base.AddDate(0, 0, -40))     // overdue
	f.open(t, "Soon", consent.ReqErasure, base.AddDate(0, 0, -27))    // due Fri 9 Jan: amber
	f.open(t, "Fresh", consent.ReqAccess, base.AddDate(0, 0, -2))     // green
	f.verify(t, f.open(t, "Verify", consent.ReqPortability, base))    // verifying
	w := f.verify(t, f.open(t, "Work", consent.ReqRestriction, base)) // in progress
	if _, err := s.StartRequest(w); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DenyRequest(f.open(t, "Deny", consent.ReqAccess, base), "gdpr-12-5-unfounded"); err != nil {
		t.Fatal(err)
	}
	for _, b := range []consent.Breach{
		f.breach(10*time.Hour, time.Time{}),          // green, 62 h left
		f.breach(60*time.Hour, time.Time{}),          // amber, 12 h left
		f.breach(80*time.Hour, time.Time{}),          // red, 8 h late
		f.breach(30*time.Hour, base.Add(-time.Hour)), // notified: settled
	} {
		if _, err := s.SaveBreach(b); err != nil {
			t.Fatal(err)
		}
	}
	f.grant(t, "Fresh", base.AddDate(0, 0, 30)) // renewal due within 60 days
	f.grant(t, "Work", base.AddDate(0, 0, 200)) // not yet
	return f
}

func (f dashFixture) add(t *testing.T, given string) {
	t.Helper()
	p, err := f.vs.AddPatient(vault.Patient{GivenName: given, FamilyName: "Testperson", BirthDate: time.Date(1980, 1, 2, 0, 0, 0, 0, time.UTC),
		Phone: "+49 30 0000000", Diagnosis: "synthetic", Notes: "synthetic"})
	if err != nil {
		t.Fatal(err)
	}
	f.p[given] = p
}

func (f dashFixture) open(t *testing.T, given string, typ consent.RequestType, received time.Time) consent.Request {
	t.Helper()
	r, err := f.s.OpenRequest(consent.Intake{SubjectID: f.p[given].ID, Type: typ, Channel: consent.ChannelLetter,
		ReceivedAt: received, Requester: "the patient", RequesterRelation: consent.RelSelf})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func (f dashFixture) verify(t *testing.T, r consent.Request) consent.Request {
	t.Helper()
	r, err := f.s.VerifyIdentity(r, consent.VerifyIDDocument, true)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func (f dashFixture) breach(ago time.Duration, notified time.Time) consent.Breach {
	return consent.Breach{ID: consent.NewID(), AwareAt: base.Add(-ago), RecordedBy: f.s.Actor().UserID,
		Nature: []string{"confidentiality"}, Description: "synthetic incident", Consequences: consent.ConsequencesUnknown,
		Risk: consent.RiskRisk, AuthorityNotifiedAt: notified}
}

func (f dashFixture) grant(t *testing.T, given string, until time.Time) {
	t.Helper()
	if _, err := f.s.GrantConsent(app.Grant{Language: "en", Event: consent.Event{PatientID: f.p[given].ID, PurposeID: "recall",
		Method: consent.MethodPaper, ValidUntil: until}}); err != nil {
		t.Fatal(err)
	}
}

func TestDashboardCountsTheFixture(t *testing.T) {
	f := newDashFixture(t)
	d, err := f.s.Dashboard()
	if err != nil {
		t.Fatal(err)
	}
	if d.Open != 5 || d.Overdue != 1 || d.DueSoon != 1 {
		t.Errorf("open %d overdue %d due soon %d, want 5, 1, 1", d.Open, d.Overdue, d.DueSoon)
	}
	want := []app.StateCount{{State: consent.StateReceived, N: 3}, {State: consent.StateVerifying, N: 1}, {State: consent.StateInProgress, N: 1}}
	if !slices.Equal(d.ByState, want) {
		t.Errorf("by state %v, want %v", d.ByState, want)
	}
	var order []string
	for _, r := range d.Deadlines {
		order = append(order, f.name(r.Request.SubjectID))
	}
	if !slices.Equal(order[:3], []string{"Late", "Soon", "Fresh"}) || len(order) != 5 {
		t.Errorf("deadlines in order %v, want Late, Soon, Fresh first of 5", order)
	}
	if soon := d.Deadlines[1]; soon.DaysLeft != 4 || soon.Clock != consent.ClockAmber {
		t.Errorf("amber request: %d days left, %s", soon.DaysLeft, soon.Clock)
	}
	var clocks []consent.Clock
	var left []time.Duration
	for _, b := range d.Breaches {
		clocks, left = append(clocks, b.Clock), append(left, b.Left)
	}
	if !slices.Equal(clocks, []consent.Clock{consent.ClockRed, consent.ClockAmber, consent.ClockGreen}) ||
		!slices.Equal(left, []time.Duration{-8 * time.Hour, 12 * time.Hour, 62 * time.Hour}) {
		t.Errorf("breach clocks %v, left %v", clocks, left)
	}
	if d.Renewals != 1 || f.name(d.NextRenewals[0].PatientID) != "Fresh" {
		t.Errorf("renewals %d %v, want Fresh's grant only", d.Renewals, d.NextRenewals)
	}
	rt := d.Retention
	if rt.Due != 1 || !slices.Equal(rt.ByCategory, []app.CategoryCount{{Category: consent.RecRequests, N: 1}}) {
		t.Errorf("retention due %d by category %v, want the one old request", rt.Due, rt.ByCategory)
	}
	if rt.Coming != 1 || rt.Next[0].Item.Category != consent.RecContact || f.name(rt.Next[0].Item.SubjectID) != "Coming" {
		t.Errorf("coming %d %v, want Coming's contact details", rt.Coming, rt.Next)
	}
	if got := d.Subjects[f.p["Late"].ID]; got.Given != "Late" || got.Family != "Testperson" {
		t.Errorf("subject names %v", d.Subjects)
	}
}

// The dashboard's retention figures are those of the retention screen.
func TestDashboardRetentionMatchesDueList(t *testing.T) {
	f := newDashFixture(t)
	f.clock.now = base.AddDate(2, 0, 0) // more comes due: contact details, closed requests
	d, err := f.s.Dashboard()
	if err != nil {
		t.Fatal(err)
	}
	rt, err := f.s.RetentionDue()
	if err != nil {
		t.Fatal(err)
	}
	counts := map[consent.RecordCategory]int{}
	for _, it := range rt.Due {
		counts[it.Item.Category]++
	}
	sum := 0
	for _, c := range d.Retention.ByCategory {
		if counts[c.Category] != c.N {
			t.Errorf("%s: dashboard %d, due list %d", c.Category, c.N, counts[c.Category])
		}
		sum += c.N
	}
	if sum != len(rt.Due) || d.Retention.Due != len(rt.Due) || len(rt.Due) < 2 {
		t.Errorf("dashboard counts %d (sum %d), due list %d", d.Retention.Due, sum, len(rt.Due))
	}
}

// Roles that may not read identities get no names.
func TestDashboardNamesNeedPatientRead(t *testing.T) {
	f := newDashFixture(t)
	d, err := app.New(noPatientRead{f.vs}, app.Options{Now: f.clock.Now}).Dashboard()
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Subjects) != 0 || d.Open != 5 {
		t.Errorf("without patient read: %d names, %d open", len(d.Subjects), d.Open)
	}
}

// noPatientRead is the administrator's session seen as a role without
// the identity permission.
type noPatientRead struct{ app.VaultSession }

func (n noPatientRead) User() vault.User {
	u := n.VaultSession.User()
	u.Role = vault.RoleResearcher
	return u
}

func (f dashFixture) name(id string) string {
	for n, p := range f.p {
		if p.ID == id {
			return n
		}
	}
	return id
}

// A cancelled context stops the dashboard with its error; an open one
// gives the same figures as Dashboard.
func TestDashboardContextStops(t *testing.T) {
	_, vs := vault.NewTestVault(t)
	s := app.New(app.FromVault(vs), app.Options{Now: func() time.Time { return time.Date(2026, 6, 15, 10, 0, 0, 0, time.UTC) }})
	if err := app.Seed(s.Context(), s.Store()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.DashboardContext(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled dashboard: %v, want context.Canceled", err)
	}
	a, err := s.DashboardContext(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Dashboard()
	if err != nil {
		t.Fatal(err)
	}
	if a.Open != b.Open || a.Renewals != b.Renewals || len(a.Breaches) != len(b.Breaches) || a.Retention.Due != b.Retention.Due {
		t.Fatalf("DashboardContext %+v differs from Dashboard %+v", a, b)
	}
}
