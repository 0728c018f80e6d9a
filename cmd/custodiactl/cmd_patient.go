package main

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"custodia/app"
	"custodia/i18n"
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
		return p, invalid(nil, "cli4.patient.birthRequired")
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
		return time.Time{}, invalid(nil, "cli4.notADate", "Flag", flagName)
	}
	return d, nil
}

func patientAdd() *command {
	c := newCommand("add", "[flags]", "cli3.cmd.patient.add")
	pf := addPatientFlags(c.flags)
	var p vault.Patient
	return leaf[vault.Patient]{nargs: noArgs, json: "cli3.flag.patient.add.json",
		check: func(*runContext, []string) (err error) {
			p, err = pf.patient()
			return err
		},
		do: func(_ *runContext, u unlocked, _ []string) (vault.Patient, error) {
			added, err := app.AddPatient(u.s, p)
			return added, flagValidationError(err)
		},
		show:   printID[vault.Patient](func(p vault.Patient) string { return p.ID }),
		asJSON: func(_ unlocked, p vault.Patient) any { return toPatientJSON(p) },
	}.build(c)
}

// patientFieldFlags maps the fields of the vault's patient validation
// errors to the flags of "patient add".
var patientFieldFlags = map[string]string{
	"GivenName": "--given", "FamilyName": "--family", "BirthDate": "--birth", "Sex": "--sex",
	"Address": "--address", "Postcode": "--postcode", "Phone": "--phone", "Email": "--email",
	"InsuranceNumber": "--insurance", "MRN": "--mrn", "Diagnosis": "--diagnosis", "Notes": "--notes",
}

// flagValidationError names the flags of "patient add" in a vault
// validation error instead of the Go field names.
func flagValidationError(err error) error {
	var verr *vault.ValidationError
	if !errors.As(err, &verr) {
		return err
	}
	names := make([]string, len(verr.Fields))
	for i, f := range verr.Fields {
		names[i] = cmp.Or(patientFieldFlags[f.Field], f.Field)
	}
	return &fieldsError{err: verr, names: names}
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
			return writePatient(ctx.stdout, ctx.words(), p.Patient, p.ClinicalWithheld)
		})
}

// writePatient prints every field; diagnosis and notes are marked as
// withheld for roles without clinical access rather than shown empty.
func writePatient(w io.Writer, loc *i18n.Localizer, p vault.Patient, withheld bool) error {
	t := &table{}
	for _, f := range patientFields(loc, p) {
		if withheld && (f[0] == "Diagnosis" || f[0] == "Notes") {
			f[1] = loc.T("cli4.patient.withheld")
		}
		t.add(fieldLabel(loc, f[0])+":", f[1])
	}
	return t.write(w)
}

// fieldLabel words a field of a patient record: labels.field.<code>,
// else cli4.field.<code> for the record's own fields (id, version, times).
func fieldLabel(loc *i18n.Localizer, code string) string {
	if id := "labels.field." + code; loc.Has(id) {
		return loc.T(id)
	}
	return loc.T("cli4.field." + code)
}

// patientFields are the rows of "patient show": a field code (the
// vault's Go field name, worded by labels.field.*) and its value.
func patientFields(loc *i18n.Localizer, p vault.Patient) [][2]string {
	last := "-"
	if !p.LastClinicalAt.IsZero() {
		last = loc.DateTime(p.LastClinicalAt.UTC())
	}
	return [][2]string{
		{"ID", p.ID}, {"GivenName", p.GivenName}, {"FamilyName", p.FamilyName},
		{"BirthDate", loc.Date(p.BirthDate)}, {"Sex", loc.Label("sex", p.Sex, p.Sex)}, {"Address", p.Address},
		{"Postcode", p.Postcode}, {"Phone", p.Phone}, {"Email", p.Email},
		{"InsuranceNumber", p.InsuranceNumber}, {"MRN", p.MRN}, {"Diagnosis", p.Diagnosis},
		{"Notes", p.Notes}, {"Restricted", yesNoText(loc, p.Restricted)}, {"Version", fmt.Sprint(p.Version)},
		{"CreatedAt", loc.DateTime(p.CreatedAt.UTC())}, {"UpdatedAt", loc.DateTime(p.UpdatedAt.UTC())},
		{"LastClinicalAt", last},
	}
}

// safeID shortens what the user typed as an id before echoing it (see
// app.SafeID): an id is not personal data, a mistyped name in its place is.
func safeID(s string) string { return app.SafeID(s) }

// codeArg echoes what the user typed where a code was expected (a role, a
// legal ground, on/off) when it looks like one: lower-case letters, digits
// and . _ + -, at most 40. Anything else, a name typed in the wrong place
// for one, shows as "…" and stays out of the message.
func codeArg(s string) string {
	if len(s) == 0 || len(s) > 40 || strings.Trim(s, "abcdefghijklmnopqrstuvwxyz0123456789._+-") != "" {
		return "…"
	}
	return s
}

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
			return usage("cli4.patient.findWhat")
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
			return usage("cli4.patient.page")
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
			return ctx.say("cli4.patient.count", "Count", ctx.words().Int(n))
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
	loc := ctx.words()
	t := &table{}
	t.head(loc, "id", "familyName", "givenName", "birthDate", "mrn", "restricted")
	for _, p := range list {
		t.add(p.ID, p.FamilyName, p.GivenName, loc.Date(p.BirthDate), p.MRN, yesNoText(loc, p.Restricted))
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
			var me *patientcsv.MappingError
			if errors.As(err, &me) {
				return usage("cli4.patient.badMap", "Problem", app.CSVMappingProblem(ctx.words(), me))
			}
			if err != nil {
				return err
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
			return ctx.say("cli4.patient.dryRun", "File", args[0], "Count", ctx.words().Int(len(rows)))
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
		return nil, nil, fail(exitNotFound, err, "cli4.file.cannotRead", "File", name)
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
