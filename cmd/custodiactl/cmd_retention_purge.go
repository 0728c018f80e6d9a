package main

import (
	"errors"

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
	certFile := c.flags.String("certificate", "", "write the deletion certificate to `file` (HTML)")
	return leaf[consent.Certificate]{nargs: noArgs,
		do: func(ctx *runContext, u unlocked, _ []string) (consent.Certificate, error) {
			cert, err := u.uc.PurgeKept()
			switch {
			case errors.Is(err, consent.ErrPermission):
				return cert, newExitError(exitPermission, err, "%s", ctx.words().T("cli2.purge.permission"))
			case err != nil:
				return cert, consentMessage(err)
			case len(cert.Items) > 0 && *certFile != "":
				return cert, writeFileAtomic(*certFile, cert.WriteHTML)
			}
			return cert, nil
		},
		show: func(ctx *runContext, _ unlocked, cert consent.Certificate) error {
			if len(cert.Items) == 0 {
				return ctx.say("cli2.purge.nothing")
			}
			return ctx.say("cli2.purge.done", "Count", len(cert.Items), "ID", cert.ID)
		},
	}.build(c)
}
