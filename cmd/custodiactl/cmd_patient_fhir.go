package main

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

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

func fhirError(err error) error {
	var fe *fhirimport.Error
	if errors.As(err, &fe) {
		return invalid(err, "cli.error.csv", "Problem", strings.TrimPrefix(fe.Error(), "fhirimport: "))
	}
	return err
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
		for _, p := range res.Refused {
			fmt.Fprintf(w, "  %s\n", p)
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
