package app_test

import (
	"context"
	"errors"
	"testing"

	"custodia/app"
	"custodia/vault"
)

// TestCancelledUserWork: on a vault session adding a user and changing a
// passphrase can be cancelled; a cancelled context leaves the user list
// and the passphrase as they were, and the same calls then succeed.
func TestCancelledUserWork(t *testing.T) {
	v, s := vault.NewTestVault(t)
	if !app.CanCancelKeyWork(s) || !app.CanCancelKeyWork(app.FromVault(s)) {
		t.Fatal("a vault session's key work is not cancellable")
	}
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	pass := []byte("desk-passphrase-long")
	if _, err := app.AddUserContext(gone, s, "desk", vault.RoleFrontDesk, pass); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled add: %v", err)
	}
	if us, _ := app.ListUsers(s); len(us) != 1 {
		t.Fatalf("%d users after a cancelled add, want 1", len(us))
	}
	if err := app.ChangePassphraseContext(gone, s, []byte(vault.TestAdminPassphrase), pass); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled change: %v", err)
	}
	if _, err := openAs(t, v, vault.TestAdminName, vault.TestAdminPassphrase); err != nil {
		t.Fatalf("old passphrase after a cancelled change: %v", err)
	}
	if _, err := app.AddUserContext(context.Background(), s, "desk", vault.RoleFrontDesk, pass); err != nil {
		t.Fatal(err)
	}
	if _, err := app.AddUserContext(context.Background(), s, "desk", vault.RoleFrontDesk, pass); !errors.Is(err, app.ErrUserExists) {
		t.Fatalf("the same name again: %v, want app.ErrUserExists", err)
	}
	if err := app.ChangePassphraseContext(context.Background(), s, []byte(vault.TestAdminPassphrase), pass); err != nil {
		t.Fatal(err)
	}
	if _, err := openAs(t, v, vault.TestAdminName, string(pass)); err != nil {
		t.Fatalf("new passphrase: %v", err)
	}
}
