package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"

	"custodia/consent"
)

// Consent is the "custodiactl consent" group.
func (commandSet) Consent() *command {
	return newGroup("consent", "record, list, export and import patient consents",
		consentGrant(), consentWithdraw(), consentList(), consentHistory(), consentDue(),
		consentExportFHIR(), consentImportFHIR(), consentReceipt())
}

// maxScanBytes bounds a signed consent scan.
const maxScanBytes = 20 << 20

// grantFlags are the flags of "consent grant".
type grantFlags struct {
	patient, purpose, recipients, categories, deny string
	method, representative, relation, lang, scan   string
	validUntil                                     string
	textVersion                                    int
}

func addGrantFlags(fs *flag.FlagSet) *grantFlags {
	gf := &grantFlags{}
	fs.StringVar(&gf.patient, "patient", "", "patient `id` (required)")
	fs.StringVar(&gf.purpose, "purpose", "", "purpose `id`, e.g. recall or research:registry (required)")
	fs.StringVar(&gf.recipients, "recipient", "", "recipient `ids` covered, comma-separated (default: every recipient of the purpose)")
	fs.StringVar(&gf.categories, "categories", "", "data `categories` covered, comma-separated (default: every category of the purpose)")
	fs.StringVar(&gf.deny, "deny", "", "data `categories` excluded, comma-separated (e.g. psychotherapy-notes,genetics)")
	fs.StringVar(&gf.method, "method", "", "how it was collected: paper, screen, verbal or imported (required)")
	fs.StringVar(&gf.representative, "representative", "", "`name` of the representative who consented for the patient")
	fs.StringVar(&gf.relation, "relation", "", "representative's relation: parent, legal-guardian, healthcare-proxy, court-appointed, other")
	fs.IntVar(&gf.textVersion, "text-version", 0, "consent text `version` shown (default: the current version)")
	fs.StringVar(&gf.lang, "lang", "en", "`language` of the consent text shown")
	fs.StringVar(&gf.scan, "scan", "", "signed scan `file` (PDF, PNG or JPEG), stored encrypted in the vault")
	fs.StringVar(&gf.validUntil, "valid-until", "", "end `date` of the consent (default: the purpose's validity)")
	return gf
}

func consentGrant() *command {
	c := newCommand("grant", "[flags]", "record that a patient gave consent for a purpose")
	c.help = `The consent counts from now. Consent-based purposes need the text version
shown (default: the version in effect now, in --lang). --deny lists data
categories the patient excluded, for every covered recipient. A scan given
with --scan is stored encrypted and referenced by the ledger event.`
	vf := addVaultFlags(c.flags)
	gf := addGrantFlags(c.flags)
	asJSON := c.flags.Bool("json", false, "print the recorded event as JSON")
	c.nargs = noArgs
	c.run = func(ctx *runContext, _ []string) error {
		if gf.patient == "" || gf.purpose == "" || gf.method == "" {
			return usageErrorf("consent grant: --patient, --purpose and --method are required")
		}
		if (gf.representative == "") != (gf.relation == "") {
			return usageErrorf("consent grant: --representative and --relation go together")
		}
		g, closeFn, err := ctx.openGDPR(vf)
		if err != nil {
			return err
		}
		defer closeFn()
		e, err := g.grant(gf)
		if err != nil {
			return consentMessage(err)
		}
		if *asJSON {
			return writeJSON(ctx.stdout, e)
		}
		fmt.Fprintf(ctx.stdout, "consent %s recorded: patient %s, purpose %s\n", e.ID, e.PatientID, e.PurposeID)
		return nil
	}
	return c
}

// grant builds, checks and appends a grant event.
func (g *gdpr) grant(gf *grantFlags) (consent.Event, error) {
	if err := g.requirePatient(gf.patient, false); err != nil {
		return consent.Event{}, err
	}
	e := consent.Event{ID: consent.NewID(), Type: consent.Granted, PatientID: gf.patient, PurposeID: gf.purpose,
		Recipients: splitList(gf.recipients), Categories: splitList(gf.categories), Time: g.now,
		RecordedBy: g.actor.UserID, Method: consent.Method(gf.method)}
	if d := splitList(gf.deny); len(d) > 0 {
		e.Deny = []consent.Deny{{Categories: d}}
	}
	if gf.representative != "" {
		e.Representative = &consent.Representative{Name: gf.representative, Relation: gf.relation}
	}
	if gf.validUntil != "" {
		t, err := parseTimeFlag("--valid-until", gf.validUntil)
		if err != nil {
			return e, err
		}
		e.ValidUntil = t
		if d, err := time.ParseInLocation(dateLayout, gf.validUntil, time.Local); err == nil {
			e.ValidUntil = consent.EndOfDay(d).UTC() // a date is valid through that whole day, in the practice's time zone
		}
	}
	if err := g.setText(&e, gf.lang, gf.textVersion); err != nil {
		return e, err
	}
	if err := g.precheck(e); err != nil {
		return e, err
	}
	if gf.scan != "" {
		att, err := g.storeScan(e.PatientID, gf.scan)
		if err != nil {
			return e, err
		}
		e.Scan = &att
	}
	return e, g.store.AppendEvents(g.ctx, e)
}

// setText points the event at the consent text shown: the given version,
// or the one in effect now. Purposes that need no consent take no text.
func (g *gdpr) setText(e *consent.Event, lang string, version int) error {
	if g.unseeded != nil {
		return g.unseeded
	}
	p, err := g.store.GetPurpose(g.ctx, e.PurposeID)
	if errors.Is(err, consent.ErrNotFound) {
		return newExitError(exitNotFound, err, "no purpose %q in the catalogue (see consent list)", e.PurposeID)
	}
	if err != nil {
		return err
	}
	if !p.ConsentRequired && version == 0 {
		return nil
	}
	var t consent.Text
	if version > 0 {
		t, err = g.store.GetText(g.ctx, e.PurposeID, lang, version)
	} else {
		t, err = g.currentText(e.PurposeID, lang)
	}
	if errors.Is(err, consent.ErrNotFound) {
		return newExitError(exitNotFound, err, "no consent text for purpose %s in language %q%s", e.PurposeID, lang, versionSuffix(version))
	}
	if err != nil {
		return err
	}
	e.TextLanguage, e.TextVersion, e.TextSHA256 = t.Language, t.Version, t.SHA256
	return nil
}

func versionSuffix(v int) string {
	if v == 0 {
		return " in effect now"
	}
	return fmt.Sprintf(", version %d", v)
}

// currentText returns the highest version effective now.
func (g *gdpr) currentText(purpose, lang string) (consent.Text, error) {
	ts, err := g.store.ListTexts(g.ctx, purpose)
	if err != nil {
		return consent.Text{}, err
	}
	var best consent.Text
	for _, t := range ts {
		if t.Language == lang && !t.EffectiveFrom.After(g.now) && t.Version > best.Version {
			best = t
		}
	}
	if best.Version == 0 {
		return best, fmt.Errorf("text %s/%s: %w", purpose, lang, consent.ErrNotFound)
	}
	return best, nil
}

// precheck validates an event against the catalogue before a scan is
// stored for it, so that a refused grant leaves no orphan attachment.
func (g *gdpr) precheck(events ...consent.Event) error {
	ps, err := g.store.ListPurposes(g.ctx)
	if err != nil {
		return err
	}
	ts, err := g.store.ListTexts(g.ctx, "")
	if err != nil {
		return err
	}
	cat, err := consent.NewCatalogue(ps, ts)
	if err != nil {
		return err
	}
	for _, e := range events {
		if err := cat.CheckEvent(e); err != nil {
			return err
		}
	}
	return nil
}

// storeScan reads a scan file and stores it encrypted in the vault.
func (g *gdpr) storeScan(patientID, name string) (consent.Attachment, error) {
	f, err := os.Open(name)
	if err != nil {
		return consent.Attachment{}, newExitError(exitNotFound, err, "cannot open --scan %s", name)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxScanBytes+1))
	if err != nil {
		return consent.Attachment{}, newExitError(exitNotFound, err, "cannot read --scan %s", name)
	}
	if len(data) > maxScanBytes {
		return consent.Attachment{}, newExitError(exitValidation, nil, "--scan: file is larger than %d MiB", maxScanBytes>>20)
	}
	ct := http.DetectContentType(data)
	if !slices.Contains([]string{"application/pdf", "image/png", "image/jpeg"}, ct) {
		return consent.Attachment{}, newExitError(exitValidation, nil, "--scan: want a PDF, PNG or JPEG file")
	}
	att, err := g.vault.AddScan(patientID, ct, data)
	if err != nil {
		return att, err
	}
	if att.SHA256 == "" {
		sum := sha256.Sum256(data)
		att.SHA256 = hex.EncodeToString(sum[:])
	}
	return att, nil
}

func consentWithdraw() *command {
	c := newCommand("withdraw", "[flags]", "record that a patient withdrew consent, effective at once")
	c.help = `Without --recipient every grant of the purpose ends now. With --recipient
only that recipient loses access: the grants covering it end now and their
other recipients are recorded again, unchanged, in the same step.`
	vf := addVaultFlags(c.flags)
	patient := c.flags.String("patient", "", "patient `id` (required)")
	purpose := c.flags.String("purpose", "", "purpose `id` (required)")
	recipient := c.flags.String("recipient", "", "withdraw only for this recipient `id`")
	method := c.flags.String("method", "verbal", "how the withdrawal was received: paper, screen, verbal or imported")
	c.nargs = noArgs
	c.run = func(ctx *runContext, _ []string) error {
		if *patient == "" || *purpose == "" {
			return usageErrorf("consent withdraw: --patient and --purpose are required")
		}
		g, closeFn, err := ctx.openGDPR(vf)
		if err != nil {
			return err
		}
		defer closeFn()
		events, err := g.withdraw(*patient, *purpose, *recipient, consent.Method(*method))
		if err != nil {
			return consentMessage(err)
		}
		fmt.Fprintf(ctx.stdout, "consent withdrawn: patient %s, purpose %s%s, effective %s (event %s)\n",
			*patient, *purpose, forRecipient(*recipient), g.now.UTC().Format(time.RFC3339), events[0].ID)
		return nil
	}
	return c
}

func forRecipient(r string) string {
	if r == "" {
		return ""
	}
	return ", recipient " + r
}

// withdraw appends the withdrawal events (and, for one recipient, the
// re-recorded remainder) in one batch.
func (g *gdpr) withdraw(patient, purpose, recipient string, m consent.Method) ([]consent.Event, error) {
	ix, _, err := g.patientIndex(patient)
	if err != nil {
		return nil, err
	}
	if _, ok := ix.Catalogue().Purpose(purpose); !ok {
		return nil, newExitError(exitNotFound, nil, "no purpose %q in the catalogue", purpose)
	}
	active := activeGrants(ix, patient, purpose, g.now)
	if len(active) == 0 {
		return nil, newExitError(exitNotFound, nil, "patient %s has no active consent for purpose %s", patient, purpose)
	}
	var batch []consent.Event
	if recipient == "" {
		batch = []consent.Event{consent.WithdrawPurpose(patient, purpose, g.actor.UserID, m, g.now)}
	} else if batch, err = g.withdrawRecipient(ix, patient, purpose, recipient, m, active); err != nil {
		return nil, err
	}
	return batch, g.store.AppendEvents(g.ctx, batch...)
}

func (g *gdpr) withdrawRecipient(ix *consent.Index, patient, purpose, recipient string, m consent.Method, active []string) ([]consent.Event, error) {
	p, _ := ix.Catalogue().Purpose(purpose)
	if _, ok := p.Recipient(recipient); !ok {
		return nil, newExitError(exitValidation, nil, "%q is not a recipient of purpose %s", recipient, purpose)
	}
	events, err := g.store.ListEvents(g.ctx, consent.EventFilter{PatientID: patient, PurposeID: purpose})
	if err != nil {
		return nil, err
	}
	var batch []consent.Event
	for _, e := range events {
		if e.Type != consent.Granted || !slices.Contains(active, e.ID) {
			continue
		}
		covered := e.Recipients
		if len(covered) == 0 {
			for _, r := range p.Recipients {
				covered = append(covered, r.ID)
			}
		}
		if !slices.Contains(covered, recipient) {
			continue
		}
		batch = append(batch, consent.Withdraw(e, g.actor.UserID, m, g.now))
		if rest := slices.DeleteFunc(slices.Clone(covered), func(r string) bool { return r == recipient }); len(rest) > 0 {
			again := e
			again.ID, again.Time, again.Recipients, again.RecordedBy = consent.NewID(), g.now, rest, g.actor.UserID
			batch = append(batch, again)
		}
	}
	if len(batch) == 0 {
		return nil, newExitError(exitNotFound, nil, "no active consent of patient %s for purpose %s covers recipient %s", patient, purpose, recipient)
	}
	return batch, nil
}

// activeGrants returns the ids of the patient's grants of a purpose that
// are active at a time.
func activeGrants(ix *consent.Index, patient, purpose string, at time.Time) []string {
	var ids []string
	for _, s := range ix.Status(patient, at) {
		if s.PurposeID == purpose && s.Status == "active" {
			ids = append(ids, s.GrantID)
		}
	}
	return ids
}

// consentState is one line of "consent list".
type consentState struct {
	PurposeID       string    `json:"purposeId"`
	Purpose         string    `json:"purpose"`
	Basis           string    `json:"basis"`
	ConsentRequired bool      `json:"consentRequired"`
	State           string    `json:"state"`
	Allowed         bool      `json:"allowed"`
	Reason          string    `json:"reason"`
	EventID         string    `json:"eventId,omitempty"`
	ValidUntil      time.Time `json:"validUntil,omitzero"`
	TextVersion     int       `json:"textVersion,omitempty"`
}

func consentList() *command {
	c := newCommand("list", "[flags]", "current consent state of a patient, per purpose")
	c.help = `One line per purpose of the catalogue: the state of the latest grant
(active, withdrawn, refused, expired, superseded, pending, none), whether
processing is allowed now (or at --at) and why. --recipient and --category
ask about one recipient or data category.`
	vf := addVaultFlags(c.flags)
	patient := c.flags.String("patient", "", "patient `id` (required)")
	at := c.flags.String("at", "", "evaluate at this `time` instead of now (YYYY-MM-DDTHH:MM or RFC 3339)")
	recipient := c.flags.String("recipient", "", "ask about disclosure to this recipient `id`")
	category := c.flags.String("category", "", "ask about this data `category`")
	asJSON := c.flags.Bool("json", false, "print JSON")
	c.nargs = noArgs
	c.run = func(ctx *runContext, _ []string) error {
		if *patient == "" {
			return usageErrorf("consent list: --patient is required")
		}
		g, closeFn, err := ctx.openGDPR(vf)
		if err != nil {
			return err
		}
		defer closeFn()
		when := g.now
		if *at != "" {
			if when, err = parseTimeFlag("--at", *at); err != nil {
				return err
			}
		}
		states, err := g.states(*patient, *recipient, *category, when)
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSON(ctx.stdout, states)
		}
		return writeStates(ctx.stdout, states)
	}
	return c
}

// states derives the per-purpose state of a patient from the ledger.
func (g *gdpr) states(patient, recipient, category string, at time.Time) ([]consentState, error) {
	ix, _, err := g.patientIndex(patient)
	if err != nil {
		return nil, err
	}
	status := ix.Status(patient, at)
	var out []consentState
	for _, p := range ix.Catalogue().Purposes() {
		d := ix.Allowed(patient, p.ID, recipient, category, at)
		s := consentState{PurposeID: p.ID, Purpose: p.Name, Basis: d.Basis, ConsentRequired: p.ConsentRequired,
			State: "not required", Allowed: d.Allowed, Reason: d.Reason, EventID: d.EventID}
		if p.ConsentRequired {
			s.State = "none"
		}
		for _, gs := range status {
			if gs.PurposeID == p.ID {
				s.State, s.ValidUntil, s.TextVersion = gs.Status, gs.ValidUntil, gs.TextVersion
			}
		}
		out = append(out, s)
	}
	return out, nil
}

func writeStates(w io.Writer, states []consentState) error {
	t := &table{}
	t.add("PURPOSE", "STATE", "ALLOWED", "VALID UNTIL", "REASON", "EVENT")
	for _, s := range states {
		t.add(s.PurposeID, s.State, yesNo(s.Allowed), dateOrDash(s.ValidUntil), s.Reason, s.EventID)
	}
	return t.write(w)
}

func dateOrDash(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format(dateLayout)
}

func consentHistory() *command {
	c := newCommand("history", "[flags]", "ledger events of a patient, oldest first")
	vf := addVaultFlags(c.flags)
	patient := c.flags.String("patient", "", "patient `id` (required)")
	purpose := c.flags.String("purpose", "", "only this purpose `id`")
	asJSON := c.flags.Bool("json", false, "print JSON")
	c.nargs = noArgs
	c.run = func(ctx *runContext, _ []string) error {
		if *patient == "" {
			return usageErrorf("consent history: --patient is required")
		}
		g, closeFn, err := ctx.openGDPR(vf)
		if err != nil {
			return err
		}
		defer closeFn()
		events, err := g.store.ListEvents(g.ctx, consent.EventFilter{PatientID: *patient, PurposeID: *purpose})
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSON(ctx.stdout, nonNil(events))
		}
		return writeEvents(ctx.stdout, events)
	}
	return c
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func writeEvents(w io.Writer, events []consent.Event) error {
	t := &table{}
	t.add("TIME", "TYPE", "PURPOSE", "EVENT", "REFERS TO", "METHOD", "TEXT", "SCOPE", "RECORDED BY")
	for _, e := range events {
		text := "-"
		if e.TextVersion > 0 {
			text = fmt.Sprintf("%s v%d", e.TextLanguage, e.TextVersion)
		}
		t.add(e.Time.UTC().Format(time.RFC3339), string(e.Type), orAllPurposes(e.PurposeID), e.ID, orDash(e.RefersTo),
			string(e.Method), text, scopeText(e), e.RecordedBy)
	}
	return t.write(w)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// scopeText summarises recipients, categories and deny exceptions.
func scopeText(e consent.Event) string {
	var parts []string
	if len(e.Recipients) > 0 {
		parts = append(parts, "to "+strings.Join(e.Recipients, ","))
	}
	if len(e.Categories) > 0 {
		parts = append(parts, "only "+strings.Join(e.Categories, ","))
	}
	for _, d := range e.Deny {
		parts = append(parts, "except "+strings.Join(d.Categories, ","))
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, "; ")
}

func consentDue() *command {
	c := newCommand("due", "[flags]", "consents that expire or need re-consent soon")
	vf := addVaultFlags(c.flags)
	within := c.flags.String("within", "30d", "look-ahead `period`, e.g. 30d, 8w or 72h")
	asJSON := c.flags.Bool("json", false, "print JSON")
	c.nargs = noArgs
	c.run = func(ctx *runContext, _ []string) error {
		d, err := parsePeriod(*within)
		if err != nil {
			return usageErrorf("--within: %v", err)
		}
		g, closeFn, err := ctx.openGDPR(vf)
		if err != nil {
			return err
		}
		defer closeFn()
		ix, err := g.index()
		if err != nil {
			return err
		}
		due := ix.DueForRenewal(d, g.now)
		if *asJSON {
			return writeJSON(ctx.stdout, nonNil(due))
		}
		t := &table{}
		t.add("DUE", "DAYS", "PATIENT", "PURPOSE", "GRANT", "REASON")
		for _, r := range due {
			t.add(r.Due.Format(dateLayout), fmt.Sprint(int(r.Due.Sub(g.now).Hours()/24)), r.PatientID, r.PurposeID, r.GrantID, renewalReason(r))
		}
		return t.write(ctx.stdout)
	}
	return c
}

func renewalReason(r consent.Renewal) string {
	if r.NewTextVersion > 0 {
		return fmt.Sprintf("%s (show version %d)", r.Reason, r.NewTextVersion)
	}
	return r.Reason
}

// parsePeriod reads "30d", "8w" or a Go duration such as "72h".
func parsePeriod(s string) (time.Duration, error) {
	var n int
	var unit string
	if _, err := fmt.Sscanf(s, "%d%s", &n, &unit); err == nil && n >= 0 {
		switch unit {
		case "d":
			return time.Duration(n) * 24 * time.Hour, nil
		case "w":
			return time.Duration(n) * 7 * 24 * time.Hour, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, errors.New("want a period like 30d, 8w or 72h")
	}
	return d, nil
}

// strictJSON decodes one JSON value, refusing unknown fields.
func strictJSON(data []byte, v any) error {
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return errors.New(strings.TrimPrefix(err.Error(), "json: "))
	}
	return nil
}

// orAllPurposes shows the purpose of an event; an erasure ends them all.
func orAllPurposes(id string) string {
	if id == "" {
		return "(all purposes)"
	}
	return id
}
