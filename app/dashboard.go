package app

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"time"

	"custodia/consent"
	"custodia/vault"
)

// Dashboard horizons and list lengths.
const (
	// DashboardNext is how many entries each "next" list holds.
	DashboardNext = 6
	// RenewalWindow is how far ahead consents due for renewal are counted.
	RenewalWindow = 60 * 24 * time.Hour
	// RetentionWindow is how far ahead retention items coming due are counted.
	RetentionWindow = 90 * 24 * time.Hour
)

// Dashboard is the DPO's overview at one moment: the request queue and
// its deadlines, the breaches whose 72-hour clock runs, what the
// retention schedule makes due and which consents need renewing.
type Dashboard struct {
	At time.Time

	// Open counts the open requests; ByState counts them per workflow
	// state, in workflow order, states without requests left out.
	Open    int
	ByState []StateCount
	// Overdue and DueSoon count open requests past their due date (red)
	// and due within consent.AmberDays (amber).
	Overdue, DueSoon int
	// Deadlines are the open requests with the nearest due dates (most
	// overdue first), at most DashboardNext.
	Deadlines []RequestDeadline

	// Breaches are the breaches whose authority clock runs (not settled),
	// most urgent first: all of them, a practice has few.
	Breaches []BreachClock

	// Retention counts what the schedule makes due now and soon.
	Retention RetentionSummary

	// Renewals counts the consents that stop counting within
	// RenewalWindow and lists the first ones.
	Renewals      int
	NextRenewals  []consent.Renewal
	CatalogueGone bool // no purposes stored: no renewals can be counted
	// ConsentsUnread says why the ledger could not be read into an index
	// (an event the catalogue rejects); renewals and ended consents are
	// then not counted, everything else is. Ids and codes only.
	ConsentsUnread string `json:",omitempty"`
	// Purposes names the purposes of the catalogue (id → name).
	Purposes map[string]string

	// Subjects names the patients the lists show, when the signed-in
	// role may read identities (vault.PermPatientRead); empty otherwise.
	// A patient missing here (erased, unknown, not allowed) is shown by
	// a short reference.
	Subjects map[string]Subject
}

// StateCount is the number of open requests in one workflow state.
type StateCount struct {
	State consent.State
	N     int
}

// RequestDeadline is one open request on the clock.
type RequestDeadline struct {
	Request consent.Request
	// Deadline is the due date with the weekend or holiday rule that moved it.
	Deadline consent.Deadline
	DaysLeft int // 0 on the due day, negative when overdue
	Clock    consent.Clock
}

// BreachClock is a breach whose 72-hour authority clock runs.
type BreachClock struct {
	Breach   consent.Breach
	Deadline time.Time
	// Left is the time left to notify the authority; negative when late.
	Left  time.Duration
	Clock consent.Clock
}

// RetentionSummary is what the retention schedule makes due.
type RetentionSummary struct {
	// Due counts the records whose period ended; ByCategory splits them
	// (category order of consent.RecordCategories, kept data last).
	Due        int
	ByCategory []CategoryCount
	// Oldest are the records due the longest, at most DashboardNext.
	Oldest []consent.DueItem
	// Coming counts the records that come due within RetentionWindow;
	// Next lists the first of them.
	Coming int
	Next   []consent.DueItem
	// NoRecords: the vault did not list patient records.
	NoRecords bool
}

// CategoryCount is the number of due records of one category.
type CategoryCount struct {
	Category consent.RecordCategory
	N        int
}

// Subject is how a patient appears on the dashboard.
type Subject struct {
	Family, Given string
	BirthDate     time.Time
}

// Dashboard computes the DPO's overview in one call: it reads the
// requests, the ledger (one consent index for renewals and ended grants),
// the breach log and the retention items once, and names the patients it
// lists when the role may read identities. Governance roles only (the
// retention and breach reads need the permission; the vault audits a denial).
func (s *Session) Dashboard() (Dashboard, error) { return s.DashboardContext(context.Background()) }

// DashboardContext is Dashboard that a cancelled ctx stops between its
// reads (it only reads, so stopping leaves nothing behind); it then
// returns ctx's error.
func (s *Session) DashboardContext(ctx context.Context) (Dashboard, error) {
	now := s.Now()
	d := Dashboard{At: now, Subjects: map[string]Subject{}, Purposes: map[string]string{}}
	reqs, err := s.Requests(consent.RequestFilter{})
	if err != nil {
		return d, err
	}
	d.requests(reqs, now)
	if d.Breaches, err = s.breachClocks(now); err != nil {
		return d, err
	}
	if err := ctx.Err(); err != nil {
		return d, err
	}
	ix, events, err := s.Index()
	if ctxErr := ctx.Err(); ctxErr != nil {
		return d, ctxErr
	}
	switch {
	case errors.Is(err, ErrCatalogueEmpty):
		d.CatalogueGone = true
	case errors.Is(err, consent.ErrInvalid):
		d.ConsentsUnread, ix = err.Error(), nil
	case err != nil:
		return d, err
	default:
		due := ix.DueForRenewal(RenewalWindow, now)
		d.Renewals, d.NextRenewals = len(due), firstN(due)
		for _, p := range ix.Catalogue().Purposes() {
			d.Purposes[p.ID] = p.Name
		}
	}
	rt, err := s.retentionDue(reqs, ix, events)
	if err != nil {
		return d, err
	}
	if err := ctx.Err(); err != nil {
		return d, err
	}
	d.Retention = summarise(rt, now)
	return d, s.nameSubjects(&d)
}

// requests fills the request figures.
func (d *Dashboard) requests(reqs []consent.Request, now time.Time) {
	counts := map[consent.State]int{}
	for _, r := range reqs {
		if !r.Open() {
			continue
		}
		d.Open++
		counts[r.State]++
		dl := RequestDeadline{Request: r, Deadline: r.Deadline(), DaysLeft: r.DaysLeft(now), Clock: r.Clock(now)}
		switch dl.Clock {
		case consent.ClockRed:
			d.Overdue++
		case consent.ClockAmber:
			d.DueSoon++
		}
		d.Deadlines = append(d.Deadlines, dl)
	}
	for _, st := range consent.States() {
		if counts[st] > 0 {
			d.ByState = append(d.ByState, StateCount{State: st, N: counts[st]})
		}
	}
	slices.SortFunc(d.Deadlines, func(a, b RequestDeadline) int {
		return cmp.Or(a.Deadline.Due.Compare(b.Deadline.Due), cmp.Compare(a.Request.ID, b.Request.ID))
	})
	d.Deadlines = firstN(d.Deadlines)
}

// breachClocks lists the breaches not yet settled, most urgent first.
func (s *Session) breachClocks(now time.Time) ([]BreachClock, error) {
	bs, err := s.Breaches()
	if err != nil {
		return nil, err
	}
	var out []BreachClock
	for _, b := range bs {
		if c := b.Clock(now); c != consent.ClockClosed {
			out = append(out, BreachClock{Breach: b, Deadline: b.Deadline(), Left: b.Remaining(now), Clock: c})
		}
	}
	slices.SortFunc(out, func(a, b BreachClock) int {
		return cmp.Or(a.Deadline.Compare(b.Deadline), cmp.Compare(a.Breach.ID, b.Breach.ID))
	})
	return out, nil
}

// summarise counts the due records by category and finds those coming
// due within RetentionWindow.
func summarise(rt Retention, now time.Time) RetentionSummary {
	sum := RetentionSummary{Due: len(rt.Due), Oldest: firstN(rt.Due), NoRecords: rt.NoRecords}
	counts := map[consent.RecordCategory]int{}
	for _, d := range rt.Due {
		counts[d.Item.Category]++
	}
	for _, c := range append(consent.RecordCategories(), consent.RecKept) {
		if counts[c] > 0 {
			sum.ByCategory = append(sum.ByCategory, CategoryCount{Category: c, N: counts[c]})
		}
	}
	var coming []consent.DueItem
	for _, d := range consent.DueForDeletion(rt.Items, rt.Rules, now.Add(RetentionWindow)) {
		if d.DueSince.After(now) {
			coming = append(coming, d)
		}
	}
	sum.Coming, sum.Next = len(coming), firstN(coming)
	return sum
}

// nameSubjects reads the names of the patients the lists show (each
// read checked and audited by the vault), for roles that may read them.
func (s *Session) nameSubjects(d *Dashboard) error {
	if !s.User().Role.Can(vault.PermPatientRead) {
		return nil
	}
	var ids []string
	for _, r := range d.Deadlines {
		ids = append(ids, r.Request.SubjectID)
	}
	for _, r := range d.NextRenewals {
		ids = append(ids, r.PatientID)
	}
	for _, it := range slices.Concat(d.Retention.Oldest, d.Retention.Next) {
		ids = append(ids, it.Item.SubjectID)
	}
	seen := map[string]bool{"": true}
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		p, err := s.v.GetPatient(id)
		switch {
		case errors.Is(err, vault.ErrNotFound):
			continue
		case err != nil:
			return err
		}
		d.Subjects[id] = Subject{Family: p.FamilyName, Given: p.GivenName, BirthDate: p.BirthDate}
	}
	return nil
}

func firstN[T any](xs []T) []T {
	if len(xs) > DashboardNext {
		return slices.Clip(xs[:DashboardNext])
	}
	return xs
}
