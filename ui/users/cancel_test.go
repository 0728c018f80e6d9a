package users

import (
	"strings"
	"testing"
	"time"

	usecase "custodia/app"
	"custodia/ui/internal/uitest"
	"custodia/ui/kit"
	"custodia/vault"

	"fyne.io/fyne/v2/test"
)

// slowEnv is an Env over a real test vault whose slow work and delays the
// test holds: it acts while the key is being derived.
func slowEnv(t *testing.T) (*kit.Env, *vault.Vault, *vault.Session, *uitest.Timers, *uitest.HeldRunner) {
	t.Helper()
	v, s := vault.NewTestVault(t)
	env := uitest.Env(t, s)
	timers, held := &uitest.Timers{}, &uitest.HeldRunner{}
	env.After, env.Run = timers.After, held.Run
	return env, v, s, timers, held
}

// offersCancelAt2s asserts the button appears at kit.OfferCancelAfter,
// not a moment before.
func offersCancelAt2s(t *testing.T, timers *uitest.Timers, cancel *kit.CancelButton) {
	t.Helper()
	timers.Advance(kit.OfferCancelAfter - time.Millisecond)
	if cancel.Button.Visible() {
		t.Fatal("Cancel offered before 2 s")
	}
	timers.Advance(kit.OfferCancelAfter)
	if !cancel.Button.Visible() || cancel.Button.Disabled() {
		t.Fatal("no Cancel after 2 s")
	}
}

// TestCancelledAddUserAddsNobody: "Add user" shows progress, offers
// Cancel after 2 s, and a cancel while the key is derived leaves the
// vault's user list as it was; the form keeps the name to try again.
func TestCancelledAddUserAddsNobody(t *testing.T) {
	env, _, s, timers, held := slowEnv(t)
	u := NewView(env, s)
	uitest.Show(env, u.Content())
	env.Run = kit.SyncRunner // the first load runs at once
	u.Activate()
	env.Run = held.Run
	before, _ := usecase.ListUsers(s)
	test.Type(u.name, "maria")
	u.pass.Set("Tulip-Harbour-Violin-42", "Tulip-Harbour-Violin-42")
	test.Tap(u.add)
	timers.Advance(kit.ShowProgressAfter)
	if !u.bar.Visible() || !strings.Contains(u.status.Text, "maria") {
		t.Fatalf("no progress after 300 ms: bar %v, status %q", u.bar.Visible(), u.status.Text)
	}
	offersCancelAt2s(t, timers, u.addCancel)
	test.Tap(u.addCancel.Button)
	held.Finish()
	after, _ := usecase.ListUsers(s)
	if len(after) != len(before) || len(u.Users()) != len(before) {
		t.Fatalf("users %d → %d (shown %d) after a cancelled add", len(before), len(after), len(u.Users()))
	}
	if !strings.Contains(u.status.Text, "cancelled") || u.name.Text != "maria" || u.add.Disabled() || u.addCancel.Button.Visible() {
		t.Fatalf("after the cancel: status %q, name %q, add disabled %v", u.status.Text, u.name.Text, u.add.Disabled())
	}
	env.Run = kit.SyncRunner
	test.Tap(u.add)
	if after, _ := usecase.ListUsers(s); len(after) != len(before)+1 {
		t.Fatalf("adding again: %d users, want %d; status %q", len(after), len(before)+1, u.status.Text)
	}
}

// TestCancelledPassphraseChangeKeepsTheOldOne: the own passphrase change
// shows progress, offers Cancel after 2 s, and a cancelled change leaves
// the old passphrase working; the dialog comes back saying so.
func TestCancelledPassphraseChangeKeepsTheOldOne(t *testing.T) {
	env, v, s, timers, held := slowEnv(t)
	c := NewPassphraseChange(env, s)
	c.Show()
	test.Type(c.old, vault.TestAdminPassphrase)
	c.next.Set("Quiet-Lantern-Orchard-7", "Quiet-Lantern-Orchard-7")
	c.Submit()
	timers.Advance(kit.ShowProgressAfter)
	if c.Progress == nil || !held.Held() {
		t.Fatal("no progress while the change runs")
	}
	offersCancelAt2s(t, timers, c.Progress.Cancel)
	test.Tap(c.Progress.Cancel.Button)
	held.Finish()
	if c.Done || !strings.Contains(c.message.Text, "cancelled") {
		t.Fatalf("after the cancel: done %v, message %q", c.Done, c.message.Text)
	}
	old, err := v.Unlock(vault.TestAdminName, []byte(vault.TestAdminPassphrase))
	if err != nil {
		t.Fatalf("the old passphrase after a cancelled change: %v", err)
	}
	old.Lock()
	env.Run = kit.SyncRunner
	test.Type(c.old, vault.TestAdminPassphrase)
	c.Submit()
	if !c.Done {
		t.Fatalf("change not made: %q", c.message.Text)
	}
	if _, err := v.Unlock(vault.TestAdminName, []byte(vault.TestAdminPassphrase)); err == nil {
		t.Fatal("the old passphrase still works after the change")
	}
}

// TestEscCancelsThePassphraseChange: once Cancel is offered, Esc on the
// progress dialog (the shell's Esc closes the top dialog through
// kit.Dialogs) cancels like the button: the old passphrase still works.
func TestEscCancelsThePassphraseChange(t *testing.T) {
	env, v, s, timers, held := slowEnv(t)
	c := NewPassphraseChange(env, s)
	c.Show()
	test.Type(c.old, vault.TestAdminPassphrase)
	c.next.Set("Quiet-Lantern-Orchard-7", "Quiet-Lantern-Orchard-7")
	c.Submit()
	timers.Advance(kit.OfferCancelAfter)
	if !env.Dialogs.Dismiss(len(env.Win.Canvas().Overlays().List())) {
		t.Fatal("Esc does not reach the progress dialog")
	}
	held.Finish()
	if c.Done || !strings.Contains(c.message.Text, "cancelled") {
		t.Fatalf("after Esc: done %v, message %q", c.Done, c.message.Text)
	}
	old, err := v.Unlock(vault.TestAdminName, []byte(vault.TestAdminPassphrase))
	if err != nil {
		t.Fatalf("the old passphrase after Esc: %v", err)
	}
	old.Lock()
}
