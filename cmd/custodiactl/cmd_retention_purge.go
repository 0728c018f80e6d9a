package main

import (
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
		g, closeFn, err := ctx.openGDPR(vf)
		if err != nil {
			return err
		}
		defer closeFn()
		items, err := g.vault.KeptRetentionItems()
		if err != nil {
			return err
		}
		due := consent.DueForDeletion(items, nil, g.now)
		if len(due) == 0 {
			fmt.Fprintln(ctx.stdout, "nothing to purge: no kept data has passed its keep-until date")
			return nil
		}
		cert, err := g.purgeKept(due)
		if err != nil {
			return err
		}
		if *certFile != "" {
			if err := writeFileAtomic(*certFile, cert.WriteHTML); err != nil {
				return err
			}
		}
		fmt.Fprintf(ctx.stdout, "kept data of %d erased patient(s) destroyed; deletion certificate %s\n", len(due), cert.ID)
		return nil
	}
	return c
}

// purgeKept approves a batch of due kept data as the signed-in user (the
// domain refuses anyone but the DPO), has the vault purge it and stores
// the certificate.
func (g *gdpr) purgeKept(due []consent.DueItem) (consent.Certificate, error) {
	b, err := consent.NewDeletionBatch(due, g.actor, g.now)
	if err != nil {
		return consent.Certificate{}, consentMessage(err)
	}
	if b, err = b.Approve(g.actor, g.now); err != nil {
		return consent.Certificate{}, newExitError(exitPermission, err, "permission denied: only the data-protection officer approves deleting kept data")
	}
	if _, err := g.vault.PurgeKept(b); err != nil {
		return consent.Certificate{}, err
	}
	results := make([]consent.ExecutionResult, len(b.Items))
	for i, d := range b.Items {
		results[i] = consent.ExecutionResult{Category: d.Item.Category, RecordID: d.Item.RecordID, Action: d.Action, Records: 1}
	}
	cert, err := consent.RetentionCertificate(b, results, g.actor, g.now)
	if err != nil {
		return cert, err
	}
	if err := g.store.AddCertificate(g.ctx, cert); err != nil {
		return cert, newExitError(exitInternal, err, "kept data destroyed, but the deletion certificate %s was not stored: run \"retention due\" and keep this message", cert.ID)
	}
	return cert, nil
}
