package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"custodia/vault"
)

// Encounter is the "custodiactl encounter" group.
func encounterCommand() *command {
	return newGroup("encounter", "cli3.cmd.encounter",
		encounterAdd(), encounterList(), encounterEdit(), encounterDelete())
}

// Observation is the "custodiactl observation" group.
func observationCommand() *command {
	return newGroup("observation", "cli3.cmd.observation",
		observationAdd(), observationList(), observationDelete())
}

// stringList is a repeatable flag.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, "; ") }
func (l *stringList) Set(s string) error { *l = append(*l, s); return nil }

// patientRef selects a patient by id or MRN.
type patientRef struct{ id, mrn string }

func addPatientRef(fs *flag.FlagSet) *patientRef {
	r := &patientRef{}
	fs.StringVar(&r.id, "patient", "", "cli3.flag.encounter.add.patient")
	fs.StringVar(&r.mrn, "mrn", "", "cli3.flag.encounter.add.mrn")
	return r
}

// resolve returns the patient id, looking an MRN up in the vault.
func (r *patientRef) resolve(s *vault.Session) (string, error) {
	switch {
	case r.id != "" && r.mrn != "":
		return "", usageErrorf("give --patient or --mrn, not both")
	case r.id != "":
		return r.id, nil
	case r.mrn == "":
		return "", usageErrorf("give the patient: --patient ID or --mrn MRN")
	}
	found, err := s.FindPatients(vault.Query{MRN: r.mrn})
	if err != nil {
		return "", err
	}
	if len(found) == 0 {
		return "", newExitError(exitNotFound, vault.ErrNotFound, "no patient with that MRN")
	}
	return found[0].ID, nil
}

// parseDiagnoses reads "--diagnosis CODE [text]" values.
func parseDiagnoses(values []string) []vault.Diagnosis {
	out := make([]vault.Diagnosis, 0, len(values))
	for _, v := range values {
		code, text, _ := strings.Cut(strings.TrimSpace(v), " ")
		out = append(out, vault.Diagnosis{Code: code, Text: strings.TrimSpace(text)})
	}
	return out
}

// encounterFlags are the value flags of add and edit.
type encounterFlags struct {
	date, kind string
	diagnoses  stringList
}

func addEncounterFlags(fs *flag.FlagSet) *encounterFlags {
	ef := &encounterFlags{}
	fs.StringVar(&ef.date, "date", "", "cli3.flag.encounter.add.date")
	fs.StringVar(&ef.kind, "kind", "", "cli3.flag.kind")
	fs.Var(&ef.diagnoses, "diagnosis", "cli3.flag.encounter.add.diagnosis")
	return ef
}

// apply sets the flags that were given on e.
func (ef *encounterFlags) apply(e *vault.Encounter) error {
	if ef.date != "" {
		d, err := parseDate("--date", ef.date)
		if err != nil {
			return err
		}
		e.Date = d
	}
	if ef.kind != "" {
		k, err := vault.ParseEncounterKind(ef.kind)
		if err != nil {
			return usageErrorf("--kind must be visit, home-visit, telephone or video")
		}
		e.Kind = k
	}
	if len(ef.diagnoses) > 0 {
		e.Diagnoses = parseDiagnoses(ef.diagnoses)
	}
	return nil
}

func today(ctx *runContext) time.Time {
	n := ctx.now().UTC()
	return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)
}

func encounterAdd() *command {
	c := newCommand("add", "[flags]", "cli3.cmd.encounter.add")
	c.help = "cli3.help.encounter.add"
	vf, pr, ef := addVaultFlags(c.flags), addPatientRef(c.flags), addEncounterFlags(c.flags)
	asJSON := c.flags.Bool("json", false, "cli3.flag.encounter.add.json")
	c.nargs = noArgs
	c.run = func(ctx *runContext, _ []string) error {
		e := vault.Encounter{Date: today(ctx), Kind: vault.EncounterVisit}
		if err := ef.apply(&e); err != nil {
			return err
		}
		if len(e.Diagnoses) == 0 {
			return usageErrorf("give at least one --diagnosis (ICD-10 code)")
		}
		return withSession(ctx, vf, func(s *vault.Session) error {
			id, err := pr.resolve(s)
			if err != nil {
				return err
			}
			e.PatientID = id
			out, err := s.AddEncounter(e)
			if err != nil {
				return clinicalFlagError(err)
			}
			return writeEncounter(ctx.stdout, out, *asJSON)
		})
	}
	return c
}

// withSession opens the vault, runs fn and closes it.
func withSession(ctx *runContext, vf *vaultFlags, fn func(*vault.Session) error) error {
	s, closeFn, err := ctx.openSession(vf)
	if err != nil {
		return err
	}
	defer closeFn()
	return fn(s)
}

// clinicalFlagError names the flags in a vault validation error.
func clinicalFlagError(err error) error {
	var verr *vault.ValidationError
	if !errors.As(err, &verr) {
		return notFoundError(err)
	}
	flags := map[string]string{"Date": "--date", "Kind": "--kind", "Diagnoses": "--diagnosis", "Code": "--loinc",
		"Value": "--value", "Unit": "--unit", "EncounterID": "--encounter", "requestID": "--request"}
	parts := make([]string, len(verr.Fields))
	for i, f := range verr.Fields {
		name := f.Field
		if strings.HasPrefix(name, "encounters[") || strings.HasPrefix(name, "observations[") {
			_, name, _ = strings.Cut(name, "].")
		}
		base, idx, _ := strings.Cut(name, "[")
		if fl, ok := flags[base]; ok {
			name = fl
			if idx != "" {
				n, _, _ := strings.Cut(idx, "]")
				name = fmt.Sprintf("--diagnosis #%s", incr(n))
			}
		}
		parts[i] = name + " " + f.Message
	}
	return newExitError(exitValidation, err, "invalid input: %s", strings.Join(parts, "; "))
}

func incr(n string) string {
	var i int
	fmt.Sscan(n, &i)
	return fmt.Sprint(i + 1)
}

func notFoundError(err error) error {
	if errors.Is(err, vault.ErrNotFound) {
		return newExitError(exitNotFound, err, "no such patient, encounter or observation")
	}
	return err
}

func encounterList() *command {
	c := newCommand("list", "[flags]", "cli3.cmd.encounter.list")
	vf, pr := addVaultFlags(c.flags), addPatientRef(c.flags)
	asJSON := c.flags.Bool("json", false, "cli3.flag.json")
	c.nargs = noArgs
	c.run = func(ctx *runContext, _ []string) error {
		return withSession(ctx, vf, func(s *vault.Session) error {
			id, err := pr.resolve(s)
			if err != nil {
				return err
			}
			es, err := s.Encounters(id)
			if err != nil {
				return notFoundError(err)
			}
			return writeEncounters(ctx.stdout, es, *asJSON)
		})
	}
	return c
}

func encounterEdit() *command {
	c := newCommand("edit", "[flags] ID", "cli3.cmd.encounter.edit")
	c.help = "cli3.help.encounter.edit"
	vf, ef := addVaultFlags(c.flags), addEncounterFlags(c.flags)
	request := c.flags.String("request", "", "cli3.flag.request")
	asJSON := c.flags.Bool("json", false, "cli3.flag.encounter.add.json")
	c.nargs = exactArgs(1)
	c.run = func(ctx *runContext, args []string) error {
		if ef.date == "" && ef.kind == "" && len(ef.diagnoses) == 0 {
			return usageErrorf("nothing to change: give --date, --kind or --diagnosis")
		}
		return withSession(ctx, vf, func(s *vault.Session) error {
			e, err := s.GetEncounter(args[0])
			if err != nil {
				return notFoundError(err)
			}
			if err := ef.apply(&e); err != nil {
				return err
			}
			var out vault.Encounter
			if *request != "" {
				out, err = s.RectifyEncounter(e, *request)
			} else {
				out, err = s.UpdateEncounter(e)
			}
			if err != nil {
				return clinicalFlagError(err)
			}
			return writeEncounter(ctx.stdout, out, *asJSON)
		})
	}
	return c
}

func encounterDelete() *command {
	return clinicalDelete("cli3.cmd.encounter.delete", (*vault.Session).DeleteEncounter)
}

// clinicalDelete is the "delete ID" leaf of the encounter and observation
// groups: del removes one clinical row by id (the vault checks and audits).
func clinicalDelete(summary string, del func(*vault.Session, string) error) *command {
	c := newCommand("delete", "[flags] ID", summary)
	vf := addVaultFlags(c.flags)
	c.nargs = exactArgs(1)
	c.run = func(ctx *runContext, args []string) error {
		return withSession(ctx, vf, func(s *vault.Session) error {
			if err := del(s, args[0]); err != nil {
				return notFoundError(err)
			}
			fmt.Fprintln(ctx.stdout, "deleted")
			return nil
		})
	}
	return c
}

type encounterJSON struct {
	ID        string            `json:"id"`
	PatientID string            `json:"patient_id"`
	Date      string            `json:"date"`
	Kind      string            `json:"kind"`
	Diagnoses []vault.Diagnosis `json:"diagnoses"`
	Version   int64             `json:"version"`
}

func toEncounterJSON(e vault.Encounter) encounterJSON {
	return encounterJSON{e.ID, e.PatientID, e.Date.Format(dateLayout), string(e.Kind), e.Diagnoses, e.Version}
}

func writeEncounter(w io.Writer, e vault.Encounter, asJSON bool) error {
	if asJSON {
		return writeJSON(w, toEncounterJSON(e))
	}
	fmt.Fprintln(w, e.ID)
	return nil
}

func writeEncounters(w io.Writer, es []vault.Encounter, asJSON bool) error {
	if asJSON {
		out := make([]encounterJSON, len(es))
		for i, e := range es {
			out[i] = toEncounterJSON(e)
		}
		return writeJSON(w, out)
	}
	t := &table{}
	t.add("ID", "DATE", "KIND", "DIAGNOSES")
	for _, e := range es {
		parts := make([]string, len(e.Diagnoses))
		for i, d := range e.Diagnoses {
			parts[i] = strings.TrimSpace(d.Code + " " + d.Text)
		}
		t.add(e.ID, e.Date.Format(dateLayout), e.Kind.Label(), strings.Join(parts, "; "))
	}
	return t.write(w)
}

func observationAdd() *command {
	c := newCommand("add", "[flags]", "cli3.cmd.observation.add")
	c.help = "cli3.help.observation.add"
	vf, pr := addVaultFlags(c.flags), addPatientRef(c.flags)
	date := c.flags.String("date", "", "cli3.flag.observation.add.date")
	code := c.flags.String("loinc", "", "cli3.flag.loinc")
	value := c.flags.String("value", "", "cli3.flag.value")
	unit := c.flags.String("unit", "", "cli3.flag.unit")
	enc := c.flags.String("encounter", "", "cli3.flag.encounter")
	asJSON := c.flags.Bool("json", false, "cli3.flag.observation.add.json")
	c.nargs = noArgs
	c.run = func(ctx *runContext, _ []string) error {
		o := vault.Observation{Date: today(ctx), Code: *code, Value: *value, Unit: *unit, EncounterID: *enc}
		if *date != "" {
			d, err := parseDate("--date", *date)
			if err != nil {
				return err
			}
			o.Date = d
		}
		if o.Code == "" || o.Value == "" {
			return usageErrorf("give --loinc and --value")
		}
		return withSession(ctx, vf, func(s *vault.Session) error {
			id, err := pr.resolve(s)
			if err != nil {
				return err
			}
			o.PatientID = id
			out, err := s.AddObservation(o)
			if err != nil {
				return clinicalFlagError(err)
			}
			if *asJSON {
				return writeJSON(ctx.stdout, toObservationJSON(out))
			}
			fmt.Fprintln(ctx.stdout, out.ID)
			return nil
		})
	}
	return c
}

func observationList() *command {
	c := newCommand("list", "[flags]", "cli3.cmd.observation.list")
	vf, pr := addVaultFlags(c.flags), addPatientRef(c.flags)
	asJSON := c.flags.Bool("json", false, "cli3.flag.json")
	c.nargs = noArgs
	c.run = func(ctx *runContext, _ []string) error {
		return withSession(ctx, vf, func(s *vault.Session) error {
			id, err := pr.resolve(s)
			if err != nil {
				return err
			}
			os, err := s.Observations(id)
			if err != nil {
				return notFoundError(err)
			}
			return writeObservations(ctx.stdout, os, *asJSON)
		})
	}
	return c
}

func observationDelete() *command {
	return clinicalDelete("cli3.cmd.observation.delete", (*vault.Session).DeleteObservation)
}

type observationJSON struct {
	ID          string `json:"id"`
	PatientID   string `json:"patient_id"`
	EncounterID string `json:"encounter_id,omitempty"`
	Date        string `json:"date"`
	Code        string `json:"code"`
	Name        string `json:"name,omitempty"`
	Value       string `json:"value"`
	Unit        string `json:"unit"`
	Version     int64  `json:"version"`
}

func toObservationJSON(o vault.Observation) observationJSON {
	return observationJSON{o.ID, o.PatientID, o.EncounterID, o.Date.Format(dateLayout), o.Code, vault.LOINCLabel(o.Code), o.Value, o.Unit, o.Version}
}

func writeObservations(w io.Writer, os []vault.Observation, asJSON bool) error {
	if asJSON {
		out := make([]observationJSON, len(os))
		for i, o := range os {
			out[i] = toObservationJSON(o)
		}
		return writeJSON(w, out)
	}
	t := &table{}
	t.add("ID", "DATE", "OBSERVATION", "LOINC", "VALUE", "UNIT")
	for _, o := range os {
		t.add(o.ID, o.Date.Format(dateLayout), vault.LOINCLabel(o.Code), o.Code, o.Value, o.Unit)
	}
	return t.write(w)
}
