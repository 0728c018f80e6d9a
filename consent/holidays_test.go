package consent

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// publishedHolidays are the public holidays of 2024–2031 copied from the
// official calendars (Berlin and Bavarian state law, the Austrian
// Feiertagsruhegesetz, the French Code du travail L3133-1, the Dutch
// Algemene termijnenwet), written out as dates so that the deadline oracle
// does not depend on the production holiday rules. Berlin has the one-off
// 8 May 2025; Dutch King's Day 2025 fell on the 26th (the 27th a Sunday).
var publishedHolidays = map[string]string{
	"DE-BE": `
		2024-01-01 2024-03-08 2024-03-29 2024-04-01 2024-05-01 2024-05-09 2024-05-20 2024-10-03 2024-12-25 2024-12-26
		2025-01-01 2025-03-08 2025-04-18 2025-04-21 2025-05-01 2025-05-08 2025-05-29 2025-06-09 2025-10-03 2025-12-25 2025-12-26
		2026-01-01 2026-03-08 2026-04-03 2026-04-06 2026-05-01 2026-05-14 2026-05-25 2026-10-03 2026-12-25 2026-12-26
		2027-01-01 2027-03-08 2027-03-26 2027-03-29 2027-05-01 2027-05-06 2027-05-17 2027-10-03 2027-12-25 2027-12-26
		2028-01-01 2028-03-08 2028-04-14 2028-04-17 2028-05-01 2028-05-25 2028-06-05 2028-10-03 2028-12-25 2028-12-26
		2029-01-01 2029-03-08 2029-03-30 2029-04-02 2029-05-01 2029-05-10 2029-05-21 2029-10-03 2029-12-25 2029-12-26
		2030-01-01 2030-03-08 2030-04-19 2030-04-22 2030-05-01 2030-05-30 2030-06-10 2030-10-03 2030-12-25 2030-12-26
		2031-01-01 2031-03-08 2031-04-11 2031-04-14 2031-05-01 2031-05-22 2031-06-02 2031-10-03 2031-12-25 2031-12-26
	`,
	"DE-BY": `
		2024-01-01 2024-01-06 2024-03-29 2024-04-01 2024-05-01 2024-05-09 2024-05-20 2024-05-30 2024-10-03 2024-11-01 2024-12-25 2024-12-26
		2025-01-01 2025-01-06 2025-04-18 2025-04-21 2025-05-01 2025-05-29 2025-06-09 2025-06-19 2025-10-03 2025-11-01 2025-12-25 2025-12-26
		2026-01-01 2026-01-06 2026-04-03 2026-04-06 2026-05-01 2026-05-14 2026-05-25 2026-06-04 2026-10-03 2026-11-01 2026-12-25 2026-12-26
		2027-01-01 2027-01-06 2027-03-26 2027-03-29 2027-05-01 2027-05-06 2027-05-17 2027-05-27 2027-10-03 2027-11-01 2027-12-25 2027-12-26
		2028-01-01 2028-01-06 2028-04-14 2028-04-17 2028-05-01 2028-05-25 2028-06-05 2028-06-15 2028-10-03 2028-11-01 2028-12-25 2028-12-26
		2029-01-01 2029-01-06 2029-03-30 2029-04-02 2029-05-01 2029-05-10 2029-05-21 2029-05-31 2029-10-03 2029-11-01 2029-12-25 2029-12-26
		2030-01-01 2030-01-06 2030-04-19 2030-04-22 2030-05-01 2030-05-30 2030-06-10 2030-06-20 2030-10-03 2030-11-01 2030-12-25 2030-12-26
		2031-01-01 2031-01-06 2031-04-11 2031-04-14 2031-05-01 2031-05-22 2031-06-02 2031-06-12 2031-10-03 2031-11-01 2031-12-25 2031-12-26
	`,
	"AT": `
		2024-01-01 2024-01-06 2024-04-01 2024-05-01 2024-05-09 2024-05-20 2024-05-30 2024-08-15 2024-10-26 2024-11-01 2024-12-08 2024-12-25 2024-12-26
		2025-01-01 2025-01-06 2025-04-21 2025-05-01 2025-05-29 2025-06-09 2025-06-19 2025-08-15 2025-10-26 2025-11-01 2025-12-08 2025-12-25 2025-12-26
		2026-01-01 2026-01-06 2026-04-06 2026-05-01 2026-05-14 2026-05-25 2026-06-04 2026-08-15 2026-10-26 2026-11-01 2026-12-08 2026-12-25 2026-12-26
		2027-01-01 2027-01-06 2027-03-29 2027-05-01 2027-05-06 2027-05-17 2027-05-27 2027-08-15 2027-10-26 2027-11-01 2027-12-08 2027-12-25 2027-12-26
		2028-01-01 2028-01-06 2028-04-17 2028-05-01 2028-05-25 2028-06-05 2028-06-15 2028-08-15 2028-10-26 2028-11-01 2028-12-08 2028-12-25 2028-12-26
		2029-01-01 2029-01-06 2029-04-02 2029-05-01 2029-05-10 2029-05-21 2029-05-31 2029-08-15 2029-10-26 2029-11-01 2029-12-08 2029-12-25 2029-12-26
		2030-01-01 2030-01-06 2030-04-22 2030-05-01 2030-05-30 2030-06-10 2030-06-20 2030-08-15 2030-10-26 2030-11-01 2030-12-08 2030-12-25 2030-12-26
		2031-01-01 2031-01-06 2031-04-14 2031-05-01 2031-05-22 2031-06-02 2031-06-12 2031-08-15 2031-10-26 2031-11-01 2031-12-08 2031-12-25 2031-12-26
	`,
	"FR": `
		2024-01-01 2024-04-01 2024-05-01 2024-05-08 2024-05-09 2024-05-20 2024-07-14 2024-08-15 2024-11-01 2024-11-11 2024-12-25
		2025-01-01 2025-04-21 2025-05-01 2025-05-08 2025-05-29 2025-06-09 2025-07-14 2025-08-15 2025-11-01 2025-11-11 2025-12-25
		2026-01-01 2026-04-06 2026-05-01 2026-05-08 2026-05-14 2026-05-25 2026-07-14 2026-08-15 2026-11-01 2026-11-11 2026-12-25
		2027-01-01 2027-03-29 2027-05-01 2027-05-06 2027-05-08 2027-05-17 2027-07-14 2027-08-15 2027-11-01 2027-11-11 2027-12-25
		2028-01-01 2028-04-17 2028-05-01 2028-05-08 2028-05-25 2028-06-05 2028-07-14 2028-08-15 2028-11-01 2028-11-11 2028-12-25
		2029-01-01 2029-04-02 2029-05-01 2029-05-08 2029-05-10 2029-05-21 2029-07-14 2029-08-15 2029-11-01 2029-11-11 2029-12-25
		2030-01-01 2030-04-22 2030-05-01 2030-05-08 2030-05-30 2030-06-10 2030-07-14 2030-08-15 2030-11-01 2030-11-11 2030-12-25
		2031-01-01 2031-04-14 2031-05-01 2031-05-08 2031-05-22 2031-06-02 2031-07-14 2031-08-15 2031-11-01 2031-11-11 2031-12-25
	`,
	"NL": `
		2024-01-01 2024-03-31 2024-04-01 2024-04-27 2024-05-05 2024-05-09 2024-05-19 2024-05-20 2024-12-25 2024-12-26
		2025-01-01 2025-04-20 2025-04-21 2025-04-26 2025-05-05 2025-05-29 2025-06-08 2025-06-09 2025-12-25 2025-12-26
		2026-01-01 2026-04-05 2026-04-06 2026-04-27 2026-05-05 2026-05-14 2026-05-24 2026-05-25 2026-12-25 2026-12-26
		2027-01-01 2027-03-28 2027-03-29 2027-04-27 2027-05-05 2027-05-06 2027-05-16 2027-05-17 2027-12-25 2027-12-26
		2028-01-01 2028-04-16 2028-04-17 2028-04-27 2028-05-05 2028-05-25 2028-06-04 2028-06-05 2028-12-25 2028-12-26
		2029-01-01 2029-04-01 2029-04-02 2029-04-27 2029-05-05 2029-05-10 2029-05-20 2029-05-21 2029-12-25 2029-12-26
		2030-01-01 2030-04-21 2030-04-22 2030-04-27 2030-05-05 2030-05-30 2030-06-09 2030-06-10 2030-12-25 2030-12-26
		2031-01-01 2031-04-13 2031-04-14 2031-04-26 2031-05-05 2031-05-22 2031-06-01 2031-06-02 2031-12-25 2031-12-26
	`,
}

func publishedSet(t *testing.T, code string) map[string]bool {
	t.Helper()
	set := map[string]bool{}
	for _, d := range strings.Fields(publishedHolidays[code]) {
		if _, err := time.Parse(time.DateOnly, d); err != nil {
			t.Fatalf("%s: bad date %q", code, d)
		}
		set[d] = true
	}
	return set
}

// oracleDue is the deadline rule written independently: one month later by
// counting days of the month (clamped at its end), then forward past
// Saturdays, Sundays and the published holidays.
func oracleDue(received time.Time, months int, hol map[string]bool) time.Time {
	y, m, d := received.Date()
	tm := int(m) - 1 + months
	ty, tmon := y+tm/12, time.Month(tm%12+1)
	last := 31
	for time.Date(ty, tmon, last, 0, 0, 0, 0, time.UTC).Month() != tmon {
		last--
	}
	due := time.Date(ty, tmon, min(d, last), 0, 0, 0, 0, time.UTC)
	for due.Weekday() == time.Saturday || due.Weekday() == time.Sunday || hol[due.Format(time.DateOnly)] {
		due = due.AddDate(0, 0, 1)
	}
	return due
}

// TestDeadlineOracle checks every receipt day of 2024–2030 in five
// jurisdictions against the independent rule, with and without a
// two-month extension, and that the due date is always a working day
// and never before the counted month.
func TestDeadlineOracle(t *testing.T) {
	for _, code := range []string{"DE-BE", "DE-BY", "AT", "FR", "NL"} {
		hol := publishedSet(t, code)
		moved := 0
		for d := day(2024, 1, 1); d.Year() <= 2030; d = d.AddDate(0, 0, 1) {
			r := Request{Type: ReqAccess, ReceivedAt: d, Jurisdiction: code}
			want := oracleDue(d, 1, hol)
			if got := r.Due(); !got.Equal(want) {
				t.Fatalf("%s received %s: due %s, want %s", code, d.Format(time.DateOnly), got.Format(time.DateOnly), want.Format(time.DateOnly))
			}
			if r.Deadline().Moved() {
				moved++
			}
			if d.Year() < 2030 || d.Month() < time.September {
				r.Extension = &Extension{Months: 2}
				if got, want := r.Due(), oracleDue(want, 2, hol); !got.Equal(want) {
					t.Fatalf("%s received %s, extended: due %s, want %s", code, d.Format(time.DateOnly), got.Format(time.DateOnly), want.Format(time.DateOnly))
				}
			}
		}
		if moved < 700 { // about a third of 2557 days end on a weekend or holiday
			t.Errorf("%s: only %d deadlines moved", code, moved)
		}
	}
}

// TestHolidaysMatchPublished compares the production holiday list with the
// published one, year by year, in both directions.
func TestHolidaysMatchPublished(t *testing.T) {
	for code := range publishedHolidays {
		want := publishedSet(t, code)
		got := map[string]bool{}
		for y := 2024; y <= 2031; y++ {
			for _, h := range ParseJurisdiction(code).Holidays(y) {
				if h.Date.Weekday() == time.Sunday && !want[h.Date.Format(time.DateOnly)] {
					continue // Sundays named by some laws change nothing
				}
				got[h.Date.Format(time.DateOnly)] = true
			}
		}
		for d := range want {
			if !got[d] {
				t.Errorf("%s: %s missing", code, d)
			}
		}
		for d := range got {
			if !want[d] {
				t.Errorf("%s: %s is not a published holiday", code, d)
			}
		}
	}
}

// TestIssueExamples are the three dates issue 9 reports as wrong.
func TestIssueExamples(t *testing.T) {
	cases := []struct {
		jur, received, due, rule string
	}{
		{"DE-BE", "2026-01-31", "2026-03-02", "Sat 28 Feb → Mon 2 Mar (weekend)"},
		{"DE-NW", "2026-12-01", "2027-01-04", "Fri 1 Jan → Mon 4 Jan (New Year's Day, weekend)"},
		{"DE", "2026-03-03", "2026-04-07", "Fri 3 Apr → Tue 7 Apr (Good Friday, weekend, Easter Monday)"},
	}
	for _, c := range cases {
		rec, _ := time.Parse(time.DateOnly, c.received)
		d := Request{Type: ReqAccess, ReceivedAt: rec, Jurisdiction: c.jur}.Deadline()
		if got := d.Due.Format(time.DateOnly); got != c.due || d.Rule() != c.rule {
			t.Errorf("%s %s: due %s %q, want %s %q", c.jur, c.received, got, d.Rule(), c.due, c.rule)
		}
	}
}

// TestHolidaySpotChecks are single dates from the other countries' official calendars.
func TestHolidaySpotChecks(t *testing.T) {
	cases := []struct {
		jur, date string
		holiday   bool
	}{
		{"DE-SN", "2026-11-18", true}, {"DE-SN", "2025-11-19", true}, {"DE-BE", "2026-11-18", false},
		{"DE-TH", "2026-09-21", false}, {"DE-TH", "2027-09-20", true}, {"DE-HH", "2025-10-31", true},
		{"DE-BE", "2026-10-31", false}, {"DE-SL", "2025-08-15", true}, {"DE-BY", "2025-08-15", false},
		{"CH", "2026-08-01", true}, {"CH", "2026-04-03", true}, {"CH-ZH", "2026-01-02", true}, {"CH-GE", "2026-01-02", false},
		{"CH-GE", "2026-09-10", true}, {"CH-VD", "2026-09-21", true}, {"CH-TI", "2026-04-03", false},
		{"FR", "2026-04-03", false}, {"FR-57", "2026-04-03", true}, {"FR", "2026-12-26", false}, {"FR-67", "2026-12-26", true},
		{"NL", "2026-04-03", false}, {"NL", "2026-04-27", true}, {"BE", "2026-07-21", true}, {"LU", "2026-06-23", true},
		{"LU", "2026-05-09", true}, {"IT", "2026-06-02", true}, {"IT", "2026-10-04", true}, {"IT", "2025-10-04", false},
		{"ES", "2026-10-12", true}, {"ES", "2026-12-06", true}, {"IE", "2026-02-02", true}, {"IE", "2027-02-01", true},
		{"IE", "2030-02-01", true}, {"IE", "2026-10-26", true}, {"IE", "2026-04-03", false},
		{"DK", "2026-04-02", true}, {"DK", "2026-06-05", true}, {"DK", "2026-05-01", false}, {"DK", "2024-04-26", false},
		{"PL", "2026-05-03", true}, {"PL", "2025-12-24", true}, {"PL", "2024-12-24", false}, {"PL", "2026-06-04", true},
		{"SE", "2026-06-19", true}, {"SE", "2026-06-06", true}, {"SE", "2026-10-31", true}, {"SE", "2026-12-31", true},
		{"AT", "2026-12-08", true}, {"AT", "2026-04-03", false},
	}
	for _, c := range cases {
		d, _ := time.Parse(time.DateOnly, c.date)
		if _, got := ParseJurisdiction(c.jur).Holiday(d); got != c.holiday {
			t.Errorf("%s %s: holiday %v, want %v", c.jur, c.date, got, c.holiday)
		}
	}
}

func TestJurisdictions(t *testing.T) {
	if n := len(RegionCodes("DE")); n != 16 {
		t.Errorf("German states: %d, want 16", n)
	}
	for _, want := range []string{"DE", "AT", "CH", "FR", "NL", "BE", "LU", "IT", "ES", "IE", "DK", "PL", "SE"} {
		if !ParseJurisdiction(want).HolidaysKnown() {
			t.Errorf("%s: no holidays", want)
		}
	}
	for _, ok := range []string{"", "DE", "DE-BY", "CH-ZH", "FR-57", "PT", "US"} {
		if err := CheckJurisdiction(ParseJurisdiction(ok)); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"DE-XX", "NL-ZH", "PT-11", "FR-75"} {
		if err := CheckJurisdiction(ParseJurisdiction(bad)); !errors.Is(err, ErrInvalid) {
			t.Errorf("%q: %v, want ErrInvalid", bad, err)
		}
	}
	if got := ParseJurisdiction("de-by").Label(); got != "Germany, Bavaria" {
		t.Errorf("label %q", got)
	}
}

// TestExtensionLastLawfulDay: the extension can be decided and told on the
// last lawful day (a Monday after a weekend), not the day after, and the
// requester must have been told.
func TestExtensionLastLawfulDay(t *testing.T) {
	r := newReq(t, ReqAccess, day(2026, 1, 31))
	r.Jurisdiction = "DE-BE"
	last := day(2026, 3, 2).Add(17 * time.Hour)
	got, _, err := Extend(r, notice(2, "records archived off site", last), dpo, last)
	if err != nil {
		t.Fatalf("extension on the last lawful day: %v", err)
	}
	if d := got.Deadline(); d.Due.Format(time.DateOnly) != "2026-05-04" || d.Rule() != "Sat 2 May → Mon 4 May (weekend)" {
		t.Errorf("extended: %s %q", d.Due.Format(time.DateOnly), d.Rule())
	}
	if got.Extension.ToldVia != ChannelLetter || !got.Extension.ToldAt.Equal(last) {
		t.Errorf("told not recorded: %+v", got.Extension)
	}
	if _, _, err := Extend(r, notice(1, "late", day(2026, 3, 3)), dpo, day(2026, 3, 3)); !errors.Is(err, ErrTransition) {
		t.Errorf("day after: %v", err)
	}
	var v *ValidationError
	for name, x := range map[string]ExtensionNotice{
		"not told":        {Months: 1, Reason: "x", ToldVia: ChannelLetter},
		"told too late":   {Months: 1, Reason: "x", ToldAt: day(2026, 3, 3), ToldVia: ChannelLetter},
		"told in future":  {Months: 1, Reason: "x", ToldAt: day(2026, 2, 20), ToldVia: ChannelLetter},
		"unknown channel": {Months: 1, Reason: "x", ToldAt: day(2026, 2, 10), ToldVia: "pigeon"},
	} {
		if _, _, err := Extend(r, x, dpo, day(2026, 2, 10)); !errors.As(err, &v) {
			t.Errorf("%s: %v, want a validation error", name, err)
		}
	}
}

// TestJurisdictionFixedOnceRecorded: a stored request's jurisdiction may be
// filled in once (requests from before countries were known) but never
// changed, so its deadline cannot move afterwards.
func TestJurisdictionFixedOnceRecorded(t *testing.T) {
	r := newReq(t, ReqAccess, day(2026, 1, 31))
	tr := Transition{RequestID: r.ID, By: "u-dpo", At: day(2026, 2, 1)}
	filled := r
	filled.Jurisdiction = "DE-BY"
	if err := CheckRequestUpdate(r, filled, tr); err != nil {
		t.Errorf("filling in: %v", err)
	}
	moved := filled
	moved.Jurisdiction = "FR"
	if err := CheckRequestUpdate(filled, moved, tr); !errors.Is(err, ErrImmutable) {
		t.Errorf("changing: %v", err)
	}
	bad := r
	bad.Jurisdiction = "DE-XX"
	if err := bad.Validate(); !errors.Is(err, ErrInvalid) {
		t.Errorf("unknown region: %v", err)
	}
}
