package main

import (
	"encoding/json"
	"strings"
	"testing"

	"custodia/app"
)

// The dashboard command prints the use case's figures, in the language of
// LANG, with patients by name.
func TestDashboardCommand(t *testing.T) {
	env, id := gdprVault(t)
	openRequest(t, env, id, "access", "2026-05-01") // due 1 June: overdue at testNow
	openRequest(t, env, id, "erasure", "2026-06-10")
	var d app.Dashboard
	if err := json.Unmarshal([]byte(mustRun(t, env, "dashboard", "--json")), &d); err != nil {
		t.Fatal(err)
	}
	if d.Open != 2 || d.Overdue != 1 || len(d.Deadlines) != 2 {
		t.Fatalf("json: open %d overdue %d deadlines %d", d.Open, d.Overdue, len(d.Deadlines))
	}
	en := mustRun(t, with(env, "LANG", "en_GB.UTF-8"), "dashboard")
	for _, want := range []string{"2 open requests", "1 overdue", "Access (Art. 15) – Durand, Élise", "14 days overdue", "Erasure (Art. 17)"} {
		if !strings.Contains(en, want) {
			t.Errorf("English output lacks %q:\n%s", want, en)
		}
	}
	de := mustRun(t, with(env, "LANG", "de_DE.UTF-8"), "dashboard")
	for _, want := range []string{"2 offene Anträge", "1 überfällig", "Auskunft (Art. 15) – Durand, Élise", "14 Tage überfällig", "Keine Datenpanne"} {
		if !strings.Contains(de, want) {
			t.Errorf("German output lacks %q:\n%s", want, de)
		}
	}
	if strings.Contains(en, id) || strings.Contains(de, id) {
		t.Error("the dashboard shows a patient id")
	}
}
