package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"custodia/consent"
)

// The catalogue areas whose messages the leaves print for people. The
// labels of codes ("labels") count only as whole cells: their words also
// stand in texts the practice stored (legal sources, recipient names).
var leafAreas = []string{"cli2", "cli4", "export", "dashboard", "domaintext"}

// catalogue reads the shipped messages of the leaf areas in one language
// (plural messages are left out: they hold their own forms).
func catalogue(t *testing.T, lang string, more ...string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, area := range append(slices.Clone(leafAreas), more...) {
		data, err := os.ReadFile(filepath.Join("..", "..", "i18n", "locales", area+"."+lang+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var raw map[string]any
		if err := json.Unmarshal(data, &raw); err != nil {
			t.Fatal(err)
		}
		for id, v := range raw {
			if s, ok := v.(string); ok {
				out[id] = s
			}
		}
	}
	return out
}

var placeholderRE = regexp.MustCompile(`\{\{[^}]*\}\}`)

// englishFragments is the oracle for "no English left": the literal runs
// of every English message (between its placeholders) that are long
// enough to be words rather than punctuation, and that the German side of
// no message contains (a flag name such as "--patient" is the same in
// both).
func englishFragments(t *testing.T) []string {
	en, de := catalogue(t, "en"), catalogue(t, "de")
	var german strings.Builder
	for _, s := range de {
		german.WriteString(s + "\n")
	}
	seen := map[string]bool{}
	var out []string
	for id, s := range en {
		if de[id] == s {
			continue
		}
		for _, f := range placeholderRE.Split(s, -1) {
			f = strings.TrimSpace(f)
			if len(f) < 10 || seen[f] || strings.Contains(german.String(), f) {
				continue
			}
			seen[f] = true
			out = append(out, f)
		}
	}
	return out
}

// labelCells maps the English text of every whole-cell message (a column
// header, a field label, yes/no, a clock) to its German texts (one
// English word may stand for several messages: "Received" is a state and
// a step).
func labelCells(t *testing.T) map[string][]string {
	en, de := catalogue(t, "en", "labels"), catalogue(t, "de", "labels")
	out := map[string][]string{}
	for id, s := range en {
		if de[id] == s || strings.Contains(s, "{{") {
			continue
		}
		out[s] = append(out[s], de[id])
	}
	return out
}

var cellSepRE = regexp.MustCompile(`\s{2,}`)

func cells(line string) []string { return cellSepRE.Split(strings.TrimSpace(line), -1) }

// checkGerman compares one leaf's English and German output: no English
// fragment in the German, and every cell that is a catalogue label in the
// English stands at the same place in its German form. It returns the
// number of label cells and fragments the English had (the oracle is not
// vacuous).
func checkGerman(t *testing.T, name, en, de string, frags []string, labels map[string][]string) (int, int) {
	t.Helper()
	nFrag := 0
	for _, f := range frags {
		if strings.Contains(en, f) {
			nFrag++
		}
		if strings.Contains(de, f) {
			t.Errorf("%s: English %q in the German output:\n%s", name, f, de)
		}
	}
	enLines, deLines := strings.Split(en, "\n"), strings.Split(de, "\n")
	if len(enLines) != len(deLines) {
		t.Errorf("%s: %d lines in English, %d in German:\n%s\n%s", name, len(enLines), len(deLines), en, de)
		return 0, nFrag
	}
	nCell := 0
	for i := range enLines {
		ec, dc := cells(enLines[i]), cells(deLines[i])
		for j, c := range ec {
			want, ok := labels[c]
			if !ok {
				continue
			}
			nCell++
			if j >= len(dc) || !slices.Contains(want, dc[j]) {
				t.Errorf("%s line %d: cell %d is %q, want the German %q\nen: %s\nde: %s", name, i+1, j+1, at(dc, j), want, enLines[i], deLines[i])
			}
		}
	}
	return nCell, nFrag
}

func at(s []string, i int) string {
	if i < len(s) {
		return s[i]
	}
	return ""
}

// langVault builds a small vault by running the leaves that record things
// in lang, and returns it with what those leaves printed.
func langVault(t *testing.T, lang string) (map[string]string, string, []string) {
	t.Helper()
	env, id := gdprVault(t)
	var outs []string
	run := func(args ...string) string {
		out := mustRun(t, env, append([]string{"--lang", lang}, args...)...)
		outs = append(outs, strings.Join(args[:2], " ")+": "+out)
		return out
	}
	run("practice", "set", "--name", "Praxis Qwertz", "--address", "Zyxweg 1", "--country", "DE", "--region", "be", "--email", "info@qwertz.example")
	run("consent", "grant", "--patient", id, "--purpose", "recall", "--method", "paper", "--valid-until", "2026-07-01")
	run("consent", "grant", "--patient", id, "--purpose", "research:registry", "--method", "paper")
	run("consent", "withdraw", "--patient", id, "--purpose", "research:registry")
	run("dsr", "open", "--patient", id, "--type", "access", "--channel", "letter", "--received", "2026-06-14")
	run("dsr", "open", "--patient", id, "--type", "objection", "--channel", "email", "--received", "2026-04-01", "--purpose", "recall")
	var reqs []requestJSON
	if err := json.Unmarshal([]byte(mustRun(t, env, "dsr", "list", "--json")), &reqs); err != nil || len(reqs) != 2 {
		t.Fatalf("requests: %v %d", err, len(reqs))
	}
	access := reqs[0].ID
	if reqs[0].Type != consent.ReqAccess {
		access = reqs[1].ID
	}
	run("dsr", "verify", access, "--method", consent.VerifyIDDocument)
	run("dsr", "extend", access, "--months", "1", "--reason", "many records", "--told-via", "email")
	run("breach", "add", "--aware", "2026-06-14T09:00", "--nature", "confidentiality", "--description", "laptop lost",
		"--consequences", "unknown", "--measures", "remote wipe")
	run("breach", "add", "--aware", "2026-06-15T08:00", "--nature", "availability", "--description", "server down",
		"--consequences", "unknown", "--measures", "restore")
	var bs []breachJSON
	if err := json.Unmarshal([]byte(mustRun(t, env, "breach", "list", "--json")), &bs); err != nil || len(bs) != 2 {
		t.Fatalf("breaches: %v %d", err, len(bs))
	}
	run("breach", "notify", bs[0].ID, "--authority-at", "2026-06-15T09:00", "--reference", "AZ-1")
	run("retention", "rules", "set", "own-billing", "--category", "billing", "--years", "12", "--months", "6", "--from", "closed",
		"--year-end", "--source", "synthetic: insurer contract", "--on-expiry", "erase")
	run("retention", "rules", "delete", "own-billing")
	return env, id, outs
}

// readLeaves are the leaves that print a table or text and change
// nothing, with their arguments on langVault's vault.
func readLeaves(id string, env map[string]string, t *testing.T) [][]string {
	var reqs []requestJSON
	if err := json.Unmarshal([]byte(mustRun(t, env, "dsr", "list", "--json")), &reqs); err != nil || len(reqs) == 0 {
		t.Fatalf("requests: %v", err)
	}
	return [][]string{
		{"consent", "list", "--patient", id},
		{"consent", "history", "--patient", id},
		{"consent", "due", "--within", "30d"},
		{"dsr", "list"},
		{"dsr", "show", reqs[0].ID},
		{"dsr", "show", reqs[1].ID},
		{"dsr", "overdue"},
		{"breach", "list"},
		{"retention", "due"},
		{"retention", "rules", "list"},
		{"ropa"},
		{"practice", "show"},
		{"dashboard"},
		{"export", "history"},
		{"export", "study", "list"},
	}
}

// TestLeavesSpeakGerman runs every leaf that records something and every
// leaf that prints a table or text with --lang de, and checks the output
// against the catalogue: no English message text, and every header,
// field label and label cell in its German form where the English run
// has the English one.
func TestLeavesSpeakGerman(t *testing.T) {
	frags, labels := englishFragments(t), labelCells(t)
	enEnv, _, enWrites := langVault(t, "en")
	_, _, deWrites := langVault(t, "de")
	hits := 0
	for i := range deWrites {
		_, n := checkGerman(t, strings.SplitN(deWrites[i], ":", 2)[0], enWrites[i], deWrites[i], frags, nil)
		if n == 0 {
			t.Logf("no catalogue text in %s", enWrites[i])
		}
		hits += n
	}
	if hits < len(enWrites)/2 {
		t.Errorf("the oracle found English in only %d of %d English confirmations", hits, len(enWrites))
	}
	var reqs []requestJSON
	json.Unmarshal([]byte(mustRun(t, enEnv, "dsr", "list", "--json")), &reqs)
	id := reqs[0].SubjectID
	for _, args := range readLeaves(id, enEnv, t) {
		name := strings.Join(args[:min(2, len(args))], " ")
		en := mustRun(t, enEnv, append([]string{"--lang", "en"}, args...)...)
		de := mustRun(t, enEnv, append([]string{"--lang", "de"}, args...)...)
		if name == "ropa" {
			// The ROPA's own activities (staff accounts, requests,
			// breaches) are worded in package consent, in English only.
			en, de = dropRows(en, ropaOwn...), dropRows(de, ropaOwn...)
		}
		nCell, nFrag := checkGerman(t, name, en, de, frags, labels)
		if nCell == 0 && nFrag == 0 {
			t.Errorf("%s: nothing of the catalogue in the English output:\n%s", name, en)
		}
	}
}

// TestLeavesJSONSameInEveryLanguage: --json is for machines; its bytes do
// not change with the language.
func TestLeavesJSONSameInEveryLanguage(t *testing.T) {
	env, id, _ := langVault(t, "en")
	for _, args := range readLeaves(id, env, t) {
		args = append(args, "--json")
		en := mustRun(t, env, append([]string{"--lang", "en"}, args...)...)
		de := mustRun(t, env, append([]string{"--lang", "de"}, args...)...)
		if en != de {
			t.Errorf("%s: --json differs between en and de:\n%s\n%s", strings.Join(args, " "), en, de)
		}
		if !json.Valid([]byte(en)) {
			t.Errorf("%s: not JSON:\n%s", strings.Join(args, " "), en)
		}
	}
}

// ropaOwn are the ROPA's own activities, whose texts package consent
// words in English only (reported as left to do).
var ropaOwn = []string{consent.ActivityStaff, consent.ActivityRequests, consent.ActivityBreaches}

// dropRows leaves out the table rows whose first cell is one of ids.
func dropRows(out string, ids ...string) string {
	var keep []string
	for _, line := range strings.Split(out, "\n") {
		if !slices.Contains(ids, cells(line)[0]) {
			keep = append(keep, line)
		}
	}
	return strings.Join(keep, "\n")
}
