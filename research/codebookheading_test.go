package research

import (
	"html"
	"regexp"
	"strings"
	"testing"

	"custodia/i18n"
)

var h1 = regexp.MustCompile(`<h1>([^<]*)</h1>`)

// codebook.html's heading names the study by the name its author gave
// it, not by its id, in both languages (issue 10).
func TestCodebookHeadingNamesTheStudy(t *testing.T) {
	cat := i18n.MustLoad()
	p := makePagePair(t, encounterStudy)
	for lang, pk := range map[string]*packaged{"en": p.en, "de": p.de} {
		s := pk.res.Study
		if s.Name == "" || strings.Contains(s.Name, s.ID) {
			t.Fatalf("the test study's name %q does not differ from its id %q", s.Name, s.ID)
		}
		m := h1.FindStringSubmatch(string(pk.files[FileCodebookHTML]))
		if m == nil {
			t.Fatalf("%s codebook.html has no heading", lang)
		}
		got := html.UnescapeString(m[1])
		want := cat.Localizer(lang).T("research2.cb.heading", "Study", s.Name, "Version", s.Version)
		if got != want || strings.Contains(got, s.ID) {
			t.Errorf("%s codebook heading %q, want %q", lang, got, want)
		}
	}
}

// A codebook without a study name is headed by the study's id.
func TestCodebookHeadingFallsBackToID(t *testing.T) {
	loc := i18n.MustLoad().Localizer("de")
	page, err := renderCodebook(loc, "", &Codebook{Study: "studie-ohne-namen", Version: 2})
	if err != nil {
		t.Fatal(err)
	}
	if want := loc.T("research2.cb.heading", "Study", "studie-ohne-namen", "Version", 2); !strings.Contains(string(page), "<h1>"+want+"</h1>") {
		t.Errorf("heading without a name: want %q in\n%s", want, page)
	}
}
