package app

import (
	"strings"
	"testing"

	"custodia/i18n"
)

// A field named "entry" (a FHIR bundle's entries) reads as a label, not as
// the list-entry template with its values missing; "categories[2]" still
// reads as the third entry of a labelled list.
func TestEntryFieldReadsAsALabel(t *testing.T) {
	cat := i18n.MustLoad()
	for _, lang := range []string{"de", "en"} {
		loc := cat.Localizer(lang)
		if got := FieldLabel(loc, "entry"); got == "" || strings.Contains(got, "<no value>") || got == "entry" {
			t.Errorf("%s: field entry reads %q", lang, got)
		}
		if got := FieldLabel(loc, "categories[2]"); !strings.Contains(got, "3") {
			t.Errorf("%s: categories[2] reads %q", lang, got)
		}
	}
}
