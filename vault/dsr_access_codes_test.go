package vault

import (
	"bytes"
	"encoding/json"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"filippo.io/age"

	"custodia/consent"
)

// accessReportOf builds an access package of the fixture's patient and
// reads its report.json back (the codes survive the JSON round trip).
func accessReportOf(t *testing.T, f *dsrFixture) consent.AccessReport {
	t.Helper()
	r := f.request(t, f.admin, consent.ReqAccess, true)
	id, err := age.GenerateX25519Identity()
	must(t, err)
	var buf bytes.Buffer
	must(t, f.admin.AccessPackage(f.p.ID, r.ID, &buf, AccessRecipient{X25519: id.Recipient().String(), Pages: readerPages()}))
	var report consent.AccessReport
	must(t, json.Unmarshal(openPackage(t, buf.Bytes(), id)[AccessFileJSON], &report))
	return report
}

func sectionOf(t *testing.T, r consent.AccessReport, kind consent.SectionKind) consent.RecordSection {
	t.Helper()
	i := slices.IndexFunc(r.Sections, func(s consent.RecordSection) bool { return s.Kind == kind })
	if i < 0 {
		t.Fatalf("no %s section among %d", kind, len(r.Sections))
	}
	s := r.Sections[i]
	if len(s.Codes) != len(s.Rows) {
		t.Fatalf("%s: %d codes for %d rows", kind, len(s.Codes), len(s.Rows))
	}
	return s
}

// The identity and clinical sections name every patient column exactly
// once, in the vault's column order, and the restriction row carries the
// flag as a bool; every code matches its row.
func TestRecordSectionsCarryColumnCodes(t *testing.T) {
	for _, restricted := range []bool{false, true} {
		p := fakePatient(rand.New(rand.NewPCG(3, 3)), 3)
		p.Restricted = restricted
		secs := patientSections(p)
		var fields []string
		for _, s := range secs {
			if len(s.Codes) != len(s.Rows) {
				t.Fatalf("%s: %d codes for %d rows", s.Kind, len(s.Codes), len(s.Rows))
			}
			for i, c := range s.Codes {
				if c.Field == consent.FieldRestricted {
					if s.Kind != consent.SectionIdentity || c.Restricted != restricted {
						t.Errorf("restricted row in %s: %+v, want %v", s.Kind, c, restricted)
					}
					continue
				}
				fields = append(fields, c.Field)
				if s.Rows[i][0] != fieldLabels[c.Field] {
					t.Errorf("row %q carries code %s", s.Rows[i][0], c.Field)
				}
				if want := consent.SectionIdentity; clinicalColumn(c.Field) {
					want = consent.SectionClinical
					if s.Kind != want {
						t.Errorf("%s in %s, want %s", c.Field, s.Kind, want)
					}
				} else if s.Kind != want {
					t.Errorf("%s in %s, want %s", c.Field, s.Kind, want)
				}
			}
		}
		if !slices.Equal(fields, patientColumns) {
			t.Errorf("row codes %v, want every column %v", fields, patientColumns)
		}
	}
}

// Encounters carry date and kind code, observations date, LOINC code and
// UCUM unit, and the row's value ends in the unit as stored.
func TestClinicalSectionCodes(t *testing.T) {
	f := newDSRFixture(t)
	var encs []Encounter
	for i, k := range EncounterKinds() {
		e := sampleEncounter(f.p.ID)
		e.Kind, e.Date = k, day(2024, 3, 2+i)
		out, err := f.admin.AddEncounter(e)
		must(t, err)
		encs = append(encs, out)
	}
	obs := []Observation{
		{PatientID: f.p.ID, Date: day(2024, 4, 1), Code: "8480-6", Value: "128", Unit: "mm[Hg]"},
		{PatientID: f.p.ID, Date: day(2024, 4, 2), Code: "8310-5", Value: "37.2", Unit: "Cel"},
		sampleObservation(f.p.ID),
	}
	for _, o := range obs {
		_, err := f.admin.AddObservation(o)
		must(t, err)
	}
	report := accessReportOf(t, f)
	enc := sectionOf(t, report, consent.SectionEncounters)
	var kinds []string
	for _, c := range enc.Codes {
		if c.Field != consent.FieldEncounter {
			t.Errorf("encounter row code %+v", c)
		}
		kinds = append(kinds, c.Kind)
		i := slices.IndexFunc(encs, func(e Encounter) bool { return string(e.Kind) == c.Kind })
		if i < 0 || !c.Date.Equal(encs[i].Date) {
			t.Errorf("encounter %s dated %v", c.Kind, c.Date)
		}
	}
	for _, k := range EncounterKinds() {
		if !slices.Contains(kinds, string(k)) {
			t.Errorf("no encounter row of kind %s: %v", k, kinds)
		}
	}
	ob := sectionOf(t, report, consent.SectionObservations)
	if len(ob.Codes) != len(obs) {
		t.Fatalf("%d observation rows, want %d", len(ob.Codes), len(obs))
	}
	for i, c := range ob.Codes {
		j := slices.IndexFunc(obs, func(o Observation) bool { return o.Code == c.LOINC })
		if j < 0 || c.Field != consent.FieldObservation || c.Unit != obs[j].Unit || !c.Date.Equal(obs[j].Date) {
			t.Errorf("observation row code %+v", c)
			continue
		}
		if want := obs[j].Value + " " + obs[j].Unit; ob.Rows[i][1] != want {
			t.Errorf("observation value %q, want %q", ob.Rows[i][1], want)
		}
	}
}

// History rows carry the field and until when the old value held.
func TestHistorySectionCodes(t *testing.T) {
	f := newDSRFixture(t)
	r := f.request(t, f.admin, consent.ReqRectification, true)
	fixed := f.p
	fixed.FamilyName, fixed.Phone = "Correctedzyx", "+99 555 1234567"
	_, err := f.admin.Rectify(f.p.ID, fixed, r.ID)
	must(t, err)
	hist, err := f.admin.PatientHistory(f.p.ID)
	must(t, err)
	sec := sectionOf(t, accessReportOf(t, f), consent.SectionHistory)
	if len(sec.Codes) != len(hist) {
		t.Fatalf("%d history rows, want %d", len(sec.Codes), len(hist))
	}
	for i, h := range hist {
		c := sec.Codes[i]
		if c.Field != h.Field || !c.Date.Equal(h.At) || sec.Rows[i][1] != h.OldValue {
			t.Errorf("history row %d: %+v for %s at %v", i, c, h.Field, h.At)
		}
	}
}

// After an erasure the section carries the erasure date, and each row the
// field code (without the row id) and the action the erasure took.
func TestErasedSectionCodes(t *testing.T) {
	f := newDSRFixture(t)
	e, err := f.admin.AddEncounter(sampleEncounter(f.p.ID))
	must(t, err)
	o, err := f.admin.AddObservation(Observation{PatientID: f.p.ID, Date: day(2024, 4, 1), Code: "8480-6", Value: "128", Unit: "mm[Hg]"})
	must(t, err)
	r := f.request(t, f.admin, consent.ReqErasure, true)
	plan := f.approvedPlan(t, r, nil)
	for i := range plan.Items {
		if plan.Items[i].Category == consent.RecClinical {
			plan.Items[i].Action, plan.Items[i].Basis, plan.Items[i].KeepUntil = consent.ActKeep, "b", time.Now().AddDate(10, 0, 0)
		}
	}
	_, err = f.admin.ExecuteErasure(plan)
	must(t, err)
	er, err := f.admin.ErasedRecord(f.p.ID)
	must(t, err)
	sec := sectionOf(t, accessReportOf(t, f), consent.SectionErased)
	if !sec.Date.Equal(er.ErasedAt) || sec.Date.IsZero() {
		t.Errorf("erased section dated %v, erasure %v", sec.Date, er.ErasedAt)
	}
	if len(sec.Codes) != len(er.Fields) {
		t.Fatalf("%d erased rows, want %d", len(sec.Codes), len(er.Fields))
	}
	var actions []consent.Action
	for i, fl := range er.Fields {
		c := sec.Codes[i]
		if c.Action != fl.Action || c.Field != fieldCode(fl.Field) || sec.Rows[i][1] != fl.Value {
			t.Errorf("erased row %d: %+v for %s (%s)", i, c, fl.Field, fl.Action)
		}
		actions = append(actions, c.Action)
	}
	if !slices.Contains(actions, consent.ActKeep) || !slices.Contains(actions, consent.ActAnonymise) {
		t.Errorf("erased rows' actions %v lack keep or anonymise", actions)
	}
	i := slices.IndexFunc(sec.Codes, func(c consent.RowCode) bool { return c.Field == consent.FieldEncounter })
	if i < 0 {
		t.Fatalf("the kept encounter %s has no encounter row code", e.ID)
	}
	if it := sec.Codes[i].Item; it == nil || it.Kind != string(e.Kind) || !it.Date.Equal(e.Date) || it.Text != diagnosesText(e) {
		t.Errorf("kept encounter item %+v, want %s on %v: %q", it, e.Kind, e.Date, diagnosesText(e))
	}
	i = slices.IndexFunc(sec.Codes, func(c consent.RowCode) bool { return c.Field == consent.FieldObservation })
	if i < 0 {
		t.Fatal("the kept observation has no observation row code")
	}
	if it := sec.Codes[i].Item; it == nil || it.LOINC != o.Code || it.Unit != o.Unit || it.Text != o.Value || !it.Date.Equal(o.Date) {
		t.Errorf("kept observation item %+v, want %+v", it, o)
	}
}

// What String writes for an encounter or observation reads back as its
// parts, for every kind, labelled and unlabelled LOINC codes, units with
// brackets or none, and diagnosis texts holding ": " and "; "; a text
// String did not write is refused.
func TestStoredItemsReadBack(t *testing.T) {
	for i, k := range EncounterKinds() {
		e := Encounter{Date: day(2020+i, time.Month(1+i), 3), Kind: k, Diagnoses: []Diagnosis{{Code: "E11.9", Text: "note: odd; text"}, {Code: "I10"}}}
		d, kind, diag, ok := parseEncounterString(e.String())
		if !ok || !d.Equal(e.Date) || kind != k || diag != diagnosesText(e) {
			t.Errorf("%s: read back %v %s %q %v", e.String(), d, kind, diag, ok)
		}
	}
	codes := append(slices.Sorted(maps.Keys(loincLabels)), "1234-5")
	for i, c := range codes {
		for _, unit := range []string{"kg", "mm[Hg]", "mL/min/{1.73_m2}", ""} {
			o := Observation{Date: day(2024, time.Month(1+i%12), 1+i), Code: c, Value: "-12.5", Unit: unit}
			got, ok := parseObservationString(o.String())
			if !ok || !got.Date.Equal(o.Date) || got.Code != c || got.Value != o.Value || got.Unit != unit {
				t.Errorf("%q: read back %+v %v", o.String(), got, ok)
			}
		}
	}
	for _, s := range []string{"", "2024-03-02", "2024-03-02 Walk-in: E11.9", "2024-13-02 Visit: I10", "Visit: I10",
		"2024-03-02 Body weight (29463-7): heavy kg", "2024-03-02 Body weight (29463-7) 80 kg", "2024-03-02 Weight (29463-7): 80 kg"} {
		if _, _, _, ok := parseEncounterString(s); ok {
			t.Errorf("encounter read from %q", s)
		}
		if o, ok := parseObservationString(s); ok {
			t.Errorf("observation %+v read from %q", o, s)
		}
	}
}
