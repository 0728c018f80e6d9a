package consents

import (
	"strings"
	"testing"

	"custodia/i18n"
	"custodia/vault"
)

// A German reader selecting a purpose reads its description in German:
// every shipped purpose's description has German words, and the English
// one is not shown. A description the practice wrote itself stays as
// written (i18n TestTranslateKeepsRenamedEntries covers Translate).
func TestPurposeDescriptionInReadersLanguage(t *testing.T) {
	f, p := newTestPanel(t, vault.RoleAdmin)
	f.env.Loc = i18n.MustLoad().Localizer("de")
	if len(p.Rows()) < 8 {
		t.Fatalf("%d purposes, want the shipped catalogue", len(p.Rows()))
	}
	for _, r := range p.Rows() {
		if !p.Select(r.Purpose.ID) {
			t.Fatalf("cannot select %s", r.Purpose.ID)
		}
		got := p.reason.Text
		if r.Purpose.Description == "" {
			continue
		}
		if strings.Contains(got, r.Purpose.Description) {
			t.Errorf("%s: German line shows the English description: %q", r.Purpose.ID, got)
		}
		want := f.env.Loc.T("labels.purposedesc." + r.Purpose.ID)
		if !strings.Contains(got, want) {
			t.Errorf("%s: line %q lacks the German description %q", r.Purpose.ID, got, want)
		}
	}
}
