package consent

import (
	"bytes"
	"strings"
	"testing"

	"custodia/assets"
)

// FuzzLoadSchedules: any input either loads into rules that all validate,
// name a country and have distinct ids, or is refused with ErrInvalid.
func FuzzLoadSchedules(f *testing.F) {
	f.Add(assets.RetentionSchedulesJSON())
	f.Add([]byte(`[{"id": "x-a", "category": "clinical", "years": 10, "trigger": "last-treatment", "legalSource": "law", "onExpiry": "erase", "country": "XA"}]`))
	f.Add([]byte(`[{"id": "x-a", "bogus": 1}]`))
	f.Add([]byte("[\n{\"id\": }"))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := LoadSchedules(bytes.NewReader(data))
		if err != nil {
			if !strings.Contains(err.Error(), "invalid") {
				t.Fatalf("error without ErrInvalid: %v", err)
			}
			return
		}
		seen := map[string]bool{}
		for country, rules := range s {
			for _, r := range rules {
				if r.Validate() != nil || r.Country != country || country == "" || seen[r.ID] {
					t.Fatalf("accepted bad rule %+v", r)
				}
				seen[r.ID] = true
			}
		}
	})
}

// FuzzParseApprox: a parsed number is known and not negative, or unknown
// for "", "unknown"; everything else is refused.
func FuzzParseApprox(f *testing.F) {
	for _, s := range []string{"", "unknown", "UNKNOWN", "0", "12", "-1", "many", "1.5", " 7 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ParseApprox(s)
		if err != nil {
			return
		}
		if a.Known() && a.N() < 0 {
			t.Fatalf("%q: negative %d", s, a.N())
		}
		if !a.Known() && strings.TrimSpace(s) != "" && !strings.EqualFold(strings.TrimSpace(s), "unknown") {
			t.Fatalf("%q: unknown without saying so", s)
		}
	})
}
