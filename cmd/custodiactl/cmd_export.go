package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"sort"
	"strconv"
	"strings"
	"syscall"

	"filippo.io/age"

	"custodia/app"
	"custodia/deid"
	"custodia/i18n"
	"custodia/research"
	"custodia/vault"
)

// exportCommand is "custodiactl export": research exports from the vault
// (issue 7). Every step is a use case of package app.
func exportCommand() *command {
	return newGroup("export", "cli3.cmd.export",
		exportStudyCommand(), exportPreview(), exportRun(), exportHistory(), exportOpen(), exportReidentify())
}

// exportLoc is the language of the export commands' messages: the run's
// language (--lang, CUSTODIA_LANG, then the locale environment).
func (ctx *runContext) exportLoc() *i18n.Localizer { return ctx.words() }

// signalContext is cancelled by SIGINT or SIGTERM.
func signalContext() (context.Context, func()) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

// exportSummary is the --json of preview and run (issue 7 §8).
type exportSummary struct {
	ExportID       string              `json:"export_id,omitempty"`
	Study          string              `json:"study"`
	Version        int                 `json:"version"`
	Candidates     int                 `json:"candidates"`
	Included       int                 `json:"included"`
	Excluded       map[string]int      `json:"excluded"`
	Rows           int                 `json:"rows"`
	Classes        int                 `json:"classes"`
	Suppressed     int                 `json:"suppressed"`
	PatientsOut    int                 `json:"patients"`
	K              int                 `json:"k"`
	SmallestClass  int                 `json:"smallest_class"`
	Transformation []deid.QITransform  `json:"transformation"`
	Risk           exportRisk          `json:"risk"`
	Utility        research.ReportUtil `json:"utility"`
	File           string              `json:"file,omitempty"`
	SHA256         string              `json:"sha256,omitempty"`
	report         *research.Report    // for the people's wording of the figures
}

// exportRisk: after is counted per patient (the unit k holds for);
// after_rows is the engine's row view.
type exportRisk struct {
	Before    deid.Risk `json:"before"`
	After     deid.Risk `json:"after"`
	AfterRows deid.Risk `json:"after_rows"`
}

func summaryOf(r *research.Report) exportSummary {
	return exportSummary{ExportID: r.ExportID, Study: r.Study.ID, Version: r.Study.Version, Candidates: r.Cohort.Candidates,
		Included: r.Cohort.Included, Excluded: r.Cohort.Excluded, Rows: r.Rows.Output, Classes: r.Classes, Suppressed: r.Rows.Suppressed,
		PatientsOut: r.Rows.PatientsOutput, K: r.Model.Privacy.K, SmallestClass: r.Risk.AfterPatients.SmallestClass,
		Transformation: r.Transformation, Risk: exportRisk{Before: r.Risk.Before, After: r.Risk.AfterPatients, AfterRows: r.Risk.After},
		Utility: r.Utility, report: r}
}

// writeSummary prints a preview or run for people.
func writeSummary(w io.Writer, loc *i18n.Localizer, s exportSummary) {
	fmt.Fprintln(w, loc.T("export.sum.cohort", "Candidates", loc.Int(s.Candidates), "Included", loc.Int(s.Included)))
	reasons := make([]string, 0, len(s.Excluded))
	for r := range s.Excluded {
		reasons = append(reasons, r)
	}
	sort.Strings(reasons)
	for _, r := range reasons {
		fmt.Fprintln(w, loc.T("export.sum.excluded", "Reason", reasonText(loc, r), "Count", loc.Int(s.Excluded[r])))
	}
	fmt.Fprintln(w, research.ReleaseText(loc, s.report))
	fmt.Fprintln(w, loc.T("export.sum.classes", "Classes", loc.Int(s.Classes), "Smallest", loc.Int(s.SmallestClass), "K", s.K))
	var tr []string
	for _, q := range s.Transformation {
		// "Alter (age)": people read the word, researchers find the code
		name := research.ColumnNamed(loc, q.Column)
		if q.Level < 0 { // Mondrian: a level per group
			tr = append(tr, name+" "+loc.T("research2.html.perClass"))
			continue
		}
		tr = append(tr, fmt.Sprintf("%s %d/%d", name, q.Level, q.Height))
	}
	fmt.Fprintln(w, loc.T("export.sum.transformation", "Levels", strings.Join(tr, ", ")))
	fmt.Fprintln(w, riskLine(loc, s))
}

// riskLine is the prosecutor risk before and after. At encounter level
// the risk before counts rows, so the line gives the risk after both per
// row and per patient, as report.html's columns do; an average per
// patient next to one per row alone could seem to rise.
func riskLine(loc *i18n.Localizer, s exportSummary) string {
	r := s.Risk
	pairs := []any{"Before", loc.Percent(r.Before.ProsecutorMax, 1), "After", loc.Percent(r.After.ProsecutorMax, 1),
		"AvgBefore", loc.Percent(r.Before.ProsecutorAvg, 2), "AvgAfter", loc.Percent(r.After.ProsecutorAvg, 2)}
	if s.report == nil || s.report.Study.Level != research.LevelEncounter {
		return loc.T("export.sum.risk", pairs...)
	}
	pairs = append(pairs, "AfterRows", loc.Percent(r.AfterRows.ProsecutorMax, 1), "AvgAfterRows", loc.Percent(r.AfterRows.ProsecutorAvg, 2))
	return loc.T("researchwords.cli.riskEncounter", pairs...)
}

// reasonText is an exclusion reason as people read it; a reason this
// version has no words for (a newer engine's) gets the generic label,
// never its code.
// It is the desktop's and report.html's wording (research.ReasonText).
func reasonText(loc *i18n.Localizer, code string) string { return research.ReasonText(loc, code) }

func exportPreview() *command {
	c := newCommand("preview", "[flags] STUDY", "cli3.cmd.export.preview")
	return leaf[exportSummary]{nargs: exactArgs(1), json: "cli3.flag.export.preview.json",
		do: func(ctx *runContext, u unlocked, args []string) (exportSummary, error) {
			rep, err := previewStudy(u.uc, args[0])
			if err != nil {
				return exportSummary{}, exportError(ctx.exportLoc(), err)
			}
			return summaryOf(rep), nil
		},
		show: func(ctx *runContext, _ unlocked, s exportSummary) error {
			loc := ctx.exportLoc()
			fmt.Fprintln(ctx.stdout, loc.T("export.preview.head", "ID", s.Study, "Version", s.Version))
			writeSummary(ctx.stdout, loc, s)
			return ctx.say("export.preview.nothing")
		},
	}.build(c)
}

// runSummary is the summary of an export written to file.
func runSummary(rec app.ExportRecord, file string) exportSummary {
	s := summaryOf(rec.Report)
	s.File, s.SHA256 = file, rec.SHA256
	return s
}

// previewStudy runs the latest version of a study on the vault's data,
// writing nothing; Ctrl-C stops it.
func previewStudy(uc *app.Session, id string) (*research.Report, error) {
	recs, err := uc.StudyVersions(id)
	if err != nil {
		return nil, studyNotFound(id, err)
	}
	cc, stop := signalContext()
	defer stop()
	data, err := uc.LoadResearchData(cc, nil)
	if err != nil {
		return nil, err
	}
	defer data.Close()
	return uc.PreviewStudy(cc, data, recs[len(recs)-1].Study, nil)
}

func exportRun() *command {
	c := newCommand("run", "[flags] STUDY", "cli3.cmd.export.run")
	c.help = "cli3.help.export.run"
	out := c.flags.String("out", "", "cli3.flag.export.run.out")
	passFile := c.flags.String("package-passphrase-file", "", "cli3.flag.export.run.package-passphrase-file")
	opts := app.ExportOptions{}
	check := func(ctx *runContext, _ []string) error {
		if *out == "" {
			return usageErrorf("%s", ctx.exportLoc().T("export.err.out"))
		}
		opts.Language = ctx.exportLoc().Lang() // report.html speaks the run's language
		if *passFile != "" {
			p, err := ctx.readSecretFile(*passFile, "--package-passphrase-file")
			if err != nil {
				return err
			}
			opts.Passphrase = string(p)
			wipe(p)
		}
		return nil
	}
	return leaf[app.ExportRecord]{nargs: exactArgs(1), check: check,
		json: "cli3.flag.export.run.json",
		do: func(ctx *runContext, u unlocked, args []string) (app.ExportRecord, error) {
			cc, stop := signalContext()
			defer stop()
			rec, err := u.uc.RunExport(cc, args[0], *out, opts)
			if err != nil {
				return rec, exportError(ctx.exportLoc(), studyNotFound(args[0], err))
			}
			return rec, nil
		},
		show: func(ctx *runContext, _ unlocked, rec app.ExportRecord) error {
			loc := ctx.exportLoc()
			fmt.Fprintln(ctx.stdout, loc.T("export.run.head", "Name", rec.StudyName, "Version", rec.Version, "Date", loc.Date(rec.At.Local()), "File", *out, "ExportID", rec.ExportID))
			writeSummary(ctx.stdout, loc, runSummary(rec, *out))
			return ctx.say("export.run.recorded", "Count", loc.Int(rec.Included), "SHA", rec.SHA256)
		},
		asJSON: func(_ unlocked, rec app.ExportRecord) any { return runSummary(rec, *out) },
	}.build(c)
}

func exportHistory() *command {
	c := newCommand("history", "[flags]", "cli3.cmd.export.history")
	study := c.flags.String("study", "", "cli3.flag.study")
	return leaf[[]app.ExportRecord]{nargs: noArgs, json: "cli3.flag.export.history.json",
		do: func(ctx *runContext, u unlocked, _ []string) ([]app.ExportRecord, error) {
			hist, err := u.uc.ExportHistory(*study)
			if err == nil && len(hist) == 0 && *study != "" {
				_, err = u.uc.StudyVersions(*study) // a mistyped --study is said, not an empty table
			}
			if err != nil {
				return nil, exportError(ctx.exportLoc(), studyNotFound(*study, err))
			}
			return nonNil(hist), nil
		},
		show: writeExportHistory,
	}.build(c)
}

func writeExportHistory(ctx *runContext, _ unlocked, hist []app.ExportRecord) error {
	loc := ctx.exportLoc()
	t := &table{}
	t.add(loc.T("export.col.export"), loc.T("export.col.when"), loc.T("export.col.by"), loc.T("export.col.study"),
		loc.T("release.col.patients"), loc.T("export.col.excluded"), loc.T("export.col.rows"), loc.T("export.col.file"), "SHA-256")
	for _, h := range hist {
		ex := 0
		for _, n := range h.Excluded {
			ex += n
		}
		t.add(h.ExportID, loc.DateTime(h.At), h.By, h.StudyName+" v"+strconv.Itoa(h.Version), loc.Int(h.Included), loc.Int(ex),
			loc.Int(h.Rows), h.FileName, h.SHA256[:min(16, len(h.SHA256))]+"…")
	}
	return t.write(ctx.stdout)
}

func exportOpen() *command {
	c := newCommand("open", "[flags] FILE.age", "cli3.cmd.export.open")
	c.help = "cli3.help.export.open"
	fs := c.flags
	vf := &vaultFlags{}
	fs.StringVar(&vf.path, "vault", "", "cli3.flag.export.open.vault")
	fs.StringVar(&vf.user, "user", "", "cli3.flag.export.open.user")
	fs.StringVar(&vf.passphraseFile, "vault-passphrase-file", "", "cli3.flag.vault-passphrase-file")
	fs.StringVar(&vf.totpCode, "code", "", "cli3.flag.export.open.code")
	identity := fs.String("identity", "", "cli3.flag.export.open.identity")
	passFile := fs.String("passphrase-file", "", "cli3.flag.export.open.passphrase-file")
	dir := fs.String("dir", "", "cli3.flag.dir")
	asJSON := fs.Bool("json", false, "cli3.flag.export.open.json")
	c.nargs = exactArgs(1)
	c.run = func(ctx *runContext, args []string) error {
		loc := ctx.exportLoc()
		if *dir == "" {
			return usageErrorf("%s", loc.T("export.err.dir"))
		}
		o, err := ctx.openPackage(args[0], *dir, *identity, *passFile, vf)
		if err != nil {
			return exportError(loc, err)
		}
		if *asJSON {
			return writeJSON(ctx.stdout, o)
		}
		return writeOpened(ctx.stdout, loc, o)
	}
	return c
}

func (ctx *runContext) openPackage(file, dir, identity, passFile string, vf *vaultFlags) (*research.Opened, error) {
	if identity != "" || passFile != "" {
		var ids []age.Identity
		if identity != "" {
			got, err := research.IdentityFromFile(identity)
			if errors.Is(err, fs.ErrNotExist) {
				return nil, fail(exitNotFound, err, "cli4.file.cannotRead", "File", identity)
			}
			if err != nil {
				return nil, invalid(err, "cli4.backup.noIdentity", "File", identity)
			}
			ids = append(ids, got...)
		}
		if passFile != "" {
			p, err := ctx.readSecretFile(passFile, "--passphrase-file")
			if err != nil {
				return nil, err
			}
			id, err := research.PassphraseIdentity(string(p))
			wipe(p)
			if err != nil {
				return nil, err
			}
			ids = append(ids, id)
		}
		f, err := os.Open(file)
		if err != nil {
			return nil, fail(exitNotFound, err, "cli4.file.cannotRead", "File", file)
		}
		defer f.Close()
		return research.Open(f, dir, ids...)
	}
	uc, closeFn, err := ctx.openApp(vf)
	if err != nil {
		return nil, err
	}
	defer closeFn()
	cc, stop := signalContext()
	defer stop()
	o, err := uc.OpenPackage(cc, file, dir, "")
	if errors.Is(err, fs.ErrNotExist) && !errors.Is(err, research.ErrPackage) {
		return nil, fail(exitNotFound, err, "cli4.file.cannotRead", "File", file)
	}
	return o, err
}

func writeOpened(w io.Writer, loc *i18n.Localizer, o *research.Opened) error {
	r := o.Report
	fmt.Fprintln(w, loc.T("export.open.head", "Name", r.Study.Name, "Version", r.Study.Version, "Date", loc.Date(r.Created.Local()), "ExportID", r.ExportID))
	fmt.Fprintln(w, loc.T("export.open.manifest", "Count", len(o.Files), "Dir", o.Dir))
	for _, c := range o.Verified.Checks {
		fmt.Fprintf(w, "  %s\n", research.CheckText(loc, c)) // the desktop's and report.html's wording
	}
	if !o.OK() {
		return newExitError(exitIntegrity, nil, "%s", loc.T("export.open.bad"))
	}
	fmt.Fprintln(w, loc.T("export.open.ok", "Rows", loc.Int(r.Rows.Output), "Patients", loc.Int(r.Rows.PatientsOutput)))
	return nil
}

func exportReidentify() *command {
	c := newCommand("reidentify", "[flags] STUDY", "cli3.cmd.export.reidentify")
	pseudonym := c.flags.String("pseudonym", "", "cli3.flag.pseudonym")
	reason := c.flags.String("reason", "", "cli3.flag.export.reidentify.reason")
	check := func(ctx *runContext, _ []string) error {
		if *pseudonym == "" || strings.TrimSpace(*reason) == "" {
			return usageErrorf("%s", ctx.exportLoc().T("export.err.reidentify"))
		}
		return nil
	}
	return leaf[vault.PatientSummary]{nargs: exactArgs(1), json: "cli3.flag.json", check: check,
		do: func(ctx *runContext, u unlocked, args []string) (vault.PatientSummary, error) {
			p, err := u.uc.Reidentify(args[0], *pseudonym, *reason)
			if err != nil {
				return p, exportError(ctx.exportLoc(), studyNotFound(args[0], err))
			}
			return p, nil
		},
		show: func(ctx *runContext, _ unlocked, p vault.PatientSummary) error {
			loc := ctx.exportLoc()
			return ctx.say("export.reidentify.found", "Name", p.GivenName+" "+p.FamilyName, "Birth", loc.Date(p.BirthDate), "MRN", orDash(p.MRN), "ID", p.ID)
		},
		asJSON: func(_ unlocked, p vault.PatientSummary) any {
			return map[string]any{"patient_id": p.ID, "given_name": p.GivenName, "family_name": p.FamilyName,
				"birth_date": p.BirthDate.Format(dateLayout), "mrn": p.MRN}
		},
	}.build(c)
}

// exportError maps the research export's errors to messages and exit
// codes; the rest goes to the central mapping. Messages name studies,
// files and fields, never patient data.
func exportError(loc *i18n.Localizer, err error) error {
	var ee *exitError
	var ve *research.ValidationError
	var sm *studyMissing
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ee):
		return err
	case errors.Is(err, context.Canceled):
		return newExitError(exitCancelled, err, "%s", loc.T("export.err.cancelled"))
	case errors.As(err, &ve):
		return newExitError(exitValidation, err, "%s", loc.T("export.err.invalid", "Fields", studyFields(loc, ve)))
	case errors.Is(err, research.ErrInvalidStudy):
		return newExitError(exitValidation, err, "%s", loc.T("export.err.invalid", "Fields", strings.TrimPrefix(err.Error(), "research: invalid study: ")))
	case errors.Is(err, research.ErrEmptyCohort):
		return newExitError(exitValidation, err, "%s", loc.T("export.err.empty"))
	case errors.Is(err, deid.ErrNoSolution):
		text, _ := app.StudyRunText(loc, err) // the desktop's wording, with the suppression limit
		return newExitError(exitValidation, err, "%s", text)
	case errors.Is(err, app.ErrStudyKeyDestroyed), errors.Is(err, vault.ErrKeyDestroyed):
		return newExitError(exitValidation, err, "%s", loc.T("export.err.key_destroyed"))
	case errors.Is(err, app.ErrPackageExists):
		return newExitError(exitValidation, err, "%s", loc.T("export.err.exists"))
	case errors.Is(err, research.ErrUnknownPseudonym):
		return newExitError(exitNotFound, err, "%s", loc.T("export.err.pseudonym"))
	case errors.Is(err, research.ErrPackage):
		text, _ := app.PackageText(loc, err) // what is wrong, and with which file
		return newExitError(exitIntegrity, err, "%s", text)
	case errors.Is(err, research.ErrDirNotEmpty):
		text, _ := app.PackageText(loc, err)
		return newExitError(exitValidation, err, "%s", text)
	case errors.As(err, &sm):
		return newExitError(exitNotFound, err, "%s", loc.T("export.err.nostudy", "ID", sm.id))
	}
	return err
}
