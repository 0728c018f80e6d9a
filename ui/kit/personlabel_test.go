package kit

import (
	"testing"
	"time"

	"custodia/i18n"
	"custodia/printdoc"
)

// On screen a person reads "Family, Given (born …)", as in the patient
// list and the request queue; a reference stays a reference.
func TestPersonLabelNamesFamilyCommaGiven(t *testing.T) {
	de := i18n.MustLoad().Localizer("de")
	p := printdoc.Person{Family: "Weiß", Given: "Jürgen", BirthDate: time.Date(1958, 6, 20, 0, 0, 0, 0, time.UTC)}
	if got, want := PersonLabel(de, p), de.T("requests.person", "Name", "Weiß, Jürgen", "Born", de.Date(p.BirthDate)); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	ref := RefPerson(de, "0b6c2a9e-1111-4222-8333-944455556666")
	if got := PersonLabel(de, ref); got != ref.Ref {
		t.Errorf("reference became %q, want %q", got, ref.Ref)
	}
}
