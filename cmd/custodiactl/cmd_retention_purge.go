package main

import (
	"errors"
	"fmt"

	"custodia/consent"
)

func retentionPurge() *command {
	c := newCommand("purge", "[flags]", "destroy what erasures kept under Art. 17(3) once its keep-until date has passed (the DPO)")
	c.help = `Lists the kept data of erased patients whose keep-until date has passed
(as "retention due" shows them), records the DPO's approval of that batch,
destroys the retention keys with everything kept under them (anonymised
values stay), audits each patient and issues a deletion certificate. Only
the data-protection officer approves. --certificate writes the certificate
as a printable page.`
	vf := addVaultFlags(c.flags)
	certFile := c.flags.String("certificate", "", "write the deletion certificate to `file` (HTML)")
	c.nargs = noArgs
	c.run = func(ctx *runContext, _ []string) error {
		uc, closeFn, err := ctx.openApp(vf)
		if err != nil {
			return err
		}
		defer closeFn()
		cert, err := uc.PurgeKept()
		switch {
		case errors.Is(err, consent.ErrPermission):
			return newExitError(exitPermission, err, "permission denied: only the data-protection officer approves deleting kept data")
		case err != nil:
			return consentMessage(err)
		case len(cert.Items) == 0:
			fmt.Fprintln(ctx.stdout, "nothing to purge: no kept data has passed its keep-until date")
			return nil
		}
		if *certFile != "" {
			if err := writeFileAtomic(*certFile, cert.WriteHTML); err != nil {
				return err
			}
		}
		fmt.Fprintf(ctx.stdout, "kept data of %d erased patient(s) destroyed; deletion certificate %s\n", len(cert.Items), cert.ID)
		return nil
	}
	return c
}
