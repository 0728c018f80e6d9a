package main

import (
	"flag"

	"custodia/app"
	"custodia/vault"
)

// patientEdit is "custodiactl patient edit": the fields given as flags
// change, every other field stays as stored.
func patientEdit() *command {
	c := newCommand("edit", "[flags] ID", "cli3.cmd.patient.edit")
	c.help = "cli3.help.patient.edit"
	pf := addPatientFlags(c.flags)
	// an edit changes only the fields given: --birth is not required here
	// (add's text says it is), so it reads as find's "birth date as YYYY-MM-DD"
	c.flags.Lookup("birth").Usage = "cli3.flag.patient.find.birth"
	return leaf[vault.Patient]{nargs: exactArgs(1), json: "cli3.flag.patient.add.json",
		do: func(_ *runContext, u unlocked, args []string) (vault.Patient, error) {
			rec, err := app.ShowPatient(u.s, args[0])
			if err != nil {
				return rec.Patient, err
			}
			p, err := pf.apply(c.flags, rec.Patient)
			if err != nil {
				return p, err
			}
			p, err = app.EditPatient(u.s, p)
			return p, flagValidationError(err)
		},
		show: func(ctx *runContext, _ unlocked, p vault.Patient) error {
			return ctx.say("cliuuid.patient.changed", "Patient", app.PersonText(ctx.words(), app.PersonOf(p)), "Version", p.Version)
		},
		asJSON: func(_ unlocked, p vault.Patient) any { return toPatientJSON(p) },
	}.build(c)
}

// apply sets the fields whose flags were given on the command line.
func (pf *patientFlags) apply(fs *flag.FlagSet, p vault.Patient) (vault.Patient, error) {
	fields := map[string]*string{
		"given": &p.GivenName, "family": &p.FamilyName, "sex": &p.Sex, "address": &p.Address,
		"postcode": &p.Postcode, "phone": &p.Phone, "email": &p.Email, "insurance": &p.InsuranceNumber,
		"mrn": &p.MRN, "diagnosis": &p.Diagnosis, "notes": &p.Notes,
	}
	values := map[string]string{
		"given": pf.given, "family": pf.family, "sex": pf.sex, "address": pf.address,
		"postcode": pf.postcode, "phone": pf.phone, "email": pf.email, "insurance": pf.insurance,
		"mrn": pf.mrn, "diagnosis": pf.diagnosis, "notes": pf.notes,
	}
	var err error
	fs.Visit(func(f *flag.Flag) {
		if dst, ok := fields[f.Name]; ok {
			*dst = values[f.Name]
		}
		if f.Name == "birth" && err == nil {
			p.BirthDate, err = parseDate("--birth", pf.birth)
		}
	})
	return p, err
}
