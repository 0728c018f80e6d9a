package main

import (
	"encoding/json"
	"html"
	"path/filepath"
	"regexp"
	"slices"
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
	mustRun(t, env, "encounter", "add", "--patient", id, "--date", "2025-01-14", "--kind", "home visit", "--diagnosis", "I10")
	mustRun(t, env, "observation", "add", "--patient", id, "--date", "2025-01-14", "--loinc", "8480-6", "--value", "128", "--unit", "mm[Hg]")
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
	recordSectionsInGerman(t, de, page, files["access/report.json"])
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

var pageCell = regexp.MustCompile(`(?s)<(?:h3|th|td)>(.*?)</(?:h3|th|td)>`)

// recordSectionsInGerman: the German page names the record sections and
// their fields in German (as the patient form does), and no cell of it is
// one of the English words the vault stored in report.json.
func recordSectionsInGerman(t *testing.T, de *i18n.Localizer, page string, reportJSON []byte) {
	t.Helper()
	var report consent.AccessReport
	if err := json.Unmarshal(reportJSON, &report); err != nil {
		t.Fatal(err)
	}
	var english []string
	for _, s := range report.Sections {
		english = append(english, s.Title)
		for _, r := range s.Rows {
			english = append(english, r[0])
		}
	}
	if !slices.Contains(english, "Given name") || !slices.Contains(english, "Observations") {
		t.Fatalf("report.json lacks the vault's English words: %q", english)
	}
	var cells []string
	for _, m := range pageCell.FindAllStringSubmatch(page, -1) {
		cells = append(cells, html.UnescapeString(m[1]))
		if slices.Contains(english, cells[len(cells)-1]) {
			t.Errorf("German page shows the English %q", cells[len(cells)-1])
		}
	}
	for _, want := range []string{de.T("accesssec.section.identity"), de.T("labels.field.GivenName"), de.T("labels.field.MRN"),
		de.T("patients.clinical.observations"), "14.01.2025 " + de.Label("encounter", "home-visit", ""), "128 mmHg"} {
		if !slices.ContainsFunc(cells, func(c string) bool { return strings.Contains(c, want) }) {
			t.Errorf("German page lacks %q", want)
		}
	}
}
