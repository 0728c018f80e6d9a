package consent

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// FHIR R4 Consent mapping.
//
// One ledger event becomes one Consent resource (id = event id):
//
//	status          granted/renewed → active (inactive when FHIROptions.Status says
//	                the grant no longer counts); withdrawn/expired → inactive; refused → rejected
//	scope           consentscope: research for research purposes, treatment for care, else patient-privacy
//	category        LOINC 59284-0 "Patient Consent"
//	patient         Patient/<patient id>
//	dateTime        event time (UTC)
//	performer       Patient/<id>, or RelatedPerson with the representative's name
//	                (display) and relation (extension)
//	organization    the practice
//	sourceAttachment the signed scan: url urn:custodia:attachment:<ref>, contentType,
//	                hash (SHA-1, when known), SHA-256 in an extension
//	policy          the lawful basis as GDPR ELI URIs (#art_6-1-x, #art_9-2-x)
//	policyRule      v3-ActCode OPTIN (grant, renewal) or OPTOUT (withdrawal, expiry, refusal)
//	provision       type permit (grant, renewal) or deny; period = validity (a
//	                validity ending at local midnight exports as the inclusive date
//	                before it: FHIR's period.end includes the day it names); actor =
//	                recipients (role IRCP, Organization/<recipient id>); action = use
//	                (+ disclose with recipients); purpose = urn:custodia:purpose code plus
//	                the v3-ActReason code of the purpose kind; code = data categories;
//	                dataPeriod; nested deny provisions = deny exceptions.
//	                A grant to every recipient of the purpose is NOT a permit without
//	                actor (FHIR reads that as "anyone"): it is a root deny without
//	                actor holding one nested permit whose actors are the practice (CST)
//	                and every recipient the purpose names when exported; the deny
//	                exceptions nest in that permit. Reading: nothing is permitted but
//	                the listed actors, for this purpose and these categories.
//	                A grant that no longer counts is inactive with period.end = when it
//	                ended (its own validity in the valid-until extension); a withdrawal
//	                of one recipient (the grant recorded again for the others) names
//	                the withdrawn recipient as its actor.
//	extension       event type, refers-to, recorded-by, method, consent text
//	                language/version/SHA-256, source, ended-at, valid-until
//	                (urn:custodia:fhir:*)
//
// The importer reads exactly this shape back (ImportFHIR); Consents of other
// systems go through ImportConsents and a FHIRMapping (fhir_foreign.go).

// FHIR systems and extension URLs Custodia uses.
const (
	SysConsentScope     = "http://terminology.hl7.org/CodeSystem/consentscope"
	SysLOINC            = "http://loinc.org"
	SysActCode          = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
	SysActReason        = "http://terminology.hl7.org/CodeSystem/v3-ActReason"
	SysConsentAction    = "http://terminology.hl7.org/CodeSystem/consentaction"
	SysParticipation    = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
	SysPurpose          = "urn:custodia:purpose"
	SysDataCategory     = "urn:custodia:data-category"
	ExtBase             = "urn:custodia:fhir:"
	extEventType        = ExtBase + "event-type"
	extRefersTo         = ExtBase + "refers-to"
	extRecordedBy       = ExtBase + "recorded-by"
	extMethod           = ExtBase + "method"
	extTextLanguage     = ExtBase + "text-language"
	extTextVersion      = ExtBase + "text-version"
	extTextSHA256       = ExtBase + "text-sha256"
	extRelation         = ExtBase + "representative-relation"
	extScanSHA256       = ExtBase + "scan-sha256"
	extValidUntil       = ExtBase + "valid-until"
	extEndedAt          = ExtBase + "ended-at"
	extSource           = ExtBase + "source"
	SysRoleCode         = "http://terminology.hl7.org/CodeSystem/v3-RoleCode"
	attachmentURLPrefix = "urn:custodia:attachment:"
)

type fhirCoding struct {
	System  string `json:"system,omitempty"`
	Code    string `json:"code,omitempty"`
	Display string `json:"display,omitempty"`
}

type fhirCC struct {
	Coding []fhirCoding `json:"coding,omitempty"`
	Text   string       `json:"text,omitempty"`
}

type fhirExtension struct {
	URL              string `json:"url"`
	ValueDateTime    string `json:"valueDateTime,omitempty"`
	ValueCode        string `json:"valueCode,omitempty"`
	ValueID          string `json:"valueId,omitempty"`
	ValueString      string `json:"valueString,omitempty"`
	ValuePositiveInt int    `json:"valuePositiveInt,omitempty"`
}

type fhirRef struct {
	Extension []fhirExtension `json:"extension,omitempty"`
	Reference string          `json:"reference,omitempty"`
	Type      string          `json:"type,omitempty"`
	Display   string          `json:"display,omitempty"`
}

type fhirPeriod struct {
	Start string `json:"start,omitempty"`
	End   string `json:"end,omitempty"`
}

type fhirAttachment struct {
	Extension   []fhirExtension `json:"extension,omitempty"`
	ContentType string          `json:"contentType,omitempty"`
	URL         string          `json:"url,omitempty"`
	Hash        string          `json:"hash,omitempty"`
}

type fhirPolicy struct {
	Authority string `json:"authority,omitempty"`
	URI       string `json:"uri,omitempty"`
}

type fhirActor struct {
	Role      fhirCC  `json:"role"`
	Reference fhirRef `json:"reference"`
}

type fhirProvision struct {
	Type              string          `json:"type,omitempty"`
	Period            *fhirPeriod     `json:"period,omitempty"`
	Actor             []fhirActor     `json:"actor,omitempty"`
	Action            []fhirCC        `json:"action,omitempty"`
	SecurityLabel     json.RawMessage `json:"securityLabel,omitempty"`
	Purpose           []fhirCoding    `json:"purpose,omitempty"`
	Class             []fhirCoding    `json:"class,omitempty"`
	Code              []fhirCC        `json:"code,omitempty"`
	Data              json.RawMessage `json:"data,omitempty"`
	DataPeriod        *fhirPeriod     `json:"dataPeriod,omitempty"`
	Provision         []fhirProvision `json:"provision,omitempty"`
	ModifierExtension json.RawMessage `json:"modifierExtension,omitempty"`
}

type fhirConsent struct {
	ResourceType      string          `json:"resourceType"`
	ID                string          `json:"id,omitempty"`
	Extension         []fhirExtension `json:"extension,omitempty"`
	ModifierExtension json.RawMessage `json:"modifierExtension,omitempty"`
	Status            string          `json:"status"`
	Scope             *fhirCC         `json:"scope,omitempty"`
	Category          []fhirCC        `json:"category,omitempty"`
	Patient           *fhirRef        `json:"patient,omitempty"`
	DateTime          string          `json:"dateTime,omitempty"`
	Performer         []fhirRef       `json:"performer,omitempty"`
	Organization      []fhirRef       `json:"organization,omitempty"`
	SourceAttachment  *fhirAttachment `json:"sourceAttachment,omitempty"`
	SourceReference   *fhirRef        `json:"sourceReference,omitempty"`
	Verification      json.RawMessage `json:"verification,omitempty"`
	Policy            []fhirPolicy    `json:"policy,omitempty"`
	PolicyRule        *fhirCC         `json:"policyRule,omitempty"`
	Provision         *fhirProvision  `json:"provision,omitempty"`
}

// Organization is the practice as FHIR organization.
type Organization struct {
	ID   string // FHIR id of the practice's Organization resource
	Name string
	// TimeZone is the practice's time zone for inclusive end dates (nil: UTC).
	TimeZone *time.Location
}

// FHIROptions tune the export.
type FHIROptions struct {
	Organization Organization
	// Status overrides the status derived from the event type, e.g.
	// "inactive" for a grant the index reports withdrawn or expired (see
	// Index.ExportPatientFHIR). Empty: derived from the event type.
	Status string
	// EndedAt is when a grant stopped counting (withdrawal, refusal,
	// erasure, expiry): its Consent gets period.end, and the ledger's own
	// validity travels in the valid-until extension.
	EndedAt time.Time
	// Withdrawn names the recipients a withdrawal took away when the
	// grant's other recipients were recorded again (one recipient withdrawn).
	Withdrawn []string
	// Grant is the grant a renewal renews: its scope (recipients,
	// categories, deny exceptions) is written on the renewal's Consent, so
	// that a renewal never reads as a permit for anyone.
	Grant *Event
	// Location is the practice's time zone: a validity ending at local
	// midnight exports as the inclusive date of the day before (FHIR
	// period.end includes the whole day it names). Nil: UTC.
	Location *time.Location
	// Practice is the practice's Organization id for the custodian actor of
	// a grant to every recipient (default Organization.ID).
	practice string
}

// EndOfDay returns the exclusive end of the day d falls on, in d's
// location: the first instant of the next day. A consent "valid until
// 31 December" ends at 1 January 00:00 local time.
func EndOfDay(d time.Time) time.Time {
	y, m, dd := d.Date()
	return time.Date(y, m, dd+1, 0, 0, 0, 0, d.Location())
}

// fhirEnd renders an exclusive end instant as FHIR period.end: the
// inclusive date when it falls on local midnight, else the instant.
func fhirEnd(t time.Time, loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	lt := t.In(loc)
	if h, m, s := lt.Clock(); h == 0 && m == 0 && s == 0 && lt.Nanosecond() == 0 {
		return lt.AddDate(0, 0, -1).Format(time.DateOnly)
	}
	return fhirTime(t)
}

var actReasonOf = map[Kind]string{
	KindTreatment: "TREAT", KindCareCoordination: "TREAT", KindBilling: "HPAYMT", KindResearch: "HRESCH",
	KindRecall: "PATADMIN", KindMarketing: "HMARKT", KindSharing: "TREAT",
}

func scopeOf(k Kind) string {
	switch k {
	case KindResearch:
		return "research"
	case KindTreatment, KindCareCoordination:
		return "treatment"
	}
	return "patient-privacy"
}

func fhirTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func statusOf(t EventType) string {
	switch t {
	case Granted, Renewed:
		return "active"
	case Refused:
		return "rejected"
	}
	return "inactive"
}

func consentResource(e Event, p Purpose, o FHIROptions) (fhirConsent, error) {
	if err := e.Validate(); err != nil {
		return fhirConsent{}, err
	}
	if e.PurposeID != p.ID || !ValidID(o.Organization.ID) {
		return fhirConsent{}, fmt.Errorf("export event %s: purpose or organization id missing: %w", e.ID, ErrInvalid)
	}
	c := fhirConsent{ResourceType: "Consent", ID: e.ID, Status: statusOf(e.Type),
		Scope:        &fhirCC{Coding: []fhirCoding{{System: SysConsentScope, Code: scopeOf(p.Kind)}}},
		Category:     []fhirCC{{Coding: []fhirCoding{{System: SysLOINC, Code: "59284-0", Display: "Patient Consent"}}}},
		Patient:      &fhirRef{Reference: "Patient/" + e.PatientID},
		DateTime:     fhirTime(e.Time),
		Organization: []fhirRef{{Reference: "Organization/" + o.Organization.ID, Display: o.Organization.Name}},
		Extension:    eventExtensions(e),
		PolicyRule:   &fhirCC{Coding: []fhirCoding{{System: SysActCode, Code: policyRuleOf(e.Type)}}},
	}
	if o.Status != "" {
		c.Status = o.Status
	}
	c.Performer = []fhirRef{{Reference: "Patient/" + e.PatientID}}
	if r := e.Representative; r != nil {
		c.Performer = []fhirRef{{Type: "RelatedPerson", Display: r.Name,
			Extension: []fhirExtension{{URL: extRelation, ValueCode: r.Relation}}}}
	}
	if s := e.Scan; s != nil {
		c.SourceAttachment = &fhirAttachment{ContentType: s.ContentType, URL: attachmentURLPrefix + s.Ref, Hash: s.SHA1,
			Extension: []fhirExtension{{URL: extScanSHA256, ValueString: s.SHA256}}}
	}
	for _, u := range p.BasisURIs() {
		c.Policy = append(c.Policy, fhirPolicy{Authority: GDPRURI, URI: u})
	}
	o.practice = o.Organization.ID
	c.Provision = provisionOf(e, p, o)
	if !o.EndedAt.IsZero() && c.Provision.Period != nil {
		c.Extension = append(c.Extension, fhirExtension{URL: extEndedAt, ValueDateTime: fhirTime(o.EndedAt)})
		if !e.ValidUntil.IsZero() {
			c.Extension = append(c.Extension, fhirExtension{URL: extValidUntil, ValueDateTime: fhirTime(e.ValidUntil)})
		}
		c.Provision.Period.End = fhirTime(o.EndedAt)
	}
	return c, nil
}

func policyRuleOf(t EventType) string {
	if t == Granted || t == Renewed {
		return "OPTIN"
	}
	return "OPTOUT"
}

func eventExtensions(e Event) []fhirExtension {
	ext := []fhirExtension{
		{URL: extEventType, ValueCode: string(e.Type)},
		{URL: extRecordedBy, ValueID: e.RecordedBy},
		{URL: extMethod, ValueCode: string(e.Method)},
	}
	if e.RefersTo != "" {
		ext = append(ext, fhirExtension{URL: extRefersTo, ValueID: e.RefersTo})
	}
	if e.Source != "" {
		ext = append(ext, fhirExtension{URL: extSource, ValueString: e.Source})
	}
	if e.TextVersion > 0 {
		ext = append(ext, fhirExtension{URL: extTextLanguage, ValueCode: e.TextLanguage},
			fhirExtension{URL: extTextVersion, ValuePositiveInt: e.TextVersion},
			fhirExtension{URL: extTextSHA256, ValueString: e.TextSHA256})
	}
	return ext
}

// provisionOf renders the scope. A grant to every recipient the purpose
// names (Recipients empty) is not left without actor, which FHIR reads as
// "anyone": its root provision is type deny without actor (nothing outside
// this consent), holding one nested permit whose actors are the practice
// (custodian, CST) and every recipient the purpose names at export time
// (IRCP), with the categories, and the deny exceptions nested in it. A
// grant to named recipients is a root permit with those actors. A
// withdrawal of one recipient names it as the deny's actor.
func provisionOf(e Event, p Purpose, o FHIROptions) *fhirProvision {
	pr := &fhirProvision{Type: "deny"}
	if e.Type == Granted || e.Type == Renewed {
		pr.Type = "permit"
	}
	if !e.ValidUntil.IsZero() || e.Type == Granted || e.Type == Renewed {
		pr.Period = &fhirPeriod{Start: fhirTime(e.Time)}
		if !e.ValidUntil.IsZero() {
			pr.Period.End = fhirEnd(e.ValidUntil, o.Location)
		}
	}
	pr.Action = []fhirCC{{Coding: []fhirCoding{{System: SysConsentAction, Code: "use"}}}}
	if len(e.Recipients) > 0 || len(p.Recipients) > 0 {
		pr.Action = append(pr.Action, fhirCC{Coding: []fhirCoding{{System: SysConsentAction, Code: "disclose"}}})
	}
	pr.Purpose = []fhirCoding{{System: SysPurpose, Code: p.ID, Display: p.Name}, {System: SysActReason, Code: actReasonOf[p.Kind]}}
	if !e.DataFrom.IsZero() || !e.DataUntil.IsZero() {
		pr.DataPeriod = &fhirPeriod{}
		if !e.DataFrom.IsZero() {
			pr.DataPeriod.Start = fhirTime(e.DataFrom)
		}
		if !e.DataUntil.IsZero() {
			pr.DataPeriod.End = fhirTime(e.DataUntil)
		}
	}
	scope, sc := pr, e
	if e.Type == Renewed && o.Grant != nil {
		sc = *o.Grant
	}
	if (e.Type == Granted || sc.Type == Granted && e.Type == Renewed) && len(sc.Recipients) == 0 && len(p.Recipients) > 0 {
		var all []string
		for _, r := range p.Recipients {
			all = append(all, r.ID)
		}
		permit := fhirProvision{Type: "permit", Actor: append([]fhirActor{custodian(o.practice)}, actorsOf(all)...), Action: pr.Action}
		pr.Type, pr.Action = "deny", nil
		pr.Provision = []fhirProvision{permit}
		scope = &pr.Provision[0]
	} else {
		pr.Actor = actorsOf(sc.Recipients)
		if e.Type == Withdrawn {
			pr.Actor = actorsOf(o.Withdrawn)
		}
	}
	scope.Code = categoryCodes(sc.Categories)
	for _, d := range sc.Deny {
		scope.Provision = append(scope.Provision, fhirProvision{Type: "deny", Actor: actorsOf(d.Recipients), Code: categoryCodes(d.Categories)})
	}
	return pr
}

// custodian is the practice as the actor that keeps and uses the data.
func custodian(orgID string) fhirActor {
	return fhirActor{Role: fhirCC{Coding: []fhirCoding{{System: SysParticipation, Code: "CST"}}},
		Reference: fhirRef{Reference: "Organization/" + orgID}}
}

func actorsOf(recipients []string) []fhirActor {
	var out []fhirActor
	for _, r := range recipients {
		out = append(out, fhirActor{Role: fhirCC{Coding: []fhirCoding{{System: SysParticipation, Code: "IRCP"}}},
			Reference: fhirRef{Reference: "Organization/" + r}})
	}
	return out
}

func categoryCodes(cats []string) []fhirCC {
	var out []fhirCC
	for _, c := range cats {
		out = append(out, fhirCC{Coding: []fhirCoding{{System: SysDataCategory, Code: c}}})
	}
	return out
}

// fhirBundle is a collection Bundle of Consents.
type fhirBundle struct {
	ResourceType string        `json:"resourceType"`
	Type         string        `json:"type"`
	Timestamp    string        `json:"timestamp,omitempty"`
	Entry        []bundleEntry `json:"entry,omitempty"`
}

type bundleEntry struct {
	FullURL  string          `json:"fullUrl,omitempty"`
	Resource json.RawMessage `json:"resource"`
}

// ExportPatientFHIR renders a patient's ledger events as a FHIR collection
// Bundle. Grants that no longer count at now (withdrawn, expired, superseded,
// refused) are marked inactive.
func (ix *Index) ExportPatientFHIR(patientID string, events []Event, org Organization, now time.Time) ([]byte, error) {
	status := map[string]string{}
	ended := map[string]time.Time{}
	byID := map[string]Event{}
	for _, e := range events {
		byID[e.ID] = e
	}
	for _, s := range ix.Status(patientID, now) {
		if s.Status != "active" && s.Status != "pending" {
			status[s.GrantID] = "inactive"
			ended[s.GrantID] = s.ValidUntil
			if e, ok := byID[s.EndedBy]; ok {
				ended[s.GrantID] = e.Time
			} else if b, ok := ix.Erased(patientID, now); ok && s.Status == string(Erased) {
				ended[s.GrantID] = b.From
			}
		}
	}
	b := fhirBundle{ResourceType: "Bundle", Type: "collection", Timestamp: fhirTime(now)}
	for _, e := range events {
		if e.PatientID != patientID || e.Type == Erased {
			continue // an erasure is no consent: its grants export inactive with period.end
		}
		p, ok := ix.cat.Purpose(e.PurposeID)
		if !ok {
			return nil, fmt.Errorf("event %s: purpose %q: %w", e.ID, e.PurposeID, ErrNotFound)
		}
		o := FHIROptions{Organization: org, Location: org.TimeZone}
		switch e.Type {
		case Granted:
			o.Status, o.EndedAt = status[e.ID], ended[e.ID]
		case Withdrawn:
			o.Withdrawn = withdrawnRecipients(e, events, p)
		case Renewed:
			if g, ok := byID[e.RefersTo]; ok {
				o.Grant = &g
			}
		}
		c, err := consentResource(e, p, o)
		if err != nil {
			return nil, err
		}
		raw, err := json.Marshal(c)
		if err != nil {
			return nil, err
		}
		b.Entry = append(b.Entry, bundleEntry{FullURL: "urn:uuid:" + e.ID, Resource: raw})
	}
	return json.MarshalIndent(b, "", "  ")
}

// withdrawnRecipients finds the recipients a withdrawal took away when
// the same step recorded the grant again for its other recipients (how
// one recipient is withdrawn); nil when the whole grant was withdrawn.
func withdrawnRecipients(w Event, events []Event, p Purpose) []string {
	i := slices.IndexFunc(events, func(e Event) bool { return e.ID == w.RefersTo })
	if w.RefersTo == "" || i < 0 {
		return nil
	}
	before := covered(events[i], p)
	for _, e := range events {
		if e.Type != Granted || e.ID == w.RefersTo || !e.Time.Equal(w.Time) || e.PatientID != w.PatientID || e.PurposeID != w.PurposeID {
			continue
		}
		after := covered(e, p)
		var gone []string
		for _, r := range before {
			if !slices.Contains(after, r) {
				gone = append(gone, r)
			}
		}
		if len(gone) > 0 && len(gone) < len(before) {
			return gone
		}
	}
	return nil
}

// covered lists the recipient ids a grant covers.
func covered(e Event, p Purpose) []string {
	if len(e.Recipients) > 0 {
		return e.Recipients
	}
	var out []string
	for _, r := range p.Recipients {
		out = append(out, r.ID)
	}
	return out
}

// ImportFHIR reads one FHIR R4 Consent written in Custodia's mapping and
// returns the ledger event, checked against the catalogue. Anything malformed
// (wrong JSON types, unknown codes, missing patient, a basis that does not
// match the purpose) is refused with a *ValidationError naming the JSON path;
// nothing is returned, so nothing can be stored.
func ImportFHIR(data []byte, cat *Catalogue) (Event, error) {
	var c fhirConsent
	if err := json.Unmarshal(data, &c); err != nil {
		return Event{}, jsonError(data, err)
	}
	return importConsent(c, cat, "")
}

// ImportFHIRBundle reads a Bundle of Consents (as written by
// ExportPatientFHIR): all entries or none.
func ImportFHIRBundle(data []byte, cat *Catalogue) ([]Event, error) {
	var b fhirBundle
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, jsonError(data, err)
	}
	if b.ResourceType != "Bundle" {
		return nil, invalidField("resourceType", RuleFHIRBundle)
	}
	var out []Event
	for i, en := range b.Entry {
		prefix := fmt.Sprintf("entry[%d].resource", i)
		var c fhirConsent
		if err := json.Unmarshal(en.Resource, &c); err != nil {
			var ve *ValidationError
			if err := jsonError(en.Resource, err); errorsAs(err, &ve) {
				return nil, prefixed(prefix, ve)
			}
			return nil, err
		}
		e, err := importConsent(c, cat, prefix)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// eventToFHIR maps event field names to the FHIR elements they come from.
var eventToFHIR = []struct{ event, fhir string }{
	{"recipients", "provision.actor"},
	{"categories", "provision.code"},
	{"deny", "provision.provision"},
	{"textVersion", "extension(text-version)"},
	{"textSha256", "extension(text-sha256)"},
	{"textLanguage", "extension(text-language)"},
	{"refersTo", "extension(refers-to)"},
	{"recordedBy", "extension(recorded-by)"},
	{"method", "extension(method)"},
	{"validUntil", "provision.period.end"},
	{"dataUntil", "provision.dataPeriod.end"},
	{"representative", "performer[0]"},
	{"scan", "sourceAttachment"},
	{"purposeId", "provision.purpose"},
	{"patientId", "patient"},
	{"time", "dateTime"},
	{"type", "extension(event-type)"},
}

// fhirPaths renames event fields in a validation error to FHIR paths.
func fhirPaths(ve *ValidationError) *ValidationError {
	out := &ValidationError{}
	for _, f := range ve.Fields {
		for _, m := range eventToFHIR {
			if rest, ok := strings.CutPrefix(f.Field, m.event); ok && (rest == "" || rest[0] == '[' || rest[0] == '.') {
				f.Field = m.fhir + rest
				break
			}
		}
		out.Fields = append(out.Fields, f)
	}
	return out
}

func prefixed(prefix string, ve *ValidationError) error {
	var v fields
	for _, f := range ve.Fields {
		f.Field = joinPath(prefix, strings.TrimPrefix(f.Field, "$."))
		v.list = append(v.list, f)
	}
	return v.err()
}

// importer collects path errors while reading a Consent.
type importer struct {
	v   fields
	cat *Catalogue
	loc *time.Location
	// ended: the grant was exported after it ended (extension ended-at), so
	// period.end is its end and validUntil (extension valid-until) its validity.
	ended      bool
	validUntil time.Time
}

func importConsent(c fhirConsent, cat *Catalogue, prefix string) (Event, error) {
	im := &importer{v: fields{prefix: prefix}, cat: cat}
	e := im.read(c)
	if err := im.v.err(); err != nil {
		return Event{}, err
	}
	if err := cat.CheckEvent(e); err != nil {
		var ve *ValidationError
		if errorsAs(err, &ve) {
			return Event{}, prefixed(prefix, fhirPaths(ve))
		}
		return Event{}, fmt.Errorf("%s: %w", joinPath(prefix, "provision.purpose"), err)
	}
	return e, nil
}

func (im *importer) read(c fhirConsent) Event {
	if c.ResourceType != "Consent" {
		im.v.ruleAllowed("resourceType", []string{"Consent"})
		return Event{}
	}
	if len(c.ModifierExtension) > 0 {
		im.v.rule("modifierExtension", RuleModifierExtension)
	}
	e := Event{ID: c.ID}
	if !ValidID(c.ID) {
		im.v.rule("id", RuleFHIRID)
	}
	im.readExtensions(&e, c.Extension)
	im.readStatus(&e, c)
	im.readScopeAndCategory(c)
	e.PatientID = im.reference("patient", c.Patient, "Patient")
	e.Time = im.dateTime("dateTime", c.DateTime, true)
	im.readPerformer(&e, c.Performer)
	im.readAttachment(&e, c.SourceAttachment)
	p := im.readProvision(&e, c.Provision)
	im.readPolicy(c, p)
	return e
}

func (im *importer) readExtensions(e *Event, exts []fhirExtension) {
	for i, x := range exts {
		path := fmt.Sprintf("extension[%d]", i)
		switch x.URL {
		case extEventType:
			e.Type = EventType(x.ValueCode)
			if !slices.Contains(eventTypes, e.Type) {
				im.v.rule(path+".valueCode", RuleFHIRUnknownCode, quote(x.ValueCode))
			}
		case extRefersTo:
			e.RefersTo = x.ValueID
		case extRecordedBy:
			e.RecordedBy = x.ValueID
		case extMethod:
			e.Method = Method(x.ValueCode)
			if !slices.Contains(methods, e.Method) {
				im.v.rule(path+".valueCode", RuleFHIRUnknownCode, quote(x.ValueCode))
			}
		case extTextLanguage:
			e.TextLanguage = x.ValueCode
		case extTextVersion:
			e.TextVersion = x.ValuePositiveInt
		case extTextSHA256:
			e.TextSHA256 = x.ValueString
		case extValidUntil:
			im.validUntil = im.dateTime(path+".valueDateTime", x.ValueDateTime, true)
		case extSource:
			e.Source = x.ValueString
		case extEndedAt:
			im.ended = im.dateTime(path+".valueDateTime", x.ValueDateTime, true) != time.Time{}
		default:
			if strings.HasPrefix(x.URL, ExtBase) {
				im.v.rule(path+".url", RuleFHIRUnknownCode, quote(x.URL))
			}
		}
	}
	if e.RecordedBy == "" {
		e.RecordedBy, e.Method = "import", orMethod(e.Method)
	}
}

func orMethod(m Method) Method {
	if m == "" {
		return MethodImported
	}
	return m
}

func (im *importer) readStatus(e *Event, c fhirConsent) {
	want := map[string][]EventType{"active": {Granted, Renewed}, "inactive": {Granted, Withdrawn, Expired}, "rejected": {Refused}}
	types, ok := want[c.Status]
	switch {
	case !ok:
		im.v.ruleAllowed("status", []string{"active", "inactive", "rejected"})
		return
	case e.Type == "" && c.Status == "active":
		e.Type = Granted
	case e.Type == "" && c.Status == "rejected":
		e.Type = Refused
	case e.Type == "" && e.RefersTo != "":
		e.Type = Withdrawn
	case e.Type == "":
		im.v.rule("status", RuleInactiveAmbiguous)
		return
	case !slices.Contains(types, e.Type):
		im.v.rule("status", RuleStatusEventType, quote(c.Status), e.Type)
	}
	im.readPolicyRule(e.Type, c.PolicyRule)
}

func (im *importer) readPolicyRule(t EventType, rule *fhirCC) {
	if rule == nil || len(rule.Coding) == 0 {
		im.v.ruleAllowed("policyRule", []string{"OPTIN", "OPTOUT"})
		return
	}
	cd := rule.Coding[0]
	switch {
	case cd.System != SysActCode || (cd.Code != "OPTIN" && cd.Code != "OPTOUT"):
		im.v.ruleAllowed("policyRule.coding[0]", []string{SysActCode + " OPTIN", SysActCode + " OPTOUT"})
	case cd.Code != policyRuleOf(t):
		im.v.rule("policyRule.coding[0].code", RulePolicyEventType, cd.Code, t)
	}
}

func (im *importer) readScopeAndCategory(c fhirConsent) {
	if c.Scope == nil || len(c.Scope.Coding) == 0 {
		im.v.rule("scope", RuleRequired)
	} else if sc := c.Scope.Coding[0]; sc.System != SysConsentScope || !slices.Contains([]string{"research", "treatment", "patient-privacy", "adr"}, sc.Code) {
		im.v.rule("scope.coding[0]", RuleFHIRUnknownCode, quote(sc.Code)+" in "+quote(sc.System))
	}
	if len(c.Category) == 0 {
		im.v.rule("category", RuleRequired)
	}
	for i, cc := range c.Category {
		for j, cd := range cc.Coding {
			if cd.System != SysLOINC || !slices.Contains([]string{"59284-0", "64292-6", "57016-8"}, cd.Code) {
				im.v.rule(fmt.Sprintf("category[%d].coding[%d]", i, j), RuleFHIRUnknownCode, quote(cd.Code)+" in "+quote(cd.System))
			}
		}
	}
}

// reference reads "<Type>/<id>".
func (im *importer) reference(path string, r *fhirRef, typ string) string {
	if r == nil || r.Reference == "" {
		im.v.ruleShowing(path, RuleFHIRReference, []string{typ + "/<id>"}, typ+"/<id>")
		return ""
	}
	id, ok := strings.CutPrefix(r.Reference, typ+"/")
	if !ok || !ValidID(id) {
		im.v.ruleShowing(path+".reference", RuleFHIRReference, []string{typ + "/<id>"}, typ+"/<id>")
		return ""
	}
	return id
}

func (im *importer) dateTime(path, s string, required bool) time.Time {
	if s == "" {
		if required {
			im.v.rule(path, RuleRequired)
		}
		return time.Time{}
	}
	for _, layout := range []string{time.RFC3339Nano, time.DateOnly, "2006-01", "2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	im.v.rule(path, RuleFHIRDateTime)
	return time.Time{}
}

func (im *importer) readPerformer(e *Event, ps []fhirRef) {
	for i, p := range ps {
		path := fmt.Sprintf("performer[%d]", i)
		switch {
		case p.Type == "RelatedPerson":
			rep := &Representative{Name: p.Display}
			for _, x := range p.Extension {
				if x.URL == extRelation {
					rep.Relation = x.ValueCode
				}
			}
			if !slices.Contains(relations, rep.Relation) || strings.TrimSpace(rep.Name) == "" {
				im.v.rule(path, RuleRelatedPerson, extRelation)
			}
			e.Representative = rep
		case strings.HasPrefix(p.Reference, "Patient/"):
			if id := strings.TrimPrefix(p.Reference, "Patient/"); id != e.PatientID && e.PatientID != "" {
				im.v.rule(path+".reference", RuleOtherPatient)
			}
		default:
			im.v.rule(path, RulePerformer)
		}
	}
}

func (im *importer) readAttachment(e *Event, a *fhirAttachment) {
	if a == nil {
		return
	}
	ref, ok := strings.CutPrefix(a.URL, attachmentURLPrefix)
	s := &Attachment{Ref: ref, ContentType: a.ContentType, SHA1: a.Hash}
	for _, x := range a.Extension {
		if x.URL == extScanSHA256 {
			s.SHA256 = x.ValueString
		}
	}
	if !ok || !ValidID(ref) {
		im.v.ruleShowing("sourceAttachment.url", RuleFHIRReference, []string{attachmentURLPrefix + "<id>"}, attachmentURLPrefix+"<id>")
	}
	if !sha256Hex(s.SHA256) {
		im.v.rule("sourceAttachment.extension", RuleAttachmentHash, extScanSHA256)
	}
	e.Scan = s
}

func (im *importer) readProvision(e *Event, pr *fhirProvision) Purpose {
	if pr == nil {
		im.v.rule("provision", RuleRequired)
		return Purpose{}
	}
	if len(pr.ModifierExtension) > 0 {
		im.v.rule("provision.modifierExtension", RuleModifierExtension)
	}
	wantType := "deny"
	if e.Type == Granted || e.Type == Renewed {
		wantType = "permit"
	}
	allRecipients := (e.Type == Granted || e.Type == Renewed) && pr.Type == "deny" && len(pr.Provision) == 1 && pr.Provision[0].Type == "permit"
	if pr.Type != wantType && !allRecipients {
		im.v.ruleShowing("provision.type", RuleProvisionType, []string{wantType}, wantType, e.Type)
	}
	p := im.readPurpose(e, pr.Purpose)
	if pr.Period != nil {
		start := im.dateTime("provision.period.start", pr.Period.Start, false)
		if !start.IsZero() && !e.Time.IsZero() && !start.Equal(e.Time) {
			im.v.rule("provision.period.start", RulePeriodStart)
		}
		e.ValidUntil = im.periodEnd("provision.period.end", pr.Period.End)
		if im.ended {
			e.ValidUntil = im.validUntil // period.end says when the grant ended
		}
	}
	im.readActions(pr.Action)
	scope, path := pr, "provision"
	if allRecipients {
		scope, path = &pr.Provision[0], "provision.provision[0]"
		recips := im.actors(path+".actor", scope.Actor)
		if !sameRecipients(recips, p) {
			e.Recipients = recips
		}
	} else if e.Type != Withdrawn {
		e.Recipients = im.actors("provision.actor", pr.Actor)
	}
	e.Categories = im.categories(path+".code", scope.Code)
	if pr.DataPeriod != nil {
		e.DataFrom = im.dateTime("provision.dataPeriod.start", pr.DataPeriod.Start, false)
		e.DataUntil = im.dateTime("provision.dataPeriod.end", pr.DataPeriod.End, false)
	}
	im.readDenies(e, scope, path)
	if e.Type == Renewed {
		e.Recipients, e.Categories, e.Deny = nil, nil, nil // the renewed grant's scope, written for readers
	}
	return p
}

// sameRecipients reports whether ids are every recipient of p.
func sameRecipients(ids []string, p Purpose) bool {
	all := covered(Event{}, p)
	return len(ids) == len(all) && !slices.ContainsFunc(all, func(r string) bool { return !slices.Contains(ids, r) })
}

// periodEnd reads period.end: a date names an inclusive day, which ends at
// the next midnight in the practice's time zone.
func (im *importer) periodEnd(path, s string) time.Time {
	if d, err := time.ParseInLocation(time.DateOnly, s, im.location()); err == nil {
		return EndOfDay(d).UTC()
	}
	return im.dateTime(path, s, false)
}

func (im *importer) location() *time.Location {
	if im.loc == nil {
		return time.UTC
	}
	return im.loc
}

// readDenies reads the deny exceptions nested in the scope provision.
func (im *importer) readDenies(e *Event, pr *fhirProvision, at string) {
	for i, sub := range pr.Provision {
		path := fmt.Sprintf("%s.provision[%d]", at, i)
		if sub.Type != "deny" || len(sub.Provision) > 0 || len(sub.ModifierExtension) > 0 {
			im.v.rule(path, RuleNestedProvision)
			continue
		}
		e.Deny = append(e.Deny, Deny{Recipients: im.actors(path+".actor", sub.Actor), Categories: im.categories(path+".code", sub.Code)})
	}
}

func (im *importer) readPurpose(e *Event, codings []fhirCoding) Purpose {
	var p Purpose
	for i, cd := range codings {
		path := fmt.Sprintf("provision.purpose[%d]", i)
		switch cd.System {
		case SysPurpose:
			pp, ok := im.cat.Purpose(cd.Code)
			if !ok {
				im.v.rule(path+".code", RuleFHIRUnknownCode, quote(cd.Code))
				continue
			}
			p, e.PurposeID = pp, pp.ID
		case SysActReason:
			if !slices.Contains([]string{"TREAT", "HPAYMT", "HRESCH", "PATADMIN", "HMARKT", "HOPERAT", "ETREAT", "CAREMGT"}, cd.Code) {
				im.v.rule(path+".code", RuleFHIRUnknownCode, quote(cd.Code))
			}
		default:
			im.v.rule(path+".system", RuleFHIRUnknownCode, quote(cd.System))
		}
	}
	if e.PurposeID == "" {
		im.v.ruleShowing("provision.purpose", RulePurposeCoding, []string{SysPurpose}, SysPurpose)
	}
	return p
}

func (im *importer) readPolicy(c fhirConsent, p Purpose) {
	if p.ID == "" {
		return
	}
	var got []string
	for i, pol := range c.Policy {
		if !strings.HasPrefix(pol.URI, GDPRURI+"#") {
			im.v.rule(fmt.Sprintf("policy[%d].uri", i), RuleFHIRUnknownCode, quote(pol.URI))
			continue
		}
		got = append(got, pol.URI)
	}
	if want := p.BasisURIs(); !slices.Equal(got, want) {
		im.v.ruleShowing("policy", RuleLawfulBasis, want, strings.Join(want, " and "), p.ID)
	}
}

func (im *importer) actors(path string, as []fhirActor) []string {
	var out []string
	for i, a := range as {
		ap := fmt.Sprintf("%s[%d]", path, i)
		if len(a.Role.Coding) > 0 && a.Role.Coding[0].System == SysParticipation && a.Role.Coding[0].Code == "CST" {
			continue // the practice itself, always covered
		}
		if len(a.Role.Coding) == 0 || a.Role.Coding[0].System != SysParticipation || a.Role.Coding[0].Code != "IRCP" {
			im.v.ruleShowing(ap+".role", RuleRecipientRole, []string{SysParticipation + " IRCP"}, SysParticipation)
		}
		id, ok := strings.CutPrefix(a.Reference.Reference, "Organization/")
		if !ok || !codePattern.MatchString(id) {
			im.v.ruleShowing(ap+".reference.reference", RuleFHIRReference, []string{"Organization/<recipient id>"}, "Organization/<recipient id>")
			continue
		}
		out = append(out, id)
	}
	return out
}

func (im *importer) readActions(as []fhirCC) {
	for i, a := range as {
		for j, cd := range a.Coding {
			if cd.System != SysConsentAction || !slices.Contains([]string{"collect", "access", "use", "disclose", "correct"}, cd.Code) {
				im.v.rule(fmt.Sprintf("provision.action[%d].coding[%d]", i, j), RuleFHIRUnknownCode, quote(cd.Code)+" in "+quote(cd.System))
			}
		}
	}
}

func (im *importer) categories(path string, ccs []fhirCC) []string {
	var out []string
	for i, cc := range ccs {
		for j, cd := range cc.Coding {
			cp := fmt.Sprintf("%s[%d].coding[%d]", path, i, j)
			if cd.System != SysDataCategory || !KnownCategory(cd.Code) {
				im.v.rule(cp, RuleFHIRUnknownCode, quote(cd.Code)+" in "+quote(cd.System))
				continue
			}
			out = append(out, cd.Code)
		}
	}
	return out
}

var echoable = regexp.MustCompile(`^[A-Za-z0-9.:/_#\-]{0,80}$`)

// quote renders an offending value for an error message: codes and URIs are
// quoted, anything else (which might be personal data) is withheld.
func quote(s string) string {
	if echoable.MatchString(s) {
		return strconv.Quote(s)
	}
	return "(value withheld)"
}
