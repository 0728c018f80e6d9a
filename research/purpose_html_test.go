package research

import (
	"html"
	"strings"
	"testing"

	"custodia/i18n"
)

// report.html names the study's purpose by its label in the package's
// language, never by its code; report.json keeps the code and adds the
// catalogue's name.
func TestReportNamesThePurpose(t *testing.T) {
	for _, lang := range i18n.Languages() {
		t.Run(lang, func(t *testing.T) {
			s := tclosenessStudy()
			pk := writeAndOpenIn(t, s, 7, testKey(3), lang)
			if pk.res.PurposeName == "" || pk.open.Report.Study.PurposeName != pk.res.PurposeName || pk.open.Report.Study.Purpose != s.Purpose {
				t.Fatalf("purpose name %q, report %+v", pk.res.PurposeName, pk.open.Report.Study)
			}
			page := visible(html.UnescapeString(string(pk.files[FileReportHTML])))
			label := i18n.MustLoad().Localizer(lang).Translate("purpose", s.Purpose, pk.res.PurposeName)
			if label == s.Purpose || !strings.Contains(page, label) {
				t.Errorf("report.html lacks the purpose label %q", label)
			}
			if strings.Contains(page, s.Purpose) {
				t.Errorf("report.html shows the purpose code %q", s.Purpose)
			}
		})
	}
}
