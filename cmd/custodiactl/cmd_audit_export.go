package main

import (
	"context"
	"errors"
	"io"
	"os"
	"os/signal"
	"time"

	"custodia/app"
	"custodia/auditexport"
)

func auditExport() *command {
	c := newCommand("export", "[flags] --format jsonl|syslog|fhir", "cli3.cmd.audit.export")
	c.help = "cli3.help.audit.export"
	format := c.flags.String("format", "", "cli3.flag.audit.export.format")
	out := c.flags.String("out", "", "cli3.flag.audit.export.out")
	after := c.flags.Int64("after", 0, "cli3.flag.audit.export.after")
	host := c.flags.String("host", "", "cli3.flag.audit.export.host")
	var f app.AuditFormat
	return leaf[struct{}]{nargs: noArgs,
		check: func(_ *runContext, _ []string) (err error) {
			if f, err = app.ParseAuditFormat(*format); err != nil {
				return usage("cli4.audit.format")
			}
			return nil
		},
		do: func(ctx *runContext, u unlocked, _ []string) (struct{}, error) {
			w, done, err := outputFile(ctx, *out)
			if err != nil {
				return struct{}{}, err
			}
			_, err = app.ExportAudit(u.s, w, app.AuditExport{Format: f, After: *after, Host: syslogHost(*host), Now: ctx.now()})
			return struct{}{}, errors.Join(err, done())
		},
	}.build(c)
}

func outputFile(ctx *runContext, path string) (io.Writer, func() error, error) {
	if path == "" {
		return ctx.stdout, func() error { return nil }, nil
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return nil, nil, fail(exitNotFound, err, "cli4.file.cannotCreate", "File", path)
	}
	return f, func() error { return errors.Join(f.Sync(), f.Close()) }, nil
}

func syslogHost(h string) string {
	if h != "" {
		return h
	}
	if name, err := os.Hostname(); err == nil {
		return name
	}
	return "-"
}

func auditForward() *command {
	c := newCommand("forward", "[flags] --syslog udp|tcp://HOST:PORT", "cli3.cmd.audit.forward")
	c.help = "cli3.help.audit.forward"
	vf := addVaultFlags(c.flags)
	target := c.flags.String("syslog", "", "cli3.flag.syslog")
	state := c.flags.String("state", "", "cli3.flag.state")
	interval := c.flags.Duration("interval", 5*time.Second, "cli3.flag.interval")
	once := c.flags.Bool("once", false, "cli3.flag.once")
	host := c.flags.String("host", "", "cli3.flag.audit.forward.host")
	c.nargs = noArgs
	c.run = func(ctx *runContext, _ []string) error {
		if _, _, err := auditexport.ParseTarget(*target); err != nil {
			return usage("cli4.audit.syslog")
		}
		path, err := ctx.vaultPath(vf)
		if err != nil {
			return err
		}
		if *state == "" {
			*state = path + ".forward"
		}
		s, closeFn, err := ctx.openSession(vf)
		if err != nil {
			return err
		}
		defer closeFn()
		fw := &auditexport.Forwarder{Feed: s, Target: *target, StatePath: *state, Host: syslogHost(*host), Interval: *interval}
		if *once {
			n, err := fw.Once()
			ctx.say("cli4.audit.sent", "Count", n, "Target", *target)
			return err
		}
		sig, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		defer stop()
		return fw.Run(sig, func(n int, err error) {
			if err != nil {
				ctx.note("cli4.audit.retrying", "Error", err)
				return
			}
			ctx.say("cli4.audit.sent", "Count", n, "Target", *target)
		})
	}
	return c
}
