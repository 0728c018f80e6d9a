package main

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"filippo.io/age"

	"custodia/consent"
	"custodia/vault"
)

// completeFlags are the flags of "dsr complete".
type completeFlags struct {
	out, ageRecipient, passFile string
	certificate, controller     string
	lastTreatment               string
	dryRun, yes                 bool
	fields                      fieldFlags
}

// fieldFlags collects repeated --field name=value flags.
type fieldFlags []string

func (f *fieldFlags) String() string     { return strings.Join(*f, ",") }
func (f *fieldFlags) Set(v string) error { *f = append(*f, v); return nil }

func dsrComplete() *command {
	c := newCommand("complete", "[flags] ID", "carry out a verified request and close it (DPO or administrator)")
	c.help = `What completing does depends on the type:
  access, portability, hipaa-access
      writes the encrypted package (readable page, JSON, CSV) to --out, for
      --recipient age1... or a passphrase from --package-passphrase-file;
      --controller names the practice on the page
  erasure
      plans per record category what is erased, kept under GDPR Art. 17(3)
      (with legal basis and keep-until date) or anonymised, counting
      retention periods from the last treatment the vault recorded (the
      last change of diagnosis or notes; --last-treatment overrides it)
      and from today (consents, requests); --dry-run shows
      the plan, --yes executes it; --certificate writes the certificate
      (JSON, or HTML when the name ends in .html)
  restriction
      marks the record restricted (read-only, left out of exports)
  rectification, hipaa-amendment
      applies --field name=value (repeatable; fields: given, family, birth,
      sex, address, postcode, phone, email, insurance, mrn, diagnosis, notes)
  objection, withdrawal
      stops the purpose of the request from now on
Rectification, erasure and restriction print the recipients to notify
(GDPR Art. 19). The identity must have been verified (dsr verify).`
	vf := addVaultFlags(c.flags)
	cf := &completeFlags{}
	c.flags.StringVar(&cf.out, "out", "", "access package `file` (e.g. package.age)")
	c.flags.StringVar(&cf.ageRecipient, "recipient", "", "age public `key` (age1...) the package is encrypted to")
	c.flags.StringVar(&cf.passFile, "package-passphrase-file", "", "encrypt the package with the passphrase in `file` instead")
	c.flags.StringVar(&cf.certificate, "certificate", "", "write the erasure certificate to `file`")
	c.flags.StringVar(&cf.controller, "controller", "", "access: controller details `file` for the package page (default $"+envController+", else the stored practice details)")
	c.flags.StringVar(&cf.lastTreatment, "last-treatment", "", "erasure: `date` of the patient's last treatment, overriding the one the vault recorded (retention periods count from it)")
	c.flags.BoolVar(&cf.dryRun, "dry-run", false, "erasure: show the plan, change nothing")
	c.flags.BoolVar(&cf.yes, "yes", false, "erasure: execute the plan")
	c.flags.Var(&cf.fields, "field", "rectification: corrected `name=value` (repeatable)")
	c.nargs = exactArgs(1)
	c.run = func(ctx *runContext, args []string) error {
		g, closeFn, err := ctx.openGDPR(vf)
		if err != nil {
			return err
		}
		defer closeFn()
		r, err := g.request(args[0])
		if err != nil {
			return err
		}
		return g.complete(ctx, r, cf)
	}
	return c
}

// complete checks in memory that the user may close the request, carries
// out the type's work, and stores the steps.
func (g *gdpr) complete(ctx *runContext, r consent.Request, cf *completeFlags) error {
	if err := g.vault.Authorize(vault.PermRequestDecide, "request.complete", "request:"+r.ID); err != nil {
		return err
	}
	working, err := g.inProgress(r)
	if err != nil {
		return err
	}
	if _, _, err := consent.Advance(working, consent.StateCompleted, g.actor, g.now, ""); err != nil {
		return consentMessage(err)
	}
	if err := checkCompleteFlags(r.Type, cf); err != nil {
		return err
	}
	if r.Type == consent.ReqErasure {
		return g.completeErasure(ctx, r, working, cf)
	}
	if r, err = g.storeInProgress(r, working); err != nil {
		return err
	}
	if err := g.doWork(ctx, r, cf); err != nil {
		return err
	}
	return g.close(ctx, r)
}

// inProgress returns the request moved to in progress, in memory only.
func (g *gdpr) inProgress(r consent.Request) (consent.Request, error) {
	if r.State == consent.StateInProgress {
		return r, nil
	}
	if r.State == consent.StateReceived || r.State == consent.StateVerifying {
		next, _, err := consent.Advance(r, consent.StateInProgress, g.actor, g.now, "")
		return next, consentMessage(err)
	}
	return r, newExitError(exitValidation, consent.ErrTransition, "not allowed: request %s is %s", r.ID, r.State)
}

// storeInProgress stores the move to in progress when there was one.
func (g *gdpr) storeInProgress(stored, working consent.Request) (consent.Request, error) {
	if stored.State == consent.StateInProgress {
		return stored, nil
	}
	return g.apply(stored, func(g *gdpr, r consent.Request) (consent.Request, consent.Transition, error) {
		return consent.Advance(r, consent.StateInProgress, g.actor, g.now, "")
	})
}

func (g *gdpr) close(ctx *runContext, r consent.Request) error {
	r, err := g.apply(r, func(g *gdpr, r consent.Request) (consent.Request, consent.Transition, error) {
		return consent.Advance(r, consent.StateCompleted, g.actor, g.now, "")
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(ctx.stdout, "request %s completed (%s)\n", r.ID, r.Type.Article())
	notify, err := g.notifications(r)
	if err != nil {
		return err
	}
	return writeNotifications(ctx.stdout, notify)
}

func checkCompleteFlags(t consent.RequestType, cf *completeFlags) error {
	switch t {
	case consent.ReqAccess, consent.ReqPortability, consent.ReqHIPAAAccess:
		if cf.out == "" || (cf.ageRecipient == "") == (cf.passFile == "") {
			return usageErrorf("dsr complete: an access package needs --out FILE and either --recipient age1... or --package-passphrase-file FILE")
		}
		if _, err := age.ParseX25519Recipient(cf.ageRecipient); cf.ageRecipient != "" && err != nil {
			return usageErrorf("--recipient is not an age public key (age1...)")
		}
	case consent.ReqRectification, consent.ReqHIPAAAmendment:
		if len(cf.fields) == 0 {
			return usageErrorf("dsr complete: a rectification needs at least one --field name=value")
		}
		var scratch vault.Patient
		for _, f := range cf.fields {
			if err := setField(&scratch, f); err != nil {
				return err
			}
		}
	case consent.ReqErasure:
		if cf.dryRun && cf.yes {
			return usageErrorf("dsr complete: --dry-run and --yes exclude each other")
		}
	}
	return nil
}

// doWork carries out a non-erasure request.
func (g *gdpr) doWork(ctx *runContext, r consent.Request, cf *completeFlags) error {
	switch r.Type {
	case consent.ReqAccess, consent.ReqPortability, consent.ReqHIPAAAccess:
		return g.writePackage(ctx, r, cf)
	case consent.ReqRestriction:
		return g.vault.SetRestricted(r.SubjectID, true, r.ID)
	case consent.ReqRectification, consent.ReqHIPAAAmendment:
		return g.rectify(r, cf.fields)
	case consent.ReqConsentWithdrawal:
		e := consent.WithdrawPurpose(r.SubjectID, r.PurposeID, g.actor.UserID, methodOfChannel(r.Channel), g.now)
		return consentMessage(g.store.AppendEvents(g.ctx, e))
	}
	return nil // objections take effect as a block once completed
}

// methodOfChannel maps how a request arrived to how a withdrawal was received.
func methodOfChannel(channel string) consent.Method {
	switch channel {
	case consent.ChannelLetter:
		return consent.MethodPaper
	case consent.ChannelPortal, consent.ChannelEmail:
		return consent.MethodScreen
	}
	return consent.MethodVerbal
}

func (g *gdpr) writePackage(ctx *runContext, r consent.Request, cf *completeFlags) error {
	ctrl, err := g.controller(ctx, cf.controller)
	if err != nil {
		return err
	}
	to := packageRecipient{ageKey: cf.ageRecipient, controller: ctrl}
	if cf.passFile != "" {
		pass, err := ctx.readSecretFile(cf.passFile, "--package-passphrase-file")
		if err != nil {
			return err
		}
		defer wipe(pass)
		to.passphrase = pass
	}
	if err := writeFileAtomic(cf.out, func(w io.Writer) error { return g.vault.AccessPackage(r.SubjectID, r.ID, w, to) }); err != nil {
		return err
	}
	fmt.Fprintf(ctx.stdout, "encrypted package for patient %s written to %s\n", r.SubjectID, cf.out)
	return nil
}

// rectify applies the --field values to the patient and stores them.
func (g *gdpr) rectify(r consent.Request, fields fieldFlags) error {
	p, err := g.vault.GetPatient(r.SubjectID)
	if err != nil {
		return err
	}
	for _, f := range fields {
		if err := setField(&p, f); err != nil {
			return err
		}
	}
	_, err = g.vault.Rectify(r.SubjectID, p, r.ID)
	return flagValidationError(err)
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
		return usageErrorf("--field: want name=value with name one of %s", strings.Join(names, ", "))
	}
	return set(p, value)
}

// completeErasure plans the erasure; with --yes it executes the plan,
// stores the certificate and closes the request.
func (g *gdpr) completeErasure(ctx *runContext, stored, working consent.Request, cf *completeFlags) error {
	plan, err := g.planErasure(working, cf.lastTreatment)
	if err != nil {
		return err
	}
	writePlan(ctx.stdout, plan)
	if cf.dryRun {
		fmt.Fprintln(ctx.stdout, "dry run: nothing was changed")
		return nil
	}
	if !cf.yes {
		return usageErrorf("dsr complete: review the plan above, then run again with --yes to execute it (or --dry-run)")
	}
	r, err := g.storeInProgress(stored, working)
	if err != nil {
		return err
	}
	plan.RequestID = r.ID
	cert, err := g.executeErasure(plan)
	if err != nil {
		return err
	}
	if cf.certificate != "" {
		if err := writeCertificate(cf.certificate, cert); err != nil {
			return err
		}
	}
	fmt.Fprintf(ctx.stdout, "certificate %s: %d record(s) erased, %d kept, %d anonymised\n",
		cert.ID, cert.Count(consent.ActErase), cert.Count(consent.ActKeep), cert.Count(consent.ActAnonymise))
	return g.close(ctx, r)
}

// planErasure asks the vault what it holds and plans per category. The
// vault knows the creation date and the last treatment (its last clinical
// change); --last-treatment overrides the latter (billing counts from the
// end of that year), and records closed by this erasure (consents,
// requests) count from now.
func (g *gdpr) planErasure(r consent.Request, lastTreatment string) (consent.ErasurePlan, error) {
	rules, err := g.store.ListRetentionRules(g.ctx)
	if err != nil {
		return consent.ErasurePlan{}, err
	}
	facts, err := g.vault.ErasureFacts(r.SubjectID)
	if err != nil {
		return consent.ErasurePlan{}, err
	}
	facts.Triggers[consent.TriggerClosed] = g.now
	if lastTreatment != "" {
		d, err := parseDate("--last-treatment", lastTreatment)
		if err != nil {
			return consent.ErasurePlan{}, err
		}
		if d.After(g.now) {
			return consent.ErasurePlan{}, newExitError(exitValidation, nil, "--last-treatment is in the future")
		}
		facts.Triggers[consent.TriggerLastTreatment] = d
		facts.Triggers[consent.TriggerYearEnd] = d
	}
	plan, err := consent.PlanErasure(r, rules, facts, g.actor, g.now)
	if err != nil && lastTreatment == "" && strings.Contains(err.Error(), string(consent.TriggerLastTreatment)) {
		return plan, newExitError(exitValidation, err, "the retention rules count from the last treatment: give --last-treatment YYYY-MM-DD")
	}
	return plan, consentMessage(err)
}

// executeErasure approves and executes the plan and returns the
// certificate the vault issued and stored with the erasure.
func (g *gdpr) executeErasure(plan consent.ErasurePlan) (consent.Certificate, error) {
	plan, err := plan.Approve(g.actor, g.now)
	if err != nil {
		return consent.Certificate{}, consentMessage(err)
	}
	results, err := g.vault.ExecuteErasure(plan)
	if err != nil {
		return consent.Certificate{}, err
	}
	certs, err := g.store.ListCertificates(g.ctx)
	if err != nil {
		return consent.Certificate{}, err
	}
	for _, c := range certs {
		if c.PlanID == plan.ID {
			return c, c.Verify()
		}
	}
	// The vault did not store one: issue and store it here.
	cert, err := consent.ErasureCertificate(plan, results, g.actor, g.now)
	if err != nil {
		return cert, consentMessage(err)
	}
	return cert, consentMessage(g.store.AddCertificate(g.ctx, cert))
}

func writePlan(w io.Writer, p consent.ErasurePlan) {
	fmt.Fprintf(w, "erasure plan for patient %s (request %s):\n", p.SubjectID, p.RequestID)
	t := &table{}
	t.add("  CATEGORY", "ACTION", "KEEP UNTIL", "BASIS", "LEGAL SOURCE")
	for _, it := range p.Items {
		t.add("  "+string(it.Category), string(it.Action), dateOrDash(it.KeepUntil), orDash(it.Basis), orDash(it.LegalSource))
	}
	t.write(w)
}

func writeCertificate(name string, c consent.Certificate) error {
	if strings.HasSuffix(strings.ToLower(name), ".html") {
		return writeFileAtomic(name, c.WriteHTML)
	}
	data, err := c.JSON()
	if err != nil {
		return err
	}
	return writeFileAtomic(name, func(w io.Writer) error { _, err := w.Write(append(data, '\n')); return err })
}

// dateTime formats a time for tables.
func dateTime(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }
