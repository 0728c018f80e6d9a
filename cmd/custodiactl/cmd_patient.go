package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"custodia/app"
	"custodia/vault"
	"custodia/vault/patientcsv"
)

// Patient is the "custodiactl patient" group.
func patientCommand() *command {
	return newGroup("patient", "cli3.cmd.patient",
		patientAdd(), patientEdit(), patientShow(), patientFind(), patientList(), patientImport(), patientCount(),
		patientImportFHIR(), patientImportClinical())
}

// patientFlags are the field flags of "patient add".
type patientFlags struct {
	given, family, birth, sex, address, postcode string
	phone, email, insurance, mrn, diagnosis      string
	notes                                        string
}

func addPatientFlags(fs *flag.FlagSet) *patientFlags {
	pf := &patientFlags{}
	fs.StringVar(&pf.given, "given", "", "cli3.flag.given")
	fs.StringVar(&pf.family, "family", "", "cli3.flag.family")
	fs.StringVar(&pf.birth, "birth", "", "cli3.flag.patient.add.birth")
	fs.StringVar(&pf.sex, "sex", "unknown", "cli3.flag.sex")
	fs.StringVar(&pf.address, "address", "", "cli3.flag.patient.add.address")
	fs.StringVar(&pf.postcode, "postcode", "", "cli3.flag.postcode")
	fs.StringVar(&pf.phone, "phone", "", "cli3.flag.patient.add.phone")
	fs.StringVar(&pf.email, "email", "", "cli3.flag.patient.add.email")
	fs.StringVar(&pf.insurance, "insurance", "", "cli3.flag.insurance")
	fs.StringVar(&pf.mrn, "mrn", "", "cli3.flag.patient.add.mrn")
	fs.StringVar(&pf.diagnosis, "diagnosis", "", "cli3.flag.patient.add.diagnosis")
	fs.StringVar(&pf.notes, "notes", "", "cli3.flag.notes")
	return pf
}

func (pf *patientFlags) patient() (vault.Patient, error) {
	p := vault.Patient{
		GivenName: pf.given, FamilyName: pf.family, Sex: pf.sex, Address: pf.address,
		Postcode: pf.postcode, Phone: pf.phone, Email: pf.email, InsuranceNumber: pf.insurance,
		MRN: pf.mrn, Diagnosis: pf.diagnosis, Notes: pf.notes,
	}
	if pf.birth == "" {
		return p, newExitError(exitValidation, nil, "--birth is required (YYYY-MM-DD)")
	}
	d, err := parseDate("--birth", pf.birth)
	p.BirthDate = d
	return p, err
}

// parseDate reads YYYY-MM-DD as UTC midnight; the message names the flag,
// never the value.
func parseDate(flagName, s string) (time.Time, error) {
	d, err := time.ParseInLocation(dateLayout, s, time.UTC)
	if err != nil {
		return time.Time{}, newExitError(exitValidation, nil, "%s is not a date (want YYYY-MM-DD)", flagName)
	}
	return d, nil
}

func patientAdd() *command {
	c := newCommand("add", "[flags]", "cli3.cmd.patient.add")
	vf := addVaultFlags(c.flags)
	pf := addPatientFlags(c.flags)
	asJSON := c.flags.Bool("json", false, "cli3.flag.patient.add.json")
	c.nargs = noArgs
	c.run = func(ctx *runContext, _ []string) error {
		p, err := pf.patient()
		if err != nil {
			return err
		}
		s, closeFn, err := ctx.openSession(vf)
		if err != nil {
			return err
		}
		defer closeFn()
		p, err = app.AddPatient(s, p)
		if err != nil {
			return flagValidationError(err)
		}
		if *asJSON {
			return writeJSON(ctx.stdout, toPatientJSON(p))
		}
		fmt.Fprintln(ctx.stdout, p.ID)
		return nil
	}
	return c
}

// flagValidationError names the flags of "patient add" in a vault
// validation error instead of the Go field names; the rules stay coded,
// for describe to word in the reader's language.
func flagValidationError(err error) error {
	var verr *vault.ValidationError
	if !errors.As(err, &verr) {
		return err
	}
	flags := map[string]string{
		"GivenName": "--given", "FamilyName": "--family", "BirthDate": "--birth", "Sex": "--sex",
		"Address": "--address", "Postcode": "--postcode", "Phone": "--phone", "Email": "--email",
		"InsuranceNumber": "--insurance", "MRN": "--mrn", "Diagnosis": "--diagnosis", "Notes": "--notes",
	}
	out := &vault.ValidationError{Fields: slices.Clone(verr.Fields)}
	for i, f := range out.Fields {
		if name := flags[f.Field]; name != "" {
			out.Fields[i].Field = name
		}
	}
	return out
}

func patientShow() *command {
	return readLeaf(newCommand("show", "[flags] ID", "cli3.cmd.patient.show"), exactArgs(1), nil,
		func(u unlocked, args []string) (app.PatientRecord, error) { return app.ShowPatient(u.s, args[0]) },
		func(ctx *runContext, p app.PatientRecord, asJSON bool) error {
			if asJSON {
				pj := toPatientJSON(p.Patient)
				pj.ClinicalWithheld = p.ClinicalWithheld
				return writeJSON(ctx.stdout, pj)
			}
			return writePatient(ctx.stdout, p.Patient, p.ClinicalWithheld)
		})
}

// writePatient prints every field; diagnosis and notes are marked as
// withheld for roles without clinical access rather than shown empty.
func writePatient(w io.Writer, p vault.Patient, withheld bool) error {
	t := &table{}
	for _, f := range patientFields(p) {
		if withheld && (f[0] == "diagnosis" || f[0] == "notes") {
			f[1] = "(withheld: your role has no clinical access)"
		}
		t.add(f[0]+":", f[1])
	}
	return t.write(w)
}

func patientFields(p vault.Patient) [][2]string {
	return [][2]string{
		{"id", p.ID}, {"given name", p.GivenName}, {"family name", p.FamilyName},
		{"birth date", p.BirthDate.Format(dateLayout)}, {"sex", p.Sex}, {"address", p.Address},
		{"postcode", p.Postcode}, {"phone", p.Phone}, {"e-mail", p.Email},
		{"insurance number", p.InsuranceNumber}, {"mrn", p.MRN}, {"diagnosis", p.Diagnosis},
		{"notes", p.Notes}, {"restricted", yesNo(p.Restricted)}, {"version", fmt.Sprint(p.Version)},
		{"created", p.CreatedAt.UTC().Format(time.RFC3339)}, {"updated", p.UpdatedAt.UTC().Format(time.RFC3339)},
		{"last clinical", lastClinicalText(p.LastClinicalAt)},
	}
}

func lastClinicalText(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format(time.RFC3339)
}

// safeID shortens what the user typed as an id before echoing it (see
// app.SafeID): an id is not personal data, a mistyped name in its place is.
func safeID(s string) string { return app.SafeID(s) }

func patientFind() *command {
	c := newCommand("find", "[flags]", "cli3.cmd.patient.find")
	c.help = "cli3.help.patient.find"
	name := c.flags.String("name", "", "cli3.flag.patient.find.name")
	birth := c.flags.String("birth", "", "cli3.flag.patient.find.birth")
	mrn := c.flags.String("mrn", "", "cli3.flag.patient.find.mrn")
	var q vault.Query
	check := func([]string) error {
		q = vault.Query{Name: *name, MRN: *mrn}
		if *birth != "" {
			d, err := parseDate("--birth", *birth)
			if err != nil {
				return err
			}
			q.BirthDate = d
		}
		if q.Name == "" && q.MRN == "" && q.BirthDate.IsZero() {
			return usageErrorf("patient find: give --name, --birth or --mrn")
		}
		return nil
	}
	return readLeaf(c, noArgs, check,
		func(u unlocked, _ []string) ([]vault.PatientSummary, error) { return app.FindPatients(u.s, q) },
		writeSummaries)
}

func patientList() *command {
	c := newCommand("list", "[flags]", "cli3.cmd.patient.list")
	offset := c.flags.Int("offset", 0, "cli3.flag.offset")
	limit := c.flags.Int("limit", 50, "cli3.flag.patient.list.limit")
	check := func([]string) error {
		if app.CheckPage(int64(*offset), *limit) != nil {
			return usageErrorf("patient list: --offset must be >= 0 and --limit >= 1")
		}
		return nil
	}
	return readLeaf(c, noArgs, check,
		func(u unlocked, _ []string) ([]vault.PatientSummary, error) {
			return app.ListPatients(u.s, *offset, *limit)
		},
		writeSummaries)
}

func patientCount() *command {
	return readLeaf(newCommand("count", "[flags]", "cli3.cmd.patient.count"), noArgs, nil,
		func(u unlocked, _ []string) (int, error) { return app.CountPatients(u.s) },
		func(ctx *runContext, n int, asJSON bool) error {
			if asJSON {
				return writeJSON(ctx.stdout, map[string]int{"patients": n})
			}
			_, err := fmt.Fprintln(ctx.stdout, n)
			return err
		})
}

func writeSummaries(ctx *runContext, list []vault.PatientSummary, asJSON bool) error {
	w := ctx.stdout
	if asJSON {
		out := make([]summaryJSON, len(list))
		for i, p := range list {
			out[i] = toSummaryJSON(p)
		}
		return writeJSON(w, out)
	}
	t := &table{}
	t.add("ID", "FAMILY NAME", "GIVEN NAME", "BIRTH DATE", "MRN", "RESTRICTED")
	for _, p := range list {
		t.add(p.ID, p.FamilyName, p.GivenName, p.BirthDate.Format(dateLayout), p.MRN, yesNo(p.Restricted))
	}
	return t.write(w)
}

func patientImport() *command {
	c := newCommand("import", "[flags] FILE", "cli3.cmd.patient.import")
	c.help = "cli3.help.patient.import"
	vf := addVaultFlags(c.flags)
	mapping := c.flags.String("map", "", "cli3.flag.map")
	dryRun := c.flags.Bool("dry-run", false, "cli3.flag.patient.import.dry-run")
	maxLine := c.flags.Int("max-line-bytes", patientcsv.DefaultMaxLineBytes, "cli3.flag.max-line-bytes")
	c.nargs = exactArgs(1)
	c.run = func(ctx *runContext, args []string) error {
		opts := patientcsv.Options{MaxLineBytes: *maxLine}
		if *mapping != "" {
			m, err := patientcsv.ParseMapping(*mapping)
			if err != nil {
				return usageErrorf("--map: %s", strings.TrimPrefix(err.Error(), patientcsv.ErrInvalid.Error()+": "))
			}
			opts.Mapping = m
		}
		r, closeFile, err := ctx.openInput(args[0])
		if err != nil {
			return err
		}
		defer closeFile()
		if *dryRun {
			rows, err := patientcsv.Parse(r, opts)
			if err != nil {
				return err
			}
			fmt.Fprintf(ctx.stdout, "%s: %d patients, no problems found (nothing imported)\n", args[0], len(rows))
			return nil
		}
		return importFile(ctx, vf, r, args[0], opts)
	}
	return c
}

// openInput opens a file, or stdin for "-".
func (ctx *runContext) openInput(name string) (io.Reader, func(), error) {
	if name == "-" {
		return ctx.stdin, func() {}, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, newExitError(exitNotFound, err, "cannot open %s", name)
	}
	return f, func() { f.Close() }, nil
}

type patientJSON struct {
	ID              string    `json:"id"`
	GivenName       string    `json:"given_name"`
	FamilyName      string    `json:"family_name"`
	BirthDate       string    `json:"birth_date"`
	Sex             string    `json:"sex"`
	Address         string    `json:"address"`
	Postcode        string    `json:"postcode"`
	Phone           string    `json:"phone"`
	Email           string    `json:"email"`
	InsuranceNumber string    `json:"insurance_number"`
	MRN             string    `json:"mrn"`
	Diagnosis       string    `json:"diagnosis"`
	Notes           string    `json:"notes"`
	Restricted      bool      `json:"restricted"`
	Version         int64     `json:"version"`
	CreatedAt       time.Time `json:"created_at"`
	UpdatedAt       time.Time `json:"updated_at"`
	// LastClinicalAt is the last change of diagnosis or notes (the last
	// treatment retention counts from); absent when there was none.
	LastClinicalAt time.Time `json:"last_clinical_at,omitzero"`
	// ClinicalWithheld is true when Diagnosis and Notes were not
	// disclosed because the user's role lacks clinical access.
	ClinicalWithheld bool `json:"clinical_withheld,omitempty"`
}

func toPatientJSON(p vault.Patient) patientJSON {
	return patientJSON{p.ID, p.GivenName, p.FamilyName, p.BirthDate.Format(dateLayout), p.Sex,
		p.Address, p.Postcode, p.Phone, p.Email, p.InsuranceNumber, p.MRN, p.Diagnosis, p.Notes,
		p.Restricted, p.Version, p.CreatedAt.UTC(), p.UpdatedAt.UTC(), p.LastClinicalAt.UTC(), false}
}

type summaryJSON struct {
	ID         string `json:"id"`
	GivenName  string `json:"given_name"`
	FamilyName string `json:"family_name"`
	BirthDate  string `json:"birth_date"`
	MRN        string `json:"mrn"`
	Restricted bool   `json:"restricted"`
}

func toSummaryJSON(p vault.PatientSummary) summaryJSON {
	return summaryJSON{p.ID, p.GivenName, p.FamilyName, p.BirthDate.Format(dateLayout), p.MRN, p.Restricted}
}
