package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var breachIDRE = regexp.MustCompile(` recorded; .*\(ID (\S+)\)`)

// TestBreachUnknownAndLetterWithoutSideEffects: numbers left out are
// "unknown", consequences are required, the authority's reference is kept
// and printed, and the Art. 34 letter asked for before the decision is
// refused without writing the authority file either.
func TestBreachUnknownAndLetterWithoutSideEffects(t *testing.T) {
	env := with(initVault(t), envNow, testNow)
	mustFail(t, env, exitUsage, "breach", "add", "--aware", "2026-06-14T10:00", "--nature", "confidentiality",
		"--description", "lost USB stick", "--measures", "passwords changed")
	mustFail(t, env, exitValidation, "breach", "add", "--aware", "2026-06-14T10:00", "--nature", "confidentiality",
		"--description", "lost USB stick", "--measures", "passwords changed", "--consequences", "unknown", "--subjects", "-3")
	out := mustRun(t, env, "breach", "add", "--aware", "2026-06-14T10:00", "--nature", "confidentiality",
		"--description", "lost USB stick", "--measures", "passwords changed", "--consequences", "unknown")
	m := breachIDRE.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("breach add: %s", out)
	}
	id := m[1]
	var list []breachJSON
	if err := json.Unmarshal([]byte(mustRun(t, env, "breach", "list", "--json")), &list); err != nil || len(list) != 1 {
		t.Fatalf("list: %v", err)
	}
	if list[0].SubjectsApprox.Known() || list[0].RecordsApprox.Known() {
		t.Errorf("numbers not given are known: %+v", list[0].Breach)
	}
	dir := t.TempDir()
	authority, letter := filepath.Join(dir, "authority.txt"), filepath.Join(dir, "letter.txt")
	msg := mustFail(t, env, exitValidation, "breach", "notice", id, "--controller", controllerFile(t), "--authority", authority, "--subjects", letter)
	if !strings.Contains(msg, "not recorded yet") || strings.Contains(msg, "invalid input") {
		t.Errorf("letter before the decision: %s", msg)
	}
	for _, f := range []string{authority, letter} {
		if _, err := os.Stat(f); !os.IsNotExist(err) {
			t.Errorf("%s written before the decision: %v", filepath.Base(f), err)
		}
	}
	mustRun(t, env, "breach", "notify", id, "--authority-at", "2026-06-15T09:00", "--reference", "LDA-2026-17")
	if out := mustRun(t, env, "breach", "list"); !strings.Contains(out, "LDA-2026-17") || !strings.Contains(out, "unknown") {
		t.Errorf("breach list:\n%s", out)
	}
	mustRun(t, env, "breach", "notice", id, "--controller", controllerFile(t), "--authority", authority)
	data, err := os.ReadFile(authority)
	if err != nil || !strings.Contains(string(data), "data subjects: unknown") || !strings.Contains(string(data), "LDA-2026-17") {
		t.Errorf("authority notice: %v\n%s", err, data)
	}
	// The reference survives a later update that does not repeat it.
	mustRun(t, env, "breach", "notify", id, "--subjects", "notify", "--decision-reason", "contact data may be misused")
	if out := mustRun(t, env, "breach", "list"); !strings.Contains(out, "LDA-2026-17") {
		t.Errorf("reference lost:\n%s", out)
	}
	mustRun(t, env, "breach", "notice", id, "--controller", controllerFile(t), "--subjects", letter)
	if _, err := os.Stat(letter); err != nil {
		t.Errorf("letter after the decision: %v", err)
	}
}
