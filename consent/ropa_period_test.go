package consent

import "testing"

func TestPeriodPlural(t *testing.T) {
	for _, c := range []struct {
		y, m int
		want string
	}{{1, 0, "1 year"}, {10, 0, "10 years"}, {0, 1, "1 month"}, {0, 6, "6 months"}, {1, 1, "1 year 1 month"}, {2, 3, "2 years 3 months"}} {
		if got := period(RetentionRule{Years: c.y, Months: c.m}); got != c.want {
			t.Errorf("period(%dy %dm) = %q, want %q", c.y, c.m, got, c.want)
		}
	}
}
