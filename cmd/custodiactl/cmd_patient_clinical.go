package main

import (
	"errors"
	"io"
	"os"
	"strings"

	"custodia/vault/clinicalcsv"
)

func patientImportClinical() *command {
	c := newCommand("import-clinical", "[flags]", "cli3.cmd.patient.import-clinical")
	c.help = "cli3.help.patient.import-clinical"
	encFile := c.flags.String("encounters", "", "cli3.flag.encounters")
	obsFile := c.flags.String("observations", "", "cli3.flag.observations")
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
		do: func(_ *runContext, u unlocked, _ []string) (clinicalcsv.Result, error) {
			in, closeAll, err := openClinicalInput(*encFile, *obsFile)
			if err != nil {
				return clinicalcsv.Result{}, err
			}
			defer closeAll()
			res, err := clinicalcsv.Import(u.s, in)
			var ce *clinicalcsv.Error
			if errors.As(err, &ce) {
				return res, invalid(err, "cli.error.csv", "Problem", strings.TrimPrefix(ce.Error(), "clinicalcsv: "))
			}
			return res, clinicalFlagError(err)
		},
		asJSON: func(_ unlocked, res clinicalcsv.Result) any {
			return map[string]int{"encounters": len(res.Encounters), "observations": len(res.Observations)}
		},
		show: func(ctx *runContext, _ unlocked, res clinicalcsv.Result) error {
			loc := ctx.words()
			return ctx.say("cli4.clinical.imported", "Encounters", loc.Int(len(res.Encounters)), "Observations", loc.Int(len(res.Observations)))
		},
	}.build(c)
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
