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

	"custodia/assets"
	"custodia/consent"
	"custodia/vault"
)

// maxFHIRBytes bounds an imported FHIR file.
const maxFHIRBytes = 32 << 20

func consentExportFHIR() *command {
	c := newCommand("export-fhir", "[flags]", "export a patient's consents as a FHIR R4 Bundle of Consent resources")
	c.help = `Writes a FHIR R4 collection Bundle with one Consent per ledger event, in
Custodia's mapping (read back by import-fhir). Grants that no longer count
are marked inactive. The bundle may hold a representative's name: with
--recipient it is encrypted with age for those public keys (import-fhir
--identity reads it back); otherwise the file is readable by the owner only.`
	vf := addVaultFlags(c.flags)
	patient := c.flags.String("patient", "", "patient `id` (required)")
	out := c.flags.String("out", "", "write to `file` instead of stdout")
	orgID := c.flags.String("org-id", "practice", "FHIR `id` of the practice's Organization")
	orgName := c.flags.String("org-name", "", "practice `name` shown in Consent.organization")
	recipients := c.flags.String("recipient", "", "encrypt for these age public `keys` (age1..., comma-separated)")
	c.nargs = noArgs
	c.run = func(ctx *runContext, _ []string) error {
		if *patient == "" {
			return usageErrorf("consent export-fhir: --patient is required")
		}
		if !consent.ValidID(*orgID) {
			return usageErrorf("--org-id must be 1-64 letters, digits, '-' or '.'")
		}
		rs, err := parseAgeRecipients(*recipients)
		if err != nil {
			return err
		}
		g, closeFn, err := ctx.openGDPR(vf)
		if err != nil {
			return err
		}
		defer closeFn()
		data, n, err := g.exportFHIR(*patient, consent.Organization{ID: *orgID, Name: *orgName, TimeZone: time.Local})
		if err != nil {
			return consentMessage(err)
		}
		write := func(w io.Writer) error { return writeMaybeEncrypted(w, append(data, '\n'), rs) }
		if *out == "" {
			return write(ctx.stdout)
		}
		if err := writeFileAtomic(*out, write); err != nil {
			return err
		}
		fmt.Fprintf(ctx.stdout, "exported %d consent events of patient %s to %s\n", n, *patient, *out)
		if len(rs) == 0 && bytes.Contains(data, []byte(`"RelatedPerson"`)) {
			fmt.Fprintf(ctx.stderr, "warning: %s holds a representative's name unencrypted; use --recipient to encrypt exports\n", *out)
		}
		return nil
	}
	return c
}

func (g *gdpr) exportFHIR(patient string, org consent.Organization) ([]byte, int, error) {
	ix, events, err := g.patientIndex(patient)
	if err != nil {
		return nil, 0, err
	}
	if len(events) == 0 {
		return nil, 0, newExitError(exitNotFound, nil, "patient %s has no consent events", patient)
	}
	data, err := ix.ExportPatientFHIR(patient, events, org, g.now)
	return data, len(events), err
}

func consentImportFHIR() *command {
	c := newCommand("import-fhir", "[flags] FILE", "import FHIR R4 Consent resources (a Bundle or one Consent), all or nothing")
	c.help = `Reads a Bundle written by export-fhir (or a single Consent) and appends its
events to the ledger in one step. Any problem (malformed JSON, unknown
purpose or code, a text version this vault does not have, an event already
in the ledger) refuses the whole file and names the JSON path; nothing is
stored. --patient files the events under a patient id of this vault (when
the patient moved from another practice). FILE "-" reads stdin.

Consents written by other systems (HL7 R4, IHE PCF) are mapped onto this
vault's purposes, data categories and recipients through the shipped
mapping table (assets/fhir-consent-map.json) or --mapping FILE (an edited
copy); --purpose names the purpose when the Consent's codes do not. What
cannot be represented is refused with the JSON path and the reason.
--dry-run shows how every element was mapped, and imports nothing.`
	vf := addVaultFlags(c.flags)
	patient := c.flags.String("patient", "", "store the events under this patient `id` of this vault")
	dryRun := c.flags.Bool("dry-run", false, "check the file and show the mapping without importing")
	mapping := c.flags.String("mapping", "", "mapping `file` for foreign Consents (default: the shipped table)")
	purpose := c.flags.String("purpose", "", "foreign Consents: the purpose `id` they are about")
	identity := c.flags.String("identity", "", "age identity `file` to decrypt an encrypted export")
	c.nargs = exactArgs(1)
	c.run = func(ctx *runContext, args []string) error {
		r, closeFile, err := ctx.openInput(args[0])
		if err != nil {
			return err
		}
		defer closeFile()
		r, err = decryptInput(r, *identity, args[0])
		if err != nil {
			return err
		}
		data, err := io.ReadAll(io.LimitReader(r, maxFHIRBytes+1))
		if err != nil {
			return newExitError(exitValidation, err, "cannot read %s; nothing was imported", args[0])
		}
		if len(data) > maxFHIRBytes {
			return newExitError(exitValidation, nil, "%s: larger than %d MiB; nothing was imported", args[0], maxFHIRBytes>>20)
		}
		g, closeFn, err := ctx.openGDPR(vf)
		if err != nil {
			return err
		}
		defer closeFn()
		opts, err := importOptions(ctx, *mapping, *purpose, g.actor.UserID)
		if err != nil {
			return err
		}
		opts.PatientID = *patient
		n, err := g.importFHIR(ctx.stdout, data, opts, *dryRun)
		if err != nil {
			return fhirImportError(args[0], err)
		}
		if *dryRun {
			fmt.Fprintf(ctx.stdout, "%s: %d consent events, no problems found (nothing imported)\n", args[0], n)
			return nil
		}
		fmt.Fprintf(ctx.stdout, "imported %d consent events from %s\n", n, args[0])
		return nil
	}
	return c
}

// importOptions loads the mapping (shipped or --mapping FILE).
func importOptions(ctx *runContext, mappingFile, purpose, userID string) (consent.ImportOptions, error) {
	data := assets.FHIRConsentMap()
	if mappingFile != "" {
		var err error
		if data, err = os.ReadFile(mappingFile); err != nil {
			return consent.ImportOptions{}, newExitError(exitValidation, err, "cannot read --mapping %s", mappingFile)
		}
	}
	m, err := consent.LoadFHIRMapping(bytes.NewReader(data))
	if err != nil {
		return consent.ImportOptions{}, fhirImportError("--mapping", err)
	}
	return consent.ImportOptions{Mapping: m, PurposeID: purpose, RecordedBy: userID, Location: time.Local}, nil
}

// importFHIR parses and checks the whole file, then appends every event
// in one batch (the store is atomic: all or nothing). A dry run prints
// how foreign Consents were mapped.
func (g *gdpr) importFHIR(w io.Writer, data []byte, opts consent.ImportOptions, dryRun bool) (int, error) {
	ix, err := g.index()
	if err != nil {
		return 0, err
	}
	if opts.PatientID != "" && !consent.ValidID(opts.PatientID) {
		return 0, usageErrorf("--patient is not a patient id")
	}
	imported, err := consent.ImportConsents(data, ix.Catalogue(), opts)
	if err != nil {
		return 0, err
	}
	if len(imported) == 0 {
		return 0, &consent.ValidationError{Fields: []consent.FieldError{{Field: "entry", Message: "no Consent resources"}}}
	}
	events := make([]consent.Event, len(imported))
	for i, im := range imported {
		events[i] = im.Event
	}
	if err := g.requirePatients(events); err != nil {
		return 0, err
	}
	if dryRun {
		writeMapping(w, imported)
		return len(events), g.checkBatch(events)
	}
	return len(events), g.store.AppendEvents(g.ctx, events...)
}

// writeMapping prints how each foreign Consent was read.
func writeMapping(w io.Writer, imported []consent.Imported) {
	for i, im := range imported {
		if !im.Foreign {
			continue
		}
		fmt.Fprintf(w, "Consent %d (%s): %s of purpose %s for patient %s\n", i+1, im.Event.Source, im.Event.Type, im.Event.PurposeID, safeID(im.Event.PatientID))
		for _, m := range im.Mapping {
			fmt.Fprintf(w, "  %s\n", m)
		}
		for _, n := range im.Notes {
			fmt.Fprintf(w, "  note: %s\n", n)
		}
	}
}

// requirePatients checks that every patient the events name exists here.
func (g *gdpr) requirePatients(events []consent.Event) error {
	seen := map[string]bool{}
	for _, e := range events {
		if seen[e.PatientID] {
			continue
		}
		seen[e.PatientID] = true
		if err := g.requirePatient(e.PatientID, false); err != nil {
			if errors.Is(err, vault.ErrNotFound) {
				return newExitError(exitValidation, err, "nothing was imported: no patient with id %s in this vault (use --patient ID)", safeID(e.PatientID))
			}
			return err
		}
	}
	return nil
}

// checkBatch runs the store's append checks without appending.
func (g *gdpr) checkBatch(events []consent.Event) error {
	ix, err := g.index()
	if err != nil {
		return err
	}
	existing, err := g.store.ListEvents(g.ctx, consent.EventFilter{})
	if err != nil {
		return err
	}
	byID := make(map[string]consent.Event, len(existing))
	for _, e := range existing {
		byID[e.ID] = e
	}
	return ix.Catalogue().CheckBatch(events, func(id string) (consent.Event, bool) { e, ok := byID[id]; return e, ok })
}

// fhirImportError says what was wrong and that nothing was stored.
func fhirImportError(name string, err error) error {
	var ve *consent.ValidationError
	switch {
	case errors.As(err, &ve):
		return newExitError(exitValidation, err, "%s: nothing was imported: %s", name, cleanConsent(ve.Error()))
	case errors.Is(err, consent.ErrExists):
		return newExitError(exitValidation, err, "%s: nothing was imported: %s", name, cleanConsent(err.Error()))
	case errors.Is(err, consent.ErrNotFound), errors.Is(err, consent.ErrInvalid):
		return newExitError(exitValidation, err, "%s: nothing was imported: %s", name, cleanConsent(err.Error()))
	}
	return consentMessage(err)
}

func consentReceipt() *command {
	c := newCommand("receipt", "[flags]", "consent receipt (Kantara v1.1 JSON and a printable page) for a grant")
	c.help = `The receipt covers the grant --event and the other grants or renewals the
patient gave at the same sitting (same time). The controller details come
from --controller (JSON: name, address, country, email, phone, url,
dpoContact), else those stored by "practice set". Without --html and --json the JSON goes to stdout. The
receipt names the patient by id only.`
	vf := addVaultFlags(c.flags)
	eventID := c.flags.String("event", "", "grant event `id` (required)")
	htmlOut := c.flags.String("html", "", "write the printable page to `file`")
	jsonOut := c.flags.String("json", "", "write the Kantara JSON to `file`")
	ctrlFile := c.flags.String("controller", "", "controller details `file` (default $"+envController+", else the stored practice details)")
	jurisdiction := c.flags.String("jurisdiction", "", "jurisdiction `code` (default: the controller's country)")
	policy := c.flags.String("policy-url", "", "privacy notice `url` (default: the controller's url)")
	c.nargs = noArgs
	c.run = func(ctx *runContext, _ []string) error {
		if *eventID == "" {
			return usageErrorf("consent receipt: --event is required")
		}
		g, closeFn, err := ctx.openGDPR(vf)
		if err != nil {
			return err
		}
		defer closeFn()
		ctrl, err := g.controller(ctx, *ctrlFile)
		if err != nil {
			return err
		}
		in := consent.ReceiptInput{Controller: ctrl, Jurisdiction: orDefault(*jurisdiction, ctrl.Country),
			PolicyURL: orDefault(*policy, ctrl.URL)}
		rc, err := g.receipt(*eventID, in)
		if err != nil {
			return consentMessage(err)
		}
		return writeReceipt(ctx, rc, *htmlOut, *jsonOut)
	}
	return c
}

func orDefault(s, def string) string {
	if s != "" {
		return s
	}
	return def
}

// receipt finds the grant and its sitting and builds the receipt.
func (g *gdpr) receipt(eventID string, in consent.ReceiptInput) (consent.Receipt, error) {
	all, err := g.store.ListEvents(g.ctx, consent.EventFilter{})
	if err != nil {
		return consent.Receipt{}, err
	}
	var first *consent.Event
	for i := range all {
		if all[i].ID == eventID {
			first = &all[i]
		}
	}
	if first == nil {
		return consent.Receipt{}, newExitError(exitNotFound, nil, "no consent event %s", safeID(eventID))
	}
	if first.Type != consent.Granted && first.Type != consent.Renewed {
		return consent.Receipt{}, newExitError(exitValidation, nil, "event %s is a %s: receipts are issued for grants and renewals", first.ID, first.Type)
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
	in.Service = "Care at " + in.Controller.Name
	ix, err := g.index()
	if err != nil {
		return consent.Receipt{}, err
	}
	return consent.NewReceipt(ix.Catalogue(), in)
}

func writeReceipt(ctx *runContext, rc consent.Receipt, htmlOut, jsonOut string) error {
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
		if err := writeFileAtomic(htmlOut, rc.WriteHTML); err != nil {
			return err
		}
	}
	fmt.Fprintf(ctx.stdout, "receipt %s written: %s\n", rc.ConsentReceiptID, strings.Join(nonEmpty(jsonOut, htmlOut), ", "))
	return nil
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
			return nil, usageErrorf("--recipient: not an age public key (age1...)")
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
		return nil, newExitError(exitNotFound, err, "cannot open --identity %s", file)
	}
	defer f.Close()
	ids, err := age.ParseIdentities(f)
	if err != nil {
		return nil, usageErrorf("--identity %s: not an age identity file", file)
	}
	plain, err := age.Decrypt(r, ids...)
	if err != nil {
		return nil, newExitError(exitValidation, err, "%s: cannot decrypt with --identity; nothing was imported", name)
	}
	return plain, nil
}
