package main

import (
	"encoding/json"
	"testing"
)

// "audit list" is one recorded read of the trail, whatever its --limit
// (over the vault's 10,000 a page too): the next listing holds exactly one
// "audit.read" entry more, the previous listing's (issue 10).
func TestAuditListIsOneRecordedRead(t *testing.T) {
	env := initVault(t)
	list := func(limit string) []auditJSON {
		t.Helper()
		var es []auditJSON
		if err := json.Unmarshal([]byte(mustRun(t, env, "audit", "list", "--json", "--limit", limit)), &es); err != nil {
			t.Fatal(err)
		}
		return es
	}
	reads := func(es []auditJSON) int {
		n := 0
		for _, e := range es {
			if e.Action == "audit.read" {
				n++
			}
		}
		return n
	}
	first := list("2")
	if len(first) != 2 {
		t.Fatalf("--limit 2 listed %d entries", len(first))
	}
	before := reads(list("20000"))
	if after := reads(list("20000")); after != before+1 {
		t.Errorf("a listing of --limit 20000 recorded %d reads, want 1", after-before)
	}
}
