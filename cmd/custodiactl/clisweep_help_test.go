package main

import (
	"strings"
	"testing"
)

// TestDateFlagsShowTheirFormat: in German --help, a flag that takes a
// date or time shows the format to type as its placeholder ("--birth
// JJJJ-MM-TT"), not the generic "Text".
func TestDateFlagsShowTheirFormat(t *testing.T) {
	checked := 0
	for _, cmd := range [][]string{{"patient", "add"}, {"patient", "edit"}, {"patient", "find"}, {"encounter", "add"},
		{"encounter", "edit"}, {"observation", "add"}, {"breach", "add"}} {
		out, errOut, _ := runCLI(t, nil, "", append([]string{"--lang", "de"}, append(cmd, "--help")...)...)
		lines := strings.Split(out+errOut, "\n")
		for i := 0; i+1 < len(lines); i++ {
			flagLine, usage := strings.TrimSpace(lines[i]), lines[i+1]
			if !strings.HasPrefix(flagLine, "--") || !strings.Contains(usage, "JJJJ-MM-TT") {
				continue
			}
			checked++
			if _, placeholder, _ := strings.Cut(flagLine, " "); !strings.HasPrefix(placeholder, "JJJJ-MM-TT") {
				t.Errorf("%s: %q takes a date but shows %q", strings.Join(cmd, " "), flagLine, placeholder)
			}
		}
	}
	if checked < 7 {
		t.Errorf("found %d date flags, want at least 7: the scan is broken", checked)
	}
}

// TestPatientEditBirthNotRequired: patient edit changes only the flags
// given, so its help does not call --birth required (add's does).
func TestPatientEditBirthNotRequired(t *testing.T) {
	for _, lang := range []string{"de", "en"} {
		required := map[string]string{"de": "(erforderlich)", "en": "(required)"}[lang]
		add, _, _ := runCLI(t, nil, "", "--lang", lang, "patient", "add", "--help")
		edit, _, _ := runCLI(t, nil, "", "--lang", lang, "patient", "edit", "--help")
		if birthUsage(add) == "" || !strings.Contains(birthUsage(add), required) {
			t.Fatalf("%s: patient add --birth: %q, want it required (the oracle)", lang, birthUsage(add))
		}
		if u := birthUsage(edit); u == "" || strings.Contains(u, required) {
			t.Errorf("%s: patient edit --birth: %q", lang, u)
		}
	}
}

// birthUsage is the description line under --birth in a help text.
func birthUsage(help string) string {
	lines := strings.Split(help, "\n")
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), "--birth ") && i+1 < len(lines) {
			return lines[i+1]
		}
	}
	return ""
}

// TestPatientGivenAsArgument: a patient id typed as an argument where the
// command takes --patient gets an error that says so, in German, without
// echoing what was typed (it might be a name).
func TestPatientGivenAsArgument(t *testing.T) {
	env := initVault(t)
	id := addPatient(t, env)
	for _, cmd := range [][]string{{"consent", "list"}, {"encounter", "list"}, {"observation", "list"}} {
		msg := mustFail(t, with(env, "LANG", "de_DE.UTF-8"), exitUsage, append(cmd, id)...)
		if !strings.Contains(msg, "--patient") || !strings.Contains(msg, "keine Argumente") || strings.Contains(msg, id) {
			t.Errorf("%s <id>: %s", strings.Join(cmd, " "), msg)
		}
	}
}
