package main

import (
	"context"
	"errors"
	"io"
	"os"
	"strings"

	"custodia/app"
	"custodia/i18n"
	"custodia/vault/clinicalcsv"
)

// patientImportClinical checks both files against the vault and imports
// them in one transaction through the same use cases as the desktop's
// clinical import (app.CheckClinicalCSV, app.ImportClinical); problems and
// the summary are worded by the same functions.
func patientImportClinical() *command {
	c := newCommand("import-clinical", "[flags]", "cli3.cmd.patient.import-clinical")
	c.help = "cli3.help.patient.import-clinical"
	encFile := c.flags.String("encounters", "", "cli3.flag.encounters")
	obsFile := c.flags.String("observations", "", "cli3.flag.observations")
	dryRun := c.flags.Bool("dry-run", false, "cli3.flag.patient.import-clinical.dry-run")
	return leaf[clinicalcsv.Result]{nargs: noArgs, json: "cli3.flag.patient.import-clinical.json",
		check: func(*runContext, []string) error {
			if *encFile == "" && *obsFile == "" {
				return usage("cli4.clinical.needFiles")
			}
			_, closeAll, err := openClinicalInput(*encFile, *obsFile)
			if err == nil {
				closeAll()
			}
			return err
		},
		do: func(ctx *runContext, u unlocked, _ []string) (clinicalcsv.Result, error) {
			return importClinical(ctx, u, *encFile, *obsFile, *dryRun)
		},
		asJSON: func(_ unlocked, res clinicalcsv.Result) any {
			return map[string]any{"encounters": len(res.Encounters), "observations": len(res.Observations), "stored": !*dryRun}
		},
		show: func(ctx *runContext, _ unlocked, res clinicalcsv.Result) error {
			loc := ctx.words()
			if *dryRun {
				e, o := app.ClinicalCounts(loc, res)
				n := res.Patients()
				return ctx.say("clinical.dryrun", "Encounters", e, "Observations", o, "Patients", loc.N("clinical.count.patients", n, "N", loc.Int(n)))
			}
			_, err := io.WriteString(ctx.stdout, app.ClinicalImported(loc, res)+"\n")
			return err
		},
	}.build(c)
}

// importClinical checks the files and, unless dryRun, stores them: all or
// nothing. Ctrl-C (SIGINT) or SIGTERM stops the check; nothing is stored
// and the run ends with exit code 130.
func importClinical(ctx *runContext, u unlocked, encFile, obsFile string, dryRun bool) (clinicalcsv.Result, error) {
	in, closeAll, err := openClinicalInput(encFile, obsFile)
	if err != nil {
		return clinicalcsv.Result{}, err
	}
	defer closeAll()
	cc, stop := ctx.interruptContext()
	defer stop()
	res, err := app.CheckClinicalCSV(cc, u.s, in)
	var ce *clinicalcsv.Error
	if errors.As(err, &ce) {
		return clinicalcsv.Result{}, invalid(err, "cli.error.csv", "Problem", clinicalProblems(ctx.words(), ce))
	}
	if err == nil && !dryRun {
		res, err = app.ImportClinical(cc, u.s, res)
	}
	if errors.Is(err, context.Canceled) {
		return clinicalcsv.Result{}, fail(exitCancelled, err, "clinical.cancelled.cli")
	}
	return res, err
}

// clinicalProblems lists the problems of the files in the run's language,
// each worded as the desktop's import words it (app.ClinicalCSVProblem).
func clinicalProblems(loc *i18n.Localizer, e *clinicalcsv.Error) string {
	var b strings.Builder
	b.WriteString(loc.N("cli4.csv.problems", len(e.Problems)+e.More))
	for _, p := range e.Problems {
		b.WriteString("\n  " + app.ClinicalCSVProblem(loc, p))
	}
	if e.More > 0 {
		b.WriteString("\n  " + loc.T("cli4.csv.more", "Count", e.More))
	}
	return b.String()
}

func openClinicalInput(encFile, obsFile string) (clinicalcsv.Input, func(), error) {
	in := clinicalcsv.Input{EncountersName: encFile, ObservationsName: obsFile}
	var files []*os.File
	closeAll := func() {
		for _, f := range files {
			f.Close()
		}
	}
	for _, x := range []struct {
		name string
		dst  *io.Reader
	}{{encFile, &in.Encounters}, {obsFile, &in.Observations}} {
		if x.name == "" {
			continue
		}
		f, err := os.Open(x.name)
		if err != nil {
			closeAll()
			return in, nil, fail(exitNotFound, err, "cli4.file.cannotRead", "File", x.name)
		}
		files = append(files, f)
		*x.dst = f
	}
	return in, closeAll, nil
}
