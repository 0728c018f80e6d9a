package consent

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
)

// Schedules are the retention schedules shipped per country (assets
// retention-schedules.json): each rule names its country, its legal
// source and whether it counts from the year-end. The vault holds the
// practice's working copy: the rules of its country plus its own.
type Schedules map[string][]RetentionRule

// LoadSchedules reads a JSON array of retention rules, each with a
// country. It returns a *ValidationError naming the JSON path ("$[3].years")
// or line of the first problems, and refuses duplicate ids.
func LoadSchedules(r io.Reader) (Schedules, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read retention schedules: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var rules []RetentionRule
	if err := dec.Decode(&rules); err != nil {
		return nil, jsonError(data, err)
	}
	var v fields
	seen := map[string]bool{}
	out := Schedules{}
	for i, rule := range rules {
		checkScheduleRule(&v, i, rule, seen)
		out[rule.Country] = append(out[rule.Country], rule)
	}
	if err := v.err(); err != nil {
		return nil, err
	}
	return out, nil
}

func checkScheduleRule(v *fields, i int, rule RetentionRule, seen map[string]bool) {
	path := fmt.Sprintf("$[%d]", i)
	if err := rule.Validate(); err != nil {
		if ve, ok := err.(*ValidationError); ok {
			for _, f := range ve.Fields {
				f.Field = path + "." + f.Field
				v.list = append(v.list, f)
			}
		}
	}
	if rule.Country == "" {
		v.rule(path+".country", RuleShippedCountry)
	}
	if seen[rule.ID] {
		v.rule(path+".id", RuleDuplicate, fmt.Sprintf("rule id %q", rule.ID))
	}
	seen[rule.ID] = true
}

// Countries lists the countries with a schedule, sorted.
func (s Schedules) Countries() []string {
	out := make([]string, 0, len(s))
	for c := range s {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

// For returns the schedule of a country (nil when none is shipped). A
// practice without a country gets the German schedule, Custodia's default
// before countries were known.
func (s Schedules) For(country string) []RetentionRule {
	if country == "" {
		country = "DE"
	}
	return slices.Clone(s[country])
}

// ScheduleChange is what switching the working schedule to a country does:
// rules of other countries go, shipped rules of the country not yet stored
// come; the practice's own rules (no country) and stored rules of the
// country (possibly edited by the DPO) stay.
type ScheduleChange struct {
	Remove []RetentionRule
	Add    []RetentionRule
}

// PlanSchedule computes the change from the stored rules to the country's
// shipped schedule.
func PlanSchedule(stored, shipped []RetentionRule, country string) ScheduleChange {
	var c ScheduleChange
	for _, r := range stored {
		if r.Country != "" && r.Country != country {
			c.Remove = append(c.Remove, r)
		}
	}
	for _, r := range shipped {
		if r.Country == country && !slices.ContainsFunc(stored, func(s RetentionRule) bool { return s.ID == r.ID }) {
			r.Version = 0
			c.Add = append(c.Add, r)
		}
	}
	return c
}

func validCountry(s string) bool { return IsCountryCode(s) }
