package consent

import (
	"bytes"
	"errors"
	"reflect"

	"custodia/assets"

	"strings"
	"testing"
	"time"
)

// TestKeepUntilYearEndOracle: for every trigger day of 2023–2026 and
// periods of 1 to 30 years (and 6 months), a period counted from the
// year-end runs out on 1 January of year+1+N (month added for the 6), the
// same for every day of a year; without year-end it runs out on the same
// day N years later (29 February → 28 February).
func TestKeepUntilYearEndOracle(t *testing.T) {
	for d := day(2023, 1, 1); d.Year() <= 2026; d = d.AddDate(0, 0, 1) {
		for _, years := range []int{1, 3, 5, 10, 20, 30} {
			ye := RetentionRule{Years: years, Trigger: TriggerClosed, YearEnd: true}
			want := time.Date(d.Year()+1+years, 1, 1, 0, 0, 0, 0, time.UTC)
			if got := ye.KeepUntil(d.Add(15 * time.Hour)); !got.Equal(want) {
				t.Fatalf("%s + %dy from year-end: %s, want %s", d.Format(time.DateOnly), years, got, want)
			}
			if got := (RetentionRule{Years: years, Trigger: TriggerYearEnd}).KeepUntil(d); !got.Equal(want) {
				t.Fatalf("year-end trigger %s + %dy: %s", d.Format(time.DateOnly), years, got)
			}
			plain := RetentionRule{Years: years, Trigger: TriggerClosed}
			wantDay := d.Day()
			if d.Month() == time.February && d.Day() == 29 {
				wantDay = 28
				if (d.Year()+years)%4 == 0 {
					wantDay = 29
				}
			}
			got := plain.KeepUntil(d)
			if got.Year() != d.Year()+years || got.Month() != d.Month() || got.Day() != wantDay {
				t.Fatalf("%s + %dy from the day: %s", d.Format(time.DateOnly), years, got.Format(time.DateOnly))
			}
		}
		half := RetentionRule{Months: 6, Trigger: TriggerClosed, YearEnd: true}
		if got := half.KeepUntil(d); !got.Equal(time.Date(d.Year()+1, 7, 1, 0, 0, 0, 0, time.UTC)) {
			t.Fatalf("%s + 6 months from year-end: %s", d.Format(time.DateOnly), got)
		}
	}
}

// TestDueYearEnd: a request closed on 2 January 2023 and one closed on 31
// December 2023 under § 199 BGB both become due on 1 January 2027, not
// before.
func TestDueYearEnd(t *testing.T) {
	rules := DefaultRetentionRules()
	items := []RetentionItem{
		{RecordID: "request:a", Category: RecRequests, TriggerAt: day(2023, 1, 2)},
		{RecordID: "request:b", Category: RecRequests, TriggerAt: day(2023, 12, 31)},
	}
	if due := DueForDeletion(items, rules, day(2026, 12, 31).Add(23*time.Hour)); len(due) != 0 {
		t.Errorf("due on 31 December 2026: %v", due)
	}
	due := DueForDeletion(items, rules, day(2027, 1, 1))
	if len(due) != 2 || !due[0].DueSince.Equal(day(2027, 1, 1)) || !due[1].DueSince.Equal(day(2027, 1, 1)) {
		t.Errorf("due on 1 January 2027: %+v", due)
	}
}

// TestKeptItemsDue: data kept after an erasure is due on its keep-until
// date, whatever the rules, unless on hold.
func TestKeptItemsDue(t *testing.T) {
	items := []RetentionItem{
		{RecordID: "kept:p1", SubjectID: "p1", Category: RecKept, KeepUntil: day(2026, 5, 1)},
		{RecordID: "kept:p2", SubjectID: "p2", Category: RecKept, KeepUntil: day(2026, 7, 1)},
		{RecordID: "kept:p3", SubjectID: "p3", Category: RecKept, KeepUntil: day(2026, 1, 1), Hold: true},
	}
	due := DueForDeletion(items, nil, day(2026, 6, 1))
	if len(due) != 1 || due[0].Item.RecordID != "kept:p1" || due[0].Action != ActErase || !strings.Contains(due[0].LegalSource, "17(3)") {
		t.Fatalf("due %+v", due)
	}
}

func TestLoadSchedules(t *testing.T) {
	good := `[{"id": "x-a", "category": "clinical", "years": 10, "trigger": "last-treatment", "legalSource": "law", "onExpiry": "erase", "country": "NZ"}]`
	s, err := LoadSchedules(strings.NewReader(good))
	if err != nil || len(s.For("NZ")) != 1 || s.For("JP") != nil {
		t.Fatalf("good: %v %v", s, err)
	}
	for name, c := range map[string]struct{ json, want string }{
		"no country":   {`[{"id": "x-a", "category": "clinical", "years": 10, "trigger": "last-treatment", "legalSource": "law", "onExpiry": "erase"}]`, "$[0].country"},
		"bad years":    {`[{"id": "x-a", "category": "clinical", "years": 0, "trigger": "last-treatment", "legalSource": "law", "onExpiry": "erase", "country": "NZ"}]`, "$[0].years"},
		"no source":    {`[{"id": "x-a", "category": "clinical", "years": 1, "trigger": "last-treatment", "legalSource": " ", "onExpiry": "erase", "country": "NZ"}]`, "$[0].legalSource"},
		"unknown key":  {`[{"id": "x-a", "bogus": 1}]`, "bogus"},
		"syntax":       {"[\n{\"id\": }", "line 2"},
		"duplicate id": {`[` + good[1:len(good)-1] + `,` + good[1:len(good)-1] + `]`, "$[1].id"},
	} {
		_, err := LoadSchedules(strings.NewReader(c.json))
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", name, err, c.want)
		}
	}
}

// TestPlanSchedule: switching to FR removes the German rules, adds the
// French ones, keeps the practice's own and an edited French rule.
func TestPlanSchedule(t *testing.T) {
	own := RetentionRule{ID: "own-x", Category: RecBilling, Years: 12, Trigger: TriggerYearEnd, LegalSource: "contract", OnExpiry: ActErase, Version: 1}
	frEdited := RetentionRule{ID: "fr-a", Category: RecClinical, Years: 25, Trigger: TriggerLastTreatment, LegalSource: "edited", OnExpiry: ActErase, Country: "FR", Version: 3}
	stored := append(DefaultRetentionRules(), own, frEdited)
	shipped := []RetentionRule{
		{ID: "fr-a", Category: RecClinical, Years: 20, Country: "FR"},
		{ID: "fr-b", Category: RecContact, Years: 1, Country: "FR", Version: 7},
	}
	c := PlanSchedule(stored, shipped, "FR")
	if len(c.Remove) != len(DefaultRetentionRules()) || len(c.Add) != 1 || c.Add[0].ID != "fr-b" || c.Add[0].Version != 0 {
		t.Fatalf("change %+v", c)
	}
	for _, r := range c.Remove {
		if r.Country != "DE" {
			t.Errorf("removes %s of %q", r.ID, r.Country)
		}
	}
	if again := PlanSchedule(append(stored[len(DefaultRetentionRules()):], shipped[1]), shipped, "FR"); len(again.Remove)+len(again.Add) != 0 {
		t.Errorf("second switch changes %+v", again)
	}
}

// TestShippedSchedules: the schedules in assets load, cover DE, AT, FR and
// NL with a rule for medical records, contact data, consents and requests
// each naming its source, the German one equals DefaultRetentionRules,
// and no country but Germany cites the BGB.
func TestShippedSchedules(t *testing.T) {
	s, err := LoadSchedules(bytes.NewReader(assets.RetentionSchedulesJSON()))
	if err != nil {
		t.Fatalf("shipped schedules: %v", err)
	}
	for _, country := range []string{"DE", "AT", "FR", "NL"} {
		rules := s.For(country)
		for _, c := range []RecordCategory{RecClinical, RecContact, RecConsents, RecRequests, RecIdentity} {
			r, ok := RuleFor(rules, c)
			if !ok || r.Country != country || strings.TrimSpace(r.LegalSource) == "" {
				t.Errorf("%s %s: %+v %v", country, c, r, ok)
			}
		}
		for _, r := range rules {
			if country != "DE" && (strings.Contains(r.LegalSource, " BGB") || strings.Contains(r.LegalSource, "630f")) {
				t.Errorf("%s rule %s cites German law: %s", country, r.ID, r.LegalSource)
			}
		}
	}
	if de := s.For("DE"); !reflect.DeepEqual(de, DefaultRetentionRules()) {
		t.Errorf("shipped DE schedule differs from DefaultRetentionRules:\n%+v\n%+v", de, DefaultRetentionRules())
	}
	if r, _ := RuleFor(s.For("DE"), RecConsents); !r.CountsFromYearEnd() || !strings.Contains(r.LegalSource, "199") {
		t.Errorf("DE consents do not count from the year-end (§ 199 BGB): %+v", r)
	}
}
