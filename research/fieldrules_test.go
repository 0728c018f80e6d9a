package research

import (
	"errors"
	"slices"
	"testing"

	"custodia/consent"
)

// brokenStudies break every rule of a study at least once.
func brokenStudies() map[string]func(*Study) {
	return map[string]func(*Study){
		"id":            func(s *Study) { s.ID = "Bad ID" },
		"version":       func(s *Study) { s.Version = 0 },
		"name":          func(s *Study) { s.Name = " " },
		"purpose-shape": func(s *Study) { s.Purpose = "care:treatment" },
		"purpose":       func(s *Study) { s.Purpose = "research:unknown" },
		"org":           func(s *Study) { s.Recipient.Org, s.Recipient.Contact = "", "" },
		"no recipient":  func(s *Study) { s.Recipient.Passphrase = false },
		"two ways":      func(s *Study) { s.Recipient.User = "u1" },
		"age":           func(s *Study) { s.Recipient.Passphrase, s.Recipient.AgeRecipient = false, "age1xyz" },
		"recipient.id":  func(s *Study) { s.Recipient.ID = "insurer" },
		"level":         func(s *Study) { s.Level = "visit" },
		"reference":     func(s *Study) { s.ReferenceDate = "01.01.2026" },
		"metric":        func(s *Study) { s.Metric = "fast" },
		"algorithm":     func(s *Study) { s.Algorithm = "greedy" },
		"shift":         func(s *Study) { s.DateShiftDays = 4000 },
		"icd":           func(s *Study) { s.Cohort.ICDPrefix = "11E" },
		"dates":         func(s *Study) { s.Cohort.From, s.Cohort.To = "2025-13-01", "2024-02-30" },
		"to before":     func(s *Study) { s.Cohort.From, s.Cohort.To = "2025-01-01", "2024-01-01" },
		"ages":          func(s *Study) { s.Cohort.AgeMin, s.Cohort.AgeMax = -1, 200 },
		"age order":     func(s *Study) { s.Cohort.AgeMin, s.Cohort.AgeMax = 50, 40 },
		"no columns":    func(s *Study) { s.Columns = nil },
		"unknown":       func(s *Study) { s.Columns[1].Name = "name" },
		"duplicate":     func(s *Study) { s.Columns[2].Name = SrcAge },
		"encounter col": func(s *Study) { s.Columns[1].Name = SrcDate },
		"patient role":  func(s *Study) { s.Columns[0].Role = RoleQuasi },
		"identifying":   func(s *Study) { s.Columns[1].Role = RoleIdentifying },
		"treatment":     func(s *Study) { s.Columns[0].Treatment = "hash" },
		"role":          func(s *Study) { s.Columns[1].Role = "secret" },
		"bins":          func(s *Study) { s.Columns[1].Bins = 21 },
		"hierarchy":     func(s *Study) { s.Columns[1].Hierarchy = [][]string{{"1", "*"}, {"1", "*"}} },
		"no pseudonym":  func(s *Study) { s.Level, s.Columns[0].Treatment = LevelEncounter, IdentDrop },
		"no quasi":      func(s *Study) { s.Columns = []Column{s.Columns[0], s.Columns[4]} },
		"sensitive":     func(s *Study) { s.Columns[4].Role = RoleQuasi },
		"two sensitive": func(s *Study) { s.Columns[3].Role = RoleSensitive },
		"k":             func(s *Study) { s.Privacy.K = 1 },
		"l":             func(s *Study) { s.Privacy.L = 0.5 },
		"c":             func(s *Study) { s.Privacy.LVariant = LRecursive },
		"variant":       func(s *Study) { s.Privacy.LVariant = "fancy" },
		"t":             func(s *Study) { s.Privacy.T = 2 },
		"risk":          func(s *Study) { s.Privacy.AverageRisk = -1 },
		"suppression":   func(s *Study) { s.Privacy.Suppression = 1.5 },
		"model":         func(s *Study) { s.Level = LevelEncounter; s.Privacy.T = 0.2 },
		"category": func(s *Study) {
			s.Purpose, s.Recipient.ID = "research:quality", ""
			s.Columns = append(s.Columns, Column{Name: "obs:4548-4", Role: RoleInsensitive})
		},
	}
}

// TestEveryStudyProblemIsCoded: every field problem a study can have
// carries a rule code of StudyRules, so front ends word it in the
// reader's language instead of showing the English message; a range
// names its bounds.
func TestEveryStudyProblemIsCoded(t *testing.T) {
	cat := catalogue(t)
	rules := StudyRules()
	seen := map[consent.FieldRule]bool{}
	for name, edit := range brokenStudies() {
		s := sampleStudy()
		edit(s)
		var ve *ValidationError
		if !errors.As(s.Validate(cat), &ve) {
			t.Errorf("%s: accepted", name)
			continue
		}
		for _, f := range ve.Fields {
			seen[f.Rule] = true
			switch {
			case !slices.Contains(rules, f.Rule):
				t.Errorf("%s: %s (%q) has rule %q, not one of StudyRules", name, f.Path, f.Message, f.Rule)
			case f.Rule == RuleRange && f.Max <= f.Min:
				t.Errorf("%s: %s is a range without bounds: %+v", name, f.Path, f)
			case f.Rule == consent.RuleOneOf && len(f.Allowed) == 0:
				t.Errorf("%s: %s lists no accepted values", name, f.Path)
			}
		}
	}
	_, err := ParseStudy([]byte(`{"id":"x","privacy":{"k":"five"}}`), nil)
	var ve *ValidationError
	if !errors.As(err, &ve) || ve.Fields[0].Rule != RuleWrongType || ve.Fields[0].Code != KindNumber {
		t.Errorf("type error: %+v", err)
	}
	seen[RuleWrongType] = true
	for _, r := range rules {
		if !seen[r] {
			t.Errorf("rule %q is never given by a broken study", r)
		}
	}
}

// TestStudyRulesKeepConsentMeanings: a study rule code that consent
// also has is one of the few the study reuses on purpose; the others
// are new, so a code never means two things.
func TestStudyRulesKeepConsentMeanings(t *testing.T) {
	reused := []consent.FieldRule{consent.RuleRequired, consent.RuleOneOf, consent.RuleDuplicate, consent.RuleAtLeastOne,
		consent.RuleResearchID, consent.RuleNotPurposeCategory, consent.RuleNotPurposeRecipient}
	for _, r := range StudyRules() {
		if slices.Contains(consent.FieldRules(), r) != slices.Contains(reused, r) {
			t.Errorf("rule %q: shared with consent %v, reused on purpose %v", r, slices.Contains(consent.FieldRules(), r), slices.Contains(reused, r))
		}
	}
}
