package consent

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// Foreign FHIR R4 Consents.
//
// A Consent written by another system carries no urn:custodia: codings or
// extensions. ImportConsents maps it through a FHIRMapping (shipped in
// assets/fhir-consent-map.json, editable):
//
//	status          active → grant (root permit) or refusal (root deny without
//	                nested permit); inactive → grant ended at period.end (refused
//	                without one); rejected → refusal; draft, proposed,
//	                entered-in-error → refused
//	purpose         provision.purpose codings (v3-ActReason HRESCH, TREAT, HMARKT, …),
//	                then Consent.category, then scope, through the mapping's
//	                "purposes"; ImportOptions.PurposeID overrides
//	provision       root permit: the grant's scope; nested deny: deny exceptions
//	                (class/code: categories; actor: recipients), a nested deny with
//	                actors only removes those recipients. Root deny with one nested
//	                permit ("deny all except"): the permit is the scope
//	actor           role IRCP or PRCP (v3-ParticipationType): a recipient, by the
//	                mapping's "recipients" or its Organization id; CST: the practice;
//	                AUT, INF, VRF: ignored; other roles refused
//	class, code     data categories through the mapping's "categories"
//	period          start → the grant's time (else dateTime); end → validity; a date
//	                includes the whole day in the practice's time zone
//	dataPeriod      data period
//
// Refused (with the JSON path and why): what Custodia cannot represent:
// modifier extensions, securityLabel, data (single resources), recipients
// that are people or unmapped organisations, codes without a mapping,
// nested provisions other than these shapes, a grant whose end is unknown.

// FHIRMapping maps foreign codes onto Custodia. Load it with LoadFHIRMapping.
type FHIRMapping struct {
	Comment    string             `json:"comment,omitempty"`
	Purposes   []PurposeMapping   `json:"purposes"`
	Categories []CategoryMapping  `json:"categories"`
	ActorRoles []ActorRoleMapping `json:"actorRoles"`
	Recipients []RecipientMapping `json:"recipients"`
}

// PurposeMapping maps a coding (provision.purpose, Consent.category or
// scope) onto a purpose id; Purpose "" says the code names no purpose.
type PurposeMapping struct {
	System  string `json:"system"`
	Code    string `json:"code"`
	Purpose string `json:"purpose"`
}

// CategoryMapping maps a provision.class or provision.code coding onto
// data categories.
type CategoryMapping struct {
	System     string   `json:"system"`
	Code       string   `json:"code"`
	Categories []string `json:"categories"`
}

// ActorRoleMapping says what an actor role means: "recipient",
// "practice" (the custodian) or "ignore".
type ActorRoleMapping struct {
	System  string `json:"system"`
	Code    string `json:"code"`
	Meaning string `json:"meaning"`
}

// RecipientMapping maps a foreign actor reference onto a recipient id.
type RecipientMapping struct {
	Reference string `json:"reference"`
	Recipient string `json:"recipient"`
}

// LoadFHIRMapping reads and checks a mapping: JSON errors name line and
// column, bad entries their path.
func LoadFHIRMapping(r io.Reader) (*FHIRMapping, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read FHIR mapping: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var m FHIRMapping
	if err := dec.Decode(&m); err != nil {
		return nil, jsonError(data, err)
	}
	var v fields
	for i, p := range m.Purposes {
		if p.System == "" || p.Code == "" || (p.Purpose != "" && !purposeIDPattern.MatchString(p.Purpose)) {
			v.rule(fmt.Sprintf("purposes[%d]", i), RuleMappingEntry, "system, code and a purpose id (or \"\")")
		}
	}
	for i, c := range m.Categories {
		for j, cat := range c.Categories {
			if !KnownCategory(cat) {
				v.rule(fmt.Sprintf("categories[%d].categories[%d]", i, j), RuleUnknownCode, cat)
			}
		}
		if c.System == "" || c.Code == "" || len(c.Categories) == 0 {
			v.rule(fmt.Sprintf("categories[%d]", i), RuleMappingEntry, "system, code and at least one category")
		}
	}
	for i, a := range m.ActorRoles {
		if !slices.Contains([]string{"recipient", "practice", "ignore"}, a.Meaning) {
			v.ruleAllowed(fmt.Sprintf("actorRoles[%d].meaning", i), []string{"recipient", "practice", "ignore"})
		}
	}
	for i, r := range m.Recipients {
		if r.Reference == "" || !codePattern.MatchString(r.Recipient) {
			v.rule(fmt.Sprintf("recipients[%d]", i), RuleMappingEntry, "a reference and a recipient id")
		}
	}
	if err := v.err(); err != nil {
		return nil, fmt.Errorf("FHIR mapping: %w", err)
	}
	return &m, nil
}

// ImportOptions tune ImportConsents.
type ImportOptions struct {
	// Mapping for foreign Consents; nil refuses them.
	Mapping *FHIRMapping
	// PatientID files the events under this patient (else Patient/<id>).
	PatientID string
	// PurposeID overrides the purpose the mapping finds.
	PurposeID string
	// RecordedBy is the importing user's id (foreign Consents).
	RecordedBy string
	// Location is the practice's time zone for date-only ends (nil: UTC).
	Location *time.Location
}

// Imported is one Consent read: the event and, for a foreign Consent, how
// each element was mapped and what was left in the source system.
type Imported struct {
	Event   Event
	Foreign bool
	Mapping []MappingLine // "provision.purpose[0] v3-ActReason HRESCH → purpose research:registry"
	Notes   []MappingLine // elements kept only in the source system
}

// ImportConsents reads a Bundle of Consents or one Consent: Custodia's own
// exports exactly (ImportFHIR), others through the mapping. All or nothing:
// the first refusal is returned as a *ValidationError naming the JSON path.
func ImportConsents(data []byte, cat *Catalogue, o ImportOptions) ([]Imported, error) {
	var head struct {
		ResourceType string `json:"resourceType"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, jsonError(data, err)
	}
	if head.ResourceType != "Bundle" {
		im, err := importOne(data, cat, o, "")
		if err != nil {
			return nil, err
		}
		return []Imported{im}, nil
	}
	var b fhirBundle
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, jsonError(data, err)
	}
	var out []Imported
	for i, en := range b.Entry {
		im, err := importOne(en.Resource, cat, o, fmt.Sprintf("entry[%d].resource", i))
		if err != nil {
			return nil, err
		}
		out = append(out, im)
	}
	return out, nil
}

func importOne(data []byte, cat *Catalogue, o ImportOptions, prefix string) (Imported, error) {
	var c fhirConsent
	if err := json.Unmarshal(data, &c); err != nil {
		var ve *ValidationError
		if err := jsonError(data, err); errorsAs(err, &ve) {
			return Imported{}, prefixed(prefix, ve)
		}
		return Imported{}, err
	}
	if custodiaShaped(c) {
		im := &importer{v: fields{prefix: prefix}, cat: cat, loc: o.Location}
		e := im.read(c)
		if err := im.v.err(); err != nil {
			return Imported{}, err
		}
		if o.PatientID != "" {
			e.PatientID = o.PatientID
		}
		if err := cat.CheckEvent(e); err != nil {
			var ve *ValidationError
			if errorsAs(err, &ve) {
				return Imported{}, prefixed(prefix, fhirPaths(ve))
			}
			return Imported{}, err
		}
		return Imported{Event: e}, nil
	}
	if o.Mapping == nil {
		return Imported{}, invalidField(joinPath(prefix, "extension"), RuleForeignNoMapping)
	}
	f := &foreign{importer: importer{v: fields{prefix: prefix}, cat: cat, loc: o.Location}, m: o.Mapping, o: o}
	e := f.read(c)
	if err := f.v.err(); err != nil {
		return Imported{}, err
	}
	if err := cat.CheckEvent(e); err != nil {
		var ve *ValidationError
		if errorsAs(err, &ve) {
			return Imported{}, prefixed(prefix, fhirPaths(ve))
		}
		return Imported{}, err
	}
	return Imported{Event: e, Foreign: true, Mapping: f.mapped, Notes: f.notes}, nil
}

// custodiaShaped reports whether a Consent was written by Custodia.
func custodiaShaped(c fhirConsent) bool {
	return slices.ContainsFunc(c.Extension, func(x fhirExtension) bool { return strings.HasPrefix(x.URL, ExtBase) })
}

// foreign reads a Consent of another system.
type foreign struct {
	importer
	m      *FHIRMapping
	o      ImportOptions
	p      Purpose
	mapped []MappingLine
	notes  []MappingLine
}

// mapf records how an element was read: kind, path, from and to for the
// front ends' wording; format and args make the English line.
func (f *foreign) mapf(kind MappingKind, path, from, to, format string, args ...any) {
	f.mapped = append(f.mapped, MappingLine{Kind: kind, Path: path, From: from, To: to, text: fmt.Sprintf(format, args...)})
}

// note records an element kept only in the source system.
func (f *foreign) note(kind MappingKind, path, from, format string, args ...any) {
	f.notes = append(f.notes, MappingLine{Kind: kind, Path: path, From: from, text: fmt.Sprintf(format, args...)})
}

func (f *foreign) read(c fhirConsent) Event {
	if c.ResourceType != "Consent" {
		f.v.ruleAllowed("resourceType", []string{"Consent"})
		return Event{}
	}
	if len(c.ModifierExtension) > 0 {
		f.v.rule("modifierExtension", RuleModifierExtension)
	}
	e := Event{ID: NewID(), RecordedBy: f.o.RecordedBy, Method: MethodImported, Source: sourceOf(c)}
	if !ValidID(e.RecordedBy) {
		f.v.rule("recordedBy", RuleImportingUser)
	}
	e.PatientID = f.o.PatientID
	if e.PatientID == "" {
		e.PatientID = f.reference("patient", c.Patient, "Patient")
	}
	f.readPurposeOf(c)
	f.readWhen(&e, c)
	f.readPerformers(&e, c.Performer)
	if f.p.ID != "" {
		f.readType(&e, c)
	}
	f.noteUnkept(c)
	if f.p.ID != "" {
		e.PurposeID = f.p.ID
	}
	return e
}

// sourceOf names the foreign Consent for the ledger (ids and URIs only).
func sourceOf(c fhirConsent) string {
	s := "FHIR Consent"
	if echoable.MatchString(c.ID) && c.ID != "" {
		s += " " + c.ID
	}
	for _, p := range c.Policy {
		if p.URI != "" && echoable.MatchString(p.URI) {
			s += "; policy " + p.URI
			break
		}
	}
	return s
}

func (f *foreign) noteUnkept(c fhirConsent) {
	if c.SourceAttachment != nil || c.SourceReference != nil {
		f.note(NoteDocument, "sourceAttachment", "", "sourceAttachment/sourceReference: the signed document stays in the source system (scan it into Custodia to keep it here)")
	}
	if len(c.Verification) > 0 {
		f.note(NoteVerification, "verification", "", "verification: kept in the source system")
	}
	for i, p := range c.Policy {
		path := fmt.Sprintf("policy[%d]", i)
		f.note(NotePolicy, path, quote(p.URI), "%s: %s recorded as the consent's source", path, quote(p.URI))
	}
}

// purposeOf finds the purpose: override, Custodia coding, provision.purpose,
// Consent.category, scope.
func (f *foreign) readPurposeOf(c fhirConsent) {
	if f.o.PurposeID != "" {
		p, ok := f.cat.Purpose(f.o.PurposeID)
		if !ok {
			f.v.rule("purposeId", RuleFHIRUnknownCode, quote(f.o.PurposeID))
			return
		}
		f.p = p
		f.mapf(MapPurposeGiven, "", "", p.ID, "purpose %s (given by the importer)", p.ID)
		return
	}
	var found []string
	try := func(path string, cd fhirCoding) {
		id, ok := f.purposeCode(cd)
		switch {
		case !ok:
			f.v.rule(path, RuleNoMapping, quote(cd.Code), quote(cd.System))
		case id != "":
			f.mapf(MapPurpose, path, shortSystem(cd.System)+" "+cd.Code, id, "%s %s %s → purpose %s", path, shortSystem(cd.System), cd.Code, id)
			if !slices.Contains(found, id) {
				found = append(found, id)
			}
		}
	}
	if pr := c.Provision; pr != nil {
		for i, cd := range pr.Purpose {
			try(fmt.Sprintf("provision.purpose[%d]", i), cd)
		}
		for j, sub := range pr.Provision {
			if sub.Type == "permit" {
				for i, cd := range sub.Purpose {
					try(fmt.Sprintf("provision.provision[%d].purpose[%d]", j, i), cd)
				}
			}
		}
	}
	if len(found) == 0 {
		for i, cc := range c.Category {
			for j, cd := range cc.Coding {
				if id, ok := f.purposeCode(cd); ok && id != "" {
					try(fmt.Sprintf("category[%d].coding[%d]", i, j), cd)
				}
			}
		}
	}
	if len(found) == 0 && c.Scope != nil {
		for i, cd := range c.Scope.Coding {
			if cd.System == SysConsentScope && cd.Code == "adr" {
				f.v.rule(fmt.Sprintf("scope.coding[%d]", i), RuleAdvanceDirective)
				return
			}
			if id, ok := f.purposeCode(cd); ok && id != "" {
				try(fmt.Sprintf("scope.coding[%d]", i), cd)
			}
		}
	}
	switch {
	case len(found) == 0:
		f.v.rule("provision.purpose", RuleNoPurposeMatch)
	case len(found) > 1:
		f.v.ruleShowing("provision.purpose", RuleSeveralPurposes, found, strings.Join(found, ", "))
	default:
		f.p, _ = f.cat.Purpose(found[0])
		if f.p.ID == "" {
			f.v.rule("provision.purpose", RuleMappedPurposeAbsent, quote(found[0]))
		}
	}
}

// purposeCode looks a coding up: the Custodia purpose system directly,
// else the mapping. ok is false for a code the mapping does not know.
func (f *foreign) purposeCode(cd fhirCoding) (string, bool) {
	if cd.System == SysPurpose {
		return cd.Code, true
	}
	for _, m := range f.m.Purposes {
		if m.System == cd.System && m.Code == cd.Code {
			return m.Purpose, true
		}
	}
	return "", false
}

func shortSystem(s string) string {
	if i := strings.LastIndexAny(s, "/:"); i >= 0 {
		return s[i+1:]
	}
	return s
}

// readWhen sets the time (period.start, else dateTime) and the validity.
func (f *foreign) readWhen(e *Event, c fhirConsent) {
	given := f.dateTime("dateTime", c.DateTime, false)
	e.Time = given
	if pr := c.Provision; pr != nil && pr.Period != nil {
		if start := f.dateTime("provision.period.start", pr.Period.Start, false); !start.IsZero() {
			e.Time = start
		}
		if pr.Period.End != "" {
			e.ValidUntil = f.periodEnd("provision.period.end", pr.Period.End)
			until := e.ValidUntil.Format(time.RFC3339)
			f.mapf(MapValidUntil, "provision.period.end", pr.Period.End, until, "provision.period.end %s → valid until %s (exclusive)", pr.Period.End, until)
		}
	}
	if e.Time.IsZero() {
		f.v.rule("dateTime", RuleConsentDate)
	}
	if !e.ValidUntil.IsZero() && !e.ValidUntil.After(e.Time) {
		f.v.rule("provision.period.end", RuleEndsBeforeStart)
	}
}

func (f *foreign) readPerformers(e *Event, ps []fhirRef) {
	for i, p := range ps {
		typ, _, _ := strings.Cut(p.Reference, "/")
		if p.Type != "" {
			typ = p.Type
		}
		switch typ {
		case "Patient", "":
		case "RelatedPerson":
			name := strings.TrimSpace(p.Display)
			if name == "" {
				name = "representative named in the source system"
			}
			e.Representative = &Representative{Name: name, Relation: RelOther}
			path := fmt.Sprintf("performer[%d]", i)
			f.mapf(MapRepresentative, path, "RelatedPerson", RelOther, "%s RelatedPerson → representative (relation other)", path)
		default:
			path := fmt.Sprintf("performer[%d]", i)
			f.note(NotePerformer, path, typ, "%s: %s recorded the consent in the source system", path, typ)
		}
	}
}

// readType decides the event type from status and the root provision.
func (f *foreign) readType(e *Event, c fhirConsent) {
	pr := c.Provision
	if pr == nil {
		pr = &fhirProvision{}
	}
	if len(pr.ModifierExtension) > 0 {
		f.v.rule("provision.modifierExtension", RuleModifierExtension)
	}
	root := pr.Type
	if root == "" {
		root = f.baseType(c.PolicyRule)
	}
	scope, path := pr, "provision"
	var permits []int
	for i, sub := range pr.Provision {
		if sub.Type == "permit" {
			permits = append(permits, i)
		}
	}
	if root == "deny" && len(permits) == 1 && len(pr.Provision) == 1 {
		scope, path = &pr.Provision[0], "provision.provision[0]"
		root = "permit"
		f.mapf(MapDenyExceptPermit, "provision", "", "", "provision: deny all except provision.provision[0] (permit) → grant")
	} else if root == "deny" && len(pr.Provision) > 0 {
		f.v.rule("provision.provision", RuleMixedDeny)
	}
	switch {
	case c.Status == "rejected" || (c.Status == "active" && root == "deny"):
		e.Type = Refused
		f.mapf(MapRefusal, "status", c.Status, string(root), "status %s, provision %s → refusal", c.Status, root)
		return
	case c.Status == "inactive" && root == "permit" && e.ValidUntil.IsZero():
		f.v.rule("status", RuleInactiveNoEnd)
		return
	case (c.Status == "active" || c.Status == "inactive") && root == "permit":
		e.Type = Granted
		f.mapf(MapGrant, "status", c.Status, "", "status %s, provision permit → grant", c.Status)
	case c.Status == "active" || c.Status == "inactive":
		f.v.rule("provision.type", RuleTypeUnknown)
		return
	default:
		f.v.ruleAllowed("status", []string{"active", "inactive", "rejected"})
		return
	}
	f.readScope(e, scope, path)
}

// baseType reads the base policy: opt-in consents permit what they describe.
func (f *foreign) baseType(rule *fhirCC) string {
	if rule == nil {
		return ""
	}
	for _, cd := range rule.Coding {
		if cd.System != SysActCode {
			continue
		}
		switch cd.Code {
		case "OPTIN", "OPTINR":
			return "permit"
		case "OPTOUT", "OPTOUTE":
			return "deny"
		}
	}
	return ""
}

// readScope reads recipients, categories, data period and deny exceptions.
func (f *foreign) readScope(e *Event, pr *fhirProvision, path string) {
	if len(pr.SecurityLabel) > 0 {
		f.v.rule(path+".securityLabel", RuleSecurityLabel)
	}
	if len(pr.Data) > 0 {
		f.v.rule(path+".data", RuleResourceConsent)
	}
	recips, all := f.foreignActors(path+".actor", pr.Actor)
	if !all {
		e.Recipients = recips
	}
	e.Categories = f.foreignCategories(path, pr)
	if pr.DataPeriod != nil {
		e.DataFrom = f.dateTime(path+".dataPeriod.start", pr.DataPeriod.Start, false)
		if pr.DataPeriod.End != "" {
			e.DataUntil = f.periodEnd(path+".dataPeriod.end", pr.DataPeriod.End)
		}
	}
	for i, sub := range pr.Provision {
		sp := fmt.Sprintf("%s.provision[%d]", path, i)
		if sub.Type != "deny" || len(sub.Provision) > 0 || len(sub.ModifierExtension) > 0 || sub.Period != nil || sub.DataPeriod != nil || len(sub.Purpose) > 0 {
			f.v.rule(sp, RuleNestedProvision)
			continue
		}
		dr, _ := f.foreignActors(sp+".actor", sub.Actor)
		dc := f.foreignCategories(sp, &sub)
		if len(dc) == 0 {
			f.excludeRecipients(e, dr, sp)
			continue
		}
		e.Deny = append(e.Deny, Deny{Categories: dc, Recipients: dr})
		f.mapf(MapException, sp, strings.Join(dc, ", "), strings.Join(dr, ", "), "%s deny → exception: %s for %s", sp, strings.Join(dc, ", "), orAll(dr))
	}
}

func orAll(rs []string) string {
	if len(rs) == 0 {
		return "everyone"
	}
	return strings.Join(rs, ", ")
}

// excludeRecipients applies a nested deny with actors only: those
// recipients get nothing.
func (f *foreign) excludeRecipients(e *Event, rs []string, path string) {
	if len(rs) == 0 {
		f.v.rule(path, RuleDenyEverything)
		return
	}
	cov := covered(*e, f.p)
	e.Recipients = slices.DeleteFunc(slices.Clone(cov), func(r string) bool { return slices.Contains(rs, r) })
	if len(e.Recipients) == 0 {
		f.v.rule(path, RuleDeniesAllRecipients)
	}
	f.mapf(MapExcluded, path, "", strings.Join(rs, ", "), "%s deny → recipients %s excluded", path, strings.Join(rs, ", "))
}

// foreignActors maps actors: recipients by role; all is true when none
// names a recipient (the purpose's recipients, as Custodia reads it).
func (f *foreign) foreignActors(path string, as []fhirActor) (recips []string, all bool) {
	for i, a := range as {
		ap := fmt.Sprintf("%s[%d]", path, i)
		meaning, code := f.role(a.Role)
		switch meaning {
		case "":
			f.v.rule(ap+".role", RuleUnmappedRole, quote(code))
			continue
		case "practice", "ignore":
			f.mapf(MapActorRole, ap, code, meaning, "%s %s → %s", ap, code, meaning)
			continue
		}
		id, ok := f.recipient(a.Reference.Reference)
		if !ok {
			f.v.rule(ap+".reference", RuleUnmappedRecipient, quote(a.Reference.Reference), quote(f.p.ID))
			continue
		}
		f.mapf(MapRecipient, ap, code+" "+a.Reference.Reference, id, "%s %s %s → recipient %s", ap, code, a.Reference.Reference, id)
		recips = append(recips, id)
	}
	return recips, len(recips) == 0
}

func (f *foreign) role(cc fhirCC) (meaning, code string) {
	for _, cd := range cc.Coding {
		code = cd.Code
		for _, m := range f.m.ActorRoles {
			if m.System == cd.System && m.Code == cd.Code {
				return m.Meaning, cd.Code
			}
		}
	}
	return "", code
}

func (f *foreign) recipient(ref string) (string, bool) {
	for _, m := range f.m.Recipients {
		if m.Reference == ref {
			_, ok := f.p.Recipient(m.Recipient)
			return m.Recipient, ok
		}
	}
	id, ok := strings.CutPrefix(ref, "Organization/")
	if !ok {
		return "", false
	}
	_, known := f.p.Recipient(id)
	return id, known
}

// foreignCategories maps provision.class and provision.code; categories
// the purpose does not process are refused.
func (f *foreign) foreignCategories(path string, pr *fhirProvision) []string {
	var out []string
	add := func(p string, cd fhirCoding) {
		cats, ok := f.categoryCode(cd)
		if !ok {
			f.v.rule(p, RuleNoMapping, quote(cd.Code), quote(cd.System))
			return
		}
		f.mapf(MapCategory, p, shortSystem(cd.System)+" "+cd.Code, strings.Join(cats, ", "), "%s %s %s → %s", p, shortSystem(cd.System), cd.Code, strings.Join(cats, ", "))
		for _, c := range cats {
			if !slices.Contains(f.p.DataCategories, c) {
				f.v.rule(p, RuleNotPurposeCategory, c, f.p.ID)
				continue
			}
			if !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	}
	for i, cd := range pr.Class {
		add(fmt.Sprintf("%s.class[%d]", path, i), cd)
	}
	for i, cc := range pr.Code {
		for j, cd := range cc.Coding {
			add(fmt.Sprintf("%s.code[%d].coding[%d]", path, i, j), cd)
		}
	}
	return out
}

func (f *foreign) categoryCode(cd fhirCoding) ([]string, bool) {
	if cd.System == SysDataCategory && KnownCategory(cd.Code) {
		return []string{cd.Code}, true
	}
	for _, m := range f.m.Categories {
		if m.System == cd.System && m.Code == cd.Code {
			return m.Categories, true
		}
	}
	return nil, false
}
