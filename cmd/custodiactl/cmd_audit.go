package main

import (
	"fmt"
	"time"

	"custodia/app"
	"custodia/vault"
)

// Audit is the "custodiactl audit" group.
func auditCommand() *command {
	return newGroup("audit", "cli3.cmd.audit",
		auditVerify(), auditAnchor(), auditAnchorFile(), auditList(), auditExport(), auditForward())
}

func auditVerify() *command {
	c := newCommand("verify", "[flags]", "cli3.cmd.audit.verify")
	c.help = "cli3.help.audit.verify"
	anchorFile := c.flags.String("anchor", "", "cli3.flag.anchor")
	var anchor []byte
	check := func([]string) error {
		var err error
		if *anchorFile != "" {
			anchor, err = readAnchorFile(*anchorFile)
		}
		return err
	}
	return readLeaf(c, noArgs, check,
		func(u unlocked, _ []string) (int64, error) {
			if anchor != nil {
				return verifyWithAnchor(u.s, *anchorFile, anchor)
			}
			return app.VerifyAudit(u.s)
		},
		func(ctx *runContext, n int64, asJSON bool) error {
			if asJSON {
				return writeJSON(ctx.stdout, map[string]any{"intact": true, "checked": n})
			}
			_, err := fmt.Fprintf(ctx.stdout, "audit trail intact: %d entries checked\n", n)
			return err
		})
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
	c := newCommand("list", "[flags]", "cli3.cmd.audit.list")
	after := c.flags.Int64("after", 0, "cli3.flag.audit.list.after")
	limit := c.flags.Int("limit", 100, "cli3.flag.audit.list.limit")
	check := func([]string) error {
		if app.CheckPage(*after, *limit) != nil {
			return usageErrorf("audit list: --after must be >= 0 and --limit >= 1")
		}
		return nil
	}
	return readLeaf(c, noArgs, check,
		func(u unlocked, _ []string) ([]vault.AuditEntry, error) { return app.AuditEntries(u.s, *after, *limit) },
		writeAudit)
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
		t.add(fmt.Sprint(e.Seq), e.Time.UTC().Format(time.RFC3339), e.UserID, ctx.words().AuditAction(e.Action), e.Object, e.Outcome, e.Detail)
	}
	return t.write(ctx.stdout)
}
