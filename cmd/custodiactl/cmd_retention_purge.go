package main

import (
	"errors"

	"custodia/app"
	"custodia/consent"
)

func retentionPurge() *command {
	c := newCommand("purge", "[flags]", "cli3.cmd.retention.purge")
	c.help = "cli3.help.retention.purge"
	certFile := c.flags.String("certificate", "", "cli3.flag.retention.purge.certificate")
	return leaf[consent.Certificate]{nargs: noArgs,
		do: func(ctx *runContext, u unlocked, _ []string) (consent.Certificate, error) {
			cert, err := u.uc.PurgeKept()
			switch {
			case errors.Is(err, consent.ErrPermission):
				return cert, newExitError(exitPermission, err, "%s", ctx.words().T("cli2.purge.permission"))
			case err != nil:
				return cert, consentMessage(err)
			case len(cert.Items) > 0 && *certFile != "":
				return cert, writeFileAtomic(*certFile, app.CertificateHTML(cert, ctx.words()))
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
