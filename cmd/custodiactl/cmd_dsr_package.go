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
	c := newCommand("package", "[flags] ID", "cli3.cmd.dsr.package")
	c.help = "cli3.help.dsr.package"
	pdf := c.flags.String("pdf", "", "cli3.flag.pdf")
	letter := c.flags.String("letter", "", "cli3.flag.letter")
	archive := c.flags.String("archive-name", "", "cli3.flag.archive-name")
	lang := c.flags.String("lang", "", "cli3.flag.dsr.package.lang")
	ctrlFile := c.flags.String("controller", "", "cli3.flag.controller")
	check := func(ctx *runContext, _ []string) error {
		if *pdf == "" {
			return usageErrorf("%s", ctx.words().T("cli2.dsr.package.required"))
		}
		if *letter == "" {
			*letter = letterFileName(*pdf, packageWords(ctx, *lang))
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
			loc := packageWords(ctx, *lang)
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

// letterFileName is the cover letter's default file name: the PDF's name
// with " – Anschreiben" (" – Cover letter"), in the documents' language as
// the desktop app names the same letter.
func letterFileName(pdf string, loc *i18n.Localizer) string {
	return strings.TrimSuffix(pdf, filepath.Ext(pdf)) + " – " + loc.T("accesspdf.ui.letterFile") + ".pdf"
}
