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
	return newGroup("encounter", "add, list, edit and delete a patient's encounters and diagnoses",
		encounterAdd(), encounterList(), encounterEdit(), encounterDelete())
}

// Observation is the "custodiactl observation" group.
func observationCommand() *command {
	return newGroup("observation", "add, list and delete a patient's observations (LOINC)",
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
	fs.StringVar(&r.id, "patient", "", "patient `id`")
	fs.StringVar(&r.mrn, "mrn", "", "or the patient's medical record number")
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
	fs.StringVar(&ef.date, "date", "", "date as YYYY-MM-DD (add: default today)")
	fs.StringVar(&ef.kind, "kind", "", "visit, home-visit, telephone or video (add: default visit)")
	fs.Var(&ef.diagnoses, "diagnosis", "ICD-10 code and optional text, e.g. \"E11.9 Type 2 diabetes\" (repeat for more; edit: replaces all)")
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
	c := newCommand("add", "[flags]", "add an encounter with its diagnoses and print its id")
	c.help = `Example: custodiactl encounter add --mrn DEMO-000001 --date 2025-01-14 --kind visit \
    --diagnosis "J06.9 Acute upper respiratory infection" --diagnosis I10`
	vf, pr, ef := addVaultFlags(c.flags), addPatientRef(c.flags), addEncounterFlags(c.flags)
	asJSON := c.flags.Bool("json", false, "print the stored encounter as JSON")
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
	c := newCommand("list", "[flags]", "list a patient's encounters, oldest first")
	vf, pr := addVaultFlags(c.flags), addPatientRef(c.flags)
	asJSON := c.flags.Bool("json", false, "print JSON")
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
	c := newCommand("edit", "[flags] ID", "change the date, kind or diagnoses of an encounter")
	c.help = `With --request, the change is a rectification (GDPR Art. 16, HIPAA amendment)
under that data-subject request, which must be in progress: the previous
value is kept in the patient's rectification history.`
	vf, ef := addVaultFlags(c.flags), addEncounterFlags(c.flags)
	request := c.flags.String("request", "", "rectification request `id` (keeps the old value in the history)")
	asJSON := c.flags.Bool("json", false, "print the stored encounter as JSON")
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
	return clinicalDelete("delete an encounter (its observations stay)", (*vault.Session).DeleteEncounter)
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
	c := newCommand("add", "[flags]", "add an observation and print its id")
	c.help = `Example: custodiactl observation add --mrn DEMO-000001 --loinc 4548-4 --value 6.8 --unit %
Common LOINC codes: 29463-7 body weight (kg), 8302-2 body height (cm), 8480-6 and
8462-4 systolic and diastolic blood pressure (mm[Hg]), 4548-4 HbA1c (%).`
	vf, pr := addVaultFlags(c.flags), addPatientRef(c.flags)
	date := c.flags.String("date", "", "date as YYYY-MM-DD (default today)")
	code := c.flags.String("loinc", "", "LOINC code, e.g. 29463-7 (required)")
	value := c.flags.String("value", "", "decimal value, e.g. 82.5 (required)")
	unit := c.flags.String("unit", "", "UCUM unit, e.g. kg, mm[Hg], %")
	enc := c.flags.String("encounter", "", "id of the encounter it was taken at")
	asJSON := c.flags.Bool("json", false, "print the stored observation as JSON")
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
	c := newCommand("list", "[flags]", "list a patient's observations by date")
	vf, pr := addVaultFlags(c.flags), addPatientRef(c.flags)
	asJSON := c.flags.Bool("json", false, "print JSON")
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
	return clinicalDelete("delete an observation", (*vault.Session).DeleteObservation)
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
