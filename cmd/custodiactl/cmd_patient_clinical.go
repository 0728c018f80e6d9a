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
	c := newCommand("import-clinical", "[flags]", "import encounters and observations of existing patients from CSV files (all or nothing)")
	c.help = `--encounters FILE: columns mrn (or patient_id), date, kind, diagnoses
("E11.9 Type 2 diabetes; I10"), and optionally ref.
--observations FILE: columns mrn (or patient_id), date, loinc, value, unit,
and optionally encounter (a ref of the encounters file).
Both files are checked line by line first; if anything is wrong nothing is
imported and every problem is listed by file, line and column.`
	vf := addVaultFlags(c.flags)
	encFile := c.flags.String("encounters", "", "encounters CSV `file`")
	obsFile := c.flags.String("observations", "", "observations CSV `file`")
	asJSON := c.flags.Bool("json", false, "print a JSON summary")
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
