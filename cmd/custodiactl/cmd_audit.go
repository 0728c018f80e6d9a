package main

import (
	"fmt"
	"time"

	"custodia/app"
	"custodia/vault"
)

// Audit is the "custodiactl audit" group.
func auditCommand() *command {
	return newGroup("audit", "verify, anchor, list, export and forward the audit trail",
		auditVerify(), auditAnchor(), auditList(), auditExport(), auditForward())
}

func auditVerify() *command {
	c := newCommand("verify", "[flags]", "check the audit trail's hash chain, signatures and keys")
	c.help = `Exit code 7 means the trail was altered; the message names the first bad entry.
With --anchor FILE (written by "audit anchor") it also detects a vault rolled
back to an older copy, a cut tail and a trail re-chained since that anchor.`
	vf := addVaultFlags(c.flags)
	asJSON := c.flags.Bool("json", false, "print JSON")
	anchorFile := c.flags.String("anchor", "", "anchor `file` to check the trail against")
	c.nargs = noArgs
	c.run = func(ctx *runContext, _ []string) error {
		s, closeFn, err := ctx.openSession(vf)
		if err != nil {
			return err
		}
		defer closeFn()
		var n int64
		if *anchorFile != "" {
			n, err = verifyWithAnchor(ctx, s, *anchorFile)
		} else {
			n, err = app.VerifyAudit(s)
		}
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSON(ctx.stdout, map[string]any{"intact": true, "checked": n})
		}
		fmt.Fprintf(ctx.stdout, "audit trail intact: %d entries checked\n", n)
		return nil
	}
	return c
}

type auditJSON struct {
	Seq     int64     `json:"seq"`
	Time    time.Time `json:"time"`
	UserID  string    `json:"user_id"`
	Action  string    `json:"action"`
	Object  string    `json:"object"`
	Outcome string    `json:"outcome"`
	Detail  string    `json:"detail"`
}

func auditList() *command {
	c := newCommand("list", "[flags]", "list audit entries in order")
	vf := addVaultFlags(c.flags)
	after := c.flags.Int64("after", 0, "list entries after this sequence number")
	limit := c.flags.Int("limit", 100, "maximum number of entries")
	asJSON := c.flags.Bool("json", false, "print JSON")
	c.nargs = noArgs
	c.run = func(ctx *runContext, _ []string) error {
		if app.CheckPage(*after, *limit) != nil {
			return usageErrorf("audit list: --after must be >= 0 and --limit >= 1")
		}
		s, closeFn, err := ctx.openSession(vf)
		if err != nil {
			return err
		}
		defer closeFn()
		entries, err := app.AuditEntries(s, *after, *limit)
		if err != nil {
			return err
		}
		return writeAudit(ctx, entries, *asJSON)
	}
	return c
}

func writeAudit(ctx *runContext, entries []vault.AuditEntry, asJSON bool) error {
	if asJSON {
		out := make([]auditJSON, len(entries))
		for i, e := range entries {
			out[i] = auditJSON{e.Seq, e.Time.UTC(), e.UserID, e.Action, e.Object, e.Outcome, e.Detail}
		}
		return writeJSON(ctx.stdout, out)
	}
	t := &table{}
	t.add("SEQ", "TIME", "USER", "ACTION", "OBJECT", "OUTCOME", "DETAIL")
	for _, e := range entries {
		t.add(fmt.Sprint(e.Seq), e.Time.UTC().Format(time.RFC3339), e.UserID, e.Action, e.Object, e.Outcome, e.Detail)
	}
	return t.write(ctx.stdout)
}
