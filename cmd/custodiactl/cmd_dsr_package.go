package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"custodia/app"
	"custodia/i18n"
)

func dsrPackage() *command {
	c := newCommand("package", "[flags] ID", "write an access request's data as a passphrase-protected PDF and its cover letter")
	c.help = `Writes the human-readable part of an access or portability package (what
is held, purposes, recipients, retention, sources, rights) as a PDF
encrypted with AES-256 under a generated passphrase of six words, and an
unprotected cover letter that explains how to open it (and the age
archive of "dsr complete", when --archive-name names it). The passphrase
is printed once and never stored: tell it to the patient by another
channel than the files. The request must be verified; it moves to in
progress (complete it with "dsr complete").`
	pdf := c.flags.String("pdf", "", "the protected PDF `file` to write")
	letter := c.flags.String("letter", "", "the cover letter `file` (default: the PDF's name with \" – cover letter\")")
	archive := c.flags.String("archive-name", "", "name of the age archive sent with it, for the letter (`file name`)")
	lang := c.flags.String("lang", "", "the documents' `language`, en or de (default: $LANG)")
	ctrlFile := c.flags.String("controller", "", "controller details `file` (default $"+envController+", else the stored practice details)")
	check := func(ctx *runContext, _ []string) error {
		if *pdf == "" {
			return usageErrorf("%s", ctx.words().T("cli2.dsr.package.required"))
		}
		if *letter == "" {
			*letter = strings.TrimSuffix(*pdf, filepath.Ext(*pdf)) + " – cover letter.pdf"
		}
		return nil
	}
	return leaf[string]{nargs: exactArgs(1), check: check,
		do: func(ctx *runContext, u unlocked, args []string) (string, error) {
			r, err := u.uc.Request(args[0])
			if err != nil {
				return "", err
			}
			ctrl, err := controllerFor(ctx, u.uc, *ctrlFile)
			if err != nil {
				return "", err
			}
			// The documents are in the patient's language (--lang), else in
			// the run's.
			loc := ctx.words()
			if *lang != "" {
				loc = i18n.MustLoad().Localizer(*lang)
			}
			pass, err := u.uc.AccessDocuments(r, app.AccessDocs{Localizer: loc, Controller: ctrl,
				PDFName: filepath.Base(*pdf), ArchiveName: *archive,
				PDF:    func(write func(io.Writer) error) error { return writeFileAtomic(*pdf, write) },
				Letter: func(write func(io.Writer) error) error { return writeFileAtomic(*letter, write) }})
			return pass, consentMessage(err)
		},
		show: func(ctx *runContext, _ unlocked, pass string) error {
			ctx.say("accesspdf.cli.written", "PDF", *pdf, "Letter", *letter)
			ctx.say("accesspdf.cli.passphrase")
			_, err := fmt.Fprintln(ctx.stdout, "  "+pass)
			return err
		},
	}.build(c)
}
