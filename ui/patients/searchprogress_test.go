package patients

import (
	"testing"
	"time"

	"custodia/ui/kit"
	"custodia/vault"
)

// heldRunner is a kit.Env.Run that holds the work until finish.
type heldRunner struct{ work, done func() }

func (h *heldRunner) run(work, done func()) { h.work, h.done = work, done }

func (h *heldRunner) finish() { h.work(); h.done() }

// A search that takes over 300 ms says so beside the field and in the
// count line; nothing shows before, and the indicator goes with the
// answer, which then shows as usual.
func TestSlowSearchShowsProgress(t *testing.T) {
	f, v := unlockedPatients(t, 30, vault.RoleAdmin)
	held := &heldRunner{}
	f.env.Run = held.run
	v.search.SetText("T-000007")
	v.searchNow()
	before := v.count.Text
	f.timers.advance(kit.ShowProgressAfter - time.Millisecond)
	if v.SearchBusy() || v.count.Text != before {
		t.Fatal("progress shown before 300 ms")
	}
	f.timers.advance(kit.ShowProgressAfter)
	if !v.SearchBusy() || v.count.Text != f.env.T("sweeproles.patients.searching") {
		t.Fatalf("at 300 ms: indicator %v, count %q", v.SearchBusy(), v.count.Text)
	}
	held.finish()
	if v.SearchBusy() || v.length() != 1 || v.count.Text != "1 match" {
		t.Fatalf("after the answer: indicator %v, %d rows, count %q", v.SearchBusy(), v.length(), v.count.Text)
	}
}
