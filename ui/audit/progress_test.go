package audit

import (
	"testing"
	"time"

	"custodia/i18n"
	"custodia/ui/internal/uitest"
	"custodia/ui/kit"
	"custodia/vault"

	"fyne.io/fyne/v2/test"
)

// drain finishes the held work and whatever work that starts.
func drain(h *uitest.HeldRunner) {
	for h.Held() {
		h.Finish()
	}
}

// slowScreen is the audit screen over a trail of n entries, loaded, with
// the delays and the work held from now on.
func slowScreen(t *testing.T, n int) (*View, *uitest.Session, *uitest.Timers, *uitest.HeldRunner) {
	t.Helper()
	s := uitest.NewSession(vault.User{ID: "u-admin", Name: "admin", Role: vault.RoleAdmin})
	for i := len(s.Audit); i < n; i++ {
		s.Audit = append(s.Audit, vault.AuditEntry{Seq: int64(i + 1), Action: "patient.read", Outcome: "ok"})
	}
	env := uitest.Env(t, s)
	v := NewView(env, s)
	uitest.Show(env, v.Content())
	v.Activate()
	timers, held := &uitest.Timers{}, &uitest.HeldRunner{}
	env.After, env.Run = timers.After, held.Run
	return v, s, timers, held
}

// "Latest entries" on a long trail: nothing before 300 ms, the indicator
// from 300 ms, Cancel from 2 s. Cancel stops the reading between pages,
// keeps the entries read and leaves the rest to load later; asked again,
// it reads to the end.
func TestAuditLatestShowsProgressAndCancels(t *testing.T) {
	const n = 2345
	v, _, timers, held := slowScreen(t, n)
	first := len(v.Entries())
	test.Tap(v.latest)
	timers.Advance(kit.ShowProgressAfter - time.Millisecond)
	if w, c := v.LatestBusy(); w || c {
		t.Fatal("progress shown before 300 ms")
	}
	timers.Advance(kit.ShowProgressAfter)
	if w, c := v.LatestBusy(); !w || c || v.count.Text != v.env.T("sweeproles.audit.readingall") {
		t.Fatalf("at 300 ms: indicator %v, Cancel %v, count %q", w, c, v.count.Text)
	}
	timers.Advance(kit.OfferCancelAfter)
	if _, c := v.LatestBusy(); !c {
		t.Fatal("no Cancel at 2 s")
	}
	test.Tap(v.stopLatest.Button)
	held.Finish()
	if w, c := v.LatestBusy(); w || c {
		t.Fatalf("after Cancel: indicator %v, Cancel %v", w, c)
	}
	if len(v.Entries()) != first || v.AllLoaded() || v.latest.Disabled() {
		t.Fatalf("after Cancel: %d entries (had %d), all loaded %v, button disabled %v", len(v.Entries()), first, v.AllLoaded(), v.latest.Disabled())
	}
	drain(held) // scrolling to the end may have asked for the next page
	test.Tap(v.latest)
	drain(held)
	if len(v.Entries()) != n || !v.AllLoaded() {
		t.Fatalf("asked again: %d entries of %d", len(v.Entries()), n)
	}
	for i, e := range v.Entries() {
		if e.Seq != int64(i+1) {
			t.Fatalf("entry %d has seq %d: gap or duplicate", i, e.Seq)
		}
	}
}

// Writing an anchor verifies the whole trail first: over 300 ms the
// screen says it is verifying, and the button waits for the anchor.
func TestAuditAnchorShowsProgress(t *testing.T) {
	v, _, timers, held := slowScreen(t, 40)
	test.Tap(v.anchor)
	if !v.anchor.Disabled() || v.AnchorBusy() {
		t.Fatal("want the button waiting and no progress yet")
	}
	timers.Advance(kit.ShowProgressAfter)
	if !v.AnchorBusy() || v.resultText() != v.env.T("audit.verifying") {
		t.Fatalf("at 300 ms: busy %v, result %q", v.AnchorBusy(), v.resultText())
	}
	held.Finish()
	if v.AnchorBusy() || v.anchor.Disabled() {
		t.Fatal("still busy after the anchor was made")
	}
}

// The outcome column speaks words: a successful action reads
// "succeeded"/"erfolgreich" as the others read "failed"/"fehlgeschlagen",
// not the stored code "ok".
func TestAuditOutcomeInWords(t *testing.T) {
	for _, lang := range []string{"en", "de"} {
		loc := i18n.MustLoad().Localizer(lang)
		if got := auditCell(loc, vault.AuditEntry{Outcome: "ok"}, 5, nil); got == "ok" || got == "" {
			t.Errorf("%s: a successful action shows %q", lang, got)
		}
	}
}

// A chain check still running after 2 s offers Cancel; Cancel puts the
// screen back at once and says the chain was not checked, and the check's
// late answer does not overwrite that. A quick check offers nothing.
func TestAuditVerifyOffersCancel(t *testing.T) {
	v, _, timers, held := slowScreen(t, 40)
	test.Tap(v.verify)
	held.Finish()
	timers.Advance(kit.OfferCancelAfter)
	if v.VerifyCancel() || v.Verifying() {
		t.Fatal("a finished check offers Cancel or still runs")
	}
	test.Tap(v.verify)
	timers.Advance(kit.OfferCancelAfter - time.Millisecond)
	if v.VerifyCancel() {
		t.Fatal("Cancel offered before 2 s")
	}
	timers.Advance(kit.OfferCancelAfter)
	if !v.VerifyCancel() {
		t.Fatal("no Cancel at 2 s")
	}
	test.Tap(v.stopVerify.Button)
	stopped := v.env.T("sweeproles.audit.verifystopped")
	if v.Verifying() || v.VerifyCancel() || v.resultText() != stopped {
		t.Fatalf("after Cancel: running %v, Cancel %v, result %q", v.Verifying(), v.VerifyCancel(), v.resultText())
	}
	held.Finish()
	if v.resultText() != stopped {
		t.Fatalf("the stopped check's answer replaced the verdict: %q", v.resultText())
	}
}
