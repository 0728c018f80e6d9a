package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"custodia/vault"
	"custodia/vault/clinicalcsv"
)

func patientImportClinical() *command {
	c := newCommand("import-clinical", "[flags]", "cli3.cmd.patient.import-clinical")
	c.help = "cli3.help.patient.import-clinical"
	vf := addVaultFlags(c.flags)
	encFile := c.flags.String("encounters", "", "cli3.flag.encounters")
	obsFile := c.flags.String("observations", "", "cli3.flag.observations")
	asJSON := c.flags.Bool("json", false, "cli3.flag.patient.import-clinical.json")
	c.nargs = noArgs
	c.run = func(ctx *runContext, _ []string) error {
		if *encFile == "" && *obsFile == "" {
			return usageErrorf("give --encounters FILE, --observations FILE or both")
		}
		in, closeAll, err := openClinicalInput(*encFile, *obsFile)
		if err != nil {
			return err
		}
		defer closeAll()
		return withSession(ctx, vf, func(s *vault.Session) error {
			res, err := clinicalcsv.Import(s, in)
			var ce *clinicalcsv.Error
			if errors.As(err, &ce) {
				return newExitError(exitValidation, err, "nothing was imported: %s", strings.TrimPrefix(ce.Error(), "clinicalcsv: "))
			}
			if err != nil {
				return clinicalFlagError(err)
			}
			if *asJSON {
				return writeJSON(ctx.stdout, map[string]int{"encounters": len(res.Encounters), "observations": len(res.Observations)})
			}
			fmt.Fprintf(ctx.stdout, "imported %d encounters and %d observations\n", len(res.Encounters), len(res.Observations))
			return nil
		})
	}
	return c
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
			return in, nil, newExitError(exitNotFound, err, "cannot open %s", x.name)
		}
		files = append(files, f)
		*x.dst = f
	}
	return in, closeAll, nil
}
