package consent

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Holiday is one public holiday of a jurisdiction.
type Holiday struct {
	Date time.Time // midnight UTC of the day
	Name string    // plain English name, e.g. "Good Friday"
}

// Jurisdiction names the country (ISO 3166-1 alpha-2) and, where holidays
// differ inside it, the region (the second part of an ISO 3166-2 code:
// "BY" for Bavaria, "ZH" for Zurich, "57" for Moselle). The zero value
// knows no public holidays: only Saturdays and Sundays move a deadline.
type Jurisdiction struct {
	Country string `json:"country"`
	Region  string `json:"region,omitempty"`
}

// ParseJurisdiction reads "DE-BY", "FR" or "" (none).
func ParseJurisdiction(s string) Jurisdiction {
	c, r, _ := strings.Cut(strings.ToUpper(strings.TrimSpace(s)), "-")
	return Jurisdiction{Country: c, Region: r}
}

// String is the code: "DE-BY", "FR", or "" for none.
func (j Jurisdiction) String() string {
	if j.Region == "" {
		return j.Country
	}
	return j.Country + "-" + j.Region
}

// Label is the name people read: "Germany, Bavaria".
func (j Jurisdiction) Label() string {
	c, ok := holidayCountries[j.Country]
	switch {
	case j.Country == "":
		return "no country set"
	case !ok:
		return j.Country
	case j.Region == "":
		return c.name
	}
	if r, ok := c.regions[j.Region]; ok {
		return c.name + ", " + r.name
	}
	return c.name + ", " + j.Region
}

// HolidaysKnown reports whether Custodia has the public holidays of the
// jurisdiction's country.
func (j Jurisdiction) HolidaysKnown() bool { _, ok := holidayCountries[j.Country]; return ok }

// CheckJurisdiction validates a country and region pair as stored in the
// practice details. A country whose holidays Custodia does not know is
// accepted (only weekends then move deadlines) but may not name a region;
// a known country accepts only its listed regions: another is a
// *ValidationError of field "region" whose Allowed lists them (wrapping
// ErrInvalid).
func CheckJurisdiction(j Jurisdiction) error {
	c, ok := holidayCountries[j.Country]
	switch {
	case j.Region == "":
		return nil
	case !ok || len(c.regions) == 0:
		return fmt.Errorf("region %q: no regions are known for country %q: %w", j.Region, j.Country, ErrInvalid)
	}
	if _, ok := c.regions[j.Region]; !ok {
		var v fields
		v.ruleAllowed("region", RegionCodes(j.Country))
		return v.err()
	}
	return nil
}

// HolidayCountries lists the country codes whose holidays are known, sorted.
func HolidayCountries() []string {
	out := make([]string, 0, len(holidayCountries))
	for c := range holidayCountries {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

// RegionCodes lists the known regions of a country, sorted.
func RegionCodes(country string) []string {
	var out []string
	for r := range holidayCountries[country].regions {
		out = append(out, r)
	}
	slices.Sort(out)
	return out
}

// RegionName is the plain name of a region ("Bavaria").
func RegionName(country, region string) string { return holidayCountries[country].regions[region].name }

// CountryName is the plain name of a country whose holidays are known, or the code.
func CountryName(country string) string {
	if c, ok := holidayCountries[country]; ok {
		return c.name
	}
	return country
}

// Holidays returns the public holidays of the jurisdiction in a year,
// sorted by date (one entry per day; names of coinciding holidays joined).
func (j Jurisdiction) Holidays(year int) []Holiday {
	byDay := map[time.Time]string{}
	for _, r := range j.rules() {
		d, ok := r.on(year)
		if !ok {
			continue
		}
		if prev, dup := byDay[d]; dup {
			byDay[d] = prev + ", " + r.name
			continue
		}
		byDay[d] = r.name
	}
	out := make([]Holiday, 0, len(byDay))
	for d, n := range byDay {
		out = append(out, Holiday{Date: d, Name: n})
	}
	slices.SortFunc(out, func(a, b Holiday) int { return a.Date.Compare(b.Date) })
	return out
}

// rules are the holiday rules of the jurisdiction: national, then the
// region's (or, without a region, the country's default).
func (j Jurisdiction) rules() []holidayRule {
	national, extra := j.ruleSets()
	return append(slices.Clip(national), extra...)
}

// ruleSets are the national rules and the region's (or the default's),
// without copying.
func (j Jurisdiction) ruleSets() (national, extra []holidayRule) {
	c := holidayCountries[j.Country]
	if j.Region != "" {
		return c.national, c.regions[j.Region].rules
	}
	return c.national, c.noRegion
}

// Easter returns Easter Sunday of the Gregorian calendar (anonymous
// Gregorian algorithm, Meeus/Jones/Butcher), at midnight UTC.
func Easter(year int) time.Time {
	a, b, c := year%19, year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
}

// holidayRule computes one holiday in a year.
type holidayRule struct {
	name      string
	date      func(year int) time.Time
	from, to  int // first and last year in force; 0: open
	onlyYears []int
	// kind lets Holiday test a day without building dates: a fixed
	// month and day, or an offset from Easter Sunday; other rules call date.
	kind      ruleKind
	month     time.Month
	day       int
	easterOff int
}

type ruleKind uint8

const (
	ruleComputed ruleKind = iota
	ruleFixed
	ruleEaster
)

// inForce reports whether the rule applies in the year.
func (r holidayRule) inForce(year int) bool {
	return (r.from == 0 || year >= r.from) && (r.to == 0 || year <= r.to) &&
		(r.onlyYears == nil || slices.Contains(r.onlyYears, year))
}

// matches reports whether the rule falls on the date y-m-d; easterYDay is
// the day of the year of Easter Sunday in y.
func (r holidayRule) matches(y int, m time.Month, d, yday, easterYDay int) bool {
	if !r.inForce(y) {
		return false
	}
	switch r.kind {
	case ruleFixed:
		return r.month == m && r.day == d
	case ruleEaster:
		return yday-easterYDay == r.easterOff
	}
	h := r.date(y)
	return h.Month() == m && h.Day() == d
}

func (r holidayRule) on(year int) (time.Time, bool) {
	if !r.inForce(year) {
		return time.Time{}, false
	}
	return r.date(year), true
}

func fixed(m time.Month, d int, name string) holidayRule {
	return holidayRule{name: name, kind: ruleFixed, month: m, day: d,
		date: func(y int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }}
}

func fromEaster(days int, name string) holidayRule {
	return holidayRule{name: name, kind: ruleEaster, easterOff: days,
		date: func(y int) time.Time { return Easter(y).AddDate(0, 0, days) }}
}

// nthWeekday is the n-th weekday wd of a month (n < 0 counts from the end).
func nthWeekday(m time.Month, wd time.Weekday, n int, name string) holidayRule {
	return holidayRule{name: name, date: func(y int) time.Time {
		if n < 0 {
			last := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC)
			return last.AddDate(0, 0, -((int(last.Weekday()) - int(wd) + 7) % 7))
		}
		first := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
		return first.AddDate(0, 0, (int(wd)-int(first.Weekday())+7)%7+7*(n-1))
	}}
}

// weekdayBetween is the weekday wd falling on day first..first+6 of month m.
func weekdayBetween(m time.Month, first int, wd time.Weekday, name string) holidayRule {
	return holidayRule{name: name, date: func(y int) time.Time {
		d := time.Date(y, m, first, 0, 0, 0, 0, time.UTC)
		return d.AddDate(0, 0, (int(wd)-int(d.Weekday())+7)%7)
	}}
}

func (r holidayRule) since(year int) holidayRule    { r.from = year; return r }
func (r holidayRule) until(year int) holidayRule    { r.to = year; return r }
func (r holidayRule) only(years ...int) holidayRule { r.onlyYears = years; return r }

type holidayRegion struct {
	name  string
	rules []holidayRule
}

type holidayCountry struct {
	name     string
	national []holidayRule
	// noRegion applies when no region is chosen (Switzerland's canton default).
	noRegion []holidayRule
	regions  map[string]holidayRegion
}

// Holiday reports whether the date (its year, month and day) is a public
// holiday of the jurisdiction, and which (names of coinciding holidays
// joined by ", ").
func (j Jurisdiction) Holiday(d time.Time) (string, bool) {
	names := j.holidayNames(d)
	return strings.Join(names, ", "), len(names) > 0
}

// holidayNames are the names of the holidays on the date, national first.
func (j Jurisdiction) holidayNames(d time.Time) []string {
	y, m, day := d.Date()
	yday, easter := time.Date(y, m, day, 0, 0, 0, 0, time.UTC).YearDay(), Easter(y).YearDay()
	var names []string
	national, extra := j.ruleSets()
	for _, set := range [2][]holidayRule{national, extra} {
		for _, r := range set {
			if r.matches(y, m, day, yday, easter) {
				names = append(names, r.name)
			}
		}
	}
	return names
}

// WorkingDay reports whether d is neither a Saturday, a Sunday nor a public
// holiday of the jurisdiction.
func (j Jurisdiction) WorkingDay(d time.Time) bool {
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	_, h := j.Holiday(d)
	return !h
}

// RollForward applies Regulation 1182/71 Art. 3(4): a period whose last
// day is a Saturday, Sunday or public holiday ends with the next working
// day. d is a date (midnight); the result keeps its location. Skipped
// holds SkipWeekend and holiday names, one entry each (see
// DeadlineReasons).
func (j Jurisdiction) RollForward(d time.Time) Deadline {
	out := Deadline{Nominal: d, Due: d}
	for {
		names := j.holidayNames(out.Due)
		wd := out.Due.Weekday()
		if len(names) == 0 && wd != time.Saturday && wd != time.Sunday {
			return out
		}
		if len(names) == 0 {
			names = []string{SkipWeekend}
		}
		for _, why := range names {
			if !slices.Contains(out.Skipped, why) {
				out.Skipped = append(out.Skipped, why)
			}
		}
		out.Due = out.Due.AddDate(0, 0, 1)
	}
}

// SkipWeekend is the Deadline.Skipped entry for a Saturday or Sunday.
const SkipWeekend = "weekend"

// DeadlineReasons lists every entry Deadline.Skipped can hold:
// SkipWeekend and the name of every public holiday Custodia knows, in any
// country and region, sorted. They are codes: front ends word them
// through custodia/i18n.
func DeadlineReasons() []string {
	out := []string{SkipWeekend}
	add := func(rules []holidayRule) {
		for _, r := range rules {
			if !slices.Contains(out, r.name) {
				out = append(out, r.name)
			}
		}
	}
	for _, c := range holidayCountries {
		add(c.national)
		add(c.noRegion)
		for _, r := range c.regions {
			add(r.rules)
		}
	}
	slices.Sort(out)
	return out
}
