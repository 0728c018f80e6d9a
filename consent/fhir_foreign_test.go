package consent

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"custodia/assets"
)

func shippedMapping(t testing.TB) *FHIRMapping {
	t.Helper()
	m, err := LoadFHIRMapping(bytes.NewReader(assets.FHIRConsentMap()))
	if err != nil {
		t.Fatalf("shipped mapping: %v", err)
	}
	return m
}

// Foreign Consents written here in the shapes of HL7's R4 examples and the
// IHE PCF basic research consent (synthetic people and organisations).
const (
	// consent-example-basic: patient-privacy, LOINC 59284-0, OPTIN, a period
	// and nothing about the purpose.
	hl7Basic = `{"resourceType":"Consent","id":"consent-example-basic","status":"active",
	 "scope":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/consentscope","code":"patient-privacy"}]},
	 "category":[{"coding":[{"system":"http://loinc.org","code":"59284-0"}]}],
	 "patient":{"reference":"Patient/f001","display":"P. Synthetic"},"dateTime":"2018-12-28",
	 "organization":[{"reference":"Organization/f001"}],
	 "sourceAttachment":{"title":"The terms of the consent in lawyer speak."},
	 "policyRule":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"OPTIN"}]},
	 "provision":{"period":{"start":"1964-01-01","end":"2027-12-31"}}}`
	// A research consent: LOINC 59284-0, HRESCH, a primary recipient, genetics excluded.
	hl7Research = `{"resourceType":"Consent","id":"research-1","status":"active",
	 "scope":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/consentscope","code":"research"}]},
	 "category":[{"coding":[{"system":"http://loinc.org","code":"59284-0","display":"Patient Consent"}]}],
	 "patient":{"reference":"Patient/p-77"},"dateTime":"2026-02-01T10:00:00+01:00",
	 "policy":[{"uri":"https://example.org/studies/registry-protocol-v3"}],
	 "policyRule":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"OPTIN"}]},
	 "provision":{"type":"permit","period":{"start":"2026-02-01","end":"2028-01-31"},
	  "actor":[{"role":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ParticipationType","code":"PRCP"}]},
	            "reference":{"reference":"Organization/university-institute"}},
	           {"role":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ParticipationType","code":"CST"}]},
	            "reference":{"reference":"Organization/f001"}}],
	  "action":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/consentaction","code":"use"}]}],
	  "purpose":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActReason","code":"HRESCH"}],
	  "class":[{"system":"http://hl7.org/fhir/resource-types","code":"Condition"},{"system":"http://hl7.org/fhir/resource-types","code":"Observation"}],
	  "provision":[{"type":"deny","code":[{"coding":[{"system":"http://loinc.org","code":"51969-4"}]}]}]}}`
	// IHE PCF basic research consent: scope research, policy by OID, a permit with HRESCH and no actor.
	ihePCFResearch = `{"resourceType":"Consent","id":"ex-consent-research","status":"active",
	 "scope":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/consentscope","code":"research"}]},
	 "category":[{"coding":[{"system":"http://loinc.org","code":"59284-0"}]},
	             {"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"INFA"}]}],
	 "patient":{"reference":"Patient/ex-patient"},"dateTime":"2026-03-10T09:00:00Z",
	 "performer":[{"reference":"Patient/ex-patient"}],
	 "policy":[{"uri":"urn:oid:1.3.6.1.4.1.21367.2017.7.104"}],
	 "provision":{"type":"permit","period":{"start":"2026-03-10T09:00:00Z"},
	  "purpose":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActReason","code":"HRESCH"}]}}`
	// Deny all except: a sharing permit for one informational recipient (IRCP),
	// psychotherapy notes excluded for everyone.
	denyExcept = `{"resourceType":"Consent","id":"share-1","status":"active",
	 "scope":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/consentscope","code":"patient-privacy"}]},
	 "category":[{"coding":[{"system":"http://loinc.org","code":"59284-0"}]}],
	 "patient":{"reference":"Patient/p-9"},"dateTime":"2026-01-05",
	 "policyRule":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"OPTIN"}]},
	 "provision":{"type":"deny","provision":[{"type":"permit",
	  "actor":[{"role":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ParticipationType","code":"IRCP"}]},
	            "reference":{"reference":"Organization/cardiology-practice"}}],
	  "purpose":[{"system":"urn:custodia:purpose","code":"sharing:specialist-network"}],
	  "provision":[{"type":"deny","code":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"PSY"}]}]}]}]}}`
	// consent-example-notThem: OPTOUT of access by one practitioner.
	hl7NotThem = `{"resourceType":"Consent","id":"consent-example-notThem","status":"active",
	 "scope":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/consentscope","code":"patient-privacy"}]},
	 "category":[{"coding":[{"system":"http://loinc.org","code":"59284-0"}]}],
	 "patient":{"reference":"Patient/f001"},"dateTime":"2015-11-18",
	 "policyRule":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"OPTIN"}]},
	 "provision":{"type":"permit","purpose":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActReason","code":"TREAT"}],
	  "actor":[{"role":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ParticipationType","code":"PRCP"}]},
	            "reference":{"reference":"Practitioner/f204"}}]}}`
	// A marketing opt-out: rejected.
	marketingOut = `{"resourceType":"Consent","id":"mk-1","status":"rejected",
	 "scope":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/consentscope","code":"patient-privacy"}]},
	 "category":[{"coding":[{"system":"http://loinc.org","code":"59284-0"}]}],
	 "patient":{"reference":"Patient/p-3"},"dateTime":"2026-04-01T08:00:00Z",
	 "provision":{"type":"deny","purpose":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActReason","code":"HMARKT"}]}}`
	// A security label on the provision.
	labelled = `{"resourceType":"Consent","id":"lab-1","status":"active",
	 "scope":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/consentscope","code":"research"}]},
	 "category":[{"coding":[{"system":"http://loinc.org","code":"59284-0"}]}],
	 "patient":{"reference":"Patient/p-4"},"dateTime":"2026-04-01",
	 "provision":{"type":"permit","securityLabel":[{"system":"http://terminology.hl7.org/CodeSystem/v3-Confidentiality","code":"R"}],
	  "purpose":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActReason","code":"HRESCH"}]}}`
	// Inactive without an end.
	inactiveNoEnd = `{"resourceType":"Consent","id":"old-1","status":"inactive",
	 "scope":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/consentscope","code":"research"}]},
	 "category":[{"coding":[{"system":"http://loinc.org","code":"59284-0"}]}],
	 "patient":{"reference":"Patient/p-5"},"dateTime":"2020-01-01",
	 "provision":{"type":"permit","purpose":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActReason","code":"HRESCH"}]}}`
)

func TestImportForeignConsents(t *testing.T) {
	cat := defaults(t)
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no time zone data")
	}
	base := ImportOptions{Mapping: shippedMapping(t), RecordedBy: "user-1", Location: berlin}
	type want struct {
		typ       EventType
		purpose   string
		recips    []string
		cats      []string
		deny      []Deny
		until     time.Time
		refusedAt string // JSON path of the refusal
	}
	cases := []struct {
		name, doc string
		opts      func(ImportOptions) ImportOptions
		want      want
	}{
		{"hl7-basic without purpose", hl7Basic, nil, want{refusedAt: "provision.purpose"}},
		{"hl7-basic, purpose given", hl7Basic, func(o ImportOptions) ImportOptions { o.PurposeID = "recall"; return o },
			want{typ: Granted, purpose: "recall", until: time.Date(2028, 1, 1, 0, 0, 0, 0, berlin)}},
		{"hl7 research LOINC 59284-0", hl7Research, nil, want{typ: Granted, purpose: reg, recips: []string{"university-institute"},
			cats: []string{CatDiagnoses, CatLabResults}, deny: []Deny{{Categories: []string{CatGenetics}}}, until: time.Date(2028, 2, 1, 0, 0, 0, 0, berlin)}},
		{"ihe pcf basic research", ihePCFResearch, nil, want{typ: Granted, purpose: reg}},
		{"deny all except one IRCP", denyExcept, nil, want{typ: Granted, purpose: "sharing:specialist-network",
			recips: []string{"cardiology-practice"}, deny: []Deny{{Categories: []string{CatPsychNotes}}}}},
		{"hl7 notThem practitioner", hl7NotThem, nil, want{refusedAt: "provision.actor[0].reference"}},
		{"marketing rejected", marketingOut, nil, want{typ: Refused, purpose: "marketing"}},
		{"security label", labelled, nil, want{refusedAt: "provision.securityLabel"}},
		{"inactive without end", inactiveNoEnd, nil, want{refusedAt: "status"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := base
			if c.opts != nil {
				o = c.opts(o)
			}
			got, err := ImportConsents([]byte(c.doc), cat, o)
			if c.want.refusedAt != "" {
				var ve *ValidationError
				if !errors.As(err, &ve) || !slices.ContainsFunc(ve.Fields, func(f FieldError) bool { return f.Field == c.want.refusedAt }) {
					t.Fatalf("want a refusal at %s, got %v", c.want.refusedAt, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			e := got[0].Event
			if e.Type != c.want.typ || e.PurposeID != c.want.purpose || !slices.Equal(e.Recipients, c.want.recips) ||
				!slices.Equal(e.Categories, c.want.cats) || !slices.EqualFunc(e.Deny, c.want.deny, func(a, b Deny) bool {
				return slices.Equal(a.Categories, b.Categories) && slices.Equal(a.Recipients, b.Recipients)
			}) || !e.ValidUntil.Equal(c.want.until) {
				t.Errorf("imported %+v\nmapping %s", e, joinLines(got[0].Mapping))
			}
			if !got[0].Foreign || len(got[0].Mapping) == 0 || e.Method != MethodImported || !strings.HasPrefix(e.Source, "FHIR Consent") {
				t.Errorf("import record: %+v", got[0])
			}
			roundTrip(t, cat, e, berlin)
		})
	}
}

// exportOne renders one ledger event as a FHIR R4 Consent (the resource
// ExportPatientFHIR puts in its Bundle).
func exportOne(e Event, p Purpose, o FHIROptions) ([]byte, error) {
	c, err := consentResource(e, p, o)
	if err != nil {
		return nil, err
	}
	return json.MarshalIndent(c, "", "  ")
}

// roundTrip exports the imported event, validates it against the FHIR
// schema and reads it back unchanged.
func roundTrip(t *testing.T, cat *Catalogue, e Event, loc *time.Location) {
	t.Helper()
	p, _ := cat.Purpose(e.PurposeID)
	out, err := exportOne(e, p, FHIROptions{Organization: org, Location: loc})
	if err != nil {
		t.Fatal(err)
	}
	validateFHIR(t, "Consent", out)
	back, err := ImportConsents(out, cat, ImportOptions{Location: loc})
	if err != nil {
		t.Fatalf("re-import: %v\n%s", err, out)
	}
	if b := back[0].Event; b.ID != e.ID || b.Type != e.Type || !b.ValidUntil.Equal(e.ValidUntil) || !slices.Equal(b.Recipients, e.Recipients) ||
		!slices.Equal(b.Categories, e.Categories) || len(b.Deny) != len(e.Deny) || b.Source != e.Source {
		t.Errorf("round trip:\n got %+v\nwant %+v", b, e)
	}
}

// TestForeignImportDryRunIsPure: the mapping lines name every mapped
// element, and importing twice gives the same mapping.
func TestForeignImportMappingLines(t *testing.T) {
	cat := defaults(t)
	o := ImportOptions{Mapping: shippedMapping(t), RecordedBy: "user-1"}
	got, err := ImportConsents([]byte(hl7Research), cat, o)
	if err != nil {
		t.Fatal(err)
	}
	joined := joinLines(got[0].Mapping)
	for _, want := range []string{"provision.purpose[0] v3-ActReason HRESCH → purpose research:registry",
		"provision.actor[0] PRCP Organization/university-institute → recipient university-institute",
		"provision.actor[1] CST → practice", "provision.class[0] resource-types Condition → diagnoses"} {
		if !strings.Contains(joined, want) {
			t.Errorf("mapping lacks %q:\n%s", want, joined)
		}
	}
	if len(got[0].Notes) == 0 {
		t.Error("policy not noted")
	}
	kinds := map[MappingKind]bool{}
	for _, l := range append(got[0].Mapping, got[0].Notes...) {
		if !slices.Contains(MappingKinds(), l.Kind) || l.String() == "" {
			t.Errorf("line %+v has no known kind or no text", l)
		}
		kinds[l.Kind] = true
	}
	for _, k := range []MappingKind{MapPurpose, MapRecipient, MapActorRole, MapCategory, NotePolicy} {
		if !kinds[k] {
			t.Errorf("no %s line", k)
		}
	}
}

// joinLines is the English text of mapping lines, one a line.
func joinLines(ls []MappingLine) string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = l.String()
	}
	return strings.Join(out, "\n")
}

func TestLoadFHIRMappingErrors(t *testing.T) {
	_, err := LoadFHIRMapping(strings.NewReader(`{"purposes":[{"system":"s","code":"c","purpose":"Not A Purpose"}],"categories":[{"system":"s","code":"c","categories":["nope"]}]}`))
	var ve *ValidationError
	if !errors.As(err, &ve) || len(ve.Fields) != 2 || ve.Fields[0].Field != "purposes[0]" || ve.Fields[1].Field != "categories[0].categories[0]" {
		t.Errorf("bad mapping: %v", err)
	}
	if _, err := LoadFHIRMapping(strings.NewReader("{\n\"purposes\": [,]}")); !errors.As(err, &ve) || !strings.Contains(ve.Fields[0].Field, "line 2") {
		t.Errorf("syntax error: %v", err)
	}
	var m map[string]any
	if json.Unmarshal(assets.FHIRConsentMap(), &m) != nil {
		t.Error("shipped mapping is not JSON")
	}
}

// TestExportFixes: a grant to every recipient has no root actor but a
// deny-all-except shape whose permit lists the practice and every
// recipient; withdrawing one recipient names it; the withdrawn grant is
// inactive with period.end; a validity ending at local midnight exports as
// the inclusive date. The bundle stays schema-valid and round-trips.
func TestExportFixes(t *testing.T) {
	cat := defaults(t)
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no time zone data")
	}
	sh := "sharing:specialist-network"
	p, _ := cat.Purpose(sh)
	t0 := time.Date(2026, 5, 4, 8, 0, 0, 0, time.UTC)
	g := grant(t, cat, "g-all", "pat-x", sh, t0)
	g.ValidUntil = EndOfDay(time.Date(2027, 12, 31, 0, 0, 0, 0, berlin)).UTC()
	w := Withdraw(g, "user-2", MethodPaper, t0.AddDate(0, 1, 0))
	again := g
	again.ID, again.Time, again.Recipients = "g-again", w.Time, []string{"cardiology-practice"}
	ren := Event{ID: "ren-again", Type: Renewed, PatientID: "pat-x", PurposeID: sh, RefersTo: again.ID, Time: w.Time.AddDate(0, 0, 1),
		RecordedBy: "user-2", Method: MethodScreen, TextLanguage: g.TextLanguage, TextVersion: g.TextVersion, TextSHA256: g.TextSHA256}
	events := []Event{g, w, again, ren}
	ix := mustIndex(t, cat, events, nil)
	out, err := ix.ExportPatientFHIR("pat-x", events, Organization{ID: "practice-1", Name: "Synthetic Practice", TimeZone: berlin}, t0.AddDate(0, 2, 0))
	if err != nil {
		t.Fatal(err)
	}
	validateFHIR(t, "Bundle", out)
	var b struct {
		Entry []struct{ Resource fhirConsent } `json:"entry"`
	}
	must(t, json.Unmarshal(out, &b))
	first, wd := b.Entry[0].Resource, b.Entry[1].Resource
	pr := first.Provision
	if pr.Type != "deny" || len(pr.Actor) != 0 || len(pr.Provision) != 1 || pr.Provision[0].Type != "permit" {
		t.Fatalf("grant to every recipient: %+v", pr)
	}
	var actors []string
	for _, a := range pr.Provision[0].Actor {
		actors = append(actors, a.Role.Coding[0].Code+" "+a.Reference.Reference)
	}
	want := []string{"CST Organization/practice-1"}
	for _, r := range p.Recipients {
		want = append(want, "IRCP Organization/"+r.ID)
	}
	if !slices.Equal(actors, want) {
		t.Errorf("actors %v, want %v", actors, want)
	}
	if first.Status != "inactive" || pr.Period == nil || pr.Period.End != fhirTime(w.Time) {
		t.Errorf("withdrawn grant: status %s period %+v", first.Status, pr.Period)
	}
	if len(wd.Provision.Actor) != 1 || wd.Provision.Actor[0].Reference.Reference != "Organization/telemedicine-service" {
		t.Errorf("one-recipient withdrawal names %+v", wd.Provision.Actor)
	}
	if rp := b.Entry[3].Resource.Provision; rp.Type != "permit" || len(rp.Actor) != 1 || rp.Actor[0].Reference.Reference != "Organization/cardiology-practice" {
		t.Errorf("a renewal carries its grant's recipients: %+v", rp)
	}
	g2 := g
	g2.ID = "g-valid"
	one, err := exportOne(g2, p, FHIROptions{Organization: org, Location: berlin})
	must(t, err)
	if !bytes.Contains(one, []byte(`"end": "2027-12-31"`)) {
		t.Errorf("validity through 31 December exports as %s", one)
	}
	back, err := ImportConsents(out, cat, ImportOptions{Location: berlin})
	must(t, err)
	for i, im := range back {
		if !reflect.DeepEqual(im.Event, events[i]) {
			t.Errorf("round trip %d:\n got %+v\nwant %+v", i, im.Event, events[i])
		}
	}
}

// FuzzImportConsents: any input is imported or refused with a
// *ValidationError (or a wrapped sentinel), never a panic; an accepted
// foreign event passes the catalogue check.
func FuzzImportConsents(f *testing.F) {
	for _, s := range []string{hl7Basic, hl7Research, ihePCFResearch, denyExcept, hl7NotThem, marketingOut, labelled, inactiveNoEnd} {
		f.Add([]byte(s))
	}
	cat := defaults(f)
	o := ImportOptions{Mapping: shippedMapping(f), RecordedBy: "user-1"}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := ImportConsents(data, cat, o)
		if err != nil {
			return
		}
		for _, im := range got {
			if err := cat.CheckEvent(im.Event); err != nil {
				t.Fatalf("accepted an invalid event: %v", err)
			}
		}
	})
}

// TestExportAfterErasure: the erased patient's grants export inactive,
// ended at the erasure; the erasure itself is no Consent.
func TestExportAfterErasure(t *testing.T) {
	cat := defaults(t)
	t0 := day(2026, 3, 1)
	g := grant(t, cat, "g-1", "pat-1", "recall", t0)
	er := Erase("pat-1", "req-1", "user-1", t0.AddDate(0, 1, 0))
	ix := mustIndex(t, cat, []Event{g, er}, nil)
	out, err := ix.ExportPatientFHIR("pat-1", []Event{g, er}, org, t0.AddDate(0, 2, 0))
	must(t, err)
	var b struct {
		Entry []struct{ Resource fhirConsent } `json:"entry"`
	}
	must(t, json.Unmarshal(out, &b))
	if len(b.Entry) != 1 || b.Entry[0].Resource.Status != "inactive" || b.Entry[0].Resource.Provision.Period.End != fhirTime(er.Time) {
		t.Errorf("export after erasure: %s", out)
	}
}
