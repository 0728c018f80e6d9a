package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"filippo.io/age"

	"custodia/app"
	"custodia/consent"
	"custodia/i18n"
	"custodia/printdoc"
)

// maxFHIRBytes bounds an imported FHIR file.
const maxFHIRBytes = 32 << 20

func consentExportFHIR() *command {
	c := newCommand("export-fhir", "[flags]", "cli3.cmd.consent.export-fhir")
	c.help = "cli3.help.consent.export-fhir"
	patient := c.flags.String("patient", "", "cli3.flag.consent.export-fhir.patient")
	out := c.flags.String("out", "", "cli3.flag.consent.export-fhir.out")
	orgID := c.flags.String("org-id", "practice", "cli3.flag.org-id")
	orgName := c.flags.String("org-name", "", "cli3.flag.org-name")
	recipients := c.flags.String("recipient", "", "cli3.flag.backup.recipient")
	var rs []age.Recipient
	check := func(ctx *runContext, _ []string) error {
		if *patient == "" {
			return usageErrorf("%s", ctx.words().T("cli2.fhir.export.required"))
		}
		if !consent.ValidID(*orgID) {
			return usageErrorf("%s", ctx.words().T("cli2.fhir.export.orgID"))
		}
		var err error
		rs, err = parseAgeRecipients(*recipients)
		return err
	}
	return leaf[struct{}]{nargs: noArgs, check: check,
		do: func(ctx *runContext, u unlocked, _ []string) (struct{}, error) {
			data, n, err := u.uc.ExportConsentsFHIR(*patient, consent.Organization{ID: *orgID, Name: *orgName, TimeZone: time.Local})
			if err != nil {
				return struct{}{}, consentMessage(err)
			}
			write := func(w io.Writer) error { return writeMaybeEncrypted(w, append(data, '\n'), rs) }
			if *out == "" {
				return struct{}{}, write(ctx.stdout)
			}
			if err := writeFileAtomic(*out, write); err != nil {
				return struct{}{}, err
			}
			ctx.sayN("cliuuid.fhir.exported", n, "Patient", u.patientText(ctx.words(), *patient), "File", *out)
			if len(rs) == 0 && bytes.Contains(data, []byte(`"RelatedPerson"`)) {
				ctx.note("cli2.fhir.unencrypted", "File", *out)
			}
			return struct{}{}, nil
		},
	}.build(c)
}

func consentImportFHIR() *command {
	c := newCommand("import-fhir", "[flags] FILE", "cli3.cmd.consent.import-fhir")
	c.help = "cli3.help.consent.import-fhir"
	patient := c.flags.String("patient", "", "cli3.flag.consent.import-fhir.patient")
	dryRun := c.flags.Bool("dry-run", false, "cli3.flag.consent.import-fhir.dry-run")
	mapping := c.flags.String("mapping", "", "cli3.flag.mapping")
	purpose := c.flags.String("purpose", "", "cli3.flag.consent.import-fhir.purpose")
	identity := c.flags.String("identity", "", "cli3.flag.consent.import-fhir.identity")
	var data []byte
	check := func(ctx *runContext, args []string) error {
		var err error
		data, err = readFHIRInput(ctx, args[0], *identity)
		return err
	}
	return leaf[fhirImported]{nargs: exactArgs(1), check: check,
		do: func(ctx *runContext, u unlocked, args []string) (fhirImported, error) {
			in := app.FHIRImport{Patient: *patient, Purpose: *purpose, Location: time.Local, DryRun: *dryRun}
			if *mapping != "" {
				var err error
				if in.Mapping, err = os.ReadFile(*mapping); err != nil {
					return fhirImported{}, newExitError(exitValidation, err, "%s", ctx.words().T("cli2.fhir.import.mapping", "File", *mapping))
				}
			}
			imported, err := u.uc.ImportConsentsFHIR(data, in)
			if err != nil {
				return fhirImported{}, fhirImportError(ctx.words(), args[0], err)
			}
			ids := make([]string, len(imported))
			for i, im := range imported {
				ids[i] = im.Event.PatientID
			}
			return fhirImported{file: args[0], events: imported, names: mappingNames(u.uc), patient: patientNamer(ctx.words(), u.s, ids)}, nil
		},
		show: func(ctx *runContext, _ unlocked, im fhirImported) error {
			if *dryRun {
				writeMapping(ctx, im)
				return ctx.sayN("cli2.fhir.import.dryRun", len(im.events), "File", im.file)
			}
			return ctx.sayN("cli2.fhir.imported", len(im.events), "File", im.file)
		},
	}.build(c)
}

// fhirImported is what "consent import-fhir" read from its file.
type fhirImported struct {
	file   string
	events []consent.Imported
	// names are the catalogue's stored names of purposes and recipients,
	// so the dry run names them by their labels (loc.Translate).
	names app.MappingNames
	// patient names a patient "Family, Given" for a role that may read
	// identities, else gives the id back.
	patient func(id string) string
}

// mappingNames are the stored purpose and recipient names by id; none
// when the catalogue cannot be read (the labels then come from the
// catalogue of words alone).
func mappingNames(uc *app.Session) app.MappingNames {
	cat, err := uc.Catalogue()
	if err != nil {
		return app.MappingNamesOf(nil)
	}
	return app.MappingNamesOf(cat)
}

// readFHIRInput reads (and with --identity decrypts) the file to import,
// before the vault is opened.
func readFHIRInput(ctx *runContext, name, identity string) ([]byte, error) {
	r, closeFile, err := ctx.openInput(name)
	if err != nil {
		return nil, err
	}
	defer closeFile()
	r, err = decryptInput(r, identity, name)
	if err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(r, maxFHIRBytes+1))
	if err != nil {
		return nil, newExitError(exitValidation, err, "%s", ctx.words().T("cli2.fhir.import.read", "File", name))
	}
	if len(data) > maxFHIRBytes {
		return nil, newExitError(exitValidation, nil, "%s", ctx.words().T("cli2.fhir.import.large", "File", name, "MiB", maxFHIRBytes>>20))
	}
	return data, nil
}

// patientName is the patient by name, or by id when the role may not
// read identities (or the id names no patient of the vault).
func (in fhirImported) patientName(id string) string {
	if in.patient != nil {
		if n := in.patient(id); n != id {
			return n
		}
	}
	return safeID(id)
}

// writeMapping prints how each foreign Consent was read.
func writeMapping(ctx *runContext, in fhirImported) {
	loc := ctx.words()
	for i, im := range in.events {
		if !im.Foreign {
			continue
		}
		ctx.say("cli2.fhir.mapping", "N", i+1, "Source", im.Event.Source, "Type", loc.Label("event", string(im.Event.Type), ""),
			"Purpose", loc.Translate("purpose", im.Event.PurposeID, in.names.Purposes[im.Event.PurposeID]), "Patient", in.patientName(im.Event.PatientID))
		for _, m := range im.Mapping {
			fmt.Fprintf(ctx.stdout, "  %s\n", app.MappingText(loc, m, in.names))
		}
		for _, n := range im.Notes {
			fmt.Fprintf(ctx.stdout, "  %s\n", loc.T("cli2.fhir.note", "Note", app.MappingText(loc, n, in.names)))
		}
	}
}

// fhirImportError says what was wrong and that nothing was stored: each
// problem by its JSON path and its rule worded in the run's language
// (fieldList), a problem of the mapping table after "--mapping".
func fhirImportError(loc *i18n.Localizer, name string, err error) error {
	var ve *consent.ValidationError
	var ae *app.Error
	switch {
	case errors.As(err, &ae) && ae.Kind == app.ErrBadMapping:
		return fhirImportError(loc, "--mapping", ae.Err)
	case errors.As(err, &ae) && (ae.Kind == app.ErrUnknownPatient || ae.Kind == app.ErrPatientErased):
		return invalid(err, "cli4.fhir.unknownPatient")
	case errors.As(err, &ve):
		return invalid(err, "cli4.fhir.notImported", "File", name, "Problem", fieldList(loc, ve))
	case errors.Is(err, consent.ErrExists), errors.Is(err, consent.ErrNotFound), errors.Is(err, consent.ErrInvalid):
		problem, _ := describe(loc, err)
		return invalid(err, "cli4.fhir.notImported", "File", name, "Problem", problem)
	}
	return consentMessage(err)
}

func consentReceipt() *command {
	c := newCommand("receipt", "[flags]", "cli3.cmd.consent.receipt")
	c.help = "cli3.help.consent.receipt"
	eventID := c.flags.String("event", "", "cli3.flag.event")
	htmlOut := c.flags.String("html", "", "cli3.flag.html")
	jsonOut := c.flags.String("json", "", "cli3.flag.consent.receipt.json")
	ctrlFile := c.flags.String("controller", "", "cli3.flag.controller")
	jurisdiction := c.flags.String("jurisdiction", "", "cli3.flag.jurisdiction")
	policy := c.flags.String("policy-url", "", "cli3.flag.policy-url")
	return leaf[printdoc.ReceiptPage]{nargs: noArgs, check: requireFlag(eventID, "cli2.receipt.required"),
		do: func(ctx *runContext, u unlocked, _ []string) (printdoc.ReceiptPage, error) {
			ctrl, err := controllerFor(ctx, u.uc, *ctrlFile)
			if err != nil {
				return printdoc.ReceiptPage{}, err
			}
			in := consent.ReceiptInput{Controller: ctrl, Jurisdiction: orDefault(*jurisdiction, ctrl.Country),
				PolicyURL: orDefault(*policy, ctrl.URL)}
			rc, err := receipt(ctx, u.uc, *eventID, in)
			return rc, consentMessage(err)
		},
		show: func(ctx *runContext, _ unlocked, rc printdoc.ReceiptPage) error {
			return writeReceipt(ctx, rc, *htmlOut, *jsonOut)
		},
	}.build(c)
}

func orDefault(s, def string) string {
	if s != "" {
		return s
	}
	return def
}

// receipt finds the grant and its sitting and builds the receipt with the
// grants and catalogue that word its page.
func receipt(ctx *runContext, uc *app.Session, eventID string, in consent.ReceiptInput) (printdoc.ReceiptPage, error) {
	all, err := uc.Store().ListEvents(uc.Context(), consent.EventFilter{})
	if err != nil {
		return printdoc.ReceiptPage{}, err
	}
	var first *consent.Event
	for i := range all {
		if all[i].ID == eventID {
			first = &all[i]
		}
	}
	if first == nil {
		return printdoc.ReceiptPage{}, newExitError(exitNotFound, nil, "%s", ctx.words().T("cli2.receipt.noEvent", "ID", safeID(eventID)))
	}
	if first.Type != consent.Granted && first.Type != consent.Renewed {
		return printdoc.ReceiptPage{}, newExitError(exitValidation, nil, "%s", ctx.words().T("cli2.receipt.notGrant", "ID", first.ID,
			"Type", ctx.words().Label("event", string(first.Type), "")))
	}
	in.Events = []consent.Event{*first}
	for _, e := range all {
		sameSitting := e.PatientID == first.PatientID && e.Time.Equal(first.Time) && e.ID != first.ID
		if sameSitting && (e.Type == consent.Granted || e.Type == consent.Renewed) {
			in.Events = append(in.Events, e)
		}
	}
	in.Ledger = all
	in.Language = orDefault(first.TextLanguage, "en")
	in.Service = i18n.MustLoad().Localizer(in.Language).T("consent.receipt.service", "Name", in.Controller.Name)
	ix, _, err := uc.Index()
	if err != nil {
		return printdoc.ReceiptPage{}, err
	}
	rc, err := consent.NewReceipt(ix.Catalogue(), in)
	if err != nil {
		return printdoc.ReceiptPage{}, err
	}
	who, err := uc.PatientPerson(ctx.words(), first.PatientID)
	return printdoc.ReceiptPage{Receipt: rc, Grants: in.Events, Catalogue: ix.Catalogue(), Patient: who}, err
}

func writeReceipt(ctx *runContext, d printdoc.ReceiptPage, htmlOut, jsonOut string) error {
	rc := d.Receipt
	data, err := json.MarshalIndent(rc, "", "  ")
	if err != nil {
		return err
	}
	data = append(data, '\n')
	if htmlOut == "" && jsonOut == "" {
		_, err := ctx.stdout.Write(data)
		return err
	}
	if jsonOut != "" {
		if err := writeFileAtomic(jsonOut, func(w io.Writer) error { _, err := w.Write(data); return err }); err != nil {
			return err
		}
	}
	if htmlOut != "" {
		if err := writeFileAtomic(htmlOut, func(w io.Writer) error { return printdoc.ReceiptHTML(w, ctx.words(), d) }); err != nil {
			return err
		}
	}
	return ctx.say("cliuuid.receipt.written", "Patient", app.PersonText(ctx.words(), d.Patient), "Files", strings.Join(nonEmpty(jsonOut, htmlOut), ", "))
}

func nonEmpty(s ...string) []string {
	var out []string
	for _, x := range s {
		if x != "" {
			out = append(out, x)
		}
	}
	return out
}

// parseAgeRecipients reads comma-separated age X25519 public keys.
func parseAgeRecipients(list string) ([]age.Recipient, error) {
	var out []age.Recipient
	for _, s := range splitList(list) {
		r, err := age.ParseX25519Recipient(s)
		if err != nil {
			return nil, usage("cli4.badRecipient")
		}
		out = append(out, r)
	}
	return out, nil
}

// writeMaybeEncrypted writes data, encrypted with age when there are recipients.
func writeMaybeEncrypted(w io.Writer, data []byte, rs []age.Recipient) error {
	if len(rs) == 0 {
		_, err := w.Write(data)
		return err
	}
	wc, err := age.Encrypt(w, rs...)
	if err != nil {
		return err
	}
	if _, err := wc.Write(data); err != nil {
		return err
	}
	return wc.Close()
}

// decryptInput decrypts r with the identities in file, when one is given.
func decryptInput(r io.Reader, file, name string) (io.Reader, error) {
	if file == "" {
		return r, nil
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, fail(exitNotFound, err, "cli4.session.cannotOpen", "Flag", "--identity", "File", file)
	}
	defer f.Close()
	ids, err := age.ParseIdentities(f)
	if err != nil {
		return nil, usage("cli4.backup.noIdentity", "File", file)
	}
	plain, err := age.Decrypt(r, ids...)
	if err != nil {
		return nil, invalid(err, "cli4.fhir.cannotDecrypt", "File", name)
	}
	return plain, nil
}
