package main

import (
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"

	"custodia/consent"
	"custodia/i18n"
)

// dsr complete --lang de words the package's page in German.
func TestDSRAccessPackagePageInGerman(t *testing.T) {
	env, id := gdprVault(t)
	grant(t, env, "--patient", id, "--purpose", "recall", "--method", "paper")
	rid := openRequest(t, env, id, "access", "2026-06-10", "--channel", "email")
	mustRun(t, env, "dsr", "verify", rid, "--method", consent.VerifyIDDocument)
	ident, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	pkg := filepath.Join(t.TempDir(), "package.age")
	mustRun(t, env, "dsr", "complete", rid, "--out", pkg, "--recipient", ident.Recipient().String(), "--controller", controllerFile(t), "--lang", "de")
	page := string(openAgeTar(t, pkg, ident)["access/index.html"])
	de := i18n.MustLoad().Localizer("de")
	for _, want := range []string{`<html lang="de">`, de.T("accesspdf.purposes"), de.Label("purpose", "recall", ""), "Synthetic Practice"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, en := range []string{"Why we process your data", "Your rights"} {
		if strings.Contains(page, en) {
			t.Errorf("German page says %q", en)
		}
	}
}
