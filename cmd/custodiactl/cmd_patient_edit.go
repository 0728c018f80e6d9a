package main

import (
	"flag"
	"fmt"

	"custodia/app"
	"custodia/vault"
)

// patientEdit is "custodiactl patient edit": the fields given as flags
// change, every other field stays as stored.
func patientEdit() *command {
	c := newCommand("edit", "[flags] ID", "cli3.cmd.patient.edit")
	c.help = "cli3.help.patient.edit"
	vf := addVaultFlags(c.flags)
	pf := addPatientFlags(c.flags)
	asJSON := c.flags.Bool("json", false, "cli3.flag.patient.add.json")
	c.nargs = exactArgs(1)
	c.run = func(ctx *runContext, args []string) error {
		s, closeFn, err := ctx.openSession(vf)
		if err != nil {
			return err
		}
		defer closeFn()
		rec, err := app.ShowPatient(s, args[0])
		if err != nil {
			return err
		}
		p, err := pf.apply(c.flags, rec.Patient)
		if err != nil {
			return err
		}
		p, err = app.EditPatient(s, p)
		if err != nil {
			return flagValidationError(err)
		}
		if *asJSON {
			return writeJSON(ctx.stdout, toPatientJSON(p))
		}
		fmt.Fprintf(ctx.stdout, "patient %s changed (version %d)\n", p.ID, p.Version)
		return nil
	}
	return c
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
