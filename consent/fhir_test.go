package consent

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"custodia/internal/testdata"
)

var org = Organization{ID: "practice-1", Name: "Synthetic Practice"}

// ledgerSample covers every event type and every mapped field.
func ledgerSample(t testing.TB, cat *Catalogue) []Event {
	t0 := time.Date(2026, 2, 3, 10, 15, 30, 123000000, time.UTC)
	sh := "sharing:specialist-network"
	g := grant(t, cat, "0b7e9c1a-1111-4c6e-9a43-000000000001", "5f0c3a52-7d1e-4f7a-a2b4-000000000001", sh, t0)
	g.Recipients = []string{"cardiology-practice", "telemedicine-service"}
	g.Categories = []string{CatDiagnoses, CatMedications, CatPsychNotes, CatGenetics}
	g.Deny = []Deny{{Categories: []string{CatPsychNotes}}, {Categories: []string{CatGenetics}, Recipients: []string{"telemedicine-service"}}}
	g.ValidUntil = t0.AddDate(3, 0, 0)
	g.DataFrom, g.DataUntil = t0.AddDate(-5, 0, 0), t0.AddDate(1, 0, 0)
	g.Representative = &Representative{Name: "Synthetic Guardian", Relation: RelLegalGuardian}
	g.Scan = &Attachment{Ref: "att-1", ContentType: "application/pdf", SHA256: HashText("scan bytes"), SHA1: "2jmj7l5rSw0yVb/vlWAYkK/YBwk="}
	g.Method = MethodPaper
	ren := Event{ID: "ren-1", Type: Renewed, PatientID: g.PatientID, PurposeID: sh, RefersTo: g.ID, Time: t0.AddDate(2, 11, 0),
		ValidUntil: t0.AddDate(6, 0, 0), RecordedBy: "user-7", Method: MethodScreen,
		TextLanguage: g.TextLanguage, TextVersion: g.TextVersion, TextSHA256: g.TextSHA256}
	w := Withdraw(g, "user-8", MethodVerbal, t0.AddDate(4, 0, 0))
	w.ID = "wd-1"
	m := grant(t, cat, "g-m", g.PatientID, "marketing", t0)
	exp := Event{ID: "exp-1", Type: Expired, PatientID: g.PatientID, PurposeID: "marketing", RefersTo: "g-m",
		Time: t0.AddDate(2, 0, 0), RecordedBy: "system", Method: MethodImported}
	ref := Event{ID: "ref-1", Type: Refused, PatientID: g.PatientID, PurposeID: reg, Time: t0, RecordedBy: "user-1",
		Method: MethodScreen, TextLanguage: "en", TextVersion: 1, TextSHA256: mustText(t, cat, reg, "en", 1).SHA256}
	care := Event{ID: "care-1", Type: Granted, PatientID: g.PatientID, PurposeID: "treatment", Time: t0, RecordedBy: "user-1", Method: MethodVerbal}
	return []Event{g, ren, w, m, exp, ref, care}
}

func mustText(t testing.TB, cat *Catalogue, p, lang string, v int) Text {
	txt, ok := cat.Text(p, lang, v)
	if !ok {
		t.Fatalf("no text %s/%s/%d", p, lang, v)
	}
	return txt
}

func exportEvent(t testing.TB, cat *Catalogue, e Event) []byte {
	t.Helper()
	p, _ := cat.Purpose(e.PurposeID)
	c, err := consentResource(e, p, FHIROptions{Organization: org})
	if err != nil {
		t.Fatalf("export %s: %v", e.ID, err)
	}
	out, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		t.Fatalf("export %s: %v", e.ID, err)
	}
	return out
}

var (
	schemaOnce sync.Once
	schemas    map[string]*jsonschema.Schema
	schemaErr  error
	// schemaMissing: the shared data is not there (skipped, or failed under CI=true).
	schemaMissing bool
)

// fhirSchema compiles the FHIR R4 schema for one resource type.
func fhirSchema(t *testing.T, resource string) *jsonschema.Schema {
	t.Helper()
	schemaOnce.Do(func() {
		path := os.Getenv("CUSTODIA_FHIR_SCHEMA")
		if path == "" {
			if path, schemaErr = testdata.Locate("fhir/fhir.schema.json"); schemaErr != nil {
				schemaMissing = true
				return
			}
		}
		f, err := os.Open(path)
		if err != nil {
			schemaErr = err
			return
		}
		defer f.Close()
		doc, err := jsonschema.UnmarshalJSON(f)
		if err != nil {
			schemaErr = err
			return
		}
		defs := doc.(map[string]any)["definitions"]
		schemas = map[string]*jsonschema.Schema{}
		c := jsonschema.NewCompiler()
		const url = "urn:custodia:schema:fhir"
		if schemaErr = c.AddResource(url, map[string]any{"$schema": "http://json-schema.org/draft-06/schema#",
			"definitions": defs}); schemaErr != nil {
			return
		}
		for _, r := range []string{"Consent", "Bundle"} {
			if schemas[r], schemaErr = c.Compile(url + "#/definitions/" + r); schemaErr != nil {
				return
			}
		}
	})
	if schemaMissing {
		testdata.Missing(t, schemaErr)
	}
	if schemaErr != nil {
		t.Fatalf("FHIR schema (set CUSTODIA_FHIR_SCHEMA): %v", schemaErr)
	}
	return schemas[resource]
}

func validateFHIR(t *testing.T, resource string, data []byte) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if err := fhirSchema(t, resource).Validate(inst); err != nil {
		t.Errorf("%s does not validate against the FHIR R4 schema: %v\n%s", resource, err, data)
	}
}

func TestFHIRRoundTripAndSchema(t *testing.T) {
	cat := defaults(t)
	for _, e := range ledgerSample(t, cat) {
		if err := cat.CheckEvent(e); err != nil {
			t.Fatalf("sample %s invalid: %v", e.ID, err)
		}
		out := exportEvent(t, cat, e)
		validateFHIR(t, "Consent", out)
		back, err := ImportFHIR(out, cat)
		if err != nil {
			t.Fatalf("import %s: %v", e.ID, err)
		}
		if !reflect.DeepEqual(back, e) {
			t.Errorf("round trip of %s:\n got %+v\nwant %+v", e.ID, back, e)
		}
	}
}

func TestFHIRSchemaCatchesBadOutput(t *testing.T) {
	// The schema check itself must be able to fail.
	inst, _ := jsonschema.UnmarshalJSON(strings.NewReader(`{"resourceType":"Consent","status":"approved","scope":{},"category":[]}`))
	if fhirSchema(t, "Consent").Validate(inst) == nil {
		t.Fatal("schema accepted an unknown status")
	}
}

func TestFHIRBundle(t *testing.T) {
	cat := defaults(t)
	events := ledgerSample(t, cat)
	ix := mustIndex(t, cat, events, nil)
	now := time.Date(2030, 6, 1, 0, 0, 0, 0, time.UTC)
	out, err := ix.ExportPatientFHIR(events[0].PatientID, events, org, now)
	if err != nil {
		t.Fatal(err)
	}
	validateFHIR(t, "Bundle", out)
	var b struct {
		Entry []struct {
			Resource struct {
				ID     string `json:"id"`
				Status string `json:"status"`
			} `json:"resource"`
		} `json:"entry"`
	}
	if err := json.Unmarshal(out, &b); err != nil {
		t.Fatal(err)
	}
	// Oracle: a grant exports active exactly when the index calls it active.
	active := map[string]bool{}
	for _, s := range ix.Status(events[0].PatientID, now) {
		active[s.GrantID] = s.Status == "active"
	}
	for _, en := range b.Entry {
		if want, isGrant := active[en.Resource.ID]; isGrant && (en.Resource.Status == "active") != want {
			t.Errorf("grant %s exported %s", en.Resource.ID, en.Resource.Status)
		}
	}
	back, err := ImportFHIRBundle(out, cat)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, events) {
		t.Errorf("bundle round trip differs")
	}
}

// importCases are malformed Consents built from a valid export; each names
// the JSON path the error must point at. They also seed the fuzzer.
func importCases(t testing.TB, cat *Catalogue) []struct {
	name, path string
	data       []byte
} {
	valid := exportEvent(t, cat, ledgerSample(t, cat)[0])
	edit := func(f func(m map[string]any)) []byte {
		var m map[string]any
		if err := json.Unmarshal(valid, &m); err != nil {
			t.Fatal(err)
		}
		f(m)
		out, _ := json.Marshal(m)
		return out
	}
	prov := func(m map[string]any) map[string]any { return m["provision"].(map[string]any) }
	return []struct {
		name, path string
		data       []byte
	}{
		{"missing patient", "patient", edit(func(m map[string]any) { delete(m, "patient") })},
		{"patient of wrong type", "patient.reference", edit(func(m map[string]any) { m["patient"] = map[string]any{"reference": "Practitioner/x"} })},
		{"status is a number", "$.status", edit(func(m map[string]any) { m["status"] = 5 })},
		{"draft status", "status", edit(func(m map[string]any) { m["status"] = "draft" })},
		{"unknown scope", "scope.coding[0]", edit(func(m map[string]any) {
			m["scope"] = map[string]any{"coding": []any{map[string]any{"system": SysConsentScope, "code": "astrology"}}}
		})},
		{"unknown category code", "provision.code[0].coding[0]", edit(func(m map[string]any) {
			prov(m)["code"].([]any)[0].(map[string]any)["coding"].([]any)[0].(map[string]any)["code"] = "horoscope"
		})},
		{"unknown purpose", "provision.purpose[0].code", edit(func(m map[string]any) {
			prov(m)["purpose"].([]any)[0].(map[string]any)["code"] = "research:unknown"
		})},
		{"basis does not match purpose", "policy", edit(func(m map[string]any) {
			m["policy"].([]any)[1].(map[string]any)["uri"] = GDPRURI + "#art_9-2-j"
		})},
		{"recipient not of the purpose", "provision.actor[0]", edit(func(m map[string]any) {
			prov(m)["actor"].([]any)[0].(map[string]any)["reference"] = map[string]any{"reference": "Organization/city-hospital"}
		})},
		{"bad dateTime", "dateTime", edit(func(m map[string]any) { m["dateTime"] = "yesterday" })},
		{"period end is a number", "$.provision.period.end", edit(func(m map[string]any) { prov(m)["period"].(map[string]any)["end"] = 12 })},
		{"not a Consent", "resourceType", edit(func(m map[string]any) { m["resourceType"] = "Patient" })},
		{"modifier extension", "modifierExtension", edit(func(m map[string]any) { m["modifierExtension"] = []any{map[string]any{"url": "x"}} })},
		{"text hash mismatch", "extension(text-sha256)", edit(func(m map[string]any) {
			for _, x := range m["extension"].([]any) {
				if x.(map[string]any)["url"] == extTextSHA256 {
					x.(map[string]any)["valueString"] = strings.Repeat("ab", 32)
				}
			}
		})},
		{"policy rule contradicts type", "policyRule.coding[0].code", edit(func(m map[string]any) {
			m["policyRule"] = map[string]any{"coding": []any{map[string]any{"system": SysActCode, "code": "OPTOUT"}}}
		})},
		{"deny nested twice", "provision.provision[0]", edit(func(m map[string]any) {
			sub := prov(m)["provision"].([]any)[0].(map[string]any)
			sub["provision"] = []any{map[string]any{"type": "deny"}}
		})},
		{"truncated JSON", "line 1", valid[:len(valid)/2]},
		{"array instead of object", "$", []byte(`[]`)},
		{"empty input", "line 1", nil},
	}
}

func TestFHIRImportRefusesMalformed(t *testing.T) {
	cat := defaults(t)
	for _, c := range importCases(t, cat) {
		e, err := ImportFHIR(c.data, cat)
		var ve *ValidationError
		if !errors.As(err, &ve) || !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: got %v (event %+v), want a validation error", c.name, err, e)
			continue
		}
		if !reflect.DeepEqual(e, Event{}) {
			t.Errorf("%s: returned a partial event", c.name)
		}
		found := false
		for _, f := range ve.Fields {
			found = found || strings.HasPrefix(f.Field, c.path)
		}
		if !found {
			t.Errorf("%s: error %v does not name %s", c.name, err, c.path)
		}
		if strings.Contains(err.Error(), "Synthetic Guardian") {
			t.Errorf("%s: error leaks the representative's name", c.name)
		}
	}
}

func TestFHIRBundleIsAllOrNothing(t *testing.T) {
	cat := defaults(t)
	events := ledgerSample(t, cat)
	ix := mustIndex(t, cat, events, nil)
	out, err := ix.ExportPatientFHIR(events[0].PatientID, events, org, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	bad := bytes.Replace(out, []byte(`"Patient/`), []byte(`"Group/`), 1)
	got, err := ImportFHIRBundle(bad, cat)
	if got != nil || err == nil || !strings.Contains(err.Error(), "entry[0].resource.patient") {
		t.Errorf("got %d events, err %v", len(got), err)
	}
}

func FuzzImportFHIR(f *testing.F) {
	cat := defaults(f)
	for _, e := range ledgerSample(f, cat) {
		f.Add(exportEvent(f, cat, e))
	}
	for _, c := range importCases(f, cat) {
		f.Add(c.data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := ImportFHIR(data, cat)
		if err != nil {
			if !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrNotFound) {
				t.Fatalf("error outside the contract: %v", err)
			}
			return
		}
		if err := cat.CheckEvent(e); err != nil {
			t.Fatalf("imported an invalid event: %v", err)
		}
		again, err := ImportFHIR(exportEvent(t, cat, e), cat)
		if err != nil || !reflect.DeepEqual(again, e) {
			t.Fatalf("re-export does not round-trip: %v", err)
		}
	})
}
