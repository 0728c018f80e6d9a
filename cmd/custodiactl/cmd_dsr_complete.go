package main

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"filippo.io/age"

	"custodia/app"
	"custodia/consent"
	"custodia/i18n"
	"custodia/printdoc"
	"custodia/vault"
)

// packageWords is the language of the package's pages: the patient's
// (--lang), else the run's.
func packageWords(ctx *runContext, lang string) *i18n.Localizer {
	if lang == "" {
		return ctx.words()
	}
	return i18n.MustLoad().Localizer(lang)
}

// completeFlags are the flags of "dsr complete".
type completeFlags struct {
	out, ageRecipient, passFile string
	certificate, controller     string
	lang                        string
	lastTreatment               string
	dryRun, yes                 bool
	fields                      fieldFlags
}

// fieldFlags collects repeated --field name=value flags.
type fieldFlags []string

func (f *fieldFlags) String() string     { return strings.Join(*f, ",") }
func (f *fieldFlags) Set(v string) error { *f = append(*f, v); return nil }

func dsrComplete() *command {
	c := newCommand("complete", "[flags] ID", "cli3.cmd.dsr.complete")
	c.help = "cli3.help.dsr.complete"
	cf := &completeFlags{}
	c.flags.StringVar(&cf.out, "out", "", "cli3.flag.dsr.complete.out")
	c.flags.StringVar(&cf.ageRecipient, "recipient", "", "cli3.flag.dsr.complete.recipient")
	c.flags.StringVar(&cf.passFile, "package-passphrase-file", "", "cli3.flag.dsr.complete.package-passphrase-file")
	c.flags.StringVar(&cf.certificate, "certificate", "", "cli3.flag.dsr.complete.certificate")
	c.flags.StringVar(&cf.controller, "controller", "", "cli3.flag.dsr.complete.controller")
	c.flags.StringVar(&cf.lastTreatment, "last-treatment", "", "cli3.flag.last-treatment")
	c.flags.BoolVar(&cf.dryRun, "dry-run", false, "cli3.flag.dsr.complete.dry-run")
	c.flags.BoolVar(&cf.yes, "yes", false, "cli3.flag.yes")
	c.flags.Var(&cf.fields, "field", "cli3.flag.field")
	c.flags.StringVar(&cf.lang, "lang", "", "cli3.flag.dsr.package.lang")
	return leaf[struct{}]{nargs: exactArgs(1),
		do: func(ctx *runContext, u unlocked, args []string) (struct{}, error) {
			r, err := u.uc.Request(args[0])
			if err != nil {
				return struct{}{}, err
			}
			return struct{}{}, complete(ctx, u.uc, r, cf)
		},
	}.build(c)
}

// complete checks that the user may close the request (a denial is
// audited) and the flags, then runs the use case: erasure plans (and with
// --yes executes), every other type carries out its work and closes.
func complete(ctx *runContext, uc *app.Session, r consent.Request, cf *completeFlags) error {
	if err := uc.CheckComplete(r); err != nil {
		return consentMessage(err)
	}
	if err := checkCompleteFlags(r.Type, cf); err != nil {
		return err
	}
	// Named before the work: an erasure takes the name away.
	names, err := uc.CertificateNames(ctx.words(), r)
	if err != nil {
		return consentMessage(err)
	}
	if r.Type == consent.ReqErasure {
		return completeErasure(ctx, uc, r, cf, names)
	}
	w, cleanup, err := workOf(ctx, uc, r, cf)
	if err != nil {
		return err
	}
	defer cleanup()
	_, notify, err := uc.CompleteRequest(r, w)
	if err != nil {
		return consentMessage(flagValidationError(err))
	}
	if w.Package != nil {
		ctx.say("cliuuid.dsr.packageWritten", "Patient", app.PersonText(ctx.words(), names.Patient), "File", cf.out)
	}
	return reportClosed(ctx, names, notify)
}

// reportClosed says which request for whom is done, by name and label.
func reportClosed(ctx *runContext, names app.CertificateNames, notify []consent.Notification) error {
	loc := ctx.words()
	ctx.say("cliuuid.dsr.completed", "Request", names.Request, "Patient", app.PersonText(loc, names.Patient))
	return writeNotifications(ctx.stdout, loc, notify)
}

func checkCompleteFlags(t consent.RequestType, cf *completeFlags) error {
	switch t {
	case consent.ReqAccess, consent.ReqPortability, consent.ReqHIPAAAccess:
		if cf.out == "" || (cf.ageRecipient == "") == (cf.passFile == "") {
			return usage("cli4.dsr.accessNeeds")
		}
		if _, err := age.ParseX25519Recipient(cf.ageRecipient); cf.ageRecipient != "" && err != nil {
			return usage("cli4.badRecipient")
		}
	case consent.ReqRectification, consent.ReqHIPAAAmendment:
		if len(cf.fields) == 0 {
			return usage("cli4.dsr.rectifyNeeds")
		}
		var scratch vault.Patient
		for _, f := range cf.fields {
			if err := setField(&scratch, f); err != nil {
				return err
			}
		}
	case consent.ReqErasure:
		if cf.dryRun && cf.yes {
			return usage("cli4.dsr.dryRunYes")
		}
	}
	return nil
}

// workOf turns the flags into the work of the use case: the package file
// and its recipient, or the corrected fields. cleanup wipes a passphrase.
func workOf(ctx *runContext, uc *app.Session, r consent.Request, cf *completeFlags) (app.Work, func(), error) {
	var w app.Work
	cleanup := func() {}
	switch r.Type {
	case consent.ReqAccess, consent.ReqPortability, consent.ReqHIPAAAccess:
		ctrl, err := controllerFor(ctx, uc, cf.controller)
		if err != nil {
			return w, cleanup, err
		}
		w.PackageTo = vault.AccessRecipient{X25519: cf.ageRecipient, Controller: ctrl, Pages: printdoc.AccessPages{Loc: packageWords(ctx, cf.lang)}}
		if cf.passFile != "" {
			pass, err := ctx.readSecretFile(cf.passFile, "--package-passphrase-file")
			if err != nil {
				return w, cleanup, err
			}
			w.PackageTo.Passphrase = string(pass)
			cleanup = func() { wipe(pass) }
		}
		w.Package = func(write func(io.Writer) error) error { return writeFileAtomic(cf.out, write) }
	case consent.ReqRectification, consent.ReqHIPAAAmendment:
		w.Rectify = func(p *vault.Patient) error {
			for _, f := range cf.fields {
				if err := setField(p, f); err != nil {
					return err
				}
			}
			return nil
		}
	}
	return w, cleanup, nil
}

// patientSetters set one field by its flag name.
var patientSetters = map[string]func(*vault.Patient, string) error{
	"given":     func(p *vault.Patient, v string) error { p.GivenName = v; return nil },
	"family":    func(p *vault.Patient, v string) error { p.FamilyName = v; return nil },
	"sex":       func(p *vault.Patient, v string) error { p.Sex = v; return nil },
	"address":   func(p *vault.Patient, v string) error { p.Address = v; return nil },
	"postcode":  func(p *vault.Patient, v string) error { p.Postcode = v; return nil },
	"phone":     func(p *vault.Patient, v string) error { p.Phone = v; return nil },
	"email":     func(p *vault.Patient, v string) error { p.Email = v; return nil },
	"insurance": func(p *vault.Patient, v string) error { p.InsuranceNumber = v; return nil },
	"mrn":       func(p *vault.Patient, v string) error { p.MRN = v; return nil },
	"diagnosis": func(p *vault.Patient, v string) error { p.Diagnosis = v; return nil },
	"notes":     func(p *vault.Patient, v string) error { p.Notes = v; return nil },
	"birth": func(p *vault.Patient, v string) error {
		d, err := parseDate("--field birth", v)
		p.BirthDate = d
		return err
	},
}

func setField(p *vault.Patient, kv string) error {
	name, value, ok := strings.Cut(kv, "=")
	set := patientSetters[strings.TrimSpace(name)]
	if !ok || set == nil {
		names := make([]string, 0, len(patientSetters))
		for n := range patientSetters {
			names = append(names, n)
		}
		sort.Strings(names)
		return usage("cli4.dsr.field", "Names", strings.Join(names, ", "))
	}
	return set(p, value)
}

// completeErasure plans the erasure; with --yes it executes the plan,
// stores the certificate and closes the request.
func completeErasure(ctx *runContext, uc *app.Session, r consent.Request, cf *completeFlags, names app.CertificateNames) error {
	var lt time.Time
	if cf.lastTreatment != "" {
		d, err := parseDate("--last-treatment", cf.lastTreatment)
		if err != nil {
			return err
		}
		lt = d
	}
	plan, err := uc.PlanErasure(r, lt)
	switch {
	case errors.Is(err, app.ErrNeedLastTreatment):
		return invalid(err, "cli4.dsr.needLastTreatment")
	case errors.Is(err, app.ErrFutureDate):
		return invalid(err, "cli4.dsr.futureTreatment")
	case err != nil:
		return consentMessage(err)
	}
	writePlan(ctx.stdout, ctx.words(), plan.ErasurePlan, names)
	if cf.dryRun {
		return ctx.say("cli2.dsr.dryRun")
	}
	if !cf.yes {
		return usageErrorf("%s", ctx.words().T("cli2.dsr.needYes"))
	}
	cert, notify, err := uc.ExecuteErasure(r, plan.ErasurePlan)
	if err != nil {
		return consentMessage(err)
	}
	if cf.certificate != "" {
		if err := writeCertificate(cf.certificate, cert, ctx.words(), names); err != nil {
			return err
		}
	}
	ctx.say("cliuuid.dsr.certificate", "Erased", cert.Count(consent.ActErase), "Kept", cert.Count(consent.ActKeep),
		"Anonymised", cert.Count(consent.ActAnonymise))
	return reportClosed(ctx, names, notify)
}

// writePlan prints the plan under a line naming the patient and the
// request as people know them.
func writePlan(w io.Writer, loc *i18n.Localizer, p consent.ErasurePlan, names app.CertificateNames) {
	fmt.Fprintln(w, loc.T("cliuuid.dsr.plan", "Patient", app.PersonText(loc, names.Patient), "Request", names.Request))
	t := &table{}
	t.head(loc, "category", "action", "keepUntil", "basis", "legalSource")
	t.rows[0][0] = "  " + t.rows[0][0]
	for _, it := range p.Items {
		t.add("  "+loc.Label("record", string(it.Category), ""), loc.Label("action", string(it.Action), ""), dateOrDash(loc, it.KeepUntil), orDash(exceptionText(loc, it.Basis)), orDash(app.LegalSourceText(loc, it.RuleID, it.LegalSource)))
	}
	t.write(w)
}

func writeCertificate(name string, c consent.Certificate, loc *i18n.Localizer, names app.CertificateNames) error {
	if strings.HasSuffix(strings.ToLower(name), ".html") {
		return writeFileAtomic(name, app.CertificateHTMLFor(c, loc, names))
	}
	data, err := c.JSON()
	if err != nil {
		return err
	}
	return writeFileAtomic(name, func(w io.Writer) error { _, err := w.Write(append(data, '\n')); return err })
}

// dateTime formats an instant for people, in UTC and saying so (the
// 72-hour clock of a breach must not shift with the reader's zone).
func dateTime(loc *i18n.Localizer, t time.Time) string { return loc.DateTime(t.UTC()) + " UTC" }

// exceptionText words the Art. 17(3) point a plan keeps data on, which
// the domain writes as consent.RetentionRule.ExceptionText does ("GDPR
// Art. 17(3)(b)"), in the run's language; any other basis stays as stored.
func exceptionText(loc *i18n.Localizer, basis string) string {
	point, ok := strings.CutPrefix(basis, "GDPR Art. 17(3)(")
	if point, found := strings.CutSuffix(point, ")"); ok && found && point != "" && !strings.ContainsAny(point, "() ") {
		return loc.T("cli4.art173", "Point", point)
	}
	return basis
}
