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
			return ctx.say("cli4.audit.intact", "Count", ctx.words().Int(int(n)))
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
			return usage("cli4.audit.page")
		}
		return nil
	}
	return leaf[[]vault.AuditEntry]{nargs: noArgs, json: "cli3.flag.json",
		check: func(*runContext, []string) error { return check(nil) },
		do: func(_ *runContext, u unlocked, _ []string) ([]vault.AuditEntry, error) {
			return app.ReadAudit(u.s).Entries(*after, *limit)
		},
		show: func(ctx *runContext, u unlocked, entries []vault.AuditEntry) error {
			return writeAudit(ctx, userNames(ctx.words(), u.s), entries)
		},
		asJSON: func(_ unlocked, entries []vault.AuditEntry) any {
			return mapEach(entries, func(e vault.AuditEntry) auditJSON {
				return auditJSON{e.Seq, e.Time.UTC(), e.UserID, e.Action, e.Object, e.Outcome, e.Detail}
			})
		},
	}.build(c)
}

// writeAudit prints audit entries for people: accounts by name, actions,
// outcomes and details in the run's language (details worded by
// app.AuditDetail, as the desktop's audit screen shows a selected entry).
func writeAudit(ctx *runContext, names accountNames, entries []vault.AuditEntry) error {
	loc := ctx.words()
	t := &table{}
	t.head(loc, "seq", "time", "user", "action", "object", "outcome", "detail")
	for _, e := range entries {
		t.add(fmt.Sprint(e.Seq), loc.DateTime(e.Time.UTC()), names.name(e.UserID), loc.AuditAction(e.Action), auditObject(loc, names, e.Object),
			loc.Label("outcome", e.Outcome, e.Outcome), app.AuditDetail(loc, e))
	}
	return t.write(ctx.stdout)
}
