package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"custodia/app"
	"custodia/auditexport"
)

func auditExport() *command {
	c := newCommand("export", "[flags] --format jsonl|syslog|fhir", "export the audit trail for a SIEM")
	c.help = `Writes every audit entry (after --after) as JSON Lines, RFC 5424 syslog
messages (one per line) or a FHIR R4 Bundle of AuditEvent resources.
Entries carry ids only: patients appear as Patient/<id>, staff as user ids.`
	vf := addVaultFlags(c.flags)
	format := c.flags.String("format", "", "jsonl, syslog or fhir (required)")
	out := c.flags.String("out", "", "write to `file` instead of standard output")
	after := c.flags.Int64("after", 0, "export entries after this sequence number")
	host := c.flags.String("host", "", "HOSTNAME of syslog messages (default this computer's name)")
	c.nargs = noArgs
	c.run = func(ctx *runContext, _ []string) error {
		f, err := app.ParseAuditFormat(*format)
		if err != nil {
			return usageErrorf("audit export: --format must be jsonl, syslog or fhir")
		}
		s, closeFn, err := ctx.openSession(vf)
		if err != nil {
			return err
		}
		defer closeFn()
		w, done, err := outputFile(ctx, *out)
		if err != nil {
			return err
		}
		_, err = app.ExportAudit(s, w, app.AuditExport{Format: f, After: *after, Host: syslogHost(*host), Now: ctx.now()})
		return errors.Join(err, done())
	}
	return c
}

func outputFile(ctx *runContext, path string) (io.Writer, func() error, error) {
	if path == "" {
		return ctx.stdout, func() error { return nil }, nil
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return nil, nil, newExitError(exitNotFound, err, "cannot create %s", path)
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
	c := newCommand("forward", "[flags] --syslog udp|tcp://HOST:PORT", "send new audit entries to a syslog receiver")
	c.help = `Follows the audit trail and sends every new entry as an RFC 5424 message
(UDP datagrams, or octet-counted frames over TCP). The last entry sent is
kept in --state (default: the vault file's name + ".forward"), so a restart
resumes where it stopped and sends nothing twice. Runs until interrupted;
--once sends what is new and exits (for a scheduled task). Entries carry
ids only, never names.`
	vf := addVaultFlags(c.flags)
	target := c.flags.String("syslog", "", "receiver `URL`: udp://HOST:PORT or tcp://HOST:PORT (required)")
	state := c.flags.String("state", "", "forwarding state `file`")
	interval := c.flags.Duration("interval", 5*time.Second, "time between polls")
	once := c.flags.Bool("once", false, "send what is new, then exit")
	host := c.flags.String("host", "", "HOSTNAME of the messages (default this computer's name)")
	c.nargs = noArgs
	c.run = func(ctx *runContext, _ []string) error {
		if _, _, err := auditexport.ParseTarget(*target); err != nil {
			return usageErrorf("audit forward: --syslog: want udp://HOST:PORT or tcp://HOST:PORT")
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
			fmt.Fprintf(ctx.stdout, "sent %d audit entries to %s\n", n, *target)
			return err
		}
		sig, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		defer stop()
		return fw.Run(sig, func(n int, err error) {
			if err != nil {
				fmt.Fprintf(ctx.stderr, "custodiactl: audit forward: %v (retrying)\n", err)
				return
			}
			fmt.Fprintf(ctx.stdout, "sent %d audit entries to %s\n", n, *target)
		})
	}
	return c
}
