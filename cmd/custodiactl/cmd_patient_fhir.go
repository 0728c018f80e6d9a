package main

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"custodia/app"
	"custodia/i18n"
	"custodia/vault/fhirimport"
)

func patientImportFHIR() *command {
	c := newCommand("import-fhir", "[flags] FILE", "cli3.cmd.patient.import-fhir")
	c.help = "cli3.help.patient.import-fhir"
	vf := addVaultFlags(c.flags)
	strict := c.flags.Bool("strict", false, "cli3.flag.strict")
	dryRun := c.flags.Bool("dry-run", false, "cli3.flag.patient.import-fhir.dry-run")
	asJSON := c.flags.Bool("json", false, "cli3.flag.patient.import-clinical.json")
	c.nargs = exactArgs(1)
	c.run = func(ctx *runContext, args []string) error {
		r, closeFile, err := ctx.openInput(args[0])
		if err != nil {
			return err
		}
		defer closeFile()
		opts := fhirimport.Options{Strict: *strict, Now: ctx.now}
		var res fhirimport.Result
		if *dryRun {
			res, err = fhirimport.Parse(r, opts)
		} else {
			err = ctx.withVault(vf, func(u unlocked) error {
				res, err = fhirimport.Import(u.s, r, opts)
				return err
			})
		}
		if err != nil {
			return fhirError(err)
		}
		return writeFHIRSummary(ctx.stdout, ctx.words(), args[0], res, *dryRun, *asJSON)
	}
	return c
}

// fhirError words a bundle's problems in the run's language, each by its
// JSON path and rule (fhirProblemList); other errors go to describe.
func fhirError(err error) error {
	var fe *fhirimport.Error
	if errors.As(err, &fe) {
		return invalid(err, "cli.error.csv", "Problem", fhirProblemList{fe})
	}
	return err
}

// fhirProblemList is the problem list of a refused bundle, worded when
// the error is reported (see worded).
type fhirProblemList struct{ e *fhirimport.Error }

func (l fhirProblemList) words(loc *i18n.Localizer) string {
	return problemLines(loc, fhirProblemLines(loc, l.e.Problems), l.e.More)
}

// fhirProblemLines words each problem as app.FHIRProblems does: the
// place in the file, then what is wrong.
func fhirProblemLines(loc *i18n.Localizer, ps []fhirimport.Problem) []string {
	worded := app.FHIRProblems(loc, ps)
	out := make([]string, len(worded))
	for i, p := range worded {
		out[i] = p.String()
	}
	return out
}

type fhirSummaryJSON struct {
	Imported     bool                 `json:"imported"`
	Patients     int                  `json:"patients"`
	PatientIDs   []string             `json:"patient_ids,omitempty"`
	Encounters   int                  `json:"encounters"`
	Observations int                  `json:"observations"`
	Refused      []fhirimport.Problem `json:"refused"`
	Skipped      map[string]int       `json:"skipped_resources"`
}

func writeFHIRSummary(w io.Writer, loc *i18n.Localizer, name string, res fhirimport.Result, dryRun, asJSON bool) error {
	sum := fhirSummaryJSON{Imported: !dryRun, Patients: len(res.Records), Refused: res.Refused, Skipped: res.Skipped}
	for _, r := range res.Records {
		sum.Encounters += len(r.Encounters)
		sum.Observations += len(r.Observations)
		if !dryRun {
			sum.PatientIDs = append(sum.PatientIDs, r.Patient.ID)
		}
	}
	if sum.Refused == nil {
		sum.Refused = []fhirimport.Problem{}
	}
	if asJSON {
		return writeJSON(w, sum)
	}
	id := "cli4.fhir.imported"
	if dryRun {
		id = "cli4.fhir.wouldImport"
	}
	fmt.Fprintln(w, loc.T(id, "File", name, "Patients", loc.Int(sum.Patients), "Encounters", loc.Int(sum.Encounters),
		"Observations", loc.Int(sum.Observations)))
	if len(res.Refused) > 0 {
		fmt.Fprintln(w, loc.T("cli4.fhir.refused", "Count", len(res.Refused)))
		for _, line := range fhirProblemLines(loc, res.Refused) {
			fmt.Fprintf(w, "  %s\n", line)
		}
	}
	if len(res.Skipped) > 0 {
		types := make([]string, 0, len(res.Skipped))
		for t, n := range res.Skipped {
			types = append(types, fmt.Sprintf("%s %d", t, n))
		}
		sort.Strings(types)
		fmt.Fprintln(w, loc.T("cli4.fhir.skipped", "Types", strings.Join(types, ", ")))
	}
	return nil
}
