package app

import (
	"custodia/consent"
	"custodia/i18n"
	"custodia/printdoc"
	"custodia/vault"
)

// PatientPerson is how documents and messages name the patient id
// refers to, for both front ends: family and given name and birth date
// where the role may read identities (the vault checks and audits the
// read), else, or once the patient is erased, a short reference
// ("Patientenreferenz 5d7713ab"), never the id. Read it before an erasure
// when the certificate is to name the person.
func (s *Session) PatientPerson(loc *i18n.Localizer, id string) (printdoc.Person, error) {
	p, err := s.person(id)
	if err != nil {
		return RefPerson(loc, id), err
	}
	if p.Family == "" && p.Given == "" {
		return RefPerson(loc, id), nil
	}
	p.Ref = RefPerson(loc, id).Ref
	return p, nil
}

// RefPerson stands for a patient whose name may not be shown (the role
// may not read identities, or the patient is gone): the short reference
// in loc's language.
func RefPerson(loc *i18n.Localizer, id string) printdoc.Person {
	return printdoc.Person{Ref: loc.T("requests.patientref", "Ref", ShortRef(id))}
}

// PersonOf is how a patient record the role has read is named.
func PersonOf(p vault.Patient) printdoc.Person {
	return printdoc.Person{Family: p.FamilyName, Given: p.GivenName, BirthDate: p.BirthDate}
}

// PersonText names a person in a sentence as screens do: "Family, Given
// (born date)", or the short reference.
func PersonText(loc *i18n.Localizer, p printdoc.Person) string {
	switch {
	case p.Family == "" && p.Given == "":
		return p.Ref
	case p.BirthDate.IsZero():
		return loc.T("dashboard.patientName", "Family", p.Family, "Given", p.Given)
	}
	return SubjectText(loc, "-", &Subject{Family: p.Family, Given: p.Given, BirthDate: p.BirthDate})
}

// PatientText is PersonText for the patient id refers to.
func (s *Session) PatientText(loc *i18n.Localizer, id string) (string, error) {
	p, err := s.PatientPerson(loc, id)
	return PersonText(loc, p), err
}

// BreachText names a breach for people by the day the practice became
// aware of it ("Datenpanne vom 05.12.2026"), never by its id.
func BreachText(loc *i18n.Localizer, b consent.Breach) string {
	return loc.T("cliuuid.breach", "Date", loc.Date(b.AwareAt))
}

// RequestText names a request for people by its type and the day it was
// received ("Löschung vom 02.12.2026"), never by its id.
func RequestText(loc *i18n.Localizer, r consent.Request) string {
	return loc.T("cliuuid.request", "Type", loc.Label("requestshort", string(r.Type), ""), "Date", loc.Date(r.ReceivedAt))
}
