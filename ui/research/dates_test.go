package research

import (
	"testing"

	"custodia/i18n"
)

// TestStudyDatesInTheReadersLanguage: the wizard's date fields take a day
// as the patient forms do (the language's way or ISO) and keep it as ISO;
// a stored ISO day shows the language's way; text that is no day stays as
// typed for the study's checks.
func TestStudyDatesInTheReadersLanguage(t *testing.T) {
	c := i18n.MustLoad()
	de, en := c.Localizer("de"), c.Localizer("en")
	for _, x := range []struct {
		loc         *i18n.Localizer
		typed, want string
	}{{de, "14.03.1985", "1985-03-14"}, {de, " 1985-03-14 ", "1985-03-14"}, {en, "14 Mar 1985", "1985-03-14"},
		{de, "31.02.1985", "31.02.1985"}, {en, "soon", "soon"}, {de, "", ""}} {
		if got := studyDate(x.loc, x.typed); got != x.want {
			t.Errorf("%s %q: kept %q, want %q", x.loc.Lang(), x.typed, got, x.want)
		}
	}
	for _, x := range []struct {
		loc       *i18n.Localizer
		iso, want string
	}{{de, "1985-03-14", "14.03.1985"}, {en, "1985-03-14", "14 Mar 1985"}, {de, "", ""}} {
		if got := shownDate(x.loc, x.iso); got != x.want {
			t.Errorf("%s %q: shown %q, want %q", x.loc.Lang(), x.iso, got, x.want)
		}
		if got := studyDate(x.loc, shownDate(x.loc, x.iso)); got != x.iso {
			t.Errorf("%s %q: round trip gives %q", x.loc.Lang(), x.iso, got)
		}
	}
}
