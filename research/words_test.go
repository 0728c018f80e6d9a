package research

import (
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"custodia/i18n"
)

// englishTexts are the English catalogue's plain texts (no arguments) of
// the given id prefixes: what a German page must not show.
func englishTexts(t *testing.T, cat *i18n.Catalog, prefixes ...string) map[string]string {
	t.Helper()
	en, de := cat.Localizer("en"), cat.Localizer("de")
	out := map[string]string{}
	for _, id := range cat.IDs("en") {
		for _, p := range prefixes {
			e := en.T(id)
			if strings.HasPrefix(id, p) && !strings.Contains(e, "<no value>") && !strings.HasPrefix(e, "⟦") && !strings.Contains(de.T(id), e) && len(e) > 5 {
				out[id] = e
			}
		}
	}
	if len(out) < 20 {
		t.Fatalf("only %d English texts found", len(out))
	}
	return out
}

// A German package's report.html and codebook.html speak German: every
// re-check line is the shared wording (CheckText) in German, no check is
// named by the engine's English ("3-anonymity (patients)"), and none of
// the English catalogue's texts of the report appears.
func TestExportReportHTMLInGerman(t *testing.T) {
	cat := i18n.MustLoad()
	de, en := cat.Localizer("de"), cat.Localizer("en")
	english := englishTexts(t, cat, "research2.html.", "research2.cb.", "research.check.", "research.reason.", "research.metric.", "research.level.")
	for name, s := range map[string]*Study{"t-closeness": tclosenessStudy(), "encounters": encounterStudy()} {
		t.Run(name, func(t *testing.T) {
			pk := writeAndOpenIn(t, s, 7, testKey(3), "de")
			page := html.UnescapeString(string(pk.files[FileReportHTML]))
			if !strings.Contains(page, `<html lang="de">`) || strings.Contains(page, "⟦") {
				t.Errorf("report.html is not a complete German page")
			}
			checks := pk.open.Report.Verification.Checks
			if len(checks) < 2 {
				t.Fatalf("%d checks", len(checks))
			}
			for _, c := range checks {
				if !strings.Contains(page, CheckText(de, c)) {
					t.Errorf("report.html lacks the German re-check line %q", CheckText(de, c))
				}
				claimEN, _ := ClaimText(en, c)
				if strings.Contains(page, c.Name) || strings.Contains(page, claimEN) {
					t.Errorf("report.html names check %q in English", c.Name)
				}
			}
			for _, m := range pk.res.Deid.Models {
				if strings.Contains(page, m) {
					t.Errorf("report.html shows the engine's model name %q", m)
				}
			}
			codebook := html.UnescapeString(string(pk.files[FileCodebookHTML]))
			for id, e := range english {
				for file, text := range map[string]string{FileReportHTML: visible(page), FileCodebookHTML: visible(codebook)} {
					if strings.Contains(text, e) {
						t.Errorf("%s shows the English %s %q", file, id, e)
					}
				}
			}
		})
	}
}

var tags = regexp.MustCompile(`(?s)<style>.*?</style>|<[^>]*>|data:image/png;base64,[A-Za-z0-9+/=]*`)

// visible is a page's text without its markup and images.
func visible(page string) string { return tags.ReplaceAllString(page, " ") }

// Without a language the package stays English, as before.
func TestExportReportHTMLDefaultsToEnglish(t *testing.T) {
	pk := writeAndOpen(t, patientStudy(), 7, testKey(3))
	page := html.UnescapeString(string(pk.files[FileReportHTML]))
	en := i18n.MustLoad().Localizer("en")
	if !strings.Contains(page, `<html lang="en">`) || !strings.Contains(page, en.T("research2.html.recheck")) {
		t.Fatal("report.html without a language is not English")
	}
	for _, c := range pk.open.Report.Verification.Checks {
		if !strings.Contains(page, CheckText(en, c)) {
			t.Errorf("lacks %q", CheckText(en, c))
		}
	}
}

// The desktop (ui/research), the command line (cmd/custodiactl) and
// report.html word a check in one place: only words.go names the
// catalogue's check messages, and each front end calls CheckText.
func TestExportCheckWordingHasOnePlace(t *testing.T) {
	users := map[string]string{"report.html": "html.go", "desktop": "../ui/research", "command line": "../cmd/custodiactl"}
	for who, path := range users {
		calls := false
		walk(t, path, func(name, src string) {
			if strings.HasSuffix(name, "_test.go") {
				return
			}
			if strings.Contains(src, `"research.check.`) {
				t.Errorf("%s words checks itself (%s)", who, name)
			}
			calls = calls || strings.Contains(src, "CheckText(")
		})
		if !calls {
			t.Errorf("%s does not call research.CheckText", who)
		}
	}
}

func walk(t *testing.T, path string, f func(name, src string)) {
	t.Helper()
	err := filepath.Walk(path, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || !strings.HasSuffix(p, ".go") {
			return err
		}
		b, err := os.ReadFile(p)
		f(p, string(b))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
