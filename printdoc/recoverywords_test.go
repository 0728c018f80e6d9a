package printdoc

import (
	"bytes"
	"strings"
	"testing"

	"custodia/i18n"
)

// TestRecoveryStepsQuoteTheScreens: the sheet's "when you need it" steps
// name the start screen's card and buttons and the unlock screen's
// recovery button in the words those screens show, in English and German
// (the German sheet once said „Stattdessen den Wiederherstellungscode
// verwenden“ for a button reading „Wiederherstellungscode verwenden“).
func TestRecoveryStepsQuoteTheScreens(t *testing.T) {
	cat := i18n.MustLoad()
	quotes := map[string][2]string{"en": {`"`, `"`}, "de": {"„", "“"}}
	for _, lang := range []string{"en", "de"} {
		loc, q := cat.Localizer(lang), quotes[lang]
		var buf bytes.Buffer
		if err := RecoverySheet(&buf, Recovery{VaultName: "praxis.vault", Admin: "admin", Code: recoveryCode, Created: now, Loc: loc}); err != nil {
			t.Fatal(err)
		}
		text := strings.Join(strings.Fields(pdfText(t, buf.Bytes())), " ")
		for _, id := range []string{"start.opencard.title", "start.browse", "start.open", "unlock.userecovery"} {
			if w := q[0] + loc.T(id) + q[1]; !strings.Contains(text, w) {
				t.Errorf("%s: the sheet does not quote %s %q", lang, id, w)
			}
		}
		if strings.Contains(text, "{{") {
			t.Errorf("%s: a placeholder is left: %q", lang, text)
		}
	}
}
