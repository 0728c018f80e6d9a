package fhirimport_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"custodia/vault"
	"custodia/vault/fhirimport"
)

// The bundle below imitates a Synthea transaction bundle: urn:uuid
// fullUrls, request entries, SNOMED-coded conditions pointing at their
// encounter, LOINC observations with valueQuantity, a blood-pressure panel
// with components, and resource types the vault does not hold. The people
// are synthetic.
type res = map[string]any

func ref(id string) res { return res{"reference": "urn:uuid:" + id} }

func entry(id string, r res) res {
	r["id"] = id
	return res{"fullUrl": "urn:uuid:" + id, "resource": r, "request": res{"method": "POST", "url": r["resourceType"]}}
}

func snomed(code, display string) res {
	return res{"coding": []res{{"system": "http://snomed.info/sct", "code": code, "display": display}}, "text": display}
}

func loinc(code, display string) res {
	return res{"coding": []res{{"system": "http://loinc.org", "code": code, "display": display}}, "text": display}
}

func qty(v any, unit string) res {
	return res{"value": v, "unit": unit, "system": "http://unitsofmeasure.org", "code": unit}
}

func patient(id, given, family, mrn string) res {
	return entry(id, res{"resourceType": "Patient",
		"identifier": []res{
			{"system": "https://github.com/synthetichealth/synthea", "value": id},
			{"type": res{"coding": []res{{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "MR"}}}, "system": "http://hospital.smarthealthit.org", "value": mrn},
			{"type": res{"coding": []res{{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "SS"}}}, "system": "http://hl7.org/fhir/sid/us-ssn", "value": "999-41-7777"},
		},
		"name":      []res{{"use": "official", "family": family, "given": []string{given}, "prefix": []string{"Mrs."}}},
		"telecom":   []res{{"system": "phone", "value": "555-201-7788", "use": "home"}},
		"gender":    "female",
		"birthDate": "1961-07-14",
		"address":   []res{{"line": []string{"742 Qwzzle Lane"}, "city": "Springfield", "state": "MA", "postalCode": "01103"}},
	})
}

func synthea() res {
	p1, p2 := "b1a1c9e2-0001-4d7e-9a1b-000000000001", "b1a1c9e2-0002-4d7e-9a1b-000000000002"
	e1, e2, e3 := "e0000000-0000-4000-8000-000000000001", "e0000000-0000-4000-8000-000000000002", "e0000000-0000-4000-8000-000000000003"
	return res{"resourceType": "Bundle", "type": "transaction", "entry": []res{
		patient(p1, "Zyxqorna", "Vexthulson", "MRN-ZQ-1"),
		patient(p2, "Krinmab", "Plixwuzer", "MRN-ZQ-2"),
		entry("org-1", res{"resourceType": "Organization", "name": "Synthetic Clinic"}),
		entry(e1, res{"resourceType": "Encounter", "status": "finished", "class": res{"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "AMB"},
			"type": []res{snomed("185345009", "Encounter for symptom")}, "subject": ref(p1), "period": res{"start": "2023-01-17T09:15:00-05:00", "end": "2023-01-17T09:30:00-05:00"}}),
		entry(e2, res{"resourceType": "Encounter", "status": "finished", "class": res{"code": "VR"},
			"type": []res{snomed("185345009", "Encounter for check up")}, "subject": ref(p1), "period": res{"start": "2024-02-02T10:00:00Z"}}),
		entry(e3, res{"resourceType": "Encounter", "status": "finished", "class": res{"code": "AMB"}, // a check-up without diagnosis
			"type": []res{snomed("410620009", "Well child visit")}, "subject": ref(p2), "period": res{"start": "2024-05-05T08:00:00Z"}}),
		entry("c1", res{"resourceType": "Condition", "code": snomed("44054006", "Diabetes mellitus type 2 (disorder)"), "subject": ref(p1), "encounter": ref(e1), "onsetDateTime": "2023-01-17T09:15:00-05:00"}),
		entry("c2", res{"resourceType": "Condition", "code": res{"coding": []res{{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "I10", "display": "Essential hypertension"}}},
			"subject": ref(p1), "encounter": ref(e1)}),
		entry("c3", res{"resourceType": "Condition", "code": snomed("160903007", "Full-time employment (finding)"), "subject": ref(p1), "encounter": ref(e2)}),
		entry("c4", res{"resourceType": "Condition", "code": snomed("195662009", "Acute viral pharyngitis (disorder)"), "subject": ref(p1), "encounter": ref(e2)}),
		entry("c5", res{"resourceType": "Condition", "code": snomed("38341003", "Hypertension"), "subject": ref(p2), "recordedDate": "2022-11-03"}),
		entry("o1", res{"resourceType": "Observation", "status": "final", "category": []res{{"coding": []res{{"code": "vital-signs"}}}},
			"code": loinc("29463-7", "Body Weight"), "subject": ref(p1), "encounter": ref(e1), "effectiveDateTime": "2023-01-17T09:15:00-05:00", "valueQuantity": qty(json.Number("82.8"), "kg")}),
		entry("o2", res{"resourceType": "Observation", "code": loinc("85354-9", "Blood pressure panel"), "subject": ref(p1), "encounter": ref(e1), "effectiveDateTime": "2023-01-17T09:15:00-05:00",
			"component": []res{{"code": loinc("8462-4", "Diastolic Blood Pressure"), "valueQuantity": qty(84, "mm[Hg]")}, {"code": loinc("8480-6", "Systolic Blood Pressure"), "valueQuantity": qty(131, "mm[Hg]")}}}),
		entry("o3", res{"resourceType": "Observation", "code": loinc("72166-2", "Tobacco smoking status"), "subject": ref(p1), "effectiveDateTime": "2023-01-17",
			"valueCodeableConcept": snomed("266919005", "Never smoked tobacco")}),
		entry("o4", res{"resourceType": "Observation", "code": loinc("4548-4", "Hemoglobin A1c"), "subject": ref(p2), "encounter": ref(e3), "effectiveDateTime": "2024-05-05T08:00:00Z", "valueQuantity": qty(json.Number("6.123456789"), "%")}),
		entry("claim-1", res{"resourceType": "Claim", "patient": ref(p1)}),
		entry("eob-1", res{"resourceType": "ExplanationOfBenefit", "patient": ref(p1)}),
	}}
}

func encode(t testing.TB, b res) []byte {
	t.Helper()
	data, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestImportSyntheaBundle(t *testing.T) {
	_, s := vault.NewTestVault(t)
	res, err := fhirimport.Import(s, bytes.NewReader(encode(t, synthea())), fhirimport.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Records) != 2 || res.Skipped["Claim"] != 1 || res.Skipped["ExplanationOfBenefit"] != 1 || res.Skipped["Organization"] != 1 {
		t.Fatalf("records %d skipped %v", len(res.Records), res.Skipped)
	}
	refused := map[string]bool{}
	for _, p := range res.Refused {
		refused[p.Path] = true
	}
	if len(refused) != 2 || !refused["entry[8].resource.code"] || !refused["entry[13].resource"] {
		t.Errorf("refused: %+v", res.Refused)
	}
	a := res.Records[0]
	p, err := s.GetPatient(a.Patient.ID)
	if err != nil {
		t.Fatal(err)
	}
	if p.GivenName != "Zyxqorna" || p.FamilyName != "Vexthulson" || p.MRN != "MRN-ZQ-1" || p.InsuranceNumber != "" || p.Postcode != "01103" ||
		p.Address != "742 Qwzzle Lane, Springfield" || p.Phone != "555-201-7788" || p.Sex != "female" || p.BirthDate.Format("2006-01-02") != "1961-07-14" {
		t.Errorf("patient: %+v", p)
	}
	encs, err := s.Encounters(p.ID)
	if err != nil {
		t.Fatal(err)
	}
	got := []string{}
	for _, e := range encs {
		got = append(got, fmt.Sprintf("%s %s %s", e.Date.Format("2006-01-02"), e.Kind, e.DiagnosisCodes()))
	}
	if strings.Join(got, " | ") != "2023-01-17 visit E11.9, I10 | 2024-02-02 video J02.9" {
		t.Errorf("encounters: %v", got)
	}
	obs, err := s.Observations(p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(obs) != 3 || obs[0].EncounterID != encs[0].ID {
		t.Fatalf("observations: %+v", obs)
	}
	values := map[string]string{}
	for _, o := range obs {
		values[o.Code] = o.Value + " " + o.Unit
	}
	if values["29463-7"] != "82.8 kg" || values["8480-6"] != "131 mm[Hg]" || values["8462-4"] != "84 mm[Hg]" {
		t.Errorf("values: %v", values)
	}
	b := res.Records[1]
	encs, _ = s.Encounters(b.Patient.ID)
	obs, _ = s.Observations(b.Patient.ID)
	if len(encs) != 1 || encs[0].DiagnosisCodes() != "I10" || encs[0].Date.Format("2006-01-02") != "2022-11-03" ||
		len(obs) != 1 || obs[0].Value != "6.123457" || obs[0].EncounterID != "" {
		t.Errorf("second patient: %+v %+v", encs, obs)
	}

	// Strict: the refusals become errors and nothing more is stored.
	_, err = fhirimport.Import(s, bytes.NewReader(encode(t, synthea())), fhirimport.Options{Strict: true})
	var fe *fhirimport.Error
	if !errors.As(err, &fe) || len(fe.Problems) != 2 {
		t.Errorf("strict: %v", err)
	}
	// The same bundle again: the MRNs clash, named by path; nothing stored.
	_, err = fhirimport.Import(s, bytes.NewReader(encode(t, synthea())), fhirimport.Options{})
	if !errors.As(err, &fe) || fe.Problems[0].Path != "entry[0].resource.identifier" {
		t.Errorf("second import: %v", err)
	}
	if n, _ := s.CountPatients(); n != 2 {
		t.Errorf("%d patients after refused imports", n)
	}
}

// mutate returns the Synthea bundle with one change.
func mutate(f func(b res)) res {
	b := synthea()
	f(b)
	return b
}

func entries(b res) []res { return b["entry"].([]res) }

func resource(b res, i int) res { return entries(b)[i]["resource"].(res) }

func TestImportMalformedBundles(t *testing.T) {
	cases := []struct {
		name string
		data []byte
		path string
	}{
		{"not json", []byte(`{"resourceType": "Bundle", "entry": [`), "$"},
		{"not a bundle", []byte(`{"resourceType": "Patient"}`), "$.resourceType"},
		{"history bundle", encode(t, mutate(func(b res) { b["type"] = "history" })), "$.type"},
		{"entry without resource", encode(t, mutate(func(b res) { delete(entries(b)[3], "resource") })), "entry[3].resource"},
		{"partial birth date", encode(t, mutate(func(b res) { resource(b, 1)["birthDate"] = "1961-07" })), "entry[1].resource.birthDate"},
		{"birth date as number", encode(t, mutate(func(b res) { resource(b, 1)["birthDate"] = 1961 })), "entry[1].resource.birthDate"},
		{"no name", encode(t, mutate(func(b res) { delete(resource(b, 0), "name") })), "entry[0].resource.name"},
		{"unknown gender", encode(t, mutate(func(b res) { resource(b, 0)["gender"] = "f" })), "entry[0].resource.gender"},
		{"dangling subject", encode(t, mutate(func(b res) { resource(b, 11)["subject"] = ref("nobody") })), "entry[11].resource.subject.reference"},
		{"subject is not a patient", encode(t, mutate(func(b res) { resource(b, 11)["subject"] = ref("e0000000-0000-4000-8000-000000000001") })), "entry[11].resource.subject.reference"},
		{"encounter of another patient", encode(t, mutate(func(b res) { resource(b, 10)["encounter"] = ref("e0000000-0000-4000-8000-000000000001") })), "entry[10].resource.encounter.reference"},
		{"bad ICD-10", encode(t, mutate(func(b res) {
			resource(b, 7)["code"] = res{"coding": []res{{"system": "http://hl7.org/fhir/sid/icd-10", "code": "hypertension"}}}
		})), "entry[7].resource.code.coding[0].code"},
		{"value as text", encode(t, mutate(func(b res) { resource(b, 11)["valueQuantity"] = res{"value": "82.8", "unit": "kg"} })), "entry[11].resource.valueQuantity.value"},
		{"no period", encode(t, mutate(func(b res) { delete(resource(b, 3), "period") })), "entry[3].resource.period.start"},
		{"future encounter", encode(t, mutate(func(b res) { resource(b, 3)["period"] = res{"start": "2999-01-01"} })), "entry[3].resource.period.start"},
		{"duplicate fullUrl", encode(t, mutate(func(b res) { entries(b)[2]["fullUrl"] = entries(b)[0]["fullUrl"] })), "entry[2].fullUrl"},
		{"no patient", encode(t, res{"resourceType": "Bundle", "type": "collection", "entry": []res{entry("org", res{"resourceType": "Organization"})}}), "$.entry"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, s := vault.NewTestVault(t)
			_, err := fhirimport.Import(s, bytes.NewReader(c.data), fhirimport.Options{})
			var fe *fhirimport.Error
			if !errors.As(err, &fe) || !errors.Is(err, fhirimport.ErrInvalid) {
				t.Fatalf("err = %v", err)
			}
			paths := []string{}
			for _, p := range fe.Problems {
				paths = append(paths, p.Path)
			}
			if paths[0] != c.path {
				t.Errorf("paths %v, want first %s", paths, c.path)
			}
			for _, p := range fe.Problems {
				if !knownRule(p.Rule) {
					t.Errorf("%s: rule %q is no code of fhirimport or the vault", p, p.Rule)
				}
			}
			for _, secret := range []string{"Zyxqorna", "Vexthulson", "1961", "82.8", "999-41"} {
				if strings.Contains(err.Error(), secret) {
					t.Errorf("error repeats a value from the file: %v", err)
				}
			}
			if n, _ := s.CountPatients(); n != 0 {
				t.Errorf("%d patients stored from a malformed bundle", n)
			}
		})
	}
}

// knownRule reports whether r is a code the front ends word: one of
// fhirimport's or one of the vault's that passes through.
func knownRule(r fhirimport.Rule) bool {
	return slices.Contains(fhirimport.Rules(), r) || slices.Contains(vault.FieldRules(), vault.FieldRule(r))
}

func FuzzParse(f *testing.F) {
	f.Add(encode(f, synthea()))
	f.Add([]byte(`{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Patient"}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := fhirimport.Parse(bytes.NewReader(data), fhirimport.Options{})
		var fe *fhirimport.Error
		if errors.As(err, &fe) {
			for _, p := range fe.Problems {
				if !knownRule(p.Rule) {
					t.Fatalf("%s: uncoded problem (rule %q)", p, p.Rule)
				}
			}
		}
		if err == nil {
			for _, r := range res.Records {
				if err := r.Patient.Validate(); err != nil {
					t.Fatalf("accepted an invalid patient: %v", err)
				}
			}
		}
	})
}
