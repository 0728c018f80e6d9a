package main

import "custodia/i18n"

// patientText names the patient id refers to in a message for people,
// as the desktop does (app.Session.PatientText): family, given and birth
// date where the role may read identities, else the short reference.
// The command's work is done by then, so a failed read (the vault audits
// it) leaves the short reference rather than failing the command.
func (u unlocked) patientText(loc *i18n.Localizer, id string) string {
	s, _ := u.uc.PatientText(loc, id)
	return s
}
