package main

import (
	"strings"
	"testing"
)

// TestDSRDeadlineFollowsPracticeHolidays: with the practice in Berlin, a
// deadline ending on a weekend or a public holiday moves to the next
// working day, and dsr list says why.
func TestDSRDeadlineFollowsPracticeHolidays(t *testing.T) {
	env, id := gdprVault(t)
	msg := mustFail(t, env, exitValidation, "practice", "set", "--name", "Praxis Qwertz", "--address", "Zyxweg 1",
		"--country", "DE", "--region", "XX", "--email", "info@qwertz.example")
	if !strings.Contains(msg, "region") || !strings.Contains(msg, "BY") {
		t.Fatalf("unknown region: %s", msg)
	}
	mustRun(t, env, "practice", "set", "--name", "Praxis Qwertz", "--address", "Zyxweg 1",
		"--country", "DE", "--region", "be", "--email", "info@qwertz.example")
	if out := mustRun(t, env, "practice", "show"); !strings.Contains(out, "BE (Berlin)") {
		t.Fatalf("practice show: %s", out)
	}
	out := mustRun(t, env, "dsr", "open", "--patient", id, "--type", "objection", "--purpose", "recall", "--channel", "letter", "--received", "2026-04-01")
	if !strings.Contains(out, "due 4 May 2026, moved to the next working day: from Fri 1 May to Mon 4 May (Labour Day, weekend) (request ") {
		t.Errorf("dsr open: %s", out)
	}
	weekend := openRequest(t, env, id, "access", "2026-01-31")
	easter := openRequest(t, env, id, "erasure", "2026-03-03")
	rs := requests(t, env)
	if r := rs[weekend]; r.Due != "2026-03-02" || r.DueRule != "Sat 28 Feb → Mon 2 Mar (weekend)" || r.Jurisdiction != "DE-BE" {
		t.Errorf("weekend: due %s %q %q", r.Due, r.DueRule, r.Jurisdiction)
	}
	if r := rs[easter]; r.Due != "2026-04-07" || !strings.Contains(r.DueRule, "Good Friday") {
		t.Errorf("Easter: due %s %q", r.Due, r.DueRule)
	}
	if out := mustRun(t, env, "dsr", "list"); !strings.Contains(out, "WHY THIS DATE") || !strings.Contains(out, "from Sat 28 Feb to Mon 2 Mar") {
		t.Errorf("dsr list:\n%s", out)
	}
	if out := mustRun(t, env, "dsr", "show", weekend); !strings.Contains(out, "Regulation 1182/71") {
		t.Errorf("dsr show:\n%s", out)
	}
	// Another country: the region goes with the old one.
	mustRun(t, env, "practice", "set", "--country", "FR")
	if p := showPractice(t, env); p.Country != "FR" || p.Region != "" {
		t.Errorf("after --country FR: %+v", p)
	}
}
