package app_test

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"

	"custodia/app"
	"custodia/assets"
	"custodia/consent"
	"custodia/vault"
)

// olderVault makes a vault seeded by an older release: the shipped
// catalogue, but without the shipped text missing, and with changed
// stored under changed's purpose, language and version in another
// wording. It has a front-desk user besides the administrator.
func olderVault(t *testing.T, missing, changed consent.TextRef) *vault.Vault {
	t.Helper()
	weak := vault.WeakKDFParams()
	opts := vault.Options{KDF: &weak}
	path := filepath.Join(t.TempDir(), "older.vault")
	if _, err := vault.Create(path, "admin", []byte("admin-passphrase"), opts); err != nil {
		t.Fatal(err)
	}
	v, err := vault.Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	raw, err := v.Unlock("admin", []byte("admin-passphrase"))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Lock()
	if _, err := raw.AddUser("desk", vault.RoleFrontDesk, []byte("desk-passphrase-1")); err != nil {
		t.Fatal(err)
	}
	purposes, err := consent.LoadPurposes(bytes.NewReader(assets.PurposesJSON()))
	if err != nil {
		t.Fatal(err)
	}
	var texts []consent.Text
	for _, tx := range shippedTexts(t) {
		switch consent.RefOf(tx) {
		case missing:
			continue
		case changed:
			tx = consent.NewText(tx.PurposeID, tx.Language, tx.Version, tx.Body+"\n(wording of an older release)", tx.Material, tx.EffectiveFrom)
		}
		texts = append(texts, tx)
	}
	if err := consent.Seed(context.Background(), app.FromVault(raw).Consent(), purposes, texts, nil); err != nil {
		t.Fatal(err)
	}
	return v
}

func shippedTexts(t *testing.T) []consent.Text {
	t.Helper()
	texts, err := consent.LoadTexts(assets.ConsentTexts())
	if err != nil {
		t.Fatal(err)
	}
	return texts
}

// textAdds counts the audit entries of texts added to the vault.
func textAdds(t *testing.T, vs app.VaultSession) []string {
	t.Helper()
	entries, err := vs.AuditEntries(0, 10000)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if e.Action == "text.put" && e.Detail == "added" {
			out = append(out, e.Object)
		}
	}
	return out
}

// An older vault lacking a shipped text gains it once, on the first
// unlock by the administrator (audited); a second run adds nothing; a
// stored text with the same version but another wording is reported and
// stays as stored; a front-desk unlock adds nothing and may not add.
func TestUnlockAddsShippedTextsOnce(t *testing.T) {
	texts := shippedTexts(t)
	missing, changed := consent.RefOf(texts[1]), consent.RefOf(texts[2])
	v := olderVault(t, missing, changed)

	desk, dvs, err := app.Unlock(context.Background(), v, "desk", []byte("desk-passphrase-1"), app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := desk.TextsAdded(); got.Changed() {
		t.Errorf("the front desk's unlock added texts: %+v", got)
	}
	if _, err := desk.AddShippedTexts(); !errors.Is(err, consent.ErrPermission) {
		t.Errorf("front desk adds texts: %v, want a permission error", err)
	}
	if _, err := dvs.ConsentStore().GetText(context.Background(), missing.PurposeID, missing.Language, missing.Version); !errors.Is(err, consent.ErrNotFound) {
		t.Fatalf("the text is there before the administrator's unlock: %v", err)
	}
	dvs.Lock()

	admin, avs, err := app.Unlock(context.Background(), v, "admin", []byte("admin-passphrase"), app.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer avs.Lock()
	got := admin.TextsAdded()
	if !slices.Equal(got.Added, []consent.TextRef{missing}) || !slices.Equal(got.Differ, []consent.TextRef{changed}) {
		t.Fatalf("first unlock: added %v, differ %v; want %v and %v", got.Added, got.Differ, missing, changed)
	}
	stored, err := avs.ConsentStore().GetText(context.Background(), missing.PurposeID, missing.Language, missing.Version)
	if err != nil || stored.SHA256 != texts[1].SHA256 {
		t.Fatalf("added text: %v, hash %s", err, stored.SHA256)
	}
	kept, err := avs.ConsentStore().GetText(context.Background(), changed.PurposeID, changed.Language, changed.Version)
	if err != nil || kept.SHA256 == texts[2].SHA256 || kept.Body != texts[2].Body+"\n(wording of an older release)" {
		t.Fatalf("the stored text of another wording was changed: %v", err)
	}
	if adds := textAdds(t, avs); len(adds) != 1 {
		t.Errorf("audited additions: %v, want one", adds)
	}

	again, err := admin.AddShippedTexts()
	if err != nil || again.Changed() || !slices.Equal(again.Differ, []consent.TextRef{changed}) {
		t.Fatalf("second run: %+v, %v; want nothing added and the difference still reported", again, err)
	}
	// The store itself never replaces: handed every shipped text, it
	// adds none and reports the other wording.
	direct, err := avs.ConsentStore().AddTexts(context.Background(), texts)
	if err != nil || direct.Changed() || !slices.Equal(direct.Differ, []consent.TextRef{changed}) {
		t.Fatalf("store handed every shipped text: %+v, %v", direct, err)
	}
	if kept2, _ := avs.ConsentStore().GetText(context.Background(), changed.PurposeID, changed.Language, changed.Version); kept2.SHA256 != kept.SHA256 {
		t.Fatal("the store replaced a stored text")
	}
	if adds := textAdds(t, avs); len(adds) != 1 {
		t.Errorf("audited additions after the second run: %v, want still one", adds)
	}
}

// A freshly created vault has every shipped text: its unlock adds none.
func TestNewVaultNeedsNoTexts(t *testing.T) {
	_, s, _ := newVault(t)
	if got := s.TextsAdded(); got.Changed() || len(got.Differ) > 0 {
		t.Errorf("new vault: %+v", got)
	}
}
