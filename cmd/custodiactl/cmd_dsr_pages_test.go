package main

import (
	"encoding/json"
	"html"
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
	files := openAgeTar(t, pkg, ident)
	page := string(files["access/index.html"])
	de := i18n.MustLoad().Localizer("de")
	for _, want := range []string{`<html lang="de">`, de.T("accesspdf.purposes"), de.Label("purpose", "recall", ""), "Synthetic Practice",
		html.EscapeString(de.T("accessterms.source.patient-or-representative")), html.EscapeString(de.T("accessterms.consentRecord"))} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	var rep consent.AccessReport
	if err := json.Unmarshal(files["access/report.json"], &rep); err != nil {
		t.Fatal(err)
	}
	english := append([]string{"Why we process your data", "Your rights"}, rep.Sources...)
	for _, ap := range rep.Purposes {
		english = append(english, ap.Retention...)
	}
	for _, en := range english {
		if strings.Contains(html.UnescapeString(page), en) {
			t.Errorf("German page says %q", en)
		}
	}
}
