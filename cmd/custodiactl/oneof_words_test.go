package main

import (
	"regexp"
	"strings"
	"testing"
)

// In German, a value the command line refuses is answered with the values
// it accepts by their labels, each with the code to type after it: no
// code of the list stands alone (a request's channel, the requester's
// relation, the practice's region).
func TestOneOfWordsOnTheCommandLine(t *testing.T) {
	env := initVault(t)
	id := addPatient(t, env)
	de := with(env, "LANG", "de_DE.UTF-8")
	for _, tc := range []struct {
		code  int
		args  []string
		codes map[string]string // code → German label
	}{
		{exitValidation, []string{"dsr", "open", "--patient", id, "--type", "erasure", "--channel", "pigeon", "--received", "2026-06-14"},
			map[string]string{"letter": "Brief", "email": "E-Mail", "desk": "Am Empfang", "phone": "Telefon", "portal": "Patientenportal"}},
		{exitUsage, []string{"dsr", "open", "--patient", id, "--type", "access", "--channel", "letter", "--received", "2026-06-14", "--relation", "cousin"},
			map[string]string{"self": "Die Person selbst", "parent": "Elternteil", "guardian": "Vormund"}},
		{exitUsage, []string{"dsr", "open", "--patient", id, "--type", "gossip", "--channel", "letter", "--received", "2026-06-14"},
			map[string]string{"access": "Auskunft", "erasure": "Löschung", "withdrawal": "Widerruf"}},
		{exitUsage, []string{"patient", "import", "--map", "Geb=birthday", "../../testdata/patients/sample.csv"},
			map[string]string{"birth_date": "„Geburtsdatum“", "given_name": "„Vorname“", "mrn": "„Aktennummer“"}},
		{exitValidation, []string{"practice", "set", "--name", "Praxis", "--address", "Weg 1", "--email", "praxis@example.org", "--country", "DE", "--region", "XX"},
			map[string]string{"BY": "Bayern", "NW": "Nordrhein-Westfalen", "TH": "Thüringen"}},
	} {
		msg := mustFail(t, de, tc.code, tc.args...)
		for c, label := range tc.codes {
			pair := label + " (" + c + ")"
			rest := strings.ReplaceAll(msg, pair, "")
			if !strings.Contains(msg, pair) || regexp.MustCompile(`(^|[^\pL_-])`+c+`($|[^\pL_-])`).MatchString(rest) {
				t.Errorf("%s: want %q and no bare %q:\n%s", tc.args[1], pair, c, msg)
			}
		}
	}
	// The country whose retention schedule the practice follows is named
	// in German too, never by its English name.
	out := mustRun(t, de, "practice", "set", "--name", "Praxis", "--address", "Weg 1", "--email", "praxis@example.org", "--country", "CH")
	if !strings.Contains(out, "Schweiz") || strings.Contains(out, "Switzerland") {
		t.Errorf("practice set in German:\n%s", out)
	}
}
