package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"custodia/app"
	"custodia/i18n"
	"custodia/internal/ucum"
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

// check is the usage check of a patient reference, before the vault is
// opened.
func (r *patientRef) check(*runContext, []string) error {
	switch {
	case r.id != "" && r.mrn != "":
		return usage("cli4.clinical.patientOrMRN")
	case r.id == "" && r.mrn == "":
		return usage("cli4.clinical.needPatient")
	}
	return nil
}

// resolve returns the patient id, looking an MRN up in the vault.
func (r *patientRef) resolve(s *vault.Session) (string, error) {
	if r.id != "" {
		return r.id, nil
	}
	found, err := s.FindPatients(vault.Query{MRN: r.mrn})
	if err != nil {
		return "", err
	}
	if len(found) == 0 {
		return "", fail(exitNotFound, vault.ErrNotFound, "cli4.clinical.noMRN")
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
			return usage("cli4.clinical.kind")
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
	pr, ef := addPatientRef(c.flags), addEncounterFlags(c.flags)
	var e vault.Encounter
	return leaf[vault.Encounter]{nargs: noArgs, json: "cli3.flag.encounter.add.json",
		check: func(ctx *runContext, args []string) error {
			e = vault.Encounter{Date: today(ctx), Kind: vault.EncounterVisit}
			if err := ef.apply(&e); err != nil {
				return err
			}
			if len(e.Diagnoses) == 0 {
				return usage("cli4.clinical.needDiagnosis")
			}
			return pr.check(ctx, args)
		},
		do: func(_ *runContext, u unlocked, _ []string) (vault.Encounter, error) {
			id, err := pr.resolve(u.s)
			if err != nil {
				return e, err
			}
			e.PatientID = id
			out, err := u.s.AddEncounter(e)
			return out, clinicalFlagError(err)
		},
		show:   printID[vault.Encounter](func(e vault.Encounter) string { return e.ID }),
		asJSON: func(_ unlocked, e vault.Encounter) any { return toEncounterJSON(e) },
	}.build(c)
}

// printID shows the result of an add as its new id alone (for scripts).
func printID[T any](id func(T) string) func(*runContext, unlocked, T) error {
	return func(ctx *runContext, _ unlocked, v T) error {
		_, err := fmt.Fprintln(ctx.stdout, id(v))
		return err
	}
}

// clinicalFieldFlags maps the fields of the vault's clinical validation errors to
// the flags that set them.
var clinicalFieldFlags = map[string]string{"Date": "--date", "Kind": "--kind", "Diagnoses": "--diagnosis", "Code": "--loinc",
	"Value": "--value", "Unit": "--unit", "EncounterID": "--encounter", "requestID": "--request"}

// clinicalFlagError names the flags in a vault validation error, and
// says which kind of thing was not found.
func clinicalFlagError(err error) error {
	var verr *vault.ValidationError
	if !errors.As(err, &verr) {
		return notFoundError(err)
	}
	names := make([]string, len(verr.Fields))
	for i, f := range verr.Fields {
		name := f.Field
		if strings.HasPrefix(name, "encounters[") || strings.HasPrefix(name, "observations[") {
			_, name, _ = strings.Cut(name, "].")
		}
		base, idx, _ := strings.Cut(name, "[")
		if fl, ok := clinicalFieldFlags[base]; ok {
			name = fl
			if idx != "" {
				n, _, _ := strings.Cut(idx, "]")
				name = fmt.Sprintf("--diagnosis #%s", incr(n))
			}
		}
		names[i] = name
	}
	return &fieldsError{err: verr, names: names}
}

// fieldsError is a vault validation error whose fields are named by the
// flags that set them; describe words each field's rule in the run's
// language.
type fieldsError struct {
	err   *vault.ValidationError
	names []string
}

func (e *fieldsError) Error() string { return e.err.Error() }
func (e *fieldsError) Unwrap() error { return e.err }

func incr(n string) string {
	var i int
	fmt.Sscan(n, &i)
	return fmt.Sprint(i + 1)
}

func notFoundError(err error) error {
	if errors.Is(err, vault.ErrNotFound) {
		return fail(exitNotFound, err, "cli4.clinical.notFound")
	}
	return err
}

// patientLeaf completes a leaf that lists something of the patient named
// by --patient or --mrn.
func patientLeaf[T any](c *command, pr *patientRef, list func(*vault.Session, string) (T, error),
	show func(*runContext, unlocked, T) error, asJSON func(unlocked, T) any) *command {
	return leaf[T]{nargs: noArgs, json: "cli3.flag.json", check: pr.check,
		do: func(_ *runContext, u unlocked, _ []string) (T, error) {
			id, err := pr.resolve(u.s)
			if err != nil {
				var zero T
				return zero, err
			}
			v, err := list(u.s, id)
			return v, notFoundError(err)
		},
		show: show, asJSON: asJSON,
	}.build(c)
}

func encounterList() *command {
	c := newCommand("list", "[flags]", "cli3.cmd.encounter.list")
	return patientLeaf(c, addPatientRef(c.flags), (*vault.Session).Encounters,
		func(ctx *runContext, _ unlocked, es []vault.Encounter) error {
			return writeEncounters(ctx.stdout, ctx.words(), es)
		},
		func(_ unlocked, es []vault.Encounter) any { return mapEach(es, toEncounterJSON) })
}

func encounterEdit() *command {
	c := newCommand("edit", "[flags] ID", "cli3.cmd.encounter.edit")
	c.help = "cli3.help.encounter.edit"
	ef := addEncounterFlags(c.flags)
	request := c.flags.String("request", "", "cli3.flag.request")
	return leaf[vault.Encounter]{nargs: exactArgs(1), json: "cli3.flag.encounter.add.json",
		check: func(*runContext, []string) error {
			if ef.date == "" && ef.kind == "" && len(ef.diagnoses) == 0 {
				return usage("cli4.clinical.nothingToChange")
			}
			return ef.apply(&vault.Encounter{})
		},
		do: func(_ *runContext, u unlocked, args []string) (vault.Encounter, error) {
			e, err := u.s.GetEncounter(args[0])
			if err != nil {
				return e, notFoundError(err)
			}
			if err := ef.apply(&e); err != nil {
				return e, err
			}
			if *request != "" {
				e, err = u.s.RectifyEncounter(e, *request)
			} else {
				e, err = u.s.UpdateEncounter(e)
			}
			return e, clinicalFlagError(err)
		},
		show:   printID[vault.Encounter](func(e vault.Encounter) string { return e.ID }),
		asJSON: func(_ unlocked, e vault.Encounter) any { return toEncounterJSON(e) },
	}.build(c)
}

func encounterDelete() *command {
	return clinicalDelete("cli3.cmd.encounter.delete", (*vault.Session).DeleteEncounter)
}

// clinicalDelete is the "delete ID" leaf of the encounter and observation
// groups: del removes one clinical row by id (the vault checks and audits).
func clinicalDelete(summary string, del func(*vault.Session, string) error) *command {
	return leaf[struct{}]{nargs: exactArgs(1),
		do: func(_ *runContext, u unlocked, args []string) (struct{}, error) {
			return struct{}{}, notFoundError(del(u.s, args[0]))
		},
		show: func(ctx *runContext, _ unlocked, _ struct{}) error { return ctx.say("cli4.clinical.deleted") },
	}.build(newCommand("delete", "[flags] ID", summary))
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

func writeEncounters(w io.Writer, loc *i18n.Localizer, es []vault.Encounter) error {
	t := &table{}
	t.head(loc, "id", "date", "kind", "diagnoses")
	for _, e := range es {
		parts := make([]string, len(e.Diagnoses))
		for i, d := range e.Diagnoses {
			parts[i] = strings.TrimSpace(d.Code + " " + d.Text)
		}
		t.add(e.ID, loc.Date(e.Date), loc.Label("encounter", string(e.Kind), e.Kind.Label()), strings.Join(parts, "; "))
	}
	return t.write(w)
}

func observationAdd() *command {
	c := newCommand("add", "[flags]", "cli3.cmd.observation.add")
	c.help = "cli3.help.observation.add"
	pr := addPatientRef(c.flags)
	date := c.flags.String("date", "", "cli3.flag.observation.add.date")
	code := c.flags.String("loinc", "", "cli3.flag.loinc")
	value := c.flags.String("value", "", "cli3.flag.value")
	unit := c.flags.String("unit", "", "cli3.flag.unit")
	enc := c.flags.String("encounter", "", "cli3.flag.encounter")
	var o vault.Observation
	return leaf[vault.Observation]{nargs: noArgs, json: "cli3.flag.observation.add.json",
		check: func(ctx *runContext, args []string) error {
			o = vault.Observation{Date: today(ctx), Code: *code, Value: *value, Unit: *unit, EncounterID: *enc}
			if *date != "" {
				d, err := parseDate("--date", *date)
				if err != nil {
					return err
				}
				o.Date = d
			}
			if o.Code == "" || o.Value == "" {
				return usage("cli4.clinical.needLOINC")
			}
			return pr.check(ctx, args)
		},
		do: func(_ *runContext, u unlocked, _ []string) (vault.Observation, error) {
			id, err := pr.resolve(u.s)
			if err != nil {
				return o, err
			}
			o.PatientID = id
			out, err := u.s.AddObservation(o)
			return out, clinicalFlagError(err)
		},
		show:   printID[vault.Observation](func(o vault.Observation) string { return o.ID }),
		asJSON: func(_ unlocked, o vault.Observation) any { return toObservationJSON(o) },
	}.build(c)
}

func observationList() *command {
	c := newCommand("list", "[flags]", "cli3.cmd.observation.list")
	return patientLeaf(c, addPatientRef(c.flags), (*vault.Session).Observations,
		func(ctx *runContext, _ unlocked, os []vault.Observation) error {
			return writeObservations(ctx.stdout, ctx.words(), os)
		},
		func(_ unlocked, os []vault.Observation) any { return mapEach(os, toObservationJSON) })
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

func writeObservations(w io.Writer, loc *i18n.Localizer, os []vault.Observation) error {
	t := &table{}
	t.head(loc, "id", "date", "observation", "loinc", "value", "unit")
	for _, o := range os {
		t.add(o.ID, loc.Date(o.Date), loincLabel(loc, o.Code), o.Code, app.ObservationValue(loc, o.Value), ucum.Label(o.Unit))
	}
	return t.write(w)
}

// loincLabel is the name of a LOINC code in the run's language (the
// research catalogue names the common ones), else the vault's English.
func loincLabel(loc *i18n.Localizer, code string) string {
	return app.LOINCLabel(loc, code)
}
